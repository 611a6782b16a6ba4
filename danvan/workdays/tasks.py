"""Background jobs of the working-day calendar."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from danvan.core.audit import record
from danvan.workdays import services


@task()
def recompute_deadlines(
    organisation_ids: list[int] | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    reason: str = "",
) -> dict[str, int]:
    """Recompute open deadlines that depend on a changed calendar or rule, through every registered source."""
    date_range = (dt.date.fromisoformat(date_from), dt.date.fromisoformat(date_to)) if date_from and date_to else None
    counts = services.recompute_open_deadlines(organisation_ids, date_range, reason)

    record(
        "workdays.deadlines.recomputed",
        changes={
            "organisation_ids": organisation_ids,
            "date_from": date_from,
            "date_to": date_to,
            "counts": counts,
            "reason": reason,
        },
        message=reason,
    )
    return counts
