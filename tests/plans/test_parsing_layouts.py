"""Layout families met in real plans, each kept by a synthetic fixture in fixtures/ (paraphrased, structure kept)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from danvan.plans.parsing.flattened import unflatten_tables
from tests.plans.parsed import parse_json

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCORED = sorted(p.name.removesuffix(".expected.json") for p in FIXTURES.glob("*.expected.json"))


def parse(name: str) -> dict:
    path = next(p for p in (FIXTURES / f"{name}.txt", FIXTURES / f"{name}.pdf") if p.exists())
    return parse_json(path.read_bytes(), filename=path.name)


def test_it_rebuilds_a_table_that_pdf_extraction_flattened_to_one_cell_per_line() -> None:
    plan = parse("flattened_pdf_table")
    assert [t["no"] for t in plan["tasks"]] == ["1", "2", "3"]
    first, second, third = plan["tasks"]
    assert first["content"] == "Ban hành kế hoạch dân vận của nhà trường năm học 2024 - 2025"
    assert (first["lead"], first["units"], first["timing"]) == ("Hiệu trưởng", ["Văn thư"], "Tháng 9/2024")
    assert second["units"] == ["GVCN", "Kế toán"]
    assert second["periods"] == [{"start": "2024-09-01", "end": "2024-10-31"}]
    assert third["lead"] == "Chủ tịch Công đoàn"
    assert third["periods"] == [{"start": "2024-09-01", "end": "2025-05-31"}]


def test_it_reads_the_header_variants_of_a_pdf_plan() -> None:
    plan = parse("flattened_pdf_table")
    assert plan["number"] == "88/KH-THPT.LS"
    assert plan["date"] == "2024-09-09"
    assert plan["place"] == "Thanh Hóa"
    assert plan["recipients"] == ["Sở GD&ĐT (b/c)", "Công đoàn", "Lưu: VT"]
    assert plan["signer"] == {"name": "Đặng Quốc Việt", "position": "TM. BAN GIÁM HIỆU / HIỆU TRƯỞNG"}


def test_it_keeps_cells_in_place_when_a_flattened_row_has_an_empty_cell() -> None:
    plan = parse("flattened_wrapped_heading_groups")
    tasks = {t["no"]: t for t in plan["tasks"]}
    assert sorted(tasks) == ["1", "2", "3", "4"]
    assert (tasks["2"]["lead"], tasks["2"]["units"], tasks["2"]["timing"]) == ("Phó hiệu trưởng", [], "Tháng 10/2024")
    assert tasks["3"]["timing"] == "Thường xuyên"  # the page number "2" between rows is not a cell
    assert tasks["4"]["content"] == "Tổng hợp kết quả tiếp công dân, xử lý đơn thư"
    assert tasks["1"]["group"] == "I Chuẩn bị" and tasks["3"]["group"] == "II Thực hiện"


def test_unflatten_leaves_ordinary_lines_alone() -> None:
    lines = ["1. Xây dựng kế hoạch", "- Tuyên truyền", "TT", "không phải bảng"]
    assert unflatten_tables(lines) == lines


def test_labelled_lines_are_fields_of_the_task_above_and_sub_items_are_details() -> None:
    plan = parse("labelled_list_tasks")
    assert [t["content"][:30] for t in plan["tasks"]] == [
        "Phổ biến quy chế dân chủ đến v",
        "Tổ chức Hội nghị viên chức đầu",
        "Rà soát quy chế chi tiêu nội b",
        "Giám sát việc thực hiện dân ch",
    ]
    first, second, third, fourth = plan["tasks"]
    assert first["units"] == ["Hiệu trưởng", "Chủ tịch Công đoàn"]
    assert first["timing"] == "Tháng 9/2024"
    assert "Lấy ý kiến ở tổ chuyên môn" in second["content"]
    assert second["units"] == ["BGH", "BCH Công đoàn"] and second["timing"] == "Tháng 10/2024"
    assert third["periods"] == [{"start": "2024-09-01", "end": "2025-05-31"}]
    assert fourth["timing"] == "Theo kế hoạch của Phòng" and fourth["periods"] == []
    assert not any("Thời gian" in w["message"] for w in plan["warnings"])


def test_it_reads_a_party_cell_plan_with_tab_columns() -> None:
    plan = parse("party_cell_tabs")
    assert plan["number"] == "07-KH/CB"
    assert plan["issuer"] == "CHI BỘ TRƯỜNG THCS AN BIÊN"
    assert plan["issuer_superior"] == "ĐẢNG BỘ PHƯỜNG AN BIÊN"
    assert plan["parent_plan"]["number"] == "18-KH/ĐU"
    assert [t["lead"] for t in plan["tasks"]] == ["Bí thư chi bộ", "Phó Bí thư chi bộ", "Bí thư chi bộ"]
    assert plan["recipients"] == ["Đảng ủy phường (b/c)", "Đảng viên chi bộ", "Lưu chi bộ"]
    assert plan["signer"] == {"name": "Hoàng Văn Sơn", "position": "T/M CHI BỘ / BÍ THƯ"}


def test_it_reads_a_web_copy_whose_header_columns_were_joined() -> None:
    plan = parse("one_space_header_basis_bullets")
    assert plan["issuer"] == "CĐCS TRƯỜNG THCS MỸ HÒA"
    assert plan["date"] == "2023-10-14"
    assert plan["place"] is None
    assert [r["number"] for r in plan["legal_refs"]] == ["05 KH/BCĐ", "41/KH-LĐLĐ"]
    assert plan["parent_plan"]["number"] == "41/KH-LĐLĐ"


def test_it_reads_a_web_article_with_a_sentence_case_title() -> None:
    plan = parse("web_article_sentence_title")
    assert plan["title"].startswith("Kế hoạch hoạt động Liên đội")
    assert plan["year"] == 2023
    assert plan["issuer"] == "Ban chỉ huy Liên đội trường TH&THCS A.B. Yersin"


def test_it_reads_a_markdown_export_with_a_header_table_and_group_rows() -> None:
    plan = parse("markdown_header_table")
    assert plan["number"] == "1180/KH-SGDĐT"
    assert plan["year"] == 2024
    assert [t["no"] for t in plan["tasks"]] == ["1", "2", "3"]
    assert plan["tasks"][2]["units"] == ["Phòng Tổ chức cán bộ", "Văn phòng Sở"]


@pytest.mark.parametrize("name", SCORED)
def test_the_scorer_passes_every_layout_fixture(name: str, score) -> None:
    expected = json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))
    assert score(expected, parse(name)) >= 0.95


def test_the_layout_fixtures_score_high_on_average(score) -> None:
    results = [
        score(json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8")), parse(name))
        for name in SCORED
    ]
    assert len(results) >= 7
    assert sum(results) / len(results) >= 0.99


def test_a_web_listing_title_names_the_plan_itself_not_a_cited_document() -> None:
    plan = parse("web_listing_title_number")
    assert (plan["number"], plan["date"]) == ("27-KH/ĐTN", "2024-03-04")
    assert plan["issuer"] == "Đoàn trường THPT Trần Phú"
    assert [r["number"] for r in plan["legal_refs"]] == ["15-KH/HĐTN"]
    assert plan["parent_plan"]["number"] == "15-KH/HĐTN"


def test_a_header_block_printed_after_the_title_is_still_the_header() -> None:
    plan = parse("web_header_after_title")
    assert (plan["number"], plan["date"], plan["place"]) == ("95/KH-UBND", "2023-03-14", "Yên Bái")
    assert plan["parent_plan"]["number"] == "61/KH-UBND"
    assert plan["sections"]["purposes"] == ["Duy trì kết quả phổ cập giáo dục mầm non cho trẻ 5 tuổi."]


def test_it_splits_table_rows_that_pypdf_joined_on_one_line() -> None:
    plan = parse("pypdf_joined_rows")
    assert [t["no"] for t in plan["tasks"]] == ["1", "2", "3", "4"]
    first, second, third, fourth = plan["tasks"]
    assert (first["content"], first["lead"], first["units"], first["timing"]) == (
        "Ban hành kế hoạch",
        "Hiệu trưởng",
        ["Văn thư"],
        "Quý 1",
    )
    assert second["units"] == ["BGH", "BCH CĐ", "Đoàn trường"] and second["timing"] == "Quý 1, quý 2"
    assert third["units"] == ["BGH", "Tổ tiếp dân"] and third["timing"] == "Cả năm"
    assert (fourth["lead"], fourth["units"]) == ("Hiệu trưởng", ["Phó hiệu trưởng phụ trách"])


def test_it_finds_the_timing_between_the_content_and_the_people() -> None:
    plan = parse("pypdf_timing_before_people")
    assert [(t["content"], t["timing"], t["units"]) for t in plan["tasks"]] == [
        ("Họp cha mẹ trẻ đầu năm", "Tháng 9/2024", ["BGH", "GV các lớp"]),
        ("Tổ chức Hội nghị viên chức năm học 2024 - 2025", "Tháng 10/2024", ["BGH", "Công đoàn"]),
        ("Kiểm tra việc công khai tài chính", "Theo kế hoạch của Phòng", ["Ban TTND"]),
        ("Tập huấn quy chế dân chủ", "Từ tháng 11 đến tháng 12", ["Phó hiệu trưởng"]),
    ]


def test_it_reads_a_word_table_exported_to_pdf_by_an_office_suite() -> None:
    plan = parse("libreoffice_word_table")
    assert plan["format"] == "pdf"
    assert [(t["no"], t["lead"], t["timing"]) for t in plan["tasks"]] == [
        ("1", "Hiệu trưởng", "Quý 1"),
        ("2", "Hiệu trưởng", "Quý 1, quý 2"),
        ("3", "Hiệu trưởng", "Cả năm"),
        ("4", "Hiệu trưởng", "Quý 2, Quý 4"),
    ]
    # The people cells of row 2 are printed between two halves of its content; both halves stay in the content.
    assert plan["tasks"][1]["content"].endswith("đẩy mạnh công tác dân vận trong tình hình mới")
    assert plan["tasks"][1]["units"] == ["BGH", "BCH CĐ", "Đoàn trường"]
    assert [r["number"] for r in plan["legal_refs"]] == ["11/KH-SGDĐT", "23-QĐ/TW", "07-CT/TU"]


def test_it_reads_group_rows_and_a_timing_column_before_the_people_from_a_pdf() -> None:
    plan = parse("libreoffice_timing_groups")
    assert [t["group"] for t in plan["tasks"]] == ["I Công khai"] * 2 + ["II Hội nghị và đối thoại"] * 3
    fourth = plan["tasks"][3]
    # pypdf joined the first line of every cell of row 4; the rest of the content and of the people follow.
    assert fourth["content"] == "Đối thoại giữa Hiệu trưởng với viên chức, người lao động"
    assert (fourth["timing"], fourth["units"]) == ("Học kỳ II", ["Hiệu trưởng", "Chủ tịch Công đoàn"])
    assert plan["tasks"][0]["units"] == ["Kế toán", "Thủ quỹ"]


def test_it_reads_a_pdf_table_whose_first_column_is_the_timing() -> None:
    plan = parse("libreoffice_timing_first")
    assert [(t["timing"], t["units"]) for t in plan["tasks"]] == [
        ("Tháng 9/2024", ["Phó trưởng phòng", "Tổ THCS"]),
        ("Tuần 2 tháng 11/2024", ["Các trường THCS"]),
        ("Từ 02/01/2025 đến 10/01/2025", ["Tổ THCS", "Bộ phận khảo thí"]),
        ("Tháng 5/2025", ["Các trường"]),
    ]
    assert plan["tasks"][0]["content"] == "Khảo sát chất lượng đầu năm học các môn Toán, Ngữ văn, Tiếng Anh"


def test_a_leading_unit_and_its_partners_joined_on_one_line_are_told_apart() -> None:
    plan = parse("libreoffice_unit_leads")
    assert [(t["lead"], t["units"]) for t in plan["tasks"]] == [
        ("Văn phòng Sở", ["Các phòng chuyên môn"]),
        ("Văn phòng Sở", ["Thanh tra Sở"]),
        ("Thanh tra Sở", ["Phòng Tổ chức cán bộ"]),
    ]


def test_inline_fields_that_wrap_onto_a_new_line_stay_with_their_lettered_task() -> None:
    plan = parse("lettered_items_inline_fields")
    assert [(t["no"], t["timing"], t["units"]) for t in plan["tasks"]] == [
        ("a", "Hằng tuần", ["GVCN"]),
        ("b", "Tháng 5/2025", ["Tổng phụ trách Đội"]),
        ("a", "Tháng 8/2024", ["Phó hiệu trưởng", "Bảo vệ"]),
    ]
    assert [t["group"] for t in plan["tasks"]] == ["1. Tuyên truyền"] * 2 + ["2. Bảo đảm cơ sở vật chất"]


def test_wrapped_timings_and_an_empty_partner_cell_in_a_pdf_table() -> None:
    plan = parse("libreoffice_person_in_charge")
    assert [(t["lead"], t["units"], t["timing"]) for t in plan["tasks"]] == [
        ("Hiệu trưởng", ["Văn thư"], "Trước 30/9/2024"),
        ("Hiệu trưởng", ["Ban TTND", "Chủ tịch Công đoàn"], "Thường xuyên"),
        ("Phó hiệu trưởng", [], "Cả năm học"),
        ("Phó hiệu trưởng", ["Văn thư"], "Tháng 12/2024, tháng 5/2025"),
    ]
    assert plan["tasks"][2]["content"] == "Mở sổ theo dõi, xử lý đơn thư; lưu trữ hồ sơ"


def test_it_finds_the_rows_of_a_pdf_table_without_a_number_column() -> None:
    plan = parse("libreoffice_unnumbered_table")
    assert [t["no"] for t in plan["tasks"]] == ["1", "2", "3", "4"]
    assert [(t["lead"], t["timing"]) for t in plan["tasks"]] == [
        ("Hiệu trưởng", "Trước 30/9/2024"),
        ("Hiệu trưởng", "Thường xuyên"),
        ("Phó hiệu trưởng", "Cả năm học"),
        ("Phó hiệu trưởng", "Tháng 12/2024, tháng 5/2025"),
    ]
    assert plan["tasks"][3]["content"] == "Báo cáo kết quả tiếp công dân, xử lý đơn thư"
