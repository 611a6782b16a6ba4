"""Documents use the Liberation Serif 2 files danvan ships, never a system font: the same PDF on every machine."""

from __future__ import annotations

import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import matplotlib
import pypdfium2
import pytest
from pypdf import PdfReader

from danvan.lib.nd30 import fonts
from danvan.petitions import receipt
from danvan.plans.export import export_plan_pdf
from danvan.plans.parsing import parse_plan
from danvan.reports.charts import on_time_chart

MPL_FONTS = Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf"
REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "danvan" / "plans" / "data" / "demo_plan_2023.txt"

# Run in a subprocess where no system font exists: fontconfig knows no font directory, and any attempt to open or
# list a file under /usr/share/fonts or /usr/local/share/fonts fails as if the directory were absent (so Liberation
# Serif 2, Liberation 1.x and DejaVu are all "not installed"). It prints the text runs of the PDF and a chart's hash.
HIDDEN_FONTS_SCRIPT = r"""
import hashlib, json, sys

BLOCKED = ("/usr/share/fonts", "/usr/local/share/fonts")

def hook(event, args):
    if event in ("open", "os.listdir", "os.scandir") and args and isinstance(args[0], (str, bytes)):
        path = args[0].decode() if isinstance(args[0], bytes) else args[0]
        if path.startswith(BLOCKED):
            raise FileNotFoundError(path)

sys.addaudithook(hook)
sys.path.insert(0, sys.argv[1])
from tests.lib.test_nd30_fonts import fingerprint
print(json.dumps(fingerprint()))
"""


def fingerprint() -> dict:
    """Return the seed plan's PDF as text runs with positions, the fonts it embeds, and a receipt's and a chart's
    text and pixels hashed (the chart is a PNG: its pixels depend on the font files)."""

    data = export_plan_pdf(
        parse_plan(SEED.read_bytes(), filename="seed.txt").to_json(),
        issuer_superior="SỞ GD&ĐT HẢI PHÒNG",
        issuer_code="THPTNK",
        place="Hải Phòng",
    )
    document = pypdfium2.PdfDocument(data)
    runs = []
    for index in range(len(document)):
        textpage = document[index].get_textpage()
        for rect in range(textpage.count_rects()):
            box = textpage.get_rect(rect)
            text = textpage.get_text_bounded(*box).strip()
            if text:
                runs.append([index, text, *(round(v, 2) for v in box)])
    embedded = sorted(
        {
            str(font.get_object().get("/BaseFont"))
            for page in PdfReader(io.BytesIO(data)).pages
            for font in (page["/Resources"].get("/Font") or {}).values()
        }
    )
    chart = on_time_chart({"petitions": {"resolved_on_time": 7, "resolved_late": 2, "on_time_rate": 77.8}})
    return {"runs": runs, "fonts": embedded, "chart": hashlib.sha256(chart or b"").hexdigest()}


def test_the_shipped_family_has_four_faces_with_every_vietnamese_letter():
    family = fonts.serif_family()
    assert family.name == "LiberationSerif"
    for path in family.faces.values():
        assert path.parent == fonts.FONT_DIR and fonts.covers_vietnamese(path)
    assert "SIL Open Font License" in (fonts.FONT_DIR / "OFL.txt").read_text(encoding="utf-8")


def test_it_tells_a_font_without_vietnamese_letters():
    # Computer Modern (shipped with matplotlib) has Latin letters but no ơ, ư, ộ …, like Liberation Serif 1.x.
    assert not fonts.covers_vietnamese(MPL_FONTS / "cmr10.ttf")
    assert not fonts.covers_vietnamese(MPL_FONTS / "no-such-font.ttf")


def test_the_receipt_uses_the_shipped_faces():
    assert receipt.font_paths() == (fonts.serif_family().faces[""], fonts.serif_family().faces["B"])


def test_it_explains_in_vietnamese_when_an_installation_lost_its_fonts(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "FONT_DIR", tmp_path)
    fonts.serif_family.cache_clear()
    try:
        with pytest.raises(RuntimeError, match="phông chữ"):
            fonts.serif_family()
    finally:
        fonts.serif_family.cache_clear()


def test_the_seed_plan_pdf_and_a_chart_are_the_same_on_a_machine_without_any_system_font(tmp_path):
    here = fingerprint()
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in run[1] for run in here["runs"])
    assert all("LiberationSerif" in name for name in here["fonts"]), here["fonts"]
    config = tmp_path / "fonts.conf"
    config.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n')
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "FONTCONFIG_FILE": str(config),
        "MPLCONFIGDIR": str(tmp_path / "mpl"),
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "tests.settings",
    }
    result = subprocess.run(
        [sys.executable, "-c", HIDDEN_FONTS_SCRIPT, str(REPO)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    there = json.loads(result.stdout.strip().splitlines()[-1])
    assert there["fonts"] == here["fonts"]
    assert there["runs"] == here["runs"]
    assert there["chart"] == here["chart"]


def test_a_chart_ignores_a_local_matplotlib_font_setting():
    figures = {"petitions": {"resolved_on_time": 7, "resolved_late": 2, "on_time_rate": 77.8}}
    usual = on_time_chart(figures)
    with matplotlib.rc_context({"font.family": ["serif"], "font.serif": ["cmr10"]}):  # as a matplotlibrc could say
        assert on_time_chart(figures) == usual
