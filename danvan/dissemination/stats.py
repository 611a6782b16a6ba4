"""Figures of study sessions (quán triệt) for the reports app (a stable contract: keep the keys)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from danvan.dissemination.models import StudySession


def dissemination_stats(organisation_ids: list[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    """Return the sessions held by the organisations between two dates and their attendance.

    Keys: `sessions` [{id, date, documents: [numbers], attendees_present, attendees_expected, organisation_id}],
    `attendance_total`, `attendance_expected_total`, `documents_studied` [numbers, in first-studied order].
    """
    sessions = list(
        StudySession.objects.filter(organisation_id__in=organisation_ids, held_on__gte=start, held_on__lte=end)
        .annotate(n_present=Count("attendance", filter=Q(attendance__present=True)))
        .prefetch_related("documents")
        .order_by("held_on", "id")
    )
    rows, studied = [], []
    for s in sessions:
        numbers = [d.number for d in sorted(s.documents.all(), key=lambda d: d.pk)]
        studied += [n for n in numbers if n not in studied]
        rows.append(
            {
                "id": s.pk,
                "date": s.held_on,
                "documents": numbers,
                "attendees_present": s.n_present,
                "attendees_expected": s.expected_count,
                "organisation_id": s.organisation_id,
            }
        )
    return {
        "sessions": rows,
        "attendance_total": sum(r["attendees_present"] for r in rows),
        "attendance_expected_total": sum(r["attendees_expected"] for r in rows),
        "documents_studied": studied,
    }
