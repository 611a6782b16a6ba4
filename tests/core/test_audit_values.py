"""The audit page shows recorded structured values in words, never as Python's {'key': …} or [{…}]."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from danvan.core import audit
from danvan.emulation.models import UnitEvaluation
from tests.plans.fixtures_plans import simple_plan

pytestmark = pytest.mark.django_db


def _changes_on_page(client) -> str:
    return html.unescape(client.get(reverse("core:audit_list")).content.decode())


def test_a_plan_s_sections_and_review_notes_read_as_words(principal_client, school):
    plan = simple_plan(school, year=2026)
    audit.record(
        "plans.plan.changed",
        obj=plan,
        changes={
            "sections": [None, {"purposes": ["Nâng cao nhận thức", "Phát huy dân chủ"], "requirements": ["Đúng hạn"]}],
            "review_notes": [
                None,
                [
                    {"kind": "source", "plan": 1, "year": 2025},
                    {"kind": "section", "key": "purposes", "n": 2, "years": ["2025"]},
                ],
            ],
        },
    )
    page = _changes_on_page(principal_client)
    assert "Các phần: — → Mục đích: Nâng cao nhận thức; Phát huy dân chủ | Yêu cầu: Đúng hạn" in page
    assert "Sao từ kế hoạch năm 2025; Mục đích, ý 2: vẫn ghi năm 2025" in page
    assert "{'" not in page and "[{" not in page


def test_a_score_sheet_reads_as_criteria_with_their_scores(principal_client, school):
    plan = simple_plan(school, year=2026)
    audit.record(
        "plans.plan.changed",
        obj=plan,
        changes={
            "import_warnings": [
                None,
                [
                    {"name": "Tuyên truyền, quán triệt", "max": 20, "score": 14.5},
                    {"name": "Dân chủ ở cơ sở", "score": 9.0},
                ],
            ]
        },
    )
    page = _changes_on_page(principal_client)
    assert "Tuyên truyền, quán triệt: 14,5/20; Dân chủ ở cơ sở: 9" in page


def test_a_long_value_is_shortened_in_the_table():
    text = audit.value_text(UnitEvaluation._meta.get_field("scores"), [{"name": "x" * 1000, "score": 1.0}])
    assert len(text) == audit.MAX_VALUE_TEXT and text.endswith("…")
