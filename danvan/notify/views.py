"""The user's notifications."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.errors import DomainError
from danvan.core.scoping import scope_filter
from danvan.core.web import paginate, render_page, require_perm, show_refusal
from danvan.notify import inbox, services, zalo
from danvan.notify.models import Notification, OutboundText
from danvan.petitions.choices import Kind
from danvan.petitions.notifications import petition_path

MAX_WEBHOOK_BYTES = 64 * 1024  # a text event is a few hundred bytes; Zalo caps a message at 2,000 characters


def text_backend_enabled(channel: str) -> bool:
    """Return whether the channel has a gateway (the webhook exists only while Zalo is on)."""
    return services.text_channel_enabled(channel)


class ZaloDraftForm(forms.Form):
    """The clerk's decision on a Zalo draft."""

    action = forms.ChoiceField(
        choices=[("register", gettext_lazy("Vào sổ đơn")), ("dismiss", gettext_lazy("Không phải đơn"))]
    )
    kind = forms.ChoiceField(label=gettext_lazy("Loại đơn"), choices=Kind.choices, initial=Kind.CHUA_RO)
    subject = forms.CharField(label=gettext_lazy("Trích yếu"), max_length=200, required=False)


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """List the user's notifications, newest first."""
    page = paginate(request, Notification.objects.for_user(request.user), 30)
    return render_page(request, "notify/notification_list.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and follow its link."""
    note = Notification.objects.for_user(request.user).filter(pk=pk).first()
    if note is None:
        return redirect("notify:notification_list")
    services.mark_read(request.user, [note.pk])
    if note.url and url_has_allowed_host_and_scheme(note.url, allowed_hosts={request.get_host()}):
        return redirect(note.url)
    return redirect("notify:notification_list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every notification of the user read."""
    services.mark_read(request.user)
    return redirect("notify:notification_list")


# ====================================================================== text outbox (staff)


def _outbox_for(user: Any) -> Any:
    return OutboundText.objects.filter(scope_filter(user, "petitions.register"))


@require_perm("petitions.register")
@require_GET
def text_outbox(request: HttpRequest) -> HttpResponse:
    """List the texts of the user's organisations: queued, sent, and the dead letters to look at."""
    state = request.GET.get("trang-thai", "")
    rows = _outbox_for(request.user).select_related("organisation").order_by("-id")
    if state == "dead":
        rows = rows.filter(sent_at__isnull=True, dead_at__isnull=False)
    elif state == "queued":
        rows = rows.filter(sent_at__isnull=True, dead_at__isnull=True)
    page = paginate(request, rows, 50)
    dead = _outbox_for(request.user).filter(sent_at__isnull=True, dead_at__isnull=False).count()
    return render_page(request, "notify/text_outbox.html", {"page": page, "state": state, "dead_count": dead})


@require_perm("petitions.register")
@require_POST
def text_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Put one dead letter back in the queue."""
    row = _outbox_for(request.user).filter(pk=pk).first()
    if row is None:
        raise Http404
    services.retry_dead_text(row, actor=request.user)
    messages.success(request, _("Tin nhắn được đưa lại vào hàng đợi."))
    return redirect(f"{reverse('notify:text_outbox')}?trang-thai=dead")


# ====================================================================== Zalo drafts (staff)


@require_perm("petitions.register")
@require_GET
def zalo_drafts(request: HttpRequest) -> HttpResponse:
    """List the Zalo conversations waiting for a clerk (and the handled ones below)."""
    rows = inbox.drafts_for(request.user).select_related("organisation").annotate(n=Count("messages"))
    page = paginate(request, rows.order_by("state", "-last_message_at"), 30)
    return render_page(request, "notify/zalo_drafts.html", {"page": page})


@require_perm("petitions.register")
@require_http_methods(["GET", "POST"])
def zalo_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one conversation; register it as a petition or dismiss it."""
    conversation = inbox.drafts_for(request.user).filter(pk=pk).first()
    if conversation is None:
        raise Http404
    form = ZaloDraftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["action"] == "dismiss":
                inbox.dismiss_draft(conversation, actor=request.user)
                messages.success(request, _("Đã đánh dấu hội thoại không phải đơn."))
                return redirect("notify:zalo_drafts")
            registered = inbox.register_draft(
                conversation, actor=request.user, kind=form.cleaned_data["kind"], subject=form.cleaned_data["subject"]
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã vào sổ đơn %(code)s.") % {"code": registered.petition.tracking_code})
            return redirect(petition_path(registered.petition))
    return render_page(
        request,
        "notify/zalo_draft.html",
        {
            "conversation": conversation,
            "messages_list": conversation.messages.all(),
            "form": form,
        },
    )


# ====================================================================== Zalo webhook (the OA calls it)


@csrf_exempt
@require_POST
def zalo_webhook(request: HttpRequest) -> HttpResponse:
    """Receive an OA event: 403 unless Zalo signed it, 200 once stored (Zalo redelivers what is not acknowledged)."""
    if not text_backend_enabled("zalo") or not settings.DANVAN_ZALO_OA_SECRET:
        raise Http404
    raw = request.body
    if len(raw) > MAX_WEBHOOK_BYTES:
        return JsonResponse({"error": "payload too large"}, status=413)
    try:
        event = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return JsonResponse({"error": "invalid JSON"}, status=400)
    if not isinstance(event, dict):
        return JsonResponse({"error": "invalid JSON"}, status=400)
    app_id, timestamp = str(event.get("app_id") or ""), str(event.get("timestamp") or "")
    if not zalo.signature_ok(raw, request.headers.get("X-ZEvent-Signature", ""), app_id=app_id, timestamp=timestamp):
        return JsonResponse({"error": "invalid signature"}, status=403)
    return JsonResponse({"result": inbox.receive_event(event)})
