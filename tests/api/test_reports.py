"""Report endpoints: obligations with their status, one compiled report, scoping."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from danvan.reports.models import ReportObligation
from tests.api.conftest import API

pytestmark = pytest.mark.django_db


def test_it_lists_our_obligations_with_the_report_id(api_principal, reports):
    body = api_principal.get(f"{API}/reports/obligations").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == reports["ours"].pk
    assert item["report_id"] == reports["report"].pk
    assert item["period_start"] == "2022-12-15" and item["due"] == "2023-06-15"
    # Past due and never sent: the time-derived status is "missing", as on the page.
    assert item["status"] == "missing" and item["status_label"]


def test_the_department_sees_every_schools_obligation(api_department, reports):
    assert api_department.get(f"{API}/reports/obligations").json()["count"] == 2
    assert api_department.get(f"{API}/reports/{reports['report'].pk}").status_code == 200


def test_it_filters_obligations(api_department, reports):
    assert api_department.get(f"{API}/reports/obligations", {"year": 2023}).json()["count"] == 2
    assert api_department.get(f"{API}/reports/obligations", {"year": 2024}).json()["count"] == 0
    assert (
        api_department.get(f"{API}/reports/obligations", {"organisation": reports["theirs"].organisation_id}).json()[
            "count"
        ]
        == 1
    )
    assert api_department.get(f"{API}/reports/obligations", {"status": "accepted"}).json()["count"] == 0


def test_it_shows_a_report_with_sections_and_figures(api_principal, reports):
    body = api_principal.get(f"{API}/reports/{reports['report'].pk}").json()
    assert body["state"] == "draft" and body["version"] == 1
    assert body["obligation"]["id"] == reports["ours"].pk
    assert [s["key"] for s in body["sections"]] == ["results", "limitations", "lessons", "next_tasks", "proposals"]
    assert isinstance(body["figures"], dict) and body["figures"]


def test_another_school_gets_404_on_our_obligation_and_report(api_other, reports):
    assert api_other.get(f"{API}/reports/obligations/{reports['ours'].pk}").status_code == 404
    assert api_other.get(f"{API}/reports/{reports['report'].pk}").status_code == 404
    assert api_other.get(f"{API}/reports/obligations").json()["count"] == 1


def test_the_obligation_list_uses_a_constant_number_of_queries(
    api_department, reports, school, django_assert_max_num_queries
):
    for i in range(10):
        ReportObligation.objects.create(
            organisation=school,
            kind="quy",
            title=f"Quý {i}",
            period_start=dt.date(2024, 1, 1),
            period_end=dt.date(2024, 3, 31),
            due=dt.date(2030, 4, 5),
        )
    with django_assert_max_num_queries(12):
        assert api_department.get(f"{API}/reports/obligations").json()["count"] == 12


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_school_signs_and_sends_then_the_department_returns_with_a_reason(api_principal, api_department, reports):
    url = f"{API}/reports/{reports['report'].pk}/transitions"
    assert _post(api_principal, url, {"action": "sign"}).json()["state"] == "signed"
    sent = _post(api_principal, url, {"action": "submit"}).json()
    assert sent["state"] == "submitted" and sent["submitted_late"] is True
    # The school cannot review its own report; the Department must give a reason to return it.
    assert _post(api_principal, url, {"action": "accept"}).status_code == 403
    no_reason = _post(api_department, url, {"action": "return"})
    assert no_reason.status_code == 409 and "lý do" in no_reason.json()["detail"]
    returned = _post(api_department, url, {"action": "return", "note": "Thiếu số liệu đơn thư"}).json()
    assert returned["state"] == "returned" and returned["review_comment"] == "Thiếu số liệu đơn thư"


def test_a_teacher_and_another_school_cannot_sign(api_teacher, api_other, reports):
    url = f"{API}/reports/{reports['report'].pk}/transitions"
    assert _post(api_teacher, url, {"action": "sign"}).status_code == 403
    assert _post(api_other, url, {"action": "sign"}).status_code == 404


def test_compiling_runs_in_the_background_and_the_job_can_be_polled(
    api_principal, reports, django_capture_on_commit_callbacks
):
    response = _post(api_principal, f"{API}/reports/obligations/{reports['theirs'].pk}/compile", {})
    assert response.status_code == 404  # another school's obligation
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(api_principal, f"{API}/reports/obligations/{reports['ours'].pk}/compile", {})
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "queued" and job["done"] is False
    polled = api_principal.get(f"{API}/reports/jobs/{job['id']}").json()
    # The task was enqueued after commit and tests run it at once (ImmediateBackend).
    assert polled["done"] is True and polled["status"] == "done" and polled["percent"] == 100
    assert polled["report_id"] == reports["report"].pk
    assert api_principal.get(f"{API}/reports/{reports['report'].pk}").json()["version"] == 2


def test_a_signed_report_cannot_be_recompiled_and_a_teacher_cannot_compile(
    api_principal, api_teacher, api_other, reports
):
    _post(api_principal, f"{API}/reports/{reports['report'].pk}/transitions", {"action": "sign"})
    url = f"{API}/reports/obligations/{reports['ours'].pk}/compile"
    response = _post(api_principal, url, {})
    assert response.status_code == 409 and response.json()["detail"]
    assert _post(api_teacher, url, {}).status_code == 403
    job = _post(api_principal, f"{API}/reports/obligations/{reports['ours'].pk}/compile", {})
    assert job.status_code == 409


def test_another_school_cannot_poll_our_job(api_principal, api_other, reports):
    job = _post(api_principal, f"{API}/reports/obligations/{reports['ours'].pk}/compile", {}).json()
    assert api_other.get(f"{API}/reports/jobs/{job['id']}").status_code == 404
