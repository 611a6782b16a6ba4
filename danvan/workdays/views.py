"""Calendar, rule table and deadline calculator pages (thin doors onto services)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from danvan.core.tenancy import member_tenant_ids
from danvan.core.web import render_page, require_perm
from danvan.org.models import Organisation
from danvan.workdays import services
from danvan.workdays.choices import Kind
from danvan.workdays.forms import DeadlineForm
from danvan.workdays.models import DeadlineRule


def _organisation(request: HttpRequest) -> tuple[Any, list[Any]]:
    """Return the organisation whose calendar is shown (?org=) and the ones the user may choose."""

    choices = list(
        Organisation.objects.visible_to(request.user, "workdays.view")
        .filter(id__in=member_tenant_ids(request.user))
        .order_by("path")
    )
    chosen = None
    wanted = request.GET.get("org") or request.POST.get("org")
    if wanted:
        chosen = next((o for o in choices if str(o.pk) == wanted), None)
    if chosen is None and choices:
        chosen = choices[0]
    return chosen, choices


@require_perm("workdays.view")
@require_GET
def calendar(request: HttpRequest, year: int | None = None) -> HttpResponse:
    """Show a year of working days and days off with their reasons."""
    year = year or timezone.localdate().year
    org, orgs = _organisation(request)
    try:
        months = services.year_view(year, organisation=org)
        off = services.days_off(year, organisation=org)
        changes = services.year_changes(year, organisation=org)
        error = None
    except services.WorkdaysError as exc:
        months, off, changes, error = [], [], [], exc.message
    return render_page(
        request,
        "workdays/calendar_year.html",
        {
            "year": year,
            "months": months,
            "days_off": off,
            "changes": changes,
            "error": error,
            "organisation": org,
            "organisations": orgs,
            "today": timezone.localdate(),
            # The admin, where days are overridden, is open to superusers only (core.admin_site).
            "can_override": request.user.is_superuser,
        },
    )


@require_perm("workdays.view")
@require_GET
def rules(request: HttpRequest) -> HttpResponse:
    """Show the statutory deadline table with citations and effective dates."""
    rows = list(DeadlineRule.objects.order_by("kind", "step", "variant", "effective_from"))
    groups = [(label, [r for r in rows if r.kind == value]) for value, label in Kind.choices]
    return render_page(request, "workdays/rule_list.html", {"groups": [g for g in groups if g[1]]})


@require_perm("workdays.view")
@require_GET
def deadline(request: HttpRequest) -> HttpResponse:
    """Compute one statutory deadline from a form."""
    org, orgs = _organisation(request)
    form = DeadlineForm(request.GET or None)
    result = left = error = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.compute_deadline(
                data["kind"],
                data["step"],
                data["start"],
                complex=data["complex"],
                very_complex=data["very_complex"],
                remote=data["remote"],
                organisation=org,
            )
            left = services.working_days_left(result.due, organisation=org)
        except services.WorkdaysError as exc:
            error = exc.message
    return render_page(
        request,
        "workdays/deadline_form.html",
        {
            "form": form,
            "result": result,
            "left": left,
            "error": error,
            "overdue": -left if left is not None and left < 0 else 0,
            "organisation": org,
            "organisations": orgs,
        },
    )
