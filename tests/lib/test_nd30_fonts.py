"""The PDF font is found at run time and must cover Vietnamese; matplotlib's DejaVu Serif is the last resort."""

from __future__ import annotations

import shutil
from pathlib import Path

import matplotlib
import pytest

from danvan.lib.nd30 import fonts

MPL_FONTS = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"


@pytest.fixture(autouse=True)
def _fresh_cache():
    fonts.serif_family.cache_clear()
    yield
    fonts.serif_family.cache_clear()


def test_it_accepts_dejavu_serif_which_covers_vietnamese():
    assert fonts.covers_vietnamese(MPL_FONTS / "DejaVuSerif.ttf")


def test_it_rejects_a_font_without_vietnamese_letters():
    # Computer Modern (shipped with matplotlib) has Latin letters but no ơ, ư, ộ …, like Liberation Serif 1.x.
    assert not fonts.covers_vietnamese(MPL_FONTS / "cmr10.ttf")
    assert not fonts.covers_vietnamese(MPL_FONTS / "no-such-font.ttf")


def test_it_skips_a_family_that_lacks_vietnamese_and_falls_back_to_matplotlib(monkeypatch):
    latin_only = fonts.FontFamily("Latin", {style: MPL_FONTS / "cmr10.ttf" for style in fonts.STYLES})
    bundled = fonts._dejavu(MPL_FONTS)
    monkeypatch.setattr(fonts, "candidates", lambda: [latin_only, bundled])
    assert fonts.serif_family() == bundled


def test_it_prefers_a_font_directory_named_in_the_environment(monkeypatch, tmp_path):
    for name in ("DejaVuSerif.ttf", "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "DejaVuSerif-BoldItalic.ttf"):
        shutil.copy(MPL_FONTS / name, tmp_path / name)
    monkeypatch.setenv("DANVAN_PDF_FONT_DIR", str(tmp_path))
    assert fonts.serif_family().faces[""] == tmp_path / "DejaVuSerif.ttf"


def test_it_explains_in_vietnamese_when_no_font_is_found(monkeypatch):
    monkeypatch.setattr(fonts, "candidates", lambda: [fonts._dejavu(Path("/nonexistent"))])
    with pytest.raises(RuntimeError, match="phông chữ"):
        fonts.serif_family()


def test_it_finds_a_complete_family_on_this_machine():
    family = fonts.serif_family()
    assert family.name in {"LiberationSerif", "DejaVuSerif"}
    assert all(path.is_file() for path in family.faces.values())
