"""Citizens' Zalo messages to the OA: drafts for the clerk, and the "DK <code> <4 digits>" that links a follower.

A follower's text never registers a petition by itself (Luật Tiếp công dân, Luật Khiếu nại and Luật Tố cáo make
registration the reception officer's act): it opens or extends the follower's open *draft* (`ZaloConversation`),
which a clerk with `petitions.register` registers as a petition (channel Zalo, the follower id as the sender's
identity, the conversation as content) or dismisses. Kept apart from services.py because it calls the petitions
services, which themselves queue notifications through notify.services.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import audit, ratelimit
from danvan.core.errors import DomainError
from danvan.core.scoping import has_perm, scope_filter
from danvan.lib import tracking
from danvan.lib.fieldcrypt import keyed_hash
from danvan.notify.models import TextChannel, ZaloConversation, ZaloMessage
from danvan.notify.services import queue_text
from danvan.org.choices import OrgKind
from danvan.org.models import Organisation
from danvan.petitions.choices import Channel, IdentityVisibility, Kind, UpdatesBy
from danvan.petitions.identity import check_phone_last4, has_identity
from danvan.petitions.models import Petition
from danvan.petitions.services import Registered, register_petition

LINK = re.compile(r"^\s*DK\s+([A-Za-z0-9][A-Za-z0-9 -]{4,22}?)\s+(\d{4})\s*$", re.IGNORECASE)
MAX_TEXT = 5000
LINK_LIMITS = ((3600, 5), (86400, 10))  # DK attempts per follower: 5 an hour, 10 a day


class InboxError(DomainError):
    """A clerk's action on a Zalo draft that the rules refuse; `message` is shown to the user."""


def follower_hmac(user_id: str) -> str:
    """Return the keyed hash that finds a follower's draft without decrypting every row."""
    return keyed_hash("zalo-follower", user_id.strip())


def zalo_organisation() -> Organisation | None:
    """Return the school or Department whose OA this is (DANVAN_ZALO_ORGANISATION holds its code)."""
    code = getattr(settings, "DANVAN_ZALO_ORGANISATION", "")
    if not code:
        return None
    return Organisation.objects.filter(code=code, kind__in=[OrgKind.SCHOOL, OrgKind.DEPARTMENT]).order_by("pk").first()


def _when(event: dict[str, Any]) -> dt.datetime:
    try:
        millis = int(str(event.get("timestamp") or ""))
        return dt.datetime.fromtimestamp(millis / 1000, tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return timezone.now()


def receive_event(event: dict[str, Any]) -> str:
    """Handle one verified webhook event; return what became of it.

    "appended" (to the follower's open draft, created if needed), "linked" / "link_refused" (a DK message),
    "duplicate" (Zalo delivered the same msg_id again), "ignored" (another event, or no text).
    """
    sender_part, message = event.get("sender"), event.get("message")
    if (
        event.get("event_name") != "user_send_text"
        or not isinstance(sender_part, dict)
        or not isinstance(message, dict)
    ):
        return "ignored"
    sender = str(sender_part.get("id") or "").strip()[:64]
    text = str(message.get("text") or "").replace("\x00", "").strip()[:MAX_TEXT]
    msg_id = str(message.get("msg_id") or "").strip()[:100] or None
    if not sender or not text:
        return "ignored"
    organisation = zalo_organisation()
    if organisation is None:
        return "ignored"
    if msg_id and ZaloMessage.objects.filter(msg_id=msg_id).exists():
        return "duplicate"
    match = LINK.match(text)
    if match:
        return _link(sender, match.group(1), match.group(2), organisation)
    try:
        with transaction.atomic():
            _append(sender, text, msg_id, _when(event), organisation)
    except IntegrityError:  # the same msg_id, delivered twice at the same moment
        return "duplicate"
    return "appended"


def _append(sender: str, text: str, msg_id: str | None, when: dt.datetime, organisation: Organisation) -> None:
    digest = follower_hmac(sender)
    conversation = (
        ZaloConversation.objects.select_for_update()
        .filter(organisation=organisation, user_hmac=digest, state=ZaloConversation.State.OPEN)
        .first()
    )
    if conversation is None:
        conversation = ZaloConversation.objects.create(
            organisation=organisation, zalo_user_id=sender, user_hmac=digest, last_message_at=when
        )
    ZaloMessage.objects.create(conversation=conversation, msg_id=msg_id, text=text, sent_at=when)
    if when > conversation.last_message_at:
        conversation.last_message_at = when
        conversation.save(update_fields=["last_message_at"])


def _link(sender: str, code: str, last4: str, organisation: Organisation) -> str:
    """Record the follower as the Zalo contact of the petition whose code and phone digits they sent."""
    # Four digits must not be guessable from a chat: a follower gets a few tries, then waits (ratelimit).
    if not ratelimit.hit("zalo-link", follower_hmac(sender), LINK_LIMITS).allowed:
        return "link_limited"
    petition = Petition._base_manager.filter(tracking_code=tracking.normalise_code(code)).first()
    ok = (
        petition is not None
        and has_identity(petition)
        and check_phone_last4(petition, last4)
        and petition.identity.updates_by == UpdatesBy.ZALO
    )
    with transaction.atomic():
        if not ok:
            # The same answer whether the code exists or not: the OA must not confirm codes to strangers.
            queue_text(
                TextChannel.ZALO,
                sender,
                _(
                    "Không đăng ký được: mã theo dõi hoặc 4 chữ số cuối số điện thoại "
                    "không đúng, hoặc đơn không chọn nhận thông báo qua Zalo."
                ),
                organisation=organisation,
            )
            return "link_refused"
        identity = petition.identity
        identity.zalo_user_id = sender
        identity.save(update_fields=["zalo_user_id"])
        audit.record("notify.zalo.linked", obj=petition, actor=None)
        queue_text(
            TextChannel.ZALO,
            sender,
            _("Đã đăng ký: bạn sẽ nhận thông báo về đơn %(code)s qua Zalo.") % {"code": petition.tracking_code},
            organisation=petition.handling_body,
        )
    return "linked"


# ---------------------------------------------------------------- the clerk's side


def drafts_for(user: Any) -> Any:
    """Return the Zalo drafts of the organisations where the user registers petitions."""
    return ZaloConversation.objects.filter(scope_filter(user, "petitions.register"))


def transcript(conversation: ZaloConversation) -> str:
    """Return the conversation as text, one "[dd/mm/yyyy HH:MM] message" line per message (local time)."""
    lines = []
    for m in conversation.messages.filter(direction=ZaloMessage.Direction.IN):
        lines.append(f"[{timezone.localtime(m.sent_at):%d/%m/%Y %H:%M}] {m.text}")
    return "\n".join(lines)


def _require_open(conversation: ZaloConversation, actor: Any) -> None:
    if not has_perm(actor, "petitions.register", conversation.organisation):
        raise InboxError(_("Bạn không có quyền tiếp nhận đơn của đơn vị này."))
    if conversation.state != ZaloConversation.State.OPEN:
        raise InboxError(_("Hội thoại này đã được xử lý."))


def register_draft(
    conversation: ZaloConversation, *, actor: Any, kind: str = Kind.CHUA_RO, subject: str = ""
) -> Registered:
    """Register the draft as a petition: channel Zalo, the follower id as identity, the conversation as content."""
    with transaction.atomic():
        conversation = ZaloConversation.objects.select_for_update().get(pk=conversation.pk)
        _require_open(conversation, actor)
        if kind not in Kind.values:
            raise InboxError(_("Chọn loại đơn trong danh sách."))
        registered = register_petition(
            conversation.organisation,
            actor=actor,
            subject=subject,
            content=transcript(conversation),
            channel=Channel.ZALO,
            kind=kind,
            received_at=conversation.created_at,
            identity={"zalo_user_id": conversation.zalo_user_id, "updates_by": UpdatesBy.ZALO},
            identity_visibility=IdentityVisibility.HANDLER_ONLY,
        )
        conversation.state = ZaloConversation.State.REGISTERED
        conversation.petition = registered.petition
        conversation.save(update_fields=["state", "petition"])
        audit.record("notify.zalo.registered", obj=registered.petition, actor=actor)
    return registered


def dismiss_draft(conversation: ZaloConversation, *, actor: Any, reason: str = "") -> ZaloConversation:
    """Mark the draft as not a petition (a greeting, a question answered in the chat)."""
    with transaction.atomic():
        conversation = ZaloConversation.objects.select_for_update().get(pk=conversation.pk)
        _require_open(conversation, actor)
        conversation.state = ZaloConversation.State.DISMISSED
        conversation.save(update_fields=["state"])
        audit.record(
            "notify.zalo.dismissed",
            obj=conversation,
            actor=actor,
            organisation=conversation.organisation,
            message=reason[:500],
        )
    return conversation
