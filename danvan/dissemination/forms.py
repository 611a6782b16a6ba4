"""Forms of the study-session pages (input parsing only)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.forms import BoundedModelMultipleChoiceField, date_field
from danvan.dissemination.choices import SessionFormat
from danvan.dissemination.services import task_label


class DocumentForm(forms.Form):
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=100, help_text=_("Ví dụ: 23-QĐ/TW, 26/CT-UBND"))
    date = date_field(_("Ngày ban hành"), required=False)
    issuer = forms.CharField(label=_("Cơ quan ban hành"), max_length=255, required=False)
    title = forms.CharField(label=_("Trích yếu"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TaskChoiceField(forms.ModelChoiceField):
    """A plan task, named with its plan and year (two plans' "Tổ chức học tập, quán triệt" read alike otherwise)."""

    def label_from_instance(self, obj: Any) -> str:
        return task_label(obj)


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Tên buổi quán triệt"), max_length=300)
    held_on = date_field(_("Ngày tổ chức"))
    documents = BoundedModelMultipleChoiceField(
        label=_("Văn bản được quán triệt"), queryset=None, widget=forms.CheckboxSelectMultiple
    )
    format = forms.ChoiceField(label=_("Hình thức"), choices=SessionFormat.choices)
    organiser_unit = forms.ModelChoiceField(label=_("Bộ phận tổ chức"), queryset=None, required=False)
    expected_count = forms.IntegerField(
        label=_("Số người dự kiến"),
        min_value=0,
        required=False,
        help_text=_("Để trống: toàn bộ cán bộ, viên chức của đơn vị."),
    )
    task = TaskChoiceField(
        label=_("Nhiệm vụ kế hoạch"),
        queryset=None,
        required=False,
        help_text=_("Nhiệm vụ học tập, quán triệt của kế hoạch đang thực hiện đứng đầu danh sách."),
    )
    minutes = forms.FileField(label=_("Biên bản (PDF, Word, ảnh)"), required=False)
    notes = forms.CharField(label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, documents: Any, units: Any, tasks: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"held_on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        self.fields["documents"].queryset = documents
        self.fields["organiser_unit"].queryset = units
        self.fields["task"].queryset = tasks
