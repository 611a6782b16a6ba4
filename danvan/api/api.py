"""The JSON API (django-ninja) at /api/v1/: one NinjaAPI, its error format and its routers.

Every error is `{"detail": "<Vietnamese message>"}` with the matching status; validation errors add
`errors` with the fields concerned. A service's refusal (any `core.errors.DomainError`) adds its `code`
(`invalid` 400, `conflict` 409 when the object's state does not allow the action, …) and `field` when
it names one: one handler below answers them all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

from danvan.api.auth import AUTH, with_actor
from danvan.api.routers import board, campaigns, me, notify, org, petitions, plans, public, reports, workdays
from danvan.core.errors import DomainError


class LocalTimeEncoder(NinjaJSONEncoder):
    """Write times in the local zone (Asia/Ho_Chi_Minh, "+07:00"), to the second: what users read on the pages."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime) and timezone.is_aware(o):
            return timezone.localtime(o).isoformat(timespec="seconds")
        return super().default(o)


class Renderer(JSONRenderer):
    """Write Vietnamese text as UTF-8 (not \\u escapes) and times in local time."""

    encoder_class = LocalTimeEncoder
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="danvan API",
    version="1",
    urls_namespace="api",
    description=(
        "API JSON của danvan: cùng các chức năng và cùng phân quyền như giao diện web. Xác thực bằng phiên "
        "đăng nhập (kèm mã CSRF khi gửi dữ liệu) hoặc khóa API cá nhân: `Authorization: Bearer <khóa>`. "
        "Ngày giờ theo ISO 8601. Danh sách phân trang bằng `limit` (tối đa 100) và `offset`, trả về `count`."
    ),
    auth=AUTH,
    renderer=Renderer(),
    docs_decorator=login_required,
)
# django-ninja: mode "operation" wraps the endpoint function itself, after authentication and validation.
api.add_decorator(with_actor, mode="operation")


def error(request: HttpRequest, message: Any, status: int, **extra: Any) -> HttpResponse:
    """Return the API's error body with a status."""
    return api.create_response(request, {"detail": str(message), **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = error(
        request, _("Cần đăng nhập hoặc dùng khóa API hợp lệ (khóa có thể đã hết hạn hoặc bị thu hồi)."), 401
    )
    response["WWW-Authenticate"] = 'Bearer realm="danvan"'
    return response


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, str(exc) if str(exc) else _("Bạn không có quyền thực hiện thao tác này."), 403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    return error(request, _("Không tìm thấy."), 404)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) or str(e.get("loc", ("",))[0]) for e in exc.errors})
    return error(
        request, _("Dữ liệu gửi lên không hợp lệ: %(fields)s.") % {"fields": ", ".join(fields)}, 422, errors=exc.errors
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403 and str(exc) in ("csrf", "CSRF check Failed"):
        return error(request, _("Thiếu hoặc sai mã CSRF: gửi kèm tiêu đề X-CSRFToken khi dùng phiên đăng nhập."), 403)
    return error(request, str(exc), exc.status_code)


@api.exception_handler(DomainError)
def _domain(request: HttpRequest, exc: DomainError) -> HttpResponse:
    """Answer every service's refusal (`core.errors.DomainError` and its subclasses): routers never catch them."""
    extra = {"field": exc.field} if exc.field else {}
    return error(request, exc.message, exc.status, code=exc.code, **extra, **exc.extra)


def _mount() -> None:
    api.add_router("/", me.router)
    api.add_router("/organisations", org.router)
    api.add_router("/workdays", workdays.router)
    api.add_router("/", plans.router)
    api.add_router("/", petitions.router)
    api.add_router("/", reports.router)
    api.add_router("/", board.router)
    api.add_router("/", notify.router)
    api.add_router("/", campaigns.router)
    api.add_router("/public", public.router)


_mount()
