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

from danvan.core import audit
from danvan.notify import tasks
from danvan.notify.backends import GatewayError, TextMessage, enabled_channels, text_backend
from danvan.notify.models import Notification, OutboundEmail, OutboundText, TextChannel

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
    won = (
        OutboundEmail.objects.pending()
        .filter(pk=pk)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .update(claimed_until=now + lease(), attempts=F("attempts") + 1)
    )
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


# ====================================================================== text outbox (SMS, Zalo OA)

TEXT_BACKOFF_BASE = dt.timedelta(minutes=1)
TEXT_BACKOFF_CAP = dt.timedelta(hours=1)


def text_channel_enabled(channel: str) -> bool:
    """Return whether the channel ("sms", "zalo") has a configured gateway."""
    return channel in enabled_channels()


def backoff(attempts: int) -> dt.timedelta:
    """Return the pause after the `attempts`-th failed attempt: 1, 2, 4 … minutes, at most an hour."""
    factor: int = 2 ** max(attempts - 1, 0)
    return min(TEXT_BACKOFF_BASE * factor, TEXT_BACKOFF_CAP)


def max_text_attempts() -> int:
    """Return after how many failed attempts a text becomes a dead letter."""
    return max(1, int(getattr(settings, "DANVAN_TEXT_MAX_ATTEMPTS", 8)))


def queue_text(channel: str, to: str, body: str, *, organisation: Any = None) -> OutboundText:
    """Record a text in the current transaction and hand it to the worker once the transaction commits.

    The page never waits for the gateway: after the commit only a background task is enqueued (run at once by the
    worker); if that fails too, the periodic sweep (`send_pending_texts`) finds the row.
    """
    if channel not in TextChannel.values:
        raise ValueError(f"unknown text channel {channel!r}")
    row = OutboundText.objects.create(channel=channel, to=to.strip(), body=body.strip(), organisation=organisation)
    transaction.on_commit(lambda: _enqueue_send(row.pk), robust=True)
    return row


def _enqueue_send(pk: int) -> None:
    tasks.send_texts.enqueue([pk])


def claim_text(pk: int, *, now: dt.datetime) -> bool:
    """Reserve one due text for this sender with a conditional UPDATE; True when this caller won it."""
    won = OutboundText.objects.due(now).filter(pk=pk).update(claimed_until=now + lease(), attempts=F("attempts") + 1)
    return won == 1


def send_queued_texts(ids: Iterable[int] | None = None, *, now: dt.datetime | None = None, limit: int = 200) -> int:
    """Claim and send the due texts (the given ones, else every one due); return how many went out.

    A failure pushes the row's next attempt back (`backoff`, or longer when the gateway asked for a pause) until the
    attempts run out; then the row is a dead letter. A crash between the claim and the result leaves the row
    claimed: it is tried again when the lease ends, with the same idempotency key.
    """
    now = now or timezone.now()
    candidates = OutboundText.objects.due(now)
    if ids is not None:
        candidates = candidates.filter(pk__in=list(ids))
    sent = 0
    for row in list(candidates.order_by("next_attempt_at", "id")[:limit]):
        if not claim_text(row.pk, now=now):
            continue
        attempts = row.attempts + 1
        try:
            backend = text_backend(row.channel)
            if backend is None:
                raise GatewayError(f"{row.channel}: channel not configured")
            ref = backend.send(TextMessage(row.to, row.body, row.channel, row.idempotency_key))
        except GatewayError as exc:
            _failed(row, exc, attempts=attempts, now=now)
            continue
        except Exception as exc:  # a bug in a backend must not stop the sweep; the row keeps its place
            logger.exception("text %s failed", row.pk)
            _failed(row, GatewayError(repr(exc)), attempts=attempts, now=now)
            continue
        OutboundText.objects.filter(pk=row.pk).update(
            sent_at=now, claimed_until=None, gateway_ref=(ref or "")[:100], last_error=""
        )
        sent += 1
    return sent


def _failed(row: OutboundText, exc: GatewayError, *, attempts: int, now: dt.datetime) -> None:
    message = exc.message[:500]
    if not exc.retry or attempts >= max_text_attempts():
        logger.error("text %s is a dead letter after %d attempts: %s", row.pk, attempts, message)
        OutboundText.objects.filter(pk=row.pk).update(dead_at=now, claimed_until=None, last_error=message)
        return
    pause = max(backoff(attempts), dt.timedelta(seconds=exc.after or 0))
    OutboundText.objects.filter(pk=row.pk).update(next_attempt_at=now + pause, claimed_until=None, last_error=message)


def retry_dead_text(row: OutboundText, *, actor: Any) -> OutboundText:
    """Put a dead letter back in the queue with a fresh count of attempts (after the cause was fixed)."""
    with transaction.atomic():
        updated = (
            OutboundText.objects.dead()
            .filter(pk=row.pk)
            .update(dead_at=None, attempts=0, next_attempt_at=timezone.now(), claimed_until=None)
        )
        if updated:
            audit.record(
                "notify.text.requeued", obj=row, actor=actor, organisation=row.organisation, message=row.last_error
            )
            transaction.on_commit(lambda: _enqueue_send(row.pk), robust=True)
    row.refresh_from_db()
    return row


def send_text(phone: str, body: str, *, organisation: Any = None) -> OutboundText:
    """Queue an SMS to a phone number (sent after commit by the worker)."""
    return queue_text(TextChannel.SMS, phone, body, organisation=organisation)


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ids) as read."""
    qs = Notification.objects.for_user(user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
