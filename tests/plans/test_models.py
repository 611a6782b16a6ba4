"""Plan and task models: derived state (late, number-symbol, document type) and the document dict."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from danvan.plans.choices import TaskStatus
from danvan.plans.models import LegalReference, Plan, Task, TaskPeriod, document_type

pytestmark = pytest.mark.django_db


def make_plan(school, **kw) -> Plan:
    defaults = {"organisation": school, "year": 2023, "title": "Kế hoạch thực hiện công tác dân vận năm 2023"}
    defaults.update(kw)
    return Plan.objects.create(**defaults)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("23-QĐ/TW", "QĐ"),
        ("446-QĐ/TU", "QĐ"),
        ("26/CT-UBND", "CT"),
        ("07-CT/TU", "CT"),
        ("09/KH-SGDĐT", "KH"),
        ("12/NQ-HĐND", "NQ"),
        ("abc", ""),
    ],
)
def test_it_derives_the_document_type_from_the_symbol(number, expected):
    assert document_type(number) == expected


def test_it_prints_the_number_with_a_leading_zero(school):
    plan = make_plan(school, number=9, symbol="KH-THPTNK")
    assert plan.number_symbol == "09/KH-THPTNK"
    assert make_plan(school).number_symbol == ""


def test_it_stores_the_document_type_of_a_legal_reference(school):
    plan = make_plan(school)
    ref = LegalReference.objects.create(organisation=school, plan=plan, number="26/CT-UBND")
    assert ref.doc_type == "CT"
    assert ref.doc_type_name == "Chỉ thị"


def test_it_computes_late_under_a_frozen_clock(school):
    plan = make_plan(school)
    task = Task.objects.create(organisation=school, plan=plan, content="Xây dựng Kế hoạch", due_on=dt.date(2023, 3, 31))
    with time_machine.travel(dt.datetime(2023, 3, 31, 12, tzinfo=dt.UTC), tick=False):
        assert not task.is_late
    with time_machine.travel(dt.datetime(2023, 4, 2, 3, tzinfo=dt.UTC), tick=False):
        assert task.is_late
        assert list(Task.objects.late()) == [task]
        task.status = TaskStatus.DONE
        task.save()
        assert not task.is_late
        assert list(Task.objects.late()) == []


def test_it_keeps_a_folded_search_text(school):
    plan = make_plan(school, title="Kế hoạch Dân vận khéo")
    assert list(Plan.objects.search("dan van KHEO")) == [plan]
    assert list(Plan.objects.search("thi đua")) == []


def test_it_returns_the_parser_shaped_document_dict(school):
    plan = make_plan(
        school,
        number=12,
        symbol="KH-THPTNK",
        issuer="Trường THPT Nguyễn Khuyến",
        sections={"purposes": ["Một"]},
        recipients=["Lưu: VT"],
        signer_name="Phạm Huy Hùng",
    )
    task = Task.objects.create(
        organisation=school, plan=plan, no="1", content="Xây dựng Kế hoạch", units_text=["Văn thư"], timing="Quý 1"
    )
    TaskPeriod.objects.create(task=task, start=dt.date(2023, 1, 1), end=dt.date(2023, 3, 31))
    doc = plan.as_document_dict()
    assert doc["number"] == "12/KH-THPTNK"
    assert doc["sections"]["purposes"] == ["Một"]
    assert doc["sections"]["implementation"] == []
    assert doc["tasks"][0]["periods"] == [{"start": "2023-01-01", "end": "2023-03-31"}]
    assert doc["tasks"][0]["units"] == ["Văn thư"]
    assert doc["signer"] == {"name": "Phạm Huy Hùng", "position": ""}
    assert set(doc) >= {
        "kind",
        "title",
        "year",
        "issuer",
        "date",
        "place",
        "parent_plan",
        "legal_refs",
        "report_deadlines",
        "recipients",
        "warnings",
    }
