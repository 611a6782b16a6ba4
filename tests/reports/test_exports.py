from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from danvan.reports import services, sources
from danvan.reports.models import Report

FAKE = {
    "tasks": {
        "total": 5,
        "done": 3,
        "done_late": 1,
        "in_progress": 1,
        "not_started": 1,
        "late": 1,
        "tasks": [
            {
                "id": 1,
                "plan_id": 1,
                "plan_title": "KH",
                "no": "1",
                "content": "Xây dựng Kế hoạch",
                "status": "done",
                "progress": 100,
                "due_on": "31/03/2023",
                "completed_on": "20/03/2023",
                "evidence_count": 2,
                "late": False,
            },
        ],
    },
    "petitions": {
        "received": 17,
        "by_kind": {"khieu-nai": 4, "to-cao": 2, "kien-nghi": 11},
        "by_channel": {"web": 10, "walk-in": 7},
        "accepted": 9,
        "not_accepted": 3,
        "resolved_on_time": 7,
        "resolved_late": 2,
        "transferred": 2,
        "guided": 1,
        "filed": 1,
        "withdrawn": 0,
        "mediations": 2,
        "mediation_outcomes": {},
        "overdue_now": 1,
        "receptions": 23,
        "receptions_by_head": 6,
        "by_month": {"2023-01": {"khieu-nai": 2, "kien-nghi": 3}, "2023-02": {"to-cao": 2}},
    },
    "dissemination": {
        "sessions": [
            {
                "id": i,
                "date": "10/03/2023",
                "documents": ["23-QĐ/TW"],
                "attendees_present": 50,
                "attendees_expected": 53,
                "organisation_id": 1,
            }
            for i in range(3)
        ],
        "attendance_total": 150,
        "attendance_expected_total": 160,
        "documents_studied": ["23-QĐ/TW", "446-QĐ/TU"],
    },
    "emulation": {
        "models": [
            {"id": 1, "name": "Cổng trường an toàn", "unit": "Đoàn TN", "status": "cong-nhan", "organisation_id": 1},
            {"id": 2, "name": "Lắng nghe cha mẹ học sinh", "unit": "", "status": "trien-khai", "organisation_id": 1},
        ],
        "models_by_status": {"cong-nhan": 1, "trien-khai": 1},
        "reward_proposals": [
            {
                "id": 1,
                "kind": "tap-the",
                "form": "giay-khen-gd",
                "nominee": "Đoàn TN",
                "status": "proposed",
                "organisation_id": 1,
            }
        ],
        "proposals_by_status": {"proposed": 1},
    },
}


@pytest.fixture
def fake_sources(monkeypatch):
    monkeypatch.setattr(sources, "fetch", lambda source, ids, start, end: dict(FAKE[source]))


@pytest.fixture
def version(obligation, clerk, principal, fake_sources):
    v = services.compile_report(obligation, actor=clerk)
    v.report.number = 7
    v.report.save(update_fields=["number"])
    return v


def _docx_text(data: bytes) -> tuple[str, int]:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    images = sum(1 for rel in doc.part.rels.values() if "image" in rel.reltype)
    return "\n".join(parts), images


def test_the_docx_has_the_nd30_heading_number_figures_and_charts(principal_client, obligation, version):
    response = principal_client.get(reverse("reports:report_export", args=[obligation.pk, "docx"]))
    assert response.status_code == 200
    text, images = _docx_text(response.content)
    assert "BÁO CÁO" in text
    assert "Số: 07/BC-THPTNK" in text
    assert "Kết quả thực hiện công tác dân vận 6 tháng đầu năm 2023" in text
    assert "tiếp nhận 17 đơn" in text and "thụ lý 9 đơn" in text  # figures filled into the narrative
    assert "đạt 77,8%" in text  # 7 on time of 9 resolved
    assert images >= 3  # on-time rate, petitions by month, task completion
    assert "Cổng trường an toàn" in text and "có 2 mô hình" in text
    assert "tổ chức 3 buổi quán triệt 2 văn bản" in text and "23-QĐ/TW" in text


def test_the_xlsx_has_the_statistical_tables(principal_client, obligation, version):
    response = principal_client.get(reverse("reports:report_export", args=[obligation.pk, "xlsx"]))
    wb = load_workbook(io.BytesIO(response.content))
    assert "Tiếp công dân, đơn thư" in wb.sheetnames
    ws = wb["Tiếp công dân, đơn thư"]
    rows = {r[0]: r[1] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert rows["Số đơn tiếp nhận"] == 17
    assert rows["Số lượt tiếp công dân"] == 23
    tasks = {r[0]: r[1] for r in wb["Kết quả thực hiện nhiệm vụ"].iter_rows(min_row=3, values_only=True)}
    assert tasks["Tổng số nhiệm vụ"] == 5 and tasks["Đã hoàn thành"] == 3


def test_the_xlsx_writes_due_and_completion_dates_as_dates_shown_dd_mm_yyyy(principal_client, obligation, version):
    response = principal_client.get(reverse("reports:report_export", args=[obligation.pk, "xlsx"]))
    ws = load_workbook(io.BytesIO(response.content))["Danh sách nhiệm vụ"]
    headers = [c.value for c in ws[2]]
    due, done = ws[3][headers.index("Hạn")], ws[3][headers.index("Hoàn thành")]
    assert due.value == dt.datetime(2023, 3, 31) and done.value == dt.datetime(2023, 3, 20)
    assert due.is_date and due.number_format == "dd/mm/yyyy" and done.number_format == "dd/mm/yyyy"


def test_the_pdf_is_built(principal_client, obligation, version):
    response = principal_client.get(reverse("reports:report_export", args=[obligation.pk, "pdf"]))
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"


def test_placeholders_are_recomputed_when_the_figures_change(obligation, clerk, version, monkeypatch):
    report = Report.objects.get(obligation=obligation)
    edited = services.save_narrative(report, actor=clerk, sections={"results": "Nhận {petitions.received} đơn."})
    assert edited.section_text("results") == "Nhận 17 đơn."
    changed = {**FAKE, "petitions": {**FAKE["petitions"], "received": 20}}
    monkeypatch.setattr(sources, "fetch", lambda source, ids, start, end: dict(changed[source]))
    again = services.compile_report(obligation, actor=clerk)
    assert again.sections["results"] == "Nhận {petitions.received} đơn."
    assert again.section_text("results") == "Nhận 20 đơn."


def test_a_missing_source_gives_an_empty_section_with_a_note(obligation, clerk, monkeypatch):
    def fetch(source, ids, start, end):
        if source == "petitions":
            return {"unavailable": sources.unavailable_note("petitions")}
        return dict(FAKE[source])

    monkeypatch.setattr(sources, "fetch", fetch)
    version = services.compile_report(obligation, actor=clerk)
    assert version.figures["notes"] == [sources.unavailable_note("petitions")]
    assert "Tiếp công dân, đơn thư" in version.section_text("results")
