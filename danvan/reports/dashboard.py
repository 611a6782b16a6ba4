"""Dashboard panels: reports due for a school, and the Department's view of its schools' reports."""

from __future__ import annotations

import base64
import datetime as dt
import functools
from typing import TYPE_CHECKING, Any

from django.db.models import Count
from django.utils import timezone

from danvan.core.tenancy import member_tenant_ids
from danvan.lib.lazy import lazy_module
from danvan.reports.choices import ObligationStatus
from danvan.reports.models import ObligationCampaign, ReportObligation
from danvan.reports.sources import rate

if TYPE_CHECKING:
    from danvan.reports import charts
else:  # loaded on first use (danvan/lib/lazy.py): building a document needs heavy libraries
    charts = lazy_module("danvan.reports.charts")


def due_panel(request: Any) -> dict | None:
    """Return the user's organisation's unsent reports due within 30 days or overdue (None hides the panel)."""
    tenants = member_tenant_ids(request.user, "reports.view", reach="own")
    if not tenants:
        return None
    today = timezone.localdate()
    qs = ReportObligation.objects.filter(organisation_id__in=tenants)
    qs.refresh_overdue(today)
    # What is due next comes first, nearest first; then what is overdue, most recent first (a forgotten 2023 report
    # must not push the one due in 3 days off the panel).
    open_items = qs.open().select_related("organisation")
    upcoming = list(open_items.filter(due__gte=today, due__lte=today + dt.timedelta(days=30)).order_by("due", "id")[:8])
    overdue = list(open_items.filter(due__lt=today).order_by("-due", "-id")[: max(8 - len(upcoming), 3)])
    items = upcoming + overdue
    if not items:
        return None
    for o in items:
        o.days_left = (o.due - today).days
    return {"items": items, "today": today}


@functools.lru_cache(maxsize=256)
def _submission_chart(owed: int, on_time: int, late: int, missing: int) -> bytes | None:
    """Draw the small on-time chart once per distinct set of figures (matplotlib takes ~60 ms a chart)."""
    submission = {
        "owed": owed,
        "on_time": on_time,
        "late": late,
        "missing": missing,
        "on_time_rate": rate(on_time, owed),
    }
    return charts.submission_chart({"submission": submission}, small=True)


def department_panel(request: Any) -> dict | None:
    """Return the latest campaign's on-time rate, a small chart, and the schools late or missing."""
    tenants = member_tenant_ids(request.user, "reports.review", reach="subtree")
    if not tenants:
        return None
    campaign = ObligationCampaign.objects.filter(organisation_id__in=tenants).order_by("-due", "-id").first()
    if campaign is None:
        return {"campaign": None}
    campaign.obligations.all().refresh_overdue()
    counts = dict(campaign.obligations.values_list("status").annotate(n=Count("id")).order_by())
    owed = sum(counts.values())
    on_time = counts.get(ObligationStatus.ON_TIME, 0) + counts.get(ObligationStatus.ACCEPTED, 0)
    submission = {
        "owed": owed,
        "on_time": on_time,
        "late": counts.get(ObligationStatus.LATE, 0),
        "missing": counts.get(ObligationStatus.MISSING, 0),
        "on_time_rate": rate(on_time, owed),
    }
    png = _submission_chart(owed, on_time, submission["late"], submission["missing"])
    behind = list(
        campaign.obligations.filter(status__in=[ObligationStatus.LATE, ObligationStatus.MISSING])
        .select_related("organisation")
        .order_by("status", "organisation__name")[:10]
    )
    return {
        "campaign": campaign,
        "submission": submission,
        "behind": behind,
        "chart": base64.b64encode(png).decode() if png else "",
    }
