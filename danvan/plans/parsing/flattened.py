"""Rebuild tables that PDF extraction flattened into one cell per line ("TT", "Nội dung", …, "1", "Xây dựng …")."""

from __future__ import annotations

import re

from .blocks import is_page_number, parse_marker
from .signature import is_recipients_heading
from .tasks import column_role, header_roles
from .textnorm import collapse, fold
from .timing import TimeContext, periods_for
from .units import UnitSplitter

# Cheap test on raw lines before any folding: does a line open with "STT"/"TT"/"Số TT"?
_QUICK_NUMBER_HEADING = re.compile(r"^\s*(?:s[ốo]\s+)?s?tt\b", re.IGNORECASE)
_NUMBER_HEADING = re.compile(r"^(?:stt|tt|so tt|so thu tu|thu tu)\.?$")
_ROW_NUMBER = re.compile(r"^(\d{1,3})\s*[.)]?$")
_GROUP_NUMBER = re.compile(r"^([IVX]{1,4}|[A-ZĐ])\s*[.)]?$")
_TIMING_WORDS = re.compile(
    r"^(?:tu |den |truoc |trong |sau |cuoi |dau |giua )?(?:thang\s+\d|quy\s+(?:[1-4]|i{1,3}|iv)\b|hoc ky|hk\s*[i12]|"
    r"tuan\s+\d|ngay\s+\d|nam\s+(?:hoc\s+)?\d|ca nam|thuong xuyen|hang (?:ngay|tuan|thang|quy|nam)|dinh ky|"
    r"theo (?:ke hoach|lich|quy dinh|huong dan|chi dao|tien do)|suot|lien tuc|dip )"
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
            cells[-1] = (
                f"{cells[-1]} {text}"  # a heading wrapped onto two lines ("Thời gian thực hiện và / hoàn thành")
            )
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
    timing_at = roles.index("timing") if "timing" in roles[content_at + 1 :] else None
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
    if not any(_QUICK_NUMBER_HEADING.match(line) for line in lines):
        return lines
    out = list(lines)
    index = 0
    while index < len(out):
        if not _QUICK_NUMBER_HEADING.match(out[index]) or not _NUMBER_HEADING.match(fold(out[index].strip())):
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


# ---------------------------------------------------------------- rows joined on one line (pypdf of a Word table)

_SYMBOL_IN = re.compile(r"\d\s?[/\-]\s?[A-ZĐ]")
# Words that open a people cell: a rank, a body or a unit ("Phó trưởng phòng", "Các trường", "Tổ THCS").
_PEOPLE_START = re.compile(
    r"^(?:pho |truong (?!hop)|to (?!chuc)|cac (?:to|truong|bo phan|don vi|phong|ban|dong chi|thanh vien|lop|giao vien|"
    r"co so|nha truong)|ban |bo phan|phong |hieu truong|giao vien|nhan vien|ke toan|thu quy|van thu|cong doan|"
    r"doan |chi bo|lien doi|hoi dong|tong phu trach|bi thu|chu tich|dong chi|d/c|can bo|lanh dao|thanh tra|"
    r"van phong|trung tam|ubnd|so )"
)
# Where a second unit starts inside a line of units ("Văn phòng Sở | Các phòng chuyên môn"); "Sở"/"UBND" usually
# end a name ("Thanh tra Sở") rather than start one.
_UNIT_BOUNDARY = re.compile(
    r"^(?:pho |to (?!chuc)|cac |ban |bo phan|phong |hieu truong|giao vien|nhan vien|ke toan|thu quy|van thu|"
    r"cong doan|doan |chi bo|lien doi|hoi dong|tong phu trach|thanh tra|van phong|trung tam)"
)
_JOINED_GROUP = re.compile(r"^([IVX]{1,4})\s+(?=[^\W\d_])")
_JOINED_HEADING = re.compile(r"^(?:stt|tt|so tt)\s+(?=\S)")
# Heading phrases in the order they are tried; longer phrases first so "thời gian thực hiện" is not "thực hiện".
_HEADING_PHRASES: tuple[tuple[str, str], ...] = (
    ("timing", r"thoi gian(?: thuc hien)?(?: va hoan thanh)?|tien do|thoi han|thoi diem"),
    ("lead", r"lanh dao chu tri|nguoi chu tri|don vi chu tri|chu tri|(?:dong chi|nguoi|can bo) phu trach"),
    (
        "units",
        r"bo phan (?:phu trach|thuc hien)|don vi (?:thuc hien|phoi hop)|nguoi thuc hien|phoi hop|"
        r"luc luong thuc hien|bo phan|thuc hien|phu trach",
    ),
    ("content", r"noi dung(?: cong viec)?|cong viec|nhiem vu|hoat dong"),
    ("note", r"ghi chu|san pham|ket qua|kinh phi"),
)
_LEADS = re.compile(
    r"\b(?:pho hieu truong|hieu truong|p\.?\s?ht|pho ht|ht|pho giam doc|giam doc|pho truong phong|truong phong|"
    r"pho bi thu(?: chi bo| doan(?: truong)?)?|bi thu(?: chi bo| doan(?: truong)?| chi doan)?|"
    r"chu tich (?:cong doan|cd)|ctcd|to truong(?: cm| chuyen mon)?|truong ban(?: ttnd)?|tong phu trach(?: doi)?)\b"
)
_TIMING_START = re.compile(
    r"^(?:thang\s+\d|quy\s+(?:[1-4]|i{1,3}|iv)\b|hoc ky|hk\s*[i12]|ca nam|thuong xuyen|tu (?:ngay|thang|\d)|"
    r"truoc (?:ngay|thang|\d)|trong (?:thang|nam|hoc ky)|hang (?:ngay|tuan|thang|quy|nam)|nam hoc\s+\d|tuan\s+\d|ngay\s+\d|"
    r"dau (?:nam|thang|hoc ky)|cuoi (?:nam|thang|hoc ky)|theo (?:ke hoach|lich|quy dinh|huong dan|chi dao|tien do)|"
    r"dinh ky|suot|lien tuc|dip )"
)


def _heading_roles(text: str) -> list[str]:
    """Return the column roles named in a one-line heading ("STT Nội dung Lãnh đạo chủ trì … Thời gian"), in order."""
    folded = fold(text)
    found: list[tuple[int, str]] = []
    for role, pattern in _HEADING_PHRASES:
        for match in re.finditer(rf"\b(?:{pattern})\b", folded):
            found.append((match.start(), role))
            folded = folded[: match.start()] + " " * (match.end() - match.start()) + folded[match.end() :]
    return [role for _, role in sorted(found)]


_TIMING_LAST_WORD = re.compile(
    r"(?:\d|^(?:[ivx]+|nam|hoc|xuyen|ky|thang|quy|tuan|tục|tuc|so|phong|truong|nha truong|ke hoach|lich|dinh|"
    r"tien do|huong dan|chi dao|ban|thanh pho|tinh|huyen|quan)\W*$)"
)


def _timing_suffix(words: list[str]) -> int:
    """Return where a trailing timing starts in words (len(words) when there is none)."""
    best = len(words)
    # "… tháng 5/2025 thư": a last word that no timing ends with belongs to another cell (except "Theo kế hoạch …").
    dated_end = bool(words) and bool(_TIMING_LAST_WORD.search(fold(words[-1])))
    for start in range(len(words) - 1, max(-1, len(words) - 10), -1):
        suffix = " ".join(words[start:])
        if _SYMBOL_IN.search(suffix):
            break  # a document number ("07-CT/TU") is content, never a timing
        folded_suffix = fold(suffix)
        if not dated_end and not folded_suffix.startswith("theo "):
            continue
        if _TIMING_START.match(folded_suffix + " ") and (
            periods_for(suffix, _PROBE) or _TIMING_WORDS.match(folded_suffix)
        ):
            best = start
    return best


_CONNECTORS = {"den", "-", "–", "va", ",", "toi", "den het"}


def _range_start(words: list[str], start: int) -> int:
    """Move a timing start left over "Từ tháng 9 đến" so a range is kept whole."""
    while start >= 2 and (fold(words[start - 1]).strip(",") in _CONNECTORS | {""} or words[start - 1].endswith(",")):
        earlier = next(
            (
                s
                for s in range(start - 2, max(-1, start - 6), -1)
                if _TIMING_START.match(fold(" ".join(words[s : s + 3])) + " ")
            ),
            None,
        )
        if earlier is None:
            break
        start = earlier
    if start >= 1 and fold(words[start - 1]) == "tu":
        start -= 1
    return start


def _timing_prefix(words: list[str]) -> int:
    """Return how many leading words form a timing ("Tháng 9/2024 Khảo sát …" → 2), 0 when none."""
    if not words or not _TIMING_START.match(fold(" ".join(words[:3])) + " "):
        return 0
    for dated in (True, False):
        for stop in range(1, min(len(words), 10) + 1):
            timing = " ".join(words[:stop])
            if _SYMBOL_IN.search(timing):
                break
            following = words[stop] if stop < len(words) else ""
            timed = bool(periods_for(timing, _PROBE)) if dated else bool(_TIMING_WORDS.match(fold(timing)))
            if timed and not _OPEN_END.search(timing) and (not following or following[:1].isupper()):
                return stop  # the shortest timing that a capitalised cell follows
    return 0


def _opens_people(text: str, splitter: UnitSplitter) -> bool:
    """Return True when text starts with a known unit or a rank/body word."""
    return bool(_PEOPLE_START.match(fold(text))) or splitter.starts_with_unit(text)


def _unit_like(text: str, splitter: UnitSplitter) -> bool:
    # Each comma-separated name must open with a capital or a known unit (the splitter keeps "các sở, ngành" whole).
    pieces = [q.strip() for p in splitter.split(text) for q in p.split(",") if q.strip()]
    return (
        bool(pieces)
        and pieces[0][:1].isupper()
        and len(text.split()) <= 14
        and all(splitter.starts_with_unit(p) or p[:1].isupper() for p in pieces)
    )


def _split_joined(text: str, roles: list[str], splitter: UnitSplitter) -> dict[str, str]:
    """Split one row written on one line into content, lead, units and timing from the right."""
    words = text.split()
    cells: dict[str, str] = {}
    end = len(words)
    if "timing" in roles and "content" in roles and roles.index("timing") < roles.index("content"):
        # "Thời gian | Nội dung | Người thực hiện": the row opens with its timing.
        stop = _timing_prefix(words)
        if stop:
            rest = _split_joined(" ".join(words[stop:]), [r for r in roles if r != "timing"], splitter)
            return {**rest, "timing": " ".join(words[:stop])}
    people = [r for r in roles if r in ("lead", "units")]
    if "timing" in roles and people and roles.index("timing") < roles.index(people[0]):
        # "Nội dung | Thời gian | Người thực hiện": the timing sits between the content and the people.
        # The last timing that people follow; shortest first, one that gives dates before mere wording.
        for dated in (True, False):
            for start in range(len(words) - 2, 0, -1):
                if not _TIMING_START.match(fold(" ".join(words[start : start + 3])) + " "):
                    continue
                for stop in range(start + 1, min(len(words), start + 10) + 1):
                    timing = " ".join(words[start:stop])
                    after = " ".join(words[stop:])
                    timed = bool(periods_for(timing, _PROBE)) if dated else bool(_TIMING_WORDS.match(fold(timing)))
                    if timed and after and not _OPEN_END.search(timing) and _unit_like(after, splitter):
                        start = _range_start(words, start)
                        cells.update(content=" ".join(words[:start]), timing=" ".join(words[start:stop]))
                        cells[people[0]] = after
                        return cells
        cells["content"] = text
        return cells
    if "timing" in roles:
        start = _timing_suffix(words)
        if start < end and start > 0:
            cells["timing"] = " ".join(words[start:])
            end = start
    rest = " ".join(words[:end])
    folded = fold(rest)
    if "lead" in roles:
        for match in _LEADS.finditer(folded):
            if match.start() == 0:
                continue
            after = rest[match.end() :].strip()
            if not after or ("units" in roles and _unit_like(after, splitter)):
                cells["lead"] = rest[match.start() : match.end()]
                cells["units"] = after
                cells["content"] = rest[: match.start()].strip()
                return cells
    if "units" in roles:
        tokens = rest.split()
        for start in range(1, len(tokens)):
            suffix = " ".join(tokens[start:])
            if len(tokens) - start <= 10 and _opens_people(suffix, splitter) and _unit_like(suffix, splitter):
                cells["units"] = suffix
                cells["content"] = " ".join(tokens[:start])
                return cells
    cells["content"] = rest
    return cells


def _people_block(
    block: str, roles: list[str], splitter: UnitSplitter, *, unit_lead: bool = True
) -> dict[str, str] | None:
    """Return the cells of a run of lines that holds only the lead, units and timing of a row, else None."""
    words = block.split()
    cells: dict[str, str] = {}
    end = len(words)
    if "timing" in roles:
        start = _timing_suffix(words)
        if start == end or start == 0:
            return None
        cells["timing"] = " ".join(words[start:])
        end = start
    rest = " ".join(words[:end])
    if "lead" in roles:
        lead = _LEADS.match(fold(rest))
        if lead is None:
            return _unit_lead(rest, roles, splitter, cells) if unit_lead else None
        after = rest[lead.end() :].strip()
        if after and ("units" not in roles or not _unit_like(after, splitter)):
            return None
        cells["lead"] = rest[: lead.end()]
        cells["units"] = after
        return cells
    if not (_opens_people(rest, splitter) and _unit_like(rest, splitter)):
        return None
    cells["units"] = rest
    return cells


def _timing_first_block(
    block: str, people_role: str, splitter: UnitSplitter, *, partial: bool = False
) -> dict[str, str] | None:
    """Return the cells of "Tháng 9/2024 Kế toán, Thủ quỹ" (timing, then people), else None."""
    words = block.split()
    if not words or not _TIMING_START.match(fold(" ".join(words[:3])) + " "):
        return None
    for dated in (True, False):
        for stop in range(1, min(len(words), 10) + 1):
            timing = " ".join(words[:stop])
            after = " ".join(words[stop:])
            timed = bool(periods_for(timing, _PROBE)) if dated else bool(_TIMING_WORDS.match(fold(timing)))
            if not timed or _OPEN_END.search(timing):
                continue
            if not after and stop == len(words):
                return {"timing": timing, people_role: ""}
            if after and (_unit_like(after.rstrip(",;"), splitter) or (partial and after[:1].isupper())):
                return {"timing": timing, people_role: after}
    return None


def _drop_words(pieces: list[str], count: int) -> list[str]:
    """Return the lines without their first count words."""
    out: list[str] = []
    for piece in pieces:
        words = piece.split()
        if count >= len(words):
            count -= len(words)
            continue
        out.append(" ".join(words[count:]))
        count = 0
    return out


def _people_by_lines(pieces: list[str], splitter: UnitSplitter) -> tuple[str, str] | None:
    """Split lines into content and a trailing people cell that starts on its own line ("Phó trưởng / phòng, Tổ")."""
    for named in (True, False):  # a line opening with a unit or rank word first, then any capitalised line
        for boundary in range(1, len(pieces)):
            first, previous = pieces[boundary], pieces[boundary - 1]
            if not first[:1].isupper() or _OPEN_END.search(previous) or previous.endswith((",", ";")):
                continue
            if named and not _opens_people(first, splitter):
                continue
            people = collapse(" ".join(pieces[boundary:]))
            if _unit_like(people, splitter):
                return collapse(" ".join(pieces[:boundary])), people
    return None


def _block_cells(
    block: str, roles: list[str], splitter: UnitSplitter, *, partial: bool = False, unit_lead: bool = True
) -> dict[str, str] | None:
    people = [r for r in roles if r in ("lead", "units")]
    if not people:
        return None
    if "timing" in roles and roles.index("timing") < roles.index(people[0]):
        return _timing_first_block(block, people[0], splitter, partial=partial)
    return None if partial else _people_block(block, roles, splitter, unit_lead=unit_lead)


def _unit_lead(rest: str, roles: list[str], splitter: UnitSplitter, cells: dict[str, str]) -> dict[str, str] | None:
    """Split "Văn phòng Sở Các phòng chuyên môn" (a leading unit, then the others) at the next unit's first word."""
    if not (_opens_people(rest, splitter) and _unit_like(rest, splitter)):
        return None
    words = rest.split()
    for at in range(1, len(words)):
        tail = " ".join(words[at:])
        if words[at][:1].isupper() and _UNIT_BOUNDARY.match(fold(tail)) and _unit_like(tail, splitter):
            cells.update(lead=" ".join(words[:at]).rstrip(",;"), units=tail if "units" in roles else "")
            return cells
    cells.update(lead=rest, units="")
    return cells


def _split_row_lines(pieces: list[str], roles: list[str], splitter: UnitSplitter) -> dict[str, str]:
    """Split one row from its lines, as pypdf prints a Word table row.

    The non-content cells come either as a run of lines after (or inside) the content lines, or with their first
    lines joined to the content's first line and their other lines after the content.
    """
    pieces = [p for p in pieces if p]
    if "timing" in roles and "content" in roles and roles.index("timing") < roles.index("content"):
        words = " ".join(pieces).split()
        stop = _timing_prefix(words)
        rest_roles = [r for r in roles if r != "timing"]
        people = next((r for r in rest_roles if r in ("lead", "units")), None)
        if stop and people:
            remaining = _drop_words(pieces, stop)
            found = _people_by_lines(remaining, splitter)
            if found is not None:
                return {"timing": " ".join(words[:stop]), "content": found[0], people: found[1]}
        return _split_joined(collapse(" ".join(pieces)), roles, splitter)
    people = [r for r in roles if r in ("lead", "units")]
    timing_first = bool(people) and "timing" in roles and roles.index("timing") < roles.index(people[0])
    for unit_lead in (False, True):  # a leader named by position first, then a leading unit ("Văn phòng Sở")
        # People-first blocks are searched from the top (the block opens with a leader); timing-first blocks from
        # the bottom (a content line may open with words such as "đầu năm học").
        firsts = range(len(pieces) - 1, 0, -1) if timing_first else range(1, len(pieces))
        for first in firsts:
            # A timing-first block is taken as long as possible (its people may wrap); a people-first block ends at
            # the first line that closes it with a timing.
            lasts = (
                range(min(len(pieces), first + 6) - 1, first - 1, -1)
                if timing_first
                else range(first, min(len(pieces), first + 6))
            )
            for last in lasts:
                cells = _block_cells(" ".join(pieces[first : last + 1]), roles, splitter, unit_lead=unit_lead)
                if cells is None:
                    continue
                # "Tháng 12/2024," + "tháng 5/2025": a timing that ends open goes on in the next line.
                while last + 1 < len(pieces) and (
                    pieces[last].endswith(",") or _OPEN_END.search(pieces[last]) or pieces[last + 1][:1].isdigit()
                ):
                    longer = _block_cells(" ".join(pieces[first : last + 2]), roles, splitter, unit_lead=unit_lead)
                    if longer is None:
                        break
                    cells, last = longer, last + 1
                cells["content"] = collapse(" ".join(pieces[:first] + pieces[last + 1 :]))
                return cells
    if len(pieces) > 1:
        # "Đối thoại giữa Học kỳ II Hiệu trưởng," + content lines + "Chủ tịch Công" + "đoàn"
        words = pieces[0].split()
        for split_at in range(1, len(words)):
            cells = _block_cells(" ".join(words[split_at:]), roles, splitter, partial=True)
            if cells is None:
                continue
            people = next(r for r in ("lead", "units") if r in cells)
            for tail in range(1, len(pieces)):
                joined = collapse(" ".join([cells[people], *pieces[tail:]]))
                if _unit_like(joined, splitter):
                    cells[people] = joined
                    cells["content"] = collapse(" ".join([" ".join(words[:split_at]), *pieces[1:tail]]))
                    return cells
    return _split_joined(collapse(" ".join(pieces)), roles, splitter)


def split_joined_tables(lines: list[str], splitter: UnitSplitter) -> list[str]:
    """Return lines where a table whose rows pypdf joined on single lines is rewritten as tab-separated rows."""
    if not any(_QUICK_NUMBER_HEADING.match(line) for line in lines):
        return lines
    out = list(lines)
    index = 0
    while index < len(out):
        text = out[index].strip()
        if (
            "\t" in out[index]
            or "|" in text
            or not _QUICK_NUMBER_HEADING.match(text)
            or not _JOINED_HEADING.match(fold(text))
        ):
            index += 1
            continue
        heading_end = index + 1
        heading = text
        while (
            heading_end < len(out)
            and heading_end - index < 8
            and not re.match(r"^1\b", out[heading_end].strip())
            and not _JOINED_GROUP.match(out[heading_end].strip())
        ):
            heading = f"{heading} {out[heading_end].strip()}"
            heading_end += 1
        roles = _heading_roles(heading)
        if "content" not in roles or len(set(roles)) < 2 or heading_end >= len(out):
            index += 1
            continue
        rows: list[tuple[int, str, list[str]]] = []
        expected = 1
        cursor = heading_end
        while cursor < len(out):
            line = out[cursor].strip()
            # A row starts with its number and the first words of its content; a bare number is a page number.
            start = re.match(r"^(\d{1,3})[.)]?\s+(?=\S)", line)
            if not line or is_page_number(line):
                cursor += 1
                continue
            group = _JOINED_GROUP.match(line)
            if start and int(start.group(1)) == expected:
                rows.append((cursor, start.group(1), [line[start.end() :]]))
                expected += 1
            elif group and rows is not None and not _ends_table(line, expected):
                rows.append((cursor, group.group(1), [line[group.end() :]]))
            elif not rows or _ends_table(line, expected) or len(rows[-1][2]) >= 4 * _MAX_ROW_LINES:
                break
            else:
                rows[-1][2].append(line)
            cursor += 1
        if not rows:
            index += 1
            continue
        order = [role for role in ("content", "lead", "units", "timing") if role in roles]
        out[index] = "\t".join(
            [
                "TT",
                *[
                    {"content": "Nội dung", "lead": "Chủ trì", "units": "Thực hiện", "timing": "Thời gian"}[r]
                    for r in order
                ],
            ]
        )
        for blank in range(index + 1, cursor):
            out[blank] = ""
        for at, label, pieces in rows:
            if not label.isdigit():
                out[at] = "\t".join([label, collapse(" ".join(pieces)), *[""] * (len(order) - 1)])
                continue
            cells = _split_row_lines(pieces, roles, splitter)
            out[at] = "\t".join([label, *[cells.get(role, "") for role in order]])
        index = cursor
    return out


# ---------------------------------------------------------------- unnumbered tables read by pypdf

_UNNUMBERED_QUICK = re.compile(r"^\s*(?:n[ộo]i dung|c[ôo]ng vi[ệe]c|nhi[ệe]m v[ụu])\b", re.IGNORECASE)


def _close_row(rows: list[str], roles: list[str], splitter: UnitSplitter) -> dict[str, str] | None:
    """Return the cells of the lines read so far when they end with a people-and-timing block (lowercase content
    lines may trail it), else None."""
    lines = rows
    for trailing in range(0, min(3, len(lines) - 1) + 1):
        end = len(lines) - trailing
        if any(not _starts_lower(line) for line in lines[end:]):
            break
        for unit_lead in (False, True):
            for first in range(max(1, end - 10), end):  # a people-and-timing block is a few lines at most
                cells = _people_block(" ".join(lines[first:end]), roles, splitter, unit_lead=unit_lead)
                if cells is not None:
                    cells["content"] = collapse(" ".join(lines[:first] + lines[end:]))
                    return cells
    return None


def split_unnumbered_tables(lines: list[str], splitter: UnitSplitter) -> list[str]:
    """Rewrite a table without a number column ("Nội dung | Người phụ trách | … | Thời gian") read by pypdf.

    Only tables whose timing is the last filled column: a row is closed when its lines end with the people and
    the timing and the next line opens a new content cell (capital letter).
    """
    if not any(_UNNUMBERED_QUICK.match(line) for line in lines):
        return lines
    out = list(lines)
    index = 0
    while index < len(out):
        text = out[index].strip()
        if "\t" in out[index] or "|" in text or not _UNNUMBERED_QUICK.match(text):
            index += 1
            continue
        heading, cursor = text, index + 1
        while cursor < len(out) and cursor - index < 8:
            line = out[cursor].strip()
            if not line or not (_heading_roles(line) or (_starts_lower(line) and len(line.split()) <= 3)):
                break
            heading = f"{heading} {line}"
            cursor += 1
        roles = [r for r in _heading_roles(heading) if r != "note"]
        people = [r for r in roles if r in ("lead", "units")]
        if (
            len(roles) < 3
            or roles[0] != "content"
            or "timing" not in roles
            or not people
            or roles.index("timing") < roles.index(people[-1])
        ):
            index += 1
            continue
        rows: list[tuple[int, dict[str, str]]] = []
        current: list[str] = []
        start_at = cursor
        while cursor < len(out):
            line = out[cursor].strip()
            if not line or is_page_number(line):
                cursor += 1
                continue
            if _ends_table(line, 0) or len(current) > 2 * _MAX_ROW_LINES:
                break  # (a row that never closes means this was not a table)
            if not current:
                start_at = cursor
            current.append(line)
            following = next((out[k].strip() for k in range(cursor + 1, len(out)) if out[k].strip()), "")
            if not following or not _starts_lower(following) and not following[:1].isdigit():
                cells = _close_row(current, roles, splitter)
                if cells is not None:
                    rows.append((start_at, cells))
                    current = []
            cursor += 1
        if len(rows) < 2 or current:
            index += 1
            continue
        order = [role for role in ("content", "lead", "units", "timing") if role in roles]
        out[index] = "\t".join(
            [
                "TT",
                *[
                    {"content": "Nội dung", "lead": "Chủ trì", "units": "Thực hiện", "timing": "Thời gian"}[r]
                    for r in order
                ],
            ]
        )
        for blank in range(index + 1, cursor):
            out[blank] = ""
        for number, (at, cells) in enumerate(rows, start=1):
            out[at] = "\t".join([str(number), *[cells.get(role, "") for role in order]])
        index = cursor
    return out
