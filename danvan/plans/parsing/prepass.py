"""Clean text copied from a legal-document website or a converter before the layout rules read it.

Runs on the raw lines (Markdown marks still in place) and keeps the line count: what it joins is written on the
first line of the group and the lines it consumed are left blank, so every warning still points at the line of
the pasted text it came from. Steps, each by a general rule:

1. Site boilerplate is blanked: copyright lines, "Đang tải văn bản…", the site's metadata table ("Số hiệu:",
   "Loại văn bản:", "Ngày ban hành:" … in table cells or `|`-separated lines), empty bold marks (`** **`), a
   portal's visit counters, greeting and post line ("Số lần đọc: 807"), a document-sharing page's upload card
   ("Người gửi:", "Dung lượng:", "Số lượt tải:"), and above the document its breadcrumb and the page's clock.
2. Tables written one cell per line between bare `|` lines (what HTML-to-Markdown converters print for a table
   whose cells hold several paragraphs) are rebuilt: a table of three columns or more becomes one tab-separated
   line per row (the task tables), a narrower one (the header's two columns, the signature block) one line per
   paragraph of each cell, left cell first, as a Word layout table reads.
3. When the text is converter output (bold/italic marks or `|` cells) and hard-wrapped, the lines of one
   paragraph are joined again: a converter ends a paragraph with a blank line, so a line continues the one
   above unless it opens a list item, a heading or a table row, or the line above is a line in capitals
   (headings, the header's bodies and the signer's titles are one line each) — and a bold or italic span left
   open at a line's end always continues on the next.
4. A place and date broken after "ngày" ("Vĩnh Bình, ngày" / "tháng 9 năm 2017") is joined again.
5. Bold, italic and underline marks are removed (they carry no meaning the rules need); so are the HTML tags
   and entities a document-sharing page leaves in copied text ("<b>", "<span class='text_page_counter'>").
"""

from __future__ import annotations

import re

from .blocks import is_separator, parse_marker
from .textnorm import fold

_BARE_PIPE = re.compile(r"^\s*\|\s*$")
_EMPTY_MARKS = re.compile(r"^[\s*_|]*$")
_COPYRIGHT = re.compile(
    r"(?:copyright|©|\(c\)\s*\d{4}|^ban quyen thuoc|^dang tai van ban|^tai van ban\b|"
    r"^van ban goc\b|^luoc do\b|^dang nhap\b|^theo doi van ban|^in van ban|"
    r"^ban dang xem ban rut gon|^xem va tai ngay ban day du|^tai ve\b|^tai xuong\b)"
)
# Labels of the metadata table legal-document websites print above (or beside) a document.
_META_LABEL = re.compile(
    r"(?:^|\|\s*)(?:so hieu|loai van ban|noi ban hanh|co quan ban hanh|nguoi ky|ngay ban hanh|ngay hieu luc|"
    r"ngay het hieu luc|ngay cong bao|so cong bao|tinh trang(?: hieu luc)?|linh vuc|ngay dang|luot xem|"
    r"ngay cap nhat|cap nhat)\s*:"
)
# A school or office portal's furniture and a document-sharing page's upload card, copied with the page: visit
# counters, breadcrumbs, the post's date and read count, the site's greeting, login notices, the uploader's card.
_PORTAL = re.compile(
    r"^(?:thong ke truy cap$|(?:dang truy cap|hom nay|thang hien tai|tuan nay|hom qua).{0,40}?:\s*[\d.,]+\s*$|"
    r"tong (?:luot )?truy cap.{0,30}?:\s*[\d.,]+|"
    r"chao mung (?:quy vi )?den voi\b.{0,80}\b(?:website|trang thong tin)|skip (?:ribbon commands|to main content)$|"
    r"quy vi chua dang nhap|neu (?:chua|da) dang ky\b|nguoi gui:|ngay gui:|dung luong:|so luot (?:tai|thich|xem)\b|"
    r"\(?tai lieu chua duoc tham dinh\)?$|nguon:$|-?\s*0\s*/\s*0$)"
    r"|\b(?:so lan doc|luot xem|luot doc)\s*:\s*[\d.,]+\s*$"
)
# Above the document only: a breadcrumb ("Trang nhất » Tin Tức » …"), a menu heading, the page's clock
# ("Friday, 29/10/2021 - 04:27|", "Thứ năm - 14/04/2022 10:57").
_PORTAL_TOP = re.compile(
    r"^(?:.{0,80}»|danh muc$|trang chu$|(?:thu (?:hai|ba|tu|nam|sau|bay)|chu nhat|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday)\b[\s,\-]*\d{1,2}/\d{1,2}/\d{4}[\s,\-]*\d{1,2}:\d{2}\b[\s|]*$)"
)
_BOLD = re.compile(r"\*\*|__")
# HTML a document-sharing page leaves in copied text: tags, page counters, entities.
_HTML_TAG = re.compile(
    r"</?(?:b|i|u|em|strong|span|div|p|br|sup|sub|font|a|td|tr|th|table|tbody|thead|li|ul|ol)\b[^>]*>", re.IGNORECASE
)
_PAGE_COUNTER = re.compile(r"<span class=['\"]text_page_counter['\"]>\(\d+\)</span>", re.IGNORECASE)
_ENTITIES = {"&nbsp;": " ", "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'"}
_ITALIC_OPEN = re.compile(r"(?<![\w*])\*(?=[^\s*])")
_ITALIC_CLOSE = re.compile(r"(?<=[^\s*])\*(?![\w*])")
_UNDERLINE = re.compile(r"(?<![\w_])_(?=\S)|(?<=\S)_(?![\w_])")
_TITLE_OR_NATIONAL = re.compile(r"^\s*(?:ke hoach\b|cong hoa xa hoi chu nghia)")
# A table holding the national motto or the place and date is the header's layout table, whatever its width.
_HEADER_TABLE = re.compile(r"cong hoa xa hoi|doc lap\s*[-–]\s*tu do|dang cong san viet nam|,\s*ngay\s+\S+\s+thang\b")
_ROW_LABEL = re.compile(r"^(?P<label>[IVX]{1,5}|[A-ZĐ])\s*[.)]\s+(?P<rest>\S.*)$")
_TERMINAL = (".", ";", ":", "!", "?")


def _unmark(line: str) -> str:
    """Return the line without bold, italic and underline marks."""
    if "*" not in line and "_" not in line:
        return line
    text = _BOLD.sub("", line)
    text = _ITALIC_OPEN.sub("", text)
    text = _ITALIC_CLOSE.sub("", text)
    return _UNDERLINE.sub("", text)


def _spans(line: str) -> tuple[bool, bool]:
    """Return whether the line leaves a bold and an italic span open (odd counts of their marks)."""
    if "*" not in line and "_" not in line:
        return False, False
    bold = len(_BOLD.findall(line)) % 2 == 1
    singles = _BOLD.sub("", line).count("*") - line.count("(*)")
    return bold, singles % 2 == 1


def _open_after(state: tuple[bool, bool], line: str) -> tuple[bool, bool]:
    bold, italic = _spans(line)
    return state[0] != bold, state[1] != italic


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 2 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _starts_lower(text: str) -> bool:
    letter = next((c for c in text if c.isalpha() or c.isdigit()), "")
    return letter.islower()


def continues(previous: str, line: str, open_span: bool = False) -> bool:
    """Return True when line (raw, marks in place) continues the paragraph whose last line is previous in
    converter text; open_span says a bold or italic span of that paragraph is still open."""
    if open_span:
        return True
    before, text = _unmark(previous).strip(), _unmark(line).strip()
    if (
        not before
        or not text
        or is_separator(before)
        or is_separator(text)
        or text.startswith(("|", "#", ">"))
        or before.startswith("#")
        or fold(before).startswith(("source:", "nguon:"))  # the source line stands alone
    ):
        return False
    marker = parse_marker(text)
    if marker is not None:
        # "quốc phòng\n- an ninh", "giai đoạn 2021\n- 2025”;": a hyphen wrapped to the line start is not a bullet.
        wrapped = _starts_lower(marker[2]) or (marker[2][:1].isdigit() and before[-1:].isdigit())
        return marker[0] == "dash" and wrapped and not before.endswith(_TERMINAL)
    if _is_caps(before) and not _starts_lower(text):
        return False
    return True


def strip_html(line: str) -> str:
    """Return the line without the HTML tags and entities a web page left in it."""
    if "<" not in line and "&" not in line:
        return line
    text = _HTML_TAG.sub(" ", _PAGE_COUNTER.sub(" ", line))
    for entity, char in _ENTITIES.items():
        text = text.replace(entity, char)
    return text.rstrip() if text.strip() else ""


def _blank_boilerplate(lines: list[str]) -> list[str]:
    out = list(lines)
    top = next((i for i, line in enumerate(lines) if _TITLE_OR_NATIONAL.match(fold(_unmark(line)))), len(lines))
    for index, line in enumerate(lines):
        text = _unmark(line).strip()
        if not text:
            if line.strip():
                out[index] = ""  # "** **", "* *": marks around nothing
            continue
        folded = fold(text)
        labels = len(_META_LABEL.findall(folded))
        if _COPYRIGHT.search(folded) and len(text) < 200:
            out[index] = ""
        elif len(text) < 160 and (_PORTAL.search(folded) or (index < top and _PORTAL_TOP.search(folded))):
            out[index] = ""
        elif labels >= 2 or (labels == 1 and index < top and len(text) < 160):
            out[index] = ""
    return out


def _paragraphs(raw: list[str]) -> list[str]:
    """Return the paragraphs of consecutive lines (one cell or one run of body lines), marks removed."""
    out: list[str] = []
    previous = ""
    state = (False, False)
    for line in raw:
        if out and continues(previous, line, any(state)):
            out[-1] = f"{out[-1]} {_unmark(line).strip()}".strip()
        else:
            out.append(_unmark(line).strip())
            state = (False, False)
        previous = line.strip()
        state = _open_after(state, previous)
    return [p for p in out if p and not is_separator(p)]


def _read_table(lines: list[str], start: int) -> tuple[list[list[tuple[int, list[str]]]], int]:
    """Read a bare-pipe table from lines[start] (a bare pipe); return its rows of (first line, cell lines) and the
    index of its last pipe. A cell is the run of lines between two pipes; a blank line ends the table."""
    rows: list[list[tuple[int, list[str]]]] = [[]]
    last = start
    index = start + 1
    while index < len(lines):
        if _BARE_PIPE.match(lines[index]):
            if rows[-1]:
                rows.append([])  # "|" right after "|": the row ends and the next begins
            last = index
            index += 1
            continue
        cell: list[str] = []
        at = index
        while index < len(lines) and lines[index].strip() and not _BARE_PIPE.match(lines[index]):
            cell.append(lines[index])
            index += 1
        if index >= len(lines) or not _BARE_PIPE.match(lines[index]):
            break  # text after the table's last pipe
        rows[-1].append((at, cell))
        last = index
        index += 1
    return [row for row in rows if row], last


def _data_row(row: list[tuple[int, list[str]]], width: int) -> str:
    cells = []
    for _, raw in row:
        pieces = _paragraphs(raw)
        text = ""
        for piece in pieces:
            # Paragraphs of one cell: a list of units is kept separable, a sentence's wrap is not.
            if not text:
                text = piece
            elif text.endswith((",", ";", ":", ".")) or _starts_lower(piece):
                text = f"{text} {piece}"
            else:
                text = f"{text}; {piece}"
        cells.append(text.replace("\t", " "))
    if len(cells) == 1 and width > 2:
        label = _ROW_LABEL.match(cells[0])
        if label:
            cells = [label.group("label"), label.group("rest")]  # "I. NÂNG CAO NHẬN THỨC": a group row
    return "\t".join(cells + [""] * (width - len(cells)))


def rebuild_pipe_tables(lines: list[str]) -> list[str]:
    """Return lines where every bare-pipe table is rewritten in the tab or line form the parser reads."""
    out = list(lines)
    index = 0
    while index < len(lines):
        if not _BARE_PIPE.match(lines[index]):
            index += 1
            continue
        rows, last = _read_table(lines, index)
        for blank in range(index, last + 1):
            out[blank] = ""
        width = max((len(row) for row in rows), default=0)
        header = any(_HEADER_TABLE.search(fold(" ".join(raw))) for row in rows for _, raw in row)
        for row in rows:
            if width >= 3 and not header:
                out[row[0][0]] = _data_row(row, width)
                continue
            for at, raw in row:
                for offset, paragraph in enumerate(_paragraphs(raw)):
                    out[at + offset] = paragraph
        index = last + 1
    return out


def _is_converter_text(lines: list[str]) -> bool:
    marks = sum(1 for line in lines if "**" in line or _BARE_PIPE.match(line) or _ITALIC_OPEN.search(line))
    return marks >= 3


def _is_wrapped(lines: list[str]) -> bool:
    """Return True when paragraphs run over several lines (a line opening in lower case continues the one above)."""
    pairs = wrapped = 0
    previous = ""
    for line in lines:
        text = _unmark(line).strip()
        if not text or "\t" in line or text.startswith("|"):
            previous = ""
            continue
        if previous:
            pairs += 1
            if _starts_lower(text) and not previous.endswith(_TERMINAL):
                wrapped += 1
        previous = text
    return wrapped >= 3 and wrapped * 8 >= pairs


def join_paragraphs(lines: list[str]) -> list[str]:
    """Return lines where the wrapped lines of each paragraph are joined onto its first line."""
    out = list(lines)
    start: int | None = None
    previous = ""
    state = (False, False)
    pieces: list[str] = []

    def flush() -> None:
        if start is not None and len(pieces) > 1:
            out[start] = " ".join(pieces)

    for index, line in enumerate(lines):
        if not line.strip() or "\t" in line or line.lstrip().startswith("|"):
            flush()
            start, previous, state, pieces = None, "", (False, False), []
            continue
        if start is not None and continues(previous, line, any(state)):
            pieces.append(line.strip())
            out[index] = ""
        else:
            flush()
            start, state, pieces = index, (False, False), [line.rstrip()]
        previous = line.strip()
        state = _open_after(state, previous)
    flush()
    return out


_DATE_OPEN = re.compile(r",\s*ngay\s*[\d.…_ ]*$")
_DATE_REST = re.compile(r"^\s*(?:[\d.…_]+\s*)?thang\b.{0,20}\bnam\s*\d{4}\b")


def join_split_dates(lines: list[str]) -> list[str]:
    """Return lines where a place and date broken after "ngày" ("Vĩnh Bình, ngày" / "(12) tháng 9 năm 2017", blank
    lines between) is one line again, written on the first line."""
    out = list(lines)
    for index, line in enumerate(lines):
        if not _DATE_OPEN.search(fold(line.rstrip())):
            continue
        following = next((i for i in range(index + 1, min(len(lines), index + 4)) if lines[i].strip()), None)
        if following is not None and _DATE_REST.match(fold(lines[following])):
            out[index] = f"{line.rstrip()} {lines[following].strip()}"
            out[following] = ""
    return out


def prepass(lines: list[str]) -> list[str]:
    """Return the lines cleaned of site boilerplate, with converter tables rebuilt and wrapped paragraphs joined."""
    if not any(line.strip() for line in lines):
        return lines
    if any("<" in line for line in lines):
        lines = [strip_html(line) for line in lines]
    converter = _is_converter_text(lines)
    lines = join_split_dates(_blank_boilerplate(lines))
    if any(_BARE_PIPE.match(line) for line in lines):
        lines = rebuild_pipe_tables(lines)
    if converter and _is_wrapped(lines):
        lines = join_paragraphs(lines)
    if converter:
        lines = [_unmark(line) if "\t" not in line else line for line in lines]
    return lines
