"""Official calendar changes, weekly rest days and the statutory deadline table."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core.models import AuditedModel
from danvan.workdays.choices import ChangeKind, Kind, Step, Unit, Variant, Weekday
from danvan.workdays.engine import DEFAULT_REST_DAYS
from danvan.workdays.rules import RuleRow


class CalendarChange(AuditedModel):
    """An official change to the working calendar: an extra day off or a swapped working day.

    The government announces each year which days civil servants take off for Tết and the
    national holidays and which Saturday they work instead (BLLĐ 2019 Điều 112(3); e.g.
    TB 5015/TB-LĐTBXH for Tết 2024). A change without an organisation applies everywhere; one
    with an organisation applies to it and its subtree (a local decision). A swap ("hoán đổi")
    only concerns units resting on both Saturday and Sunday.
    """

    date = models.DateField(_("ngày"))
    kind = models.CharField(_("loại"), max_length=10, choices=ChangeKind.choices)
    name = models.CharField(_("tên"), max_length=200, help_text=_("Ví dụ: Nghỉ Tết Nguyên đán, Làm bù cho ngày 29/4"))
    document = models.CharField(
        _("văn bản"), max_length=200, blank=True, help_text=_("Số, ký hiệu văn bản thông báo, ví dụ TB 5015/TB-LĐTBXH")
    )
    is_swap = models.BooleanField(
        _("hoán đổi"),
        default=False,
        help_text=_("Chỉ áp dụng cho đơn vị nghỉ hằng tuần cả thứ Bảy và Chủ nhật."),
    )
    organisation = models.ForeignKey(
        "org.Organisation",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Để trống: áp dụng cho mọi đơn vị."),
    )
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thay đổi lịch làm việc")
        verbose_name_plural = _("thay đổi lịch làm việc")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=Q(organisation__isnull=True), name="workdays_change_unique_national_date"
            ),
            models.UniqueConstraint(fields=["date", "organisation"], name="workdays_change_unique_org_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()}: {self.name}"


def _parse_rest_days(value: str) -> frozenset[int]:
    return frozenset(int(x) for x in value.split(",") if x.strip() != "")


def validate_rest_days(value: str) -> None:
    """Reject anything but a comma-separated list of 0–6 that leaves a working day."""
    try:
        days = _parse_rest_days(value)
    except ValueError as exc:
        raise ValidationError(_("Ngày nghỉ hằng tuần phải là các số 0–6 cách nhau bởi dấu phẩy.")) from exc
    if not days <= set(Weekday.values):
        raise ValidationError(_("Ngày nghỉ hằng tuần phải là các số 0–6 cách nhau bởi dấu phẩy."))
    if len(days) == 7:
        raise ValidationError(_("Tuần phải có ít nhất một ngày làm việc."))


class WorkWeek(AuditedModel):
    """The weekly rest days of an organisation; its subtree inherits them (default Saturday and Sunday)."""

    organisation = models.OneToOneField(
        "org.Organisation", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="work_week"
    )
    rest_days = models.CharField(
        _("ngày nghỉ hằng tuần"),
        max_length=20,
        default="5,6",
        validators=[validate_rest_days],
        help_text=_("0 = thứ Hai … 5 = thứ Bảy, 6 = Chủ nhật; ví dụ 5,6"),
    )

    class Meta:
        verbose_name = _("tuần làm việc")
        verbose_name_plural = _("tuần làm việc")

    def __str__(self) -> str:
        names = ", ".join(str(Weekday(d).label) for d in sorted(self.rest_weekdays))
        return f"{self.organisation}: {names}"

    @property
    def rest_weekdays(self) -> frozenset[int]:
        """Return the rest days as weekday numbers."""
        try:
            return _parse_rest_days(self.rest_days)
        except ValueError:
            return DEFAULT_REST_DAYS


class DeadlineRule(AuditedModel):
    """One version of a statutory period: "tố cáo – giải quyết – 30 ngày – Luật Tố cáo 2018 Điều 30".

    Versions are chosen by the triggering date (`effective_from` ≤ date). Rows flagged
    unconfirmed are our best reading and are shown as "chưa xác nhận" everywhere.
    """

    kind = models.CharField(_("loại việc"), max_length=20, choices=Kind.choices)
    step = models.CharField(_("bước"), max_length=20, choices=Step.choices)
    variant = models.CharField(_("trường hợp"), max_length=20, choices=Variant.choices, default=Variant.THUONG)
    amount = models.PositiveSmallIntegerField(_("số ngày"))
    unit = models.CharField(_("đơn vị tính"), max_length=10, choices=Unit.choices)
    citation = models.CharField(_("căn cứ"), max_length=300)
    effective_from = models.DateField(_("áp dụng từ"))
    confirmed = models.BooleanField(_("đã xác nhận"), default=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("thời hạn theo luật")
        verbose_name_plural = _("thời hạn theo luật")
        ordering = ["kind", "step", "variant", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "step", "variant", "effective_from"], name="workdays_rule_unique_version"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_kind_display()} – {self.get_step_display()} ({self.get_variant_display()}): "
            f"{self.amount} {self.get_unit_display()} – {self.citation}"
        )

    def as_row(self) -> Any:
        """Return the plain `RuleRow` the selection logic works on."""
        return RuleRow(
            kind=self.kind,
            step=self.step,
            variant=self.variant,
            amount=self.amount,
            unit=self.unit,
            citation=self.citation,
            effective_from=self.effective_from,
            confirmed=self.confirmed,
            note=self.note,
        )
