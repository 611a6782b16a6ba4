"""Template filters of the plans pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext_lazy

from danvan.lib.dates import as_date
from danvan.plans.parsing import Confidence, FieldNote, Reason

register = template.Library()


@register.filter
def dmy(value: Any) -> str:
    """Return a date, or a parser's ISO date string ("2020-09-30"), as dd/mm/yyyy; other text unchanged."""
    if value in (None, ""):
        return ""
    day = as_date(value)
    return f"{day:%d/%m/%Y}" if day is not None else str(value)


# What the preview says of a parsed field (FieldNote): how sure the parser is, and why.
CONFIDENCE_LABELS = {
    Confidence.HIGH: gettext_lazy("chắc chắn"),
    Confidence.MEDIUM: gettext_lazy("cần kiểm tra"),
    Confidence.LOW: gettext_lazy("chưa chắc"),
}
REASON_LABELS = {
    Reason.LABELLED: gettext_lazy("đọc từ dòng có nhãn rõ ràng"),
    Reason.HEADER_BLOCK: gettext_lazy("đọc từ phần đầu văn bản"),
    Reason.TITLE: gettext_lazy("đọc từ dòng tiêu đề, không có dòng “Số:”/ngày riêng"),
    Reason.STATED_IN_TITLE: gettext_lazy("ghi trong tiêu đề"),
    Reason.GIVEN: gettext_lazy("do người dùng nhập"),
    Reason.FROM_DATE: gettext_lazy("suy ra từ ngày ban hành"),
    Reason.FROM_BODY: gettext_lazy("suy đoán từ một câu trong thân văn bản"),
    Reason.SIGNATURE: gettext_lazy("đọc từ phần chữ ký"),
    Reason.NAME_ONLY: gettext_lazy("có tên người ký nhưng không có dòng chức vụ phía trên"),
    Reason.COLUMN_GUESSED: gettext_lazy("bảng không có dòng tiêu đề cột: cột được đoán theo bố cục thường gặp"),
    Reason.FROM_HEADING: gettext_lazy("lấy theo thời gian của mục lớn chứa nhiệm vụ"),
    Reason.SEVERAL_CANDIDATES: gettext_lazy("có nhiều khả năng; chương trình không tự chọn"),
    Reason.BEST_GUESS: gettext_lazy("khả năng cao nhất, nhưng văn bản không ghi rõ"),
    Reason.NOT_UNDERSTOOD: gettext_lazy("không đổi được thành ngày tháng"),
    Reason.BLANK: gettext_lazy("văn bản để trống"),
    Reason.ABSENT: gettext_lazy("không tìm thấy trong văn bản; để trống"),
}


@register.filter
def confidence_label(note: FieldNote | None) -> str:
    """Return how sure the parser is of a field, in words."""
    return str(CONFIDENCE_LABELS[note.confidence]) if note is not None else ""


@register.filter
def reason_label(note: FieldNote | None) -> str:
    """Return why the parser is as sure as it is of a field, in words."""
    return str(REASON_LABELS[note.reason]) if note is not None else ""
