"""Spam protection for the public petition pages, without third-party services.

Three checks, each rejecting politely and never losing what the citizen typed (the form is shown
again with their text):

* a honeypot field that people never see (hidden by CSS and from screen readers) but bots fill in;
* a signed timestamp: a form sent less than `MIN_SECONDS` after it was shown is a bot, one older
  than `MAX_AGE` is refused with a request to send again (a fresh token is already in the page);
* per-address limits with sliding windows, exact under concurrent requests (`core.ratelimit`):
  `DANVAN_PETITION_SUBMIT_LIMITS` for submissions and `DANVAN_PETITION_LOOKUP_LIMITS` for tracking
  look-ups, receipts and confirmation pages. The public form counts a submission in the transaction that
  stores the petition (a petition not stored takes its count back with the rollback), so a burst of
  simultaneous sends lets exactly the limit through;
* a form sent twice from the same browser (Back, then "Gửi đơn") is recognised by its token, remembered in
  the session.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danvan.core import ratelimit

HONEYPOT_FIELD = "website"
TOKEN_FIELD = "form_token"
_SALT = "danvan.petitions.antispam"


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def min_seconds() -> float:
    """Return the shortest time a person needs between seeing the form and sending it."""
    return float(_setting("DANVAN_PETITION_MIN_SECONDS", 3))


def max_age() -> float:
    """Return how long a shown form stays valid (seconds)."""
    return float(_setting("DANVAN_PETITION_MAX_AGE", 2 * 3600))


def submit_limits() -> tuple[tuple[int, int], ...]:
    """Return (window seconds, max submissions) pairs per address."""
    return tuple(_setting("DANVAN_PETITION_SUBMIT_LIMITS", ((3600, 5), (86400, 20))))


def lookup_limits() -> tuple[tuple[int, int], ...]:
    """Return (window seconds, max look-ups) pairs per address for the tracking page."""
    return tuple(_setting("DANVAN_PETITION_LOOKUP_LIMITS", ((600, 30), (86400, 200))))


@dataclass
class Rejected(Exception):
    """A submission refused by a spam check; `message` is shown above the (kept) form."""

    message: Any
    reason: str

    def __str__(self) -> str:
        return str(self.message)


def issue_token(now: float | None = None) -> str:
    """Return a signed token recording when the form was shown."""
    return signing.dumps({"t": now if now is not None else time.time()}, salt=_SALT, compress=False)


def check_token(token: str | None, now: float | None = None) -> None:
    """Raise Rejected unless the token is authentic and its age is plausible for a person."""
    now = now if now is not None else time.time()
    try:
        shown = float(signing.loads(token or "", salt=_SALT)["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Rejected(
            _(
                "Trang gửi đơn chưa được tải đầy đủ. Nội dung bạn nhập vẫn còn bên dưới; vui lòng bấm “Gửi đơn” lần nữa."
            ),
            "token",
        ) from None
    age = now - shown
    if age < min_seconds():
        raise Rejected(
            _("Đơn được gửi quá nhanh sau khi mở trang. Vui lòng đọc lại nội dung bên dưới rồi bấm “Gửi đơn” lần nữa."),
            "too-fast",
        )
    if age > max_age():
        raise Rejected(
            _(
                "Trang gửi đơn đã mở quá lâu (hơn 2 giờ). Nội dung bạn nhập vẫn còn bên dưới; "
                "vui lòng kiểm tra lại và bấm “Gửi đơn” lần nữa."
            ),
            "expired",
        )


def check_honeypot(data: Any) -> None:
    """Raise Rejected when the invisible field was filled in (only automated senders do that)."""
    if (data.get(HONEYPOT_FIELD) or "").strip():
        raise Rejected(
            _("Không gửi được đơn. Vui lòng kiểm tra lại nội dung bên dưới rồi bấm “Gửi đơn” lần nữa."),
            "honeypot",
        )


def client_ip(request: HttpRequest) -> str:
    """Return the client's address (the trusted-proxy rule lives in `core.ratelimit.client_ip`)."""
    return ratelimit.client_ip(request)


RECENT_SENT = 10  # the last forms sent from a browser, to recognise one sent again (Back, then "Gửi đơn")
SESSION_SENT = "petitions_sent_forms"  # [[token digest, tracking code], ...] in the browser's session


def _sent(request: HttpRequest) -> list[list[str]]:
    """Return [[token digest, tracking code], ...] of the last forms this browser sent."""
    session = getattr(request, "session", None)
    entry = session.get(SESSION_SENT) if session is not None else None
    return entry if isinstance(entry, list) else []


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:24]


def check_resent(request: HttpRequest, token: str) -> None:
    """Raise Rejected when this browser already sent this very form (the page kept by the Back button): one form,
    one petition. The forms sent are remembered in the session, which the confirmation page writes anyway."""
    sent_code = next((code for digest, code in _sent(request) if digest == _digest(token)), None) if token else None
    if sent_code:
        raise Rejected(
            _(
                "Đơn này đã được gửi, mã theo dõi %(code)s; nhà trường không nhận hai lần cùng một đơn. Nếu bạn muốn gửi "
                "thêm một đơn khác, nội dung vẫn còn bên dưới: sửa lại rồi bấm “Gửi đơn”."
            )
            % {"code": sent_code},
            "resent",
        )


def count_submit(request: HttpRequest, now: float | None = None) -> ratelimit.Decision:
    """Count one submission for the address and return the counted event; raise Rejected when the address already
    sent the allowed number in a sliding window.

    The public form counts inside the transaction that stores the petition: the count and the petition are
    committed together, and a petition not stored gives its count back by the rollback."""
    decision = ratelimit.hit("petition-submit", client_ip(request), submit_limits(), now=now)
    if not decision.allowed:
        raise Rejected(
            _(
                "Từ địa chỉ mạng này đã có nhiều đơn được gửi trong thời gian ngắn. Nội dung bạn nhập vẫn còn bên dưới; "
                "vui lòng gửi lại sau %(minutes)d phút, hoặc gửi đơn trực tiếp tại bộ phận tiếp công dân của nhà "
                "trường."
            )
            % {"minutes": decision.retry_minutes},
            "rate",
        )
    return decision


def check_submit(request: HttpRequest, token: str, now: float | None = None) -> ratelimit.Decision:
    """Refuse a form sent again (`check_resent`), then count one submission (`count_submit`); give the count back
    with `release_submit` when the petition is not registered after all."""
    check_resent(request, token)
    return count_submit(request, now=now)


def release_submit(decision: ratelimit.Decision | None) -> None:
    """Give back a counted submission that was not registered (the form had an error, the service refused)."""
    if decision is not None:
        ratelimit.release(decision)


def record_submit(request: HttpRequest, *, token: str = "", code: str = "") -> None:
    """Remember in the session which form the browser sent (by its token), to recognise it if it is sent again."""
    if token:
        request.session[SESSION_SENT] = [[_digest(token), code], *_sent(request)][:RECENT_SENT]


def check_lookup_rate(request: HttpRequest, now: float | None = None) -> None:
    """Count one tracking look-up (or receipt, or confirmation page) and raise Rejected when the address has
    made too many."""
    decision = ratelimit.hit("petition-lookup", client_ip(request), lookup_limits(), now=now)
    if not decision.allowed:
        raise Rejected(
            _("Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau %(minutes)d phút.")
            % {"minutes": decision.retry_minutes},
            "rate",
        )
