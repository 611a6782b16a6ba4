"""Bring a database's rule table and official calendar changes in line with the shipped defaults.

Migration 0003 calls these with the historical models, and so will any later migration that
ships new defaults (they read `rules.default_rules()` and `official.OFFICIAL_CHANGES` as they
are when it runs, so rows other branches append to RULES are picked up too). The rule: insert
what is missing (by natural key); update a row only while it still holds a value an earlier
release shipped (`previous_defaults()`, `official.SUPERSEDED`); remove a row no longer shipped
only under the same condition. A row an administrator edited is left alone and counted.

A sync that changed a figure or a day leaves `pending_recompute` set to the reason; the
`post_migrate` handler (apps.py) then recomputes the open deadlines once every app is migrated,
so petitions show "do <reason>" in their timeline without a manual step.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from danvan.core.audit import record
from danvan.workdays import services
from danvan.workdays.official import DAY_OFF, OFFICIAL_CHANGES, SUPERSEDED, OfficialChange
from danvan.workdays.rules import default_rules, previous_defaults, rule_values

__all__ = ["SyncResult", "pending_recompute", "recompute_after_sync", "sync_official_changes", "sync_rules"]

_RULE_FIELDS = ("amount", "unit", "citation", "confirmed", "note")
# Set by a sync that changed a period or a day; consumed by the post_migrate handler (apps.py).
pending_recompute: list[str] = []
_CHANGE_FIELDS = ("kind", "name", "document", "is_swap")


@dataclass
class SyncResult:
    """What a sync did, as lists of natural keys rendered as text (for the audit entry)."""

    inserted: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept_edited: list[str] = field(default_factory=list)
    # What moves deadlines, in Vietnamese: "quy tắc khieu-nai/thu-ly từ 01/07/2026: 7 ngày làm việc (…)".
    reasons: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[str]]:
        """Return the lists by name."""
        return {
            "inserted": self.inserted,
            "updated": self.updated,
            "removed": self.removed,
            "kept_edited": self.kept_edited,
        }


def _rule_key(obj: Any) -> tuple[str, str, str, Any]:
    return (obj.kind, obj.step, obj.variant, obj.effective_from)


def _rule_text(key: tuple[str, str, str, Any]) -> str:
    return f"{key[0]}/{key[1]}/{key[2]}@{key[3].isoformat()}"


def _rule_reason(row: Any) -> str:
    code = f"{row.kind}/{row.step}" + (f"/{row.variant}" if row.variant != "thuong" else "")
    unit = "ngày làm việc" if row.unit == "working" else "ngày"
    return f"quy tắc {code} từ {row.effective_from:%d/%m/%Y}: {row.amount} {unit} ({row.citation})"


def sync_rules(model: Any) -> SyncResult:
    """Sync the `DeadlineRule` table (`model`, possibly historical) with `default_rules()`."""
    result = SyncResult()
    wanted = {row.key: row for row in default_rules()}
    previous = previous_defaults()
    stored = {_rule_key(obj): obj for obj in model.objects.all()}
    for key, row in wanted.items():
        obj = stored.get(key)
        if obj is None:
            model.objects.create(
                kind=row.kind,
                step=row.step,
                variant=row.variant,
                effective_from=row.effective_from,
                **dict(zip(_RULE_FIELDS, rule_values(row), strict=True)),
            )
            result.inserted.append(_rule_text(key))
            result.reasons.append(_rule_reason(row))
            continue
        current = tuple(getattr(obj, f) for f in _RULE_FIELDS)
        if current == rule_values(row):
            continue
        if current in previous.get(key, ()):
            if (obj.amount, obj.unit) != (row.amount, row.unit):
                result.reasons.append(_rule_reason(row))
            for name, value in zip(_RULE_FIELDS, rule_values(row), strict=True):
                setattr(obj, name, value)
            obj.save(update_fields=[*_RULE_FIELDS, "updated_at"])
            result.updated.append(_rule_text(key))
        else:
            result.kept_edited.append(_rule_text(key))
    for key, obj in stored.items():
        if key in wanted:
            continue
        if tuple(getattr(obj, f) for f in _RULE_FIELDS) in previous.get(key, ()):
            obj.delete()
            result.removed.append(_rule_text(key))  # a copy of the figure before it: no deadline moves
        elif key in previous:  # shipped once, edited since: the administrator's version stays
            result.kept_edited.append(_rule_text(key))
    return result


def _change_values(change: Any) -> tuple[Any, ...]:
    return tuple(getattr(change, f) for f in _CHANGE_FIELDS)


def sync_official_changes(
    model: Any,
    changes: tuple[OfficialChange, ...] = OFFICIAL_CHANGES,
    superseded: tuple[OfficialChange, ...] = SUPERSEDED,
) -> SyncResult:
    """Sync the national `CalendarChange` rows (`model`, possibly historical) with `OFFICIAL_CHANGES`."""
    result = SyncResult()
    wanted = {c.date: c for c in changes}
    old: dict[Any, list[tuple[Any, ...]]] = {}
    for c in superseded:
        old.setdefault(c.date, []).append(_change_values(c))
    stored = {obj.date: obj for obj in model.objects.filter(organisation__isnull=True)}
    for day, change in wanted.items():
        obj = stored.get(day)
        if obj is None:
            model.objects.create(date=day, organisation=None, **dict(zip(_CHANGE_FIELDS, change[1:], strict=True)))
            result.inserted.append(day.isoformat())
            what = "ngày nghỉ" if change.kind == DAY_OFF else "ngày làm việc"
            result.reasons.append(f"ngày {day:%d/%m/%Y} là {what} ({change.document})")
            continue
        current = _change_values(obj)
        if current == _change_values(change):
            continue
        if current in old.get(day, ()):
            for name in _CHANGE_FIELDS:
                setattr(obj, name, getattr(change, name))
            obj.save(update_fields=[*_CHANGE_FIELDS, "updated_at"])
            result.updated.append(day.isoformat())
        else:
            result.kept_edited.append(day.isoformat())
    for day, obj in stored.items():
        if day in wanted or day not in old:
            continue
        if _change_values(obj) in old[day]:
            obj.delete()
            result.removed.append(day.isoformat())
            result.reasons.append(f"ngày {day:%d/%m/%Y} trở lại lịch thường")
        else:
            result.kept_edited.append(day.isoformat())
    return result


def recompute_after_sync(**kwargs: Any) -> None:
    """Recompute every open deadline with the reasons a migration's sync left (a `post_migrate` receiver)."""

    if not pending_recompute:
        return
    reason = "cập nhật theo văn bản mới: " + "; ".join(pending_recompute)
    pending_recompute.clear()
    try:
        counts = services.recompute_open_deadlines(None, None, reason)
    except Exception:  # a partial migrate (petitions tables not there yet) must not fail the command
        logging.getLogger(__name__).exception(
            "workdays: recompute after migrate failed; run `danvan workdays recompute`"
        )
        return

    record(
        "workdays.deadlines.recomputed",
        changes={"organisation_ids": None, "counts": counts, "reason": reason},
        message=reason,
    )
