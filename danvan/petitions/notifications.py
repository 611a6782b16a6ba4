"""Tell the people working on a petition (in-app + e-mail through danvan.notify); never the petitioner's identity."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from danvan.notify.services import queue_email
from danvan.petitions.identity import policy_for

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


def petition_path(petition: Any) -> str:
    """Return the staff URL path of the petition (the list when the detail page is not mounted)."""
    from django.urls import NoReverseMatch, reverse

    for name, args in (("petitions:detail", [petition.pk]), ("petitions:queue", [])):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return "/don-thu/"


def petition_url(petition: Any) -> str:
    """Return the absolute staff URL of the petition."""
    return f"{settings.SITE_URL}{petition_path(petition)}"


def deliver_to_handler(petition: Any, *, subject: str, body: str) -> bool:
    """Notify the handler: in the app and by e-mail when they have a login, else by e-mail only.

    The texts go through the identity policy: an e-mail leaves the system, and the in-app list is not the identity
    page (Luật Tố cáo 2018 Điều 47).
    """
    handler = petition.handler
    if handler is None:
        return False
    policy = policy_for(None, petition)
    subject, body = policy.mask(subject), policy.mask(body)
    user = getattr(handler, "user", None)
    delivered = False
    if user is not None and user.is_active:
        from danvan.notify.services import notify

        notify([user], subject, body, url=petition_path(petition), organisation=petition.handling_body,
               email=bool(user.email))
        delivered = True
        if user.email:
            return True
    to = handler.email
    if not to:
        return delivered
    queue_email([to], subject, f"{body}\n\n{petition_url(petition)}\n")
    return True


def notify_handler(petition: Any, *, subject: str, body: str) -> None:
    """Notify the handler of a change (delivered after the current transaction commits)."""
    deliver_to_handler(petition, subject=subject, body=body)
