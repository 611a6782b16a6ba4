"""Read a scanned letter with OCRmyPDF and Tesseract's Vietnamese data: a searchable PDF and its text.

OCRmyPDF (PyPI `ocrmypdf`) runs as a child process (`python -m ocrmypdf`), never inside the web or worker
process: it starts its own workers and may take a minute a page. It needs Tesseract with the `vie` language
(Debian `tesseract-ocr`, `tesseract-ocr-vie`) and Ghostscript (`ghostscript`); `unavailable()` says which is missing.
"""

from __future__ import annotations

import functools
import importlib.util
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

LANGUAGE = "vie"
SECONDS_PER_PAGE = 180  # a generous ceiling: Tesseract takes 5-30 s for an A4 page at 300 dpi
FALLBACK_DPI = 300  # for a photo or scan whose file states no resolution


class OcrError(Exception):
    """The OCR of a file failed; the message says why (in English, for the log; callers show their own)."""


@dataclass(frozen=True)
class OcrOutput:
    """What OCR produced: the searchable PDF's bytes and the recognised text (NFC)."""

    pdf: bytes
    text: str


@functools.cache
def unavailable() -> str | None:
    """Return why OCR cannot run here (the missing program or language), or None when it can."""
    if importlib.util.find_spec("ocrmypdf") is None:
        return "ocrmypdf"
    if shutil.which("tesseract") is None:
        return "tesseract (tesseract-ocr)"
    try:
        langs = subprocess.run(
            ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        ).stdout.split()
    except (OSError, subprocess.SubprocessError):
        return "tesseract (tesseract-ocr)"
    if LANGUAGE not in langs:
        return "tesseract-ocr-vie"
    if shutil.which("gs") is None:
        return "ghostscript"
    return None


def read_scan(data: bytes, *, kind: str, pages: int = 1) -> OcrOutput:
    """OCR a PDF, PNG or JPEG in Vietnamese; return the searchable PDF and the text, or raise OcrError."""
    suffix = {"pdf": ".pdf", "png": ".png", "jpeg": ".jpg"}.get(kind)
    if suffix is None:
        raise OcrError(f"cannot OCR a {kind!r} file")
    with tempfile.TemporaryDirectory(prefix="danvan-ocr-") as tmp:
        source = Path(tmp) / f"scan{suffix}"
        target = Path(tmp) / "searchable.pdf"
        sidecar = Path(tmp) / "text.txt"
        source.write_bytes(data)
        command = [
            sys.executable,
            "-m",
            "ocrmypdf",
            "-l",
            LANGUAGE,
            "--output-type",
            "pdf",
            "--optimize",
            "0",
            "--jobs",
            "1",
            "--skip-text",
            "--sidecar",
            str(sidecar),
            "--quiet",
        ]
        if kind != "pdf":
            command += ["--image-dpi", str(FALLBACK_DPI)]
        command += [str(source), str(target)]
        try:
            done = subprocess.run(
                command, capture_output=True, text=True, timeout=SECONDS_PER_PAGE * max(pages, 1), check=False
            )
        except subprocess.TimeoutExpired:
            raise OcrError("OCR took too long") from None
        if done.returncode != 0 or not target.exists():
            last = (done.stderr or done.stdout or "").strip().splitlines()
            raise OcrError(f"ocrmypdf exited with {done.returncode}: {last[-1] if last else ''}")
        text = sidecar.read_text(encoding="utf-8", errors="replace") if sidecar.exists() else ""
        return OcrOutput(pdf=target.read_bytes(), text=unicodedata.normalize("NFC", text).replace("\f", "\n").strip())
