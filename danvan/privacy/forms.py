"""Forms of the data-subject request page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class SubjectSearchForm(forms.Form):
    """Who the request is about: any of name, phone, e-mail (all given must match)."""

    name = forms.CharField(label=_("Họ và tên"), max_length=120, required=False)
    phone = forms.CharField(label=_("Số điện thoại"), max_length=20, required=False)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any((data.get(k) or "").strip() for k in ("name", "phone", "email")):
            raise ValidationError(_("Ghi ít nhất một trong: họ và tên, số điện thoại, thư điện tử của người yêu cầu."))
        return data


class EraseConfirmForm(forms.Form):
    """The explicit confirmation before erasing (it cannot be undone)."""

    confirm = forms.BooleanField(
        label=_("Tôi xác nhận người yêu cầu đã được xác minh là chủ thể dữ liệu và việc xóa không thể hoàn tác"),
        error_messages={"required": _("Đánh dấu ô xác nhận trước khi xóa.")},
    )
