"""E-mail the people working on a petition; never the petitioner's identity, always after commit."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

logger = logging.getLogger(__name__)


def handler_email(petition: Any) -> str:
    """Return the assigned handler's e-mail address (their person record, else their login), or ""."""
    handler = petition.handler
    if handler is None:
        return ""
    if handler.email:
        return handler.email
    user = getattr(handler, "user", None)
    return getattr(user, "email", "") or ""


def petition_url(petition: Any) -> str:
    """Return the absolute staff URL of the petition (or the site when the page is not mounted yet)."""
    from django.urls import NoReverseMatch, reverse

    try:
        path = reverse("petitions:petition_detail", args=[petition.pk])
    except NoReverseMatch:
        path = "/don-thu/"
    return f"{settings.SITE_URL}{path}"


def send_now(to: str, subject: str, body: str) -> bool:
    """Send one plain-text e-mail; log and return False on failure (a reminder must not crash a worker)."""
    try:
        send_mail(subject, body, None, [to], fail_silently=False)
        return True
    except Exception:
        logger.exception("petitions: could not send e-mail to the handler")
        return False


def notify_handler(petition: Any, *, subject: str, body: str) -> None:
    """E-mail the handler once the current transaction commits (nothing when no handler or address)."""
    to = handler_email(petition)
    if not to:
        return
    text = f"{body}\n\nĐơn {petition.tracking_code}: {petition_url(petition)}\n"
    transaction.on_commit(lambda: send_now(to, subject, text))
