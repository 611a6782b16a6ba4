"""Describe an administrative document in the Nghị định 30/2020/NĐ-CP layout, independent of the output format."""

from __future__ import annotations

import datetime
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from danvan.lib.lazy import lazy_module

if TYPE_CHECKING:
    from PIL import Image as PILImage  # Pillow comes with fpdf2
else:  # loaded on first use (danvan/lib/lazy.py): only a document with a picture needs it
    PILImage = lazy_module("PIL.Image")

# ---------------------------------------------------------------------------------------------------------------
# Blocks of the body
# ---------------------------------------------------------------------------------------------------------------

ALIGNMENTS = ("left", "center", "right", "justify")


@dataclass
class Paragraph:
    """One body paragraph; by default justified with the first-line indent of Phụ lục I."""

    text: str
    bold: bool = False
    italic: bool = False
    indent: bool = True
    align: str = "justify"  # "left", "center", "right", "justify"


@dataclass
class Heading:
    """A section heading: level 1 "I. MỤC ĐÍCH, YÊU CẦU", level 2 "1. Mục đích" (bold), level 3 bold italic."""

    text: str
    level: int = 1


@dataclass
class Table:
    """A bordered table whose header row repeats on every page."""

    headers: list[str]
    rows: list[list[str]]
    widths_mm: list[float] | None = None


@dataclass
class Image:
    """A PNG picture, centred, with an optional italic caption under it."""

    data: bytes
    width_mm: float
    caption: str = ""


Block = Paragraph | Heading | Table | Image


@dataclass
class OfficialDocument:
    """Hold every component of Điều 8 NĐ 30/2020 that a school or Department document prints."""

    issuer: str  # "TRƯỜNG THPT NGUYỄN KHUYẾN" (printed in capitals)
    issuer_superior: str = ""  # "SỞ GD&ĐT HẢI PHÒNG"
    number: str | None = None  # "12"; None → a blank left for the clerk ("Số:      /KH-THPTNK")
    symbol: str = ""  # "KH-THPTNK"
    place: str = ""
    date: datetime.date | None = None  # None → "ngày … tháng … năm …" (with the year when known)
    year: int | None = None
    doc_type: str = ""  # "KẾ HOẠCH", "BÁO CÁO" …; "" for a công văn ("V/v …" under the number)
    title: str = ""  # trích yếu
    body: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    signer_authority: str = ""  # "KT. HIỆU TRƯỞNG", "TM. …"; "" when signing in one's own name
    signer_position: str = ""  # "HIỆU TRƯỞNG" / "PHÓ HIỆU TRƯỞNG"
    signer_name: str = ""


# ---------------------------------------------------------------------------------------------------------------
# Phụ lục I: page and type sizes (millimetres, points)
# ---------------------------------------------------------------------------------------------------------------

PAGE_WIDTH_MM = 210.0  # A4
PAGE_HEIGHT_MM = 297.0
MARGIN_TOP_MM = 20.0  # Phụ lục I: top and bottom 20–25 mm
MARGIN_BOTTOM_MM = 20.0
MARGIN_LEFT_MM = 30.0  # left 30–35 mm
MARGIN_RIGHT_MM = 15.0  # right 15–20 mm
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGIN_LEFT_MM - MARGIN_RIGHT_MM
# Wide enough for "TRƯỜNG THPT NGUYỄN KHUYẾN" (70.5 mm at 12 pt bold) and the Quốc hiệu (88.3 mm at 12 pt bold).
HEADER_LEFT_MM = 73.0  # issuing body, number (ô 2 and 3 of Phụ lục I)
HEADER_RIGHT_MM = TEXT_WIDTH_MM - HEADER_LEFT_MM  # Quốc hiệu, Tiêu ngữ, place and date (ô 1 and 4)
FIRST_LINE_INDENT_MM = 10.0  # Phụ lục I: first line indented 1–1.27 cm
PARAGRAPH_SPACING_PT = 6.0  # Phụ lục I: at least 6 pt between paragraphs

FONT_NAME = "Times New Roman"
SIZE_NATIONAL_TITLE = 12  # Quốc hiệu 12–13, bold capitals
SIZE_MOTTO = 13  # Tiêu ngữ 13–14, bold
SIZE_ISSUER = 12  # issuing body 12–13
SIZE_NUMBER = 13  # "Số:" 13
SIZE_PLACE_DATE = 14  # 13–14 italic
SIZE_DOC_TYPE = 14  # tên loại 13–14 bold
SIZE_TITLE = 14  # trích yếu 13–14 bold
SIZE_BODY = 14  # nội dung 13–14
SIZE_TABLE = 12
SIZE_RECIPIENTS_LABEL = 12  # "Nơi nhận:" 12 bold italic
SIZE_RECIPIENTS = 11  # items 11
SIZE_SIGNER = 14  # authority and position 13–14 bold capitals
SIZE_PAGE_NUMBER = 13  # 13–14, centred in the top margin, none on page 1

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# Phụ lục III NĐ 30/2020: abbreviations of the types of administrative documents and copies.
DOC_TYPE_ABBREVIATIONS: dict[str, str] = {
    "NGHỊ QUYẾT": "NQ",
    "QUYẾT ĐỊNH": "QĐ",
    "CHỈ THỊ": "CT",
    "QUY CHẾ": "QC",
    "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC",
    "THÔNG BÁO": "TB",
    "HƯỚNG DẪN": "HD",
    "CHƯƠNG TRÌNH": "CTr",
    "KẾ HOẠCH": "KH",
    "PHƯƠNG ÁN": "PA",
    "ĐỀ ÁN": "ĐA",
    "DỰ ÁN": "DA",
    "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB",
    "TỜ TRÌNH": "TTr",
    "HỢP ĐỒNG": "HĐ",
    "CÔNG ĐIỆN": "CĐ",
    "BẢN GHI NHỚ": "BGN",
    "BẢN THỎA THUẬN": "BTT",
    "GIẤY ỦY QUYỀN": "GUQ",
    "GIẤY MỜI": "GM",
    "GIẤY GIỚI THIỆU": "GGT",
    "GIẤY NGHỈ PHÉP": "GNP",
    "PHIẾU GỬI": "PG",
    "PHIẾU CHUYỂN": "PC",
    "PHIẾU BÁO": "PB",
    "BẢN SAO Y": "SY",
    "BẢN TRÍCH SAO": "TrS",
    "BẢN SAO LỤC": "SL",
}

# ---------------------------------------------------------------------------------------------------------------
# Text helpers shared by the builders
# ---------------------------------------------------------------------------------------------------------------

# XML 1.0 refuses C0 controls (except tab, LF, CR), lone surrogates and U+FFFE/U+FFFF; fonts have no glyph for them.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """Return printable NFC text: precomposed Vietnamese letters, no characters XML or PDF fonts refuse."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", str(text))
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _ILLEGAL.sub("", text)


def upper(text: str) -> str:
    """Return capitals, keeping the case-sensitive parts of symbols ("GD&ĐT") as they are."""
    return clean(text).upper()


def format_number(n: int | None) -> str:
    """Format a document number: below 10 with a leading zero (Điều 15 khoản 1 NĐ 30/2020)."""
    if n is None:
        return ""
    return f"{n:02d}" if 0 <= n < 10 else str(n)


def _format_number_text(number: str | None) -> str:
    number = clean(number).strip() if number is not None else ""
    if number.isascii() and number.isdigit():  # "¹" and "٣" are digits to str.isdigit() but not to int()
        return format_number(int(number))
    return number


def symbol_for(doc_type_abbreviation: str, issuer_code: str) -> str:
    """Join the type abbreviation and the issuing body's code with "-" (Phụ lục I: "KH" + "THPTNK" → "KH-THPTNK")."""
    parts = [part.strip() for part in (doc_type_abbreviation, issuer_code) if part and part.strip()]
    return "-".join(parts)


def number_line(number: str | None, symbol: str) -> str:
    """Return the "Số: 12/KH-THPTNK" line; a missing number leaves room for the clerk ("Số:      /KH-THPTNK")."""
    text = _format_number_text(number)
    symbol = clean(symbol).strip()
    if not text:
        return f"Số:      /{symbol}" if symbol else "Số:      "
    if not symbol or "/" in text:
        return f"Số: {text}"
    return f"Số: {text}/{symbol}"


def vietnamese_date(place: str, date: datetime.date | None, year: int | None = None) -> str:
    """Return "Hải Phòng, ngày 31 tháng 01 năm 2023"; days below 10 and months 1–2 take a leading zero (Phụ lục I)."""
    if date is not None:
        day = f"{date.day:02d}"
        month = f"{date.month:02d}" if date.month < 3 else str(date.month)
        text = f"ngày {day} tháng {month} năm {date.year}"
    else:
        text = f"ngày … tháng … năm {year if year else '…'}"
    place = clean(place).strip()
    return f"{place}, {text}" if place else text.capitalize()


MAX_IMAGE_HEIGHT_MM = 200.0  # leaves room on the page for a caption and the surrounding text


def image_size_mm(image: Image) -> tuple[float, float] | None:
    """Return the printed width and height of a picture, or None when its data is not a readable image.

    The width is the requested one within the text width; a picture that would be taller than
    MAX_IMAGE_HEIGHT_MM is scaled down as a whole.
    """

    try:
        with PILImage.open(io.BytesIO(image.data)) as picture:
            picture.verify()
            px_w, px_h = picture.size
    except Exception:  # noqa: BLE001 - Pillow raises many error types for damaged data
        return None
    if px_w <= 0 or px_h <= 0:
        return None
    width = image.width_mm if isinstance(image.width_mm, int | float) and math.isfinite(image.width_mm) else 0.0
    width = min(max(float(width), 5.0), TEXT_WIDTH_MM)
    height = width * px_h / px_w
    if height > MAX_IMAGE_HEIGHT_MM:
        width, height = width * MAX_IMAGE_HEIGHT_MM / height, MAX_IMAGE_HEIGHT_MM
    return max(width, 0.1), max(height, 0.1)


def doc_type_abbreviation(doc_type: str) -> str:
    """Return the Phụ lục III abbreviation of a type name ("KẾ HOẠCH" → "KH"), or "" when unknown."""
    return DOC_TYPE_ABBREVIATIONS.get(" ".join(clean(doc_type).upper().split()), "")
