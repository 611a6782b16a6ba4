"""GET /me, organisations and the deadline calculator."""

from __future__ import annotations

import datetime as dt

import pytest

from danvan.core.scoping import perms_anywhere
from danvan.core.testing import client_for
from danvan.org.models import Organisation
from danvan.workdays import services
from tests.api.conftest import API

pytestmark = pytest.mark.django_db


def test_me_lists_positions_and_permissions(api_principal, principal, school):
    body = api_principal.get(f"{API}/me").json()
    assert body["id"] == principal.pk and body["full_name"] == "Phạm Huy Hùng"
    assert [(p["position"], p["tenant"]["id"]) for p in body["positions"]] == [("HIEU_TRUONG", school.pk)]
    assert body["positions"][0]["position_label"] == "Hiệu trưởng"
    assert "petitions.identity" in body["permissions"] and body["permissions"] == sorted(body["permissions"])


def test_a_teachers_permissions_are_the_same_through_a_token(api_teacher, teacher):
    by_token = api_teacher.get(f"{API}/me").json()["permissions"]
    by_session = client_for(teacher).get(f"{API}/me").json()["permissions"]
    assert by_token == by_session == sorted(perms_anywhere(teacher))
    assert "petitions.view" not in by_token


def test_organisations_are_scoped_to_the_callers_school(api_principal, api_department, school, other_school):
    ours = api_principal.get(f"{API}/organisations").json()
    ids = {o["id"] for o in ours["items"]}
    assert school.pk in ids and other_school.pk not in ids
    assert ours["count"] == len(ids) == 7  # the school and its six standard units
    assert api_department.get(f"{API}/organisations", {"kind": "TRUONG"}).json()["count"] == 2
    units = api_principal.get(f"{API}/organisations", {"parent": school.pk}).json()
    assert units["count"] == 6 and {o["kind"] for o in units["items"]} == {"BO_PHAN"}


def test_an_organisation_shows_its_units_and_members(api_principal, school, principal):
    bgh = Organisation.objects.get(parent=school, code="BGH")
    body = api_principal.get(f"{API}/organisations/{school.pk}").json()
    assert body["code"] == "THPTNK" and body["kind_label"]
    assert {"id": bgh.pk, "name": bgh.name} in body["children"]
    members = api_principal.get(f"{API}/organisations/{bgh.pk}").json()["members"]
    assert [m["full_name"] for m in members] == ["Phạm Huy Hùng"]


def test_another_school_gets_404_on_an_organisation(api_other, school):
    assert api_other.get(f"{API}/organisations/{school.pk}").status_code == 404


def test_the_deadline_calculator_counts_working_days_on_the_callers_calendar(api_teacher, school):
    # Tố cáo, xử lý đơn: 7 working days (Luật Tố cáo 2018 Điều 24(1)); the span crosses the 2/9 holidays.
    # The arithmetic is the workdays app's: this checks the door gives the service's answer.
    response = api_teacher.get(f"{API}/workdays/deadline", {"kind": "to-cao", "step": "xu-ly", "from": "2025-08-28"})
    assert response.status_code == 200
    body = response.json()
    expected = services.compute_deadline("to-cao", "xu-ly", dt.date(2025, 8, 28), organisation=school)
    assert body["due"] == expected.due.isoformat()
    assert body["citation"] == expected.rule.citation
    assert body["start"] == "2025-08-28" and body["organisation"]["id"] == school.pk
    # 29/8, then 1–2/9 off (National Day 2025), 3, 4, 5, 8, 9, 10/9: the 7th working day is 10/9.
    assert body["due"] == "2025-09-10" and body["unit"] == "working" and body["amount"] == 7
    assert isinstance(body["working_days_left"], int)


def test_the_deadline_calculator_accepts_dd_mm_yyyy_and_reports_service_errors(api_teacher, school):
    assert (
        api_teacher.get(
            f"{API}/workdays/deadline", {"kind": "to-cao", "step": "xu-ly", "from": "28/08/2025"}
        ).status_code
        == 200
    )
    bad = api_teacher.get(f"{API}/workdays/deadline", {"kind": "xyz", "step": "xu-ly", "from": "2025-08-28"})
    assert bad.status_code == 400
    assert "Loại việc không hợp lệ" in bad.json()["detail"]
    bad_date = api_teacher.get(f"{API}/workdays/deadline", {"kind": "to-cao", "step": "xu-ly", "from": "31/02/2025"})
    assert bad_date.status_code == 400 and "Ngày không hợp lệ" in bad_date.json()["detail"]
    missing = api_teacher.get(f"{API}/workdays/deadline", {"kind": "to-cao"})
    assert missing.status_code == 422 and "step" in missing.json()["detail"]


def test_the_deadline_calculator_refuses_another_schools_calendar(api_teacher, other_school):
    response = api_teacher.get(
        f"{API}/workdays/deadline",
        {"kind": "to-cao", "step": "xu-ly", "from": "2025-08-28", "organisation": other_school.pk},
    )
    assert response.status_code == 404
