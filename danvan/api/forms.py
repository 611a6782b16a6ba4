"""The form that creates a personal API token."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

LIFETIMES = [(30, _("30 ngày")), (90, _("90 ngày")), (180, _("180 ngày")), (365, _("1 năm"))]


class TokenForm(forms.Form):
    """Name a new token and choose how long it lives."""

    name = forms.CharField(
        label=_("Tên gợi nhớ"),
        max_length=100,
        help_text=_("Dùng để làm gì, ví dụ: Bảng tính tổng hợp đơn thư của văn thư."),
    )
    days = forms.TypedChoiceField(label=_("Thời hạn"), choices=LIFETIMES, coerce=int, initial=90)
