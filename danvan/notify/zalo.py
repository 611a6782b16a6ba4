"""Zalo Official Account Open API: the OA's tokens, a text message to a follower, and the webhook's signature.

Sources (read 07/12/2026; Zalo's own pages at developers.zalo.me were not reachable from here, so the shapes below
follow implementations that call the live API — see docs/notifications.md, where the UNCONFIRMED points are listed):

- Refresh: `POST {oauth}/v4/oa/access_token`, header `secret_key: <app secret>`, form `refresh_token`, `app_id`,
  `grant_type=refresh_token` → `{"access_token", "refresh_token", "expires_in"}`. The refresh token is single use:
  the answer carries the next one, so two workers must never refresh at once (a row lock serialises them).
- Send: `POST {api}/v3.0/oa/message/cs`, header `access_token`, body
  `{"recipient": {"user_id"}, "message": {"text"}}` → `{"error": 0, "data": {"message_id"}}`; a non-zero `error`
  is the failure code.
- Webhook: header `X-ZEvent-Signature: mac=<sha256(app_id + raw body + timestamp + OA secret key)>` (hex).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from danvan.notify.backends import GatewayError, TextMessage, check_http, http_post
from danvan.notify.models import ZaloToken

logger = logging.getLogger(__name__)

# Error codes of the OA API (UNCONFIRMED against Zalo's own table; see docs/notifications.md).
TOKEN_EXPIRED = {-216, -124}  # "Access token is invalid" / "Access token has expired": refresh once, then retry
RATE_LIMITED = {-32}  # "Request exceeds the limit per minute"
PERMANENT = {
    -201: "tham số không hợp lệ",
    -213: "người nhận chưa quan tâm OA",
    -230: "người nhận chưa tương tác với OA trong thời hạn cho phép gửi tin tư vấn",
}
RATE_LIMIT_PAUSE = 60.0  # seconds: the limit is per minute
EARLY_REFRESH = dt.timedelta(minutes=5)  # refresh this long before the stored expiry, not after a failed send


def _app_id() -> str:
    return settings.DANVAN_ZALO_APP_ID


def refresh_access_token(*, stale: str = "") -> str:
    """Refresh the OA's tokens and store both encrypted; return the access token now valid.

    `stale` is the token that just failed: when another worker has already replaced it (its refresh committed while
    this one waited for the lock), its token is used instead of spending the single-use refresh token again.
    """
    with transaction.atomic():
        row, _created = ZaloToken.objects.select_for_update().get_or_create(app_id=_app_id())
        now = timezone.now()
        if row.access_token and row.access_token != stale and (row.expires_at is None or row.expires_at > now):
            return row.access_token
        refresh = row.refresh_token or settings.DANVAN_ZALO_REFRESH_TOKEN
        if not refresh:
            raise GatewayError("Zalo: no refresh token (set DANVAN_ZALO_REFRESH_TOKEN)")
        reply = http_post(
            f"{settings.DANVAN_ZALO_OAUTH_URL.rstrip('/')}/v4/oa/access_token",
            form={"refresh_token": refresh, "app_id": _app_id(), "grant_type": "refresh_token"},
            headers={"secret_key": settings.DANVAN_ZALO_APP_SECRET},
        )
        check_http(reply, "Zalo OAuth")
        access, new_refresh = reply.data.get("access_token"), reply.data.get("refresh_token")
        if not access or not new_refresh:
            code = reply.data.get("error", "?")
            logger.error("Zalo refresh refused: %s %s", code, reply.data.get("error_name", ""))
            raise GatewayError(f"Zalo OAuth {code}: {reply.data.get('error_name') or 'refresh refused'}")
        try:
            seconds = int(reply.data.get("expires_in") or 0)
        except (TypeError, ValueError):
            seconds = 0
        row.access_token, row.refresh_token = str(access), str(new_refresh)
        row.expires_at = now + dt.timedelta(seconds=seconds) if seconds > 0 else None
        row.save(update_fields=["access_token", "refresh_token", "expires_at", "updated_at"])
        return row.access_token


def access_token() -> str:
    """Return a usable access token: the stored one, or a fresh one when it is missing or about to expire."""
    row = ZaloToken.objects.filter(app_id=_app_id()).first()
    if row is None or not row.access_token or (row.expires_at and row.expires_at - EARLY_REFRESH <= timezone.now()):
        return refresh_access_token(stale=row.access_token if row else "")
    return row.access_token


class ZaloOABackend:
    """Send a consultation text ("tin tư vấn") from the OA to one follower.

    The OA API takes no idempotency key (none is documented): a retry after a timeout whose request did arrive can
    deliver the text twice. Zalo shows both in the same chat, which is the least harm among the alternatives.
    """

    def send(self, message: TextMessage) -> str:
        token = access_token()
        code, data = self._post(token, message)
        if code in TOKEN_EXPIRED:
            code, data = self._post(refresh_access_token(stale=token), message)  # once: a second expiry is not ours
        if code == 0:
            return str((data.get("data") or {}).get("message_id", ""))[:100]
        text = str(data.get("message", ""))[:200]
        if code in RATE_LIMITED:
            raise GatewayError(f"Zalo {code}: {text or 'rate limited'}", after=RATE_LIMIT_PAUSE)
        if code in PERMANENT:
            raise GatewayError(f"Zalo {code}: {PERMANENT[code]}", retry=False)
        raise GatewayError(f"Zalo {code}: {text}")

    def _post(self, token: str, message: TextMessage) -> tuple[int, dict]:
        reply = http_post(
            f"{settings.DANVAN_ZALO_API_URL.rstrip('/')}/v3.0/oa/message/cs",
            json_body={"recipient": {"user_id": message.to}, "message": {"text": message.body[:2000]}},
            headers={"access_token": token},
        )
        check_http(reply, "Zalo")
        try:
            return int(reply.data.get("error", -1)), reply.data
        except (TypeError, ValueError):
            return -1, reply.data


# ---------------------------------------------------------------- webhook signature


def expected_signature(raw_body: bytes, *, app_id: str, timestamp: str) -> str:
    """Return the hex SHA-256 Zalo puts after `mac=` in X-ZEvent-Signature for this body."""
    payload = app_id.encode() + raw_body + timestamp.encode() + settings.DANVAN_ZALO_OA_SECRET.encode()
    return hashlib.sha256(payload).hexdigest()


def signature_ok(raw_body: bytes, header: str, *, app_id: str, timestamp: str) -> bool:
    """Return whether the header signs this body for our app (constant-time comparison)."""
    supplied = (header or "").strip()
    if supplied.lower().startswith("mac="):
        supplied = supplied[4:].strip()
    if not supplied or not settings.DANVAN_ZALO_OA_SECRET or app_id != _app_id():
        return False
    return hmac.compare_digest(supplied.lower(), expected_signature(raw_body, app_id=app_id, timestamp=timestamp))
