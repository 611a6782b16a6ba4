"""Read the tail of the document: "Nơi nhận" list, signer's position and name, appendices after them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .blocks import is_page_number, is_separator, split_cells
from .tasks import Warnings, short
from .textnorm import collapse, fold

# "Nơi nhận" survives typos and missing diacritics once folded: "Noi nhận", "Nơi nhân", "NƠI NHẬN".
RECIPIENTS_HEADING = re.compile(r"^\W*n[oo]i\s*nh[a]n\s*[:.]?")
_POSITION = re.compile(
    r"^(?:(?:kt|tm|q|tl|tuq|t/m|k/t|t/l|q/)\s*[.:/]?\s+.*|(?:kt|tm|q|tl|tuq)\s*[.:/]\s*.*|(?:pho\s+)?(?:hieu truong|giam doc|truong phong|chu tich|bi thu|truong ban|"
    r"truong khoa|to truong|tong phu trach|thu truong|bo truong|chanh van phong|truong tram|truong ban chi dao|"
    r"thu tuong|tong bi thu|chu nhiem|cuc truong|vu truong|chanh thanh tra|tong giam doc|vien truong|"
    r"thu ky|nguoi lap|nguoi ky|phu trach)\b.*)$"
)
_SIGNED = re.compile(r"^\(?\s*(?:da ky|ky,|ky ten|ky va|ky ghi|ky, ghi|dong dau|ky so|ky dien tu)")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_.]*\.?$")
_BULLET = re.compile(r"^\s*[-–—+•·*▪►]\s*")
_APPENDIX = re.compile(r"^(?:phu luc|danh sach|bang|bieu|mau|ke hoach chi tiet|lich)\b")


@dataclass
class Tail:
    """Recipients, signer and what follows them."""

    recipients: list[str] = field(default_factory=list)
    position_lines: list[str] = field(default_factory=list)
    name: str | None = None
    appendix_from: int | None = None  # index (in the lines read) of the first line after the signer's name


def is_recipients_heading(text: str) -> bool:
    """Return True for a "Nơi nhận:" line in any spelling."""
    return bool(RECIPIENTS_HEADING.match(fold(text.strip())))


# "DUYỆT BAN GIÁM HIỆU      TỔNG PHỤ TRÁCH ĐỘI": the head approves on the left, the author signs on the right.
_APPROVAL = re.compile(
    r"^duyet(?:\s+cua)?\s+(?:ban giam hieu|bgh|hieu truong|chi bo|chi uy|ban chap hanh|bch|lanh dao)\b\s*(?P<rest>.*)$"
)
# Family names that start the second of two names printed on one line ("Lê Thừa Triều Hồ Viết Cảm").
_SURNAMES = frozenset(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh doan lam mai trinh truong cao "
    "luong ha ta chu kieu quach thai la tong van lai vuong tieu ton khuc au".split()
)


def is_position(text: str) -> bool:
    """Return True for a signer position line ("KT. GIÁM ĐỐC", "HIỆU TRƯỞNG")."""
    stripped = text.strip()
    if not stripped or len(stripped) > 80 or _BULLET.match(stripped):
        return False
    folded = fold(stripped)
    approval = _APPROVAL.match(folded)
    if approval:
        rest = approval.group("rest")
        return stripped.isupper() and (not rest or bool(_POSITION.match(rest)))
    if not _POSITION.match(folded):
        return False
    letters = [c for c in stripped if c.isalpha()]
    upper = bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)
    return upper or bool(re.match(r"^(?:kt|tm|q|tl|tuq)\s*[.]", folded))


# "Nguyễn Văn An (đã ký)", "ThS. Nguyễn Văn An", "Đ/c Nguyễn Văn An": the mark and the title are not the name.
_SIGNED_SUFFIX = re.compile(r"\s*\((?:đã ký|Đã ký|ĐÃ KÝ|đã ký và đóng dấu|ký)\)\s*$")
_HONORIFIC = re.compile(r"^(?:(?:PGS\.\s?)?TS\.|ThS\.|Th\.S\.|CN\.|KS\.|BS\.|Đ/c|đ/c)\s+")


def is_person_name(text: str, most: int = 6) -> bool:
    """Return True for a line that looks like a person's full name ("Phạm Huy Hùng", "NGUYỄN VĂN A").

    most: the most words the line may have (two names side by side under two blocks take up to eight).
    """
    stripped = _HONORIFIC.sub("", text.strip()).strip(".")
    words = stripped.split()
    if not 2 <= len(words) <= most or any(ch.isdigit() for ch in stripped) or _BULLET.match(text.strip()):
        return False
    if is_position(stripped) or stripped.endswith((":", ";", ",")):
        return False
    return all(_NAME_WORD.match(w) and w[0].isupper() for w in words)


def read_tail(lines: list[str], first_line: int, warnings: Warnings) -> Tail:
    """Read recipients, position and name from the lines after the body; anything after the name is an appendix."""
    tail = Tail()
    in_recipients = False
    open_item = False
    beside_approval = False  # the approver's block and the author's are side by side: two names on one line
    appendix_from: int | None = None
    for offset, raw in enumerate(lines):
        number = first_line + offset
        raw = _SIGNED_SUFFIX.sub("", raw)
        if not raw.strip():
            continue
        if tail.name is not None:
            appendix_from = offset
            break
        parts = [raw.strip()] if split_cells(raw) is None else [c for c in raw.split("\t")]
        if len(parts) == 1:
            parts = [p for p in re.split(r"\s{3,}", raw.strip()) if p]
        leftmost = True
        for part in parts:
            text = part.strip()
            if not text or is_page_number(text) or is_separator(text):
                continue
            first_column, leftmost = leftmost, False
            folded = fold(text)
            heading = RECIPIENTS_HEADING.match(folded)
            if heading:
                in_recipients = True
                open_item = False
                text = text[heading.end() :].strip()
                if not text:
                    continue
                folded = fold(text)
            if is_position(text):
                approval = _APPROVAL.match(folded)
                beside_approval = beside_approval or bool(approval and approval.group("rest"))
                tail.position_lines.append(collapse(text))
                # A position in the right column ("Nơi nhận: <tab> T/M CHI BỘ") leaves the list open.
                in_recipients = in_recipients and not first_column
                continue
            if _SIGNED.match(folded):
                continue
            if (
                is_person_name(text, 8 if beside_approval else 6)
                and (tail.position_lines or not _BULLET.match(text))
                and not (in_recipients and open_item)
            ):
                if not (in_recipients and not tail.position_lines and _next_is_recipient(lines, offset)):
                    # (else still inside the list: "Phó Hiệu Trưởng" written without a dash)
                    tail.name = _HONORIFIC.sub("", collapse(text)).strip(".")
                    if beside_approval:
                        tail.name = _author_name(tail.name)
                    in_recipients = False
                    continue
            if in_recipients:
                if text.startswith("+") and tail.recipients and tail.recipients[-1].endswith(":"):
                    # "- VP UBND tỉnh:" / "+ LĐVP, KGVX;": the first sub-item completes the office's entry.
                    tail.recipients[-1] = collapse(f"{tail.recipients[-1]} {_BULLET.sub('', text)}").rstrip(" ;,.")
                    open_item = False
                    continue
                if _BULLET.match(text) or not tail.recipients or not open_item:
                    item = _BULLET.sub("", text).strip()
                    if item.endswith(":") and not _BULLET.match(text):
                        open_item = False  # a sub-heading such as "Bản điện tử:"
                        continue
                    tail.recipients.extend(_split_inline(item))
                else:
                    tail.recipients[-1] = collapse(f"{tail.recipients[-1]} {text}")
                open_item = not text.rstrip().endswith((";", ".", ","))
                tail.recipients[-1] = tail.recipients[-1].rstrip(" ;,.")
                continue
            if tail.recipients and _BULLET.match(text):
                # Two-column tails read line by line interleave the list with the signer's title.
                tail.recipients.extend(_split_inline(_BULLET.sub("", text).strip().rstrip(" ;,.")))
                continue
            warnings.add(number, f"Dòng ở phần cuối văn bản không xác định được: “{short(text)}”.")
    if appendix_from is not None:
        for offset in range(appendix_from, len(lines)):
            text = lines[offset].strip()
            if not text or is_page_number(text) or is_separator(text):
                continue
            label = "Phụ lục" if _APPENDIX.match(fold(text)) else "Nội dung"
            warnings.add(first_line + offset, f"{label} sau chữ ký không được nhập: “{short(text)}”.")
    tail.recipients = [r for r in tail.recipients if r]
    tail.appendix_from = appendix_from
    return tail


def _author_name(names: str) -> str:
    """Return the right-hand name of two printed on one line ("Lê Thừa Triều Hồ Viết Cảm" → "Hồ Viết Cảm")."""
    words = names.split()
    for start in range(2, len(words) - 1):  # the leftmost family name after a full first name ("Mai" is a name too)
        if fold(words[start]) in _SURNAMES and 2 <= len(words) - start <= 4:
            return " ".join(words[start:])
    return " ".join(words[len(words) // 2 :]) if len(words) >= 4 else names


def _split_inline(item: str) -> list[str]:
    """Split "Sở GD&ĐT (b/c); - BGH; - Lưu: VT" written on one line into its recipients."""
    if ";" not in item.rstrip(" ;."):
        return [item]
    parts: list[str] = []
    for part in (_BULLET.sub("", part).strip(" ;.") for part in re.split(r";\s*", item)):
        if parts and re.fullmatch(r"\([^()]*\)", part):
            parts[-1] = f"{parts[-1]} {part}"  # "Bộ GD&ĐT; (để báo cáo)": the note is the entry's
        elif part:
            parts.append(part)
    return parts or [item]


def _next_is_recipient(lines: list[str], offset: int) -> bool:
    for raw in lines[offset + 1 :]:
        if raw.strip():
            return bool(_BULLET.match(raw.strip()))
    return False
