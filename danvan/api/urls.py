"""URLs of the api app: the JSON API at v1/ and the personal token page.

The API's patterns join this app's "api" namespace directly (NinjaAPI urls_namespace="api"), so
`reverse("api:openapi-view")` and the OpenAPI generator's `reverse("api:api-root")` both resolve.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, include, path
from django.utils.translation import gettext as _

from danvan.api import views
from danvan.api.api import api


def _json_405(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Answer a wrong method in the API's error format (django-ninja answers it in plain text)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allowed = response.get("Allow", "")
            response = JsonResponse(
                {
                    "detail": _("Phương thức %(method)s không dùng được ở đây (được phép: %(allowed)s).")
                    % {"method": request.method, "allowed": allowed}
                },
                status=405,
                json_dumps_params={"ensure_ascii": False},
            )
            response["Allow"] = allowed
        return response

    return wrapped


def _api_patterns() -> list[Any]:
    out = []
    for p in api.urls[0]:
        if isinstance(p, URLPattern):
            p = URLPattern(p.pattern, _json_405(p.callback), p.default_args, p.name)
        out.append(p)
    return out


app_name = "api"
urlpatterns = [
    path("v1/", include(_api_patterns())),
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
