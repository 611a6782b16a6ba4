"""A plan dictionary becomes the Nghị định 30 document of a school plan."""

from __future__ import annotations

import datetime
import io

import docx

from danvan.lib.nd30 import Heading, Paragraph, Table
from danvan.plans.export import export_plan_docx, export_plan_pdf, plan_document

PLAN = {
    "kind": "KH",
    "title": "Thực hiện công tác dân vận năm 2023",
    "year": 2023,
    "issuer": "Trường THPT Nguyễn Khuyến",
    "number": "12/KH-THPTNK",
    "date": "2023-02-03",
    "place": "Hải Phòng",
    "parent_plan": {"number": "09/KH-SGDĐT", "date": "2023-01-31", "issuer": "Sở Giáo dục và Đào tạo Hải Phòng"},
    "sections": {
        "purposes": ["Nâng cao nhận thức về công tác dân vận."],
        "requirements": ["Triển khai nghiêm túc, hiệu quả."],
        "regular_tasks": ["Tuyên truyền, quán triệt các quy định."],
        "implementation": ["Các bộ phận xây dựng kế hoạch.", "Báo cáo 6 tháng trước ngày 15 tháng 6 năm 2023."],
    },
    "tasks": [
        {
            "no": "1",
            "content": "Xây dựng Kế hoạch",
            "lead": "Hiệu trưởng",
            "units": ["Văn thư"],
            "timing": "Quý 1",
            "periods": [{"start": "2023-01-01", "end": "2023-03-31"}],
        },
        {
            "no": "2",
            "content": "Tiếp công dân",
            "lead": "Hiệu trưởng",
            "units": ["BGH", "Bộ phận giúp việc"],
            "timing": None,
            "periods": [{"start": "2023-01-01", "end": "2023-12-31"}],
        },
    ],
    "legal_refs": [],
    "report_deadlines": [
        {"name": "Báo cáo 6 tháng", "due": "2023-06-15", "to": "Sở Giáo dục và Đào tạo"},
        {"name": "Báo cáo năm", "due": "2023-12-10", "to": "Sở Giáo dục và Đào tạo"},
    ],
    "recipients": ["Sở GD&ĐT Hải Phòng", "Lưu: VT"],
    "signer": {"name": "Phạm Huy Hùng", "position": "Hiệu trưởng"},
}


def _texts(doc) -> list[str]:
    return [block.text for block in doc.body if isinstance(block, Paragraph | Heading)]


def test_it_fills_the_header_components_from_the_plan():
    doc = plan_document(PLAN, issuer_superior="SỞ GD&ĐT HẢI PHÒNG")
    assert (doc.issuer, doc.issuer_superior) == ("Trường THPT Nguyễn Khuyến", "SỞ GD&ĐT HẢI PHÒNG")
    assert (doc.number, doc.symbol) == ("12", "KH-THPTNK")
    assert (doc.place, doc.date, doc.year) == ("Hải Phòng", datetime.date(2023, 2, 3), 2023)
    assert (doc.doc_type, doc.title) == ("KẾ HOẠCH", "Thực hiện công tác dân vận năm 2023")
    assert doc.recipients == ["Sở GD&ĐT Hải Phòng", "Lưu: VT"]
    assert (doc.signer_authority, doc.signer_position, doc.signer_name) == ("", "HIỆU TRƯỞNG", "Phạm Huy Hùng")


def test_it_builds_the_symbol_from_the_issuer_code_for_an_unnumbered_plan():
    doc = plan_document({**PLAN, "number": None, "date": None}, issuer_code="THPTNK", place="Hải Phòng")
    assert (doc.number, doc.symbol, doc.date, doc.year) == (None, "KH-THPTNK", None, 2023)


def test_a_deputy_signs_on_behalf_of_the_principal():
    doc = plan_document({**PLAN, "signer": {"name": "Nguyễn Văn A", "position": "Phó hiệu trưởng"}})
    # Điều 13 NĐ 30/2020: "KT." (ký thay) above the deputy's own position.
    assert (doc.signer_authority, doc.signer_position) == ("KT. HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG")


def test_it_accepts_a_signer_given_as_a_bare_name():
    doc = plan_document({**PLAN, "signer": "Phạm Huy Hùng"})
    assert (doc.signer_position, doc.signer_name) == ("", "Phạm Huy Hùng")


def test_it_writes_the_usual_plan_body():
    texts = _texts(plan_document(PLAN))
    assert texts[0] == (
        "Thực hiện Kế hoạch số 09/KH-SGDĐT ngày 31 tháng 01 năm 2023 của Sở Giáo dục và Đào tạo Hải Phòng, "
        "trường THPT Nguyễn Khuyến xây dựng kế hoạch thực hiện công tác dân vận năm 2023, cụ thể như sau:"
    )
    assert texts[1:8] == [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "- Nâng cao nhận thức về công tác dân vận.",
        "2. Yêu cầu",
        "- Triển khai nghiêm túc, hiệu quả.",
        "II. NỘI DUNG NHIỆM VỤ",
        "1. Nhiệm vụ thường xuyên",
    ]
    assert "2. Nhiệm vụ cụ thể" in texts
    third = texts.index("III. TỔ CHỨC THỰC HIỆN")
    assert texts[third + 1 : third + 3] == [
        "1. Các bộ phận xây dựng kế hoạch.",
        "2. Báo cáo 6 tháng trước ngày 15 tháng 6 năm 2023.",
    ]
    assert texts[-1].startswith("Trên đây là Kế hoạch thực hiện công tác dân vận năm 2023")


def test_it_lists_the_tasks_in_the_five_column_table():
    table = next(block for block in plan_document(PLAN).body if isinstance(block, Table))
    assert table.headers == [
        "STT",
        "Nội dung",
        "Lãnh đạo chủ trì",
        "Bộ phận phụ trách",
        "Thời gian thực hiện và hoàn thành",
    ]
    assert table.rows[0] == ["1", "Xây dựng Kế hoạch", "Hiệu trưởng", "Văn thư", "Quý 1"]
    # Units joined by ", "; timing written from the periods when the plan gives none.
    assert table.rows[1] == ["2", "Tiếp công dân", "Hiệu trưởng", "BGH, Bộ phận giúp việc", "01/01/2023 - 31/12/2023"]


def test_it_adds_a_reporting_section_only_for_deadlines_not_already_stated():
    texts = _texts(plan_document(PLAN))
    assert "IV. CHẾ ĐỘ THÔNG TIN BÁO CÁO" in texts
    assert "- Báo cáo năm trước ngày 10 tháng 12 năm 2023 về Sở Giáo dục và Đào tạo." in texts
    assert not [t for t in texts if t.startswith("- Báo cáo 6 tháng")]  # item 2 of III already says it


def test_it_renumbers_sections_when_some_are_missing():
    plan = {
        **PLAN,
        "parent_plan": None,
        "report_deadlines": [],
        "sections": {"purposes": [], "requirements": [], "regular_tasks": [], "implementation": ["Làm."]},
    }
    texts = _texts(plan_document(plan))
    assert [t for t in texts if t[:3] in ("I. ", "II.", "III")] == ["I. NỘI DUNG NHIỆM VỤ", "II. TỔ CHỨC THỰC HIỆN"]
    assert "1. Nhiệm vụ cụ thể" in texts
    assert not texts[0].startswith("Thực hiện")


def test_it_exports_docx_and_pdf_bytes():
    data = export_plan_docx(PLAN, issuer_superior="SỞ GD&ĐT HẢI PHÒNG")
    document = docx.Document(io.BytesIO(data))
    assert document.tables[0].cell(1, 0).text == "Số: 12/KH-THPTNK"
    assert document.tables[0].cell(1, 1).text == "Hải Phòng, ngày 03 tháng 02 năm 2023"
    assert export_plan_pdf(PLAN).startswith(b"%PDF")


def test_it_exports_an_empty_plan_without_crashing():
    assert export_plan_docx({}).startswith(b"PK")
    assert export_plan_pdf({"tasks": None, "sections": None, "signer": None}).startswith(b"%PDF")
