"""Tell people things: in the app always, by email when they have an address, by text when asked."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from danvan.notify.backends import TextMessage, text_backend
from danvan.notify.models import Notification

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
    """Create one in-app notification per user and send the email copies after the transaction commits.

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

            def send() -> None:
                try:
                    send_mail(subject[:200], body + link, None, addresses, fail_silently=False)
                except OSError:  # an SMTP outage must not break the business transaction that already committed
                    logger.exception("notification email failed")

            transaction.on_commit(send)
    return created


def send_text(phone: str, body: str) -> None:
    """Send a short text through the configured SMS/Zalo backend after commit."""
    transaction.on_commit(lambda: text_backend().send(TextMessage(phone, body)))


def mark_read(user: Any, ids: Iterable[int] | None = None) -> int:
    """Mark the user's notifications (all, or the given ids) as read."""
    qs = Notification.objects.for_user(user).unread()
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())
