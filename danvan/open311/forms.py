"""The form creating a partner app's Open311 key."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.scoping import scope_filter
from danvan.open311 import services


class KeyForm(forms.Form):
    """Name the partner app and the school (or Department) its key sends petitions to."""

    organisation = forms.ModelChoiceField(label=_("Đơn vị nhận đơn"), queryset=services.jurisdictions().none())
    name = forms.CharField(
        label=_("Tên ứng dụng đối tác"), max_length=100, help_text=_("Ví dụ: Cổng phản ánh của phường")
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = services.jurisdictions().filter(scope_filter(user, services.MANAGE_PERM, ""))
        self.fields["organisation"].queryset = orgs
        if orgs.count() == 1:
            self.fields["organisation"].initial = orgs.first()
