"""Forms of the calendar pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.workdays import services
from danvan.workdays.choices import Kind, Step


class DeadlineForm(forms.Form):
    """Ask for a procedure step, a triggering date and the case conditions."""

    kind = forms.ChoiceField(label=_("Loại việc"), choices=Kind.choices)
    step = forms.ChoiceField(label=_("Bước"), choices=Step.choices)
    start = forms.CharField(
        label=_("Ngày phát sinh"),
        help_text=_("dd/mm/yyyy – ngày nhận đơn, ngày thụ lý, ngày ra quyết định…"),
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
    complex = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)
    very_complex = forms.BooleanField(label=_("Đặc biệt phức tạp"), required=False)
    remote = forms.BooleanField(label=_("Vùng sâu, vùng xa"), required=False)

    def clean_start(self) -> Any:
        try:
            return services.parse_date(self.cleaned_data["start"])
        except services.WorkdaysError as exc:
            raise forms.ValidationError(exc.message) from exc
