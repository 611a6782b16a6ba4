"""Read PDFs back for the layout tests: text with positions (pypdf) and pixels of a rendered page (pypdfium2)."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pypdfium2
from pypdf import PdfReader

MM_PER_PT = 25.4 / 72


@dataclass
class Run:
    """A piece of text and where it starts, in millimetres from the top-left corner of the page."""

    text: str
    x_mm: float
    y_mm: float


def text_runs(data: bytes, page: int = 0) -> list[Run]:
    """Return the text pieces of a page with their start positions."""
    pdf_page = PdfReader(io.BytesIO(data)).pages[page]
    height = float(pdf_page.mediabox.height)
    runs: list[Run] = []

    def visit(text, cm, tm, font_dict, font_size):
        if not text.strip():
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        runs.append(Run(text.strip(), x * MM_PER_PT, (height - y) * MM_PER_PT))

    pdf_page.extract_text(visitor_text=visit)
    return runs


def find_run(runs: list[Run], text: str) -> Run:
    """Return the first piece that contains `text`."""
    return next(run for run in runs if text in run.text)


def page_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


class Ink:
    """Dark pixels of a page rendered at `scale` (2 → 1190 × 1684 px for A4), addressed in millimetres."""

    def __init__(self, data: bytes, page: int = 0, scale: float = 2) -> None:
        document = pypdfium2.PdfDocument(data)
        self.image = document[page].render(scale=scale).to_pil().convert("L")
        self.dark = np.asarray(self.image) < 128
        self.px_per_mm = scale * 72 / 25.4

    def region(self, x0: float, y0: float, x1: float, y1: float) -> int:
        """Count dark pixels in the rectangle [x0, x1) × [y0, y1) given in millimetres."""
        k = self.px_per_mm
        return int(self.dark[round(y0 * k) : round(y1 * k), round(x0 * k) : round(x1 * k)].sum())

    def rows_with_ink(self, x0: float, x1: float) -> list[float]:
        """Return the y (mm) of every pixel row with ink between x0 and x1."""
        k = self.px_per_mm
        band = self.dark[:, round(x0 * k) : round(x1 * k)]
        return [row / k for row in np.nonzero(band.any(axis=1))[0]]
