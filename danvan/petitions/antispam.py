"""Spam protection for the public petition pages, without third-party services.

Three checks, each rejecting politely and never losing what the citizen typed (the form is shown
again with their text):

* a honeypot field that people never see (hidden by CSS and from screen readers) but bots fill in;
* a signed timestamp: a form sent less than `MIN_SECONDS` after it was shown is a bot, one older
  than `MAX_AGE` is refused with a request to send again (a fresh token is already in the page);
* per-address limits kept in Django's default cache (fixed windows, all of one address in one entry):
  `SUBMIT_LIMITS` for submissions and `LOOKUP_LIMITS` for tracking look-ups. That cache is shared by
  the worker processes (the embedded file cache, or the database cache), so the limits hold across them.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

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
            _("Trang gửi đơn chưa được tải đầy đủ. Nội dung bạn nhập vẫn còn bên dưới; vui lòng bấm “Gửi đơn” lần nữa."),
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
            _("Trang gửi đơn đã mở quá lâu (hơn 2 giờ). Nội dung bạn nhập vẫn còn bên dưới; "
              "vui lòng kiểm tra lại và bấm “Gửi đơn” lần nữa."),
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
    """Return the client's address (REMOTE_ADDR, which a reverse proxy must set correctly)."""
    return request.META.get("REMOTE_ADDR") or "unknown"


def _key(bucket: str, ip: str) -> str:
    return f"antispam:{bucket}:{ip}"


def _slots(limits: tuple[tuple[int, int], ...], now: float) -> list[tuple[str, int]]:
    """Return (slot, limit) for each window: the slot names the fixed window `now` falls in."""
    return [(f"{window}:{int(now // window)}", limit) for window, limit in limits]


def _entry(bucket: str, ip: str) -> dict[str, Any]:
    """Return the address's entry: {"n": {slot: count}, "sent": [[token digest, tracking code], ...]}."""
    entry = cache.get(_key(bucket, ip))
    return entry if isinstance(entry, dict) and "n" in entry else {"n": {}, "sent": []}


def _over_limit(entry: dict[str, Any], limits: tuple[tuple[int, int], ...], now: float) -> bool:
    return any(entry["n"].get(slot, 0) >= limit for slot, limit in _slots(limits, now))


def _hit(bucket: str, ip: str, limits: tuple[tuple[int, int], ...], now: float, sent: tuple[str, str] | None = None,
         ) -> None:
    """Count one event in every window. One cache entry per address holds all its windows (one read, one
    write); two requests counted at the very same moment may count once — acceptable for a spam limit."""
    entry = _entry(bucket, ip)
    entry["n"] = {slot: entry["n"].get(slot, 0) + 1 for slot, _limit in _slots(limits, now)}  # past windows drop
    if sent is not None:
        entry["sent"] = [list(sent), *entry["sent"]][:RECENT_SENT]
    cache.set(_key(bucket, ip), entry, max((window for window, _limit in limits), default=0) + 60)


RECENT_SENT = 10  # the last forms sent from an address, to recognise one sent again (Back, then "Gửi đơn")


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:24]


def check_submit(request: HttpRequest, token: str, now: float | None = None) -> None:
    """Raise Rejected when this address already sent the allowed number of petitions, or already sent this very
    form (the page kept by the Back button): one form, one petition."""
    entry = _entry("submit", client_ip(request))
    sent_code = next((code for digest, code in entry["sent"] if digest == _digest(token)), None) if token else None
    if sent_code:
        raise Rejected(
            _("Đơn này đã được gửi, mã theo dõi %(code)s; nhà trường không nhận hai lần cùng một đơn. Nếu bạn muốn gửi "
              "thêm một đơn khác, nội dung vẫn còn bên dưới: sửa lại rồi bấm “Gửi đơn”.") % {"code": sent_code},
            "resent",
        )
    if _over_limit(entry, submit_limits(), now or time.time()):
        raise Rejected(
            _("Từ địa chỉ mạng này đã có nhiều đơn được gửi trong thời gian ngắn. Nội dung bạn nhập vẫn còn bên dưới; "
              "vui lòng gửi lại sau ít phút, hoặc gửi đơn trực tiếp tại bộ phận tiếp công dân của nhà trường."),
            "rate",
        )


def record_submit(request: HttpRequest, now: float | None = None, *, token: str = "", code: str = "") -> None:
    """Count one accepted submission for the address, remembering which form it was (by its token)."""
    _hit("submit", client_ip(request), submit_limits(), now or time.time(),
         sent=(_digest(token), code) if token else None)


def check_lookup_rate(request: HttpRequest, now: float | None = None) -> None:
    """Count one tracking look-up and raise Rejected when the address has made too many."""
    now = now or time.time()
    ip = client_ip(request)
    if _over_limit(_entry("lookup", ip), lookup_limits(), now):
        raise Rejected(
            _("Bạn đã tra cứu quá nhiều lần trong thời gian ngắn. Vui lòng thử lại sau ít phút."),
            "rate",
        )
    _hit("lookup", ip, lookup_limits(), now)
