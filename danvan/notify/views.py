"""The user's notifications."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from danvan.core.web import paginate
from danvan.notify import services
from danvan.notify.models import Notification


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """List the user's notifications, newest first."""
    page = paginate(request, Notification.objects.for_user(request.user), 30)
    return render(request, "notify/notification_list.html", {"page": page})


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
