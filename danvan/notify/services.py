"""Tell people things: in the app always, by email when they have an address, by text when asked."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from danvan.notify.backends import TextMessage, text_backend
from danvan.notify.models import Notification, OutboundEmail

logger = logging.getLogger(__name__)


def notify(
    recipients: Iterable[Any],
    subject: str,
    body: str = "",
    *,
    url: str = "",
    organisation: Any = None,
    email: bool = True,
) -> list[Notification]:
    """Create one in-app notification per user and queue the email copy, sent after the transaction commits.

    Never put a protected identity (a denouncer's name, address, phone) in `subject` or `body`: they reach
    inboxes and the list page of the recipient.
    """
    # Subjects carry user text (a recommendation's trích yếu): one line, or the mail header breaks.
    subject = " ".join(str(subject).split())[:200]
    users = [u for u in {getattr(u, "pk", None): u for u in recipients if u is not None}.values() if u.is_active]
    created = [
        Notification.objects.create(recipient=u, organisation=organisation, subject=subject[:200], body=body, url=url)
        for u in users
    ]
    if email:
        addresses = [u.email for u in users if u.email]
        if addresses:
            link = f"\n\n{settings.SITE_URL}{url}" if url else ""
            queue_email(addresses, subject, body + link)
    return created


# ====================================================================== e-mail outbox


def lease() -> dt.timedelta:
    """Return how long a claimed e-mail stays reserved to its sender (longer than any SMTP exchange)."""
    return dt.timedelta(seconds=float(getattr(settings, "DANVAN_EMAIL_LEASE_SECONDS", 300)))


def queue_email(to: Sequence[str], subject: str, body: str) -> OutboundEmail:
    """Record an e-mail in the current transaction and send it once the transaction commits.

    If the process dies before the send, the worker's sweep (`send_queued_emails`) sends it later: the message
    is lost only with the transaction that decided it.
    """
    subject = " ".join(str(subject).split())[:200]
    row = OutboundEmail.objects.create(to=[a for a in to if a], subject=subject, body=body)
    # robust: a database hiccup in the send must not turn a committed change into an error page; the sweep retries.
    transaction.on_commit(lambda: send_queued_emails(ids=[row.pk]), robust=True)
    return row


def claim_email(pk: int, *, now: dt.datetime) -> bool:
    """Reserve one unsent e-mail for this sender with a conditional UPDATE; True when this caller won it."""
    won = (OutboundEmail.objects.pending().filter(pk=pk)
           .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
           .update(claimed_until=now + lease(), attempts=F("attempts") + 1))
    return won == 1


def send_queued_emails(ids: Iterable[int] | None = None, *, now: dt.datetime | None = None, limit: int = 500) -> int:
    """Claim and send queued e-mails (the given ones, else every one due); return how many went out.

    Each row is claimed before the SMTP call and marked sent after it. A crash between the two leaves the row
    claimed: it is sent again when the lease ends, with the same Message-ID, so the only repeat possible is a
    message the SMTP server accepted in the instant before the crash — and its receiver can recognise it.
    """
    now = now or timezone.now()
    candidates = OutboundEmail.objects.pending().filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
    if ids is not None:
        candidates = candidates.filter(pk__in=list(ids))
    sent = 0
    for row in list(candidates.order_by("id")[:limit]):
        if not claim_email(row.pk, now=now):
            continue
        message = EmailMessage(row.subject, row.body, None, row.to, headers={"Message-ID": row.message_id})
        try:
            message.send(fail_silently=False)
        except Exception as exc:  # an SMTP outage must not break the caller; the row is retried after a pause
            logger.exception("notification email %s failed", row.pk)
            retry = timezone.now() + min(dt.timedelta(minutes=2 ** min(row.attempts, 6)), dt.timedelta(hours=1))
            OutboundEmail.objects.filter(pk=row.pk).update(claimed_until=retry, last_error=repr(exc)[:500])
            continue
        OutboundEmail.objects.filter(pk=row.pk).update(sent_at=timezone.now(), claimed_until=None)
        sent += 1
    return sent


def send_text(phone: str, body: str) -> None:
    """Send a short text through the configured SMS/Zalo backend after commit."""
    transaction.on_commit(lambda: text_backend().send(TextMessage(phone, body)))


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ids) as read."""
    qs = Notification.objects.for_user(user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
