"""Open311 GeoReport v2 under /open311/v2/, and the partner keys page under /open311/khoa/."""

from __future__ import annotations

from django.urls import path, register_converter

from danvan.open311 import views as v


class FormatConverter:
    """The document format a GeoReport v2 address ends with."""

    regex = "json|xml"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(FormatConverter, "fmt")

app_name = "open311"

urlpatterns = [
    path("khoa/", v.key_list, name="key_list"),
    path("khoa/<int:pk>/thu-hoi/", v.key_revoke, name="key_revoke"),
    path("v2/", v.discovery, {"fmt": "json"}, name="root"),
    path("v2/discovery.<fmt:fmt>", v.discovery, name="discovery"),
    path("v2/services.<fmt:fmt>", v.service_list, name="services"),
    path("v2/services/<str:code>.<fmt:fmt>", v.service_definition, name="service"),
    path("v2/requests.<fmt:fmt>", v.requests, name="requests"),
    path("v2/requests/<str:request_id>.<fmt:fmt>", v.request_detail, name="request"),
    path("v2/tokens/<str:token>.<fmt:fmt>", v.token, name="token"),
    path("v2/<path:rest>", v.not_found, name="not_found"),
]
