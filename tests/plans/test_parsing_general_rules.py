"""General rules added for plans the parser had never seen: timings, numbers, header dates, units, tails."""

from __future__ import annotations

import time

import pytest

from danvan.plans.parsing.header import parse_header
from danvan.plans.parsing.outline import TASKS, classify_heading
from danvan.plans.parsing.references import find_numbers, normalise_number
from danvan.plans.parsing.signature import read_tail
from danvan.plans.parsing.tasks import Warnings, header_roles
from danvan.plans.parsing.timing import TimeContext, periods_for
from danvan.plans.parsing.units import UnitSplitter
from tests.plans.parsed import parse_json

SCHOOL_YEAR = TimeContext(2024, True)
CALENDAR = TimeContext(2024)


def spans(timing: str, ctx: TimeContext) -> list[tuple[str, str]]:
    return [(a.isoformat(), b.isoformat()) for a, b in periods_for(timing, ctx)]


@pytest.mark.parametrize(
    ("timing", "ctx", "expected"),
    [
        ("Tháng 9/2024 – tháng 5/2025", SCHOOL_YEAR, [("2024-09-01", "2025-05-31")]),
        ("05-9-2024", SCHOOL_YEAR, [("2024-09-05", "2024-09-05")]),
        ("05.9.2024", SCHOOL_YEAR, [("2024-09-05", "2024-09-05")]),
        ("Tháng 8, 9/2024", SCHOOL_YEAR, [("2024-08-01", "2024-08-31"), ("2024-09-01", "2024-09-30")]),
        ("Năm học 2024-2025", CALENDAR, [("2024-09-01", "2025-05-31")]),
        ("Dịp 20/11", SCHOOL_YEAR, [("2024-11-20", "2024-11-20")]),
        ("Đến 30/9", CALENDAR, [("2024-01-01", "2024-09-30")]),
        ("Quý III", SCHOOL_YEAR, [("2025-07-01", "2025-09-30")]),
        ("Quý III", CALENDAR, [("2024-07-01", "2024-09-30")]),
        ("Theo kế hoạch của Sở", SCHOOL_YEAR, []),
    ],
)
def test_it_turns_more_timing_wordings_into_periods(timing, ctx, expected) -> None:
    assert spans(timing, ctx) == expected


def test_a_quarter_never_ends_before_it_starts_in_a_school_year() -> None:
    for timing in ("Quý 1", "Quý 2", "Quý 3", "Quý 4", "Quý 3-4"):
        assert all(a <= b for a, b in spans(timing, SCHOOL_YEAR))


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Số: 125/KH-THPT.NK", ["125/KH-THPT.NK"]),
        ("theo Kế hoạch số 298 KH/TWĐTN ngày 14/7/2011", ["298 KH/TWĐTN"]),
        ("Quyết định số 23-QĐ/TW. Tiếp tục", ["23-QĐ/TW"]),
        ("Quyết định số 23-QĐ/TW.Tiếp tục", ["23-QĐ/TW"]),
        ("Số 12-KH/CB", ["12-KH/CB"]),
        ("có 298 KH/TWĐTN", []),
    ],
)
def test_it_reads_school_suffixes_and_party_numbers_without_a_hyphen(text, numbers) -> None:
    assert [normalise_number(m) for m in find_numbers(text)] == numbers


@pytest.mark.parametrize(
    ("lines", "date", "place"),
    [
        (["Nghĩa Đàn, ngày 05/9/2024"], "2024-09-05", "Nghĩa Đàn"),
        ([", Ngày 10 tháng 11 năm 2009"], "2009-11-10", None),
        (["| Số: 12/KH-SGDĐT | Quảng Ninh, ngày 30 tháng 12 năm 2023 |"], "2023-12-30", "Quảng Ninh"),
    ],
)
def test_it_reads_numeric_placeless_and_table_header_dates(lines, date, place) -> None:
    header = parse_header(lines)
    assert (header.date, header.place) == (date, place)


def test_it_cuts_the_motto_off_a_header_line_whose_columns_were_joined() -> None:
    header = parse_header(
        [
            "PHÒNG GD&ĐT KRÔNG NÔ CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "TRƯỜNG TIỂU HỌC KIM ĐỒNG Độc lập – Tự do – Hạnh phúc",
        ]
    )
    assert (header.superior, header.issuer) == ("PHÒNG GD&ĐT KRÔNG NÔ", "TRƯỜNG TIỂU HỌC KIM ĐỒNG")


def test_a_person_in_charge_column_is_the_lead_and_a_second_lead_column_the_units() -> None:
    assert header_roles(["TT", "Nội dung", "Đồng chí phụ trách", "Thời gian"]) == ["no", "content", "lead", "timing"]
    assert header_roles(["TT", "Nội dung", "Lãnh đạo chủ trì", "Người phụ trách", "Thời gian"]) == [
        "no",
        "content",
        "lead",
        "units",
        "timing",
    ]


def test_rank_words_stay_with_the_unit_they_qualify() -> None:
    splitter = UnitSplitter()
    assert splitter.split("Hiệu trưởng, Chủ tịch Công đoàn") == ["Hiệu trưởng", "Chủ tịch Công đoàn"]
    assert splitter.split("Phó Bí thư chi bộ") == ["Phó Bí thư chi bộ"]
    assert splitter.split("BGH BCH CĐ BTV Đoàn Các tổ CM") == ["BGH", "BCH CĐ", "BTV Đoàn", "Các tổ CM"]


def test_recipients_written_on_one_line_are_split() -> None:
    tail = read_tail(["Nơi nhận: - Sở GD&ĐT (b/c); - BGH; - Lưu: VT.", "HIỆU TRƯỞNG", "", "Lê Văn Tâm"], 1, Warnings())
    assert tail.recipients == ["Sở GD&ĐT (b/c)", "BGH", "Lưu: VT"]
    assert tail.name == "Lê Văn Tâm"


def test_a_basis_bullet_before_the_first_heading_can_name_the_parent() -> None:
    plan = parse_json(
        "PHÒNG GD&ĐT KRÔNG NÔ\nTRƯỜNG TIỂU HỌC KIM ĐỒNG\n"
        "KẾ HOẠCH\nKiểm tra nội bộ năm học 2024 - 2025\n"
        "- Căn cứ Hướng dẫn số 12/HD-PGDĐT ngày 20/8/2024 của Phòng GD&ĐT;\n"
        "- Thực hiện Kế hoạch năm học của nhà trường.\n"
        "I. MỤC ĐÍCH\n1. Đánh giá đúng thực trạng.\n"
    )
    assert plan["parent_plan"]["number"] == "12/HD-PGDĐT"
    assert plan["sections"]["purposes"] == ["Đánh giá đúng thực trạng."]


def test_a_task_bullet_starting_with_thuc_hien_is_still_a_task() -> None:
    plan = parse_json(
        "KẾ HOẠCH\nCông tác tháng 9\nII. NHIỆM VỤ CỤ THỂ\n- Thực hiện tốt việc đón học sinh.\n- Tổ chức khai giảng.\n"
    )
    assert [t["content"] for t in plan["tasks"]] == ["Thực hiện tốt việc đón học sinh.", "Tổ chức khai giảng."]


def test_part_headings_head_sections_like_roman_numerals() -> None:
    plan = parse_json(
        "KẾ HOẠCH\nCông tác pháp chế năm học 2024-2025\n"
        "PHẦN I. MỤC ĐÍCH, YÊU CẦU\n- Nâng cao hiệu quả công tác pháp chế.\n"
        "PHẦN II. NỘI DUNG\nB. NHIỆM VỤ CỤ THỂ\n- Rà soát văn bản quản lý.\n- Kiểm tra việc công khai.\n"
        "PHẦN III. TỔ CHỨC THỰC HIỆN\n1. Bộ phận Thanh tra tham mưu.\n2. Các trường báo cáo kết quả.\n"
    )
    assert [t["content"] for t in plan["tasks"]] == ["Rà soát văn bản quản lý.", "Kiểm tra việc công khai."]
    assert plan["sections"]["implementation"] == ["Bộ phận Thanh tra tham mưu.", "Các trường báo cáo kết quả."]


@pytest.mark.parametrize(
    "heading",
    [
        "NHIỆM VỤ VÀ BIỆN PHÁP",
        "NHIỆM VỤ, BIỆN PHÁP",
        "CÁC NỘI DUNG TRỌNG TÂM",
        "Các công việc cụ thể",
        "PHÂN CÔNG NHIỆM VỤ",
        "BIỆN PHÁP THỰC HIỆN",
    ],
)
def test_more_task_section_wordings_are_recognised(heading: str) -> None:
    assert classify_heading(heading) == TASKS


def test_a_table_heading_followed_by_prose_stays_fast_and_yields_no_table(benchmark_lines: int = 600) -> None:
    text = "KẾ HOẠCH\nKiểm tra\nII. NHIỆM VỤ\nNội dung Người phụ trách Người phối hợp Thời gian\n" + "\n".join(
        f"Dòng nội dung số {i} Hiệu trưởng nói về việc khác" for i in range(benchmark_lines)
    )
    started = time.process_time()
    plan = parse_json(text)
    assert time.process_time() - started < 2.0
    assert all("\t" not in t["content"] for t in plan["tasks"])


def test_named_items_such_as_hoat_dong_n_are_list_items() -> None:
    plan = parse_json(
        "KẾ HOẠCH\nTuần lễ học tập suốt đời\nII. CÁC HOẠT ĐỘNG CỤ THỂ\n"
        "Hoạt động 1: Tuyên truyền trên loa phát thanh (Thời gian: Ngày 01/10/2024; Phụ trách: Liên đội).\n"
        "Hoạt động 2: Ngày hội đọc sách (Thời gian: Ngày 05/10/2024; Phụ trách: Thư viện).\n"
    )
    assert [(t["no"], t["content"], t["units"]) for t in plan["tasks"]] == [
        ("1", "Tuyên truyền trên loa phát thanh", ["Liên đội"]),
        ("2", "Ngày hội đọc sách", ["Thư viện"]),
    ]


def test_a_labelled_line_right_under_a_section_heading_is_not_a_task_field() -> None:
    plan = parse_json(
        "KẾ HOẠCH\nKiểm tra năm 2024\nII. NHIỆM VỤ CỤ THỂ\n1. Tuyên truyền.\n2. Kiểm tra.\n"
        "III. TỔ CHỨC THỰC HIỆN\nThời gian thực hiện: Cả năm 2024.\nCác bộ phận triển khai.\n"
    )
    assert plan["sections"]["implementation"] == ["Thời gian thực hiện: Cả năm 2024.", "Các bộ phận triển khai."]
    assert [t["timing"] for t in plan["tasks"]] == [None, None]


def test_one_bullet_with_inline_fields_does_not_swallow_its_siblings() -> None:
    plan = parse_json(
        "KẾ HOẠCH\nTuyên truyền năm 2024\nII. NHIỆM VỤ CỤ THỂ\n1. Công tác tuyên truyền\n- Treo băng rôn.\n"
        "- Phát thanh.\n- Tổ chức hội thi (Thời gian: Tháng 11/2024; Phụ trách: Liên đội).\n"
    )
    assert [(t["content"], t["timing"], t["units"]) for t in plan["tasks"]] == [
        ("Treo băng rôn.", None, []),
        ("Phát thanh.", None, []),
        ("Tổ chức hội thi", "Tháng 11/2024", ["Liên đội"]),
    ]


@pytest.mark.parametrize("written", ["ThS. Nguyễn Văn An", "Nguyễn Văn An (đã ký)", "Đ/c Nguyễn Văn An"])
def test_the_signer_is_the_name_without_academic_titles_or_signed_marks(written: str) -> None:
    tail = read_tail(["Nơi nhận:", "- Lưu: VT.", "HIỆU TRƯỞNG", "(Đã ký)", written], 1, Warnings())
    assert tail.name == "Nguyễn Văn An"
