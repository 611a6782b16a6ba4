"""Write an OfficialDocument as PDF (fpdf2) in the same Phụ lục I NĐ 30/2020 layout as the DOCX."""

from __future__ import annotations

import io
import logging
import math

from fpdf import FPDF

from . import model as m
from .docx_builder import recipient_lines, signer_lines, table_cells, table_widths
from .fonts import STYLES, serif_family
from .model import Heading, Image, OfficialDocument, Paragraph, Table, clean, upper

FAMILY = "nd30serif"
PT_MM = 25.4 / 72
LINE_FACTOR = 1.17  # baseline-to-baseline distance of single spacing, as Word uses for Times New Roman

logging.getLogger("fpdf").setLevel(logging.ERROR)  # a missing glyph is reported once per document, not per char


def _line_mm(size: float) -> float:
    return size * PT_MM * LINE_FACTOR


class _PDF(FPDF):
    """FPDF with the Phụ lục I page number: centred in the top margin, from page 2 on."""

    def header(self) -> None:
        if self.page_no() > 1:
            self.set_font(FAMILY, "", m.SIZE_PAGE_NUMBER)
            self.set_xy(self.l_margin, 10)
            self.cell(self.epw, _line_mm(m.SIZE_PAGE_NUMBER), str(self.page_no()), align="C")
            self.set_y(self.t_margin)


def _new_pdf() -> _PDF:
    pdf = _PDF(orientation="P", unit="mm", format="A4")
    family = serif_family()
    for style in STYLES:
        pdf.add_font(FAMILY, style, str(family.faces[style]))
    pdf.set_margins(m.MARGIN_LEFT_MM, m.MARGIN_TOP_MM, m.MARGIN_RIGHT_MM)
    pdf.set_auto_page_break(True, margin=m.MARGIN_BOTTOM_MM)
    pdf.c_margin = 0
    pdf.set_creator("danvan")
    pdf.set_lang("vi-VN")
    pdf.add_page()
    return pdf


# ---------------------------------------------------------------------------------------------------------------
# Header block (ô 1–5 of Phụ lục I)
# ---------------------------------------------------------------------------------------------------------------


def _fit_size(pdf: FPDF, text: str, style: str, size: float, width: float, smallest: float = 9) -> float:
    """Return the largest size ≤ `size` at which a one-line text fits `width` (wider fallback fonts shrink)."""
    pdf.set_font(FAMILY, style, size)
    natural = pdf.get_string_width(text)
    if natural <= width or not natural:
        return size
    return max(smallest, math.floor(size * width / natural * 2) / 2)


def _centred(pdf: FPDF, x: float, width: float, text: str, style: str, size: float, *, fit: bool = False) -> None:
    if fit:
        size = _fit_size(pdf, text, style, size, width)
    pdf.set_font(FAMILY, style, size)
    pdf.set_x(x)
    pdf.multi_cell(width, _line_mm(size), text, align="C", new_x="LMARGIN", new_y="NEXT")


def _rule_under(pdf: FPDF, centre: float, length: float, gap: float = 1.6) -> None:
    y = pdf.get_y() + gap
    pdf.set_line_width(0.3)
    pdf.line(centre - length / 2, y, centre + length / 2, y)
    pdf.set_y(y + gap)


def _header_block(pdf: FPDF, doc: OfficialDocument) -> None:
    left_x, left_w = pdf.l_margin, m.HEADER_LEFT_MM
    right_x, right_w = pdf.l_margin + m.HEADER_LEFT_MM, m.HEADER_RIGHT_MM
    top = pdf.get_y()
    if doc.issuer_superior.strip():
        _centred(pdf, left_x, left_w, upper(doc.issuer_superior).strip(), "", m.SIZE_ISSUER)
    issuer = upper(doc.issuer).strip()
    if issuer:
        _centred(pdf, left_x, left_w, issuer, "B", m.SIZE_ISSUER)
        pdf.set_font(FAMILY, "B", m.SIZE_ISSUER)
        longest = max(pdf.get_string_width(line) for line in issuer.split("\n"))
        # Phụ lục I: a solid line 1/3 to 1/2 as long as the issuer's name, centred under it.
        _rule_under(pdf, left_x + left_w / 2, min(max(longest * 0.4, 15), left_w * 0.5))
    left_end = pdf.get_y()

    pdf.set_y(top)
    _centred(pdf, right_x, right_w, m.NATIONAL_TITLE, "B", m.SIZE_NATIONAL_TITLE, fit=True)
    motto_size = _fit_size(pdf, m.MOTTO, "B", m.SIZE_MOTTO, right_w)
    _centred(pdf, right_x, right_w, m.MOTTO, "B", motto_size)
    pdf.set_font(FAMILY, "B", motto_size)
    # Phụ lục I: the line under the Tiêu ngữ is as long as the Tiêu ngữ.
    _rule_under(pdf, right_x + right_w / 2, pdf.get_string_width(m.MOTTO), gap=0.8)
    row2 = max(left_end, pdf.get_y()) + 2

    pdf.set_y(row2)
    _centred(pdf, left_x, left_w, m.number_line(doc.number, doc.symbol), "", m.SIZE_NUMBER, fit=True)
    if not doc.doc_type.strip() and doc.title.strip():
        title = clean(doc.title).strip()
        if not title.lower().startswith("v/v"):
            title = f"V/v {title}"
        _centred(pdf, left_x, left_w, title, "", 12)
    left_end = pdf.get_y()
    pdf.set_y(row2)
    place_date = m.vietnamese_date(doc.place, doc.date, doc.year)
    _centred(pdf, right_x, right_w, place_date, "I", m.SIZE_PLACE_DATE, fit=True)
    pdf.set_y(max(left_end, pdf.get_y()))


def _title_block(pdf: FPDF, doc: OfficialDocument) -> None:
    if not doc.doc_type.strip():
        pdf.ln(_line_mm(m.SIZE_BODY))
        return
    pdf.ln(6)
    doc_type = upper(doc.doc_type).strip()
    _centred(pdf, pdf.l_margin, pdf.epw, doc_type, "B", m.SIZE_DOC_TYPE)
    title = clean(doc.title).strip()
    if title:
        _centred(pdf, pdf.l_margin, pdf.epw, title, "B", m.SIZE_TITLE)
    pdf.set_font(FAMILY, "B", m.SIZE_TITLE)
    longest = max(pdf.get_string_width(line) for line in (title or doc_type).split("\n"))
    _rule_under(pdf, pdf.l_margin + pdf.epw / 2, min(max(longest * 0.4, 15), pdf.epw * 0.5))
    pdf.ln(2)


# ---------------------------------------------------------------------------------------------------------------
# Body
# ---------------------------------------------------------------------------------------------------------------


class _Metrics:
    """Measure words of one face and size fast: fpdf2's own line breaking costs ~1 ms per table cell."""

    def __init__(self, pdf: FPDF, style: str, size: float) -> None:
        pdf.set_font(FAMILY, style, size)
        font = pdf.current_font
        self.widths = font.cw  # advance widths in 1/1000 em, by code point
        self.scale = size * PT_MM / 1000
        self.space = self.widths[32] * self.scale
        self.cache: dict[str, float] = {}

    def width(self, word: str) -> float:
        known = self.cache.get(word)
        if known is None:
            widths = self.widths
            known = self.cache[word] = sum(widths[ord(ch)] for ch in word) * self.scale
        return known


_METRICS: dict[tuple[int, str, float], _Metrics] = {}


def _metrics(pdf: FPDF, style: str, size: float) -> _Metrics:
    key = (id(pdf), style, size)
    found = _METRICS.get(key)
    if found is None:
        if len(_METRICS) > 64:
            _METRICS.clear()
        found = _METRICS[key] = _Metrics(pdf, style, size)
    return found


def wrap(metrics: _Metrics, text: str, width: float, first_width: float | None = None) -> list[tuple[list[str], bool]]:
    """Break text into lines of words no wider than `width` (the first line `first_width`).

    Returns (words, ends_paragraph) pairs; a word longer than a line is cut between characters.
    """
    lines: list[tuple[list[str], bool]] = []
    avail = width if first_width is None else first_width
    space = metrics.space
    for part in text.split("\n"):
        line: list[str] = []
        used = 0.0
        for word in part.split():
            w = metrics.width(word)
            if line and used + space + w > avail:
                lines.append((line, False))
                line, used, avail = [], 0.0, width
            if not line and w > avail:
                # Cut an overlong word (a URL, a long code) at the character where it overflows.
                chunk, chunk_w = "", 0.0
                for ch in word:
                    cw = metrics.width(ch)
                    if chunk and chunk_w + cw > avail:
                        lines.append(([chunk], False))
                        chunk, chunk_w, avail = "", 0.0, width
                    chunk += ch
                    chunk_w += cw
                word, w = chunk, chunk_w
            used += (space if line else 0.0) + w
            line.append(word)
        lines.append((line, True))
        avail = width
    return lines


class _Flow:
    """Place lines of text, table rows and pictures down the pages, breaking pages as Word would."""

    def __init__(self, pdf: _PDF) -> None:
        self.pdf = pdf
        self.bottom = m.PAGE_HEIGHT_MM - m.MARGIN_BOTTOM_MM
        self.encoded: dict[tuple[str, str], str] = {}

    def room(self) -> float:
        return self.bottom - self.pdf.get_y()

    def ensure(self, height: float) -> bool:
        """Start a new page unless `height` still fits; tell whether a page was started."""
        if self.pdf.get_y() + height > self.bottom + 0.01:
            self.pdf.add_page()
            return True
        return False

    def space(self, height: float) -> None:
        if self.pdf.get_y() > m.MARGIN_TOP_MM + 0.01:
            self.pdf.set_y(min(self.pdf.get_y() + height, self.bottom))

    def draw_line(
        self, metrics: _Metrics, words: list[str], x: float, baseline: float, width: float, align: str
    ) -> None:
        text = " ".join(words)
        if not text:
            return
        natural = sum(metrics.width(w) for w in words) + metrics.space * (len(words) - 1)
        if align == "J" and len(words) > 1 and natural < width:
            self._justified(metrics, words, x, baseline, (width - natural) / (len(words) - 1))
            return
        if align == "C":
            x += (width - natural) / 2
        elif align == "R":
            x += width - natural
        self._show(x, baseline, self._encode(text))

    def _encode(self, text: str) -> str:
        # Encoding maps each character to its glyph in the font subset; words repeat a lot, so remember them.
        font = self.pdf.current_font
        key = (font.fontkey, text)
        found = self.encoded.get(key)
        if found is None:
            found = self.encoded[key] = font.encode_text(text)[: -len(" Tj")]
        return found

    def _show(self, x: float, baseline: float, operand: str, operator: str = "Tj") -> None:
        pdf = self.pdf
        if not pdf.current_font_is_set_on_page:
            pdf.text(x, baseline, "")  # makes fpdf2 select the current font on this page
        pdf._out(f"BT {x * pdf.k:.2f} {(pdf.h - baseline) * pdf.k:.2f} Td {operand} {operator} ET")  # noqa: SLF001

    def _justified(self, metrics: _Metrics, words: list[str], x: float, baseline: float, extra: float) -> None:
        # One TJ operator per line: the words keep their spaces (text extraction and copying stay right) and the
        # numbers between them widen each gap by `extra` millimetres.
        adjust = f" {-extra / (self.pdf.font_size_pt * PT_MM) * 1000:.2f} "
        last = len(words) - 1
        array = adjust.join(self._encode(word if index == last else word + " ") for index, word in enumerate(words))
        self._show(x, baseline, f"[{array}]", "TJ")

    def paragraph(
        self, text: str, *, style: str, size: float, align: str, first_indent: float, before: float, keep_lines: int = 1
    ) -> None:
        pdf = self.pdf
        metrics = _metrics(pdf, style, size)
        pdf.set_font(FAMILY, style, size)
        line_h = _line_mm(size)
        left, width = pdf.l_margin, pdf.epw
        lines = wrap(metrics, clean(text), width, width - first_indent)
        self.space(before)
        self.ensure(line_h * min(keep_lines, len(lines) + 1))
        for index, (words, last) in enumerate(lines):
            if self.ensure(line_h):
                pdf.set_font(FAMILY, style, size)
            y = pdf.get_y()
            indent = first_indent if index == 0 else 0.0
            line_align = "L" if align == "J" and last else align
            self.draw_line(metrics, words, left + indent, y + line_h * 0.78, width - indent, line_align)
            pdf.set_y(y + line_h)


def _block_text(flow: _Flow, block: Paragraph | Heading) -> None:
    spacing = m.PARAGRAPH_SPACING_PT * PT_MM
    if isinstance(block, Heading):
        level = min(max(int(block.level), 1), 3)
        # A heading keeps with the first lines of what follows it (Word's "keep with next").
        flow.paragraph(
            block.text,
            style="BI" if level == 3 else "B",
            size=m.SIZE_BODY,
            align="J",
            first_indent=m.FIRST_LINE_INDENT_MM,
            before=spacing,
            keep_lines=3,
        )
        return
    style = ("B" if block.bold else "") + ("I" if block.italic else "")
    align = {"left": "L", "center": "C", "right": "R"}.get(block.align, "J")
    flow.paragraph(
        block.text,
        style=style,
        size=m.SIZE_BODY,
        align=align,
        first_indent=m.FIRST_LINE_INDENT_MM if block.indent else 0.0,
        before=spacing,
    )


PAD_X, PAD_Y = 1.2, 1.0


def _table(flow: _Flow, block: Table) -> None:
    headers, rows, columns = table_cells(block)
    if columns == 0:
        return
    pdf = flow.pdf
    widths = table_widths(block, columns, pdf.epw)
    size = m.SIZE_TABLE
    line_h = _line_mm(size)
    regular, bold = _metrics(pdf, "", size), _metrics(pdf, "B", size)
    ordinal = [h.strip().upper() in {"STT", "TT", "SỐ TT"} for h in headers] if headers else [False] * columns
    aligns = ["C" if o else "L" for o in ordinal]
    xs = [pdf.l_margin + sum(widths[:i]) for i in range(columns)]
    body_height = m.PAGE_HEIGHT_MM - m.MARGIN_TOP_MM - m.MARGIN_BOTTOM_MM
    # A header row may take at most a quarter of the page, so that rows always have room under it.
    head_limit = max(1, int(body_height / 4 / line_h))
    head = [
        [words for words, _ in wrap(bold, h, w - 2 * PAD_X)][:head_limit] for h, w in zip(headers, widths, strict=False)
    ]
    head_h = max((len(c) for c in head), default=0) * line_h + 2 * PAD_Y if headers else 0.0
    full_page = max(1, int((body_height - head_h - 2 * PAD_Y) // line_h))
    pdf.set_line_width(0.2)
    flow.space(2)

    def draw_header() -> None:
        y = pdf.get_y()
        pdf.set_font(FAMILY, "B", size)
        lines_max = max(len(c) for c in head)
        for x, w, cell in zip(xs, widths, head, strict=True):
            pdf.rect(x, y, w, head_h)
            top = y + PAD_Y + (lines_max - len(cell)) * line_h / 2  # headings are centred vertically
            for index, words in enumerate(cell):
                flow.draw_line(bold, words, x + PAD_X, top + index * line_h + line_h * 0.78, w - 2 * PAD_X, "C")
        pdf.set_y(y + head_h)

    def new_page() -> None:
        pdf.add_page()
        if headers:
            draw_header()

    if headers:
        flow.ensure(head_h + line_h + 2 * PAD_Y)
        draw_header()
    for row in rows:
        cells = [
            [words for words, _ in wrap(regular, text, w - 2 * PAD_X)] for text, w in zip(row, widths, strict=True)
        ]
        remaining = max(max(len(c) for c in cells), 1)
        start = 0
        fresh = False  # just after a page break: the row must start here whatever its height
        while remaining > 0:
            fits = int((flow.room() - 2 * PAD_Y) // line_h)
            # A row moves to the next page whole when it can; only a row taller than a page is split.
            if not fresh and fits < remaining and (remaining <= full_page or fits < 2):
                new_page()
                fresh = True
                continue
            count = min(max(fits, 1), remaining)
            y = pdf.get_y()
            height = count * line_h + 2 * PAD_Y
            pdf.set_font(FAMILY, "", size)
            for x, w, cell, align in zip(xs, widths, cells, aligns, strict=True):
                pdf.rect(x, y, w, height)
                for index, words in enumerate(cell[start : start + count]):
                    flow.draw_line(
                        regular, words, x + PAD_X, y + PAD_Y + index * line_h + line_h * 0.78, w - 2 * PAD_X, align
                    )
            pdf.set_y(y + height)
            start += count
            remaining -= count
            fresh = False
            if remaining > 0:
                new_page()
                fresh = True
    flow.space(1)


def _image(flow: _Flow, block: Image) -> None:
    pdf = flow.pdf
    size = m.image_size_mm(block)
    flow.space(2)
    try:
        if size is None:
            raise ValueError("unreadable picture")
        flow.ensure(size[1])
        pdf.image(io.BytesIO(block.data), x=pdf.l_margin + (pdf.epw - size[0]) / 2, y=pdf.get_y(), w=size[0], h=size[1])
        pdf.set_y(pdf.get_y() + size[1])
    except Exception:  # noqa: BLE001 - an unreadable picture becomes a visible note, never a crash
        pdf.set_font(FAMILY, "I", 12)
        pdf.multi_cell(pdf.epw, _line_mm(12), "[Hình ảnh không đọc được]", align="C", new_x="LMARGIN", new_y="NEXT")
    if block.caption.strip():
        _centred(pdf, pdf.l_margin, pdf.epw, clean(block.caption).strip(), "I", 12)


# ---------------------------------------------------------------------------------------------------------------
# Closing: Nơi nhận (left) and signature block (right)
# ---------------------------------------------------------------------------------------------------------------


def _closing_block(pdf: FPDF, doc: OfficialDocument) -> None:
    recipients = recipient_lines(doc.recipients)
    signer = signer_lines(doc)
    name = clean(doc.signer_name).strip()
    if not recipients and not signer and not name:
        return
    half = pdf.epw / 2
    signature_gap = 25.0  # room for the signature and the seal
    needed = (
        max(
            _line_mm(m.SIZE_RECIPIENTS_LABEL) + len(recipients) * _line_mm(m.SIZE_RECIPIENTS),
            len(signer) * _line_mm(m.SIZE_SIGNER) + (signature_gap + _line_mm(m.SIZE_SIGNER) if name else 0),
        )
        + 6
    )
    if pdf.get_y() + needed > pdf.page_break_trigger and needed < pdf.eph:
        pdf.add_page()
    pdf.ln(4)
    top, page = pdf.get_y(), pdf.page
    if recipients:
        pdf.set_font(FAMILY, "BI", m.SIZE_RECIPIENTS_LABEL)
        pdf.set_x(pdf.l_margin)
        pdf.cell(half, _line_mm(m.SIZE_RECIPIENTS_LABEL), "Nơi nhận:", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FAMILY, "", m.SIZE_RECIPIENTS)
        for item in recipients:
            pdf.multi_cell(half - 4, _line_mm(m.SIZE_RECIPIENTS), item, align="L", new_x="LMARGIN", new_y="NEXT")
    left_end, left_page = pdf.get_y(), pdf.page
    pdf.page = page
    pdf.set_y(top)
    x = pdf.l_margin + half
    for line in signer:
        _centred(pdf, x, half, line, "B", m.SIZE_SIGNER)
    if name:
        pdf.set_y(pdf.get_y() + signature_gap)
        _centred(pdf, x, half, name, "B", m.SIZE_SIGNER)
    if left_page > pdf.page or (left_page == pdf.page and left_end > pdf.get_y()):
        pdf.page = left_page
        pdf.set_y(left_end)


def build_pdf(doc: OfficialDocument) -> bytes:
    """Return the document as PDF bytes in the Phụ lục I layout (Times-compatible font with Vietnamese glyphs)."""
    pdf = _new_pdf()
    _header_block(pdf, doc)
    _title_block(pdf, doc)
    flow = _Flow(pdf)
    try:
        for block in doc.body:
            if isinstance(block, Paragraph | Heading):
                _block_text(flow, block)
            elif isinstance(block, Table):
                _table(flow, block)
            elif isinstance(block, Image):
                _image(flow, block)
            else:
                _block_text(flow, Paragraph(str(block)))
        _closing_block(pdf, doc)
        return bytes(pdf.output())
    finally:
        for key in [k for k in _METRICS if k[0] == id(pdf)]:
            del _METRICS[key]
