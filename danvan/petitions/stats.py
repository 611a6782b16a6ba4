"""Petition and reception statistics for reports, dashboards and the Ban TTND — never any identity.

Contract used by the reports app (keep the keys exact):

    petition_stats(organisation_ids, start, end) -> dict
    petition_stats_by_org(organisation_ids, start, end) -> {org_id: {received, resolved_on_time, resolved_late,
                                                                    overdue_now}}
    petition_counts_by_org(organisation_ids, first, last, as_of) -> {org_id: {received, resolved_on_time,
                                                                     resolved_late, overdue_at_end}}  (counters)
    overdue_on(organisation_ids, day) -> {org_id: petitions overdue on that day}  (counters)
    outcomes_for_board(organisation, start=None, end=None) -> list[dict]

`start`/`end` are aware datetimes, the period is [start, end). Event counts (accepted, resolved,
transferred …) count events that happened in the period; date-only events (accepted_on, resolved_on)
compare with the local (Asia/Ho_Chi_Minh) dates of the bounds. `overdue_now` ignores the period.
The reporting periods themselves (15/12 → 14/6 and → 14/12, NĐ 09/2019/NĐ-CP; TT 02/2021 dates
UNCONFIRMED — domain.md §3.3) are chosen by the caller.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from danvan.petitions import counters
from danvan.petitions.choices import (
    OPEN_STATES,
    Closure,
    ComplaintAction,
    ComplaintConclusion,
    DenunciationConclusion,
    Kind,
    State,
)
from danvan.petitions.identity import public_text
from danvan.petitions.models import Mediation, Petition, PetitionCount, Reception, books_owner, in_books_q


def _bounds(start: dt.datetime, end: dt.datetime) -> tuple[dt.date, dt.date]:
    """Return the local dates [first, last_exclusive) matching an aware datetime period."""
    first = timezone.localtime(start).date()
    end_local = timezone.localtime(end)
    last = end_local.date() if end_local.time() == dt.time(0) else end_local.date() + dt.timedelta(days=1)
    return first, last


def _check(start: dt.datetime, end: dt.datetime) -> None:
    if timezone.is_naive(start) or timezone.is_naive(end):
        raise ValueError("petition statistics need aware datetimes")


def petition_stats(organisation_ids: list[int], start: dt.datetime, end: dt.datetime) -> dict[str, Any]:
    """Return the period's figures for the given organisations (see module docstring for the keys)."""

    _check(start, end)
    ids = list(organisation_ids)
    first, last = _bounds(start, end)

    base = Petition._base_manager.filter(in_books_q(ids))
    # A split mixed petition is counted through its parts, one per content (TT 05/2021 Điều 6), not twice.
    not_split = ~Q(closure=Closure.SPLIT)
    in_period = base.filter(not_split, received_at__gte=start, received_at__lt=end)
    closed_in = Q(closed_at__gte=start, closed_at__lt=end)
    resolved_in = Q(resolved_on__gte=first, resolved_on__lt=last)
    agg = base.aggregate(
        received=Count("id", filter=Q(received_at__gte=start, received_at__lt=end) & not_split),
        accepted=Count("id", filter=Q(accepted_on__gte=first, accepted_on__lt=last)),
        not_accepted=Count("id", filter=closed_in & Q(closure=Closure.NOT_ACCEPTED)),
        resolved_on_time=Count(
            "id", filter=resolved_in & Q(resolution_due_on__isnull=False, resolved_on__lte=F("resolution_due_on"))
        ),
        resolved_late=Count("id", filter=resolved_in & Q(resolved_on__gt=F("resolution_due_on"))),
        transferred=Count("id", filter=closed_in & Q(closure=Closure.TRANSFERRED)),
        guided=Count("id", filter=closed_in & Q(closure=Closure.GUIDED)),
        filed=Count("id", filter=closed_in & Q(closure__in=[Closure.FILED, Closure.MERGED])),
        withdrawn=Count("id", filter=Q(withdrawn_at__gte=start, withdrawn_at__lt=end)),
        overdue_now=Count("id", filter=Q(state__in=OPEN_STATES, due_on__lt=timezone.localdate())),
    )
    # One grouped pass gives by_kind, by_channel and by_month (three GROUP BYs cost three scans).
    by_kind: dict[str, int] = {}
    by_channel: dict[str, int] = {}
    by_month: dict[str, dict[str, int]] = {}
    month_rows = (
        in_period.annotate(m=TruncMonth("received_at", tzinfo=timezone.get_current_timezone()))
        .values("m", "kind", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in month_rows:
        n, kind, channel = row["n"], row["kind"], row["channel"]
        by_kind[kind] = by_kind.get(kind, 0) + n
        by_channel[channel] = by_channel.get(channel, 0) + n
        month = by_month.setdefault(f"{row['m']:%Y-%m}", {})
        month[kind] = month.get(kind, 0) + n
    # The register holds cases on a petition and cases raised at the school with no petition (mediation_views).
    mediations = Mediation._base_manager.filter(
        Q(petition__in=base) | Q(petition__isnull=True, organisation_id__in=ids), held_on__gte=first, held_on__lt=last
    )
    outcomes = {row["outcome"]: row["n"] for row in mediations.values("outcome").annotate(n=Count("id")).order_by()}
    receptions = Reception._base_manager.filter(
        Q(organisation_id__in=ids, routed_to__isnull=True) | Q(routed_to_id__in=ids),
        received_at__gte=start,
        received_at__lt=end,
    ).aggregate(n=Count("id"), by_head=Count("id", filter=Q(by_head=True)))
    return {
        "received": agg["received"],
        "by_kind": by_kind,
        "by_channel": by_channel,
        "accepted": agg["accepted"],
        "not_accepted": agg["not_accepted"],
        "resolved_on_time": agg["resolved_on_time"],
        "resolved_late": agg["resolved_late"],
        "transferred": agg["transferred"],
        "guided": agg["guided"],
        "filed": agg["filed"],
        "withdrawn": agg["withdrawn"],
        "mediations": sum(outcomes.values()),
        "mediation_outcomes": outcomes,
        "overdue_now": agg["overdue_now"],
        "receptions": receptions["n"],
        "receptions_by_head": receptions["by_head"],
        "by_month": dict(sorted(by_month.items())),
    }


def petition_stats_by_org(
    organisation_ids: Iterable[int], start: dt.datetime, end: dt.datetime
) -> dict[int, dict[str, int]]:
    """Return per-organisation figures in one grouped query (the Department's view over all its schools)."""

    _check(start, end)
    ids = list(organisation_ids)
    first, last = _bounds(start, end)
    today = timezone.localdate()
    received = Q(received_at__gte=start, received_at__lt=end) & ~Q(closure=Closure.SPLIT)
    resolved = Q(resolved_on__gte=first, resolved_on__lt=last)
    overdue = Q(state__in=OPEN_STATES, due_on__lt=today)

    # A petition routed to the managing body counts there, never in the school it is about.
    rows = (
        Petition._base_manager.filter(in_books_q(ids))
        .filter(received | resolved | overdue)
        .annotate(owner=books_owner())
        .values("owner")
        .annotate(
            received=Count("id", filter=received),
            resolved_on_time=Count("id", filter=resolved & Q(resolved_on__lte=F("resolution_due_on"))),
            resolved_late=Count("id", filter=resolved & Q(resolved_on__gt=F("resolution_due_on"))),
            overdue_now=Count("id", filter=overdue),
        )
        .order_by()
    )
    out = {org_id: {"received": 0, "resolved_on_time": 0, "resolved_late": 0, "overdue_now": 0} for org_id in ids}
    for row in rows:
        owner = row.pop("owner")
        if owner in out:
            target = out[owner]
            for key, value in row.items():
                target[key] = target.get(key, 0) + value
    return out


# ------------------------------------------------------------------------------------------ counters (counters.py)


def petition_counts_by_org(
    organisation_ids: Iterable[int], first: dt.date, last: dt.date, as_of: dt.date
) -> dict[int, dict[str, int]]:
    """Return per organisation the petitions received and resolved (on time, late) on the local days [first, last]
    and those overdue on `as_of`, from the counters: a few rows per organisation and month, however many petitions
    there are (the Department aggregate)."""
    ids = list(organisation_ids)
    dated = [counters.RECEIVED, counters.RESOLVED_ON_TIME, counters.RESOLVED_LATE]
    parts = [(dated, q) for q in _days_q(first, last)] + [([counters.OVERDUE], q) for q in _up_to_q(as_of)]
    keys = {**{m: m for m in dated}, counters.OVERDUE: "overdue_at_end"}
    out = {i: dict.fromkeys(keys.values(), 0) for i in ids}
    for row in _sums(ids, parts):
        out[row["organisation_id"]][keys[row["measure"]]] += row["total"] or 0
    return out


def overdue_on(organisation_ids: Iterable[int], day: dt.date) -> dict[int, int]:
    """Return {organisation id: petitions overdue on `day`} from the counters (organisations with none omitted)."""
    out: dict[int, int] = {}
    ids = list(organisation_ids)
    for row in _sums(ids, [([counters.OVERDUE], q) for q in _up_to_q(day)]):
        out[row["organisation_id"]] = out.get(row["organisation_id"], 0) + (row["total"] or 0)
    return {k: n for k, n in out.items() if n}


def _sums(ids: list[int], parts: list[tuple[list[str], Q]]) -> Any:
    """Return the sums of n by organisation and measure over each part (measures, rows), as one UNION ALL: each part
    is a range of days of one grain, which PostgreSQL reads from the counters' index alone."""
    queries = [
        PetitionCount.objects.filter(q, measure__in=measures, organisation_id__in=ids)
        .values("organisation_id", "measure")
        .annotate(total=Sum("n"))
        .order_by()
        for measures, q in parts
    ]
    return queries[0].union(*queries[1:], all=True)


def _days_q(first: dt.date, last: dt.date) -> list[Q]:
    """Return the counter rows of the days [first, last]: whole months by their month row, the rest by day."""
    return [Q(grain=grain, day__gte=lo, day__lte=hi) for grain, lo, hi in counters.spans(first, last)]


def _up_to_q(day: dt.date) -> list[Q]:
    """Return the counter rows of every day up to `day`: the months before its month, then its month's days."""
    month = day.replace(day=1)
    return [Q(grain=counters.MONTH, day__lt=month), Q(grain=counters.DAY, day__gte=month, day__lte=day)]


def live_overdue_on(organisation_ids: Iterable[int], day: dt.date) -> dict[int, int]:
    """Return what `overdue_on` reads, counted from the petitions themselves (the check of the counters).

    Overdue on a day = received by then, not closed, withdrawn or resolved by then, and either past the resolution
    deadline after being accepted, or still (today) in a step that had started by then and whose deadline had passed.
    Split petitions are counted through their parts; a denunciation routed to the managing body counts there.
    """
    tz = timezone.get_default_timezone()  # the counters' days (counters.local_day)
    hi = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    open_then = (
        Q(received_at__lt=hi)
        & ~Q(closure=Closure.SPLIT)
        & (Q(closed_at__isnull=True) | Q(closed_at__gte=hi))
        & (Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=hi) | Q(continues_after_withdrawal=True))
    )
    past_resolution = Q(accepted_on__lte=day, resolution_due_on__lt=day) & (
        Q(resolved_on__isnull=True) | Q(resolved_on__gt=day)
    )
    past_step = Q(state__in=list(OPEN_STATES), due_on__lt=day) & (
        Q(step_started_on__isnull=True) | Q(step_started_on__lte=day)
    )
    ids = set(organisation_ids)
    rows = (
        Petition._base_manager.filter(in_books_q(ids))
        .filter(open_then & (past_resolution | past_step))
        .annotate(owner=books_owner())
        .order_by()
        .values("owner")
        .annotate(n=Count("id"))
    )
    return {r["owner"]: r["n"] for r in rows if r["owner"] in ids}


def expected_counters() -> Counter[counters.Key]:
    """Return the counters as the petitions stored now give them (non-zero rows only)."""
    rows = Petition._base_manager.order_by().values(*counters.COUNTED_FIELDS).iterator(chunk_size=5000)
    return Counter({k: n for k, n in counters.total(rows).items() if n})  # "overdue" rows may be negative


def stored_counters() -> Counter[counters.Key]:
    """Return the non-zero counters stored."""
    rows = PetitionCount.objects.exclude(n=0).values_list("organisation_id", "measure", "grain", "day", "n")
    return Counter({(org, measure, grain, day): n for org, measure, grain, day, n in rows.iterator()})


def counter_differences() -> list[tuple[counters.Key, int, int]]:
    """Return the counters that differ from the petitions: (organisation id, measure, grain, day), stored, expected."""
    stored, expected = stored_counters(), expected_counters()
    return [
        (k, stored.get(k, 0), expected.get(k, 0))
        for k in sorted(set(stored) | set(expected))
        if stored.get(k, 0) != expected.get(k, 0)
    ]


def rebuild_counters() -> int:
    """Recompute every counter from the petitions; return the rows written.

    On PostgreSQL the petitions are locked against writes for the rebuild (SHARE mode: reads go on), so a petition
    changed meanwhile is neither lost nor counted twice; SQLite's write transaction does the same.
    """
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {connection.ops.quote_name(Petition._meta.db_table)} IN SHARE MODE")
        expected = expected_counters()
        PetitionCount.objects.all().delete()
        PetitionCount.objects.bulk_create(
            (
                PetitionCount(organisation_id=org, measure=measure, grain=grain, day=day, n=n)
                for (org, measure, grain, day), n in expected.items()
            ),
            batch_size=5000,
        )
    return len(expected)


def _conclusion_label(p: Any) -> str:
    if p.complaint_conclusion:
        return str(ComplaintConclusion(p.complaint_conclusion).label)
    if p.denunciation_conclusion:
        return str(DenunciationConclusion(p.denunciation_conclusion).label)
    return ""


def outcomes_for_board(
    organisation: Any, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """Return complaint and denunciation outcomes the head must tell the Ban TTND (Luật DCCS 2022 Điều 63(1)).

    Kind, dates, state and outcome only — no identity, no content (subjects are masked like public text).
    """

    qs = (
        Petition._base_manager.filter(
            organisation=organisation, routed_away=False, kind__in=[Kind.KHIEU_NAI, Kind.KHIEU_NAI_LAN_2, Kind.TO_CAO]
        )
        .exclude(state__in=[State.RECEIVED, State.CLASSIFIED])
        .select_related("identity", "handling_body")
        .order_by("received_at", "id")
    )
    if start is not None:
        qs = qs.filter(received_at__gte=start)
    if end is not None:
        qs = qs.filter(received_at__lt=end)
    out = []
    for p in qs:
        out.append(
            {
                "tracking_code": p.tracking_code,
                "kind": p.kind,
                "kind_label": str(Kind(p.kind).label),
                "subject": public_text(p, p.subject),
                "received_on": timezone.localtime(p.received_at).date(),
                "accepted_on": p.accepted_on,
                "resolved_on": p.resolved_on,
                "closed_on": timezone.localtime(p.closed_at).date() if p.closed_at else None,
                "state": p.state,
                "state_label": str(State(p.state).label),
                "closure": p.closure,
                "closure_label": str(Closure(p.closure).label) if p.closure else "",
                "conclusion": p.complaint_conclusion or p.denunciation_conclusion,
                "conclusion_label": _conclusion_label(p),
                "complaint_action_label": str(ComplaintAction(p.complaint_action).label) if p.complaint_action else "",
                "handling_body": p.handling_body.name,
                "on_time": (p.resolved_on <= p.resolution_due_on) if p.resolved_on and p.resolution_due_on else None,
            }
        )
    return out


def head_reception_gaps(organisation: Any, year: int, *, today: dt.date | None = None) -> list[int]:
    """Return the months of `year` (up to today) in which the head received no citizen in person.

    The head of a unit receives citizens personally at least one day a month (Luật TCD Điều 18;
    NĐ 64/2014/NĐ-CP Điều 4 until 30/6/2026, then NĐ 154/2026/NĐ-CP Điều 10(2)).
    """

    today = today or timezone.localdate()
    last_month = 12 if year < today.year else (today.month if year == today.year else 0)
    tz = timezone.get_current_timezone()
    done = {
        row["m"].month
        for row in Reception._base_manager.filter(organisation=organisation, by_head=True, year=year)
        .annotate(m=TruncMonth("received_at", tzinfo=tz))
        .values("m")
        .distinct()
    }
    return [m for m in range(1, last_month + 1) if m not in done]
