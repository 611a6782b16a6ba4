"""The parser's result: typed, immutable records shared by the importer, the CLI JSON and the tests.

Every header field and every task's lead, units and timing carries a `FieldNote` saying how sure the parser is
and why (a reason code and the source line), so the import preview can point the user at what to check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Confidence(StrEnum):
    """How a value was found: a labelled pattern (high), a layout guess (medium), a weak or conflicting guess (low)."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Reason(StrEnum):
    """Why a field has its confidence (stable codes: the JSON and the preview use them)."""

    LABELLED = "labelled"  # "Số: …", "ngày … tháng … năm …", a "Chủ trì:" label, a table column with a heading
    HEADER_BLOCK = "header_block"  # the capitalised issuer lines above the title
    TITLE = "title"  # read from the title line ("Kế hoạch số 12/KH-… ngày …")
    STATED_IN_TITLE = "stated_in_title"  # the year written in the title ("năm học 2023-2024")
    GIVEN = "given"  # told by the user (the year field of the upload form, `--year`)
    FROM_DATE = "from_date"  # the year of the document's date
    FROM_BODY = "from_body"  # a sentence of the body ("Hiệu trưởng trường X yêu cầu …", the most cited year)
    SIGNATURE = "signature"  # the signature block (position and name)
    NAME_ONLY = "name_only"  # a signer's name with no position above it
    COLUMN_GUESSED = "column_guessed"  # a table without a heading row: the column's role is the usual layout
    FROM_HEADING = "from_heading"  # the timing of a group heading ("Tháng 9: …") given to every task under it
    SEVERAL_CANDIDATES = "several_candidates"  # more than one plausible value: the parser did not choose
    BEST_GUESS = "best_guess"  # the most likely of the cited documents, without a "Thực hiện …" introduction
    NOT_UNDERSTOOD = "not_understood"  # a value was written but could not be turned into dates
    BLANK = "blank"  # the document leaves the field blank on purpose ("Số: …/KH-…" before it is issued)
    ABSENT = "absent"  # nothing in the document: the field is left empty


@dataclass(frozen=True, slots=True)
class FieldNote:
    """How sure the parser is of one field, why, and the line (number and text) the value came from."""

    confidence: Confidence
    reason: Reason
    line: int | None = None
    text: str = ""

    @property
    def unsure(self) -> bool:
        """Return True when the value needs the user's eye (anything below high confidence)."""
        return self.confidence is not Confidence.HIGH

    @property
    def absent(self) -> bool:
        """Return True when the document gave nothing for the field."""
        return self.reason in (Reason.ABSENT, Reason.BLANK)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {"confidence": self.confidence.value, "reason": self.reason.value, "line": self.line, "text": self.text}


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass(frozen=True, slots=True)
class ParsedPeriod:
    """One span of days a task runs (both ends included)."""

    start: dt.date
    end: dt.date

    def to_json(self) -> dict[str, str]:
        """Return the JSON form."""
        return {"start": self.start.isoformat(), "end": self.end.isoformat()}


@dataclass(frozen=True, slots=True)
class ParsedTask:
    """One task as the document states it, with how sure the parser is of its lead, units and timing."""

    no: str
    content: str
    lead: str | None
    units: tuple[str, ...]
    timing: str | None
    periods: tuple[ParsedPeriod, ...]
    group: str | None
    line: int
    notes: Mapping[str, FieldNote] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form (the keys `danvan plan parse` has always printed, and `confidence`)."""
        return {
            "no": self.no,
            "content": self.content,
            "lead": self.lead,
            "units": list(self.units),
            "timing": self.timing,
            "periods": [p.to_json() for p in self.periods],
            "group": self.group,
            "line": self.line,
            "confidence": {k: n.to_json() for k, n in self.notes.items()},
        }


@dataclass(frozen=True, slots=True)
class ParsedReference:
    """One cited document (văn bản căn cứ)."""

    number: str
    date: dt.date | None = None
    issuer: str | None = None
    title: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {"number": self.number, "date": _iso(self.date), "issuer": self.issuer, "title": self.title}


@dataclass(frozen=True, slots=True)
class ParsedParent:
    """The superior's plan this one implements (all None when none is cited)."""

    number: str | None = None
    date: dt.date | None = None
    issuer: str | None = None
    title: str | None = None
    type: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {
            "number": self.number,
            "date": _iso(self.date),
            "issuer": self.issuer,
            "title": self.title,
            "type": self.type,
        }


@dataclass(frozen=True, slots=True)
class ParsedDeadline:
    """A report the plan asks for: `due` is an ISO date, or the words of a deadline set elsewhere."""

    name: str | None
    due: str
    to: str | None = None
    line: int | None = None

    @property
    def due_on(self) -> dt.date | None:
        """Return the due day, or None when the document gives no date ("theo quy định")."""
        try:
            return dt.date.fromisoformat(self.due)
        except ValueError:
            return None

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {"name": self.name, "due": self.due, "to": self.to, "line": self.line}


@dataclass(frozen=True, slots=True)
class ParsedSigner:
    """Who signs: the position lines joined by " / " and the name."""

    name: str | None = None
    position: str | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {"name": self.name, "position": self.position}


@dataclass(frozen=True, slots=True)
class ParseWarning:
    """Something readable the parser did not take in, with its line."""

    line: int | None
    message: str

    def to_json(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {"line": self.line, "message": self.message}


# The header fields that carry a FieldNote, in the order the preview shows them.
NOTED_FIELDS = ("number", "date", "title", "issuer", "year", "parent_plan", "signer")
TASK_NOTED_FIELDS = ("lead", "units", "timing")


@dataclass(frozen=True, slots=True)
class ParsedPlan:
    """Everything the parser read from one plan; `notes` says how sure it is of each header field."""

    kind: str
    title: str | None
    year: int | None
    issuer: str | None
    issuer_superior: str | None
    number: str | None
    date: dt.date | None
    place: str | None
    parent_plan: ParsedParent
    sections: Mapping[str, tuple[str, ...]]
    tasks: tuple[ParsedTask, ...]
    legal_refs: tuple[ParsedReference, ...]
    report_deadlines: tuple[ParsedDeadline, ...]
    recipients: tuple[str, ...]
    signer: ParsedSigner
    warnings: tuple[ParseWarning, ...]
    closing: str
    format: str = "text"
    notes: Mapping[str, FieldNote] = field(default_factory=dict)
    # The year months without a year belong to, and whether it is a school year (months 8-12 in it, 1-7 after):
    # what a corrected timing is read against.
    timing_year: int | None = None
    school_year: bool = False

    def unsure_notes(self) -> dict[str, FieldNote]:
        """Return the header fields that need the user's eye."""
        return {k: n for k, n in self.notes.items() if n.unsure}

    def to_json(self) -> dict[str, Any]:
        """Return the JSON that `danvan plan parse` prints and the plan scorer reads."""
        return {
            "kind": self.kind,
            "title": self.title,
            "year": self.year,
            "issuer": self.issuer,
            "issuer_superior": self.issuer_superior,
            "number": self.number,
            "date": _iso(self.date),
            "place": self.place,
            "parent_plan": self.parent_plan.to_json(),
            "sections": {k: list(v) for k, v in self.sections.items()},
            "tasks": [t.to_json() for t in self.tasks],
            "legal_refs": [r.to_json() for r in self.legal_refs],
            "report_deadlines": [d.to_json() for d in self.report_deadlines],
            "recipients": list(self.recipients),
            "signer": self.signer.to_json(),
            "warnings": [w.to_json() for w in self.warnings],
            "closing": self.closing,
            "format": self.format,
            "confidence": {k: n.to_json() for k, n in self.notes.items()},
        }


SECTION_KEYS = ("purposes", "requirements", "regular_tasks", "implementation")


def blank_plan(**fields: Any) -> ParsedPlan:
    """Return a ParsedPlan with nothing found, and the given fields (for a plan written by hand, and tests)."""
    values: dict[str, Any] = {
        "kind": "KH",
        "title": None,
        "year": None,
        "issuer": None,
        "issuer_superior": None,
        "number": None,
        "date": None,
        "place": None,
        "parent_plan": ParsedParent(),
        "sections": {k: () for k in SECTION_KEYS},
        "tasks": (),
        "legal_refs": (),
        "report_deadlines": (),
        "recipients": (),
        "signer": ParsedSigner(),
        "warnings": (),
        "closing": "",
    }
    values.update(fields)
    return ParsedPlan(**values)


def blank_task(content: str, **fields: Any) -> ParsedTask:
    """Return a ParsedTask with only its content (and the given fields)."""
    values: dict[str, Any] = {
        "no": "",
        "content": content,
        "lead": None,
        "units": (),
        "timing": None,
        "periods": (),
        "group": None,
        "line": 0,
    }
    values.update(fields)
    return ParsedTask(**values)
