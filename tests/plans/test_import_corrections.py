"""Correcting an import in its preview: what the user fixes is what is stored, checked, and audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.plans import services
from danvan.plans.models import Plan
from danvan.plans.parsing import parse_plan
from danvan.plans.services import DeadlineRow, ImportCorrections, ReferenceRow, TaskCorrection

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "unsure_number_and_lead.txt"


def url(name: str) -> str:
    return reverse(f"plans:{name}")


def parsed():
    return parse_plan(FIXTURE.read_bytes(), filename=FIXTURE.name)


def fixes(lead: str = "Phó hiệu trưởng", timing: str = "Quý 4") -> list[TaskCorrection]:
    return [
        TaskCorrection("Xây dựng và ban hành kế hoạch dân vận", "Hiệu trưởng", ("Văn thư",), "Tháng 9"),
        TaskCorrection("Tổ chức hội nghị cán bộ, công chức, viên chức", lead, ("BGH",), timing),
    ]


# ---------------------------------------------------------------- the service


def test_the_corrected_values_are_stored_and_the_import_event_lists_them(school, clerk):
    corrections = ImportCorrections(
        header={"number": "25/KH-THPTNK", "date": dt.date(2024, 9, 18), "parent_issuer": "Sở GD&ĐT Hải Phòng"},
        tasks=fixes(timing="Tháng 11, tháng 12"),
    )
    plan = services.import_plan(parsed(), organisation=school, actor=clerk, corrections=corrections)
    assert (plan.number, plan.symbol, plan.date) == (25, "KH-THPTNK", dt.date(2024, 9, 18))
    assert plan.parent_number == "09/KH-SGDĐT" and plan.parent_issuer == "Sở GD&ĐT Hải Phòng"
    second = plan.tasks.get(order=2)
    assert second.lead == "Phó hiệu trưởng" and second.timing == "Tháng 11, tháng 12"
    # The corrected timing is read again in the plan's school year 2024-2025.
    assert [(p.start, p.end) for p in second.periods.order_by("start")] == [
        (dt.date(2024, 11, 1), dt.date(2024, 11, 30)),
        (dt.date(2024, 12, 1), dt.date(2024, 12, 31)),
    ]
    assert second.due_on == dt.date(2024, 12, 31)
    event = AuditEvent.objects.get(code="plans.plan.imported")
    assert event.changes["number"] == [None, "25/KH-THPTNK"]
    assert event.changes["date"] == ["2024-09-16", "2024-09-18"]
    assert event.changes["tasks.2.lead"] == ["Hiệu trưởng hoặc Phó hiệu trưởng", "Phó hiệu trưởng"]
    assert "tasks.1.lead" not in event.changes


def test_corrected_cited_documents_and_deadlines_replace_the_parsed_ones(school, clerk):
    corrections = ImportCorrections(
        legal_refs=[ReferenceRow("23-QĐ/TW", dt.date(2021, 7, 30), "Bộ Chính trị", "Quy định về công tác dân vận")],
        report_deadlines=[DeadlineRow("Báo cáo tổng kết", dt.date(2025, 5, 30), "Sở GD&ĐT")],
    )
    plan = services.import_plan(parsed(), organisation=school, actor=clerk, corrections=corrections)
    assert list(plan.legal_refs.values_list("number", "title")) == [("23-QĐ/TW", "Quy định về công tác dân vận")]
    assert list(plan.report_deadlines.values_list("name", "due")) == [("Báo cáo tổng kết", dt.date(2025, 5, 30))]
    assert set(AuditEvent.objects.get(code="plans.plan.imported").changes) == {"legal_refs", "report_deadlines"}


def test_a_deadline_outside_the_plans_years_is_refused_as_in_the_plan_form(school, clerk):
    corrections = ImportCorrections(report_deadlines=[DeadlineRow("Báo cáo", dt.date(2031, 1, 1))])
    with pytest.raises(services.PlanError) as error:
        services.import_plan(parsed(), organisation=school, actor=clerk, corrections=corrections)
    assert error.value.field == "report_deadlines" and "2024" in str(error.value)
    assert not Plan.objects.exists()


def test_a_removed_task_is_not_imported_and_a_task_list_that_does_not_match_is_refused(school, clerk):
    first, second = fixes()
    plan = services.import_plan(
        parsed(),
        organisation=school,
        actor=clerk,
        corrections=ImportCorrections(tasks=[first, TaskCorrection("", delete=True)]),
    )
    assert list(plan.tasks.values_list("content", flat=True)) == [first.content]
    with pytest.raises(services.PlanError):
        services.import_plan(parsed(), organisation=school, actor=clerk, corrections=ImportCorrections(tasks=[first]))


def test_without_corrections_the_parsed_plan_is_stored_as_read(school, clerk):
    plan = services.import_plan(parsed(), organisation=school, actor=clerk)
    assert plan.number is None and plan.tasks.get(order=2).lead == "Hiệu trưởng hoặc Phó hiệu trưởng"
    assert list(plan.report_deadlines.values_list("due", flat=True)) == [dt.date(2025, 1, 15)]
    assert AuditEvent.objects.get(code="plans.plan.imported").changes == {}


# ---------------------------------------------------------------- the preview page


def preview(client) -> tuple[Any, dict[str, str]]:
    """Upload the fixture and return the preview response and its form as a browser would post it."""
    response = client.post(url("plan_import"), {"file": SimpleUploadedFile(FIXTURE.name, FIXTURE.read_bytes())})
    assert response.status_code == 200
    ctx = response.context
    data: dict[str, str] = {}
    forms = [ctx["form"]]
    for formset in (ctx["refs"], ctx["deadlines"], ctx["task_forms"]):
        forms += [formset.management_form, *formset.forms]
    for form in forms:
        for field in form:
            value = field.field.widget.format_value(field.value())
            if value not in (None, False) and field.name not in ("create_units", "DELETE"):
                data[field.html_name] = str(value)
    return response, data


def test_the_preview_highlights_the_missing_number_and_the_ambiguous_lead_with_their_lines(clerk_client):
    response, _data = preview(clerk_client)
    body = response.content.decode()
    assert 'id="review-number" data-confidence="low" data-reason="absent"' in body
    assert "unsure" in body.split('id="review-number"')[0].rsplit("<div", 1)[1]
    row = body.split('id="task-2"')[1].split("</tr>")[0]
    assert 'class="unsure" data-field="lead" data-confidence="low"' in row
    assert (
        "dòng 14: «2 Tổ chức hội nghị cán bộ, công chức, viên chức Hiệu trưởng hoặc Phó hiệu trưởng BGH Quý 4»" in row
    )
    first = body.split('id="task-1"')[1].split('id="task-2"')[0]
    assert "unsure" not in first
    summary = body.split('id="unsure"')[1].split("</section>")[0]  # what to check, listed first
    assert 'data-field="number"' in summary and 'data-task="2"' in summary and 'data-task="1"' not in summary


def test_the_preview_stores_what_the_user_corrected(clerk_client):
    _response, data = preview(clerk_client)
    assert data["date"] == "16/09/2024" and data["tasks-1-lead"] == "Hiệu trưởng hoặc Phó hiệu trưởng"
    data.update(
        {
            "number": "25/KH-THPTNK",
            "date": "18/09/2024",
            "tasks-1-lead": "Phó hiệu trưởng",
            "tasks-1-units": "BGH\nĐoàn thanh niên",
            "title": "Công tác dân vận năm học 2024 - 2025",
        }
    )
    response = clerk_client.post(url("plan_import_confirm"), data)
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert (plan.number_symbol, plan.date, plan.title) == (
        "25/KH-THPTNK",
        dt.date(2024, 9, 18),
        "Công tác dân vận năm học 2024 - 2025",
    )
    assert plan.tasks.get(order=2).lead == "Phó hiệu trưởng"
    assert plan.tasks.get(order=2).units_text == ["BGH", "Đoàn thanh niên"]
    assert list(plan.report_deadlines.values_list("due", flat=True)) == [dt.date(2025, 1, 15)]
    assert plan.legal_refs.filter(number="09/KH-SGDĐT").exists()


BAD = {  # field → (value, what its error says)
    "date": ("31/02/2024", "Nhập một ngày hợp lệ"),
    "parent_date": ("01/01/0001", "trong các năm 2000–2100"),
    "number": ("99999999999999999999/KH", "quá lớn"),
    "year": ("99999", "2100"),
    "tasks-0-timing": ("Quý 7", "quý 1 đến quý 4"),
    "tasks-1-content": ("", "bắt buộc"),
    "deadlines-0-due": ("45/13/2024", "Nhập một ngày hợp lệ"),
}


def test_bad_corrections_stay_on_the_preview_each_with_its_field_error(clerk_client):
    _response, data = preview(clerk_client)
    data.update({field: value for field, (value, _message) in BAD.items()})
    response = clerk_client.post(url("plan_import_confirm"), data)
    assert response.status_code == 400
    ctx = response.context
    errors = {name: " ".join(ctx["form"].errors.get(name, [])) for name in ("date", "parent_date", "number", "year")}
    errors["tasks-0-timing"] = " ".join(ctx["task_forms"].forms[0].errors.get("timing", []))
    errors["tasks-1-content"] = " ".join(ctx["task_forms"].forms[1].errors.get("content", []))
    errors["deadlines-0-due"] = " ".join(ctx["deadlines"].forms[0].errors.get("due", []))
    for field, (_value, message) in BAD.items():
        assert message.lower() in errors[field].lower(), field
    assert not Plan.objects.exists()
    _response, data = preview(clerk_client)
    data["number"] = "KH-THPTNK"  # a symbol without its number
    assert "12/KH-THPT" in clerk_client.post(url("plan_import_confirm"), data).content.decode()
    data["number"], data["title"] = "", "Kế hoạch\x00"
    assert clerk_client.post(url("plan_import_confirm"), data).status_code == 400  # NUL: refused, never stored
    assert not Plan.objects.exists()


def test_a_task_list_posted_for_another_document_is_refused_without_an_error_page(clerk_client):
    _response, data = preview(clerk_client)
    data["tasks-TOTAL_FORMS"] = "1"
    response = clerk_client.post(url("plan_import_confirm"), data)
    assert response.status_code == 400
    assert "không khớp" in response.content.decode()
    assert not Plan.objects.exists()
