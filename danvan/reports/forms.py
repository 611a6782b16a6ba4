"""Forms of the reports pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from danvan.core.uploads import validate_upload
from danvan.reports.choices import ObligationKind, ReportTemplate, Section

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


def _date_field(label: Any, help_text: Any = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=DATE_INPUTS,
        help_text=help_text,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )


class ObligationForm(forms.Form):
    """The kind, data period, due date and template of an obligation (or of a Department campaign)."""

    kind = forms.ChoiceField(label=_("Loại báo cáo"), choices=ObligationKind.choices)
    title = forms.CharField(
        label=_("Trích yếu"),
        max_length=300,
        required=False,
        help_text=_("Để trống: “Kết quả thực hiện công tác dân vận 6 tháng đầu năm …”."),
    )
    period_start = _date_field(_("Số liệu từ ngày"), _("Ví dụ 15/12 năm trước (NĐ 09/2019/NĐ-CP Điều 12)."))
    period_end = _date_field(
        _("Số liệu đến ngày"),
        _("Ví dụ 14/6 (báo cáo 6 tháng) hoặc 14/12 (báo cáo năm); không sau hạn gửi (hạn 10/12 thì đến 30/11)."),
    )
    due = _date_field(_("Hạn gửi"))
    template = forms.ChoiceField(label=_("Mẫu báo cáo"), choices=ReportTemplate.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end, due = data.get("period_start"), data.get("period_end"), data.get("due")
        if start and end and end < start:
            self.add_error("period_end", _("Ngày kết thúc kỳ số liệu phải sau ngày bắt đầu."))
        if end and due and due < end:
            self.add_error("due", _("Hạn gửi không thể trước ngày kết thúc kỳ số liệu."))
        return data


class NarrativeForm(forms.Form):
    """The five narrative sections; `{petitions.received}`-style placeholders are filled from the figures."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in Section.choices:
            self.fields[key] = forms.CharField(
                label=label,
                required=False,
                widget=forms.Textarea(attrs={"rows": 8}),
            )


class ReviewForm(forms.Form):
    """The Department's comment when accepting or returning a report."""

    comment = forms.CharField(label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class PeriodForm(forms.Form):
    """A data period for the Department's aggregate report."""

    start = _date_field(_("Từ ngày"))
    end = _date_field(_("Đến ngày"))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class SignedScanForm(forms.Form):
    """The scan of the signed and stamped paper report, as a PDF (checked by its content)."""

    scan = forms.FileField(
        label=_("Bản ký đã quét (PDF)"), help_text=_("Bản giấy đã ký, đóng dấu, quét thành một tệp PDF.")
    )

    def clean_scan(self) -> Any:
        upload = self.cleaned_data["scan"]
        try:
            validate_upload(upload, allowed={"pdf"})
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None
        return upload
