"""Recompute the board's open deadlines after a calendar or rule change (a workdays deadline source)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from danvan.board import choices as c
from danvan.board.models import BoardRecommendation, BoardTerm
from danvan.board.services import BoardError, answer_due
from danvan.core import audit
from danvan.workdays.services import WorkdaysError, add_working_days


def recompute_deadlines(
    organisation_ids: set[int] | None, date_range: tuple[dt.date, dt.date] | None, reason: str = ""
) -> int:
    """Recompute open recommendations' answer dates and unrecognised terms' recognition dates; audit each change.

    Registered with workdays (apps.py); a changed day d matters only when start < d ≤ due. `reason`
    names the change in the audit message.
    """

    recs = BoardRecommendation.objects.filter(status=c.RecommendationStatus.SENT).select_related("organisation")
    terms = BoardTerm.objects.filter(recognised_on__isnull=True).select_related("organisation")
    if organisation_ids is not None:
        recs = recs.filter(organisation_id__in=organisation_ids)
        terms = terms.filter(organisation_id__in=organisation_ids)
    if date_range is not None:
        first, last = date_range
        recs = recs.filter(sent_on__lt=last, due_on__gte=first)
        terms = terms.filter(elected_on__lt=last, recognition_due__gte=first)
    changed = 0
    for rec in recs:
        try:
            due, citation = answer_due(rec.organisation, rec.sent_on)
        except BoardError:
            continue
        if due == rec.due_on:
            continue
        old = rec.due_on
        with transaction.atomic():
            rec.due_on, rec.due_citation = due, citation
            rec.save(update_fields=["due_on", "due_citation", "updated_at"])
            audit.record(
                "board.boardrecommendation.deadline_changed",
                obj=rec,
                message=f"Hạn trả lời {old:%d/%m/%Y} → {due:%d/%m/%Y} do {reason or 'thay đổi lịch làm việc'}",
            )
        changed += 1
    for term in terms:
        try:
            due = add_working_days(term.elected_on, c.RECOGNITION_WORKING_DAYS, organisation=term.organisation)
        except WorkdaysError:
            continue
        if due == term.recognition_due:
            continue
        with transaction.atomic():
            term.recognition_due = due
            term.save(update_fields=["recognition_due", "updated_at"])
        changed += 1
    return changed
