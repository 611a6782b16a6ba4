"""Score a parsed plan against its checklist (`NN-name.expected.json`) with the project's scoring rules.

A re-implementation of the rules of `shared/tools/score_plan.py` (the scorer the unseen plans are judged with),
written for in-process use: `score(expected, got)` returns one score per field the checklist has (0..1) and the
lines that explain the misses. `bench/bench_plan_corpus.py` checks that it agrees with the shared scorer whenever
that file is beside the clone.

The rules, field by field:

* `number`: equal once upper-cased without spaces; an empty expectation wants no number.
* `date`: the ISO day, equal (None and "" are the same).
* `issuer`: the folded (case, punctuation) name or one of `_issuer_aliases` contains the output or is contained in it.
* `year`: equal.
* `parent_plan`: the number (and the date when the checklist gives one), each half the score; none wants none.
* `sections`: the share of section kinds whose item count is right.
* `tasks`: each expected task is aligned with the first unused output task whose folded content starts with the
  first 40 folded characters of the expected content; a found task scores the mean of its parts (content 1, lead
  and timing equal once folded, units by Jaccard of folded names, periods equal once contiguous ones are merged);
  the sum is divided by the larger of the expected count and expected + surplus output tasks.
* `legal_refs`: F1 of the number sets, the parent plan (expected or output) left out of both.
* `legal_ref_dates`: share of listed numbers whose output reference has that date.
* `report_deadlines`: F1 of the `MM-DD` parts (or folded texts for undated ones).
* `recipients`: Jaccard of the folded items, split at "," and ";".
* `signer`: the folded name equal; an empty expectation wants no name.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

_PUNCTUATION = re.compile(r"[^\w&/\-]+")
_ISO_DAY = re.compile(r"\d{4}-(\d\d-\d\d)")


def fold(value: object) -> str:
    """Return text NFC, case-folded, punctuation as single spaces (keeping &, / and -)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).casefold().replace("đ", "đ")
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def squash(value: object) -> str:
    """Return a document number upper-cased without any whitespace."""
    return "".join(unicodedata.normalize("NFC", str(value or "")).upper().split())


def f1(expected: Iterable[str], got: Iterable[str]) -> float:
    """Return the F1 score of two sets (1 when both are empty)."""
    wanted, found = set(expected), set(got)
    if not wanted and not found:
        return 1.0
    hits = len(wanted & found)
    if not hits:
        return 0.0
    precision, recall = hits / len(found), hits / len(wanted)
    return 2 * precision * recall / (precision + recall)


def jaccard(expected: Iterable[str], got: Iterable[str]) -> float:
    """Return |A ∩ B| / |A ∪ B| (1 when both are empty)."""
    wanted, found = set(expected), set(got)
    union = wanted | found
    return 1.0 if not union else len(wanted & found) / len(union)


def merge_periods(periods: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """Return ISO periods sorted, with touching or overlapping ones merged."""
    spans = sorted((dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in periods)
    merged: list[list[dt.date]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1] + dt.timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(a.isoformat(), b.isoformat()) for a, b in merged]


def output_periods(task: dict[str, Any]) -> list[tuple[str, str]]:
    """Return a task's periods as (start, end) ISO days, from dicts or pairs."""
    found: list[tuple[str, str]] = []
    for period in task.get("periods") or []:
        if isinstance(period, dict):
            if period.get("start") and period.get("end"):
                found.append((period["start"][:10], period["end"][:10]))
        elif isinstance(period, (list, tuple)) and len(period) == 2:
            found.append((str(period[0])[:10], str(period[1])[:10]))
    return found


def same_content(expected: str | None, got: object) -> bool:
    """Return whether an output task's text starts like the expected one (first 40 folded characters)."""
    wanted = fold(expected)
    return bool(wanted) and fold(got).startswith(wanted[:40])


def _task_parts(wanted: dict[str, Any], found: dict[str, Any]) -> dict[str, float]:
    parts = {"content": 1.0}
    if "lead" in wanted:
        parts["lead"] = float(fold(wanted["lead"]) == fold(found.get("lead")))
    if "units" in wanted:
        parts["units"] = jaccard({fold(u) for u in wanted["units"]}, {fold(u) for u in found.get("units") or []})
    if "timing" in wanted:
        parts["timing"] = float(fold(wanted["timing"]) == fold(found.get("timing")))
    if "periods" in wanted:
        parts["periods"] = float(merge_periods(wanted["periods"]) == merge_periods(output_periods(found)))
    return parts


def score_tasks(expected: list[dict[str, Any]], got: list[dict[str, Any]], notes: list[str]) -> float:
    """Return the task score: aligned tasks by their parts, surplus output tasks counted against it."""
    if not expected:
        return float(not got)
    taken: set[int] = set()
    total = 0.0
    for number, wanted in enumerate(expected, start=1):
        match = next(
            (
                i
                for i, task in enumerate(got)
                if i not in taken and same_content(wanted["content"], task.get("content"))
            ),
            None,
        )
        if match is None:
            notes.append(f"  task {number}: not found ({wanted['content'][:50]!r})")
            continue
        taken.add(match)
        found = got[match]
        parts = _task_parts(wanted, found)
        value = sum(parts.values()) / len(parts)
        total += value
        if value < 1:
            missed = {k: v for k, v in parts.items() if v < 1}
            notes.append(
                f"  task {number}: {value:.2f} {missed} got lead={found.get('lead')!r} units={found.get('units')!r} "
                f"timing={found.get('timing')!r} periods={output_periods(found)}"
            )
    surplus = len(got) - len(taken)
    if surplus > 0:
        notes.append(f"  {surplus} extra task(s) in output")
    return total / max(len(expected), len(expected) + surplus)


def _parent_number(value: object) -> str:
    if isinstance(value, dict):
        return squash(value.get("number"))
    return ""


def _due_key(item: object) -> str:
    value = str((item.get("due") if isinstance(item, dict) else item) or "")
    day = _ISO_DAY.match(value)
    return day.group(1) if day else fold(value)


def _recipient_items(values: Iterable[object] | None) -> set[str]:
    items: set[str] = set()
    for value in values or []:
        for part in re.split(r"[,;]", str(value)):
            if fold(part):
                items.add(fold(part))
    return items


def score(expected: dict[str, Any], got: dict[str, Any]) -> tuple[dict[str, float], list[str]]:
    """Return the per-field scores of an output against a checklist, and the lines explaining the misses."""
    scores: dict[str, float] = {}
    notes: list[str] = []
    if "number" in expected:
        wanted = expected["number"]
        scores["number"] = float(squash(wanted) == squash(got.get("number")) if wanted else not got.get("number"))
    if "date" in expected:
        found = got.get("date")
        scores["date"] = float((expected["date"] or None) == (str(found)[:10] if found else None))
    if expected.get("issuer"):
        found = fold(got.get("issuer"))
        names = [expected["issuer"], *(expected.get("_issuer_aliases") or [])]
        scores["issuer"] = float(bool(found) and any(fold(n) in found or found in fold(n) for n in names))
    if "year" in expected:
        scores["year"] = float(expected["year"] == got.get("year"))
    if "parent_plan" in expected:
        wanted, found = expected["parent_plan"], got.get("parent_plan") or {}
        if isinstance(found, str):
            found = {"number": found}
        if wanted is None:
            scores["parent_plan"] = float(not found or not found.get("number"))
        else:
            checks = [squash(wanted.get("number")) == squash(found.get("number"))]
            if wanted.get("date"):
                checks.append(wanted["date"] == str(found.get("date") or "")[:10])
            scores["parent_plan"] = sum(checks) / len(checks)
    if "sections" in expected:
        found = got.get("sections") or {}
        checks = [len(found.get(kind) or []) == count for kind, count in expected["sections"].items()]
        scores["sections"] = sum(checks) / len(checks)
        if not all(checks):
            notes.append("  sections: " + str({kind: len(found.get(kind) or []) for kind in expected["sections"]}))
    if "tasks" in expected:
        scores["tasks"] = score_tasks(expected["tasks"], got.get("tasks") or [], notes)
    if "legal_refs" in expected:
        parents = {_parent_number(expected.get("parent_plan")), _parent_number(got.get("parent_plan")), ""}
        listed = [r.get("number") if isinstance(r, dict) else r for r in got.get("legal_refs") or []]
        scores["legal_refs"] = f1(
            {squash(n) for n in expected["legal_refs"]} - parents, {squash(n) for n in listed if n} - parents
        )
        if scores["legal_refs"] < 1:
            notes.append(f"  legal_refs got {listed}")
    if "legal_ref_dates" in expected:
        dates = {
            squash(r.get("number")): str(r.get("date") or "")[:10]
            for r in got.get("legal_refs") or []
            if isinstance(r, dict)
        }
        checks = [dates.get(squash(n)) == day for n, day in expected["legal_ref_dates"].items()]
        scores["legal_ref_dates"] = sum(checks) / len(checks)
    if "report_deadlines" in expected:
        scores["report_deadlines"] = f1(
            {_due_key(d) for d in expected["report_deadlines"]},
            {_due_key(d) for d in got.get("report_deadlines") or []},
        )
        if scores["report_deadlines"] < 1:
            notes.append(f"  report_deadlines got {got.get('report_deadlines')}")
    if "recipients" in expected:
        scores["recipients"] = jaccard(
            _recipient_items(expected["recipients"]), _recipient_items(got.get("recipients"))
        )
        if scores["recipients"] < 1:
            notes.append(f"  recipients got {got.get('recipients')}")
    if "signer" in expected:
        signer = got.get("signer")
        name = signer.get("name") if isinstance(signer, dict) else signer
        scores["signer"] = float(fold(expected["signer"]) == fold(name)) if expected["signer"] else float(not name)
    return scores, notes


def total(scores: dict[str, float]) -> float:
    """Return the plan's score: the mean of its field scores (0 when it has none)."""
    return sum(scores.values()) / len(scores) if scores else 0.0
