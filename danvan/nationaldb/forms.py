"""The export form: which books, which period, which format, and whether identities go with it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.params import MAX_YEAR, MIN_YEAR
from danvan.core.scoping import scope_filter
from danvan.nationaldb.services import PERM
from danvan.org.choices import OrgKind
from danvan.org.models import Organisation


class ExportForm(forms.Form):
    """Choose the organisation, the period (dates inclusive), the format; the competent authority's choice."""

    organisation = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Organisation.objects.none())
    aggregate = forms.BooleanField(label=_("Tổng hợp cả các trường trực thuộc (chỉ với Sở)"), required=False)
    start = forms.DateField(label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}))
    fmt = forms.ChoiceField(label=_("Định dạng"), choices=[("json", "JSON"), ("xlsx", "XLSX (Excel)")], initial="json")
    include_identities = forms.BooleanField(
        label=_("Xuất kèm danh tính người tố cáo (chỉ khi cung cấp cho cơ quan có thẩm quyền)"),
        required=False,
        help_text=_(
            "Luật Tố cáo 2018 Điều 47: danh tính người tố cáo được giữ bí mật; việc xuất kèm danh tính "
            "được ghi vào nhật ký, cùng mục đích bạn ghi dưới đây."
        ),
    )
    purpose = forms.CharField(
        label=_("Mục đích, văn bản yêu cầu"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = Organisation.objects.filter(
            scope_filter(user, PERM, ""), kind__in=[OrgKind.SCHOOL, OrgKind.DEPARTMENT]
        ).order_by("kind", "name")
        self.fields["organisation"].queryset = orgs
        if orgs.count() == 1:
            self.fields["organisation"].initial = orgs.first()
        today = timezone.localdate()
        self.fields["start"].initial = dt.date(today.year, 1, 1)
        self.fields["end"].initial = today

    def _clean_day(self, name: str) -> dt.date:
        day = self.cleaned_data.get(name)
        if day is not None and not MIN_YEAR <= day.year <= MAX_YEAR:
            raise ValidationError(_("Chọn ngày trong các năm %(a)d – %(b)d.") % {"a": MIN_YEAR, "b": MAX_YEAR})
        return day

    def clean_start(self) -> dt.date:
        return self._clean_day("start")

    def clean_end(self) -> dt.date:
        return self._clean_day("end")
