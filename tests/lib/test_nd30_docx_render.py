"""The DOCX, as a word processor lays it out (LibreOffice, when installed), shows the Phụ lục I regions."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from danvan.lib.nd30 import build_docx

from .conftest import sample_document
from .pdf_helpers import Ink, find_run, page_text, text_runs

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
_MISSING = "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"
# CI installs LibreOffice and sets DANVAN_REQUIRE_TOOLS=1, so there a missing office suite is a failure, not a skip.
if SOFFICE is None and os.environ.get("DANVAN_REQUIRE_TOOLS") == "1":
    raise RuntimeError(_MISSING)
pytestmark = pytest.mark.skipif(SOFFICE is None, reason=_MISSING)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> bytes:
    folder = tmp_path_factory.mktemp("docx")
    source = folder / "plan.docx"
    body = sample_document().body * 6  # long enough for a second page
    source.write_bytes(build_docx(sample_document(body=body)))
    subprocess.run(
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{folder}/profile",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (folder / "plan.pdf").read_bytes()


def test_the_word_processor_shows_the_header_block_and_centred_title(rendered):
    runs = text_runs(rendered)
    national, issuer = find_run(runs, "CỘNG HÒA"), find_run(runs, "TRƯỜNG THPT NGUYỄN KHUYẾN")
    doc_type = find_run(runs, "KẾ HOẠCH")
    assert national.x_mm > issuer.x_mm + 30 and national.y_mm < doc_type.y_mm
    ink = Ink(rendered)
    assert ink.region(30, 18, 100, 40) > 500
    assert ink.region(105, 18, 195, 40) > 500
    assert ink.region(30, doc_type.y_mm - 5, 60, doc_type.y_mm + 1) == 0
    assert ink.region(0, 0, 210, 19) == 0  # no page number on page 1
    assert ink.region(0, 0, 28, 297) == 0
    assert ink.region(196, 0, 210, 297) == 0


def test_the_word_processor_numbers_the_second_page(rendered):
    numbers = [r for r in text_runs(rendered, 1) if r.y_mm < 20]
    assert [r.text for r in numbers] == ["2"]
    assert "Phạm Huy Hùng" in page_text(rendered)
