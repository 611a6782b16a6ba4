"""The "Dân vận khéo" emulation movement: campaigns, registered models, evaluations and reward proposals."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import AuditedModel, OrgOwnedModel
from danvan.core.params import MAX_YEAR, MIN_YEAR
from danvan.core.scoping import ScopedQuerySet, grants_for, scope_filter
from danvan.emulation.choices import (
    UNIT_SCORE_MAX,
    CampaignKind,
    EvaluationPeriod,
    ModelKind,
    ModelStatus,
    ProposalStatus,
    RewardForm,
    RewardKind,
    UnitEvaluationStatus,
    UnitRating,
)


class CampaignQuerySet(ScopedQuerySet["Campaign"]):
    """Campaigns, including those a Department opened for all its schools."""

    def available_to(self, user: Any, perm: str = "emulation.view") -> CampaignQuerySet:
        """Return the user's own campaigns plus those of an organisation above, opened to subordinates."""
        above: set[int] = set()
        for g in grants_for(user):
            if perm in g.own or perm in g.subtree:
                above |= {int(x) for x in g.tenant_path.strip("/").split("/") if x}
        return self.filter(
            scope_filter(user, perm, "organisation") | Q(for_subordinates=True, organisation_id__in=above)
        ).distinct()


class Campaign(OrgOwnedModel):
    """An emulation campaign such as "Dân vận khéo năm 2023" (Luật TĐKT 06/2022/QH15 Điều 16–17)."""

    title = models.CharField(_("tên phong trào"), max_length=300)
    year = models.PositiveSmallIntegerField(_("năm"))
    kind = models.CharField(
        _("hình thức thi đua"), max_length=14, choices=CampaignKind.choices, default=CampaignKind.THEMATIC
    )
    description = models.TextField(_("mục tiêu, nội dung"), blank=True)
    criteria = models.TextField(
        _("tiêu chí"), blank=True, help_text=_("Mỗi dòng một tiêu chí; mỗi tiêu chí chấm 0–10.")
    )
    registration_opens = models.DateField(_("đăng ký từ ngày"), null=True, blank=True)
    registration_closes = models.DateField(_("đăng ký đến ngày"), null=True, blank=True)
    starts_on = models.DateField(_("bắt đầu"), null=True, blank=True)
    ends_on = models.DateField(_("kết thúc"), null=True, blank=True)
    for_subordinates = models.BooleanField(
        _("áp dụng cho các đơn vị trực thuộc"),
        default=False,
        help_text=_("Sở phát động cho tất cả các trường trực thuộc."),
    )

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("phong trào thi đua")
        verbose_name_plural = _("phong trào thi đua")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def criteria_list(self) -> list[str]:
        """Return the criteria, one per non-empty line (a single overall score when none are set)."""
        lines = [line.strip(" -•\t") for line in self.criteria.splitlines() if line.strip(" -•\t")]
        return lines or [str(_("Đánh giá chung"))]

    def registration_open(self, on: dt.date) -> bool:
        """Return whether models may be registered on a date."""
        if self.registration_opens and on < self.registration_opens:
            return False
        return not (self.registration_closes and on > self.registration_closes)

    def open_to(self, organisation: Any) -> bool:
        """Return whether an organisation may register models in this campaign."""
        if organisation.pk == self.organisation_id:
            return True
        return self.for_subordinates and organisation.path.startswith(self.organisation.path)


class EmulationModel(OrgOwnedModel):
    """A registered "mô hình" or "điển hình" with the registration fields of a Dân vận khéo call."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="models"
    )
    name = models.CharField(_("tên mô hình"), max_length=300)
    kind = models.CharField(_("loại"), max_length=10, choices=ModelKind.choices, default=ModelKind.MODEL)
    situation = models.TextField(_("thực trạng, lý do xây dựng"), blank=True)
    objectives = models.TextField(_("mục tiêu, chỉ tiêu"), blank=True)
    content = models.TextField(_("nội dung, cách làm"), blank=True)
    area = models.TextField(_("địa bàn, đối tượng thụ hưởng"), blank=True)
    forces = models.TextField(_("lực lượng thực hiện, vai trò"), blank=True)
    resources = models.TextField(_("nguồn lực"), blank=True)
    timeline = models.TextField(_("thời gian, lộ trình"), blank=True)
    outputs = models.TextField(_("sản phẩm, kết quả kiểm chứng được"), blank=True)
    sustainability = models.TextField(_("tính bền vững, khả năng nhân rộng"), blank=True)
    unit = models.ForeignKey(
        "org.Organisation",
        verbose_name=_("bộ phận thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    people = models.ManyToManyField("org.Person", verbose_name=_("người thực hiện"), blank=True, related_name="+")
    status = models.CharField(
        _("trạng thái"), max_length=16, choices=ModelStatus.choices, default=ModelStatus.REGISTERED, db_index=True
    )
    registered_on = models.DateField(_("ngày đăng ký"))
    score = models.DecimalField(_("điểm trung bình"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("mô hình Dân vận khéo")
        verbose_name_plural = _("mô hình Dân vận khéo")
        ordering = ["-registered_on", "name"]

    def __str__(self) -> str:
        return self.name


class Evaluation(AuditedModel):
    """One evaluator's scores of a model, per criterion."""

    model = models.ForeignKey(
        EmulationModel, verbose_name=_("mô hình"), on_delete=models.CASCADE, related_name="evaluations"
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scores = models.JSONField(_("điểm theo tiêu chí"), default=dict)
    total = models.DecimalField(_("điểm trung bình"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("nhận xét"), blank=True)
    evaluated_on = models.DateField(_("ngày đánh giá"))

    objects = ScopedQuerySet.as_manager()
    scope_field = "model__organisation"

    class Meta:
        verbose_name = _("đánh giá mô hình")
        verbose_name_plural = _("đánh giá mô hình")
        ordering = ["-evaluated_on", "-id"]

    def __str__(self) -> str:
        return f"{self.model} — {self.total}"

    def audit_organisation(self) -> Any:
        return self.model.organisation


class RewardProposal(OrgOwnedModel):
    """A proposal to commend a collective or an individual for the movement."""

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("phong trào"), on_delete=models.PROTECT, related_name="proposals"
    )
    model = models.ForeignKey(
        EmulationModel,
        verbose_name=_("mô hình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="proposals",
    )
    kind = models.CharField(_("đối tượng"), max_length=10, choices=RewardKind.choices)
    nominee = models.CharField(_("tập thể / cá nhân được đề nghị"), max_length=300)
    person = models.ForeignKey(
        "org.Person", verbose_name=_("cá nhân"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Organisation", verbose_name=_("tập thể"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    form = models.CharField(_("hình thức khen thưởng"), max_length=16, choices=RewardForm.choices)
    reason = models.TextField(_("thành tích"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED, db_index=True
    )
    proposed_on = models.DateField(_("ngày đề nghị"))
    decided_on = models.DateField(_("ngày quyết định"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    note = models.TextField(_("ghi chú, lý do"), blank=True)

    class Meta:
        verbose_name = _("đề nghị khen thưởng")
        verbose_name_plural = _("đề nghị khen thưởng")
        ordering = ["-proposed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_form_display()}: {self.nominee}"


# ====================================================================== unit evaluations


class UnitCriterion(OrgOwnedModel):
    """One criterion of a school's evaluation of its units, with its maximum points (the school's own set)."""

    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = models.CharField(_("tiêu chí"), max_length=300)
    max_points = models.PositiveSmallIntegerField(
        _("điểm tối đa"), validators=[MinValueValidator(1), MaxValueValidator(UNIT_SCORE_MAX)]
    )

    class Meta:
        verbose_name = _("tiêu chí đánh giá đơn vị")
        verbose_name_plural = _("tiêu chí đánh giá đơn vị")
        ordering = ["organisation", "order", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.max_points})"


class UnitEvaluation(OrgOwnedModel):
    """The mid-year or year-end evaluation of a unit's dân vận work: self-assessment, scores, the head's rating.

    `scores` keeps the criteria as they were when scored ([{name, max, score}]): a school changing its criteria
    later does not rewrite an evaluation already made.
    """

    unit = models.ForeignKey(
        "org.Organisation", verbose_name=_("tổ chức, bộ phận"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    period = models.CharField(_("kỳ đánh giá"), max_length=10, choices=EvaluationPeriod.choices)
    scores = models.JSONField(_("điểm theo tiêu chí"), default=list)
    total = models.DecimalField(_("tổng điểm"), max_digits=6, decimal_places=2, default=0)
    max_total = models.PositiveSmallIntegerField(_("điểm tối đa"), default=0)
    results = models.TextField(_("kết quả nổi bật"), blank=True)
    weaknesses = models.TextField(_("hạn chế, tồn tại"), blank=True)
    next_steps = models.TextField(_("phương hướng, đề xuất"), blank=True)
    proposed_rating = models.CharField(_("đơn vị tự xếp loại"), max_length=16, choices=UnitRating.choices, blank=True)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=UnitEvaluationStatus.choices,
        default=UnitEvaluationStatus.DRAFT,
        db_index=True,
    )
    principal_comment = models.TextField(_("nhận xét của Hiệu trưởng"), blank=True)
    rating = models.CharField(_("xếp loại"), max_length=16, choices=UnitRating.choices, blank=True)
    finalised_on = models.DateField(_("ngày xếp loại"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xếp loại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đánh giá công tác dân vận của đơn vị")
        verbose_name_plural = _("đánh giá công tác dân vận của đơn vị")
        ordering = ["-year", "period", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "period"], name="unit_evaluation_once_per_period")
        ]

    def __str__(self) -> str:
        return _("%(period)s %(year)s — %(unit)s") % {
            "period": self.get_period_display(),
            "year": self.year,
            "unit": self.unit.name,
        }

    @property
    def is_locked(self) -> bool:
        """Return whether the evaluation is finalised (changed only after the head reopens it)."""
        return self.status == UnitEvaluationStatus.FINALISED
