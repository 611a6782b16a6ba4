"""The personal API token page: list my tokens, create one (its key is shown once), revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from danvan.api import services
from danvan.api.forms import TokenForm
from danvan.api.models import ApiToken
from danvan.core.errors import DomainError
from danvan.core.web import render_page, show_refusal


def _render_list(request: HttpRequest, form: TokenForm, new_key: str = "") -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user).order_by("revoked", "-created_at", "-id")
    return render_page(request, "api/token_list.html", {"form": form, "tokens": tokens, "new_key": new_key})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """Show my tokens and the form to create one; after creating, show the new key once."""
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.create_token(request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"])
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            # Rendered, not redirected: the key must not travel through the session or a URL.
            messages.success(request, _("Đã tạo khóa “%(name)s”.") % {"name": new.token.name})
            return _render_list(request, TokenForm(), new_key=new.key)
    return _render_list(request, form)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask to confirm, then revoke one of my tokens (someone else's is a 404)."""
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    if request.method == "POST":
        try:
            services.revoke_token(token, actor=request.user)
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("Đã thu hồi khóa “%(name)s”.") % {"name": token.name})
        return redirect("api:token_list")
    return render_page(request, "api/token_confirm_revoke.html", {"token": token})
