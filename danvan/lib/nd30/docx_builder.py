"""Write an OfficialDocument as DOCX in the Phụ lục I NĐ 30/2020 layout (python-docx plus hand-made WordprocessingML).

The body is written as WordprocessingML text and parsed in batches: python-docx's object API walks the whole table
grid on every cell access, which makes a 200-row task table take seconds; the strings take milliseconds.
"""

from __future__ import annotations

import functools
import io
import math
from xml.sax.saxutils import escape

import docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.shape import CT_Inline
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt
from lxml import etree

from . import model as m
from .model import Block, Heading, Image, OfficialDocument, Paragraph, Table, clean, upper

TWIPS_PER_MM = 1440 / 25.4
_JC = {"left": "left", "center": "center", "right": "right", "justify": "both"}
_NS = nsdecls("w")
# What the documents use of python-docx's default template: every style they write is direct formatting on top of
# Normal; the header and footer parts python-docx creates name the Header/Footer styles.
_KEPT_STYLES = {
    "Normal",
    "DefaultParagraphFont",
    "TableNormal",
    "NoList",
    "Header",
    "HeaderChar",
    "Footer",
    "FooterChar",
}
_DROPPED_PARTS = {
    RT.THUMBNAIL,
    RT.CUSTOM_XML,
    RT.WEB_SETTINGS,
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
}

# ---------------------------------------------------------------------------------------------------------------
# WordprocessingML fragments
# ---------------------------------------------------------------------------------------------------------------


def _tw(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def _run(text: str, *, size: float, bold: bool = False, italic: bool = False, underline: bool = False) -> str:
    props = []
    if bold:
        props.append("<w:b/><w:bCs/>")
    if italic:
        props.append("<w:i/><w:iCs/>")
    if underline:
        props.append('<w:u w:val="single"/>')
    half_points = round(size * 2)
    props.append(f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>')
    rpr = "<w:rPr>" + "".join(props) + "</w:rPr>"
    pieces = clean(text).split("\n")
    content = "<w:br/>".join(f'<w:t xml:space="preserve">{escape(piece)}</w:t>' for piece in pieces)
    return f"<w:r>{rpr}{content}</w:r>"


def _para(
    runs: str = "",
    *,
    align: str = "left",
    first_line_mm: float = 0,
    before_pt: float = 0,
    after_pt: float = 0,
    left_mm: float = 0,
    right_mm: float = 0,
    keep_next: bool = False,
    outline_level: int | None = None,
    exact_line_pt: float | None = None,
    bottom_border: bool = False,
    size: float = m.SIZE_BODY,
) -> str:
    ppr = []
    if keep_next:
        ppr.append("<w:keepNext/>")
    if bottom_border:
        ppr.append('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>')
    line = (
        f'w:line="{round(exact_line_pt * 20)}" w:lineRule="exact"'
        if exact_line_pt
        else 'w:line="240" w:lineRule="auto"'
    )
    ppr.append(f'<w:spacing w:before="{round(before_pt * 20)}" w:after="{round(after_pt * 20)}" {line}/>')
    if first_line_mm or left_mm or right_mm:
        ppr.append(f'<w:ind w:left="{_tw(left_mm)}" w:right="{_tw(right_mm)}" w:firstLine="{_tw(first_line_mm)}"/>')
    ppr.append(f'<w:jc w:val="{_JC.get(align, "both")}"/>')
    if outline_level is not None:
        ppr.append(f'<w:outlineLvl w:val="{outline_level}"/>')
    half_points = round(size * 2)
    ppr.append(f'<w:rPr><w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/></w:rPr>')
    return f"<w:p><w:pPr>{''.join(ppr)}</w:pPr>{runs}</w:p>"


def _estimated_width_mm(text: str, size: float, *, capitals: bool) -> float:
    # Average Times New Roman advance: about 0.68 em for bold capitals, 0.47 em for lower case.
    return len(text) * size * (0.68 if capitals else 0.47) * 25.4 / 72


def _rule(*, column_mm: float, length_mm: float) -> str:
    """Return an empty paragraph whose bottom border draws a centred horizontal line of `length_mm`.

    The paragraph is 3 pt high, so the line sits just under the descenders of the text above it.
    """
    side = max(0.0, (column_mm - length_mm) / 2)
    return _para(left_mm=side, right_mm=side, exact_line_pt=3, bottom_border=True, size=2)


def _short_rule(text: str, size: float, column_mm: float, *, capitals: bool) -> str:
    # Phụ lục I: the line under the issuing body and under the trích yếu is 1/3 to 1/2 of the text line.
    longest = max((_estimated_width_mm(line, size, capitals=capitals) for line in text.split("\n")), default=0)
    length = min(max(longest * 0.4, 15.0), column_mm * 0.5)
    return _rule(column_mm=column_mm, length_mm=length)


_NO_BORDERS = (
    "<w:tblBorders>"
    + "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    + "</w:tblBorders>"
)
_GRID_BORDERS = (
    "<w:tblBorders>"
    + "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    + "</w:tblBorders>"
)


def _table(widths_mm: list[float], rows: list[tuple[list[str], bool]], *, borders: bool) -> str:
    """Return a w:tbl; each row is (cell XML fragments, is_header_row).

    Borderless layout tables get 0.5 mm cell margins so the header lines keep nearly the whole column.
    """
    margin = 85 if borders else 28
    total = _tw(sum(widths_mm))
    tblpr = (
        f'<w:tblPr><w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
        f"{_GRID_BORDERS if borders else _NO_BORDERS}"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:left w:w="{margin}" w:type="dxa"/><w:right w:w="{margin}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="1" w:noVBand="1"/></w:tblPr>'
    )
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{_tw(w)}"/>' for w in widths_mm) + "</w:tblGrid>"
    out = [f"<w:tbl>{tblpr}{grid}"]
    for cells, header in rows:
        # Header rows repeat on each page; the rows of a layout table (header block, signature) never split.
        trpr = "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>" if header else ""
        trpr = trpr or ("" if borders else "<w:trPr><w:cantSplit/></w:trPr>")
        out.append(f"<w:tr>{trpr}")
        for width, content in zip(widths_mm, cells, strict=True):
            valign = '<w:vAlign w:val="center"/>' if header else ""
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:w="{_tw(width)}" w:type="dxa"/>{valign}</w:tcPr>{content or _para()}</w:tc>'
            )
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


# ---------------------------------------------------------------------------------------------------------------
# Document parts
# ---------------------------------------------------------------------------------------------------------------


def _header_block(doc: OfficialDocument) -> str:
    left_top = []
    if doc.issuer_superior.strip():
        left_top.append(_para(_run(upper(doc.issuer_superior), size=m.SIZE_ISSUER), align="center", size=m.SIZE_ISSUER))
    issuer = upper(doc.issuer)
    left_top.append(_para(_run(issuer, size=m.SIZE_ISSUER, bold=True), align="center", size=m.SIZE_ISSUER))
    if issuer.strip():
        left_top.append(_short_rule(issuer, m.SIZE_ISSUER, m.HEADER_LEFT_MM, capitals=True))
    right_top = [
        _para(
            _run(m.NATIONAL_TITLE, size=m.SIZE_NATIONAL_TITLE, bold=True), align="center", size=m.SIZE_NATIONAL_TITLE
        ),
        _para(_run(m.MOTTO, size=m.SIZE_MOTTO, bold=True, underline=True), align="center", size=m.SIZE_MOTTO),
    ]
    left_bottom = [
        _para(
            _run(m.number_line(doc.number, doc.symbol), size=m.SIZE_NUMBER),
            align="center",
            before_pt=6,
            size=m.SIZE_NUMBER,
        )
    ]
    if not doc.doc_type.strip() and doc.title.strip():
        # Công văn: the trích yếu follows the number, "V/v …" in size 12–13 (Phụ lục I, ô 5b).
        title = clean(doc.title).strip()
        if not title.lower().startswith("v/v"):
            title = f"V/v {title}"
        left_bottom.append(_para(_run(title, size=12), align="center", size=12))
    place_date = m.vietnamese_date(doc.place, doc.date, doc.year)
    right_bottom = [
        _para(
            _run(place_date, size=m.SIZE_PLACE_DATE, italic=True), align="center", before_pt=6, size=m.SIZE_PLACE_DATE
        )
    ]
    widths = [m.HEADER_LEFT_MM, m.HEADER_RIGHT_MM]
    return _table(
        widths,
        [(["".join(left_top), "".join(right_top)], False), (["".join(left_bottom), "".join(right_bottom)], False)],
        borders=False,
    )


def _title_block(doc: OfficialDocument) -> str:
    if not doc.doc_type.strip():
        return _para(size=m.SIZE_BODY)
    out = [
        _para(
            _run(upper(doc.doc_type), size=m.SIZE_DOC_TYPE, bold=True),
            align="center",
            before_pt=18,
            keep_next=True,
            size=m.SIZE_DOC_TYPE,
        )
    ]
    title = clean(doc.title).strip()
    if title:
        out.append(_para(_run(title, size=m.SIZE_TITLE, bold=True), align="center", keep_next=True, size=m.SIZE_TITLE))
        out.append(_short_rule(title, m.SIZE_TITLE, m.TEXT_WIDTH_MM, capitals=False))
    else:
        out.append(_short_rule(upper(doc.doc_type), m.SIZE_DOC_TYPE, m.TEXT_WIDTH_MM, capitals=True))
    return "".join(out)


def _paragraph(block: Paragraph) -> str:
    run = _run(block.text, size=m.SIZE_BODY, bold=block.bold, italic=block.italic)
    first = m.FIRST_LINE_INDENT_MM if block.indent else 0
    return _para(
        run,
        align=block.align if block.align in _JC else "justify",
        first_line_mm=first,
        before_pt=m.PARAGRAPH_SPACING_PT,
    )


def _heading(block: Heading) -> str:
    level = min(max(int(block.level), 1), 3)
    run = _run(block.text, size=m.SIZE_BODY, bold=True, italic=level == 3)
    return _para(
        run,
        align="justify",
        first_line_mm=m.FIRST_LINE_INDENT_MM,
        before_pt=m.PARAGRAPH_SPACING_PT,
        keep_next=True,
        outline_level=level - 1,
    )


def table_widths(block: Table, columns: int, total_mm: float = m.TEXT_WIDTH_MM) -> list[float]:
    """Scale the requested column widths to the text width; spread evenly when they are missing or unusable."""
    widths = [float(w) for w in (block.widths_mm or []) if isinstance(w, int | float)]
    widths = [w if math.isfinite(w) and 0.01 <= w <= 1e4 else 0.0 for w in widths]  # NaN, negative, absurd
    if len(widths) != columns or sum(widths) <= 0:
        widths = [1.0] * columns
    # Every column keeps at least 12 mm, so that "STT" in bold (and a three-digit number) fits on one line.
    floor = min(12.0, total_mm / columns)
    scale = total_mm / sum(widths)
    widths = [max(w * scale, floor) for w in widths]
    scale = total_mm / sum(widths)
    return [w * scale for w in widths]


def table_cells(block: Table) -> tuple[list[str], list[list[str]], int]:
    """Return headers and rows padded to the same number of columns, and that number."""
    columns = max([len(block.headers), *(len(row) for row in block.rows)], default=0)
    headers = [clean(h) for h in block.headers] + [""] * (columns - len(block.headers)) if block.headers else []
    rows = [[clean(c) for c in row] + [""] * (columns - len(row)) for row in block.rows]
    return headers, rows, columns


def _is_ordinal_header(text: str) -> bool:
    return text.strip().upper() in {"STT", "TT", "SỐ TT"}


def _table_block(block: Table) -> str:
    headers, rows, columns = table_cells(block)
    if columns == 0:
        return ""
    widths = table_widths(block, columns)
    centred = [bool(headers) and _is_ordinal_header(h) for h in headers] if headers else [False] * columns
    out: list[tuple[list[str], bool]] = []
    size = m.SIZE_TABLE
    if headers:
        out.append(
            (
                [
                    _para(_run(h, size=size, bold=True), align="center", before_pt=2, after_pt=2, size=size)
                    for h in headers
                ],
                True,
            )
        )
    for row in rows:
        out.append(
            (
                [
                    _para(
                        _run(c, size=size), align="center" if centred[i] else "left", before_pt=2, after_pt=2, size=size
                    )
                    for i, c in enumerate(row)
                ],
                False,
            )
        )
    return _table(widths, out, borders=True) + _para(size=6, exact_line_pt=6)


def _closing_block(doc: OfficialDocument) -> str:
    left = []
    if doc.recipients:
        left.append(
            _para(
                _run("Nơi nhận:", size=m.SIZE_RECIPIENTS_LABEL, bold=True, italic=True),
                before_pt=12,
                size=m.SIZE_RECIPIENTS_LABEL,
            )
        )
        for item in recipient_lines(doc.recipients):
            left.append(_para(_run(item, size=m.SIZE_RECIPIENTS), size=m.SIZE_RECIPIENTS))
    right = []
    size = m.SIZE_SIGNER
    for index, line in enumerate(signer_lines(doc)):
        right.append(_para(_run(line, size=size, bold=True), align="center", before_pt=0 if index else 12, size=size))
    if doc.signer_name.strip():
        right.append(_para(size=size, exact_line_pt=size * 4.5))  # room for the signature and the seal
        right.append(_para(_run(clean(doc.signer_name).strip(), size=size, bold=True), align="center", size=size))
    if not left and not right:
        return ""
    return _table(
        [m.TEXT_WIDTH_MM * 0.5, m.TEXT_WIDTH_MM * 0.5], [(["".join(left), "".join(right)], False)], borders=False
    )


def recipient_lines(recipients: list[str]) -> list[str]:
    """Return "- Sở GD&ĐT Hải Phòng;" … "- Lưu: VT." (a dash before, ";" after, "." after the last)."""
    items = [clean(r).strip() for r in recipients]
    items = [i for i in items if i]
    out = []
    for index, item in enumerate(items):
        if not item.startswith(("-", "+", "–")):
            item = f"- {item}"
        item = item.rstrip(";.,")
        out.append(item + ("." if index == len(items) - 1 else ";"))
    return out


def signer_lines(doc: OfficialDocument) -> list[str]:
    """Return the authority ("KT. HIỆU TRƯỞNG") and position lines of the signature block in capitals."""
    return [upper(text).strip() for text in (doc.signer_authority, doc.signer_position) if text.strip()]


# ---------------------------------------------------------------------------------------------------------------
# Document setup
# ---------------------------------------------------------------------------------------------------------------


def _set_fonts(rpr: BaseOxmlElement) -> None:
    for child in rpr.findall(qn("w:rFonts")):
        rpr.remove(child)
    fonts = parse_xml(
        f'<w:rFonts {_NS} w:ascii="{m.FONT_NAME}" w:hAnsi="{m.FONT_NAME}" w:eastAsia="{m.FONT_NAME}" w:cs="{m.FONT_NAME}"/>'
    )
    rpr.insert(0, fonts)
    for child in rpr.findall(qn("w:lang")):
        rpr.remove(child)
    rpr.append(parse_xml(f'<w:lang {_NS} w:val="vi-VN" w:eastAsia="vi-VN" w:bidi="ar-SA"/>'))


def _setup_styles(document: DocxDocument) -> None:
    styles = document.styles
    defaults = styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        if rpr is not None:
            _set_fonts(rpr)
    normal = styles["Normal"]
    normal.font.name = m.FONT_NAME
    normal.font.size = Pt(m.SIZE_BODY)
    _set_fonts(normal.element.get_or_add_rPr())
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)


def _setup_page(document: DocxDocument) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width = Mm(m.PAGE_WIDTH_MM)
    section.page_height = Mm(m.PAGE_HEIGHT_MM)
    section.top_margin = Mm(m.MARGIN_TOP_MM)
    section.bottom_margin = Mm(m.MARGIN_BOTTOM_MM)
    section.left_margin = Mm(m.MARGIN_LEFT_MM)
    section.right_margin = Mm(m.MARGIN_RIGHT_MM)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)
    # Phụ lục I: page numbers centred in the top margin, none on the first page.
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    size = m.SIZE_PAGE_NUMBER * 2
    rpr = f'<w:rPr><w:sz w:val="{size}"/><w:szCs w:val="{size}"/></w:rPr>'
    field = parse_xml(
        f'<w:p {_NS}><w:pPr><w:jc w:val="center"/></w:pPr>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
        f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
        f"<w:r>{rpr}<w:t>2</w:t></w:r>"
        f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    paragraph._p.addprevious(field)
    paragraph._p.getparent().remove(paragraph._p)
    section.first_page_header.is_linked_to_previous = False


_MARKER = "nd30-body"


class _Body:
    """Collect the body as WordprocessingML text and install it with a single parse.

    Parsing fragments and moving them into python-docx's tree costs lxml a namespace fix-up per node (half a
    second for a 200-row table); one parse of the whole document part takes a few milliseconds.
    """

    def __init__(self, document: DocxDocument) -> None:
        self.document = document
        self.parts: list[str] = []
        self.shape_id = 0

    def add(self, xml: str) -> None:
        if xml:
            self.parts.append(xml)

    def image(self, block: Image) -> None:
        size = m.image_size_mm(block)
        try:
            if size is None:
                raise ValueError("unreadable picture")
            rid, image = self.document.part.get_or_add_image(io.BytesIO(block.data))
            self.shape_id += 1
            inline = CT_Inline.new_pic_inline(self.shape_id, rid, image.filename, Mm(size[0]), Mm(size[1]))
            run = f"<w:r><w:drawing>{etree.tostring(inline, encoding='unicode')}</w:drawing></w:r>"
        except Exception:  # noqa: BLE001 - any unreadable picture becomes a visible note, never a crash
            run = _run("[Hình ảnh không đọc được]", size=m.SIZE_BODY, italic=True)
        self.add(_para(run, align="center", before_pt=m.PARAGRAPH_SPACING_PT))
        if block.caption.strip():
            self.add(_para(_run(block.caption, size=12, italic=True), align="center", size=12))

    def install(self) -> None:
        """Replace the document part's XML with the skeleton plus the collected body."""
        root = self.document.element
        body = root.body
        section = body.find(qn("w:sectPr"))
        section_xml = etree.tostring(section, encoding="unicode") if section is not None else ""
        for child in list(body):
            body.remove(child)
        body.append(etree.Comment(_MARKER))
        skeleton = etree.tostring(root, encoding="unicode")
        document_xml = skeleton.replace(f"<!--{_MARKER}-->", "".join(self.parts) + section_xml, 1)
        # python-docx keeps the part's XML in `_element` and serialises it on save; no public setter exists.
        self.document.part._element = parse_xml(document_xml)


@functools.cache
def _template() -> bytes:
    """Return python-docx's default template without the parts and styles no document of ours uses.

    The default carries 164 styles (350 KB of styles.xml), a 440 KB stylesWithEffects part for Word 2010, a
    thumbnail and custom XML: reading them and compressing them again took some 15 ms of the ~20 ms a letter costs
    to build. Built once per process from the installed python-docx (nothing is stored in the repository).
    """
    document = docx.Document()
    for part in (document.part.package, document.part):
        for rid, rel in list(part.rels.items()):
            if rel.reltype in _DROPPED_PARTS:
                part.rels.pop(rid)
    styles = document.styles.element
    for child in list(styles):
        if child.tag == qn("w:latentStyles") or (
            child.tag == qn("w:style") and child.get(qn("w:styleId")) not in _KEPT_STYLES
        ):
            styles.remove(child)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def build_docx(doc: OfficialDocument) -> bytes:
    """Return the document as DOCX bytes: A4, Phụ lục I margins, Times New Roman, header block, page numbers."""
    document = docx.Document(io.BytesIO(_template()))
    _setup_styles(document)
    _setup_page(document)
    body = _Body(document)
    body.add(_header_block(doc))
    body.add(_title_block(doc))
    for block in doc.body:
        body_block(body, block)
    body.add(_closing_block(doc))
    body.install()
    out = io.BytesIO()
    document.part.save(out)
    return out.getvalue()


def body_block(body: _Body, block: Block) -> None:
    """Append one block of the body."""
    if isinstance(block, Heading):
        body.add(_heading(block))
    elif isinstance(block, Table):
        body.add(_table_block(block))
    elif isinstance(block, Image):
        body.image(block)
    elif isinstance(block, Paragraph):
        body.add(_paragraph(block))
    else:
        body.add(_paragraph(Paragraph(str(block))))
