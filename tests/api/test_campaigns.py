"""Emulation campaigns and models; documents to study and study sessions (read only)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from danvan.dissemination import services as dissemination_services
from danvan.emulation import services as emulation_services
from tests.api.conftest import API

pytestmark = pytest.mark.django_db


@pytest.fixture
def emulation(school, other_school, department):
    today = timezone.localdate()
    dept = emulation_services.create_campaign(
        department,
        actor=None,
        title="Dân vận khéo toàn ngành",
        year=today.year,
        for_subordinates=True,
        criteria="Hiệu quả\nNhân rộng",
    )
    ours = emulation_services.create_campaign(school, actor=None, title="Dân vận khéo của trường", year=today.year)
    theirs = emulation_services.create_campaign(
        other_school, actor=None, title="Phong trào trường bạn", year=today.year
    )
    model = emulation_services.register_model(ours, school, actor=None, name="Mô hình cổng trường an toàn")
    emulation_services.register_model(theirs, other_school, actor=None, name="Mô hình trường bạn")
    return {"dept": dept, "ours": ours, "theirs": theirs, "model": model}


@pytest.fixture
def study(school, other_school):
    doc = dissemination_services.ensure_legal_documents(
        [{"number": "23-QĐ/TW", "date": "2021-07-30", "issuer": "Bộ Chính trị", "title": "Quy chế công tác dân vận"}]
    )[0]
    ours = dissemination_services.create_session(
        school,
        actor=None,
        title="Quán triệt Quy chế dân vận",
        held_on=timezone.localdate() - dt.timedelta(days=3),
        documents=[doc],
    )
    dissemination_services.create_session(
        other_school, actor=None, title="Buổi của trường bạn", held_on=timezone.localdate(), documents=[doc]
    )
    return {"doc": doc, "ours": ours}


def test_campaigns_include_the_departments_call_but_not_another_schools(api_teacher, emulation):
    body = api_teacher.get(f"{API}/emulation/campaigns").json()
    titles = {c["title"] for c in body["items"]}
    assert titles == {"Dân vận khéo toàn ngành", "Dân vận khéo của trường"}
    dept = next(c for c in body["items"] if c["id"] == emulation["dept"].pk)
    assert dept["criteria"] == ["Hiệu quả", "Nhân rộng"] and dept["for_subordinates"] is True


def test_models_are_scoped_and_filtered(api_teacher, api_other, emulation):
    body = api_teacher.get(f"{API}/emulation/models").json()
    assert [m["name"] for m in body["items"]] == ["Mô hình cổng trường an toàn"]
    assert body["items"][0]["status"] == "dang-ky" and body["items"][0]["status_label"]
    assert api_teacher.get(f"{API}/emulation/models", {"campaign": emulation["theirs"].pk}).json()["count"] == 0
    assert api_other.get(f"{API}/emulation/models").json()["count"] == 1


def test_documents_count_only_the_sessions_the_caller_may_see(api_teacher, api_department, study):
    body = api_teacher.get(f"{API}/dissemination/documents").json()
    assert body["count"] == 1 and body["items"][0]["number"] == "23-QĐ/TW"
    assert body["items"][0]["sessions"] == 1
    assert api_department.get(f"{API}/dissemination/documents").json()["items"][0]["sessions"] == 2
    assert api_teacher.get(f"{API}/dissemination/documents", {"q": "cong tac dan van"}).json()["count"] == 1
    assert api_teacher.get(f"{API}/dissemination/documents", {"q": "23-qđ/tw"}).json()["count"] == 1


def test_sessions_are_scoped_with_their_documents(api_teacher, study):
    body = api_teacher.get(f"{API}/dissemination/sessions").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == study["ours"].pk and item["present_count"] == 0
    assert item["documents"][0]["id"] == study["doc"].pk and "23-QĐ/TW" in item["documents"][0]["name"]
    assert api_teacher.get(f"{API}/dissemination/sessions", {"document": study["doc"].pk}).json()["count"] == 1
