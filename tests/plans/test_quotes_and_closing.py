"""Cited titles keep their quotation marks, and the school's own closing sentence survives import and export."""

from __future__ import annotations

import io

import docx
import pytest

from danvan.lib.nd30 import Paragraph
from danvan.plans import services
from danvan.plans.export import export_plan_docx, plan_document
from danvan.plans.parsing.references import cited_title
from tests.plans.fixtures_plans import import_seed
from tests.plans.parsed import parse_json

SEED_CLOSING = (
    "Trên đây là Kế hoạch thực hiện công tác dân vận năm 2023, Hiệu trưởng trường THPT Nguyễn Khuyến "
    "yêu cầu cán bộ, giáo viên, nhân viên thực hiện nghiêm túc./."
)


def test_the_seeds_directives_keep_the_quoted_words_of_their_titles(seed_bytes):
    refs = {r["number"]: r["title"] for r in parse_json(seed_bytes, filename="seed.txt")["legal_refs"]}
    # The seed writes “… xử lý” “điểm nóng”, … Thành phố”: the stray closing quote goes, the quoted words stay.
    assert refs["07-CT/TU"] == (
        "đẩy mạnh thực hiện công tác dân vận trong phòng, ngừa và xử lý “điểm nóng”, "
        "vụ việc phức tạp trên địa bàn Thành phố"
    )
    assert refs["15-CT/TU"] == (
        "đẩy mạnh thực hiện dân chủ theo phương châm “dân biết, dân bàn, dân làm, "
        "dân kiểm tra, dân giám sát, dân thụ hưởng”"
    )
    assert refs["23-QĐ/TW"] == "Quy chế công tác dân vận của hệ thống chính trị"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        (" ban hành “Quy chế công tác dân vận”; Quyết định số 1", "Quy chế công tác dân vận"),
        (" về “Tiếp tục tăng cường công tác dân vận” và Quyết định số 5-QĐ/TU", "Tiếp tục tăng cường công tác dân vận"),
        (" về tăng cường công tác dân vận và Quyết định số 5-QĐ/TU ngày 1/1/2020", "tăng cường công tác dân vận"),
        (
            " về thực hiện phong trào “Dân vận khéo” giai đoạn 2021-2025\tHiệu trưởng",
            "thực hiện phong trào “Dân vận khéo” giai đoạn 2021-2025",
        ),
        (
            " “về phòng, ngừa và xử lý” “điểm nóng”, vụ việc phức tạp”; Chỉ thị",
            "phòng, ngừa và xử lý “điểm nóng”, vụ việc phức tạp",
        ),
    ],
)
def test_a_cited_title_runs_to_the_end_of_its_clause_through_quotes(text, title):
    assert cited_title(text) == title


def test_the_parser_keeps_the_closing_sentence(seed_bytes):
    assert parse_json(seed_bytes, filename="seed.txt")["closing"] == SEED_CLOSING


@pytest.mark.django_db
def test_the_export_writes_the_schools_own_closing_sentence(school, clerk):
    plan = import_seed(school, actor=clerk)
    assert plan.closing == SEED_CLOSING
    document = docx.Document(io.BytesIO(export_plan_docx(plan.as_document_dict())))
    texts = [p.text for p in document.paragraphs]
    assert SEED_CLOSING in texts
    assert not any(t.startswith("Trên đây là Kế hoạch thực hiện công tác dân vận năm 2023 của") for t in texts)
    # Edited in the browser, then cleared: the standard sentence comes back.
    services.update_plan(plan, {"closing": ""}, actor=clerk)
    body = plan_document(plan.as_document_dict()).body
    last = [b for b in body if isinstance(b, Paragraph)][-1]
    assert last.text.startswith("Trên đây là Kế hoạch thực hiện công tác dân vận năm 2023 của trường THPT")
