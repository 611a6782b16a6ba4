"""Fetch the period's figures from the other apps, one adapter per source.

Each source app exposes a `stats` module with plain functions; a source whose query fails (a database error)
gives an empty section with a visible note instead of an error, and the rest of the report still compiles.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.dissemination import stats as dissemination_stats
from danvan.emulation import stats as emulation_stats
from danvan.petitions import stats as petition_stats
from danvan.plans import stats as plan_stats
from danvan.plans.models import TaskUpdate

log = logging.getLogger(__name__)

SOURCE_LABELS = {
    "tasks": "Kế hoạch, nhiệm vụ",
    "petitions": "Tiếp công dân, đơn thư",
    "dissemination": "Quán triệt văn bản",
    "emulation": "Thi đua Dân vận khéo",
}


def period_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Return [start 00:00, day after end 00:00) in local time (Asia/Ho_Chi_Minh), as aware datetimes.

    A period "15/12 – 14/6" therefore includes a petition received 14/6 23:59 and excludes one of 15/6 00:00.
    """
    tz = ZoneInfo(settings.TIME_ZONE)
    return (
        dt.datetime.combine(start, dt.time.min, tzinfo=tz),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz),
    )


def unavailable_note(source: str) -> str:
    """Return the note printed in place of a missing section."""
    return _("Chưa có số liệu “%(source)s”: phân hệ này chưa sẵn sàng.") % {"source": SOURCE_LABELS[source]}


def _plain(value: Any) -> Any:
    """Return JSON-safe data (dates as dd/mm/yyyy, lazy strings as str)."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def fetch(source: str, organisation_ids: list[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    """Return one source's figures for the organisations and period, or {"unavailable": note}.

    The source runs in a savepoint: a database error there (an app whose tables are not migrated yet)
    becomes a note, and the rest of the report still compiles.
    """
    try:
        with transaction.atomic():
            return _fetch(source, organisation_ids, start, end)
    except DatabaseError:
        log.exception("reports: source %s failed", source)
        return {"unavailable": unavailable_note(source)}


def _fetch(source: str, organisation_ids: list[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    if source == "tasks":
        data = tasks_as_of(dict(plan_stats.task_stats(organisation_ids, start, end)), end)
    elif source == "petitions":
        lo, hi = period_bounds(start, end)
        data = dict(petition_stats.petition_stats(organisation_ids, lo, hi))
        overdue = sum(petitions_overdue_at(organisation_ids, end).values())
        # "overdue_now" of petitions.stats is today's count whatever the period; a report states the
        # count at its period's end (kept under both keys so older narrative text reads the same figure).
        data["overdue_at_end"] = data["overdue_now"] = overdue
    elif source == "emulation":
        data = emulation_stats.emulation_stats(organisation_ids, start, end)
    elif source == "dissemination":
        data = dissemination_stats.dissemination_stats(organisation_ids, start, end)
    else:  # pragma: no cover - programming error
        raise ValueError(source)
    return _plain(dict(data))


def fetch_by_org(source: str, organisation_ids: list[int], start: dt.date, end: dt.date) -> dict[int, dict]:
    """Return the per-organisation figures of a source ("tasks" or "petitions"), in one grouped query."""
    if source == "tasks":
        # Done and late as of the period's end (a task finished after it was not done then), in one pass.
        data = plan_stats.plan_stats_by_org(organisation_ids, start, end, as_of_end=True)
    elif source == "petitions":
        # The petition counters: a few rows per school, not every petition of every school.
        data = petition_stats.petition_counts_by_org(organisation_ids, start, end, as_of_day(end))
    else:  # pragma: no cover
        raise ValueError(source)
    out = {int(k): dict(v) for k, v in data.items()}
    if source == "petitions":
        for row in out.values():
            row["overdue_now"] = row["overdue_at_end"]
    return out


# ------------------------------------------------------------------------------------------ as of the period's end
#
# The stats modules of plans and petitions count a task by its status today and "overdue_now" by today's date.
# A report on a past period must state what was true at its end: a task finished after the period was not
# done then, and a petition received in 2026 was not overdue in 2023. These corrections read the source
# models directly until the stats functions take an "as of" date.


def as_of_day(end: dt.date) -> dt.date:
    """Return the day a period's figures are stated at: its last day, or today for a period still running."""

    return min(end, timezone.localdate())


def _plain_status(update: Any) -> tuple[str, int | None]:
    return (("in_progress" if update.status == "done" else update.status), update.progress)


def tasks_as_of(data: dict[str, Any], end: dt.date) -> dict[str, Any]:
    """Return task figures as of the period end: a task completed after `end` counts as not done then.

    Its status at `end` is its last progress update on or before that day; with updates only after it the
    task had not started; with no update at all its state then is unknown and shown as in progress.
    """
    rows = [dict(r) for r in data.get("tasks") or []]
    after = [r for r in rows if r.get("status") == "done" and r.get("completed_on") and r["completed_on"] > end]
    if after:
        _lo, hi = period_bounds(end, end)
        last: dict[int, Any] = {}
        ids = [r["id"] for r in after]
        has_updates = set(TaskUpdate.objects.filter(task_id__in=ids).values_list("task_id", flat=True))
        # The work's own day counts (an update entered late says when it was done), else the day of entry.
        then = Q(done_on__lte=end) | Q(done_on__isnull=True, at__lt=hi)
        updates = TaskUpdate.objects.filter(then, task_id__in=ids)
        for u in sorted(updates, key=lambda u: (u.effective_on, u.at, u.id), reverse=True):
            last.setdefault(u.task_id, u)
        for r in after:
            if r["id"] in last:
                r["status"], r["progress"] = _plain_status(last[r["id"]])
            elif r["id"] in has_updates:
                r["status"], r["progress"] = "not_started", 0
            else:
                r["status"], r["progress"] = "in_progress", None
            r["completed_on"] = None
    counts = {"total": 0, "done": 0, "done_late": 0, "in_progress": 0, "not_started": 0, "late": 0}
    for r in rows:
        done = r.get("status") == "done"
        r["late"] = not done and r.get("due_on") is not None and r["due_on"] < end
        counts["total"] += 1
        if done:
            counts["done"] += 1
            if r.get("completed_on") and r.get("due_on") and r["completed_on"] > r["due_on"]:
                counts["done_late"] += 1
        elif r.get("status") == "in_progress":
            counts["in_progress"] += 1
        else:
            counts["not_started"] += 1
        counts["late"] += bool(r["late"])
    return {**data, **counts, "tasks": rows}


def petitions_overdue_at(organisation_ids: list[int], end: dt.date) -> dict[int, int]:
    """Return {organisation id: petitions overdue on the period's last day} (today for a running period).

    Read from the petition counters (petitions.counters: the rule of "overdue then" is there, and
    petitions.stats.live_overdue_on counts the same from the petitions themselves).
    """
    return dict(petition_stats.overdue_on(organisation_ids, as_of_day(end)))


def rate(part: int | None, whole: int | None) -> float | None:
    """Return part/whole as a percentage with one decimal, or None when whole is 0."""
    if not whole:
        return None
    return round(100.0 * (part or 0) / whole, 1)


def add_rates(figures: dict[str, Any]) -> None:
    """Add the derived percentages the narrative and the charts use."""
    t = figures.get("tasks") or {}
    if "total" in t:
        t["done_rate"] = rate(t.get("done"), t.get("total"))
        t["on_time_done"] = (t.get("done") or 0) - (t.get("done_late") or 0)
    p = figures.get("petitions") or {}
    if "received" in p:
        resolved = (p.get("resolved_on_time") or 0) + (p.get("resolved_late") or 0)
        p["resolved"] = resolved
        p["on_time_rate"] = rate(p.get("resolved_on_time"), resolved)
    d = figures.get("dissemination") or {}
    if "attendance_total" in d:
        d["attendance_rate"] = rate(d.get("attendance_total"), d.get("attendance_expected_total"))
        sessions, documents = d.get("sessions"), d.get("documents_studied")
        d["session_count"] = len(sessions) if isinstance(sessions, list) else (sessions or 0)
        d["document_count"] = len(documents) if isinstance(documents, list) else (documents or 0)
    e = figures.get("emulation") or {}
    if "models" in e:
        models = e.get("models")
        e["model_count"] = len(models) if isinstance(models, list) else (models or 0)
        proposals = e.get("reward_proposals")
        e["proposal_count"] = len(proposals) if isinstance(proposals, list) else (proposals or 0)
