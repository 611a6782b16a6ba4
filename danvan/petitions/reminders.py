"""Remind handlers of petition deadlines: claim each due reminder with a conditional UPDATE, then e-mail.

The pattern is healthchecks' `sendalerts`: a worker reads candidates whose `next_reminder_at` has
passed, and for each one runs ``UPDATE … SET next_reminder_at = <next> WHERE id = … AND
next_reminder_at = <the value it read>``. Only the worker whose UPDATE changed a row sends the
e-mail, so two workers (or a retried task) never remind twice. The reminder goes 3 working days
before the due date and on the due date (deadlines.reminder_times).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from danvan.core import audit
from danvan.petitions.choices import OPEN_STATES
from danvan.petitions.deadlines import next_reminder_after
from danvan.petitions.identity import shown_title
from danvan.petitions.models import Petition
from danvan.petitions.notifications import deliver_to_handler


def claim(petition_id: int, seen_at: dt.datetime, *, now: dt.datetime) -> Any:
    """Move one reminder forward if nobody else did; return the petition when this caller won the claim."""
    petition = Petition._base_manager.select_related("handling_body", "handler__user").filter(pk=petition_id).first()
    if petition is None or petition.next_reminder_at != seen_at:
        return None
    following = (
        next_reminder_after(petition.due_on, now, organisation=petition.handling_body)
        if petition.state in OPEN_STATES
        else None
    )
    won = Petition._base_manager.filter(pk=petition_id, next_reminder_at=seen_at).update(next_reminder_at=following)
    if won != 1:
        return None
    petition.next_reminder_at = following
    return petition


def reminder_text(petition: Any, today: dt.date) -> tuple[str, str]:
    """Return (subject, body) of a reminder; the body names no petitioner."""
    left = petition.working_days_left(today)
    if petition.due_on == today:
        when = "hôm nay là hạn cuối"
    elif left is not None and left < 0:
        when = f"đã quá hạn ({petition.due_on:%d/%m/%Y})"
    else:
        when = f"còn {left} ngày làm việc (hạn {petition.due_on:%d/%m/%Y})"
    subject = f"Nhắc hạn đơn {petition.tracking_code}: {when}"
    body = (
        f"Đơn {shown_title(petition)}\n"
        f"Bước: {petition.get_step_display() or petition.step}; {when}.\n"
        f"Căn cứ: {petition.deadline_rule}; {petition.deadline_citation}.\n"
    )
    return subject, body


def send_due_reminders(now: dt.datetime | None = None, *, limit: int = 500) -> int:
    """Claim and send every reminder that is due; return how many e-mails went out."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    candidates = list(
        Petition._base_manager.filter(next_reminder_at__lte=now)
        .order_by("next_reminder_at")
        .values_list("id", "next_reminder_at")[:limit]
    )
    sent = 0
    for petition_id, seen_at in candidates:
        petition = claim(petition_id, seen_at, now=now)
        if petition is None or petition.state not in OPEN_STATES or petition.due_on is None:
            continue
        subject, body = reminder_text(petition, today)
        if deliver_to_handler(petition, subject=subject, body=body):
            sent += 1
            audit.record("petitions.petition.reminded", obj=petition, message=subject)
    return sent
