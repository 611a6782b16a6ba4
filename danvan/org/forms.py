"""Forms for organisations and staff lists."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.uploads import validate_upload


class StaffUploadForm(forms.Form):
    """Upload a staff list in Excel format."""

    file = forms.FileField(label=_("Tệp danh sách cán bộ (.xlsx)"),
                           help_text=_("Cột: Họ và tên, Chức vụ, Bộ phận, Email, Điện thoại. Tối đa 10 MB."))

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        validate_upload(upload, allowed={"xlsx"})
        return upload
