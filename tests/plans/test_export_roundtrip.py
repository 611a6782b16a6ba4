"""A plan exported as DOCX reads back through the plan parser as the same plan."""

from __future__ import annotations

import pytest

from danvan.plans.export import export_plan_docx, export_plan_pdf
from danvan.plans.parsing import parse_plan

SEED = "seed/000_54775582b39b50f7.txt"
EXAMPLES = [
    "examples/plans/01-sgddt-bacgiang-phong-chong-bao-hanh-tre-2020.txt",
    "examples/plans/02-pgddt-hiephoa-phap-che-2020-2021.txt",
    "examples/plans/03-pgddt-hiephoa-tu-danh-gia-2020-2021.txt",
]


def _tasks(plan: dict) -> list[tuple]:
    return [(t["content"], t["lead"], t["units"], t["timing"]) for t in plan["tasks"]]


def _counts(plan: dict) -> dict[str, int]:
    return {name: len(items) for name, items in plan["sections"].items()}


def _round_trip(shared, path: str, **kwargs) -> tuple[dict, dict]:
    source = parse_plan((shared / path).read_bytes(), filename=path.rsplit("/", 1)[-1])
    exported = export_plan_docx(source, **kwargs)
    return source, parse_plan(exported, filename="x.docx")


def test_the_seed_plan_survives_export_and_reimport(shared):
    source, back = _round_trip(
        shared, SEED, issuer_superior="SỞ GD&ĐT HẢI PHÒNG", issuer_code="THPTNK", place="Hải Phòng"
    )
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


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.rsplit("/", 1)[-1][:2])
def test_the_example_plans_survive_export_and_reimport(shared, path):
    source, back = _round_trip(shared, path)
    assert _tasks(back) == _tasks(source)
    assert back["parent_plan"] == source["parent_plan"]
    assert _counts(back) == _counts(source)
    assert back["recipients"] == source["recipients"]
    assert [d["due"] for d in back["report_deadlines"]] == [d["due"] for d in source["report_deadlines"]]


def test_a_numbered_and_dated_plan_keeps_its_number_and_date(shared):
    source = parse_plan((shared / SEED).read_bytes(), filename="seed.txt")
    source = {**source, "number": "12/KH-THPTNK", "date": "2023-02-03", "place": "Hải Phòng"}
    back = parse_plan(export_plan_docx(source), filename="x.docx")
    assert back["number"] == "12/KH-THPTNK"
    assert back["date"] == "2023-02-03"
    assert back["place"] == "Hải Phòng"
    assert _tasks(back) == _tasks(source)


def test_the_seed_plan_survives_a_pdf_export_and_reimport(shared):
    source = parse_plan((shared / SEED).read_bytes(), filename="seed.txt")
    back = parse_plan(export_plan_pdf(source, issuer_code="THPTNK", place="Hải Phòng"), filename="x.pdf")
    assert _tasks(back) == _tasks(source)
    assert back["parent_plan"] == source["parent_plan"]
    assert _counts(back) == _counts(source)
    assert back["recipients"] == source["recipients"]
    assert back["signer"]["name"] == source["signer"]["name"]
