"""The parser says how sure it is of each field, and why, with the line it read: it flags guesses, not hides them."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from danvan.plans.parsing import Confidence, ParsedPlan, Reason, parse_plan

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "unsure_number_and_lead.txt"
HEADER = "SỞ GD&ĐT HẢI PHÒNG\nTRƯỜNG THPT NGUYỄN KHUYẾN\n"
TITLE = "\nKẾ HOẠCH\nCông tác dân vận năm 2024\n"


def parse(text: str) -> ParsedPlan:
    return parse_plan(text)


def test_a_missing_number_is_left_empty_with_a_note_and_labelled_fields_are_sure_with_their_line() -> None:
    plan = parse(FIXTURE.read_text(encoding="utf-8"))
    assert plan.number is None
    assert (plan.notes["number"].confidence, plan.notes["number"].reason) == (Confidence.LOW, Reason.ABSENT)
    assert plan.notes["number"].line is None
    date = plan.notes["date"]
    assert plan.date == dt.date(2024, 9, 16)
    assert (date.confidence, date.reason, date.line) == (Confidence.HIGH, Reason.LABELLED, 3)
    assert date.text == "Hải Phòng, ngày 16 tháng 9 năm 2024"
    assert (plan.notes["issuer"].confidence, plan.notes["issuer"].line) == (Confidence.HIGH, 2)
    assert plan.notes["parent_plan"].confidence is Confidence.HIGH
    assert plan.notes["parent_plan"].text.startswith("Thực hiện Kế hoạch số 09/KH-SGDĐT")
    assert plan.unsure_notes().keys() == {"number"}


def test_a_lead_naming_two_people_is_flagged_as_unsure_not_chosen() -> None:
    first, second = parse(FIXTURE.read_text(encoding="utf-8")).tasks
    assert first.notes["lead"].confidence is Confidence.HIGH
    lead = second.notes["lead"]
    assert second.lead == "Hiệu trưởng hoặc Phó hiệu trưởng"  # kept as written, for the user to settle
    assert (lead.confidence, lead.reason, lead.line) == (Confidence.LOW, Reason.SEVERAL_CANDIDATES, 14)
    assert "Hiệu trưởng hoặc Phó hiệu trưởng" in lead.text


def test_a_blank_number_in_a_draft_is_noted_as_blank_on_its_line() -> None:
    plan = parse(HEADER + "Số: ……/KH-THPTNK\nHải Phòng, ngày … tháng … năm 2024\n" + TITLE)
    assert plan.number is None and plan.date is None
    assert (plan.notes["number"].reason, plan.notes["number"].line) == (Reason.BLANK, 3)
    assert (plan.notes["date"].reason, plan.notes["date"].line) == (Reason.BLANK, 4)
    assert plan.notes["number"].confidence is Confidence.MEDIUM


def test_a_labelled_number_is_sure_and_points_at_its_line() -> None:
    plan = parse(HEADER + "Số: 12/KH-THPTNK\n" + TITLE)
    note = plan.notes["number"]
    assert plan.number == "12/KH-THPTNK"
    assert (note.confidence, note.reason, note.line, note.text) == (
        Confidence.HIGH,
        Reason.LABELLED,
        3,
        "Số: 12/KH-THPTNK",
    )


def test_an_issuer_read_from_a_sentence_of_the_body_is_a_low_guess_with_that_sentence() -> None:
    plan = parse(
        "KẾ HOẠCH\nCông tác dân vận năm 2024\n\nTrường THPT Lê Lợi xây dựng kế hoạch như sau:\n"
        "I. NHIỆM VỤ\n1. Họp hội đồng (Chủ trì: Hiệu trưởng; Thời gian: quý 1)\n"
    )
    note = plan.notes["issuer"]
    assert plan.issuer == "Trường THPT Lê Lợi"
    assert (note.confidence, note.reason, note.line) == (Confidence.LOW, Reason.FROM_BODY, 4)


def test_a_table_without_a_heading_row_gives_guessed_columns_and_a_heading_gives_their_timing() -> None:
    plan = parse(
        HEADER + TITLE + "II. NHIỆM VỤ\n1\tHọp chi bộ\tBí thư\tChi ủy\tQuý 1\n2\tTổng kết\tBí thư\tChi ủy\tQuý 4\n"
    )
    assert [t.lead for t in plan.tasks] == ["Bí thư", "Bí thư"]
    assert {n.reason for t in plan.tasks for n in t.notes.values()} == {Reason.COLUMN_GUESSED}
    assert all(n.confidence is Confidence.MEDIUM for t in plan.tasks for n in t.notes.values())
    listed = parse(HEADER + TITLE + "II. NHIỆM VỤ\n1. Tháng 9:\n- Xây dựng kế hoạch năm học\n- Họp phụ huynh\n")
    assert [t.timing for t in listed.tasks] == ["Tháng 9", "Tháng 9"]
    assert {t.notes["timing"].reason for t in listed.tasks} == {Reason.FROM_HEADING}
    assert {t.notes["lead"].reason for t in listed.tasks} == {Reason.ABSENT}


def test_two_plans_introduced_with_thuc_hien_make_the_parent_plan_uncertain() -> None:
    plan = parse(
        HEADER + TITLE + "\n- Thực hiện Kế hoạch số 09/KH-SGDĐT ngày 05/9/2024 của Sở GD&ĐT;\n"
        "- Thực hiện Kế hoạch số 15/KH-UBND ngày 10/8/2024 của UBND thành phố;\n"
        "I. NHIỆM VỤ\n1. Họp hội đồng (Thời gian: quý 1)\n"
    )
    note = plan.notes["parent_plan"]
    assert plan.parent_plan.number in ("09/KH-SGDĐT", "15/KH-UBND")
    assert (note.confidence, note.reason) == (Confidence.LOW, Reason.SEVERAL_CANDIDATES)


def test_the_json_keeps_the_scorer_keys_and_adds_the_confidence_of_each_field() -> None:
    result = json.loads(json.dumps(parse(FIXTURE.read_text(encoding="utf-8")).to_json()))
    assert result["number"] is None and result["date"] == "2024-09-16"
    assert result["confidence"]["number"] == {"confidence": "low", "reason": "absent", "line": None, "text": ""}
    assert result["tasks"][1]["confidence"]["lead"]["reason"] == "several_candidates"
    assert result["parent_plan"] == {
        "number": "09/KH-SGDĐT",
        "date": "2024-09-05",
        "issuer": "Sở Giáo dục và Đào tạo Hải Phòng",
        "title": "công tác dân vận",
        "type": "Kế hoạch",
    }
