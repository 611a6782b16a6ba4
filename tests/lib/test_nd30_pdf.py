"""The PDF builder prints the same Phụ lục I layout, in a font with Vietnamese glyphs, checked on the rendered page."""

from __future__ import annotations

import io
from pathlib import Path

import matplotlib
import pypdfium2
import pytest
from pypdf import PdfReader

from danvan.lib.nd30 import Heading, Image, OfficialDocument, Paragraph, Table, build_pdf, pdf_builder
from danvan.lib.nd30 import fonts as nd30_fonts

from .conftest import sample_document, tiny_png
from .pdf_helpers import Ink, find_run, page_text, text_runs

LONG_TEXT = (
    "Tập trung nâng cao chất lượng giải quyết đơn thư khiếu nại, tố cáo của công dân; nhất là những vụ việc "
    "phức tạp, khó giải quyết liên quan đến nhiều đối tượng, phạm vi, tạo sự đồng thuận trong xã hội. "
)


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return build_pdf(sample_document())


@pytest.fixture(scope="module")
def long_pdf() -> bytes:
    rows = [[str(i), LONG_TEXT, "Hiệu trưởng", "BGH, BCH CĐ", "Quý 1"] for i in range(1, 40)]
    body = [Paragraph(LONG_TEXT * 3), Table(["STT", "Nội dung", "Chủ trì", "Phụ trách", "Thời gian"], rows)]
    return build_pdf(sample_document(body=body))


def test_it_renders_vietnamese_text_that_can_be_extracted(pdf_bytes):
    text = page_text(pdf_bytes)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "TRƯỜNG THPT NGUYỄN KHUYẾN",
        "Số: 12/KH-THPTNK",
        "Hải Phòng, ngày 31 tháng 01 năm 2023",
        "KẾ HOẠCH",
        "Thực hiện công tác dân vận năm 2023",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Nơi nhận:",
        "- Lưu: VT.",
        "KT. HIỆU TRƯỞNG",
        "Phạm Huy Hùng",
        "Xây dựng Kế hoạch",
    ):
        assert expected in text
    # Justified lines keep their spaces: words do not run together when the text is extracted or copied.
    assert "mối quan hệ giữa cơ quan hành chính" in " ".join(text.split())


def test_it_prints_a_blank_number_for_the_clerk():
    assert "Số:      /KH-THPTNK" in page_text(build_pdf(sample_document(number=None)))


def test_it_places_the_national_title_right_of_the_issuer_and_above_the_type_name(pdf_bytes):
    runs = text_runs(pdf_bytes)
    national = find_run(runs, "CỘNG HÒA")
    issuer = find_run(runs, "TRƯỜNG THPT NGUYỄN KHUYẾN")
    doc_type = find_run(runs, "KẾ HOẠCH")
    number = find_run(runs, "Số: 12/KH-THPTNK")
    place_date = find_run(runs, "Hải Phòng, ngày")
    assert national.x_mm > issuer.x_mm + 30
    assert national.y_mm < doc_type.y_mm
    assert abs(national.y_mm - issuer.y_mm) < 8  # the two header columns start on the same band
    assert abs(number.y_mm - place_date.y_mm) < 1  # Số and the date share one line
    assert place_date.x_mm > number.x_mm
    assert doc_type.y_mm < find_run(runs, "I. MỤC ĐÍCH").y_mm


def test_it_draws_the_first_page_in_the_phu_luc_i_regions(pdf_bytes):
    ink = Ink(pdf_bytes)
    # Issuing body top left, Quốc hiệu top right, within the 20 mm top margin band.
    assert ink.region(30, 18, 100, 40) > 500
    assert ink.region(105, 18, 195, 40) > 500
    assert ink.region(0, 0, 210, 19) == 0  # nothing above the top margin on page 1 (no page number)
    # The type name and the title are centred under the header: ink in the middle of the band, none at its sides.
    runs = text_runs(pdf_bytes)
    top, bottom = find_run(runs, "KẾ HOẠCH").y_mm - 5, find_run(runs, "Thực hiện công tác").y_mm + 1.5
    assert 40 < top < bottom < 70
    assert ink.region(105, top, 120, bottom) > 200
    assert ink.region(30, top, 60, bottom) == 0
    assert ink.region(165, top, 195, bottom) == 0
    # Body text starts at the 30 mm left margin; nothing in the left 25 mm strip nor past the 15 mm right margin.
    assert ink.region(29.5, 70, 31.5, 250) > 50
    assert ink.region(0, 0, 25, 297) == 0
    assert ink.region(195.5, 0, 210, 297) == 0


def test_it_numbers_pages_after_the_first_in_the_top_margin(long_pdf):
    first, second = text_runs(long_pdf, 0), text_runs(long_pdf, 1)
    assert not [r for r in first if r.y_mm < 18]
    numbers = [r for r in second if r.y_mm < 18]
    assert [r.text for r in numbers] == ["2"]
    assert 95 < numbers[0].x_mm < 125  # centred over the text block


def test_it_repeats_the_table_header_on_every_page(long_pdf):
    pages = PdfReader(io.BytesIO(long_pdf)).pages
    assert len(pages) >= 3
    with_table = [p.extract_text() for p in pages[1:] if "Hiệu trưởng" in p.extract_text()]
    assert with_table and all("STT" in text and "Nội dung" in text for text in with_table)


def test_it_keeps_text_inside_the_margins_on_every_page(long_pdf):
    for index in range(len(pypdfium2.PdfDocument(long_pdf))):
        ink = Ink(long_pdf, index, scale=1)
        assert ink.region(0, 0, 29, 297) == 0
        assert ink.region(195.5, 0, 210, 297) == 0
        assert ink.region(0, 278, 210, 297) == 0  # the bottom margin stays empty


def test_it_splits_a_table_row_taller_than_a_page():
    table = Table(["STT", "Nội dung"], [["1", LONG_TEXT * 40]], widths_mm=[12, 153])
    data = build_pdf(OfficialDocument(issuer="Trường A", body=[table]))
    assert "tạo sự đồng thuận" in page_text(data)
    assert len(text_runs(data, 1)) > 10


def test_it_shrinks_header_lines_that_a_wider_font_would_overflow(monkeypatch):
    # DejaVu Serif is some 20% wider than Times New Roman: were the faces ever swapped, the Quốc hiệu must still fit.
    mpl = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    names = {"": "", "B": "-Bold", "I": "-Italic", "BI": "-BoldItalic"}
    wide = nd30_fonts.FontFamily("DejaVuSerif", {s: mpl / f"DejaVuSerif{n}.ttf" for s, n in names.items()})
    monkeypatch.setattr(pdf_builder, "serif_family", lambda: wide)
    data = build_pdf(sample_document())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page_text(data)
    ink = Ink(data)
    assert ink.region(0, 0, 29, 297) == 0
    assert ink.region(195.5, 0, 210, 297) == 0


def test_it_prints_headings_bold_and_paragraph_text_regular(pdf_bytes):
    fonts_used = set()

    def visit(text, cm, tm, font_dict, font_size):
        if text.strip() and font_dict:
            fonts_used.add((text.strip()[:12], str(font_dict.get("/BaseFont"))))

    PdfReader(io.BytesIO(pdf_bytes)).pages[0].extract_text(visitor_text=visit)
    by_text = dict(fonts_used)
    assert "Bold" in by_text["I. MỤC ĐÍCH,"]
    assert "Bold" in by_text["CỘNG HÒA XÃ "]
    assert "Italic" in by_text["Hải Phòng, n"]


def test_it_survives_a_document_with_only_headings():
    data = build_pdf(OfficialDocument(issuer="", body=[Heading("I. A"), Heading("x", 9), Paragraph("")]))
    assert data.startswith(b"%PDF")


def test_it_survives_a_table_header_taller_than_a_page():
    table = Table([LONG_TEXT * 30, "B"], [["1", "2"], ["3", LONG_TEXT * 30]])
    data = build_pdf(OfficialDocument(issuer="Trường A", body=[table]))
    assert "tạo sự đồng thuận" in page_text(data)


def test_it_survives_tables_without_header_or_cells():
    body = [Table([], [["chỉ có dòng"]]), Table([], []), Table([], [[]]), Table(["A", "B"], [])]
    assert "chỉ có dòng" in page_text(build_pdf(OfficialDocument(issuer="Trường A", body=body)))


def test_it_scales_a_very_tall_picture_to_fit_the_page():
    body = [Paragraph("Trước hình."), Image(tiny_png(2, 400), width_mm=160, caption="Hình cao")]
    data = build_pdf(OfficialDocument(issuer="Trường A", body=body))

    for index in range(len(pypdfium2.PdfDocument(data))):
        assert Ink(data, index, scale=1).region(0, 278, 210, 297) == 0
    assert "Hình cao" in page_text(data)


def test_a_narrow_ordinal_column_keeps_stt_on_one_line():
    table = Table(["STT", "Nội dung"], [["1", LONG_TEXT]], widths_mm=[5, 160])
    text = page_text(build_pdf(OfficialDocument(issuer="Trường A", body=[table])))
    assert "STT" in text.split()
