"""Parse Vietnamese school plans (Kế hoạch) from text, DOCX or PDF into a typed `ParsedPlan`.

Pure Python, no Django: the importer and the CLI call `parse_plan` and store what it returns; `ParsedPlan.to_json()`
is what `danvan plan parse` prints. Each header field and task field says how sure the parser is (`FieldNote`).
"""

from __future__ import annotations

from collections.abc import Iterable

from .docx_reader import docx_to_lines
from .errors import PlanParseError
from .parser import parse_lines
from .pdf_reader import pdf_to_lines
from .result import (
    Confidence,
    FieldNote,
    ParsedDeadline,
    ParsedParent,
    ParsedPeriod,
    ParsedPlan,
    ParsedReference,
    ParsedSigner,
    ParsedTask,
    ParseWarning,
    Reason,
    blank_plan,
    blank_task,
)
from .textnorm import check_textual, decode_bytes, normalise_text
from .units import DEFAULT_UNIT_ABBREVIATIONS

__all__ = [
    "DEFAULT_UNIT_ABBREVIATIONS",
    "Confidence",
    "FieldNote",
    "ParseWarning",
    "ParsedDeadline",
    "ParsedParent",
    "ParsedPeriod",
    "ParsedPlan",
    "ParsedReference",
    "ParsedSigner",
    "ParsedTask",
    "PlanParseError",
    "Reason",
    "blank_plan",
    "blank_task",
    "detect_format",
    "parse_plan",
    "plan_lines",
]

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def detect_format(data: bytes | str) -> str:
    """Return "docx", "pdf" or "text" from the content (never from the file name)."""
    if isinstance(data, str):
        return "text"
    if data.startswith(_ZIP_MAGIC):
        return "docx"
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.startswith(_OLE_MAGIC):
        return "doc"
    return "text"


def plan_lines(data: bytes | str, *, filename: str | None = None) -> tuple[list[str], str]:
    """Return the normalised lines of any supported input and the detected format."""
    kind = detect_format(data)
    name = f" “{filename}”" if filename else ""
    if kind == "doc":
        raise PlanParseError(
            f"Tệp{name} là Word 97-2003 (.doc), chưa hỗ trợ; hãy lưu lại thành .docx hoặc PDF.", code="doc"
        )
    if kind == "docx":
        raw = docx_to_lines(data)  # type: ignore[arg-type]
        return normalise_text("\n".join(raw)), kind
    if kind == "pdf":
        raw = pdf_to_lines(data)  # type: ignore[arg-type]
        return normalise_text("\n".join(raw)), kind
    if isinstance(data, bytes):
        if filename and filename.lower().endswith((".docx", ".pdf")):
            expected = filename.rsplit(".", 1)[-1].upper()
            raise PlanParseError(
                f"Tệp{name} không phải {expected} hợp lệ (sai phần đầu tệp).", code="wrong_header", expected=expected
            )
        text = decode_bytes(data)
    else:
        text = data
    check_textual(text)
    return normalise_text(text), kind


def parse_plan(
    data: bytes | str,
    *,
    filename: str | None = None,
    year: int | None = None,
    unit_abbreviations: Iterable[str] = (),
) -> ParsedPlan:
    """Parse a plan given as text or file bytes (TXT, DOCX, PDF) into a ParsedPlan with every field present.

    Raises PlanParseError (with a Vietnamese message) only when the input cannot be read at all; anything
    readable but not understood ends up in `warnings` with its line number.
    """
    lines, kind = plan_lines(data, filename=filename)
    return parse_lines(lines, source=kind, year=year, unit_abbreviations=unit_abbreviations)
