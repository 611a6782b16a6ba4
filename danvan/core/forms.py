"""Sign-in and one-time-code forms, and the date field every app's forms use."""

from __future__ import annotations

from typing import Any

import pyotp
from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from danvan.core import ratelimit
from danvan.core.params import parse_int

INTEGER_PKS = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField"}


class LoginForm(AuthenticationForm):
    """Sign in with user name and password."""

    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: sau 5 lần sai, tài khoản bị tạm khóa 15 phút."
        ),
        "inactive": _("Tài khoản này đã bị khóa."),
    }


class TotpForm(forms.Form):
    """Check a 6-digit code from an authenticator app (one step of clock drift allowed)."""

    code = forms.CharField(
        label=_("Mã xác thực 6 số"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True}),
    )

    def __init__(self, secret: str, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.secret = secret

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip()
        if not self.secret or not pyotp.TOTP(self.secret).verify(code, valid_window=1):
            raise forms.ValidationError(_("Mã không đúng hoặc đã hết hạn."))
        return code


DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


def date_field(label: Any = None, *, required: bool = True, **kwargs: Any) -> forms.DateField:
    """Return a date field with the browser's date picker that also accepts dd/mm/yyyy typed by hand."""
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


class LimitedPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending at most a few e-mails to one account whoever asks.

    An account over its limit is skipped silently: the page answers the same whether or not a mail went out,
    as it does for an unknown address, so the form tells nobody which addresses have accounts.
    """

    def get_users(self, email: str) -> Any:
        for user in super().get_users(email):
            if ratelimit.password_reset_for_account(user).allowed:
                yield user


class BoundedModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Pick several objects by id; an id no database can hold is "not a valid value", not an OverflowError.

    Django guards `pk=<huge>` but not `pk__in=[<huge>]`, which SQLite refuses with OverflowError.
    """

    def _check_values(self, value: Any) -> Any:
        key = self.to_field_name or "pk"
        if key == "pk" and self.queryset.model._meta.pk.get_internal_type() in INTEGER_PKS:
            for pk in value:
                if parse_int(pk, minimum=0) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": str(pk)[:30]}
                    )
        return super()._check_values(value)
