"""Whatever the input, the parser returns a complete ParsedPlan or raises PlanParseError — nothing else."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danvan.plans.parsing import Confidence, ParsedPlan, PlanParseError, Reason, parse_plan
from danvan.plans.parsing.result import NOTED_FIELDS, TASK_NOTED_FIELDS

from .test_parsing_docx_pdf import build_docx

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
    "confidence",
}
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
DOCX = build_docx()


def check(data: bytes | str) -> None:
    """Parse data: a PlanParseError is an answer; otherwise the plan is whole and every note is well formed."""
    try:
        plan = parse_plan(data)
    except PlanParseError:
        return
    assert isinstance(plan, ParsedPlan)
    result = json.loads(json.dumps(plan.to_json()))  # what the CLI prints: plain JSON values only
    assert KEYS <= set(result)
    assert set(plan.notes) == set(NOTED_FIELDS)
    for task in plan.tasks:
        assert set(task.notes) == set(TASK_NOTED_FIELDS)
        assert task.content
    for note in [*plan.notes.values(), *(n for t in plan.tasks for n in t.notes.values())]:
        assert isinstance(note.confidence, Confidence) and isinstance(note.reason, Reason)
        # A value with no evidence is left empty and says so; a note that names a line quotes it.
        assert note.line is None or (note.line >= 1 and note.text)
        assert len(note.text) <= 300
    for warning in result["warnings"]:
        assert set(warning) == {"line", "message"}
    # What the parser did not find is empty and noted as such, and what it shows is never noted as absent.
    found = {
        "number": plan.number,
        "date": plan.date,
        "title": plan.title,
        "issuer": plan.issuer,
        "year": plan.year,
        "parent_plan": plan.parent_plan.number,
        "signer": plan.signer.name,
    }
    for key, value in found.items():
        assert plan.notes[key].absent == (not value), key
    for task in plan.tasks:
        for key, value in (("lead", task.lead), ("units", task.units), ("timing", task.timing)):
            assert task.notes[key].absent == (not value), key


@st.composite
def mutated_lines(draw: st.DrawFn, lines: list[str]) -> str:
    out = list(lines)
    for _ in range(draw(st.integers(0, 12))):
        if not out:
            break
        index = draw(st.integers(0, len(out) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "cut"]))
        if action == "delete":
            del out[index]
        elif action == "duplicate":
            out.insert(index, out[index])
        elif action == "swap":
            other = draw(st.integers(0, len(out) - 1))
            out[index], out[other] = out[other], out[index]
        elif action == "insert":
            position = draw(st.integers(0, len(out[index])))
            noise = draw(st.text(min_size=1, max_size=12))
            out[index] = out[index][:position] + noise + out[index][position:]
        else:
            out[index] = out[index][: draw(st.integers(0, len(out[index])))]
    return "\n".join(out)


@SETTINGS
@given(data=st.data())
def test_mutated_seed_text_never_breaks_the_parser(seed_text: str, data: st.DataObject) -> None:
    check(data.draw(mutated_lines(seed_text.split("\n"))))


@SETTINGS
@given(data=st.data())
def test_shuffled_seed_lines_never_break_the_parser(seed_text: str, data: st.DataObject) -> None:
    check("\n".join(data.draw(st.permutations(seed_text.split("\n")))))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_never_break_the_parser(data: bytes) -> None:
    check(data)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400))
def test_random_text_never_breaks_the_parser(text: str) -> None:
    check(text)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, len(DOCX)))
def test_truncated_docx_raises_only_plan_parse_errors(size: int) -> None:
    check(DOCX[:size])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, len(DOCX) - 1), st.binary(min_size=1, max_size=16))
def test_corrupt_docx_bytes_raise_only_plan_parse_errors(offset: int, noise: bytes) -> None:
    check(DOCX[:offset] + noise + DOCX[offset + len(noise) :])


def test_a_zip_that_is_not_a_docx_is_refused() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    with pytest.raises(PlanParseError, match="không phải DOCX"):
        parse_plan(out.getvalue())


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "\t",
                "|",
                "-",
                "1.",
                "a)",
                "I.",
                "Nơi nhận:",
                "KẾ HOẠCH",
                "Quý 1",
                "ngày 1/1/2020",
                "Số: 1/KH-A",
                "\n",
                " ",
                "HIỆU TRƯỞNG",
                "Nguyễn Văn A",
                "trước ngày 5/6",
                "báo cáo",
                "Thực hiện Kế hoạch số 9/KH-SGDĐT",
                "năm học 2020-2021",
                "STT\tNội dung\tThời gian",
            ]
        ),
        max_size=60,
    )
)
def test_plan_shaped_noise_never_breaks_the_parser(pieces: list[str]) -> None:
    check("".join(pieces))
