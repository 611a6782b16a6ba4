"""Forms for organisations and staff lists."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danvan.core.uploads import validate_upload
from danvan.org.choices import SchoolLevel
from danvan.org.services import managing_body_choices


class StaffUploadForm(forms.Form):
    """Upload a staff list in Excel format."""

    file = forms.FileField(
        label=_("Tệp danh sách cán bộ (.xlsx)"),
        help_text=_("Cột: Họ và tên, Chức vụ, Bộ phận, Email, Điện thoại. Tối đa 10 MB."),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        validate_upload(upload, allowed={"xlsx"})
        return upload


class ManagingBodyForm(forms.Form):
    """A school's level and managing body: who decides its second complaints and denunciations of its head."""

    school_level = forms.ChoiceField(label=_("Cấp học"), required=False)
    managing_body = forms.ModelChoiceField(
        label=_("Cơ quan quản lý trực tiếp"), queryset=None, required=False, empty_label=_("— theo cây tổ chức —")
    )

    def __init__(self, *args: object, school: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["school_level"].choices = [("", "—"), *SchoolLevel.choices]
        self.fields["managing_body"].queryset = managing_body_choices(school)
