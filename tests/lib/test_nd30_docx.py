"""The DOCX builder follows Phụ lục I NĐ 30/2020: page, fonts, header block, tables, closing, page numbers."""

from __future__ import annotations

import io
import zipfile

from docx.oxml.ns import qn
from docx.shared import Mm

from danvan.lib.nd30 import Image, OfficialDocument, Table, build_docx

from .conftest import read_docx, sample_document, tiny_png


def _all_text(document) -> str:
    """Return the text of every paragraph of the body, inside tables too."""
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in document.element.body.iter(qn("w:p")))


def test_it_lays_out_an_a4_page_with_the_phu_luc_i_margins(document):
    section = read_docx(build_docx(document)).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.1)
    assert abs(section.page_height - Mm(297)) < Mm(0.1)
    # Word stores margins in twentieths of a point, so millimetres come back rounded to 0.02 mm.
    assert 20 <= round(section.top_margin.mm, 1) <= 25
    assert 20 <= round(section.bottom_margin.mm, 1) <= 25
    assert 30 <= round(section.left_margin.mm, 1) <= 35
    assert 15 <= round(section.right_margin.mm, 1) <= 20


def test_it_sets_times_new_roman_on_the_styles_including_east_asian_text(document):
    docx_document = read_docx(build_docx(document))
    normal = docx_document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        assert fonts.get(qn(attribute)) == "Times New Roman"
    assert fonts.get(qn("w:asciiTheme")) is None  # a theme font would win over the explicit name
    defaults = docx_document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert defaults.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14


def test_it_prints_the_header_block_as_a_borderless_two_column_table(document):
    docx_document = read_docx(build_docx(document))
    header = docx_document.tables[0]
    assert len(header.columns) == 2
    left, right = header.cell(0, 0), header.cell(0, 1)
    assert "SỞ GD&ĐT HẢI PHÒNG" in left.text
    assert "TRƯỜNG THPT NGUYỄN KHUYẾN" in left.text
    issuer_run = next(r for p in left.paragraphs for r in p.runs if r.text == "TRƯỜNG THPT NGUYỄN KHUYẾN")
    superior_run = next(r for p in left.paragraphs for r in p.runs if r.text == "SỞ GD&ĐT HẢI PHÒNG")
    assert issuer_run.bold and not superior_run.bold
    national = next(r for p in right.paragraphs for r in p.runs if r.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    motto = next(r for p in right.paragraphs for r in p.runs if r.text == "Độc lập - Tự do - Hạnh phúc")
    assert national.bold and 12 <= national.font.size.pt <= 13
    assert motto.bold and motto.underline and 13 <= motto.font.size.pt <= 14
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"nil"}
    # The number and the place-date share the second row, as in the Phụ lục I layout.
    assert header.cell(1, 0).text == "Số: 12/KH-THPTNK"
    date_run = header.cell(1, 1).paragraphs[0].runs[0]
    assert date_run.text == "Hải Phòng, ngày 31 tháng 01 năm 2023"
    assert date_run.italic


def test_it_leaves_room_for_the_number_when_there_is_none():
    docx_document = read_docx(build_docx(sample_document(number=None)))
    assert docx_document.tables[0].cell(1, 0).text == "Số:      /KH-THPTNK"


def test_it_centres_the_type_name_and_the_title_in_bold(document):
    docx_document = read_docx(build_docx(document))
    paragraphs = {p.text: p for p in docx_document.paragraphs}
    for text in ("KẾ HOẠCH", "Thực hiện công tác dân vận năm 2023"):
        paragraph = paragraphs[text]
        assert paragraph.alignment == 1  # WD_ALIGN_PARAGRAPH.CENTER
        assert all(run.bold for run in paragraph.runs)
        assert paragraph.runs[0].font.size.pt == 14


def test_it_justifies_body_paragraphs_with_a_first_line_indent(document):
    docx_document = read_docx(build_docx(document))
    body = next(p for p in docx_document.paragraphs if p.text.startswith("Thực hiện Kế hoạch số 09"))
    assert body.alignment == 3  # WD_ALIGN_PARAGRAPH.JUSTIFY
    assert Mm(10) <= body.paragraph_format.first_line_indent <= Mm(12.7)
    heading = next(p for p in docx_document.paragraphs if p.text == "I. MỤC ĐÍCH, YÊU CẦU")
    assert heading.runs[0].bold
    level_three = next(p for p in docx_document.paragraphs if p.text == "a) Ghi chú")
    assert level_three.runs[0].bold and level_three.runs[0].italic


def test_it_writes_tables_with_borders_and_a_bold_header_row_repeated_on_each_page(document):
    docx_document = read_docx(build_docx(document))
    table = docx_document.tables[1]
    assert [c.text for c in table.rows[0].cells] == [
        "STT",
        "Nội dung",
        "Lãnh đạo chủ trì",
        "Bộ phận phụ trách",
        "Thời gian",
    ]
    assert table.rows[2].cells[3].text == "BGH, Bộ phận giúp việc"
    assert all(run.bold for cell in table.rows[0].cells for p in cell.paragraphs for run in p.runs)
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert table.rows[1]._tr.trPr is None or table.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.get(qn("w:val")) for b in borders} == {"single"}
    widths = [float(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(widths) / 1440 * 25.4 - 165) < 1  # the text width between the margins


def test_it_closes_with_the_recipients_and_the_signature_block(document):
    docx_document = read_docx(build_docx(document))
    closing = docx_document.tables[-1]
    left, right = closing.cell(0, 0), closing.cell(0, 1)
    label = left.paragraphs[0].runs[0]
    assert label.text == "Nơi nhận:" and label.bold and label.italic and label.font.size.pt == 12
    items = [p.text for p in left.paragraphs[1:]]
    assert items == ["- Sở GD&ĐT Hải Phòng;", "- Phó hiệu trưởng;", "- Lưu: VT."]
    assert left.paragraphs[1].runs[0].font.size.pt == 11
    lines = [p.text for p in right.paragraphs if p.text]
    assert lines == ["KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "Phạm Huy Hùng"]
    assert all(p.runs[0].bold for p in right.paragraphs if p.text)


def test_it_numbers_pages_in_the_header_except_the_first(document):
    section = read_docx(build_docx(document)).sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
    assert 'w:fldCharType="begin"' in header_xml
    assert section.header.paragraphs[0].alignment == 1
    assert not "".join(p.text for p in section.first_page_header.paragraphs).strip()


def test_it_embeds_images_as_pictures(document):
    docx_document = read_docx(build_docx(document))
    assert len(docx_document.inline_shapes) == 1
    assert abs(docx_document.inline_shapes[0].width - Mm(40)) < Mm(0.5)
    assert any(p.text == "Hình 1. Sơ đồ tổ chức" for p in docx_document.paragraphs)
    assert any(part.partname.endswith(".png") for part in docx_document.part.package.parts)


def test_it_replaces_an_unreadable_picture_with_a_note():
    docx_document = read_docx(build_docx(sample_document(body=[Image(b"not a png", 30)])))
    assert any("Hình ảnh không đọc được" in p.text for p in docx_document.paragraphs)


def test_it_puts_the_subject_of_a_cong_van_under_the_number():
    letter = sample_document(doc_type="", symbol="THPTNK-VT", title="Tăng cường công tác tiếp công dân")
    docx_document = read_docx(build_docx(letter))
    assert docx_document.tables[0].cell(1, 0).text == "Số: 12/THPTNK-VT\nV/v Tăng cường công tác tiếp công dân"
    assert "KẾ HOẠCH" not in _all_text(docx_document)


def test_it_keeps_all_the_text_of_a_minimal_document():
    docx_document = read_docx(build_docx(OfficialDocument(issuer="Trường THCS A")))
    assert "TRƯỜNG THCS A" in _all_text(docx_document)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _all_text(docx_document)


def test_it_pads_ragged_table_rows_to_the_widest_row():
    table = Table(headers=["A"], rows=[["1", "2", "3"], []], widths_mm=[10])
    docx_document = read_docx(build_docx(sample_document(body=[table])))
    grid = docx_document.tables[1]
    assert len(grid.columns) == 3
    assert [c.text for c in grid.rows[1].cells] == ["1", "2", "3"]


def test_it_uses_a_png_helper_that_makes_valid_images():
    assert tiny_png().startswith(b"\x89PNG")


def test_it_scales_a_very_tall_picture_to_fit_the_page():
    docx_document = read_docx(build_docx(sample_document(body=[Image(tiny_png(2, 400), width_mm=160)])))
    shape = docx_document.inline_shapes[0]
    assert round(shape.height.mm) == 200
    assert round(shape.width.mm, 1) == 1.0


def test_a_one_page_letter_carries_only_the_parts_it_uses():
    """A letter e-mailed to a citizen or stored with a petition is a few kilobytes, not python-docx's 40 KB
    template (164 unused styles, a Word 2010 styles copy, a thumbnail), and still opens with its fonts."""
    data = build_docx(sample_document())
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
    assert len(data) < 20_000
    assert not {"word/stylesWithEffects.xml", "docProps/thumbnail.jpeg"} & names
    assert not [n for n in names if n.startswith("customXml/")]
    styles = read_docx(data).styles
    assert styles["Normal"].font.name == "Times New Roman"
