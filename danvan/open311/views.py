"""Open311 GeoReport v2 endpoints (public, CSRF-exempt, rate-limited) and the page managing partner keys."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from danvan.core.scoping import scope_filter
from danvan.core.web import check_object_perm, get_visible_or_404, render_page, require_perm
from danvan.open311 import render as out
from danvan.open311 import services
from danvan.open311.forms import KeyForm
from danvan.open311.models import PartnerKey
from danvan.open311.services import Open311Error


def georeport(*methods: str) -> Callable:
    """Answer only `methods` (405 with Allow otherwise), count reads per address, and turn a refusal into the
    specification's error document in the asked format."""

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, fmt: str = "json", **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = out.errors(
                    fmt, 405, [_("Phương thức %(m)s không dùng được ở đây.") % {"m": (request.method or "")[:10]}]
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                if request.method == "GET":
                    services.check_read_rate(request)
                return view(request, *args, fmt=fmt, **kwargs)
            except Open311Error as exc:
                return out.errors(fmt, exc.status, exc.descriptions)

        return wrapper

    return decorate


def _jurisdiction_if_given(request: HttpRequest) -> None:
    if request.GET.get("jurisdiction_id"):
        services.jurisdiction(request.GET.get("jurisdiction_id"))


@georeport("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    """Describe the endpoint (GeoReport v2 Service Discovery), with the jurisdictions it serves."""
    url = request.build_absolute_uri(reverse("open311:root"))
    data = {
        "changeset": services.CHANGESET,
        "contact": _("Bộ phận tiếp công dân của trường hoặc Sở Giáo dục và Đào tạo"),
        "key_service": _("Nhà trường hoặc Sở cấp api_key cho ứng dụng đối tác (trang Khóa Open311)."),
        "endpoints": [
            {
                "specification": services.SPECIFICATION,
                "url": url.rstrip("/"),
                "changeset": services.CHANGESET,
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
        "jurisdictions": [
            {"jurisdiction_id": o.code, "name": o.name} for o in services.jurisdictions().only("code", "name")
        ],
    }
    return out.respond(fmt, "discovery", data)


@georeport("GET")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    """List the services: the kinds of petition the public form offers."""
    _jurisdiction_if_given(request)
    return out.respond(fmt, "services", services.services())


@georeport("GET")
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    """Define one service: the public form's attributes."""
    _jurisdiction_if_given(request)
    return out.respond(fmt, "service_definition", services.service_definition(code))


@csrf_exempt  # a partner's server authenticates with its api_key, not a browser session
@georeport("GET", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    """GET: the jurisdiction's requests (public fields only). POST: a partner app sends a petition."""
    if request.method == "POST":
        partner = services.authenticate(request.POST.get("api_key"))
        created = services.create_request(partner, request.POST)
        return out.respond(fmt, "requests", [created.as_record()], status=201)
    org = services.jurisdiction(request.GET.get("jurisdiction_id"))
    return out.respond(fmt, "requests", services.list_requests(org, services.parse_query(request.GET)))


@georeport("GET")
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    """Return one request of the jurisdiction."""
    org = services.jurisdiction(request.GET.get("jurisdiction_id"))
    return out.respond(fmt, "requests", services.get_request(org, request_id))


@georeport("GET")
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    """Return the request id a partner's token stands for."""
    org = services.jurisdiction(request.GET.get("jurisdiction_id"))
    return out.respond(fmt, "requests", services.token_lookup(org, token))


@csrf_exempt
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Answer any other address under /open311/v2/ with the specification's 404 (JSON unless it asks for XML)."""
    fmt = "xml" if rest.endswith(".xml") else "json"
    return out.errors(
        fmt,
        404,
        [_("Không có tài nguyên này; các địa chỉ: discovery, services, requests, tokens với đuôi .json hoặc .xml.")],
    )


# ====================================================================== the keys page


def _managed(request: HttpRequest) -> Any:
    return PartnerKey.objects.filter(scope_filter(request.user, services.MANAGE_PERM)).select_related(
        "organisation", "created_by"
    )


def _render_keys(request: HttpRequest, form: KeyForm, new_key: str = "") -> HttpResponse:
    keys = _managed(request).order_by("revoked_at", "-created_at", "-id")
    return render_page(request, "open311/key_list.html", {"form": form, "keys": keys, "new_key": new_key})


@never_cache
@require_perm(services.MANAGE_PERM)
@require_http_methods(["GET", "POST"])
def key_list(request: HttpRequest) -> HttpResponse:
    """List the partner keys of the organisations I manage; create one (its key is shown once)."""
    form = KeyForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            partner, key = services.create_key(
                form.cleaned_data["organisation"], actor=request.user, name=form.cleaned_data["name"]
            )
        except Open311Error as exc:
            form.add_error(None, exc.descriptions[0])
        else:
            # Rendered, not redirected: the key must not travel through the session or a URL.
            messages.success(request, _("Đã tạo khóa Open311 “%(name)s”.") % {"name": partner.name})
            return _render_keys(request, KeyForm(user=request.user), new_key=key)
    return _render_keys(request, form)


@never_cache
@require_perm(services.MANAGE_PERM)
@require_http_methods(["GET", "POST"])
def key_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to confirm, then revoke a partner key (another school's key is a 404)."""
    partner = get_visible_or_404(
        PartnerKey.objects.select_related("organisation"), request.user, services.MANAGE_PERM, pk=pk
    )
    check_object_perm(request.user, services.MANAGE_PERM, partner.organisation)
    if request.method == "POST":
        services.revoke_key(partner, actor=request.user)
        messages.success(request, _("Đã thu hồi khóa “%(name)s”.") % {"name": partner.name})
        return redirect("open311:key_list")
    return render_page(request, "open311/key_confirm_revoke.html", {"key": partner})
