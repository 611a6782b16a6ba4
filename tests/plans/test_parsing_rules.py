"""The small general rules behind the parser: document numbers, units, timings, month-grouped lists."""

from __future__ import annotations

import pytest

from danvan.plans.parsing import DEFAULT_UNIT_ABBREVIATIONS
from danvan.plans.parsing.references import choose_parent, find_numbers, normalise_number, references_in
from danvan.plans.parsing.timing import TimeContext, periods_for
from danvan.plans.parsing.units import UnitSplitter
from tests.plans.parsed import parse_json


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("Quyết định số 23-QĐ/TW ngày 30/7/2021", ["23-QĐ/TW"]),
        ("Chỉ thị số 26/CT-UBND và Nghị quyết 29-NQ/TW", ["26/CT-UBND", "29-NQ/TW"]),
        ("Công văn số 1115/SGD&ĐT-KTKĐCLGD, ngày 23/9/2020", ["1115/SGD&ĐT-KTKĐCLGD"]),
        ("Nghị định số 55/2011/NĐ-CP và Luật số 10/2022/QH15", ["55/2011/NĐ-CP", "10/2022/QH15"]),
        ("Công văn số 1147/SGDĐT-TTr ngày 30/9/2020", ["1147/SGDĐT-TTr"]),
        ("của Bộ trưởng Bộ GD&ĐT1. Năm học 2020-2021, quý 1/2023, lớp 10/A1", []),
        ("Kế hoạch số 15 /KH-UBND", ["15/KH-UBND"]),
    ],
)
def test_it_recognises_document_numbers_of_every_common_form(text: str, numbers: list[str]) -> None:
    assert [normalise_number(m) for m in find_numbers(text)] == numbers


def test_it_reads_date_issuer_and_title_of_a_citation() -> None:
    [ref] = references_in(
        "Căn cứ Công văn số 1115/SGD&ĐT-KTKĐCLGD, ngày 23/9/2020 của Sở Giáo dục và Đào tạo "
        "về việc hướng dẫn thực hiện nhiệm vụ khảo thí;",
        7,
    )
    assert (ref.number, ref.date, ref.issuer, ref.type, ref.intro, ref.line) == (
        "1115/SGD&ĐT-KTKĐCLGD",
        "2020-09-23",
        "Sở Giáo dục và Đào tạo",
        "Công văn",
        "can cu",
        7,
    )
    assert ref.title == "hướng dẫn thực hiện nhiệm vụ khảo thí"


def test_it_prefers_a_superiors_plan_introduced_by_thuc_hien() -> None:
    refs = []
    for text in (
        "Căn cứ Công văn số 1115/SGD&ĐT-KTKĐCLGD ngày 23/9/2020 của Sở Giáo dục và Đào tạo;",
        "Thực hiện Công văn số 1436/SGD&ĐT-KTKĐCLGD ngày 17/12/2019 của Sở Giáo dục và Đào tạo;",
        "Thực hiện Kế hoạch số 15/KH-UBND ngày 21/01/2020 của Ủy ban nhân dân huyện Hiệp Hòa;",
        "Tiếp tục thực hiện Văn bản số 42/CV-PGD&ĐT ngày 07/12/2019 của Phòng GD&ĐT Hiệp Hòa,",
    ):
        refs.extend(references_in(text, 1))
    assert choose_parent(refs, "Phòng GD&ĐT Hiệp Hòa").number == "15/KH-UBND"
    assert choose_parent(refs[:1], "Phòng GD&ĐT") is None or refs[0].intro == "can cu"


@pytest.mark.parametrize(
    "cell, units",
    [
        ("BGH BCH CĐ BTV Đoàn Các tổ CM", ["BGH", "BCH CĐ", "BTV Đoàn", "Các tổ CM"]),
        ("BGH Bộ phận giúp việc", ["BGH", "Bộ phận giúp việc"]),
        ("Phó hiệu trưởng phụ trách", ["Phó hiệu trưởng phụ trách"]),
        ("BGH, Công đoàn; Đoàn TN\nGVCN các lớp", ["BGH", "Công đoàn", "Đoàn TN", "GVCN các lớp"]),
        ("BGH và Ban TTND", ["BGH", "Ban TTND"]),
        ("Sở Giáo dục và Đào tạo", ["Sở Giáo dục và Đào tạo"]),
    ],
)
def test_it_splits_units_with_the_abbreviation_dictionary(cell: str, units: list[str]) -> None:
    assert UnitSplitter().split(cell) == units


def test_callers_can_add_their_own_abbreviations() -> None:
    assert UnitSplitter(["Tổ Toán Tin"]).split("Tổ Toán Tin BGH") == ["Tổ Toán Tin", "BGH"]
    assert DEFAULT_UNIT_ABBREVIATIONS["BCH CĐ"] == "Ban Chấp hành Công đoàn"


@pytest.mark.parametrize(
    "timing, ctx, periods",
    [
        ("Quý 1", TimeContext(2023), [("2023-01-01", "2023-03-31")]),
        ("Quý 2, Quý 4", TimeContext(2023), [("2023-04-01", "2023-06-30"), ("2023-10-01", "2023-12-31")]),
        ("Tháng 9", TimeContext(2023), [("2023-09-01", "2023-09-30")]),
        ("tháng 9/2023", TimeContext(2020), [("2023-09-01", "2023-09-30")]),
        ("từ tháng 9/2023 đến tháng 5/2024", TimeContext(2023), [("2023-09-01", "2024-05-31")]),
        ("trước ngày 15/6/2023", TimeContext(2023), [("2023-01-01", "2023-06-15")]),
        ("Cả năm", TimeContext(2023), [("2023-01-01", "2023-12-31")]),
        ("Thường xuyên", TimeContext(2023), [("2023-01-01", "2023-12-31")]),
        ("Hằng tháng", TimeContext(2023), [("2023-01-01", "2023-12-31")]),
        ("Tháng 1", TimeContext(2020, school_year=True), [("2021-01-01", "2021-01-31")]),
        ("Tháng 12", TimeContext(2020, school_year=True), [("2020-12-01", "2020-12-31")]),
        ("Từ 01/9 - 30/9/2023", TimeContext(2023), [("2023-09-01", "2023-09-30")]),
        ("Theo kế hoạch của Sở", TimeContext(2023), []),
    ],
)
def test_it_turns_timings_into_periods(timing: str, ctx: TimeContext, periods: list[tuple[str, str]]) -> None:
    assert [(a.isoformat(), b.isoformat()) for a, b in periods_for(timing, ctx)] == periods


def test_a_month_label_heads_the_tasks_below_it() -> None:
    text = "\n".join(
        [
            "KẾ HOẠCH",
            "Hoạt động năm học 2023-2024",
            "",
            "II. NỘI DUNG CỤ THỂ",
            "Tháng 9/2023:",
            "- Tổ chức khai giảng năm học mới (Phụ trách: BGH, Đoàn TN)",
            "- Họp cha mẹ học sinh đầu năm",
            "Tháng 1:",
            "- Sơ kết học kỳ I",
            "III. TỔ CHỨC THỰC HIỆN",
            "1. BGH chỉ đạo chung.",
        ]
    )
    tasks = parse_json(text)["tasks"]
    assert [(t["content"], t["units"], t["timing"]) for t in tasks] == [
        ("Tổ chức khai giảng năm học mới", ["BGH", "Đoàn TN"], "Tháng 9/2023"),
        ("Họp cha mẹ học sinh đầu năm", [], "Tháng 9/2023"),
        ("Sơ kết học kỳ I", [], "Tháng 1"),
    ]
    assert tasks[2]["periods"] == [{"start": "2024-01-01", "end": "2024-01-31"}]
