"""Copying a plan to the next year moves the plan's own years and dates, never those of the documents it cites."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danvan.plans import services
from danvan.plans.models import Plan
from danvan.plans.yearshift import shift_years
from tests.plans.fixtures_plans import import_seed

pytestmark = pytest.mark.django_db

CITED = (
    "Cụ thể hóa nhiệm vụ trong Kế hoạch số 09/KH-SGDĐT ngày 31 tháng 01 năm 2023 của Sở Giáo dục và Đào tạo "
    "Hải Phòng về Kế hoạch thực hiện công tác dân vận năm 2023 thành nhiệm vụ cụ thể của nhà trường."
)


def every_text(plan: Plan) -> str:
    sections = [s for items in plan.sections.values() for s in items]
    tasks = [f"{t.content} {t.timing}" for t in plan.tasks.all()]
    return "\n".join([plan.title, *sections, *tasks])


def test_the_seed_copy_moves_its_own_years_and_keeps_the_cited_plans_date(school, clerk, clerk_client):
    plan = import_seed(school, actor=clerk)
    copy = services.clone_plan(plan, actor=clerk)
    assert copy.year == 2024 and copy.title == "Thực hiện công tác dân vận năm 2024"
    # The superior's plan of 31/01/2023 is cited with its own date and title: unchanged.
    assert CITED in plan.sections["purposes"] and CITED in copy.sections["purposes"]
    assert any("của ngành năm 2024 và chủ đề năm" in s for s in copy.sections["requirements"])
    assert any(
        "trước ngày 15 tháng 6 năm 2024 và Báo cáo năm trước ngày 10 tháng 12 năm 2024" in s
        for s in copy.sections["implementation"]
    )
    tasks = {t.no: t for t in copy.tasks.all()}
    assert tasks["4"].content == (
        "Tổ chức đánh giá kết quả thực hiện công tác dân vận của trường năm 2024 và xây "
        "dựng kế hoạch thực hiện công tác dân vận năm 2025."
    )
    # Task 2 quotes five documents with their dates: copied word for word.
    assert tasks["2"].content == plan.tasks.get(no="2").content and "ngày 30/7/2021" in tasks["2"].content
    assert "2026" not in every_text(copy)
    assert sorted(copy.report_deadlines.values_list("due", flat=True)) == [dt.date(2024, 6, 15), dt.date(2024, 12, 10)]
    assert [(r.number, r.date) for r in copy.legal_refs.all()] == [(r.number, r.date) for r in plan.legal_refs.all()]
    # The copy asks to be reviewed and names the sentence still speaking of 2023.
    assert copy.needs_review
    page = clerk_client.get(reverse("plans:plan_detail", args=[copy.pk])).content.decode()
    assert "Bản sao cần rà soát trước khi trình duyệt" in page
    assert "Mục đích, ý 2: vẫn ghi năm 2023" in page
    assert not Plan.objects.get(pk=plan.pk).needs_review


def test_a_school_year_plan_moves_to_the_next_school_year(example, school, clerk):
    raw, _expected = example("school_year_legal_affairs_plan")
    preview = services.preview_import(raw, "02.txt", school)
    # A Phòng's plan, stored as the school's for the test: the other issuing body is acknowledged.
    assert preview.issuer_warning
    plan = services.import_plan(preview.data, organisation=school, actor=clerk, issuer_acknowledged=True)
    copy = services.clone_plan(plan, actor=clerk)
    assert copy.title == "Thực hiện nhiệm vụ pháp chế năm học 2021-2022"
    implementation = " ".join(copy.sections["implementation"])
    assert "năm học 2021-2022" in implementation and "2020-2021" not in implementation
    texts = {t.no: t.content for t in copy.tasks.all()}
    assert texts["7"] == "Tổ chức tuyên truyền, phổ biến và triển khai Luật Giáo dục năm 2019"
    assert "Nghị quyết số 29-NQ/TW ngày 04/11/2013" in texts["6"]
    assert "Thông tư liên tịch số 55/TTLT-BNV-VPCP ngày 06/5/2005" in texts["13"]
    assert any("55/2011/NĐ-CP ngày 04/7/2011" in s for s in copy.sections["regular_tasks"])
    assert "Nhiệm vụ 7: vẫn ghi năm 2019" in " ".join(copy.review_items())
    assert sorted(copy.report_deadlines.values_list("due", flat=True))[0] == dt.date(2021, 10, 12)


@pytest.mark.parametrize(
    ("text", "year", "expected", "kept"),
    [
        (
            "Tổng kết năm học 2019-2020, triển khai năm học 2020-2021",
            2020,
            "Tổng kết năm học 2020-2021, triển khai năm học 2021-2022",
            [],
        ),
        ("Thực hiện giai đoạn 2017-2021.", 2020, "Thực hiện giai đoạn 2017-2021.", []),
        (
            "Báo cáo trước ngày 12/10/2020; kiểm tra trong tháng 11/2020.",
            2020,
            "Báo cáo trước ngày 12/10/2021; kiểm tra trong tháng 11/2021.",
            [],
        ),
        ("Triển khai Chương trình GDPT 2018 năm 2019.", 2019, "Triển khai Chương trình GDPT 2018 năm 2020.", ["2018"]),
        (
            "Quán triệt Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 năm 2020. Tổng kết năm 2020.",
            2020,
            "Quán triệt Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 năm 2020. Tổng kết năm 2021.",
            ["2020"],
        ),
        (
            "Kỷ niệm ngày thành lập (15/10/1930) trong năm 2023",
            2023,
            "Kỷ niệm ngày thành lập (15/10/1930) trong năm 2024",
            [],
        ),
    ],
)
def test_year_shifting_rules(text, year, expected, kept):
    result = shift_years(text, year)
    assert (result.text, result.kept) == (expected, kept)
