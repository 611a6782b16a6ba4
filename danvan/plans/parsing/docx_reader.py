"""Convert a DOCX file into the line form the text parser reads (paragraphs and tables in document order)."""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from danvan.lib.lazy import lazy_module

from .errors import PlanParseError

if TYPE_CHECKING:
    import docx
else:  # loaded on first use (danvan/lib/lazy.py): python-docx only for a DOCX upload
    docx = lazy_module("docx")

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_ROMAN_VALUES = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _roman(value: int) -> str:
    out = []
    for number, letters in _ROMAN_VALUES:
        while value >= number:
            out.append(letters)
            value -= number
    return "".join(out)


def _letter(value: int) -> str:
    out = ""
    while value > 0:
        value, rest = divmod(value - 1, 26)
        out = _LETTERS[rest] + out
    return out


def _int(value: str | None, default: int = 1) -> int:
    return int(value) if value and value.isdigit() else default


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter",):
        return _letter(value)
    if fmt == "upperLetter":
        return _letter(value).upper()
    if fmt == "lowerRoman":
        return _roman(value).lower()
    if fmt == "upperRoman":
        return _roman(value)
    return str(value)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


@dataclass
class Numbering:
    """Automatic list numbering: definitions from numbering.xml and running counters per list."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    @classmethod
    def from_document(cls, document: object) -> Numbering:
        """Read the numbering definitions of a python-docx Document (none when the part is absent)."""
        numbering = cls()
        try:
            root = document.part.numbering_part.element  # type: ignore[attr-defined]
        except (KeyError, AttributeError, NotImplementedError):
            return numbering
        abstract: dict[str, dict[int, _Level]] = {}
        for node in root.findall(f"{_W}abstractNum"):
            levels: dict[int, _Level] = {}
            for lvl in node.findall(f"{_W}lvl"):
                ilvl = int(lvl.get(f"{_W}ilvl", "0"))
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[ilvl] = _Level(
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    _int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId", "")] = levels
        for num in root.findall(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is not None:
                numbering.levels[num.get(f"{_W}numId", "")] = abstract.get(ref.get(f"{_W}val", ""), {})
        return numbering

    def label(self, num_id: str, ilvl: int) -> str:
        """Advance the counter of (list, level) and return the visible prefix ("1.", "a)", "-")."""
        if num_id in ("", "0"):
            return ""
        levels = self.levels.get(num_id, {})
        level = levels.get(ilvl)
        if level is None:
            # No definition: the usual Vietnamese layout, numbers then letters then dashes.
            level = _Level(("decimal", "lowerLetter", "bullet")[min(ilvl, 2)], ("%1.", "%2)", "-")[min(ilvl, 2)], 1)
        counters = self.counters.setdefault(num_id, [0] * 9)
        ilvl = max(0, min(ilvl, 8))
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, 9):
            counters[deeper] = 0
        if level.fmt == "bullet" or level.fmt == "none":
            return "-" if level.fmt == "bullet" else ""
        values = [
            (counters[i] - 1 + levels.get(i, _Level("decimal", "", 1)).start) if counters[i] else 1 for i in range(9)
        ]
        text = level.text or f"%{ilvl + 1}."

        def substitute(match: re.Match[str]) -> str:
            index = int(match.group(1)) - 1
            fmt = levels.get(index, level).fmt if index != ilvl else level.fmt
            return _format(values[index] if 0 <= index < 9 else 1, fmt)

        return re.sub(r"%([1-9])", substitute, text)


def _paragraph_text(p: object) -> str:
    parts: list[str] = []
    for node in p.iter():  # type: ignore[attr-defined]
        tag = node.tag
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag == f"{_W}tab":
            parts.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}delText":
            continue
    return "".join(parts)


class DocxLines:
    """Walk a document body and produce lines; Word tables of 3+ columns become tab-separated rows."""

    def __init__(self, document: object) -> None:
        """Prepare numbering and style lookups."""
        self.numbering = Numbering.from_document(document)
        self.style_numbering: dict[str, tuple[str, int]] = {}
        try:
            styles = document.styles.element  # type: ignore[attr-defined]
            for style in styles.findall(f"{_W}style"):
                num_pr = style.find(f"{_W}pPr/{_W}numPr")
                if num_pr is not None:
                    num_id = num_pr.find(f"{_W}numId")
                    ilvl = num_pr.find(f"{_W}ilvl")
                    self.style_numbering[style.get(f"{_W}styleId", "")] = (
                        num_id.get(f"{_W}val", "") if num_id is not None else "",
                        int(ilvl.get(f"{_W}val", "0")) if ilvl is not None else 0,
                    )
        except (AttributeError, ValueError):
            pass
        self.lines: list[str] = []

    def paragraph(self, p: object, *, numbered_when_empty: bool = False) -> str:
        """Return a paragraph's text with its automatic number, if any."""
        text = _paragraph_text(p)
        ppr = p.find(f"{_W}pPr")  # type: ignore[attr-defined]
        num_id, ilvl = "", 0
        if ppr is not None:
            num_pr = ppr.find(f"{_W}numPr")
            if num_pr is not None:
                num_node = num_pr.find(f"{_W}numId")
                lvl_node = num_pr.find(f"{_W}ilvl")
                num_id = num_node.get(f"{_W}val", "") if num_node is not None else ""
                lvl_value = lvl_node.get(f"{_W}val", "0") if lvl_node is not None else "0"
                ilvl = int(lvl_value) if lvl_value.isdigit() else 0
            else:
                style = ppr.find(f"{_W}pStyle")
                if style is not None and style.get(f"{_W}val", "") in self.style_numbering:
                    num_id, ilvl = self.style_numbering[style.get(f"{_W}val", "")]
        if num_id and (text.strip() or numbered_when_empty):
            label = self.numbering.label(num_id, ilvl)
            if label:
                text = f"{label} {text.lstrip()}"
        return text

    def cell_text(self, tc: object) -> str:
        """Return a cell's paragraphs joined so that units and timings on separate lines stay separable."""
        pieces: list[str] = []
        for p in tc.iter(f"{_W}p"):  # type: ignore[attr-defined]
            # An auto-numbered STT cell has no text of its own: Word shows only the number.
            for piece in self.paragraph(p, numbered_when_empty=True).replace("\t", " ").split("\n"):
                if piece.strip():
                    pieces.append(piece.strip())
        out = ""
        for piece in pieces:
            if not out:
                out = piece
            elif out.endswith((".", ";", ":", ",")) or piece[:1].islower():
                out = f"{out} {piece}"
            else:
                out = f"{out}; {piece}"
        return out

    def table(self, tbl: object) -> None:
        """Emit a table: data tables as rows, layout tables (header, signature) one cell paragraph per line."""
        rows = tbl.findall(f"{_W}tr")  # type: ignore[attr-defined]
        grid: list[list[tuple[object, str]]] = []
        above: dict[int, str] = {}
        for tr in rows:
            cells: list[tuple[object, str]] = []
            column = 0
            for tc in tr.findall(f"{_W}tc"):
                tcpr = tc.find(f"{_W}tcPr")
                span, vmerge = 1, None
                if tcpr is not None:
                    grid_span = tcpr.find(f"{_W}gridSpan")
                    if grid_span is not None and grid_span.get(f"{_W}val", "1").isdigit():
                        span = max(1, int(grid_span.get(f"{_W}val", "1")))
                    merge = tcpr.find(f"{_W}vMerge")
                    if merge is not None:
                        vmerge = merge.get(f"{_W}val", "continue")
                text = self.cell_text(tc)
                if vmerge == "continue":
                    text = above.get(column, "")  # a vertically merged cell repeats the cell it continues
                else:
                    above[column] = text
                # A horizontally merged cell is one <w:tc> spanning columns: emitted once per row.
                cells.append((tc, text))
                column += span
            grid.append(cells)
        width = max((len(r) for r in grid), default=0)
        if width >= 3:
            for cells in grid:
                self.lines.append("\t".join(text.replace("\n", " ") for _, text in cells))
        else:
            for cells in grid:
                for tc, _text in cells:
                    for p in tc.iter(f"{_W}p"):  # type: ignore[attr-defined]
                        self.lines.extend(self.paragraph(p).split("\n"))

    def walk(self, container: object) -> None:
        """Walk block-level content in document order."""
        for child in container:  # type: ignore[attr-defined]
            tag = child.tag
            if tag == f"{_W}p":
                self.lines.extend(self.paragraph(child).split("\n"))
            elif tag == f"{_W}tbl":
                self.table(child)
            elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"):
                self.walk(child)


def docx_to_lines(data: bytes) -> list[str]:
    """Return the lines of a DOCX document; raise PlanParseError when it cannot be opened."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
        if "word/document.xml" not in names:
            raise PlanParseError(
                "Tệp nén không phải DOCX (không có word/document.xml); cần tệp Word .docx.", code="zip_not_docx"
            )
        document = docx.Document(io.BytesIO(data))
        reader = DocxLines(document)
        reader.walk(document.element.body)
    except PlanParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - zip, XML and python-docx raise many unrelated types for a bad file
        raise PlanParseError("Tệp DOCX bị hỏng hoặc không đọc được.", code="docx_corrupt") from exc
    return reader.lines
