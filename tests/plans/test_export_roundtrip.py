"""A plan exported as DOCX reads back through the plan parser as the same plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from danvan.plans.export import export_plan_docx, export_plan_pdf
from tests.conftest import SEED_PLAN
from tests.plans.conftest import EXAMPLES, FIXTURES
from tests.plans.parsed import parse_json


def _tasks(plan: dict) -> list[tuple]:
    return [(t["content"], t["lead"], t["units"], t["timing"]) for t in plan["tasks"]]


def _counts(plan: dict) -> dict[str, int]:
    return {name: len(items) for name, items in plan["sections"].items()}


def _round_trip(path: Path, **kwargs) -> tuple[dict, dict]:
    source = parse_json(path.read_bytes(), filename=path.name)
    exported = export_plan_docx(source, **kwargs)
    return source, parse_json(exported, filename="x.docx")


def test_the_seed_plan_survives_export_and_reimport():
    source, back = _round_trip(SEED_PLAN, issuer_superior="SỞ GD&ĐT HẢI PHÒNG", issuer_code="THPTNK", place="Hải Phòng")
    assert len(source["tasks"]) == 4
    assert _tasks(back) == _tasks(source)
    assert [t["periods"] for t in back["tasks"]] == [t["periods"] for t in source["tasks"]]
    assert back["parent_plan"] == source["parent_plan"]
    assert (
        _counts(back) == _counts(source) == {"purposes": 2, "requirements": 2, "regular_tasks": 4, "implementation": 4}
    )
    assert back["sections"] == source["sections"]
    assert back["recipients"] == source["recipients"]
    assert back["signer"]["name"] == source["signer"]["name"] == "Phạm Huy Hùng"
    assert back["signer"]["position"].casefold() == source["signer"]["position"].casefold()
    assert (back["title"], back["year"], back["kind"]) == (source["title"], source["year"], source["kind"])
    assert [d["due"] for d in back["report_deadlines"]] == [d["due"] for d in source["report_deadlines"]]
    assert back["number"] is None and back["date"] is None  # still to be numbered and dated by the clerk
    assert not back["warnings"]


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_example_plans_survive_export_and_reimport(name):
    source, back = _round_trip(FIXTURES / f"{name}.txt")
    assert _tasks(back) == _tasks(source)
    assert back["parent_plan"] == source["parent_plan"]
    assert _counts(back) == _counts(source)
    assert back["recipients"] == source["recipients"]
    assert [d["due"] for d in back["report_deadlines"]] == [d["due"] for d in source["report_deadlines"]]


def test_a_numbered_and_dated_plan_keeps_its_number_and_date():
    source = parse_json(SEED_PLAN.read_bytes(), filename="seed.txt")
    source = {**source, "number": "12/KH-THPTNK", "date": "2023-02-03", "place": "Hải Phòng"}
    back = parse_json(export_plan_docx(source), filename="x.docx")
    assert back["number"] == "12/KH-THPTNK"
    assert back["date"] == "2023-02-03"
    assert back["place"] == "Hải Phòng"
    assert _tasks(back) == _tasks(source)


def test_the_seed_plan_survives_a_pdf_export_and_reimport():
    source = parse_json(SEED_PLAN.read_bytes(), filename="seed.txt")
    back = parse_json(export_plan_pdf(source, issuer_code="THPTNK", place="Hải Phòng"), filename="x.pdf")
    assert _tasks(back) == _tasks(source)
    assert back["parent_plan"] == source["parent_plan"]
    assert _counts(back) == _counts(source)
    assert back["recipients"] == source["recipients"]
    assert back["signer"]["name"] == source["signer"]["name"]
