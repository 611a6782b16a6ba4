"""Compute and store each petition's current statutory deadline, its reminders, and recompute after calendar changes.

The periods themselves are data in the workdays rule table (danvan/workdays/rules.py, each row with
its article of law); this module only decides which (kind, step, variant) applies to a petition in a
given state and from which day it runs:

| state                  | kind                 | step (rule)                  | runs from       |
|------------------------|----------------------|------------------------------|-----------------|
| received, classified   | khiếu nại lần 1      | thu-ly: 10 ngày làm việc     | received date   |
|                        | khiếu nại lần 2      | thu-ly: 10 ngày              | received date   |
|                        | tố cáo               | xu-ly: 7 (≤10 on an Điều 24(1) ground) ngày làm việc | received date |
|                        | tố cáo tiếp          | xem-xet-lai: 20 ngày; overdue case yeu-cau-bao-cao: 5 ngày làm việc | received date |
|                        | kiến nghị, phản ánh  | tra-loi: 10 ngày làm việc    | received date   |
|                        | nhiều nội dung, chưa rõ | tiep-cong-dan/tra-loi     | received date   |
| accepted, verifying    | khiếu nại lần 1 / 2  | giai-quyet: 30/45/60/70 ngày | accepted date   |
|                        |   (after suspension) | + suspended days not counted | accepted date   |
| suspended              | khiếu nại (all)      | gui-qd-dinh-chi: 3 ngày làm việc | suspension  |
|                        | tố cáo               | giai-quyet: 30 ngày + gia hạn| accepted date   |
|                        | kiến nghị, phản ánh  | tra-loi (unchanged)          | received date   |
| resolved               | khiếu nại lần 1      | gui-quyet-dinh: 3 ngày làm việc (Luật KN Điều 32) | decision date |
|                        | khiếu nại lần 2      | gui-quyet-dinh: 7 ngày (Luật KN Điều 41)          | decision date |
|                        | tố cáo               | gui-ket-luan: 5 ngày làm việc (Luật TC Điều 35)   | conclusion date |

A denunciation also has limits outside its state: forwarding within 05 working days of receipt
(`transfer_deadline`, Luật TC Điều 24(2)) and publicity within 07 working days of the conclusion
(`publicity_deadline`, Điều 40(1)); they are shown on the file page, not stored as the current step.
A suspended complaint (Luật KN Điều 11a; NĐ 124/2020 Điều 28b as inserted by NĐ 155/2026) owes only the
sending of its Mẫu 14a (gui-qd-dinh-chi: 03 working days from the decision); its resolution clock is paused.
After the resumption decision (Mẫu 14b) the period continues and the suspended days — from the suspension
decision to the resumption decision — are not counted: the due date is the period plus those days.

A denunciation's period is extended only by written decision (Luật TC Điều 30; NĐ 31/2019 Điều 3):
its due date is 30 days plus the days of each recorded `Extension`, counted as calendar days with
the BLDS Điều 148(5) roll-forward.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from danvan.core import audit
from danvan.core.language import records_language
from danvan.petitions.choices import (
    COMPLAINT_KINDS,
    DISCIPLINE_KINDS,
    FEEDBACK_KINDS,
    OPEN_STATES,
    InitialProcessingReason,
    Kind,
    State,
)
from danvan.petitions.models import Petition, PetitionStep
from danvan.petitions.notifications import notify_handler
from danvan.workdays import services as wd
from danvan.workdays.choices import Unit

logger = logging.getLogger(__name__)

REMIND_WORKING_DAYS_BEFORE = 3  # e-mail the handler 3 working days before the due date, and on the day
REMIND_HOUR = 7  # local time of the reminder e-mails

DEADLINE_FIELDS = ["step", "step_started_on", "due_on", "deadline_rule", "deadline_citation", "next_reminder_at"]


@dataclass(frozen=True)
class PetitionDeadline:
    """The current step of a petition with its due date and the rule it comes from."""

    step: str
    start: dt.date
    due: dt.date
    rule_text: str
    citation: str
    unconfirmed: bool = False  # the rule version is marked "chưa xác nhận" (e.g. after Luật 136/2025/QH15)


def local_date(value: dt.datetime | dt.date) -> dt.date:
    """Return the local (Asia/Ho_Chi_Minh) date of an aware datetime."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date()
    return value


def _deadline_kind(kind: str) -> str:
    if (
        kind in (Kind.KHIEU_NAI, Kind.KHIEU_NAI_LAN_2, Kind.TO_CAO, Kind.KIEN_NGHI, Kind.PHAN_ANH)
        or kind in COMPLAINT_KINDS
    ):
        return str(kind)
    return "tiep-cong-dan"  # mixed or unclassified: the Luật TCD Điều 28(1) reply period


def current_deadline(petition: Any) -> PetitionDeadline | None:
    """Return the deadline of the petition's current step, or None when nothing is owed (or no rule applies)."""
    try:
        deadline = _current_deadline(petition)
    except wd.WorkdaysError:
        # An administrator removed or end-dated the rule: keep working, without a due date, and say so in the log.
        logger.warning(
            "petitions: no deadline rule for petition %s (%s, %s)", petition.pk, petition.kind, petition.state
        )
        return None
    if deadline is not None and deadline.unconfirmed:
        return PetitionDeadline(
            deadline.step, deadline.start, deadline.due, f"{deadline.rule_text} (chưa xác nhận)", deadline.citation
        )
    return deadline


def _d(step: str, start: dt.date, d: Any) -> PetitionDeadline:
    return PetitionDeadline(step, start, d.due, d.rule_text, d.rule.citation, unconfirmed=not d.rule.confirmed)


def _current_deadline(petition: Any) -> PetitionDeadline | None:
    state = petition.state
    if state not in OPEN_STATES:
        return None
    kind = _deadline_kind(petition.kind)
    received = local_date(petition.received_at)
    org = petition.handling_body
    flags = {"complex": petition.is_complex, "very_complex": petition.is_very_complex, "remote": petition.is_remote}

    if state in (State.RECEIVED, State.CLASSIFIED) and kind == Kind.TO_CAO:
        return _denunciation_intake(petition, received, org)
    if state == State.SUSPENDED:
        return _suspension_send(petition, org)

    if state in (State.RECEIVED, State.CLASSIFIED):
        if kind in COMPLAINT_KINDS:
            step = "thu-ly"
        elif kind == Kind.TO_CAO:
            step = "xu-ly"
        else:
            step = "tra-loi"
        d = wd.compute_deadline(kind, step, received, organisation=org, **(flags if kind == Kind.TO_CAO else {}))
        return _d(step, received, d)

    if state in (State.ACCEPTED, State.VERIFYING):
        if kind in FEEDBACK_KINDS or kind == "tiep-cong-dan":
            d = wd.compute_deadline(kind, "tra-loi", received, organisation=org)
            return _d("tra-loi", received, d)
        start = petition.accepted_on or received
        if kind == Kind.TO_CAO:
            return _denunciation_resolution(petition, start, org)
        if kind in COMPLAINT_KINDS:
            return _complaint_resolution(petition, start, org, flags)
        d = wd.compute_deadline(kind, "giai-quyet", start, organisation=org, **flags)
        return _d("giai-quyet", start, d)

    if state == State.RESOLVED:
        start = petition.resolved_on or timezone.localdate()
        step = "gui-ket-luan" if kind == Kind.TO_CAO else "gui-quyet-dinh"
        if kind not in (Kind.KHIEU_NAI, Kind.KHIEU_NAI_LAN_2, Kind.TO_CAO) or kind in DISCIPLINE_KINDS:
            return None  # no sending period found for disciplinary complaints (docs/petitions.md)
        d = wd.compute_deadline(kind, step, start, organisation=org)
        return _d(step, start, d)
    return None


def _denunciation_resolution(petition: Any, start: dt.date, org: Any) -> PetitionDeadline:
    """Return 30 days from acceptance plus the extensions decided in writing (Luật TC Điều 30)."""
    base = wd.compute_deadline(Kind.TO_CAO, "giai-quyet", start, organisation=org)
    extensions = list(petition.extensions.all()) if petition.pk else []
    if not extensions:
        return _d("giai-quyet", start, base)
    total = base.rule.amount + sum(e.days for e in extensions)
    due = wd.get_calendar(org).due_date(start, total, base.rule.unit)
    numbers = ", ".join(e.decision_number or e.decision_date.strftime("%d/%m/%Y") for e in extensions)
    text = f"{base.rule.amount} ngày + gia hạn {sum(e.days for e in extensions)} ngày"
    citation = f"{base.rule.citation}; NĐ 31/2019/NĐ-CP, Điều 3; quyết định gia hạn {numbers}"
    return PetitionDeadline("giai-quyet", start, due, text, citation[:255], unconfirmed=not base.rule.confirmed)


# ---------------------------------------------------------------- denunciations (tố cáo)


def _denunciation_intake(petition: Any, received: dt.date, org: Any) -> PetitionDeadline:
    """Return the deadline of a denunciation before acceptance.

    - a tố cáo tiếp: the superior reviews it within 20 days of receipt (Luật TC Điều 37(2)); when the case was
      overdue and unresolved, within 05 working days it requests a report from the resolver (Điều 38(2));
    - otherwise initial processing: 07 working days, up to 10 only on the ground of Điều 24(1) recorded on the
      petition (several places to verify, or a delegation) — not because the case is "complex" (that is the
      resolution extension of Điều 30, NĐ 31/2019 Điều 3).
    """
    if petition.re_denunciation_of_id:
        step = "yeu-cau-bao-cao" if petition.re_denounced_overdue else "xem-xet-lai"
        return _d(step, received, wd.compute_deadline(Kind.TO_CAO, step, received, organisation=org))
    reason = petition.initial_processing_reason
    d = wd.compute_deadline(Kind.TO_CAO, "xu-ly", received, complex=bool(reason), organisation=org)
    if not reason:
        return _d("xu-ly", received, d)

    text = f"{d.rule.amount} {Unit(d.rule.unit).label} ({InitialProcessingReason(reason).label})"
    return PetitionDeadline("xu-ly", received, d.due, text, d.rule.citation, unconfirmed=not d.rule.confirmed)


def transfer_deadline(petition: Any) -> PetitionDeadline | None:
    """Return the 05-working-day limit to forward a denunciation outside our competence (Luật TC Điều 24(2)).

    Runs from receipt; shown while the denunciation has not been accepted, and kept on a transferred one so a late
    transfer is flagged.
    """
    if petition.kind != Kind.TO_CAO or petition.state not in (State.RECEIVED, State.CLASSIFIED, State.TRANSFERRED):
        return None
    received = local_date(petition.received_at)
    try:
        d = wd.compute_deadline(Kind.TO_CAO, "chuyen-don", received, organisation=petition.handling_body)
    except wd.WorkdaysError:
        logger.warning("petitions: no transfer rule for petition %s", petition.pk)
        return None
    return _d("chuyen-don", received, d)


def publicity_deadline(petition: Any) -> PetitionDeadline | None:
    """Return the 07-working-day limit to publicise a denunciation conclusion (Luật TC Điều 40(1)), from its date."""
    if petition.kind != Kind.TO_CAO or petition.resolved_on is None:
        return None
    try:
        d = wd.compute_deadline(
            Kind.TO_CAO, "cong-khai-ket-luan", petition.resolved_on, organisation=petition.handling_body
        )
    except wd.WorkdaysError:
        logger.warning("petitions: no publicity rule for petition %s", petition.pk)
        return None
    return _d("cong-khai-ket-luan", petition.resolved_on, d)


def _complaint_resolution(petition: Any, start: dt.date, org: Any, flags: dict[str, bool]) -> PetitionDeadline:
    """Return the complaint's resolution period, with the suspended days not counted (NĐ 124/2020 Điều 28b(2))."""
    base = wd.compute_deadline(petition.kind, "giai-quyet", start, organisation=org, **flags)
    excluded = excluded_days(petition)
    if not excluded:
        return _d("giai-quyet", start, base)
    due = wd.get_calendar(org).due_date(start, base.rule.amount + excluded, base.rule.unit)
    text = f"{base.rule_text} + {excluded} ngày tạm đình chỉ không tính"
    citation = f"{base.rule.citation}; NĐ 124/2020/NĐ-CP, Điều 28b khoản 2 (NĐ 155/2026/NĐ-CP)"
    return PetitionDeadline("giai-quyet", start, due, text, citation[:255], unconfirmed=not base.rule.confirmed)


def excluded_days(petition: Any) -> int:
    """Return the days of ended suspensions, which do not count in the resolution period."""
    if not petition.pk:
        return 0
    return sum(s.excluded_days for s in petition.suspensions.all())


def _suspension_send(petition: Any, org: Any) -> PetitionDeadline | None:
    """Return the 03 working days to send the suspension decision (Mẫu 14a), or None once it is sent."""
    current = petition.suspensions.filter(terminates=False, resumed_on__isnull=True).order_by("-id").first()
    if current is None or current.sent_on is not None:
        return None
    d = wd.compute_deadline(petition.kind, "gui-qd-dinh-chi", current.decided_on, organisation=org)
    return _d("gui-qd-dinh-chi", current.decided_on, d)


# ---------------------------------------------------------------- reminders


def _at_local(day: dt.date, hour: int = REMIND_HOUR) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def reminder_times(due: dt.date, *, organisation: Any = None) -> list[dt.datetime]:
    """Return when to remind the handler: 3 working days before the due date and on the due date, 07:00."""
    before = wd.add_working_days(due, -REMIND_WORKING_DAYS_BEFORE, organisation=organisation)
    return [_at_local(before), _at_local(due)]


def next_reminder_after(due: dt.date | None, now: dt.datetime, *, organisation: Any = None) -> dt.datetime | None:
    """Return the first reminder time strictly after `now`, or None when both have passed."""
    if due is None:
        return None
    for at in reminder_times(due, organisation=organisation):
        if at > now:
            return at
    return None


# ---------------------------------------------------------------- apply and recompute


def apply_deadline(petition: Any, *, now: dt.datetime | None = None) -> list[str]:
    """Set the petition's stored deadline fields from its state; return the names of the fields that changed."""
    now = now or timezone.now()
    # The rule's wording is stored with the petition: in Vietnamese, whatever language the person acting reads.
    with records_language():
        deadline = current_deadline(petition)
    if deadline is None:
        values: dict[str, Any] = dict.fromkeys(DEADLINE_FIELDS)
        values.update({"step": "", "deadline_rule": "", "deadline_citation": ""})
    else:
        values = {
            "step": deadline.step,
            "step_started_on": deadline.start,
            "due_on": deadline.due,
            "deadline_rule": deadline.rule_text[:120],
            "deadline_citation": deadline.citation[:255],
            "next_reminder_at": next_reminder_after(deadline.due, now, organisation=petition.handling_body),
        }
    changed = []
    for name, value in values.items():
        if getattr(petition, name) != value:
            setattr(petition, name, value)
            changed.append(name)
    return changed


def recompute_deadlines(
    organisation_ids: set[int] | None, date_range: tuple[dt.date, dt.date] | None, reason: str = ""
) -> int:
    """Recompute open petitions' due dates after a calendar or rule change; audit and notify each change.

    Registered with the workdays registry (apps.py). A changed day d matters only when
    start < d ≤ due (workdays.services.register_deadline_source). `reason` names the change
    ("ngày 24/11/2026 chuyển thành ngày nghỉ — …") in the timeline, the audit and the message.
    """

    qs = Petition._base_manager.filter(state__in=OPEN_STATES).select_related("handling_body", "handler")
    if organisation_ids is not None:
        qs = qs.filter(Q(handling_body_id__in=organisation_ids) | Q(organisation_id__in=organisation_ids))
    if date_range is not None:
        first, last = date_range
        qs = qs.filter(step_started_on__lt=last, due_on__gte=first)
    changed_count = 0
    for petition in qs.iterator(chunk_size=500):
        old_due, old_rule = petition.due_on, petition.deadline_rule
        with transaction.atomic():
            changed = apply_deadline(petition)
            if not changed:
                continue
            petition.write_columns(changed)
            if petition.due_on == old_due or petition.due_on is None:
                continue
            changed_count += 1
            old_text = old_due.strftime("%d/%m/%Y") if old_due else "—"
            note = (
                f"Hạn {old_text} → {petition.due_on:%d/%m/%Y} ({petition.deadline_rule}; "
                f"{petition.deadline_citation}) do {reason or 'thay đổi lịch làm việc hoặc quy tắc thời hạn'}"
            )
            audit.record(
                "petitions.petition.deadline_changed",
                obj=petition,
                changes={
                    "due_on": [old_due.isoformat() if old_due else None, petition.due_on.isoformat()],
                    "deadline_rule": [old_rule, petition.deadline_rule],
                },
                message=note,
            )
            PetitionStep.objects.create(petition=petition, code="deadline_changed", note=note)
            notify_handler(petition, subject=f"Thay đổi hạn xử lý đơn {petition.tracking_code}", body=note)
    return changed_count
