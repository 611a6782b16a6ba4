"""Group lines into paragraphs ("blocks"): list markers, table rows, wrapped lines, page numbers, footnotes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .textnorm import collapse, fold

_ROMAN_VALID = re.compile(r"^(?=[IVX])X{0,3}(?:IX|IV|V?I{0,3})$")
_BARE_ROMAN = re.compile(r"^(?P<label>[IVX]{1,4})\s+(?P<rest>[A-ZĐ][^\W\d_]*\s.*)$")
_ROMAN = re.compile(r"^(?P<label>[IVX]{1,5})(?:\s*[.):]|\s*[-–]\s|/(?=\s*[A-ZĐ][A-ZĐÀ-Ỹ]))\s*(?P<rest>.*)$")
# A heading in capitals that names a day, a session or a phase ("NGÀY 1: THỨ HAI …", "BUỔI SÁNG", "ĐỢT 2") heads
# the rows under it inside a section; it does not close the section as a "NỘI DUNG" heading would.
_TIME_CAPS = re.compile(r"^(?:ngay|buoi|tuan|thang|quy|dot|giai doan|hoc ky|phien|ca)\s")
# "QUÝ III/2021 (Tháng 7 – 9)", "Tháng 10/2023" alone on a line: a period heading over the items below it.
_PERIOD_LINE = re.compile(r"^(?:quy|thang|hoc ky|tuan|dot)\s+(?:[ivx]+|\d{1,2})\b")
_DECIMAL = re.compile(r"^(?P<label>\d{1,2}(?:\.\d{1,2}){0,3})(?!\d)(?P<punct>\.(?!\d)|\)|\s*[-–]\s)?\s*(?P<rest>.*)$")
_LOWER = re.compile(r"^(?P<label>[a-zđ])\s?[).]\s*(?P<rest>\S.*)$")
_UPPER = re.compile(r"^(?P<label>[A-ZĐ])\s?[.)]\s+(?P<rest>\S.*)$")
_BULLET = re.compile(r"^(?P<label>[-–—+•·▪►●○◦❖✓➢➤*])\s*(?P<rest>\S.*)$")
_BULLET_TYPES = {"-": "dash", "–": "dash", "—": "dash", "+": "plus"}
_PAGE_NUMBER = re.compile(r"^(?:trang\s*)?[-–]?\s*\d{1,3}\s*[-–]?(?:\s*/\s*\d{1,3})?$")
_SEPARATOR = re.compile(r"^[-–—_=*~.•oO0\s]{3,}$")
_MD_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)*\|?$")
_GLUED_NOTE = re.compile(r"(?<=[^\W\d_])(\d{1,2})(?=[.,;:]?(?:\s|$))")
# Labels of a task's fields, folded (tasks._LABELLED reads them inline, FIELD_LINE on their own lines). Besides the
# school words ("Người phụ trách"), the government ones: "Cơ quan chủ trì", "Cơ quan phối hợp", "Người chỉ đạo",
# "Thời gian hoàn thành", "Sản phẩm"; "Nội dung:", "Sản phẩm:", "Kinh phí:" detail the task above them.
FIELD_LABELS = (
    r"thoi gian(?: thuc hien| hoan thanh| to chuc| trien khai)?|"
    r"thoi han(?: hoan thanh| thuc hien| ban hanh| trinh| trinh ban hanh| nop| gui bao cao| bao cao)?|"
    r"tien do(?: thuc hien| hoan thanh)?|"
    r"(?:nguoi |lanh dao |don vi |co quan |bo phan |can bo )?chu tri|(?:nguoi |lanh dao |co quan )?chi dao|"
    r"(?:nguoi |lanh dao |bo phan |can bo |don vi |co quan )?phu trach|(?:don vi |co quan |bo phan )?phoi hop|"
    r"(?:don vi|bo phan|nguoi|luc luong|co quan) thuc hien|noi dung(?: thuc hien)?|san pham(?: dau ra)?|"
    r"ket qua (?:dau ra|du kien)|kinh phi(?: thuc hien)?|dia diem(?: to chuc)?|thanh phan(?: tham du| tham gia)?"
)
FIELD_LINE = re.compile(rf"^(?:{FIELD_LABELS})\s*:\s*\S")
_TERMINAL = (".", ";", ":", "!", "?", "./.")
# A line ending with one of these words continues on the next line whatever the next line starts with.
_OPEN_END = re.compile(r"(?:[,(&\-–/]|\b(?:của|và|về|các|của|số|ngày|tại|cho|với|theo|trong|là|được|đến|từ))$")


@dataclass
class Block:
    """One paragraph, list item or table row of the body."""

    line: int
    text: str
    kind: str  # "item", "para", "row", "caps", "field"
    mtype: str | None = None
    label: str | None = None
    cells: list[str] | None = None
    lines: list[int] = field(default_factory=list)

    @property
    def heading(self) -> str:
        """Return the item with its marker as written ("2.1. Tham mưu …")."""
        if self.kind == "item" and self.label and self.mtype not in ("dash", "plus", "dot"):
            sep = ")" if self.mtype == "lower" else "."
            return f"{self.label}{sep} {self.text}"
        return self.text


def is_page_number(text: str) -> bool:
    """Return True for a standalone page-number line ("2", "- 3 -", "Trang 4")."""
    return bool(_PAGE_NUMBER.match(fold(text.strip())))


def is_separator(text: str) -> bool:
    """Return True for a decorative rule ("-----", "___", "oOo")."""
    stripped = text.strip()
    return bool(stripped) and bool(_SEPARATOR.match(stripped)) and not any(c.isdigit() for c in stripped)


def is_caps_heading(text: str) -> bool:
    """Return True for an unnumbered heading written in capitals ("NỘI DUNG KẾ HOẠCH")."""
    if not 2 <= len(text.split()) <= 16:
        return False  # checked first: a paragraph is never a heading, and counting its letters is the cost
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def is_label_heading(text: str) -> bool:
    """Return True for a short unnumbered line ending with a colon that introduces a list."""
    return text.endswith(":") and len(text.split()) <= 8 and not _starts_lower(text) and "./." not in text


def split_cells(text: str, *, in_table: bool = False) -> list[str] | None:
    """Split a table row written with tabs or pipes; None when the line is not a row.

    Inside a table a single pipe is enough: a long row wrapped by a PDF keeps only some of its pipes per line.
    """
    if "\t" in text:
        cells = [collapse(c) for c in text.split("\t")]
        if sum(1 for c in cells if c) >= 2 or (len(cells) >= 3 and any(cells)):
            return cells
        return None
    stripped = text.strip()
    if (
        stripped.count("|") >= 2
        or (stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 2)
        or ("|" in stripped and (in_table or re.match(r"^\d{1,3}\.?\s*\|", stripped)))
    ):
        cells = [collapse(c) for c in stripped.split("|")]
        if stripped.startswith("|"):
            cells = cells[1:]
        if stripped.endswith("|"):
            cells = cells[:-1]
        return cells if len(cells) >= 2 else None
    return None


def is_row_separator(cells: list[str]) -> bool:
    """Return True for a Markdown or dashed separator row ("|---|---|", "---\t---")."""
    return all(re.fullmatch(r"[\s:=+\-–—_]*", c) for c in cells) and any(c.strip() for c in cells)


_PART = re.compile(
    r"^(?:PHẦN|Phần|PHẦN THỨ|Phần thứ)\s+(?P<label>[IVX]{1,4}|\d{1,2}|[^\W\d_]{2,5})\s*[.:\-–]\s*(?P<rest>\S.*)$"
)


_NAMED_ITEM = re.compile(
    r"^(?:Hoạt động|HOẠT ĐỘNG|Nội dung|NỘI DUNG|Nhiệm vụ|NHIỆM VỤ|Công việc|Việc|Bước|BƯỚC)\s+(?P<label>\d{1,2})\s*"
    r"[:.\-–]\s*(?P<rest>\S.*)$"
)


def parse_marker(text: str) -> tuple[str, str, str] | None:
    """Return (marker type, label, rest) when the line starts with a list or heading marker."""
    match = _NAMED_ITEM.match(text)
    if match:
        return "named", match.group("label"), match.group("rest")  # "Hoạt động 2: Tổ chức …"
    match = _PART.match(text)
    if match:
        return "roman", match.group("label"), match.group("rest")  # "PHẦN II. NỘI DUNG" heads like "II."
    match = _ROMAN.match(text)
    if match and _ROMAN_VALID.match(match.group("label")) and match.group("rest")[:1] not in "/-":
        return "roman", match.group("label"), match.group("rest")
    match = _DECIMAL.match(text)
    if match:
        rest = match.group("rest")
        label = match.group("label")
        first = rest[:1]
        glued = not match.group("punct") and text[len(label) : len(label) + 1].isalpha()
        if glued and not rest[1:2].islower():
            first = ""  # "5G, mạng IoT" wrapped to a line start is a name, not item 5 ("1Quán triệt …" is one)
        if first and (first.isalpha() or first in '“"('):
            if match.group("punct") or "." in label or first.isupper():
                return f"d{label.count('.') + 1}", label, rest
    match = _LOWER.match(text)
    if match:
        return "lower", match.group("label"), match.group("rest")
    match = _UPPER.match(text)
    if match and match.group("label") not in "IVX":
        return "upper", match.group("label"), match.group("rest")
    match = _BULLET.match(text)
    if match and not _SEPARATOR.match(text):
        return _BULLET_TYPES.get(match.group("label"), "dot"), match.group("label"), match.group("rest")
    return None


def _starts_lower(text: str) -> bool:
    for ch in text:
        if ch.isalpha():
            return ch.islower()
        if ch.isdigit():
            return False
    return False


def detect_wrapped(lines: list[str]) -> bool:
    """Guess whether paragraphs are hard-wrapped over several lines (PDF text) or one line each."""
    pairs = wrapped = 0
    previous = ""
    for line in lines:
        stripped = line.strip()
        if not stripped or "\t" in line:
            previous = ""
            continue
        if previous:
            pairs += 1
            # "a) Tổ chức …" opens a lettered item, it does not continue the line above.
            if _starts_lower(stripped) and not previous.endswith(_TERMINAL) and not _LOWER.match(stripped):
                wrapped += 1
        previous = stripped
    return wrapped >= 2 and wrapped * 12 >= pairs


@dataclass
class BlockResult:
    """Blocks of a line range plus the footnotes and page numbers taken out of them."""

    blocks: list[Block]
    footnotes: dict[str, str]


def build_blocks(lines: list[str], first_line: int, *, wrapped: bool) -> BlockResult:
    """Group body lines into blocks; first_line is the 1-based number of lines[0]."""
    lengths = sorted(len(line.strip()) for line in lines if line.strip() and "\t" not in line)
    width = lengths[int(len(lengths) * 0.8)] if lengths else 0
    blocks: list[Block] = []
    footnotes: dict[str, str] = {}
    glued: set[str] = set()
    current: Block | None = None
    last_line_text = ""
    gap_blank = gap_page = False
    in_footnote: str | None = None
    bare_romans = False

    def close() -> None:
        nonlocal current
        if current is not None:
            current.text = collapse(current.text)
            after_item = bool(blocks) and (
                blocks[-1].kind == "field" or (blocks[-1].kind == "item" and blocks[-1].mtype not in ("roman", "label"))
            )
            if (
                (current.kind == "para" or current.mtype in ("dash", "plus", "dot"))
                and after_item
                and FIELD_LINE.match(fold(current.text))
            ):
                # "- Thời gian: Tháng 9/2024", "- Người thực hiện: BGH": a field of the item above, not an item.
                current.kind, current.mtype, current.label = "field", None, None
            elif current.kind == "caps" and _TIME_CAPS.match(fold(current.text)):
                current.kind, current.mtype = "item", "label"
            elif (
                current.kind == "para"
                and len(current.text.split()) <= 8
                and not current.text.endswith((".", ";", ","))
                and _PERIOD_LINE.match(fold(current.text))
            ):
                current.kind, current.mtype = "item", "label"
            elif current.kind == "para" and is_label_heading(current.text):
                # "Tháng 9/2023:" or "Công tác tuyên truyền:" on its own line heads the items below it.
                current.kind, current.mtype = "item", "label"
            blocks.append(current)
        current = None

    for index, raw in enumerate(lines):
        number = first_line + index
        stripped = raw.strip()
        if not stripped:
            gap_blank = True
            in_footnote = None
            continue
        if is_page_number(stripped):
            gap_page = True
            in_footnote = None
            continue
        if in_footnote is not None:
            footnotes[in_footnote] += " " + stripped
            continue
        in_table = bool(blocks) and blocks[-1].kind == "row" and current is None
        cells = split_cells(raw, in_table=in_table)
        if cells is not None:
            close()
            gap_blank = gap_page = False
            last_line_text = ""
            if is_row_separator(cells):
                continue
            blocks.append(Block(number, " | ".join(c for c in cells if c), "row", cells=cells, lines=[number]))
            continue
        if _MD_SEPARATOR.match(stripped) and "|" in stripped:
            continue
        if is_separator(stripped):
            close()
            continue
        note = re.match(r"^(\d{1,2})\s+(?=[^\W\d_])", stripped)
        if wrapped and note and note.group(1) in glued and note.group(1) not in footnotes:
            # A footnote body printed at the page bottom: "1 Đánh giá các cấp quản lý …".
            footnotes[note.group(1)] = stripped[note.end() :]
            in_footnote = note.group(1)
            continue
        if wrapped:
            glued.update(_GLUED_NOTE.findall(stripped))
        marker = parse_marker(stripped)
        bare = _BARE_ROMAN.match(stripped) if marker is None else None
        if bare and _ROMAN_VALID.match(bare.group("label")) and len(stripped.split()) <= 10:
            if is_caps_heading(stripped):
                bare_romans = True  # "II HÌNH THỨC THỰC HIỆN": this document numbers its parts without a dot
            elif bare_romans and not stripped.endswith((".", ";")):
                marker = ("roman", bare.group("label"), bare.group("rest"))  # then "III Thời gian thực hiện"
        prev = last_line_text
        prev_open = bool(prev) and not prev.endswith(_TERMINAL)
        lower = _starts_lower(stripped)
        if marker and marker[0] in ("dash", "plus") and current is not None and prev_open and _starts_lower(marker[2]):
            marker = None  # "quốc phòng\n- an ninh": a hyphen wrapped to the line start, not a bullet
        continues = False
        if current is not None and current.kind != "row" and marker is None:
            if wrapped:
                prev_full = len(prev) >= 0.75 * width
                if gap_page:
                    continues = lower or prev_open
                elif gap_blank:
                    continues = lower
                else:
                    continues = lower or (prev_open and (prev_full or bool(_OPEN_END.search(prev))))
            else:
                continues = lower and not gap_blank and not gap_page
        gap_blank = gap_page = False
        last_line_text = stripped
        if continues and current is not None:
            current.text += " " + stripped
            current.lines.append(number)
            continue
        close()
        if marker:
            mtype, label, rest = marker
            current = Block(number, rest, "item", mtype, label, lines=[number])
        elif is_caps_heading(stripped):
            current = Block(number, stripped, "caps", lines=[number])
        else:
            current = Block(number, stripped, "para", lines=[number])
    close()
    if footnotes:
        pattern = re.compile(r"(?<=[^\W\d_])(" + "|".join(map(re.escape, footnotes)) + r")(?=[.,;:]?(?:\s|$))")
        for block in blocks:
            if block.kind != "row":
                block.text = pattern.sub("", block.text)
    return BlockResult(blocks, footnotes)
