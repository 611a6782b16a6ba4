"""Rebuild tables that PDF extraction flattened into one cell per line ("TT", "Nội dung", …, "1", "Xây dựng …")."""

from __future__ import annotations

import re

from .blocks import is_page_number, parse_marker
from .signature import is_recipients_heading
from .tasks import column_role, header_roles
from .textnorm import collapse, fold
from .timing import TimeContext, periods_for

_NUMBER_HEADING = re.compile(r"^(?:stt|tt|so tt|so thu tu|thu tu)\.?$")
_ROW_NUMBER = re.compile(r"^(\d{1,3})\s*[.)]?$")
_GROUP_NUMBER = re.compile(r"^([IVX]{1,4}|[A-ZĐ])\s*[.)]?$")
_TIMING_WORDS = re.compile(
    r"^(?:tu |den |truoc |trong |sau |cuoi |dau |giua )?(?:thang|quy|hoc ky|hk|tuan|ngay|nam|ca nam|thuong xuyen|"
    r"hang |dinh ky|theo |suot|lien tuc|khi |dip )"
)
_OPEN_END = re.compile(r"(?:[,&(/\-–]|\b(?:và|của|các|với|cho|về|trong))$")
_PROBE = TimeContext(2000)
_MAX_HEADING_WORDS = 8
_MAX_ROW_LINES = 40


def _starts_lower(text: str) -> bool:
    letter = next((ch for ch in text if ch.isalpha()), "")
    return letter.islower()


def _looks_like_timing(text: str) -> bool:
    folded = fold(text).strip()
    return bool(_TIMING_WORDS.match(folded)) or bool(periods_for(text, _PROBE))


def _read_heading(lines: list[str], start: int) -> tuple[list[str], int]:
    """Return the column headings after a "TT" line and the index after them."""
    cells: list[str] = []
    index = start
    while index < len(lines) and len(cells) < 8:
        text = lines[index].strip()
        if not text:
            index += 1
            continue
        words = len(text.split())
        if words <= _MAX_HEADING_WORDS and not _ROW_NUMBER.match(text) and column_role(text):
            cells.append(text)
        elif cells and words <= 4 and (_starts_lower(text) or _OPEN_END.search(cells[-1])):
            cells[-1] = f"{cells[-1]} {text}"  # a heading wrapped onto two lines ("Thời gian thực hiện và / hoàn thành")
        else:
            break
        index += 1
    return cells, index


def _ends_table(text: str, next_number: int) -> bool:
    if is_recipients_heading(text) or text.endswith("./."):
        return True
    marker = parse_marker(text)
    if marker is None or not marker[2]:
        return False
    kind, label, rest = marker
    if kind == "roman":
        return True
    return kind.startswith("d") and label.rstrip(".") != str(next_number) and rest[:1].isupper() and len(rest) > 3


def _continues(previous: str, line: str) -> bool:
    return _starts_lower(line) or bool(_OPEN_END.search(previous))


def _split_row(pieces: list[str], roles: list[str | None]) -> list[str]:
    """Distribute the lines of one row over the columns after the number.

    The content cell is the first line and its continuations; a timing-looking last line fills the timing column;
    the other lines fill the remaining columns left to right (an empty cell leaves no line, and it is usually a
    trailing one such as "phối hợp"); surplus lines that start a new phrase belong to the content.
    """
    cells = [""] * len(roles)
    content_at = roles.index("content") if "content" in roles else 0
    remaining = list(pieces)
    for position in range(content_at):  # columns before the content column (rare): one line each
        if len(remaining) > 1:
            cells[position] = remaining.pop(0)
    size = 1
    while size < len(remaining) and _continues(remaining[size - 1], remaining[size]):
        size += 1
    content, rest = remaining[:size], remaining[size:]
    free = list(range(content_at + 1, len(roles)))
    timing_at = roles.index("timing") if "timing" in roles[content_at + 1:] else None
    if timing_at is not None and rest and _looks_like_timing(rest[-1]):
        cells[timing_at] = rest.pop()
        free.remove(timing_at)
    elif timing_at is not None:
        free.remove(timing_at)  # no timing written: keep the column empty rather than fill it with a name
    groups: list[str] = []
    for line in rest:
        if groups and _continues(groups[-1], line):
            groups[-1] = f"{groups[-1]} {line}"
        else:
            groups.append(line)
    while len(groups) > len(free):
        content.append(groups.pop(0))
    for position, text in zip(free, groups, strict=False):
        cells[position] = collapse(text)
    cells[content_at] = collapse(" ".join(content))
    return cells


def unflatten_tables(lines: list[str]) -> list[str]:
    """Return lines where each flattened table is rewritten as tab-separated rows (consumed lines left blank)."""
    if not any(_NUMBER_HEADING.match(fold(line.strip())) for line in lines):
        return lines
    out = list(lines)
    index = 0
    while index < len(out):
        if not _NUMBER_HEADING.match(fold(out[index].strip())):
            index += 1
            continue
        headings, after = _read_heading(out, index + 1)
        roles = header_roles([out[index].strip(), *headings]) if len(headings) >= 2 else None
        if roles is None:
            index += 1
            continue
        rows: list[tuple[int, str, list[str]]] = []
        expected = 1
        cursor = after
        while cursor < len(out):
            text = out[cursor].strip()
            if not text:
                cursor += 1
                continue
            number = _ROW_NUMBER.match(text)
            if number and int(number.group(1)) == expected:
                rows.append((cursor, number.group(1), []))
                expected += 1
            elif _GROUP_NUMBER.match(text) and (not rows or rows[-1][2]):
                rows.append((cursor, text.rstrip(".)"), []))
            elif not rows or _ends_table(text, expected) or len(rows[-1][2]) >= _MAX_ROW_LINES:
                break
            elif is_page_number(text):
                pass  # a page number between rows (a row number is always the next one expected)
            else:
                rows[-1][2].append(text)
            cursor += 1
        if not rows or not any(pieces for _, _, pieces in rows):
            index += 1
            continue
        out[index] = "\t".join([out[index].strip(), *headings])
        for blank in range(index + 1, cursor):
            out[blank] = ""
        for at, label, pieces in rows:
            if _ROW_NUMBER.match(label):
                cells = _split_row(pieces, roles[1:])
            else:
                cells = [collapse(" ".join(pieces))] + [""] * (len(roles) - 2)
            out[at] = "\t".join([label, *cells])
        index = cursor
    return out
