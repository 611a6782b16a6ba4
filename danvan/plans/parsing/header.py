"""Read the document header: issuing body and its superior, number, place and date, title."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .blocks import is_caps_heading, is_page_number, is_separator
from .dates import DATE_RE, make_date, match_to_date
from .references import BLANK_NUMBER_RE, find_numbers, normalise_number
from .textnorm import collapse, fold

# The motto wrapped over two lines ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM") is still the motto. A Youth Union
# document prints "ĐOÀN TNCS HỒ CHÍ MINH" where a state body prints the motto (its issuer is in the left column).
_NATIONAL = re.compile(
    r"cong hoa xa hoi chu nghia|doc lap\s*[-–]\s*tu do|dang cong san viet nam|^viet nam$|^cong hoa xa hoi$|"
    r"^chu nghia viet nam$|^doan (?:tncs|thanh nien cong san) ho chi minh$|"
    r"^doi (?:tntp|thieu nien tien phong) ho chi minh$"
)
_NUMBER_LINE = re.compile(r"^\s*so\b(?:\s*[:.])?(?=\s*(?:[\d.…_/]|-[^\W\d_]|$))")
# "Hải Phòng, ngày 05 tháng 9 năm 2024", "Nghĩa Đàn, ngày 05/9/2024", ", Ngày 10 tháng 11 năm 2009" (place left out).
_PLACE_DATE = re.compile(
    r"(?:(?P<place>[^\W\d_][^,\d]{0,60}?)\s*|^\s*),\s*ngay\s*(?:(?P<d>[\d.…_ ]*?)\s*thang\s*(?P<m>[\d.…_ ]*?)\s*nam\s*"
    r"(?P<y>\d{4})|(?P<d2>\d{1,2})\s*[/.\-]\s*(?P<m2>\d{1,2})\s*[/.\-]\s*(?P<y2>\d{4}))"
)
# Where the national motto starts inside a header line whose two columns were joined by a single space.
_MOTTO_START = re.compile(r"\s(?=cong hoa xa hoi chu nghia|doc lap\s*[-–]|dang cong san viet nam)")
# Cell separators of a header line: tabs, wide gaps, Markdown pipes, HTML line breaks.
_HEADER_CELLS = re.compile(r"\t|\s{3,}(?=\S)|\s*\|\s*|<br\s*/?>", re.IGNORECASE)
_BODY_START = re.compile(
    r"^(?:ubnd|uy ban|so|phong|truong|bo|ban|dang uy|dang bo|chi bo|cong doan|doan|hoi|thanh uy|huyen uy|tinh uy|"
    r"quan uy|thi uy|trung tam|vien|hoc vien|tong cuc|cuc|van phong|thanh tra|lien doi|cong ty|hoi dong|chi doan|"
    r"cdcs|cd)\b"
)
_TITLE = re.compile(r"^\s*ke\s*hoach\b")
# "HỘI ĐỒNG ĐỘI HUYỆN …" / "Liên đội trường TH Quảng Thạch": a school organisation typed in sentence case under its
# superior (a date, a number and the motto were read before this).
_MIXED_BODY = re.compile(r"^(?:lien doi|chi doan|doan truong|cong doan|chi bo|truong)\s")
_PLACE_START = re.compile(r"^(?:xa|phuong|thi tran|huyen|quan|thi xa|tinh|thanh pho)\s")
_SKIP = re.compile(r"^(?:v/v|ve viec|\(|du thao|mat|khan|hoa toc|source:|nguon:)")
INTRO = re.compile(r"^(?:can cu|thuc hien|trien khai|tiep tuc thuc hien|theo|nham|de)\b")


@dataclass
class Header:
    """What the header block says."""

    issuer: str | None = None
    superior: str | None = None
    number: str | None = None
    number_line: int | None = None
    date: str | None = None
    place: str | None = None


def find_title(lines: list[str]) -> int | None:
    """Return the index of the "KẾ HOẠCH" title line near the top, or None."""
    seen = 0
    previous = ""
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        folded = fold(stripped)
        if folded.startswith(("source:", "nguon:")):
            continue
        seen += 1
        if seen > 60:
            return None
        if _TITLE.match(folded) and len(stripped) <= 200:
            # The title is written in capitals; a sentence "Kế hoạch số …" in the body is not it.
            head = stripped[: len("KẾ HOẠCH") + 2]
            if head.upper() == head or len(stripped.split()) <= 3:
                return index
        if _TITLE.match(folded) and len(stripped) <= 600 and (seen == 1 or (seen == 2 and len(previous) < 40)):
            return index  # a web page opening with the plan's name in sentence case (after a posting date)
        previous = stripped
        if INTRO.match(folded) and len(stripped) > 60 and seen > 3:
            return None
    return None


def _is_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


_DECISION = re.compile(r"^quyet\s*dinh\s*$")
_ISSUES_PLAN = re.compile(r"^(?:ve viec\s+)?(?:ban hanh|phe duyet)\b.{0,40}\bke hoach\b")


def find_decision(lines: list[str]) -> int | None:
    """Return the index of the "QUYẾT ĐỊNH" title of a decision that issues a plan ("Ban hành Kế hoạch …"), or None."""
    seen = 0
    for index, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        seen += 1
        if seen > 40:
            return None
        if _DECISION.match(fold(stripped)) and stripped.upper() == stripped:
            following = next((other.strip() for other in lines[index + 1 : index + 6] if other.strip()), "")
            return index if _ISSUES_PLAN.match(fold(following)) else None
    return None


def _header_ahead(lines: list[str], index: int) -> bool:
    """Return True when lines[index] or the next non-blank line is a header line (motto, number, place and date)."""
    seen = 0
    for line in lines[index : index + 4]:
        if not line.strip():
            continue
        folded = fold(line.strip())
        if _NATIONAL.search(folded) or _NUMBER_LINE.match(folded) or _PLACE_DATE.search(folded):
            return True
        seen += 1
        if seen == 2:
            break
    return False


def read_title(lines: list[str], start: int) -> tuple[str | None, int]:
    """Return the title after the "KẾ HOẠCH" line and the index of the first line after it."""
    first = lines[start].strip()
    head = first[: len("KẾ HOẠCH") + 2]
    if head.upper() != head and len(first.split()) > 3:
        return collapse(first), start + 1  # a sentence-case title line stands alone
    rest = collapse(re.sub(r"^\s*(?:K[ẾE]\s*HO[ẠA]CH|QUY[ẾE]T\s*Đ[ỊI]NH)\b[\s:.-]*", "", first, flags=re.IGNORECASE))
    parts = [rest] if rest else []
    index = start + 1
    while index < len(lines):
        stripped = lines[index].strip()
        if not stripped:
            if parts and not _period_line_follows(lines, index):
                break
            index += 1
            continue
        if is_separator(stripped) or is_page_number(stripped):
            index += 1
            if parts:
                break
            continue
        folded = fold(stripped)
        if parts and _header_ahead(lines, index):
            break  # a web page's short title over the document's header block: the header is not title
        long_intro = INTRO.match(folded) and (
            len(stripped) > 90 or re.search(r"\bso\s+\d", folded) or bool(find_numbers(stripped))
        )
        listed = stripped[:1] in "-+•" or re.match(r"^[IVX]+\.|^\d+\.|^[A-ZĐ]\.\s", stripped)
        # A title in capitals may itself open with "THỰC HIỆN CHỈ THỊ SỐ …"; the basis paragraph is in sentence case.
        capitals = _is_capitals(stripped)
        if (parts and ((long_intro and not capitals) or listed or stripped.startswith("("))) or len(parts) >= 4:
            break
        # "KẾ HOẠCH / Triển khai thực hiện Chỉ thị số 03/CT-TTg … trong ngành Giáo dục" then a blank line: the
        # line right under the heading, without closing punctuation, is a sentence-case title, not a basis.
        next_blank = index + 1 >= len(lines) or not lines[index + 1].strip()
        own_line = index == start + 1 and next_blank and not stripped.endswith((";", ",", ".", ":"))
        if not parts and long_intro and not capitals and not own_line:
            break
        parts.append(stripped)
        index += 1
    return (collapse(" ".join(parts)) or None), index


# "KẾ HOẠCH HOẠT ĐỘNG CÔNG ĐOÀN" / (blank) / "NĂM HỌC: 2021-2022": the period of the plan set apart under its title.
_TITLE_PERIOD = re.compile(r"^(?:nam hoc|nam|giai doan|nhiem ky|hoc ky|thang|quy)\b[\s:]*(?:\d|[ivx]+\b)")


def _period_line_follows(lines: list[str], index: int) -> bool:
    """Return True when the next non-blank line is a short line in capitals naming the title's period."""
    for line in lines[index + 1 : index + 4]:
        stripped = line.strip()
        if stripped:
            return (
                len(stripped.split()) <= 8 and is_caps_heading(stripped) and bool(_TITLE_PERIOD.match(fold(stripped)))
            )
    return False


def _join_broken_words(lines: list[str]) -> list[str]:
    """Join a one-word header line to the next line: web copies break cells mid-name ("ỦY / BAN NHÂN DÂN")."""
    out = list(lines)
    for index in range(len(out) - 1):
        word = out[index].strip()
        following = out[index + 1].strip()
        if (
            word
            and following
            and not _NUMBER_LINE.match(fold(word))  # "Số" over "DỰ THẢO" / "/KH-…": a label, not a broken name
            and " " not in word
            and "\t" not in out[index]
            and len(word) <= 6
            and word[0].isalpha()
            and not is_separator(following)
            and not following.startswith("|")
        ):
            out[index], out[index + 1] = "", f"{word} {following}"
    return out


# "Kế hoạch số 399-KH/BDVTW ngày 01/9/2015 của Ban Dân vận Trung ương về …": a web page names the plan itself.
_TITLE_NUMBER = re.compile(r"^\s*k[ếe] ho[ạa]ch\s+(?:s[ốo]\s*:?\s*)?(?=\d)", re.IGNORECASE)


def title_identity(title: str | None) -> tuple[str | None, str | None, str | None]:
    """Return (number, date, issuer) when a title line starts with the plan's own number ("Kế hoạch số N …")."""
    if not title:
        return None, None, None
    start = _TITLE_NUMBER.match(title)
    if not start:
        return None, None, None
    numbers = find_numbers(title[start.end() : start.end() + 40])
    if not numbers or numbers[0].start() != 0:
        return None, None, None
    number = normalise_number(numbers[0])
    rest = title[start.end() + numbers[0].end() :]
    date = None
    found = DATE_RE.match(rest.lstrip(" ,"))
    if found:
        parsed = match_to_date(found)
        date = parsed.isoformat() if parsed else None
        rest = rest.lstrip(" ,")[found.end() :]
    issuer = None
    of = re.match(r"\s*,?\s*của\s+(.{3,80}?)(?=\s+(?:về|v/v|triển khai|thực hiện|ban hành)\b|[,;:(]|$)", rest)
    if of:
        issuer = collapse(of.group(1))
    return number, date, issuer


def flattened_header(lines: list[str]) -> Header | None:
    """Read the header at the start of a document flattened into one long line by a site ("ỦY BAN NHÂN DÂN XÃ X
    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập – Tự do – Hạnh phúc KẾ HOẠCH …"), or None."""
    for index, line in enumerate(lines):
        folded = fold(line)
        if not line.strip() or folded.lstrip().startswith(("source:", "nguon:")):
            continue
        if len(line) <= 300:
            return None
        end = re.search(r"hanh phuc", folded[:400])
        if end is None or not _MOTTO_START.search(folded[: end.start()]):
            return None
        header = parse_header([line[: end.end()]], index + 1)
        return header if header.issuer else None
    return None


# "UBND THÀNH PHỐ HUẾ TRƯỜNG MẦM NON II", "LIÊN ĐOÀN LAO ĐỘNG TP HUẾ CĐCS MẦM NON II": a web page joined the
# superior's cell and the issuer's on one line; a school or grassroots union starts the issuer.
_SUPERIOR_FIRST = re.compile(
    r"^(?:ubnd|uy ban nhan dan|so|phong|lien doan lao dong|ldld|cong doan giao duc|cong doan nganh)\b"
)
_ISSUER_INSIDE = re.compile(r"\s(?=(?:truong|cdcs|cong doan co so|chi bo)\s)")


def _split_superior(body: str) -> list[str]:
    """Return [superior, issuer] when one header line holds both, else [body]."""
    folded = fold(body)
    if not _SUPERIOR_FIRST.match(folded):
        return [body]
    cut = _ISSUER_INSIDE.search(folded)
    if cut is None or cut.start() < 6 or re.search(r"\b(?:doan|chi|ban)$", folded[: cut.start()]):
        return [body]
    return [body[: cut.start()].strip(), body[cut.end() :].strip()]


def parse_header(lines: list[str], first_line: int = 1) -> Header:
    """Read issuer, superior body, number and place/date from the lines before the title."""
    header = Header()
    bodies: list[str] = []
    continuing = False
    lines = _join_broken_words(lines)
    for offset, raw in enumerate(lines):
        line = raw.strip()
        folded_line = fold(line)
        date = _PLACE_DATE.search(folded_line)
        if date:
            # Two header cells may share one extracted line ("Số: 12/KH-…      Hải Phòng, ngày …").
            if date.group("place"):
                place = _HEADER_CELLS.split(line[date.start("place") : date.end("place")])[-1]
                header.place = collapse(place) or None
            spelt = date.group("y") is not None
            day = (date.group("d") if spelt else date.group("d2")).strip()
            month = (date.group("m") if spelt else date.group("m2")).strip()
            if day.isdigit() and month.isdigit():
                parsed = make_date(int(date.group("y") if spelt else date.group("y2")), int(month), int(day))
                header.date = parsed.isoformat() if parsed else None
        motto = _MOTTO_START.search(folded_line)
        if motto and motto.start() > 0:
            # "TRƯỜNG TIỂU HỌC X Độc lập – Tự do – Hạnh phúc": the left column ends where the motto starts.
            line = line[: motto.start()] + "\t" + line[motto.start() :]
        left_cell = False  # a body's cell came first on this line
        number_cell = False
        for part in _HEADER_CELLS.split(line):
            text = part.strip()
            if not text:
                continue  # web pages put a blank line after every line of the header: it ends no name
            if number_cell and find_numbers(text) and len(text.split()) <= 2:
                continue  # "Số:   39/KH-CĐNT": the number padded away from its label is no body
            number_cell = False
            if is_page_number(text) or is_separator(text):
                continuing = False
                continue
            folded = fold(text)
            number_line = _NUMBER_LINE.match(folded)
            if number_line or (header.number_line == first_line + offset and text.startswith(("/", "-"))):
                rest = line[line.find(text) + (number_line.end() if number_line else 0) :]
                numbers = find_numbers(rest)
                if numbers and not BLANK_NUMBER_RE.match(rest) and header.number is None:
                    header.number = normalise_number(numbers[0])
                header.number_line = first_line + offset
                continuing = False
                number_cell = True
                continue
            if _NATIONAL.search(folded):
                continuing = False  # each line of the motto sits beside one body's line
                continue
            if header.number_line is not None and BLANK_NUMBER_RE.match(text) and not find_numbers(text):
                # "Số" / "DỰ THẢO" / "/KH-THCSNN": the symbol of a blank number a converter put on a line of its own.
                continuing = False
                continue
            if re.search(r"\bngay\b.*\b(?:thang|nam)\b", folded):
                # The date beside a body's cell does not end that body's name, which may go on under it
                # ("BAN CHỈ ĐẠO QUY CHẾ DÂN CHỦ      Tân Phong, ngày …" / "CƠ SỞ VÀ CÔNG TÁC …").
                continuing = continuing and left_cell
                continue
            if _SKIP.match(folded):
                continuing = False
                continue
            letters = [c for c in text if c.isalpha()]
            if not letters:
                continue
            upper = sum(c.isupper() for c in letters) >= 0.8 * len(letters)
            if not upper and not (bodies and _MIXED_BODY.match(folded) and len(text.split()) <= 8):
                continuing = False
                continue
            if bodies and _PLACE_START.match(folded):
                bodies[-1] = f"{bodies[-1]} {text}"  # "ỦY BAN NHÂN DÂN / XÃ THUẬN AN": the place ends the name
            elif _BODY_START.match(folded) or not bodies or not continuing:
                bodies.append(text)
            else:
                bodies[-1] = f"{bodies[-1]} {text}"
            continuing = True
            left_cell = True
    bodies = [b.strip(" -–*_") for b in bodies if b.strip(" -–*_")]
    if bodies:
        bodies[-1:] = _split_superior(bodies[-1])
        header.issuer = bodies[-1]
        header.superior = bodies[-2] if len(bodies) > 1 else None
    return header
