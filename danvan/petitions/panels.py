"""Navigation entries and the principal's dashboard panel for petitions (registered when the URLs load)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import nav, panels
from danvan.core.scoping import first_rows, has_perm
from danvan.petitions.choices import Kind, State
from danvan.petitions.deadlines import publicity_deadline
from danvan.petitions.identity_pages import masked_subjects
from danvan.petitions.models import Petition, Reception
from danvan.petitions.services import months_without_head_days
from danvan.petitions.staff_views import tenants_with

PANEL_LIMIT = 8
COUNT_CAP = 999  # a panel counts up to here and shows "999+": a Department's count must not read every row


def bounded_count(qs: Any, cap: int = COUNT_CAP) -> str:
    """Return the number of rows as text, counting at most `cap` + 1 of them ("1000+" beyond the cap)."""
    n = qs[: cap + 1].count()
    return f"{cap + 1}+" if n > cap else str(n)


def petitions_panel(request: Any) -> dict[str, Any] | None:
    """Return the open petitions due this week and those already late, for the user's schools."""

    today = timezone.localdate()
    week_end = today + dt.timedelta(days=6 - today.weekday())
    base = (
        Petition.objects.visible_to(request.user, "petitions.view")
        .open()
        .select_related("handler")
        .only("id", "tracking_code", "subject", "masked_names", "kind", "due_on", "state", "handler__full_name")
        .order_by("due_on", "id")
    )
    # The lists read each side of the scope (owning school, handling body, assigned handler) in due-date order and
    # stop after a few rows; their OR would read every open petition of a Department's schools and sort them.
    parts = [
        p.open()
        .select_related("handler")
        .only("id", "tracking_code", "subject", "masked_names", "kind", "due_on", "state", "handler__full_name")
        for p in Petition.objects.visible_parts(request.user, "petitions.view")
    ]
    order = ("due_on", "id")
    late = first_rows([p.filter(due_on__lt=today) for p in parts], order, PANEL_LIMIT)
    due = first_rows([p.filter(due_on__gte=today, due_on__lte=week_end) for p in parts], order, PANEL_LIMIT)
    subjects = masked_subjects(late + due)
    for p in late + due:
        p.shown_subject = subjects[p.pk]
    counts = {
        "late": bounded_count(base.filter(due_on__lt=today)),
        "due": bounded_count(base.filter(due_on__gte=today, due_on__lte=week_end)),
    }
    return {"late": late, "due": due, "counts": counts, "today": today, "week_end": week_end}


def reception_panel(request: Any) -> dict[str, Any] | None:
    """Return the refusal notices owed (late first; NĐ 154/2026 Điều 4(3)) and the months of the school year with
    no head reception day planned (Điều 10(2)), for the schools where the user registers receptions."""

    today = timezone.localdate()
    orgs = [o for o in tenants_with(request.user, "petitions.view") if has_perm(request.user, "petitions.view", o)]
    if not orgs:
        return None
    # A reception routed to the managing body (a denunciation of the head) is never listed to the school.
    owed = list(
        Reception.objects.filter(
            organisation__in=orgs,
            refusal_notice_due_on__isnull=False,
            refusal_notice_on__isnull=True,
            routed_to__isnull=True,
        )
        .only("id", "serial", "year", "refusal_notice_due_on", "organisation_id")
        .order_by("refusal_notice_due_on", "id")[:PANEL_LIMIT]
    )
    by_org = months_without_head_days(orgs, today=today)
    missing = [(o, by_org[o.pk]) for o in orgs if by_org[o.pk]]
    if not owed and not missing:
        return {"owed": [], "missing": [], "today": today}
    return {"owed": owed, "missing": missing, "today": today}


def publicity_panel(request: Any) -> dict[str, Any] | None:
    """Return denunciation conclusions not yet publicised, with their 07-working-day limit (Luật TC Điều 40(1)).

    The limit runs after the petition left the open states, so the deadlines panel no longer shows it; None hides
    the panel when nothing is pending.
    """

    qs = (
        Petition.objects.visible_to(request.user, "petitions.view")
        .filter(
            kind=Kind.TO_CAO,
            published_on__isnull=True,
            resolved_on__isnull=False,
            state__in=[State.RESOLVED, State.DECISION_SENT, State.REPLIED, State.CLOSED],
        )
        .exclude(denunciation_conclusion="")
        .select_related("handling_body")
        .order_by("resolved_on", "id")
    )
    rows = []
    shown = list(qs[:PANEL_LIMIT])
    subjects = masked_subjects(shown)
    for p in shown:
        limit = publicity_deadline(p)
        rows.append({"petition": p, "subject": subjects[p.pk], "due": limit.due if limit else None})
    if not rows:
        return None
    count = bounded_count(qs) if len(rows) == PANEL_LIMIT else str(len(rows))
    return {"rows": rows, "count": count, "more": count != str(len(rows)), "today": timezone.localdate()}


def register_panels() -> None:
    """Add the navigation entries and the dashboard panel (idempotent)."""
    nav.register("petitions:queue", _("Đơn thư"), perm="petitions.view", order=30)
    nav.register("petitions:register_reception", _("Sổ tiếp công dân"), perm="petitions.view", order=31)
    panels.register(
        "petitions-deadlines",
        "petitions/partials/panel_deadlines.html",
        petitions_panel,
        perm="petitions.view",
        order=20,
    )
    nav.register("petitions:mediations", _("Sổ hòa giải"), perm="petitions.view", order=33)
    nav.register("petitions:head_days", _("Lịch tiếp của người đứng đầu"), perm="petitions.view", order=32)
    panels.register(
        "petitions-reception",
        "petitions/partials/panel_reception.html",
        reception_panel,
        perm="petitions.view",
        order=21,
    )
    panels.register(
        "petitions-publicity",
        "petitions/partials/panel_publicity.html",
        publicity_panel,
        perm="petitions.view",
        order=22,
    )


register_panels()
