"""Layouts of real plans the parser met only in the field (issue #14), each on a synthetic fixture of our own."""

from __future__ import annotations

from pathlib import Path

import pytest

from danvan.plans.parsing import plan_lines
from danvan.plans.parsing.prepass import prepass
from danvan.plans.parsing.references import cited_title, references_in
from danvan.plans.parsing.reports import find_deadlines
from danvan.plans.parsing.tasks import header_roles, labelled_fields
from danvan.plans.parsing.units import UnitSplitter
from tests.plans.parsed import parse_json

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def parse(name: str) -> dict:
    """Parse a fixture as the import does, read as `danvan plan parse` prints it."""
    path = FIXTURES / f"{name}.txt"
    return parse_json(path.read_bytes(), filename=path.name)


def tasks_of(plan: dict) -> list[tuple[str, str | None, list[str], str | None]]:
    """Return (first five words of the content, lead, units, timing) of each task."""
    return [(" ".join(t["content"].split()[:5]), t["lead"], t["units"], t["timing"]) for t in plan["tasks"]]


@pytest.fixture(scope="module")
def site_copy() -> dict:
    return parse("legal_site_copy")


def test_a_plan_copied_from_a_legal_site_keeps_its_number_date_issuer_and_parent(site_copy: dict) -> None:
    assert site_copy["number"] == "45/KH-PGDĐT"
    assert site_copy["date"] == "2025-09-12"
    # The header cells were bold spans wrapped over two lines: each cell is one body again.
    assert site_copy["issuer"] == "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO"
    assert site_copy["issuer_superior"] == "ỦY BAN NHÂN DÂN HUYỆN AN LÃO"
    assert site_copy["title"] == "THỰC HIỆN CÔNG TÁC DÂN VẬN NĂM HỌC 2025 - 2026"
    assert (site_copy["parent_plan"]["number"], site_copy["parent_plan"]["date"]) == ("112/KH-UBND", "2025-08-20")


def test_a_signature_block_in_a_table_gives_recipients_position_and_signer(site_copy: dict) -> None:
    assert site_copy["recipients"] == ["UBND huyện (b/c)", "Các trường MN, TH, THCS", "Lưu: VT"]
    assert site_copy["signer"] == {"name": "Trần Văn Bình", "position": "KT. TRƯỞNG PHÒNG / PHÓ TRƯỞNG PHÒNG"}


def test_field_lines_inline_fields_and_a_lead_in_brackets_each_give_who_and_when(site_copy: dict) -> None:
    assert tasks_of(site_copy) == [
        (
            "Tuyên truyền, quán triệt các",
            "Phòng Giáo dục và Đào tạo",
            ["Các trường mầm non", "Các trường tiểu học, trung học cơ sở"],
            "Quý IV năm 2025",
        ),
        ("Thực hiện quy chế dân", "Công đoàn ngành", [], "quý 1 năm 2026"),
        ('Tổ chức hội thi "Dân', "Trường THCS An Lão", [], "tháng 3/2026"),
    ]
    assert site_copy["tasks"][0]["periods"] == [{"start": "2025-10-01", "end": "2025-12-31"}]
    assert [d["due"] for d in site_copy["report_deadlines"]] == ["2026-05-15"]


def test_the_prepass_blanks_site_boilerplate_and_keeps_every_line_where_it_was() -> None:
    lines, _ = plan_lines((FIXTURES / "legal_site_copy.txt").read_bytes())
    cleaned = prepass(lines)
    assert len(cleaned) == len(lines)  # warnings still point at the pasted text's lines
    text = "\n".join(cleaned)
    for gone in ("Đang tải", "Số hiệu", "Loại văn bản", "Ngày ban hành", "Bản quyền", "**", "|"):
        assert gone not in text
    number_line = next(i for i, line in enumerate(lines) if line.strip() == "Số:")
    assert cleaned[number_line] == "Số: 45/KH-PGDĐT"  # the wrapped cell joined onto its first line
    assert cleaned[number_line + 1] == ""


def test_hard_wrapped_paragraphs_of_converter_text_are_joined_but_headings_in_capitals_are_not() -> None:
    raw = [
        "**I. MỤC",
        "ĐÍCH**",
        "",
        "Thực hiện Quyết định số",
        "1850/QĐ-TTg ngày 27/8/2025 của Thủ tướng",
        "Chính phủ về",
        "việc triển khai thi hành Luật.",
        "",
        "- Cơ quan thực hiện: Sở Khoa",
        "học và Công nghệ; các sở,",
        "ngành liên quan.",
        "",
        "ỦY BAN NHÂN DÂN",
        "TỈNH LAI CHÂU",
        "|",
        "x",
        "|",
    ]
    cleaned = prepass(raw)
    assert cleaned[0] == "I. MỤC ĐÍCH"
    assert cleaned[3] == (
        "Thực hiện Quyết định số 1850/QĐ-TTg ngày 27/8/2025 của Thủ tướng Chính phủ về việc triển khai thi hành Luật."
    )
    assert cleaned[8] == "- Cơ quan thực hiện: Sở Khoa học và Công nghệ; các sở, ngành liên quan."
    assert cleaned[12:14] == ["ỦY BAN NHÂN DÂN", "TỈNH LAI CHÂU"]


def test_clean_text_is_left_alone_by_the_prepass() -> None:
    lines = ["KẾ HOẠCH", "Tuyên truyền năm 2024", "1. Treo băng rôn", "thật đẹp.", "Căn cứ Luật", "số 10/2022/QH15."]
    assert prepass(lines) == lines  # no converter marks: wrapping is left to the layout rules


def test_an_appendix_table_after_the_signature_is_the_task_list_with_its_columns() -> None:
    plan = parse("appendix_task_table")
    # "Người chỉ đạo" directs, "Đơn vị chủ trì" leads, "Cơ quan phối hợp" helps, "Sản phẩm" is not imported.
    assert tasks_of(plan) == [
        ("Rà soát, nâng cấp đường", "Tổ Văn phòng", ["Tổ Toán - Tin", "Tổ Ngữ văn - Lịch sử"], "Quý IV/2025"),
        ("Xây dựng kho học liệu", "Tổ Toán - Tin", ["Các tổ chuyên môn"], "Tháng 3/2026"),
    ]
    assert [t["group"] for t in plan["tasks"]] == ["I HẠ TẦNG SỐ", "II DẠY HỌC SỐ"]
    assert not [w for w in plan["warnings"] if "sau chữ ký" in w["message"]]
    assert plan["signer"]["name"] == "Lê Thị Hoa"


def test_government_column_names_have_their_roles() -> None:
    assert header_roles(
        [
            "STT",
            "Tên nhiệm vụ",
            "Người chỉ đạo",
            "Đơn vị chủ trì",
            "Cơ quan phối hợp",
            "Thời gian hoàn thành",
            "Sản phẩm",
        ]
    ) == ["no", "content", "note", "lead", "units", "timing", "note"]
    assert header_roles(["TT", "Nội dung", "Người chỉ đạo", "Thời gian"]) == ["no", "content", "lead", "timing"]


@pytest.mark.parametrize(
    "cell, units",
    [
        ("Tổ Toán - Tin; Tổ Ngữ văn - Lịch sử", ["Tổ Toán - Tin", "Tổ Ngữ văn - Lịch sử"]),
        ("Sở Văn hóa, Thể thao và Du lịch; Sở Tư pháp", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Tư pháp"]),
        ("Các sở, ngành; Ủy ban nhân dân các xã, phường", ["Các sở, ngành", "Ủy ban nhân dân các xã, phường"]),
        ("Báo Lai Châu và các sở, ngành có liên quan", ["Báo Lai Châu", "các sở, ngành có liên quan"]),
        ("BGH - Công đoàn", ["BGH", "Công đoàn"]),
        ("Đội ngũ giáo viên", ["Đội ngũ giáo viên"]),
        ("Sở Y tế, Sở Nội vụ", ["Sở Y tế", "Sở Nội vụ"]),
        ("Phó Hiệu trưởng Nguyễn Minh Trí", ["Phó Hiệu trưởng Nguyễn Minh Trí"]),
        ("Giáo viên phụ trách công tác Đoàn và Tổ Tư vấn", ["Giáo viên phụ trách công tác Đoàn", "Tổ Tư vấn"]),
    ],
)
def test_unit_names_keep_their_hyphens_and_commas(cell: str, units: list[str]) -> None:
    assert UnitSplitter().split(cell) == units


@pytest.mark.parametrize(
    "text, fields",
    [
        (
            "Tổ chức hội nghị viên chức (Công đoàn chủ trì; quý 4).",
            ("Tổ chức hội nghị viên chức", "Công đoàn", [], "quý 4"),
        ),
        (
            "Ngày hội đọc sách (Thư viện chủ trì, phối hợp với Liên đội, GVCN; tháng 4/2025)",
            ("Ngày hội đọc sách", "Thư viện", ["Liên đội", "GVCN"], "tháng 4/2025"),
        ),
        (
            "Rà soát văn bản. Cơ quan chủ trì: Sở Tư pháp; Thời gian: Quý IV/2025.",
            ("Rà soát văn bản", "Sở Tư pháp", [], "Quý IV/2025"),
        ),
        (
            "Hoạt động 1 - Nội dung: Triển khai Tháng hành động. - Cơ quan thực hiện: Sở Nội vụ chủ trì, phối hợp với "
            "các sở, ngành.",
            ("Triển khai Tháng hành động", "Sở Nội vụ", ["các sở, ngành"], None),
        ),
        (
            "Kiểm tra. Cơ quan thực hiện: Sở Tài chính. Thời gian hoàn thành: Tháng 12/2025",
            ("Kiểm tra", "Sở Tài chính", [], "Tháng 12/2025"),
        ),
    ],
)
def test_inline_lead_and_timing(text: str, fields: tuple) -> None:
    assert labelled_fields(text, UnitSplitter()) == fields


def test_a_task_under_a_body_heading_names_its_partners() -> None:
    plan = parse_json(
        "KẾ HOẠCH\nCông tác dân số năm 2025\n\nII. NỘI DUNG THỰC HIỆN\n1. Sở Y tế\n"
        "a) Chủ trì, phối hợp với Sở Tư pháp và các cơ quan liên quan tổ chức phổ biến pháp luật.\n"
        "b) Tham mưu kiện toàn Ban Chỉ đạo.\n2. Sở Tài chính: Bố trí kinh phí thực hiện Kế hoạch.\n"
    )
    assert tasks_of(plan) == [
        ("Chủ trì, phối hợp với", "Sở Y tế", ["Sở Tư pháp", "các cơ quan liên quan"], None),
        ("Tham mưu kiện toàn Ban", "Sở Y tế", [], None),
        ("Bố trí kinh phí thực", "Sở Tài chính", [], None),
    ]


def test_a_decision_issuing_a_plan_reads_the_plan_attached_after_its_signature() -> None:
    plan = parse("decision_issuing_plan")
    assert (plan["number"], plan["date"]) == ("210/QĐ-UBND", "2025-10-03")
    assert plan["issuer"] == "ỦY BAN NHÂN DÂN XÃ THUẬN AN"
    assert plan["title"] == "Triển khai Đề án “Xây dựng xã hội học tập giai đoạn 2021 - 2030” trên địa bàn xã"
    # The parent approved the Đề án the plan's title repeats; the law and the directive are bases.
    assert plan["parent_plan"]["number"] == "1373/QĐ-TTg"
    assert [t["content"][:20] for t in plan["tasks"]] == [
        "Tuyên truyền về xây ",
        "Củng cố Trung tâm họ",
        "Phát động phong trào",
    ]
    assert plan["signer"]["name"] == "Phạm Văn Long"


def test_headings_that_name_a_body_give_the_lead_of_the_tasks_under_them_at_any_depth() -> None:
    plan = parse("nested_tasks_by_body")
    assert tasks_of(plan) == [
        ("Phân công nhiệm vụ cụ", "Ban Giám hiệu", [], None),
        ("Duy trì chế độ giao", "Ban Giám hiệu", [], None),
        ("Nắm chắc hoàn cảnh, tâm", None, ["Giáo viên chủ nhiệm", "Tổ Tư vấn tâm lý học đường"], None),
        ("Tổ chức diễn đàn “Nói", "Đoàn trường", [], None),
        ("Thành lập đội thanh niên", "Đoàn trường", [], None),
        # "a) … :" with "-" details is one task; "4.1." groups, "4.2." is a task with its own fields.
        ("Thông tin kịp thời cho", None, [], None),
        ("Tổ chức họp cha mẹ", None, [], None),
        ("Phối hợp với Công an", "Đoàn trường", ["Công an xã"], "tháng 10/2025"),
    ]


def test_a_page_of_a_document_sharing_site_loses_its_html_and_keeps_the_plan() -> None:
    plan = parse("document_sharing_page")
    assert (plan["number"], plan["date"]) == ("07/KH-CĐ", "2024-09-15")
    assert plan["issuer"] == "CĐCS TRƯỜNG TIỂU HỌC AN PHÚ"
    assert plan["parent_plan"]["number"] == "21/HD-CĐGD"
    assert tasks_of(plan) == [
        ("Tổ chức Hội nghị cán", "Công đoàn", [], "tháng 10/2024"),
        ("Phát động phong trào thi", "Ban Chấp hành", [], "học kỳ I"),
    ]
    assert not any("<" in w["message"] for w in plan["warnings"])


def test_a_cited_title_runs_through_its_quotation_marks() -> None:
    text = (
        "Căn cứ Kế hoạch số 12/KH-UBND ngày 01/3/2025 của UBND huyện về triển khai phong trào thi đua "
        "“Dân vận khéo” giai đoạn 2025 - 2030; Công văn số 5/PGD ngày 02/3/2025 của Phòng GD&ĐT."
    )
    ref = references_in(text, 1)[0]
    assert ref.title == "triển khai phong trào thi đua “Dân vận khéo” giai đoạn 2025 - 2030"
    assert cited_title("về việc triển khai “Năm Giáo dục vùng khó khăn” năm học 2013 - 2014; Kế hoạch số") == (
        "triển khai “Năm Giáo dục vùng khó khăn” năm học 2013 - 2014"
    )


def test_a_citation_inside_another_ones_subject_is_not_the_parent() -> None:
    plan = parse_json(
        "KẾ HOẠCH\nChuyển đổi số trong doanh nghiệp năm 2025\n\n"
        "Thực hiện Kế hoạch số 283/KH-UBND ngày 24/9/2025 của Ủy ban nhân dân tỉnh về thực hiện Nghị quyết số "
        "71/NQ-CP ngày 01/4/2025 của Chính phủ và Chương trình hành động số 10-CTr/TU ngày 13/8/2025 của Tỉnh ủy;\n\n"
        "I. NHIỆM VỤ\n1. Khảo sát mức độ chuyển đổi số.\n"
    )
    assert plan["parent_plan"]["number"] == "283/KH-UBND"
    assert {r["number"] for r in plan["legal_refs"]} == {"283/KH-UBND", "71/NQ-CP", "10-CTr/TU"}


def test_report_deadlines_chained_spelt_and_in_the_timing_sentence() -> None:
    found = find_deadlines(
        [
            (1, "Các sở định kỳ trước ngày 01/6 và 15/11 hằng năm báo cáo kết quả về Sở Kế hoạch."),
            (2, "Định kỳ trước ngày 30 tháng 11 hàng năm báo cáo kết quả thực hiện về UBND tỉnh."),
            (3, "Tổng hợp, báo cáo kết quả kiểm kê gửi Bộ Tài chính. Thời gian hoàn thành: Trước ngày 31/5/2026."),
        ],
        2025,
    )
    assert [d["due"] for d in found] == ["2025-06-01", "2025-11-15", "2025-11-30", "2026-05-31"]


def test_the_issuers_own_plan_is_the_parent_and_a_regulation_never_is() -> None:
    plan = parse_json(
        "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP\nSố: 552/KH-UBND\nĐồng Tháp, ngày 02 tháng 12 năm 2025\n\nKẾ HOẠCH\n"
        "Đổi mới công nghệ đến năm 2035\n\n"
        "Căn cứ Chương trình hành động số 10-CTr/TU ngày 13/8/2025 của Ban Thường vụ Tỉnh ủy về khoa học;\n"
        "Căn cứ Kế hoạch số 283/KH-UBND ngày 24/9/2025 của UBND tỉnh về chuyển đổi số;\n\n"
        "I. NHIỆM VỤ\n1. Khảo sát.\n"
    )
    assert plan["parent_plan"]["number"] == "283/KH-UBND"
    cell = parse_json(
        "CHI BỘ MẦM NON\nKẾ HOẠCH\nHoạt động chi bộ năm 2020\n\n"
        "Căn cứ Quy định số 50-QĐ/TW ngày 27/12/2016 của Ban Bí thư Trung ương Đảng về chức năng của chi bộ;\n\n"
        "I. NHIỆM VỤ\n1. Sinh hoạt chi bộ hằng tháng.\n"
    )
    assert cell["parent_plan"]["number"] is None
