"""Carry the acting user and address into the audit trail; require the second factor when enabled; set the
browser's security policies."""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from danvan.core import ratelimit
from danvan.core.context import acting_as
from danvan.core.storage import tracking_uploads

OTP_SESSION_KEY = "danvan_otp_verified"


def client_ip(request: HttpRequest) -> str | None:
    """Return the client's address for the audit trail and django-axes (see `ratelimit.client_ip`), or None when
    it is not an IP address (those columns are IP-typed: PostgreSQL would refuse anything else)."""
    address = ratelimit.client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


NUL = "\x00"


def _has_nul(request: HttpRequest) -> bool:
    """Tell whether a parameter, a form field or a JSON string of the request holds a NUL character."""
    if NUL in request.path or any(NUL in k or any(NUL in v for v in vs) for k, vs in request.GET.lists()):
        return True
    content_type = request.META.get("CONTENT_TYPE", "")
    if request.method not in ("POST", "PUT", "PATCH"):
        return False
    if content_type.startswith(("application/x-www-form-urlencoded", "application/json")):
        # Read the raw body (kept: request.POST and the API parse it again later) rather than request.POST, which
        # would consume the stream the API reads.
        body = request.body
        return b"\x00" in body or b"%00" in body or b"\\u0000" in body.lower()
    if content_type.startswith("multipart/form-data") and not request.path.startswith("/api/"):
        # Form fields only (a file's bytes may hold NUL); the web views and the CSRF check read request.POST anyway.
        return any(NUL in k or any(NUL in v for v in vs if isinstance(v, str)) for k, vs in request.POST.lists())
    return False


class RejectNulMiddleware:
    """Answer 400 to a request carrying a NUL character: no text column can hold one (PostgreSQL refuses it with an
    error that would be a 500), and no person types one; a file's bytes are not checked."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            message = gettext("Dữ liệu gửi lên chứa ký tự không hợp lệ (NUL); hãy xóa ký tự đó rồi gửi lại.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponse(f"<!doctype html><meta charset=utf-8><title>400</title><p>{message}</p>", status=400)
        return self.get_response(request)


class RequestContextMiddleware:
    """Run each request on behalf of its user and address, so audit entries know who and where."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if getattr(request, "user", None) is not None and request.user.is_authenticated else None
        with acting_as(user, client_ip(request)):
            return self.get_response(request)


class UploadCleanupMiddleware:
    """Delete the files a request wrote when the rows naming them were rolled back (core.storage)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with tracking_uploads():
            return self.get_response(request)


class TwoFactorMiddleware:
    """Send a signed-in user with TOTP enabled to the code page until the session is verified."""

    # Public pages (citizens' forms and tracking, published plans) stay reachable by a half-signed-in user.
    exempt_prefixes = (
        "/static/",
        "/media/",
        "/tai-khoan/xac-thuc/",
        "/tai-khoan/dang-xuat/",
        "/i18n/",
        "/don-thu/cong-khai/",
        "/ke-hoach/cong-khai/",
        "/api/v1/public/",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "totp_enabled", False)
            and not request.session.get(OTP_SESSION_KEY)
            and not request.path.startswith(self.exempt_prefixes)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": gettext("Cần nhập mã xác thực hai lớp trước.")}, status=401)
            return redirect(f"{reverse('two_factor_verify')}?next={request.get_full_path()}")
        return self.get_response(request)


class LanguageMiddleware:
    """Use Vietnamese unless the user chose another language with the switch (cookie).

    Django's LocaleMiddleware follows the browser's Accept-Language, and most browsers in Vietnamese offices
    send English: the product is Vietnamese first, so only an explicit choice changes it.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        try:
            response = self.get_response(request)
        finally:
            # The thread serves other requests (and tests) next: leave no language behind.
            translation.deactivate()
        response.headers.setdefault("Content-Language", language)
        return response


# Scripts and style sheets come from our own static files; the few inline <style>/<script> blocks carry the
# request's nonce (`{{ request.csp_nonce }}`). Style attributes stay allowed (style-src-attr): the plan
# timeline places its bars with them, and an attribute cannot load or exfiltrate anything under this policy.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'nonce-{nonce}'; "
    "style-src-attr 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Nothing in the product uses these browser features: deny them to every frame and script.
PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), hid=(), "
    "midi=(), magnetometer=(), gyroscope=(), accelerometer=(), display-capture=(), browsing-topics=()"
)


class SecurityHeadersMiddleware:
    """Send Content-Security-Policy (with a fresh nonce per request) and Permissions-Policy on every response."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY.format(nonce=nonce))
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
