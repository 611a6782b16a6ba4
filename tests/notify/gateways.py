"""A local eSMS.vn + Zalo OA server for the tests: the documented endpoints, and the failure modes on demand.

It runs in a thread on 127.0.0.1 with a random port and counts what it delivered, so a test can say "exactly once"
by looking at the gateway, not at our own rows.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

ESMS_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
ZALO_TOKEN_PATH = "/v4/oa/access_token"
ZALO_SEND_PATH = "/v3.0/oa/message/cs"


@dataclass
class GatewayState:
    """What the fake gateway knows and how it misbehaves next."""

    api_key: str = "esms-key"
    secret_key: str = "esms-secret"
    brandname: str = "TRUONG-ABC"
    app_id: str = "1234567890"
    app_secret: str = "zalo-app-secret"
    refresh_token: str = "refresh-0"
    access_token: str = "access-0"
    mode: str = "ok"  # ok | down (503) | rate (429 / Zalo -32) | slow (accept, then answer too late) | expire
    hang_seconds: float = 0.0
    delivered: list[tuple[str, str, str]] = field(default_factory=list)
    request_ids: set[str] = field(default_factory=set)
    refreshes: int = 0
    calls: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    state: GatewayState

    def log_message(self, *args: Any) -> None:  # quiet
        pass

    def _send(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        state = self.state
        with state.lock:
            state.calls += 1
        if state.mode == "down":
            return self._send(503, {"error": "Service Unavailable"})
        if self.path == ESMS_PATH:
            return self._esms(json.loads(raw))
        if self.path == ZALO_TOKEN_PATH:
            return self._zalo_refresh(dict(urllib.parse.parse_qsl(raw.decode())))
        if self.path == ZALO_SEND_PATH:
            return self._zalo_send(json.loads(raw))
        return self._send(404, {"error": "not found"})

    def _esms(self, body: dict[str, Any]) -> None:
        state = self.state
        if state.mode == "rate":
            return self._send(429, {"error": "Too Many Requests"}, {"Retry-After": "120"})
        if body.get("ApiKey") != state.api_key or body.get("SecretKey") != state.secret_key:
            return self._send(200, {"CodeResult": "101", "CountRegenerate": 0, "ErrorMessage": "Authorize Failed"})
        if body.get("Brandname") != state.brandname:
            return self._send(200, {"CodeResult": "104", "ErrorMessage": "Brand name code is not exist"})
        phone = str(body.get("Phone", ""))
        if not (phone.isdigit() and len(phone) == 10):
            return self._send(200, {"CodeResult": "108", "ErrorMessage": "Phone number is not in correct format"})
        request_id = str(body.get("RequestId", ""))
        with state.lock:
            if request_id and request_id in state.request_ids:
                return self._send(200, {"CodeResult": "124", "ErrorMessage": "Request exist 1", "SendStatus": "5"})
            state.request_ids.add(request_id)
            state.delivered.append(("sms", phone, str(body.get("Content", ""))))
        if state.mode == "slow":
            time.sleep(state.hang_seconds)  # accepted, but the client gives up before the answer
        return self._send(200, {"CodeResult": "100", "CountRegenerate": 0, "SMSID": f"sms-{len(state.delivered)}"})

    def _zalo_refresh(self, form: dict[str, str]) -> None:
        state = self.state
        if (
            self.headers.get("secret_key") != state.app_secret
            or form.get("app_id") != state.app_id
            or form.get("grant_type") != "refresh_token"
            or form.get("refresh_token") != state.refresh_token
        ):
            return self._send(200, {"error": -14014, "error_name": "Invalid refresh token"})
        with state.lock:
            state.refreshes += 1
            state.access_token = f"access-{state.refreshes}"
            state.refresh_token = f"refresh-{state.refreshes}"
        return self._send(
            200, {"access_token": state.access_token, "refresh_token": state.refresh_token, "expires_in": "90000"}
        )

    def _zalo_send(self, body: dict[str, Any]) -> None:
        state = self.state
        if state.mode == "expire":  # the token the client holds stops working (Zalo's tokens last ~25 hours)
            state.mode, state.access_token = "ok", "revoked"
        if self.headers.get("access_token") != state.access_token:
            return self._send(200, {"error": -216, "message": "Access token is invalid"})
        if state.mode == "rate":
            return self._send(200, {"error": -32, "message": "Request exceeds the limit per minute"})
        user_id = str((body.get("recipient") or {}).get("user_id", ""))
        text = str((body.get("message") or {}).get("text", ""))
        with state.lock:
            state.delivered.append(("zalo", user_id, text))
        return self._send(
            200,
            {
                "error": 0,
                "message": "Success",
                "data": {"message_id": f"zmsg-{len(state.delivered)}", "user_id": user_id},
            },
        )


class Gateway:
    """The running server: `url`, `state`; stop() when done."""

    def __init__(self) -> None:
        self.state = GatewayState()
        handler = type("Handler", (_Handler,), {"state": self.state})
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
