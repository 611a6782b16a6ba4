"""Reporting obligations, the reports compiled for them (with versions), Department campaigns and compile jobs."""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import OrgOwnedModel
from danvan.core.scoping import scope_filter
from danvan.core.uploads import random_storage_name
from danvan.lib.lazy import lazy_module
from danvan.reports.chart_names import CHART_TITLES
from danvan.reports.choices import (
    EDITABLE_STATES,
    STATUS_BADGE,
    JobStatus,
    ObligationKind,
    ObligationStatus,
    ReportState,
    ReportTemplate,
    Section,
    derive_status,
)

if TYPE_CHECKING:
    from danvan.reports import charts as chart_drawing
else:  # loaded on first use (danvan/lib/lazy.py): building a document needs heavy libraries
    chart_drawing = lazy_module("danvan.reports.charts")


class ObligationCampaign(OrgOwnedModel):
    """A Department's call for one report from every school below it (one obligation per school)."""

    kind = models.CharField(_("loại báo cáo"), max_length=12, choices=ObligationKind.choices)
    title = models.CharField(_("tên báo cáo"), max_length=300)
    period_start = models.DateField(_("số liệu từ ngày"))
    period_end = models.DateField(_("số liệu đến ngày"))
    due = models.DateField(_("hạn gửi"))
    template = models.CharField(
        _("mẫu báo cáo"), max_length=20, choices=ReportTemplate.choices, default=ReportTemplate.DAN_VAN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giao"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đợt giao báo cáo")
        verbose_name_plural = _("các đợt giao báo cáo")
        ordering = ["-due", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="reports_campaign_period_order"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (hạn {self.due:%d/%m/%Y})"


class ObligationQuerySet(models.QuerySet["ReportObligation"]):
    """Obligations, scoped by organisation, with the time-dependent status kept fresh."""

    def visible_to(self, user: Any, perm: str | None = None) -> ObligationQuerySet:
        return self.filter(scope_filter(user, perm or "reports.view", "organisation"))

    def open(self) -> ObligationQuerySet:
        """Return obligations whose report has not been sent."""
        return self.filter(
            status__in=[
                ObligationStatus.NOT_STARTED,
                ObligationStatus.DRAFT,
                ObligationStatus.SIGNED,
                ObligationStatus.MISSING,
            ]
        )

    def refresh_overdue(self, today: dt.date | None = None) -> int:
        """Mark as missing the unsent obligations whose due date has passed (two statuses change with time only)."""
        today = today or timezone.localdate()
        return self.filter(
            due__lt=today,
            status__in=[ObligationStatus.NOT_STARTED, ObligationStatus.DRAFT, ObligationStatus.SIGNED],
        ).update(status=ObligationStatus.MISSING)


class ReportObligation(OrgOwnedModel):
    """A report a school (or the Department) owes: kind, data period, due date, recipient and template.

    The data period is set per obligation (state reporting commonly runs 15/12 → 14/6 and → 14/12,
    NĐ 09/2019/NĐ-CP Điều 12), never assumed to be a calendar half-year.
    """

    kind = models.CharField(_("loại báo cáo"), max_length=12, choices=ObligationKind.choices)
    title = models.CharField(_("tên báo cáo"), max_length=300)
    period_start = models.DateField(_("số liệu từ ngày"))
    period_end = models.DateField(_("số liệu đến ngày"))
    due = models.DateField(_("hạn gửi"))
    recipient = models.ForeignKey(
        "org.Organisation",
        verbose_name=_("nơi nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    template = models.CharField(
        _("mẫu báo cáo"), max_length=20, choices=ReportTemplate.choices, default=ReportTemplate.DAN_VAN
    )
    campaign = models.ForeignKey(
        ObligationCampaign,
        verbose_name=_("đợt giao"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="obligations",
    )
    deadline = models.ForeignKey(
        "plans.PlanReportDeadline",
        verbose_name=_("hạn báo cáo trong kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obligations",
    )
    # "plans.deadline:<id>": keeps creation idempotent even after the deadline row is deleted.
    source_key = models.CharField(_("nguồn"), max_length=100, blank=True, editable=False)
    status = models.CharField(
        _("tình trạng"),
        max_length=12,
        choices=ObligationStatus.choices,
        default=ObligationStatus.NOT_STARTED,
        db_index=True,
    )

    objects = ObligationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nghĩa vụ báo cáo")
        verbose_name_plural = _("nghĩa vụ báo cáo")
        ordering = ["due", "id"]
        indexes = [models.Index(fields=["organisation", "due"], name="reports_obl_org_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="reports_obligation_period_order"
            ),
            models.UniqueConstraint(
                fields=["organisation", "campaign"],
                condition=Q(campaign__isnull=False),
                name="reports_obligation_one_per_campaign",
            ),
            models.UniqueConstraint(
                fields=["organisation", "source_key"],
                condition=~Q(source_key=""),
                name="reports_obligation_one_per_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (hạn {self.due:%d/%m/%Y})"

    @property
    def report_or_none(self) -> Report | None:
        """Return the report compiled for the obligation, if any (read fresh, never a cached copy)."""
        return Report.objects.filter(obligation_id=self.pk).first()

    def status_on(self, today: dt.date) -> str:
        """Return the status derived from the report state and the dates on a day."""
        report = self.report_or_none
        if report is None:
            return derive_status(None, self.due, today)
        return derive_status(report.state, self.due, today, submitted_late=report.submitted_late)

    @property
    def current_status(self) -> str:
        """Return the status derived today (the stored `status` is the same, kept for filtering)."""
        return self.status_on(timezone.localdate())

    @property
    def status_badge(self) -> str:
        return STATUS_BADGE.get(self.status, "")

    def refresh_status(self, save: bool = True) -> str:
        """Recompute (from the stored report, not a cached one) and store the derived status."""
        row = Report.objects.filter(obligation_id=self.pk).values("state", "submitted_late").first()
        today = timezone.localdate()
        if row is None:
            new = derive_status(None, self.due, today)
        else:
            new = derive_status(row["state"], self.due, today, submitted_late=row["submitted_late"])
        if new != self.status:
            self.status = new
            if save:
                type(self).objects.filter(pk=self.pk).update(status=new)
        return new

    @property
    def period_label(self) -> str:
        return f"{self.period_start:%d/%m/%Y} – {self.period_end:%d/%m/%Y}"


def signed_scan_path(instance: Report, filename: str) -> str:
    """Return a random storage path for a report's signed scan."""
    return random_storage_name(f"reports/{instance.organisation_id}/signed", filename)


class Report(OrgOwnedModel):
    """The report compiled for an obligation: its current version and where it is in the workflow."""

    obligation = models.OneToOneField(
        ReportObligation, verbose_name=_("nghĩa vụ báo cáo"), on_delete=models.CASCADE, related_name="report"
    )
    state = models.CharField(_("trạng thái"), max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    current_version = models.ForeignKey(
        "ReportVersion",
        verbose_name=_("bản hiện hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    number = models.PositiveIntegerField(_("số văn bản"), null=True, blank=True)
    number_year = models.PositiveSmallIntegerField(_("năm đánh số"), null=True, blank=True, editable=False)
    signed_at = models.DateTimeField(_("ký lúc"), null=True, blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_late = models.BooleanField(_("gửi muộn"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    review_comment = models.TextField(_("ý kiến của Sở"), blank=True)
    # The paper copy the head signed and stamped, scanned to PDF, for the Sở's files beside the compiled text.
    # It belongs to the signed text: unsigning or revising the report clears it.
    signed_scan = models.FileField(_("bản ký đã quét"), upload_to=signed_scan_path, blank=True, max_length=255)
    signed_scan_size = models.PositiveIntegerField(_("dung lượng bản ký"), default=0)
    signed_scan_at = models.DateTimeField(_("tải bản ký lúc"), null=True, blank=True)
    signed_scan_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải bản ký"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("báo cáo")
        verbose_name_plural = _("báo cáo")
        ordering = ["-id"]
        constraints = [
            # Số, ký hiệu is unique per issuer and year (NĐ 30/2020 Điều 15).
            models.UniqueConstraint(
                fields=["organisation", "number_year", "number"],
                condition=Q(number__isnull=False),
                name="reports_report_unique_number",
            ),
        ]

    def __str__(self) -> str:
        return str(self.obligation.title)

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES


PLACEHOLDER = re.compile(r"\{([a-z_]+(?:\.[A-Za-z0-9_\-]+)+)\}")


_MISSING = object()


def lookup_figure(figures: dict[str, Any], dotted: str, default: Any = None) -> Any:
    """Return the value at a dotted path ("petitions.received") in the figures, or `default`.

    A count missing from a count table ("petitions.by_kind.to_cao" when none was received) is 0.
    """
    node: Any = figures
    parts = dotted.split(".")
    for i, part in enumerate(parts):
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, dict) and i == len(parts) - 1 and i >= 2:
            return 0
        else:
            return default
    return node


def format_figure(value: Any) -> str:
    """Return a figure as the report prints it: "—" for none, percentages as "85,7"."""
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    return str(value)


def figure_value(figures: dict[str, Any], dotted: str) -> str | None:
    """Return the printed value of a placeholder's figure, or None when the figures hold no such number."""
    value = lookup_figure(figures, dotted, _MISSING)
    if value is _MISSING or isinstance(value, dict | list):
        return None
    return format_figure(value)


def fill_placeholders(text: str, figures: dict[str, Any]) -> str:
    """Replace `{source.key}` placeholders with the figures (percentages as "85,7"); unknown ones stay."""

    def repl(match: re.Match[str]) -> str:
        value = figure_value(figures, match.group(1))
        return match.group(0) if value is None else value

    return PLACEHOLDER.sub(repl, text or "")


class ReportVersion(OrgOwnedModel):
    """One compiled version: the figures of the period and the narrative (text with `{figure}` placeholders)."""

    report = models.ForeignKey(Report, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("lần"))
    figures = models.JSONField(_("số liệu"), default=dict)
    sections = models.JSONField(_("nội dung"), default=dict)
    # Charts drawn once when the version is compiled (in the background): {name: base64 PNG}.
    charts = models.JSONField(_("biểu đồ"), default=dict, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người soạn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # When this version was first sent to the Department (the version current at submission), so the
    # Department can open what it received even after a return and a revision.
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True, editable=False)

    # The figures are the whole data set: the trail records that a version exists, not its content.
    audit_ignore = frozenset({"created_at", "updated_at", "figures", "sections", "charts"})

    class Meta:
        verbose_name = _("bản báo cáo")
        verbose_name_plural = _("các bản báo cáo")
        ordering = ["report", "-number"]
        constraints = [models.UniqueConstraint(fields=["report", "number"], name="reports_version_unique_number")]

    def __str__(self) -> str:
        return f"{self.report} — bản {self.number}"

    def section_text(self, key: str) -> str:
        """Return a narrative section with its placeholders filled from this version's figures."""
        return fill_placeholders((self.sections or {}).get(key, ""), self.figures or {})

    def chart_images(self) -> list[tuple[str, str, bytes]]:
        """Return (name, title, PNG) of the version's charts, drawing and storing them the first time."""
        if not self.charts:
            drawn = chart_drawing.all_charts(self.figures or {})
            self.charts = {name: base64.b64encode(png).decode() for name, _t, png in drawn} or {"_": ""}
            if self.pk:
                type(self).objects.filter(pk=self.pk).update(charts=self.charts)
        return [
            (name, CHART_TITLES.get(name, name), base64.b64decode(data))
            for name, data in self.charts.items()
            if name != "_" and data
        ]

    def section_rows(self) -> list[tuple[str, Any, str, str]]:
        """Return (key, label, raw text, filled text) for every section in document order."""
        raw = self.sections or {}
        return [(k, label, raw.get(k, ""), self.section_text(k)) for k, label in Section.choices]


class CompileJob(OrgOwnedModel):
    """A background compile of an obligation's report, with the progress the page polls."""

    obligation = models.ForeignKey(
        ReportObligation, verbose_name=_("nghĩa vụ báo cáo"), on_delete=models.CASCADE, related_name="jobs"
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    percent = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    message = models.CharField(_("thông báo"), max_length=300, blank=True)
    version = models.ForeignKey(
        ReportVersion,
        verbose_name=_("bản tạo ra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    # Progress ticks are not business changes.
    audit_ignore = frozenset({"created_at", "updated_at", "percent", "message", "status", "version"})

    class Meta:
        verbose_name = _("lượt tổng hợp")
        verbose_name_plural = _("các lượt tổng hợp")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.obligation} — {self.get_status_display()} {self.percent}%"

    @property
    def done(self) -> bool:
        return self.status in (JobStatus.DONE, JobStatus.FAILED)
