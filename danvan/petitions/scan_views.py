"""Staff pages to read a scanned letter by OCR (petitions.ocr): upload, progress, then the pre-filled entry form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from danvan.core.web import get_visible_or_404, render_page, require_perm
from danvan.petitions import ocr
from danvan.petitions.choices import ScanStatus
from danvan.petitions.forms import ScanReadingForm
from danvan.petitions.models import ScanReading
from danvan.petitions.services import PetitionError
from danvan.petitions.staff_views import entry_organisation

PERCENT = {ScanStatus.QUEUED: 5, ScanStatus.RUNNING: 40, ScanStatus.DONE: 100, ScanStatus.FAILED: 100}


def _reading(request: HttpRequest, pk: int) -> ScanReading:
    return get_visible_or_404(
        ScanReading.objects.select_related("organisation"), request.user, "petitions.register", pk=pk
    )


@require_http_methods(["GET", "POST"])
@require_perm("petitions.register")
def scan_upload(request: HttpRequest) -> HttpResponse:
    """Upload a letter's scan; its text is read in the background (or say why this server cannot)."""
    organisation = entry_organisation(request)
    reason = ocr.unavailable_reason()
    form = ScanReadingForm(request.POST or None, request.FILES or None)
    error = None
    if request.method == "POST":
        if reason:
            error = reason
        elif form.is_valid():
            try:
                reading = ocr.start_reading(form.cleaned_data["scan"], organisation=organisation, actor=request.user)
            except PetitionError as exc:
                error = exc.message
            else:
                return redirect("petitions:scan_detail", pk=reading.pk)
    return render_page(
        request,
        "petitions/scan_upload.html",
        {"form": form, "organisation": organisation, "unavailable": reason, "error": error},
    )


@require_GET
@require_perm("petitions.register")
def scan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a reading's progress (polled), then the way on to the pre-filled entry form."""
    reading = _reading(request, pk)
    return render_page(
        request,
        "petitions/scan_detail.html",
        {
            "reading": reading,
            "percent": PERCENT[reading.status],
            "entry_url": f"{reverse('petitions:petition_create')}?ban-chup={reading.pk}&org={reading.organisation_id}",
        },
    )


@require_GET
@require_perm("petitions.register")
def scan_progress(request: HttpRequest, pk: int) -> JsonResponse:
    """Return {percent, done, message, redirect} for the progress poller."""
    reading = _reading(request, pk)
    return JsonResponse(
        {
            "percent": PERCENT[reading.status],
            "done": reading.is_finished,
            "status": reading.status,
            "message": reading.message or reading.get_status_display(),
            "redirect": reverse("petitions:scan_detail", args=[reading.pk]) if reading.is_finished else None,
        }
    )
