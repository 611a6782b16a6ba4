"""Forms of the emulation pages (input parsing only; rules live in services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.forms import BoundedModelMultipleChoiceField, date_field
from danvan.emulation.choices import MAX_SCORE, CampaignKind, ModelKind, ProposalAction, RewardForm, RewardKind


def _text(label: Any, required: bool = False, rows: int = 3) -> forms.CharField:
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}))


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Tên phong trào"), max_length=300)
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    kind = forms.ChoiceField(label=_("Hình thức thi đua"), choices=CampaignKind.choices)
    description = _text(_("Mục tiêu, nội dung"))
    criteria = _text(_("Tiêu chí (mỗi dòng một tiêu chí, chấm 0–10)"), rows=5)
    registration_opens = date_field(_("Đăng ký từ ngày"), required=False)
    registration_closes = date_field(_("Đăng ký đến ngày"), required=False)
    starts_on = date_field(_("Bắt đầu"), required=False)
    ends_on = date_field(_("Kết thúc"), required=False)
    for_subordinates = forms.BooleanField(label=_("Áp dụng cho các đơn vị trực thuộc"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"year": timezone.localdate().year})
        super().__init__(*args, **kwargs)


class ModelForm(forms.Form):
    """The registration fields of a "Dân vận khéo" model."""

    name = forms.CharField(label=_("Tên mô hình"), max_length=300)
    kind = forms.ChoiceField(label=_("Loại"), choices=ModelKind.choices)
    situation = _text(_("Thực trạng, lý do xây dựng"))
    objectives = _text(_("Mục tiêu, chỉ tiêu"))
    content = _text(_("Nội dung, cách làm"))
    area = _text(_("Địa bàn, đối tượng thụ hưởng"), rows=2)
    forces = _text(_("Lực lượng thực hiện, vai trò"), rows=2)
    resources = _text(_("Nguồn lực"), rows=2)
    timeline = _text(_("Thời gian, lộ trình"), rows=2)
    outputs = _text(_("Sản phẩm, kết quả kiểm chứng được"), rows=2)
    sustainability = _text(_("Tính bền vững, khả năng nhân rộng"), rows=2)
    unit = forms.ModelChoiceField(label=_("Bộ phận thực hiện"), queryset=None, required=False)
    people = BoundedModelMultipleChoiceField(label=_("Người thực hiện"), queryset=None, required=False,
                                            widget=forms.SelectMultiple(attrs={"size": 8}))

    def __init__(self, *args: Any, units: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["people"].queryset = staff


class EvaluationForm(forms.Form):
    comment = _text(_("Nhận xét"))

    def __init__(self, *args: Any, criteria: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for i, criterion in enumerate(criteria):
            self.fields[f"c{i}"] = forms.DecimalField(
                label=criterion, min_value=0, max_value=MAX_SCORE, decimal_places=2,
                help_text=_("Từ 0 đến %(max)s điểm.") % {"max": MAX_SCORE},
                error_messages={"max_value": _("Điểm tối đa là %(limit_value)s."),
                                "min_value": _("Điểm không được âm."),
                                "max_decimal_places": _("Chỉ ghi tối đa %(max)s chữ số sau dấu phẩy.")})
        self.order_fields([f"c{i}" for i in range(len(criteria))] + ["comment"])

    def scores(self) -> dict[str, Any]:
        return {criterion: self.cleaned_data[f"c{i}"] for i, criterion in enumerate(self.criteria)}


class ProposalForm(forms.Form):
    kind = forms.ChoiceField(label=_("Đối tượng"), choices=RewardKind.choices)
    person = forms.ModelChoiceField(label=_("Cá nhân"), queryset=None, required=False)
    unit = forms.ModelChoiceField(label=_("Tập thể"), queryset=None, required=False)
    nominee = forms.CharField(label=_("Tên tập thể / cá nhân (nếu khác)"), max_length=300, required=False)
    model = forms.ModelChoiceField(label=_("Mô hình"), queryset=None, required=False)
    form = forms.ChoiceField(label=_("Hình thức khen thưởng"), choices=RewardForm.choices)
    reason = _text(_("Thành tích"), required=True, rows=4)

    def __init__(self, *args: Any, units: Any, staff: Any, models: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["person"].queryset = staff
        self.fields["model"].queryset = models


class DecisionForm(forms.Form):
    action = forms.ChoiceField(choices=ProposalAction.choices)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=100, required=False)
    note = forms.CharField(label=_("Ghi chú, lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
