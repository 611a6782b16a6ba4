"""The People's Inspection Board (Ban thanh tra nhân dân) of a school: terms, members, programmes,
staff feedback, recommendations to the head and reports.

Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, Điều 60–63; NĐ 59/2023/NĐ-CP, Điều 20–23.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.board.choices import (
    CONCERN_CITATION,
    CONCERN_DEFAULT_DAYS,
    CONCERN_MAX_DAYS,
    OPEN_FEEDBACK,
    WARN_DAYS,
    Addressee,
    BoardRole,
    Channel,
    FeedbackStatus,
    PeriodKind,
    ProgrammeStatus,
    RecommendationStatus,
    ReportRecipient,
)
from danvan.core.models import AuditedModel, OrgOwnedModel
from danvan.core.scoping import ScopedQuerySet


class BoardTerm(OrgOwnedModel):
    """One 2-year term of the board, elected by the staff conference (Điều 60)."""

    elected_on = models.DateField(_("ngày bầu (hội nghị CBCCVC-NLĐ)"))
    conference = models.CharField(
        _("hội nghị bầu"),
        max_length=255,
        blank=True,
        help_text=_("Ví dụ: Hội nghị cán bộ, viên chức, người lao động năm học 2023–2024"),
    )
    starts_on = models.DateField(_("nhiệm kỳ từ ngày"))
    ends_on = models.DateField(_("nhiệm kỳ đến ngày"))
    recognition_due = models.DateField(_("hạn công nhận"), help_text=_("5 ngày làm việc (NĐ 59/2023, Điều 21)."))
    recognised_on = models.DateField(_("ngày Công đoàn công nhận"), null=True, blank=True)
    recognition_decision = models.CharField(_("số văn bản công nhận"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("nhiệm kỳ Ban TTND")
        verbose_name_plural = _("nhiệm kỳ Ban TTND")
        ordering = ["-starts_on"]

    def __str__(self) -> str:
        return _("Ban TTND nhiệm kỳ %(a)s–%(b)s") % {"a": self.starts_on.year, "b": self.ends_on.year}

    def is_current(self, on: dt.date | None = None) -> bool:
        """Return whether the term is in force on a date (today by default)."""
        on = on or timezone.localdate()
        return self.starts_on <= on <= self.ends_on

    @property
    def recognised_late(self) -> bool:
        """Return whether the union recognised the election after the 5-working-day limit."""
        return self.recognised_on is not None and self.recognised_on > self.recognition_due


class BoardMember(AuditedModel):
    """A staff member sitting on the board for a term."""

    term = models.ForeignKey(BoardTerm, verbose_name=_("nhiệm kỳ"), on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey("org.Person", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("chức danh"), max_length=12, choices=BoardRole.choices, default=BoardRole.MEMBER)

    objects = ScopedQuerySet.as_manager()
    scope_field = "term__organisation"

    class Meta:
        verbose_name = _("thành viên Ban TTND")
        verbose_name_plural = _("thành viên Ban TTND")
        ordering = ["term", "role", "person__full_name"]
        constraints = [models.UniqueConstraint(fields=["term", "person"], name="board_member_once_per_term")]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()}"

    def audit_organisation(self) -> Any:
        return self.term.organisation


class BoardProgramme(OrgOwnedModel):
    """The board's quarterly, 6-month or annual work programme (Điều 62)."""

    term = models.ForeignKey(
        BoardTerm, verbose_name=_("nhiệm kỳ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    period = models.CharField(_("kỳ"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(
        _("quý / nửa năm"), null=True, blank=True, help_text=_("1–4 cho quý, 1–2 cho 6 tháng; để trống cho cả năm.")
    )
    title = models.CharField(_("tên chương trình"), max_length=300)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )

    class Meta:
        verbose_name = _("chương trình công tác Ban TTND")
        verbose_name_plural = _("chương trình công tác Ban TTND")
        ordering = ["-year", "period", "number"]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        """Return "Quý 2/2025", "6 tháng 1/2025" or "Năm 2025"."""
        if self.period == PeriodKind.YEAR or not self.number:
            return f"{self.get_period_display()} {self.year}"
        return f"{self.get_period_display()} {self.number}/{self.year}"


class ProgrammeItem(AuditedModel):
    """One activity of a programme."""

    programme = models.ForeignKey(
        BoardProgramme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    content = models.TextField(_("nội dung"))
    timing = models.CharField(_("thời gian"), max_length=120, blank=True)
    done = models.BooleanField(_("đã thực hiện"), default=False)

    objects = ScopedQuerySet.as_manager()
    scope_field = "programme__organisation"

    class Meta:
        verbose_name = _("nội dung chương trình")
        verbose_name_plural = _("nội dung chương trình")
        ordering = ["programme", "order", "id"]

    def __str__(self) -> str:
        return self.content[:80]

    def audit_organisation(self) -> Any:
        return self.programme.organisation


class ConcernSettings(OrgOwnedModel):
    """A school's answer period for staff concerns (no text read sets one: see choices.CONCERN_CITATION)."""

    answer_days = models.PositiveSmallIntegerField(
        _("thời hạn trả lời (ngày)"),
        default=CONCERN_DEFAULT_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(CONCERN_MAX_DAYS)],
    )
    working_days = models.BooleanField(_("tính theo ngày làm việc"), default=False)
    citation = models.CharField(_("căn cứ"), max_length=300, blank=True, default=CONCERN_CITATION)

    class Meta:
        verbose_name = _("thời hạn trả lời kiến nghị của CBVC")
        verbose_name_plural = _("thời hạn trả lời kiến nghị của CBVC")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="concern_settings_once_per_org")]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.answer_days}"


class StaffFeedback(OrgOwnedModel):
    """A staff kiến nghị, phản ánh sent to the head or the board; the result goes back to the person.

    Luật 10/2022/QH15 Điều 61 (the board receives staff kiến nghị, phản ánh), NĐ 59/2023/NĐ-CP Điều 22 (the result
    is sent to the person who raised it). A staff member sends one from "Kiến nghị của tôi"; the board still records
    those it receives by hand (suggestion box, in person, in writing).
    """

    person = models.ForeignKey(
        "org.Person", verbose_name=_("người kiến nghị"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("tiêu đề"), max_length=300, blank=True)
    content = models.TextField(_("nội dung"))
    addressee = models.CharField(_("gửi"), max_length=12, choices=Addressee.choices, default=Addressee.BOARD)
    confidential = models.BooleanField(
        _("đề nghị giữ bí mật người gửi"),
        default=False,
        help_text=_("Chỉ người giải quyết biết ai gửi; Ban TTND và người khác chỉ thấy nội dung."),
    )
    due_on = models.DateField(_("hạn trả lời"), null=True, blank=True, db_index=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_on = models.DateField(_("ngày tiếp nhận"))
    channel = models.CharField(_("hình thức"), max_length=10, choices=Channel.choices, default=Channel.DIRECT)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    result = models.TextField(_("kết quả"), blank=True)
    result_sent_on = models.DateField(_("ngày gửi kết quả cho người kiến nghị"), null=True, blank=True)

    # Who raised the matter is known to the board only (protection from retaliation, Điều 63(1)): the
    # trail records that the person changed, never who it is.
    audit_redact = frozenset({"person", "submitted_by"})

    class Meta:
        verbose_name = _("kiến nghị, phản ánh của CBVC")
        verbose_name_plural = _("kiến nghị, phản ánh của CBVC")
        ordering = ["-received_on", "-id"]
        indexes = [models.Index(fields=["organisation", "status", "due_on"], name="feedback_open_due_idx")]

    def __str__(self) -> str:
        return _("Kiến nghị, phản ánh số %(n)s ngày %(d)s") % {
            "n": self.pk or "—",
            "d": self.received_on.strftime("%d/%m/%Y"),
        }

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_FEEDBACK

    def days_left(self, today: dt.date | None = None) -> int | None:
        """Return the calendar days to the answer date (negative when overdue), None without one."""
        if self.due_on is None:
            return None
        return (self.due_on - (today or timezone.localdate())).days

    def colour(self, today: dt.date | None = None) -> str:
        """Return the badge class: "late" (overdue, or answered after the date), "warn" (≤3 days left) or "ok"."""
        if self.due_on is None:
            return ""
        if not self.is_open:
            return "late" if self.result_sent_on and self.result_sent_on > self.due_on else "ok"
        left = self.days_left(today) or 0
        if left < 0:
            return "late"
        return "warn" if left <= WARN_DAYS else "ok"


class BoardRecommendation(OrgOwnedModel):
    """The board's recommendation to the head, answered within 15 days (Luật 10/2022/QH15 Điều 63(1))."""

    subject = models.CharField(_("trích yếu"), max_length=300)
    content = models.TextField(_("nội dung kiến nghị"))
    sent_on = models.DateField(_("ngày gửi"))
    due_on = models.DateField(_("hạn trả lời"), db_index=True)
    due_citation = models.CharField(_("căn cứ thời hạn"), max_length=200, blank=True)
    feedback = models.ForeignKey(
        StaffFeedback,
        verbose_name=_("từ kiến nghị của CBVC"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.SENT
    )
    answer = models.TextField(_("trả lời của Hiệu trưởng"), blank=True)
    answered_on = models.DateField(_("ngày trả lời"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kiến nghị của Ban TTND")
        verbose_name_plural = _("kiến nghị của Ban TTND")
        ordering = ["-sent_on", "-id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_open(self) -> bool:
        return self.status == RecommendationStatus.SENT

    def days_left(self, today: dt.date | None = None) -> int:
        """Return the calendar days from today to the due date (negative when overdue)."""
        return (self.due_on - (today or timezone.localdate())).days

    def colour(self, today: dt.date | None = None) -> str:
        """Return the badge class: "late" (overdue or answered late), "warn" (≤3 days left) or "ok"."""
        if self.status == RecommendationStatus.ANSWERED:
            return "late" if self.answered_on and self.answered_on > self.due_on else "ok"
        if not self.is_open:
            return ""
        left = self.days_left(today)
        if left < 0:
            return "late"
        return "warn" if left <= WARN_DAYS else "ok"

    @property
    def badge(self) -> str:
        return self.colour()


class BoardReport(OrgOwnedModel):
    """A report of the board to the union executive and the staff conference (Điều 62)."""

    period = models.CharField(_("kỳ"), max_length=8, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveSmallIntegerField(_("quý / nửa năm"), null=True, blank=True)
    title = models.CharField(_("tiêu đề"), max_length=300)
    content = models.TextField(_("nội dung"))
    recipient = models.CharField(_("gửi"), max_length=10, choices=ReportRecipient.choices, default=ReportRecipient.BOTH)
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo của Ban TTND")
        verbose_name_plural = _("báo cáo của Ban TTND")
        ordering = ["-year", "-id"]

    def __str__(self) -> str:
        return self.title
