"""The Times-compatible TrueType family, with every Vietnamese letter, that danvan ships for its PDFs and charts.

System fonts are never looked up: a school's printed plan or a citizen's receipt must not depend on which fonts a
server happens to have (DejaVu Serif, the old fallback, is some 20% wider and wrapped titles and dates).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from fontTools.ttLib import TTFont  # fpdf2's dependency

STYLES = ("", "B", "I", "BI")  # fpdf2 style codes: regular, bold, italic, bold italic

FONT_DIR = Path(__file__).resolve().parent / "data" / "fonts"  # Liberation Serif 2.1.5, SIL OFL 1.1 (OFL.txt)


@dataclass(frozen=True)
class FontFamily:
    """Paths of the four faces of one family."""

    name: str
    faces: dict[str, Path]

    def __hash__(self) -> int:
        return hash((self.name, tuple(sorted(self.faces.items()))))


def _liberation(directory: Path) -> FontFamily:
    # Liberation Serif is metric-compatible with Times New Roman, so line breaks match the DOCX in Word.
    names = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}
    return FontFamily("LiberationSerif", {s: directory / f"LiberationSerif-{n}.ttf" for s, n in names.items()})


# Letters that only Vietnamese uses: Liberation Serif 1.x (Debian fonts-liberation) lacks them, 2.x has them.
VIETNAMESE_SAMPLE = (
    "ĂăÂâĐđÊêÔôƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
)


def covers_vietnamese(path: Path) -> bool:
    """Tell whether a TrueType file has a glyph for every precomposed Vietnamese letter."""

    try:
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # noqa: BLE001 - an unreadable font file covers nothing
        return False
    return all(ord(ch) in cmap for ch in VIETNAMESE_SAMPLE)


@functools.cache
def serif_family() -> FontFamily:
    """Return the shipped serif family (the same files on every machine)."""
    family = _liberation(FONT_DIR)
    missing = [str(path) for path in family.faces.values() if not path.is_file()]
    if missing:  # only a broken installation gets here
        raise RuntimeError(f"Thiếu tệp phông chữ của danvan (cài đặt lại gói danvan): {', '.join(missing)}")
    return family
