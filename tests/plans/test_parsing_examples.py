"""Three plans of our own keeping the structure of real ones (fixtures/): what their checklists say, and the
scorer's verdict."""

from __future__ import annotations

import re

import pytest

from tests.plans.parsed import parse_json

from .conftest import EXAMPLES


def _norm(text: str | None) -> str:
    return " ".join(re.sub(r"[^\w&/\-]+", " ", (text or "").casefold()).split())


@pytest.fixture(scope="module", params=EXAMPLES)
def case(request, example) -> tuple[dict, dict]:
    data, expected = example(request.param)
    return parse_json(data, filename=f"{request.param}.txt"), expected


def test_it_reads_the_tasks_the_checklist_lists(case) -> None:
    plan, expected = case
    assert len(plan["tasks"]) == len(expected["tasks"])
    for task, wanted in zip(plan["tasks"], expected["tasks"], strict=True):
        assert _norm(task["content"]).startswith(_norm(wanted["content"])[:40])
        assert task["lead"] == wanted["lead"]
        assert task["units"] == wanted["units"]
        assert task["timing"] == wanted["timing"]


def test_it_chooses_the_parent_the_checklist_names(case) -> None:
    plan, expected = case
    assert plan["parent_plan"]["number"] == expected["parent_plan"]["number"]
    assert plan["parent_plan"]["date"] == expected["parent_plan"]["date"]
    assert _norm(plan["parent_plan"]["issuer"]) == _norm(expected["parent_plan"]["issuer"])


def test_it_lists_every_cited_document_and_nothing_else(case) -> None:
    plan, expected = case
    assert {r["number"] for r in plan["legal_refs"]} == set(expected["legal_refs"])


def test_it_finds_the_report_deadlines(case) -> None:
    plan, expected = case
    got = {d["due"][5:] if re.match(r"\d{4}-", d["due"]) else _norm(d["due"]) for d in plan["report_deadlines"]}
    wanted = {d["due"] if re.match(r"\d\d-\d\d$", d["due"]) else _norm(d["due"]) for d in expected["report_deadlines"]}
    assert got == wanted


def test_it_reads_recipients_and_signer(case) -> None:
    plan, expected = case
    assert plan["recipients"] == expected["recipients"]
    assert plan["signer"]["name"] == expected["signer"]
    assert _norm(plan["signer"]["position"]).replace(" / ", " ") == _norm(expected["_signer_title"]).replace(" / ", " ")


def test_it_reads_blank_numbers_as_absent_and_the_header_bodies(case) -> None:
    plan, expected = case
    assert plan["number"] is None
    assert plan["date"] == expected["date"]
    assert _norm(plan["issuer"]) == _norm(expected["issuer"])
    assert _norm(plan["issuer_superior"]) == _norm(expected["_issuer_superior"])


def test_the_scorer_gives_full_marks(case, score) -> None:
    plan, expected = case
    assert score(expected, plan) >= 0.99


def test_it_does_not_take_a_footnote_marker_for_a_document_number(example) -> None:
    data, _ = example(EXAMPLES[0])
    plan = parse_json(data)
    assert not any("GD&ĐT1" in r["number"] for r in plan["legal_refs"])
    assert "GD&ĐT1" not in plan["tasks"][0]["content"]
    assert not any(t["content"].startswith("Đánh giá các cấp quản lý") for t in plan["tasks"])


def test_it_keeps_the_appendix_staff_table_out_of_the_tasks_but_warns(example) -> None:
    data, _ = example(EXAMPLES[1])
    plan = parse_json(data)
    assert not any("Bùi Văn Hòa" in t["content"] for t in plan["tasks"])
    appendix = [w for w in plan["warnings"] if "sau chữ ký" in w["message"]]
    assert any("DANH SÁCH CÁN BỘ" in w["message"] for w in appendix)
    assert len(appendix) >= 12
    lines = data.decode("utf-8").splitlines()
    for warning in appendix:
        assert lines[warning["line"] - 1].strip()


def test_it_warns_about_a_section_it_does_not_import(example) -> None:
    data, _ = example(EXAMPLES[2])
    plan = parse_json(data)
    assert any("Công tác đánh giá ngoài" in w["message"] for w in plan["warnings"])
