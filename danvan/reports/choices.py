"""Kinds of reporting obligation, report states, the transitions table and the derived obligation status."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.transitions import allowed_actions as table_actions


class ObligationKind(models.TextChoices):
    """What kind of report is owed (TT 02/2021/TT-TTCP Điều 1–3: periodic, thematic and ad-hoc reports)."""

    SIX_MONTH = "6_thang", _("6 tháng")
    ANNUAL = "nam", _("Năm")
    QUARTER = "quy", _("Quý")
    THEMATIC = "chuyen_de", _("Chuyên đề")
    AD_HOC = "dot_xuat", _("Đột xuất")


class ReportTemplate(models.TextChoices):
    """Which sections a compiled report contains."""

    DAN_VAN = "dan_van", _("Báo cáo công tác dân vận (đầy đủ)")
    TIEP_CONG_DAN = "tiep_cong_dan", _("Báo cáo công tác tiếp công dân, giải quyết đơn thư")


# Sections each template compiles (keys of the figures JSON).
TEMPLATE_SOURCES: dict[str, tuple[str, ...]] = {
    ReportTemplate.DAN_VAN: ("tasks", "petitions", "dissemination", "emulation"),
    ReportTemplate.TIEP_CONG_DAN: ("petitions",),
}


class ReportState(models.TextChoices):
    """Where a school's report is: written, signed by the head, sent, then accepted or returned by the Department."""

    DRAFT = "draft", _("Dự thảo")
    SIGNED = "signed", _("Đã ký")
    SUBMITTED = "submitted", _("Đã gửi")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


class ReportAction(models.TextChoices):
    """What a user can do to a report's state."""

    SIGN = "sign", _("Duyệt, ký")
    UNSIGN = "unsign", _("Hủy ký để sửa")
    SUBMIT = "submit", _("Gửi Sở")
    ACCEPT = "accept", _("Tiếp nhận")
    RETURN = "return", _("Trả lại")
    REVISE = "revise", _("Sửa lại để gửi lại")


# (from, action) -> (to, permission). The head signs and sends (reports.sign); the Department accepts or
# returns with comments (reports.review on its subtree); a returned report goes back to a draft to be
# edited, signed and sent again.
REPORT_TRANSITIONS: dict[tuple[str, str], tuple[str, str]] = {
    (ReportState.DRAFT, ReportAction.SIGN): (ReportState.SIGNED, "reports.sign"),
    (ReportState.SIGNED, ReportAction.UNSIGN): (ReportState.DRAFT, "reports.sign"),
    (ReportState.SIGNED, ReportAction.SUBMIT): (ReportState.SUBMITTED, "reports.sign"),
    (ReportState.SUBMITTED, ReportAction.ACCEPT): (ReportState.ACCEPTED, "reports.review"),
    (ReportState.SUBMITTED, ReportAction.RETURN): (ReportState.RETURNED, "reports.review"),
    (ReportState.RETURNED, ReportAction.REVISE): (ReportState.DRAFT, "reports.edit"),
}

# States in which the narrative may be edited and the figures recompiled.
EDITABLE_STATES = frozenset({ReportState.DRAFT})
# States in which the signed paper copy's scan may be attached (replaced): signed, sent or accepted.
SCAN_STATES = frozenset({ReportState.SIGNED, ReportState.SUBMITTED, ReportState.ACCEPTED})


def allowed_actions(state: str) -> list[str]:
    """Return the actions allowed from a state, in table order."""
    return table_actions(REPORT_TRANSITIONS, state)


class ObligationStatus(models.TextChoices):
    """The status shown for an obligation, derived from its report's state and the dates."""

    NOT_STARTED = "not_started", _("Chưa thực hiện")
    DRAFT = "draft", _("Đang soạn")
    SIGNED = "signed", _("Đã ký, chưa gửi")
    ON_TIME = "on_time", _("Đã gửi đúng hạn")
    LATE = "late", _("Gửi muộn")
    MISSING = "missing", _("Chưa gửi (quá hạn)")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã tiếp nhận")


# CSS badge class per status (ok / warn / late, see base.css).
STATUS_BADGE: dict[str, str] = {
    ObligationStatus.NOT_STARTED: "",
    ObligationStatus.DRAFT: "warn",
    ObligationStatus.SIGNED: "warn",
    ObligationStatus.ON_TIME: "ok",
    ObligationStatus.LATE: "late",
    ObligationStatus.MISSING: "late",
    ObligationStatus.RETURNED: "warn",
    ObligationStatus.ACCEPTED: "ok",
}

# Statuses that count as "sent" for the on-time rate.
SENT_STATUSES = frozenset(
    {ObligationStatus.ON_TIME, ObligationStatus.LATE, ObligationStatus.ACCEPTED, ObligationStatus.RETURNED}
)


def derive_status(state: str | None, due: dt.date, today: dt.date, *, submitted_late: bool | None = None) -> str:
    """Return the obligation status from the report state (None = no report yet), the due date and today.

    Nothing sent once the due day has passed is "missing", even with a draft in progress.
    """
    if state in (ReportState.SUBMITTED,):
        return ObligationStatus.LATE if submitted_late else ObligationStatus.ON_TIME
    if state == ReportState.ACCEPTED:
        return ObligationStatus.ACCEPTED
    if state == ReportState.RETURNED:
        return ObligationStatus.RETURNED
    if due < today:
        return ObligationStatus.MISSING
    if state == ReportState.SIGNED:
        return ObligationStatus.SIGNED
    if state == ReportState.DRAFT:
        return ObligationStatus.DRAFT
    return ObligationStatus.NOT_STARTED


class JobStatus(models.TextChoices):
    """State of a background compile job."""

    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tổng hợp")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")


class Section(models.TextChoices):
    """Narrative sections of a report, in document order."""

    RESULTS = "results", _("Kết quả đạt được")
    LIMITATIONS = "limitations", _("Hạn chế, nguyên nhân")
    LESSONS = "lessons", _("Bài học kinh nghiệm")
    NEXT_TASKS = "next_tasks", _("Nhiệm vụ trọng tâm kỳ tới")
    PROPOSALS = "proposals", _("Đề xuất, kiến nghị")


def last_day_before_month(day: dt.date) -> dt.date:
    """Return the last day of the month before `day` (10/12/2023 → 30/11/2023)."""
    return day.replace(day=1) - dt.timedelta(days=1)


def standard_period(kind: str, year: int) -> tuple[dt.date, dt.date]:
    """Return the NĐ 09/2019/NĐ-CP Điều 12 data period of a 6-month or annual report of a year.

    6-month reports cover 15/12 of the previous year to 14/6, annual reports 15/12 of the previous year to
    14/12 (domain.md §3.3; TT 02/2021's own dates are UNCONFIRMED, so the period stays editable per obligation).
    """
    end = dt.date(year, 6, 14) if kind == ObligationKind.SIX_MONTH else dt.date(year, 12, 14)
    return dt.date(year - 1, 12, 15), end


def default_period(kind: str, due: dt.date) -> tuple[dt.date, dt.date]:
    """Return the default data period of a periodic report owed on `due`; it never ends after `due`.

    6-month and annual reports follow `standard_period`. A report due before that end (the Sở's internal
    deadline of the annual report is 10/12, domain.md §3.3) cannot hold data it is due before: its data then
    stop at the end of the month before the due month (due 10/12 → data to 30/11) — a house rule, editable
    per obligation.
    """
    year = due.year
    if kind in (ObligationKind.SIX_MONTH, ObligationKind.ANNUAL):
        start, end = standard_period(kind, year)
        return start, (end if end < due else last_day_before_month(due))
    if kind == ObligationKind.QUARTER:
        q_start_month = ((due.month - 1) // 3) * 3 + 1
        start = dt.date(year, q_start_month, 1)
        return start, due
    return dt.date(year, 1, 1), due


# The Sở's internal deadlines for the periodic reports (the seed plan: the 6-month report "trước ngày 15/6",
# the annual one "trước ngày 10/12"; domain.md §3.3). They prefill the Department's "Giao báo cáo" form.
PERIODIC_DUE: tuple[tuple[str, int, int], ...] = (
    (ObligationKind.SIX_MONTH, 6, 15),
    (ObligationKind.ANNUAL, 12, 10),
)


def upcoming_period(today: dt.date) -> tuple[str, dt.date, dt.date, dt.date]:
    """Return (kind, data start, data end, due) of the next periodic report not yet due on `today`."""
    for year in (today.year, today.year + 1):
        for kind, month, day in PERIODIC_DUE:
            due = dt.date(year, month, day)
            if due >= today:
                start, end = default_period(kind, due)
                return kind, start, end, due
    raise AssertionError("unreachable: a periodic report is due every year")  # pragma: no cover
