"""Tell the people working on a petition (in-app + e-mail through danvan.notify), never the petitioner's identity;
and tell the petitioner, by the channel they chose (e-mail, SMS or Zalo)."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from danvan.notify.models import TextChannel
from danvan.notify.services import notify, queue_email, queue_text, text_channel_enabled
from danvan.petitions.choices import UpdatesBy
from danvan.petitions.identity import has_identity, policy_for

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
        notify(
            [user],
            subject,
            body,
            url=petition_path(petition),
            organisation=petition.handling_body,
            email=bool(user.email),
        )
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


def _is_mobile(phone: str) -> bool:
    return len(phone) == 10 and phone[:2] in ("03", "05", "07", "08", "09") and phone.isdigit()


def petitioner_channel(identity: Any) -> str:
    """Return how the petitioner is reached now: their choice when it can be honoured, else e-mail, else ""

    Zalo needs the follower id the citizen gives by writing to the OA (notify/inbox.py); until then, and when a
    chosen gateway has been turned off, the update goes by e-mail if they gave an address, else by SMS.
    """
    choice = identity.updates_by or UpdatesBy.EMAIL
    zalo_ok = bool(identity.zalo_user_id) and text_channel_enabled(TextChannel.ZALO)
    sms_ok = _is_mobile(identity.phone or "") and text_channel_enabled(TextChannel.SMS)
    if choice == UpdatesBy.ZALO and zalo_ok:
        return UpdatesBy.ZALO
    if choice == UpdatesBy.SMS and sms_ok:
        return UpdatesBy.SMS
    if identity.email:
        return UpdatesBy.EMAIL
    if choice in (UpdatesBy.ZALO, UpdatesBy.SMS) and sms_ok:
        return UpdatesBy.SMS
    return ""


def notify_petitioner(petition: Any, text: str) -> str:
    """Queue the update `text` to the petitioner (sent after commit); return the channel used, "" when none.

    The text is the step's public text, which the tracking page shows too; the message carries the tracking code,
    never the identity or the content.
    """
    if not has_identity(petition):
        return ""
    identity = petition.identity
    channel = petitioner_channel(identity)
    code = petition.tracking_code
    if channel == UpdatesBy.EMAIL:
        body = (
            f"{text}\n\nTra cứu tình trạng đơn bằng mã {code} tại trang tra cứu đơn thư của "
            f"{petition.organisation.name}.\n"
        )
        queue_email([identity.email], f"Đơn {code}: {text}"[:200], body)
    elif channel == UpdatesBy.SMS:
        queue_text(
            TextChannel.SMS,
            identity.phone,
            f"{petition.organisation.name}: Don {code}: {text}"[:320],
            organisation=petition.handling_body,
        )
    elif channel == UpdatesBy.ZALO:
        queue_text(TextChannel.ZALO, identity.zalo_user_id, f"Đơn {code}: {text}", organisation=petition.handling_body)
    return channel
