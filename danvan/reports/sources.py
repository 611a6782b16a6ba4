"""Fetch the period's figures from the other apps, one adapter per source.

Each source app exposes a `stats` module; it is imported lazily, so a source that is missing (not
installed, or not written yet) gives an empty section with a visible note instead of an error.
"""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import DatabaseError, transaction
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

SOURCE_LABELS = {
    "tasks": "Kế hoạch, nhiệm vụ",
    "petitions": "Tiếp công dân, đơn thư",
    "dissemination": "Quán triệt văn bản",
    "emulation": "Thi đua Dân vận khéo",
}


class SourceUnavailable(Exception):
    """A source app's statistics module cannot be imported."""


def _function(module: str, name: str) -> Callable[..., Any]:
    try:
        mod = importlib.import_module(module)
        return getattr(mod, name)
    except (ImportError, AttributeError) as exc:
        raise SourceUnavailable(f"{module}.{name}") from exc


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
    try:
        if source == "tasks":
            data = _function("danvan.plans.stats", "task_stats")(organisation_ids, start, end)
        elif source == "petitions":
            lo, hi = period_bounds(start, end)
            data = _function("danvan.petitions.stats", "petition_stats")(organisation_ids, lo, hi)
        elif source == "emulation":
            data = _function("danvan.emulation.stats", "emulation_stats")(organisation_ids, start, end)
        elif source == "dissemination":
            data = _function("danvan.dissemination.stats", "dissemination_stats")(organisation_ids, start, end)
        else:  # pragma: no cover - programming error
            raise ValueError(source)
    except SourceUnavailable:
        log.info("reports: source %s unavailable", source)
        return {"unavailable": unavailable_note(source)}
    return _plain(dict(data))


def fetch_by_org(source: str, organisation_ids: list[int], start: dt.date, end: dt.date) -> dict[int, dict] | None:
    """Return the per-organisation figures of a source (one grouped query), or None when it is missing."""
    try:
        if source == "tasks":
            fn = _function("danvan.plans.stats", "plan_stats_by_org")
            data = fn(organisation_ids, start, end)
        elif source == "petitions":
            fn = _function("danvan.petitions.stats", "petition_stats_by_org")
            lo, hi = period_bounds(start, end)
            data = fn(organisation_ids, lo, hi)
        else:  # pragma: no cover
            raise ValueError(source)
    except SourceUnavailable:
        return None
    return {int(k): dict(v) for k, v in data.items()}


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
