"""The petition counters the Department aggregate reads: what one petition adds to its books owner's figures.

A petition adds, in the books of the organisation holding it (`models.books_owner`: the handling body once routed
away from the school, else the school), one to "received" on the local day it was received (a split mixed petition
is counted through its parts), one to "resolved on time" or "resolved late" on the day of its decision, and +1 / −1
to "overdue" on the days it became / stopped being overdue: the petitions overdue on a day D are the sum of the
"overdue" rows up to D. The rule of "overdue on D" is the one of the reports (reports.sources, as of a period's
end): received by D, not closed, withdrawn (without continuing) or resolved by D, and either accepted and past the
resolution deadline, or still open in a step started by D whose deadline has passed.

`Petition.save` applies the change of its contribution (after minus before) in the transaction that stores the
petition, and the deadline recomputation (which writes with `update`) does the same; `stats.rebuild_counters`
recomputes the whole table and `stats.counter_differences` compares it with the rows
(`manage petition_counters check|rebuild`).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone

from danvan.petitions.choices import OPEN_STATES, Closure

RECEIVED = "received"
RESOLVED_ON_TIME = "resolved_on_time"
RESOLVED_LATE = "resolved_late"
OVERDUE = "overdue"  # +1 the day a petition becomes overdue, −1 the day it stops
MEASURES = (RECEIVED, RESOLVED_ON_TIME, RESOLVED_LATE, OVERDUE)

# The columns a petition's contribution depends on (attribute names).
COUNTED_FIELDS = (
    "organisation_id",
    "handling_body_id",
    "routed_away",
    "received_at",
    "closure",
    "accepted_on",
    "resolved_on",
    "resolution_due_on",
    "closed_at",
    "withdrawn_at",
    "continues_after_withdrawal",
    "state",
    "due_on",
    "step_started_on",
)
# The same as model field names (for `update_fields`, which names foreign keys without `_id`).
COUNTED_FIELD_NAMES = frozenset(f.removesuffix("_id") for f in COUNTED_FIELDS) | frozenset(COUNTED_FIELDS)

# Every count is kept twice: on its day, and on its month (the row of the month's first day), so a period reads its
# whole months from one row each and only its partial months day by day.
DAY = "d"
MONTH = "m"
Key = tuple[int, str, str, dt.date]  # organisation id, measure, DAY or MONTH, day (a month's first day)
ONE_DAY = dt.timedelta(days=1)


def local_day(value: dt.datetime) -> dt.date:
    """Return the local (Asia/Ho_Chi_Minh) day of an aware datetime, the day the reports' periods count."""
    return value.astimezone(timezone.get_default_timezone()).date()


def values_of(petition: Any) -> dict[str, Any]:
    """Return the counted columns of a petition instance."""
    return {f: getattr(petition, f) for f in COUNTED_FIELDS}


def owner_of(values: Mapping[str, Any]) -> int | None:
    """Return whose books hold the petition (as `models.books_owner`)."""
    return values["handling_body_id"] if values["routed_away"] else values["organisation_id"]


def _spans_overdue(values: Mapping[str, Any]) -> list[tuple[dt.date, dt.date | None]]:
    """Return the disjoint day intervals [first, stop) on which the petition is overdue (stop None: still is)."""
    received = local_day(values["received_at"])
    stops = []
    if values["closed_at"] is not None:
        stops.append(local_day(values["closed_at"]))
    if values["withdrawn_at"] is not None and not values["continues_after_withdrawal"]:
        stops.append(local_day(values["withdrawn_at"]))
    stop = min(stops) if stops else None
    spans: list[tuple[dt.date, dt.date | None]] = []
    accepted, resolution_due = values["accepted_on"], values["resolution_due_on"]
    if accepted is not None and resolution_due is not None:
        spans.append((max(accepted, resolution_due + ONE_DAY), values["resolved_on"]))
    if values["state"] in OPEN_STATES and values["due_on"] is not None:
        first = values["due_on"] + ONE_DAY
        if values["step_started_on"] is not None:
            first = max(first, values["step_started_on"])
        spans.append((first, None))
    clipped: list[tuple[dt.date, dt.date | None]] = []
    for first, end in sorted(spans, key=lambda s: s[0]):
        first = max(first, received)
        end = end if stop is None else (stop if end is None else min(end, stop))
        if end is not None and end <= first:
            continue
        if clipped and (clipped[-1][1] is None or first <= clipped[-1][1]):
            last_first, last_end = clipped[-1]
            clipped[-1] = (last_first, None if end is None or last_end is None else max(end, last_end))
        else:
            clipped.append((first, end))
    return clipped


def contribution(values: Mapping[str, Any] | None) -> Counter[Key]:
    """Return what one petition (its counted columns; None: no petition) adds to the counters, days and months."""
    out: Counter[Key] = Counter()
    if values is not None:
        _add(out, values)
    return out


def _add(out: dict[Key, int], values: Mapping[str, Any]) -> None:
    """Add one petition's counts to `out`, on their days and on their months."""
    owner = owner_of(values)
    if owner is None or values["received_at"] is None:
        return
    counts: list[tuple[str, dt.date, int]] = []
    resolved, due = values["resolved_on"], values["resolution_due_on"]
    if resolved is not None and due is not None:
        counts.append((RESOLVED_ON_TIME if resolved <= due else RESOLVED_LATE, resolved, 1))
    if values["closure"] != Closure.SPLIT:  # a split petition is counted through its parts
        counts.append((RECEIVED, local_day(values["received_at"]), 1))
        for first, stop in _spans_overdue(values):
            counts.append((OVERDUE, first, 1))
            if stop is not None:
                counts.append((OVERDUE, stop, -1))
    for measure, day, n in counts:
        for key in ((owner, measure, DAY, day), (owner, measure, MONTH, day.replace(day=1))):
            out[key] = out.get(key, 0) + n


def change(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> dict[Key, int]:
    """Return the non-zero differences the change of one petition makes to the counters."""
    delta = contribution(after)
    delta.subtract(contribution(before))
    return {k: n for k, n in delta.items() if n}


def apply(table: str, delta: Mapping[Key, int], using: str | None = None) -> None:
    """Add `delta` to the counter rows in one statement (an upsert), in key order (the same lock order everywhere)."""
    if not delta:
        return
    rows = sorted(delta.items())
    connection = connections[using or DEFAULT_DB_ALIAS]
    quote = connection.ops.quote_name
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    params: list[Any] = []
    for (owner, measure, grain, day), n in rows:
        params += [owner, measure, grain, day, n]
    t = quote(table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {t} (organisation_id, measure, grain, day, n) VALUES {values} "  # noqa: S608 - table from _meta
            f"ON CONFLICT (organisation_id, measure, grain, day) DO UPDATE SET n = {t}.n + excluded.n",
            params,
        )


def total(rows: Iterable[Mapping[str, Any]]) -> dict[Key, int]:
    """Return the counters of a set of petitions (their counted columns), as a rebuild stores them (zeros too)."""
    out: dict[Key, int] = {}
    for values in rows:
        _add(out, values)
    return out


def next_month(day: dt.date) -> dt.date:
    """Return the first day of the month after `day`'s."""
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def spans(first: dt.date, last: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """Return the rows that cover the days [first, last]: (DAY or MONTH, from, to), both included."""
    whole_from = first if first.day == 1 else next_month(first)
    whole_to = next_month(last)  # exclusive
    if last != whole_to - ONE_DAY:
        whole_to = last.replace(day=1)
    if whole_from >= whole_to:
        return [(DAY, first, last)]
    out = [(MONTH, whole_from, whole_to - ONE_DAY)]
    if first < whole_from:
        out.append((DAY, first, whole_from - ONE_DAY))
    if whole_to <= last:
        out.append((DAY, whole_to, last))
    return out
