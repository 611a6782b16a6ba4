"""DOCX built with python-docx and PDF built with fpdf2, parsed back through the same structural parser."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import matplotlib
import pytest
from fpdf import FPDF

from danvan.plans.parsing import plan_lines
from tests.plans.parsed import parse_json


def build_docx() -> bytes:
    """Write a small plan: header table, numbered lists, a task table with a merged cell, signature table."""
    document = docx.Document()
    header = document.add_table(rows=2, cols=2)
    header.cell(0, 0).text = "SỞ GD&ĐT HẢI PHÒNG\nTRƯỜNG THPT NGUYỄN KHUYẾN"
    header.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    header.cell(1, 0).text = "Số: 12/KH-THPTNK"
    header.cell(1, 1).text = "Hải Phòng, ngày 15 tháng 02 năm 2023"
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện công tác dân vận năm 2023")
    document.add_paragraph(
        "Thực hiện Kế hoạch số 09/KH-SGDĐT ngày 31 tháng 01 năm 2023 của Sở Giáo dục và Đào tạo Hải Phòng "
        "về Kế hoạch thực hiện công tác dân vận năm 2023, trường THPT Nguyễn Khuyến xây dựng kế hoạch như sau:"
    )
    document.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    document.add_paragraph("Mục đích", style="List Number")
    document.add_paragraph("Nâng cao nhận thức về công tác dân vận.", style="List Bullet")
    document.add_paragraph("Yêu cầu", style="List Number")
    document.add_paragraph("Triển khai nghiêm túc, hiệu quả.", style="List Bullet")
    document.add_paragraph("II. NHIỆM VỤ CỤ THỂ")
    table = document.add_table(rows=5, cols=5)
    for column, heading in enumerate(["STT", "Nội dung công việc", "Người chủ trì", "Đơn vị thực hiện", "Tiến độ"]):
        table.cell(0, column).text = heading
    rows = [
        ("1", "Xây dựng Kế hoạch", "Hiệu trưởng", "Văn thư", "Quý 1"),
        ("2", "Quán triệt các văn bản về công tác dân vận", "", "BGH\nBCH CĐ\nBTV Đoàn", "Quý 1, quý 2"),
        ("3", "Tiếp công dân, giải quyết đơn thư", "", "BGH, Bộ phận giúp việc", "Cả năm"),
        ("4", "Sơ kết, tổng kết", "Phó hiệu trưởng", "Các tổ CM", "trước ngày 10/12/2023"),
    ]
    for row, values in enumerate(rows, start=1):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    merged = table.cell(2, 2).merge(table.cell(3, 2))  # one "Hiệu trưởng" cell over tasks 2 and 3
    merged.text = "Hiệu trưởng"
    document.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    document.add_paragraph("Các bộ phận triển khai theo kế hoạch.", style="List Number 2")
    document.add_paragraph("Báo cáo 6 tháng gửi về Sở Giáo dục và Đào tạo trước ngày 15/6/2023.", style="List Number 2")
    document.add_paragraph("Trên đây là Kế hoạch thực hiện công tác dân vận năm 2023./.")
    signature = document.add_table(rows=1, cols=2)
    signature.cell(0, 0).text = "Nơi nhận:\n- Sở GD&ĐT Hải Phòng;\n- Lưu: VT."
    signature.cell(0, 1).text = "HIỆU TRƯỞNG\n\n\nPhạm Huy Hùng"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return build_docx()


def test_it_detects_docx_by_content_and_numbers_list_paragraphs(docx_bytes: bytes) -> None:
    lines, kind = plan_lines(docx_bytes, filename="plan.bin")
    assert kind == "docx"
    assert "1. Mục đích" in lines and "2. Yêu cầu" in lines
    assert "- Nâng cao nhận thức về công tác dân vận." in lines


def test_it_reads_the_docx_header_table(docx_bytes: bytes) -> None:
    plan = parse_json(docx_bytes)
    assert plan["issuer"] == "TRƯỜNG THPT NGUYỄN KHUYẾN"
    assert plan["number"] == "12/KH-THPTNK"
    assert plan["date"] == "2023-02-15"
    assert plan["place"] == "Hải Phòng"
    assert plan["title"] == "Thực hiện công tác dân vận năm 2023"
    assert plan["parent_plan"]["number"] == "09/KH-SGDĐT"


def test_it_reads_the_docx_task_table_with_a_merged_cell(docx_bytes: bytes) -> None:
    plan = parse_json(docx_bytes)
    tasks = plan["tasks"]
    assert [t["content"] for t in tasks] == [
        "Xây dựng Kế hoạch",
        "Quán triệt các văn bản về công tác dân vận",
        "Tiếp công dân, giải quyết đơn thư",
        "Sơ kết, tổng kết",
    ]
    assert [t["lead"] for t in tasks] == ["Hiệu trưởng", "Hiệu trưởng", "Hiệu trưởng", "Phó hiệu trưởng"]
    assert tasks[1]["units"] == ["BGH", "BCH CĐ", "BTV Đoàn"]
    assert tasks[2]["units"] == ["BGH", "Bộ phận giúp việc"]
    assert tasks[3]["periods"] == [{"start": "2023-01-01", "end": "2023-12-10"}]


def test_it_reads_sections_signature_and_deadlines_from_docx(docx_bytes: bytes) -> None:
    plan = parse_json(docx_bytes)
    assert [len(plan["sections"][k]) for k in ("purposes", "requirements", "implementation")] == [1, 1, 2]
    assert plan["report_deadlines"][0]["due"] == "2023-06-15"
    assert plan["recipients"] == ["Sở GD&ĐT Hải Phòng", "Lưu: VT"]
    assert plan["signer"] == {"name": "Phạm Huy Hùng", "position": "HIỆU TRƯỞNG"}
    assert plan["warnings"] == []


def test_it_reads_a_pdf_text_layer(seed_text: str, seed_expected: dict, score) -> None:
    # DejaVu Sans as shipped with matplotlib (a dependency): the same file, hence the same line wraps, everywhere.
    font = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("Serif", "", str(font))
    pdf.set_font("Serif", size=10)
    for line in seed_text.replace("**", "").split("\n"):
        # A PDF has no tabs: the table is drawn as text with " | " between cells and wraps like real PDFs do.
        pdf.multi_cell(0, 5, line.replace("\t", " | ") or " ", new_x="LMARGIN", new_y="NEXT")
    plan = parse_json(bytes(pdf.output()), filename="plan.pdf")
    assert plan["format"] == "pdf"
    assert [t["units"] for t in plan["tasks"]][1] == ["BGH", "BCH CĐ", "BTV Đoàn", "Các tổ CM"]
    assert score(seed_expected, plan) >= 0.99
