"""Plans (Kế hoạch), their tasks, periods, progress updates with evidence, and published revisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import OrgOwnedModel
from danvan.core.params import MAX_YEAR, MIN_YEAR
from danvan.core.scoping import ScopedQuerySet
from danvan.core.uploads import random_storage_name
from danvan.lib.text import fold
from danvan.plans.choices import (
    DOCUMENT_TYPES,
    EDITABLE_STATUSES,
    IN_FORCE_STATUSES,
    DispatchChannel,
    PlanStatus,
    SectionKey,
    SourceFormat,
    TaskStatus,
)


def _upload_path(kind: str, instance: Any, filename: str) -> str:
    # Stored names are random: the original name is kept in a field and never reaches the file system.
    return random_storage_name(f"plans/{instance.organisation_id}/{kind}", filename)


def plan_source_path(instance: Plan, filename: str) -> str:
    """Return a random storage path for an imported plan document."""
    return _upload_path("sources", instance, filename)


def evidence_path(instance: Evidence, filename: str) -> str:
    """Return a random storage path for an evidence file."""
    return _upload_path("evidence", instance, filename)


def document_type(number: str) -> str:
    """Return the document type abbreviation in a number-symbol ("23-QĐ/TW" → "QĐ", "09/KH-SGDĐT" → "KH")."""
    text = (number or "").upper().replace(" ", "")
    # "26/CT-UBND": the type follows the slash; "23-QĐ/TW" (party style): it follows the first hyphen.
    candidates: list[str] = []
    if "/" in text:
        head, _, tail = text.partition("/")
        candidates.append(tail.split("-")[0])
        if "-" in head:
            candidates.append(head.split("-", 1)[1])
    for cand in candidates:
        if cand in DOCUMENT_TYPES:
            return cand
    return ""


# ---------------------------------------------------------------- plans


def in_force_q(prefix: str = "") -> Q:
    """Return the filter of plans in force: approved or published, or a draft revision of a published plan."""
    return Q(**{f"{prefix}status__in": list(IN_FORCE_STATUSES)}) | Q(**{f"{prefix}published_at__isnull": False})


class PlanQuerySet(ScopedQuerySet["Plan"]):
    """Plans, scoped by organisation."""

    def published(self) -> PlanQuerySet:
        """Return published plans only."""
        return self.filter(status=PlanStatus.PUBLISHED)

    def in_force(self) -> PlanQuerySet:
        """Return plans in force (approved, published, or being revised after publication)."""
        return self.filter(in_force_q())

    def search(self, q: str) -> PlanQuerySet:
        """Return plans whose title, number or a task's content match the words, ignoring diacritics and case."""
        key = fold(q or "")
        if not key:
            return self
        in_tasks = models.Exists(Task.objects.filter(plan=models.OuterRef("pk"), search_text__contains=key))
        return self.filter(Q(search_text__contains=key) | in_tasks)


def review_sentences(notes: list[dict[str, Any]] | None) -> list[str]:
    """Return a plan's review notes (`Plan.review_notes`) as sentences: where a copy still names its source's years,
    and the tasks the units' evaluations suggest."""
    labels = dict(SectionKey.choices)
    out = []
    for note in notes or []:
        kind, years = note.get("kind"), ", ".join(note.get("years") or [])
        if kind == "source":  # the marker itself: the page says where the copy came from
            continue
        if kind == "evaluation":  # a unit's weak point in the year's evaluation: a task to consider
            out.append(
                _("Đề xuất nhiệm vụ từ %(period)s %(year)s của %(unit)s (%(rating)s): %(text)s")
                % {
                    "period": (note.get("period_label") or "").lower(),
                    "year": note.get("year"),
                    "unit": note.get("unit"),
                    "rating": note.get("rating_label") or "—",
                    "text": note.get("text") or "",
                }
            )
            continue
        if kind == "section":
            where = _("%(section)s, ý %(n)s") % {"section": labels.get(str(note.get("key")), ""), "n": note.get("n")}
        elif kind == "task":
            where = _("Nhiệm vụ %(no)s") % {"no": note.get("no")}
        elif kind == "deadline":
            where = _("Hạn báo cáo “%(name)s”") % {"name": note.get("name")}
        elif kind == "closing":
            where = _("Câu kết")
        else:
            where = _("Trích yếu")
        out.append(
            _("%(where)s: vẫn ghi năm %(years)s (văn bản được trích dẫn hoặc tên riêng, giữ nguyên)")
            % {"where": where, "years": years}
        )
    return out


def review_notes_text(notes: list[dict[str, Any]] | None) -> str:
    """Return a plan's review notes as the trail shows them: the plan it was copied from, then the sentences."""
    sources = [
        str(_("Sao từ kế hoạch năm %(year)s") % {"year": n.get("year")})
        for n in notes or []
        if isinstance(n, dict) and n.get("kind") == "source"
    ]
    return "; ".join(sources + [str(t) for t in review_sentences(notes)]) or "—"


def sections_text(sections: dict[str, Any] | None) -> str:
    """Return a plan's sections (`Plan.sections`) as the trail shows them: each section's name and its points."""
    labels = dict(SectionKey.choices)
    parts = []
    for key, items in (sections or {}).items():
        items = items if isinstance(items, list) else [items]
        points = [str(i.get("text", "")) if isinstance(i, dict) else str(i) for i in items]
        parts.append(f"{labels.get(key, key)}: {'; '.join(p for p in points if p) or '—'}")
    return " | ".join(parts) or "—"


class Plan(OrgOwnedModel):
    """A plan (Kế hoạch) of a school or the Department: its header, sections, recipients and signer.

    Sections are stored as one JSON object {purposes, requirements, regular_tasks, implementation: [text, …]}
    rather than PlanSectionItem rows: they are always read and written whole (the edit form, the export,
    the revision snapshot), never queried or joined, and the JSON keeps the parser's shape so the
    document dict round-trips without a mapping layer.
    """

    # A plan's periods and quarters are real dates: year 0 or 10000 cannot be one (datetime stops at 9999).
    year = models.PositiveSmallIntegerField(
        _("năm"), validators=[MinValueValidator(MIN_YEAR), MaxValueValidator(MAX_YEAR)]
    )
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    symbol = models.CharField(_("ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: KH-THPTNK"))
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("trích yếu"), max_length=500)
    kind = models.CharField(_("loại văn bản"), max_length=10, default="KH")
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    place = models.CharField(_("địa danh"), max_length=100, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("kế hoạch cấp trên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    parent_number = models.CharField(_("số, ký hiệu kế hoạch cấp trên"), max_length=100, blank=True)
    parent_date = models.DateField(_("ngày kế hoạch cấp trên"), null=True, blank=True)
    parent_issuer = models.CharField(_("cơ quan ban hành kế hoạch cấp trên"), max_length=255, blank=True)
    sections = models.JSONField(_("các phần"), default=dict, blank=True)
    recipients = models.JSONField(_("nơi nhận"), default=list, blank=True)
    # The document's own closing sentence ("Trên đây là …, yêu cầu …./."); the export writes a standard one without.
    closing = models.TextField(_("câu kết"), blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signer_position = models.CharField(_("chức vụ người ký"), max_length=200, blank=True)
    status = models.CharField(_("trạng thái"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    revision = models.PositiveIntegerField(_("lần sửa đổi"), default=1)
    published_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    source_file = models.FileField(_("tệp gốc"), upload_to=plan_source_path, blank=True, max_length=255)
    source_name = models.CharField(_("tên tệp gốc"), max_length=255, blank=True)
    source_format = models.CharField(
        _("định dạng gốc"), max_length=10, choices=SourceFormat.choices, default=SourceFormat.MANUAL
    )
    # SHA-256 of the imported file: importing the same file again is refused (services.duplicate_of).
    source_digest = models.CharField(_("mã băm tệp gốc"), max_length=64, blank=True, editable=False)
    import_warnings = models.JSONField(_("cảnh báo khi nhập"), default=list, blank=True)
    # Set by clone_plan: the copy is to be checked before it goes for approval, and where (see review_items).
    review_notes = models.JSONField(_("cần rà soát"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    search_text = models.TextField(editable=False, default="")

    objects = PlanQuerySet.as_manager()

    audit_ignore = frozenset({"created_at", "updated_at", "search_text"})

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "-id"]
        indexes = [
            models.Index(fields=["organisation", "year"], name="plan_org_year_idx"),
            models.Index(fields=["organisation", "status"], name="plan_org_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number_symbol} {self.title}".strip() if self.number else self.title

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.title} {self.number_symbol} {self.issuer}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    @property
    def number_symbol(self) -> str:
        """Return "Số, ký hiệu" as printed: numbers below 10 take a leading zero (NĐ 30/2020 Phụ lục I)."""
        if self.number is None:
            return ""
        return f"{self.number:02d}/{self.symbol}" if self.symbol else f"{self.number:02d}"

    @property
    def in_force(self) -> bool:
        """Return whether the plan's tasks are to be carried out: approved, published, or a revision of a
        published plan (a draft never approved counts nowhere: dashboards, my tasks, late figures)."""
        return self.status in IN_FORCE_STATUSES or self.published_at is not None

    @property
    def never_in_force(self) -> bool:
        """Return whether the plan is a draft that was never approved or published (so it may be deleted)."""
        return self.status == PlanStatus.DRAFT and self.published_at is None

    @property
    def is_editable(self) -> bool:
        """Return whether the plan's text may be changed (only drafts; a published plan needs a revision)."""
        return self.status in EDITABLE_STATUSES

    def review_items(self) -> list[str]:
        """Return the places a copied plan still names its source's years, as sentences for the page."""
        return review_sentences(self.review_notes)

    @property
    def needs_review(self) -> bool:
        """Return whether the plan is a copy still to be checked before approval (a draft made by clone_plan)."""
        return bool(self.review_notes) and self.never_in_force

    def section(self, key: str) -> list[str]:
        """Return the items of one section."""
        return list((self.sections or {}).get(key) or [])

    def section_rows(self) -> list[tuple[str, Any, list[str]]]:
        """Return (key, label, items) for the four sections in document order."""
        return [(key, label, self.section(key)) for key, label in SectionKey.choices]

    def as_document_dict(self) -> dict[str, Any]:
        """Return the plan as the parser-shaped dict (export, revision snapshots, the parse/import round trip)."""
        tasks = list(self.tasks.prefetch_related("periods").order_by("order", "id"))
        return {
            "kind": self.kind,
            "title": self.title,
            "year": self.year,
            "issuer": self.issuer,
            "number": self.number_symbol or None,
            "date": self.date.isoformat() if self.date else None,
            "place": self.place,
            "parent_plan": {
                "number": self.parent_number or None,
                "date": self.parent_date.isoformat() if self.parent_date else None,
                "issuer": self.parent_issuer or None,
            },
            "sections": {key: self.section(key) for key in SectionKey.values},
            "tasks": [
                {
                    "no": t.no,
                    "content": t.content,
                    "lead": t.lead,
                    "units": list(t.units_text or []),
                    "timing": t.timing,
                    "periods": [{"start": p.start.isoformat(), "end": p.end.isoformat()} for p in t.periods.all()],
                }
                for t in tasks
            ],
            "legal_refs": [
                {
                    "number": r.number,
                    "date": r.date.isoformat() if r.date else None,
                    "issuer": r.issuer,
                    "title": r.title,
                }
                for r in self.legal_refs.order_by("order", "id")
            ],
            "report_deadlines": [
                {"name": d.name, "due": d.due.isoformat(), "to": d.to} for d in self.report_deadlines.order_by("due")
            ],
            "recipients": list(self.recipients or []),
            "signer": {"name": self.signer_name, "position": self.signer_position},
            "closing": self.closing,
            "warnings": [],
        }


class PlanRevision(OrgOwnedModel):
    """A frozen copy of a plan as it was published (revision N), for the history and its differences."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("lần sửa đổi"))
    snapshot = models.JSONField(_("nội dung"), default=dict)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(_("ghi chú"), blank=True)

    # The snapshot is the whole document: the trail records that a revision exists, not its text.
    audit_ignore = frozenset({"created_at", "updated_at", "snapshot"})

    class Meta:
        verbose_name = _("bản kế hoạch đã ban hành")
        verbose_name_plural = _("các bản kế hoạch đã ban hành")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="plan_revision_unique_number")]

    def __str__(self) -> str:
        return f"{self.plan} — lần {self.number}"


class LegalReference(OrgOwnedModel):
    """A legal or party document the plan cites (to be studied: quán triệt), e.g. 23-QĐ/TW of 30/7/2021."""

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="legal_refs")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    number = models.CharField(_("số, ký hiệu"), max_length=100)
    date = models.DateField(_("ngày"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    title = models.TextField(_("trích yếu"), blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=10, blank=True, editable=False)

    class Meta:
        verbose_name = _("văn bản căn cứ")
        verbose_name_plural = _("văn bản căn cứ")
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.doc_type = document_type(self.number)
        super().save(*args, **kwargs)

    @property
    def doc_type_name(self) -> str:
        """Return the document type's name ("Quyết định")."""
        return DOCUMENT_TYPES.get(self.doc_type, "")


class PlanReportDeadline(OrgOwnedModel):
    """A report the plan requires, with its due date and recipient (the reports app makes obligations of these)."""

    plan = models.ForeignKey(
        Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="report_deadlines"
    )
    name = models.CharField(_("báo cáo"), max_length=255)
    due = models.DateField(_("hạn gửi"))
    to = models.CharField(_("nơi nhận"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("hạn báo cáo")
        verbose_name_plural = _("hạn báo cáo")
        ordering = ["plan", "due"]

    def __str__(self) -> str:
        return f"{self.name} ({self.due:%d/%m/%Y})"


class UnitAbbreviation(OrgOwnedModel):
    """One entry of an organisation's editable dictionary: how its documents write a unit ("BCH CĐ" → Công đoàn)."""

    abbreviation = models.CharField(_("cách viết"), max_length=200)
    key = models.CharField(max_length=200, editable=False)
    unit = models.ForeignKey("org.Organisation", verbose_name=_("bộ phận"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("tên viết tắt bộ phận")
        verbose_name_plural = _("tên viết tắt bộ phận")
        ordering = ["organisation", "abbreviation"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "key"], name="plans_unit_abbreviation_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.abbreviation} → {self.unit}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.key = fold(self.abbreviation)
        super().save(*args, **kwargs)


# ---------------------------------------------------------------- tasks


class TaskQuerySet(ScopedQuerySet["Task"]):
    """Tasks, scoped by organisation, with the derived "late" filter."""

    def open(self) -> TaskQuerySet:
        """Return tasks not done."""
        return self.exclude(status=TaskStatus.DONE)

    def in_force(self) -> TaskQuerySet:
        """Return tasks of plans in force (a draft plan's tasks are not yet anyone's work)."""
        return self.filter(in_force_q("plan__"))

    def late(self, on: dt.date | None = None) -> TaskQuerySet:
        """Return open tasks whose due date is before the day (today by default), whatever their plan's status
        (chain `in_force()` for the work that counts)."""
        on = on or timezone.localdate()
        return self.open().filter(due_on__lt=on)

    def search(self, q: str) -> TaskQuerySet:
        """Return tasks whose content matches the words, ignoring diacritics and case."""
        key = fold(q or "")
        return self.filter(search_text__contains=key) if key else self


class Task(OrgOwnedModel):
    """One row of the plan's task table: what, who leads, which units, when; and how far it has got.

    `due_on` is the end of the last period, stored and indexed so deadline queries are one range scan;
    "late" is derived (open and `due_on` passed), never stored.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    no = models.CharField(_("STT"), max_length=20, blank=True)
    content = models.TextField(_("nội dung"))
    lead = models.CharField(_("lãnh đạo chủ trì"), max_length=255, blank=True)
    lead_person = models.ForeignKey(
        "org.Person",
        verbose_name=_("người chủ trì"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    units_text = models.JSONField(_("bộ phận phụ trách (như văn bản)"), default=list, blank=True)
    units = models.ManyToManyField(
        "org.Organisation", verbose_name=_("bộ phận phụ trách"), blank=True, related_name="+"
    )
    timing = models.CharField(_("thời gian thực hiện"), max_length=255, blank=True)
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0, validators=[MaxValueValidator(100)])
    due_on = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    completed_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    search_text = models.TextField(editable=False, default="")

    objects = TaskQuerySet.as_manager()

    audit_ignore = frozenset({"created_at", "updated_at", "search_text"})

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["plan", "order", "id"]
        indexes = [
            models.Index(fields=["organisation", "due_on"], name="task_org_due_idx"),
            # The dashboard and reminders only look at open tasks.
            models.Index(
                fields=["organisation", "due_on"], name="task_open_due_idx", condition=~Q(status=TaskStatus.DONE)
            ),
        ]

    def __str__(self) -> str:
        text = self.content if len(self.content) <= 80 else self.content[:77] + "…"
        return f"{self.no}. {text}" if self.no else text

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = fold(f"{self.content} {self.lead} {' '.join(self.units_text or [])}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "search_text" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "search_text"]
        super().save(*args, **kwargs)

    def is_late_on(self, on: dt.date) -> bool:
        """Return whether the task is open and past its due date on a day."""
        return self.status != TaskStatus.DONE and self.due_on is not None and self.due_on < on

    @property
    def is_late(self) -> bool:
        """Return whether the task is open and past its due date today."""
        return self.is_late_on(timezone.localdate())

    @property
    def flagged_late(self) -> bool:
        """Return whether pages flag the task "Quá hạn": late and its plan in force (reads the plan)."""
        return self.is_late and self.plan.in_force

    @property
    def done_late(self) -> bool:
        """Return whether the task was completed after its due date."""
        return bool(
            self.status == TaskStatus.DONE and self.completed_on and self.due_on and self.completed_on > self.due_on
        )

    @property
    def days_left(self) -> int | None:
        """Return the days until the due date (negative when past), or None without one."""
        return (self.due_on - timezone.localdate()).days if self.due_on else None


class TaskPeriod(models.Model):
    """One period in which a task is carried out ("Quý 2" → 1/4–30/6); the last end is the task's due date."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="periods")
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))

    class Meta:
        verbose_name = _("khoảng thời gian")
        verbose_name_plural = _("khoảng thời gian")
        ordering = ["task", "start"]
        indexes = [models.Index(fields=["start", "end"], name="taskperiod_range_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="taskperiod_end_after_start")
        ]

    def __str__(self) -> str:
        return f"{self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"


class TaskUpdate(OrgOwnedModel):
    """A progress report on a task: the status and percentage it reached, a note, and evidence files."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người cập nhật"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("thời điểm"), default=timezone.now)
    # The day the work was done, which may be earlier than the day it was entered (`at`): reports on a period
    # count what was true at its end by this day. Empty on updates entered before the field existed (then `at`).
    done_on = models.DateField(_("ngày thực hiện"), null=True, blank=True)
    # The unit whose share of a task this reports (a unit leader's report); empty for a report on the whole task by
    # its lead or the plan's writers, which alone can complete it.
    unit = models.ForeignKey(
        "org.Organisation",
        verbose_name=_("bộ phận báo cáo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(_("tình trạng"), max_length=12, choices=TaskStatus.choices)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), validators=[MaxValueValidator(100)])
    note = models.TextField(_("nội dung cập nhật"), blank=True)

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["task", "-at", "-id"]

    def __str__(self) -> str:
        return f"{self.task} — {self.progress}%"

    @property
    def effective_on(self) -> dt.date:
        """Return the day the reported work was done (the day of entry for updates without one)."""
        return self.done_on or timezone.localdate(self.at)

    @property
    def entered_later(self) -> bool:
        """Tell whether the update was entered on a later day than the work it reports."""
        return self.done_on is not None and self.done_on != timezone.localdate(self.at)


class Evidence(OrgOwnedModel):
    """A file proving work on a task (minutes, photos, reports), checked by content when uploaded."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="evidence")
    update = models.ForeignKey(
        TaskUpdate,
        verbose_name=_("lần cập nhật"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=255)
    name = models.CharField(_("tên tệp"), max_length=255)
    kind = models.CharField(_("loại tệp"), max_length=10)
    size = models.PositiveIntegerField(_("dung lượng"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["task", "id"]

    def __str__(self) -> str:
        return self.name


class TaskComment(OrgOwnedModel):
    """An internal comment on a task (never shown on the public page)."""

    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = models.TextField(_("ý kiến"))

    class Meta:
        verbose_name = _("ý kiến")
        verbose_name_plural = _("ý kiến")
        ordering = ["task", "created_at", "id"]

    def __str__(self) -> str:
        return self.body[:80]


class PlanDispatch(OrgOwnedModel):
    """The sending of a published plan to one recipient of its Nơi nhận: when, how, by whom, acknowledged when.

    Created on publication from the plan's recipients (services.create_dispatches); the clerk records the sending.
    Sending issued documents to the recipients on the day of issue or the next working day: NĐ 30/2020/NĐ-CP Điều 16(1)
    (UNCONFIRMED clause); "Đăng Website" is the publication the public page makes.
    """

    plan = models.ForeignKey(Plan, verbose_name=_("kế hoạch"), on_delete=models.CASCADE, related_name="dispatches")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    recipient = models.CharField(_("nơi nhận"), max_length=255)
    channel = models.CharField(_("hình thức gửi"), max_length=10, choices=DispatchChannel.choices, blank=True)
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    sent_by = models.ForeignKey(
        "org.Person", verbose_name=_("người gửi"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_on = models.DateField(_("ngày xác nhận đã nhận"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("gửi kế hoạch")
        verbose_name_plural = _("gửi kế hoạch")
        ordering = ["plan", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "recipient"], name="plan_dispatch_once_per_recipient")]

    def __str__(self) -> str:
        return f"{self.recipient} — {self.sent_on:%d/%m/%Y}" if self.sent_on else self.recipient

    @property
    def sent(self) -> bool:
        """Return whether the plan has gone to this recipient."""
        return self.sent_on is not None
