"""Text gateways behind one interface: eSMS.vn for SMS, Zalo OA (zalo.py), and the fakes for development and tests.

A backend's `send(message)` returns the gateway's message id, or raises `GatewayError` saying whether a later
attempt may succeed (`retry`) and how long the gateway asked us to wait (`after`). Backends never queue or sleep:
the outbox (services.send_queued_texts) decides when to try again. Each channel is selected by a setting holding a
dotted path (DANVAN_SMS_BACKEND, DANVAN_ZALO_BACKEND); an empty setting means the channel is off.
"""

from __future__ import annotations

import http.client
import json
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class TextMessage:
    """A short text to one recipient: a phone number (SMS) or a Zalo follower id."""

    to: str
    body: str
    channel: str = "sms"
    key: str = ""  # the outbox row's idempotency key, the same on every attempt


class GatewayError(Exception):
    """A send that did not go through; `retry` False when trying again cannot help (a malformed number)."""

    def __init__(self, message: str, *, retry: bool = True, after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.retry = retry
        self.after = after


class TextBackend(Protocol):
    """What an SMS/Zalo gateway must offer."""

    def send(self, message: TextMessage) -> str: ...


# ---------------------------------------------------------------- fakes

outbox: list[TextMessage] = []


class LocmemTextBackend:
    """Keep messages in `backends.outbox` (tests)."""

    def send(self, message: TextMessage) -> str:
        outbox.append(message)
        return f"locmem-{len(outbox)}"


class ConsoleTextBackend:
    """Print messages (development)."""

    def send(self, message: TextMessage) -> str:
        print(f"[{message.channel} → {message.to}] {message.body}", file=sys.stderr)
        return "console"


def backend_path(channel: str) -> str:
    """Return the dotted path of the channel's backend ("" when the channel is off)."""
    name = {"sms": "DANVAN_SMS_BACKEND", "zalo": "DANVAN_ZALO_BACKEND"}.get(channel, "")
    return (getattr(settings, name, "") or "") if name else ""


def text_backend(channel: str = "sms") -> TextBackend | None:
    """Return the configured backend of the channel, or None when it is off."""
    path = backend_path(channel)
    return import_string(path)() if path else None


def enabled_channels() -> list[str]:
    """Return the text channels that have a backend ("sms", "zalo")."""
    return [c for c in ("sms", "zalo") if backend_path(c)]


# ---------------------------------------------------------------- HTTP


@dataclass(frozen=True)
class Reply:
    """A gateway's HTTP answer: status, parsed JSON body ({} when not JSON) and the Retry-After seconds."""

    status: int
    data: dict[str, Any]
    retry_after: float | None


def http_post(
    url: str, *, json_body: Any = None, form: dict[str, str] | None = None, headers: dict[str, str] | None = None
) -> Reply:
    """POST JSON or a form and return the answer; an unreachable or silent gateway raises a retryable GatewayError."""
    if form is not None:
        data = urllib.parse.urlencode(form).encode()
        content_type = "application/x-www-form-urlencoded"
    else:
        data = json.dumps(json_body, ensure_ascii=False).encode()
        content_type = "application/json"
    request = urllib.request.Request(
        url, data=data, method="POST", headers={"Content-Type": content_type, **(headers or {})}
    )
    timeout = float(getattr(settings, "DANVAN_TEXT_TIMEOUT_SECONDS", 10))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - the URL is a setting
            status, raw, head = response.status, response.read(1_000_000), response.headers
    except urllib.error.HTTPError as exc:
        status, raw, head = exc.code, exc.read(1_000_000), exc.headers
    except TimeoutError as exc:
        raise GatewayError(f"timeout: {exc}") from exc
    except (urllib.error.URLError, ConnectionError, http.client.HTTPException, OSError) as exc:
        raise GatewayError(f"unreachable: {exc}") from exc
    try:
        parsed = json.loads(raw.decode("utf-8")) if raw else {}
    except (UnicodeDecodeError, ValueError):
        parsed = {}
    retry_after = None
    if head is not None and head.get("Retry-After", "").strip().isdigit():
        retry_after = float(head["Retry-After"].strip())
    return Reply(status, parsed if isinstance(parsed, dict) else {}, retry_after)


def check_http(reply: Reply, gateway: str) -> None:
    """Raise the GatewayError an HTTP-level failure calls for (rate limit, 5xx, other 4xx)."""
    if reply.status == 429:
        raise GatewayError(f"{gateway}: rate limited (HTTP 429)", after=reply.retry_after)
    if reply.status >= 500:
        raise GatewayError(f"{gateway}: HTTP {reply.status}", after=reply.retry_after)
    if reply.status >= 400:
        raise GatewayError(f"{gateway}: HTTP {reply.status}")


def ascii_text(text: str) -> str:
    """Return Vietnamese text without diacritics (an unaccented SMS is one GSM-7 segment per 160 characters)."""
    text = text.replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


# ---------------------------------------------------------------- eSMS.vn


# eSMS.vn "Table of error codes" (developers.esms.vn/esms-api/table-of-error-codes): CodeResult values.
ESMS_OK = "100"
ESMS_DUPLICATE_REQUEST = "124"  # "Duplicate RequestId": an earlier attempt of this very message was accepted
# A number eSMS refuses will never be accepted: 99 "phone number is blocked", 108 "not in correct format".
ESMS_PERMANENT = {"99": "số điện thoại bị chặn", "108": "số điện thoại sai định dạng"}
# Account problems an administrator can fix (credentials, balance, brandname, IP whitelist, CSKH template, network
# not registered): retried with back-off, and a dead letter once the attempts run out.
ESMS_ACCOUNT = {
    "101": "sai ApiKey/SecretKey",
    "102": "chưa có bảng giá",
    "103": "tài khoản hết tiền",
    "104": "brandname chưa đăng ký",
    "140": "IP chưa được cho phép",
    "146": "sai mẫu tin CSKH",
    "177": "nhà mạng chưa đăng ký brandname",
}


class EsmsBackend:
    """Send a customer-care SMS (SmsType 2, with the registered brandname) through eSMS.vn's JSON API.

    Endpoint `SendMultipleMessage_V4_post_json` (developers.esms.vn, "Send OTP/Customer care message"). The outbox
    row's key goes as `RequestId`, which eSMS documents as preventing duplicated requests: a retry after a timeout
    whose first request did arrive gets CodeResult 124 and is counted as sent, not sent twice.
    """

    def send(self, message: TextMessage) -> str:
        unicode = bool(getattr(settings, "DANVAN_ESMS_UNICODE", False))
        payload = {
            "ApiKey": settings.DANVAN_ESMS_API_KEY,
            "SecretKey": settings.DANVAN_ESMS_SECRET_KEY,
            "Phone": message.to,
            "Content": message.body if unicode else ascii_text(message.body),
            "Brandname": settings.DANVAN_ESMS_BRANDNAME,
            "SmsType": "2",
            "IsUnicode": "1" if unicode else "0",
            "Sandbox": "1" if settings.DANVAN_ESMS_SANDBOX else "0",
            "RequestId": message.key,
        }
        reply = http_post(settings.DANVAN_ESMS_URL, json_body=payload)
        check_http(reply, "eSMS")
        code = str(reply.data.get("CodeResult", ""))
        if code == ESMS_OK:
            return str(reply.data.get("SMSID", ""))[:100]
        if code == ESMS_DUPLICATE_REQUEST:
            return f"RequestId {message.key}"
        reason = ESMS_PERMANENT.get(code) or ESMS_ACCOUNT.get(code) or str(reply.data.get("ErrorMessage", ""))[:200]
        raise GatewayError(f"eSMS {code or '?'}: {reason}", retry=code not in ESMS_PERMANENT)
