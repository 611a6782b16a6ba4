"""Sign-in, second factor, dashboard and audit trail pages."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

import pyotp
import segno
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core import audit, ratelimit
from danvan.core import search as global_search
from danvan.core.forms import LimitedPasswordResetForm, LoginForm, TotpForm
from danvan.core.middleware import OTP_SESSION_KEY
from danvan.core.models import AuditEvent
from danvan.core.params import parse_int
from danvan.core.registry import panels
from danvan.core.scoping import perms_anywhere
from danvan.core.web import AuthenticatedRequest, RefusedFormMixin, paginate, render_page, require_perm


def home(request: HttpRequest) -> HttpResponse:
    """Send signed-in users to their dashboard and others to the sign-in page."""
    return redirect("core:dashboard" if request.user.is_authenticated else "login")


class LoginView(RefusedFormMixin, auth_views.LoginView):
    """Sign in (django-axes counts failures and locks out)."""

    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit.record("core.user.login", obj=self.request.user, actor=self.request.user)
        return response


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """Sign out (POST only, so a link cannot sign someone out)."""
    if request.user.is_authenticated:
        audit.record("core.user.logout", obj=request.user)
    logout(request)
    messages.info(request, _("Bạn đã đăng xuất."))
    return redirect("login")


class PasswordChangeView(RefusedFormMixin, auth_views.PasswordChangeView):
    """Change one's own password."""

    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("password_change_done")
    request: AuthenticatedRequest

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        audit.record("core.user.password_changed", obj=self.request.user)
        return response


class PasswordResetView(RefusedFormMixin, auth_views.PasswordResetView):
    """Send a reset link by email (the same answer whether or not the address is known), a few an hour."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")
    form_class = LimitedPasswordResetForm

    def form_valid(self, form: Any) -> HttpResponse:
        decision = ratelimit.password_reset_for_address(self.request)
        if not decision.allowed:
            form.add_error(
                None,
                _("Đã có nhiều yêu cầu đặt lại mật khẩu từ địa chỉ mạng này. Vui lòng thử lại sau %(minutes)d phút.")
                % {"minutes": decision.retry_minutes},
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


class PasswordResetConfirmView(RefusedFormMixin, auth_views.PasswordResetConfirmView):
    """Set a new password from the emailed link."""

    template_name = "registration/password_reset_confirm.html"


# A 6-digit code with one step of drift has 3 right answers in a million: without a limit, someone who has
# the password could try them all. Failures are counted in the audit trail, so a new session does not reset them.
TOTP_MAX_FAILURES = 5
TOTP_LOCK_WINDOW = dt.timedelta(minutes=15)


def totp_locked(user: Any) -> bool:
    """Return whether the user entered TOTP_MAX_FAILURES wrong codes within the last TOTP_LOCK_WINDOW."""
    since = timezone.now() - TOTP_LOCK_WINDOW
    failures = AuditEvent.objects.for_object(user).filter(code="core.user.totp_failed", at__gte=since)
    return failures.count() >= TOTP_MAX_FAILURES


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: AuthenticatedRequest) -> HttpResponse:
    """Ask for the 6-digit code after sign-in when TOTP is enabled."""
    user = request.user
    next_url = request.GET.get("next") or request.POST.get("next") or ""
    # Only a path: `redirect("abc")` would take a relative word for a view name and fail with NoReverseMatch.
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    if not user.totp_enabled:
        return redirect(next_url or "core:dashboard")
    form = TotpForm(user.totp_secret, request.POST or None)
    status = None
    if request.method == "POST":
        if totp_locked(user):
            form, status = TotpForm(user.totp_secret), 429
            messages.error(
                request,
                _("Nhập sai mã quá nhiều lần; hãy thử lại sau %(m)d phút.") % {"m": TOTP_LOCK_WINDOW.seconds // 60},
            )
        elif form.is_valid():
            request.session[OTP_SESSION_KEY] = True
            return redirect(next_url or "core:dashboard")
        else:
            audit.record("core.user.totp_failed", obj=user)
    return render_page(request, "registration/two_factor_verify.html", {"form": form, "next": next_url}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: AuthenticatedRequest) -> HttpResponse:
    """Turn TOTP on (scan a QR code, confirm a code) or off."""
    user = request.user
    if request.method == "POST" and request.POST.get("action") == "disable":
        form = TotpForm(user.totp_secret, request.POST)
        if user.totp_enabled and form.is_valid():
            user.totp_enabled = False
            user.totp_secret = ""
            user.save(update_fields=["totp_enabled", "totp_secret"])
            audit.record("core.user.totp_disabled", obj=user)
            messages.success(request, _("Đã tắt xác thực hai lớp."))
            return redirect("two_factor_setup")
    else:
        if not user.totp_secret or user.totp_enabled is False and request.method == "GET":
            user.totp_secret = pyotp.random_base32()
            user.save(update_fields=["totp_secret"])
        form = TotpForm(user.totp_secret, request.POST or None)
        if request.method == "POST" and form.is_valid():
            user.totp_enabled = True
            user.save(update_fields=["totp_enabled"])
            request.session[OTP_SESSION_KEY] = True
            audit.record("core.user.totp_enabled", obj=user)
            messages.success(request, _("Đã bật xác thực hai lớp."))
            return redirect("two_factor_setup")
    uri = (
        pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name="danvan")
        if user.totp_secret
        else ""
    )
    qr = ""
    if uri and not user.totp_enabled:
        qr = "data:image/svg+xml;base64," + base64.b64encode(segno.make(uri).svg_inline(scale=4).encode()).decode()
    return render_page(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "qr": qr,
            "secret": user.totp_secret if not user.totp_enabled else "",
            "enabled": user.totp_enabled,
        },
    )


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Show the panels the user's role allows (each app contributes its own)."""
    perms = perms_anywhere(request.user)
    shown = []
    for panel in panels.sorted():
        if panel.perm and panel.perm not in perms:
            continue
        context = panel.render(request)
        if context is not None:
            shown.append({"template": panel.template, "context": context, "key": panel.key})
    person = getattr(request.user, "person", None)
    memberships = list(person.memberships.active().select_related("organisation__tenant")) if person else []
    return render_page(request, "core/dashboard.html", {"panels": shown, "memberships": memberships})


@require_perm("audit.view")
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """List audit entries of the organisations the user may audit, newest first."""
    events = AuditEvent.objects.visible_to(request.user).select_related("organisation")
    code = request.GET.get("code", "").strip()
    if code:
        events = events.filter(code__startswith=code)
    page = paginate(request, events, 50)
    return render_page(
        request,
        "core/audit_list.html",
        {"page": page, "events": audit.for_display(request.user, page.object_list), "code": code},
    )


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Render the Vietnamese 404 page."""
    return render_page(request, "404.html", status=404)


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """Render the Vietnamese 403 page."""
    return render_page(request, "403.html", status=403)


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Answer /favicon.ico, which browsers ask for on their own (on a PDF, say), with danvan's icon."""
    return HttpResponsePermanentRedirect(static("danvan/favicon.ico"))


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    """Search plans, tasks, petitions, documents and people the user may see; results grouped by kind."""
    kinds = global_search.providers_for(request.user)
    kind = request.GET.get("loai") or None
    if kind is not None and kind not in {p.key for p in kinds}:
        kind = None
    page = min(parse_int(request.GET.get("page"), minimum=1) or 1, 1000)
    raw = request.GET.get("q", "")
    context: dict[str, Any] = {"q": raw[: global_search.MAX_QUERY], "kind": kind, "kinds": kinds, "page": page}
    status = 200
    if raw.strip():
        try:
            query = global_search.clean_query(raw)
        except global_search.SearchError as exc:
            context["error"] = str(exc)
            status = 400
        else:
            context["groups"] = global_search.run(request.user, query, kind=kind, page=page)
            context["found"] = any(g.hits for g in context["groups"])
    return render_page(request, "core/search.html", context, status=status)
