"""The seed plan must be read exactly: every field the importer stores."""

from __future__ import annotations

import pytest

from tests.plans.parsed import parse_json

KEYS = {
    "kind",
    "title",
    "year",
    "issuer",
    "number",
    "date",
    "place",
    "parent_plan",
    "sections",
    "tasks",
    "legal_refs",
    "report_deadlines",
    "recipients",
    "signer",
    "warnings",
}


@pytest.fixture(scope="module")
def plan(seed_bytes: bytes) -> dict:
    return parse_json(seed_bytes, filename="seed.txt")


def test_it_returns_every_key(plan: dict) -> None:
    assert KEYS <= set(plan)
    assert set(plan["sections"]) == {"purposes", "requirements", "regular_tasks", "implementation"}


def test_it_reads_the_title_issuer_and_year_of_the_seed(plan: dict) -> None:
    assert plan["kind"] == "KH"
    assert plan["title"] == "Thực hiện công tác dân vận năm 2023"
    assert plan["issuer"] == "Trường THPT Nguyễn Khuyến"
    assert plan["year"] == 2023
    assert plan["number"] is None
    assert plan["date"] is None


def test_it_reads_the_parent_plan_of_the_seed(plan: dict) -> None:
    parent = plan["parent_plan"]
    assert parent["number"] == "09/KH-SGDĐT"
    assert parent["date"] == "2023-01-31"
    assert parent["issuer"] == "Sở Giáo dục và Đào tạo Hải Phòng"


def test_it_counts_the_sections_of_the_seed(plan: dict) -> None:
    sections = plan["sections"]
    assert [len(sections[k]) for k in ("purposes", "requirements", "regular_tasks", "implementation")] == [2, 2, 4, 4]
    assert sections["purposes"][0].startswith("Tạo sự chuyển biến rõ nét")
    assert sections["implementation"][3].startswith("Thực hiện chế độ báo cáo về Sở")


def test_it_reads_the_four_tasks_of_the_seed(plan: dict) -> None:
    tasks = plan["tasks"]
    assert [t["no"] for t in tasks] == ["1", "2", "3", "4"]
    assert tasks[0]["content"] == "Xây dựng Kế hoạch"
    assert tasks[1]["content"].startswith(
        "Quán triệt, triển khai các văn bản của Trung ương, thành phố về công tác dân vận"
    )
    assert tasks[2]["content"].startswith("Tập trung thực hiện tiếp công dân; kịp thời giải quyết đơn khiếu nại")
    assert tasks[3]["content"].startswith("Tổ chức đánh giá kết quả thực hiện công tác dân vận của trường năm 2023")
    assert {t["lead"] for t in tasks} == {"Hiệu trưởng"}
    assert [t["units"] for t in tasks] == [
        ["Văn thư"],
        ["BGH", "BCH CĐ", "BTV Đoàn", "Các tổ CM"],
        ["BGH", "Bộ phận giúp việc"],
        ["Phó hiệu trưởng phụ trách"],
    ]
    assert [t["timing"] for t in tasks] == ["Quý 1", "Quý 1, quý 2", "Cả năm", "Quý 2, Quý 4"]


def test_it_turns_the_seed_timings_into_periods(plan: dict) -> None:
    periods = [[(p["start"], p["end"]) for p in t["periods"]] for t in plan["tasks"]]
    assert periods[0] == [("2023-01-01", "2023-03-31")]
    assert periods[1] in ([("2023-01-01", "2023-06-30")], [("2023-01-01", "2023-03-31"), ("2023-04-01", "2023-06-30")])
    assert periods[2] == [("2023-01-01", "2023-12-31")]
    assert periods[3] == [("2023-04-01", "2023-06-30"), ("2023-10-01", "2023-12-31")]


def test_it_reads_the_legal_references_of_the_seed_with_dates(plan: dict) -> None:
    refs = {r["number"]: r for r in plan["legal_refs"]}
    expected = {
        "23-QĐ/TW": "2021-07-30",
        "446-QĐ/TU": "2021-11-26",
        "26/CT-UBND": "2021-12-31",
        "07-CT/TU": "2021-09-08",
        "15-CT/TU": "2022-11-21",
    }
    for number, date in expected.items():
        assert refs[number]["date"] == date
    assert set(refs) - set(expected) <= {"09/KH-SGDĐT"}
    assert refs["23-QĐ/TW"]["issuer"] == "Bộ Chính trị"
    assert refs["23-QĐ/TW"]["title"] == "Quy chế công tác dân vận của hệ thống chính trị"


def test_it_finds_the_two_report_deadlines_of_the_seed(plan: dict) -> None:
    deadlines = [(d["name"], d["due"], d["to"]) for d in plan["report_deadlines"]]
    assert deadlines == [
        ("Báo cáo 6 tháng", "2023-06-15", "Sở Giáo dục và Đào tạo"),
        ("Báo cáo năm", "2023-12-10", "Sở Giáo dục và Đào tạo"),
    ]


def test_it_reads_the_recipients_under_a_misspelt_heading(plan: dict) -> None:
    assert plan["recipients"] == ["Sở GD&ĐT Hải Phòng", "Phó hiệu trưởng", "CTCĐ, BTĐT", "Đăng Website", "Lưu: VT"]


def test_it_reads_the_signer_and_infers_the_position_from_the_body(plan: dict) -> None:
    assert plan["signer"] == {"name": "Phạm Huy Hùng", "position": "Hiệu trưởng"}


def test_it_has_no_warnings_on_the_seed(plan: dict) -> None:
    assert plan["warnings"] == []


def test_the_scorer_gives_the_seed_full_marks(plan: dict, seed_expected: dict, score) -> None:
    assert score(seed_expected, plan) == 1.0


def test_the_year_argument_wins_over_the_title(seed_bytes: bytes) -> None:
    plan = parse_json(seed_bytes, year=2024)
    assert plan["year"] == 2024
    assert plan["tasks"][0]["periods"] == [{"start": "2024-01-01", "end": "2024-03-31"}]
