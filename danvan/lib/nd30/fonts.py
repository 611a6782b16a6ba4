"""Find a Times-compatible TrueType family with Vietnamese glyphs for the PDF builder."""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path

STYLES = ("", "B", "I", "BI")  # fpdf2 style codes: regular, bold, italic, bold italic


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


def _dejavu(directory: Path) -> FontFamily:
    names = {"": "", "B": "-Bold", "I": "-Italic", "BI": "-BoldItalic"}
    return FontFamily("DejaVuSerif", {s: directory / f"DejaVuSerif{n}.ttf" for s, n in names.items()})


def candidates() -> list[FontFamily]:
    """List the families to try, best first: Liberation Serif, DejaVu Serif (Debian), DejaVu Serif (matplotlib)."""
    found: list[FontFamily] = []
    if custom := os.environ.get("DANVAN_PDF_FONT_DIR"):
        found += [_liberation(Path(custom)), _dejavu(Path(custom))]
    found += [
        _liberation(Path("/usr/share/fonts/truetype/liberation2")),
        _liberation(Path("/usr/share/fonts/truetype/liberation")),
        _dejavu(Path("/usr/share/fonts/truetype/dejavu")),
    ]
    try:
        import matplotlib  # noqa: PLC0415 - optional: only its bundled fonts are used

        found.append(_dejavu(Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"))
    except ImportError:  # pragma: no cover - matplotlib is a project dependency
        pass
    return found


# Letters that only Vietnamese uses: Liberation Serif 1.x (Debian fonts-liberation) lacks them, 2.x has them.
VIETNAMESE_SAMPLE = (
    "ĂăÂâĐđÊêÔôƠơƯưẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹ"
)


def covers_vietnamese(path: Path) -> bool:
    """Tell whether a TrueType file has a glyph for every precomposed Vietnamese letter."""
    from fontTools.ttLib import TTFont  # noqa: PLC0415 - fpdf2's dependency, needed only here

    try:
        with TTFont(path, lazy=True) as font:
            cmap = font.getBestCmap() or {}
    except Exception:  # noqa: BLE001 - an unreadable font file is simply not a candidate
        return False
    return all(ord(ch) in cmap for ch in VIETNAMESE_SAMPLE)


def is_complete(family: FontFamily) -> bool:
    """Tell whether all four faces exist and the regular face covers Vietnamese."""
    return all(path.is_file() for path in family.faces.values()) and covers_vietnamese(family.faces[""])


@functools.cache
def serif_family() -> FontFamily:
    """Return the first complete serif family found on this machine."""
    for family in candidates():
        if is_complete(family):
            return family
    raise RuntimeError(
        "Không tìm thấy phông chữ có dấu tiếng Việt để tạo PDF (cần Liberation Serif hoặc DejaVu Serif; "
        "cài gói fonts-liberation hoặc đặt DANVAN_PDF_FONT_DIR)."
    )
