"""Forms of the emulation pages (input parsing only; rules live in services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.forms import BoundedModelMultipleChoiceField, date_field
from danvan.core.params import MAX_YEAR, MIN_YEAR
from danvan.emulation.choices import (
    MAX_SCORE,
    CampaignKind,
    EvaluationPeriod,
    ModelKind,
    ProposalAction,
    RewardForm,
    RewardKind,
    UnitEvaluationAction,
    UnitRating,
)


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
    people = BoundedModelMultipleChoiceField(
        label=_("Người thực hiện"), queryset=None, required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )

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
                label=criterion,
                min_value=0,
                max_value=MAX_SCORE,
                decimal_places=2,
                help_text=_("Từ 0 đến %(max)s điểm.") % {"max": MAX_SCORE},
                error_messages={
                    "max_value": _("Điểm tối đa là %(limit_value)s."),
                    "min_value": _("Điểm không được âm."),
                    "max_decimal_places": _("Chỉ ghi tối đa %(max)s chữ số sau dấu phẩy."),
                },
            )
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


# ====================================================================== unit evaluations

TEXT_MAX = 5000  # a self-assessment paragraph; longer text is refused with the field named


def _long_text(label: Any, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": rows})
    )


class UnitCriteriaForm(forms.Form):
    """The school's criteria, one per line as "name | max points"."""

    criteria = forms.CharField(
        label=_("Tiêu chí (mỗi dòng: tên tiêu chí | điểm tối đa)"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Ví dụ: Tuyên truyền, quán triệt các quy định về công tác dân vận | 20. Phiếu đã chấm giữ "
            "nguyên tiêu chí lúc chấm."
        ),
    )


class UnitEvaluationForm(forms.Form):
    """A unit's self-assessment: one score field per criterion (0 – its maximum), results, shortcomings."""

    year = forms.IntegerField(label=_("Năm"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    period = forms.ChoiceField(label=_("Kỳ đánh giá"), choices=EvaluationPeriod.choices)
    results = _long_text(_("Kết quả nổi bật"), rows=4)
    weaknesses = _long_text(_("Hạn chế, tồn tại"))
    next_steps = _long_text(_("Phương hướng, đề xuất"))
    proposed_rating = forms.ChoiceField(
        label=_("Đơn vị tự xếp loại"), required=False, choices=[("", "—"), *UnitRating.choices]
    )

    def __init__(self, *args: Any, criteria: list[tuple[str, int]], fixed_period: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for i, (name, points) in enumerate(criteria):
            self.fields[f"c{i}"] = forms.DecimalField(
                label=name,
                min_value=0,
                max_value=points,
                decimal_places=2,
                max_digits=5,
                help_text=_("Từ 0 đến %(max)s điểm.") % {"max": points},
                error_messages={
                    "max_value": _("Điểm tối đa của tiêu chí này là %(limit_value)s."),
                    "min_value": _("Điểm không được âm."),
                    "max_digits": _("Điểm không hợp lệ: tối đa %(max)s chữ số."),
                    "max_decimal_places": _("Chỉ ghi tối đa %(max)s chữ số sau dấu phẩy."),
                },
            )
        if fixed_period:
            del self.fields["year"], self.fields["period"]
        self.order_fields(
            [
                *(["year", "period"] if not fixed_period else []),
                *[f"c{i}" for i in range(len(criteria))],
                "results",
                "weaknesses",
                "next_steps",
                "proposed_rating",
            ]
        )

    def scores(self) -> dict[str, Any]:
        return {name: self.cleaned_data[f"c{i}"] for i, (name, _p) in enumerate(self.criteria)}


class UnitEvaluationDecisionForm(forms.Form):
    """The principal's act on a submitted or finalised evaluation."""

    action = forms.ChoiceField(choices=UnitEvaluationAction.choices)
    rating = forms.ChoiceField(label=_("Xếp loại"), required=False, choices=[("", "—"), *UnitRating.choices])
    comment = _long_text(_("Nhận xét của Hiệu trưởng"))
    reason = forms.CharField(label=_("Lý do"), required=False, max_length=1000)
