"""Create, check and revoke personal API tokens (the web page, the admin and the API all call these)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.api.models import ApiToken
from danvan.core import audit
from danvan.core.errors import DomainError

KEY_PREFIX = "dv_"
PREFIX_CHARS = 8  # shown in lists so owners can tell tokens apart
MAX_DAYS = 365
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)  # write last_used_at at most once a minute per token


class TokenError(DomainError):
    """A token request that cannot be honoured; `message` is shown to the user."""


@dataclass(frozen=True)
class NewToken:
    """A token just created and its key, which is shown once and never stored."""

    token: ApiToken
    key: str


def hash_key(key: str) -> str:
    """Return the stored form of a key: SHA-256, hex."""
    return hashlib.sha256(key.encode()).hexdigest()


def create_token(user: Any, *, name: str, days: int | None = 90) -> NewToken:
    """Create a token for the user (valid `days` days, at most a year) and return it with its key."""
    name = (name or "").strip()
    if not name:
        raise TokenError(_("Cần đặt tên gợi nhớ cho khóa."))
    if days is None or not 1 <= int(days) <= MAX_DAYS:
        raise TokenError(_("Thời hạn của khóa phải từ 1 đến %(max)d ngày.") % {"max": MAX_DAYS})
    # 32 random bytes: guessing is hopeless, so a plain (unsalted) SHA-256 is enough to store it.
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name[:100],
            key_hash=hash_key(key),
            prefix=key[: len(KEY_PREFIX) + PREFIX_CHARS],
            expires_at=timezone.now() + dt.timedelta(days=int(days)),
        )
        audit.record("api.token.created", obj=token, actor=user, message=token.name)
    return NewToken(token, key)


def revoke_token(token: ApiToken, *, actor: Any) -> ApiToken:
    """Revoke a token at once; only its owner (or a superuser) may."""
    if actor is not None and actor.pk != token.user_id and not getattr(actor, "is_superuser", False):
        raise TokenError(_("Bạn chỉ thu hồi được khóa của chính mình."))
    if token.revoked:
        raise TokenError(_("Khóa này đã được thu hồi."))
    with transaction.atomic():
        token.revoked, token.revoked_at = True, timezone.now()
        token.save(update_fields=["revoked", "revoked_at"])
        audit.record("api.token.revoked", obj=token, actor=actor, message=token.name)
    return token


def authenticate_key(key: str) -> ApiToken | None:
    """Return the usable token for a presented key (None when unknown, revoked, expired or its user inactive)."""
    if not key or not key.startswith(KEY_PREFIX) or len(key) > 200:
        return None
    token = ApiToken.objects.usable().select_related("user").filter(key_hash=hash_key(key)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        # A plain UPDATE: use is not a change worth an audit entry, and concurrent requests must not collide.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
