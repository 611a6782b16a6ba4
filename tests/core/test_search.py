"""The global search: plans, tasks, petitions (by code and by content words), documents and people, each scoped
like its list page; another school's objects never appear, the denouncer is never found by name."""

from __future__ import annotations

import re

import pytest

from danvan.core.testing import client_for
from danvan.dissemination.models import LegalDocument
from danvan.org.models import Person
from danvan.petitions.choices import Kind
from tests.petitions.factories import register
from tests.plans.fixtures_plans import simple_plan

pytestmark = pytest.mark.django_db

WORD = "Tuyên truyền"


def _world(personas):
    """Give both schools a plan, a task, a petition and a person with the same words."""
    made = {}
    for school, actor in ((personas.school, personas.principal), (personas.other_school, personas.other_principal)):
        plan = simple_plan(school, year=2026, tasks=1, number=7)
        plan.title = f"Kế hoạch {WORD} pháp luật năm 2026 của {school.code}"
        plan.save()
        task = plan.tasks.get()
        task.content = f"{WORD} Luật Thực hiện dân chủ ở cơ sở tại {school.code}"
        task.save()
        petition = register(
            school,
            actor,
            kind=Kind.TO_CAO,
            content=f"Tôi là Nguyễn Thị Hoa. Đề nghị {WORD} về học phí tại {school.code}.",
        )
        person = Person.objects.create(organisation=school, full_name=f"Trần Văn Tuyên {school.code}")
        made[school.code] = {"plan": plan, "task": task, "petition": petition, "person": person}
    LegalDocument.objects.create(number="23-QĐ/TW", title="Quy chế công tác dân vận, tuyên truyền", issuer="BCT")
    return made


def _page(user, **params):
    response = client_for(user).get("/tim-kiem/", params)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_each_kind_is_found_and_another_schools_objects_never_appear(personas):
    made = _world(personas)
    html = _page(personas.principal, q="tuyen truyen")  # without diacritics
    own, other = made["THPTNK"], made["THPTTP"]
    for kind in ("plans", "tasks", "petitions", "documents"):
        assert f'data-kind="{kind}"' in html, kind
    assert f"/ke-hoach/{own['plan'].pk}/" in html and f"/ke-hoach/nhiem-vu/{own['task'].pk}/" in html
    assert f"/don-thu/{own['petition'].pk}/" in html and "23-QĐ/TW" in html
    assert "THPTTP" not in html
    assert f"/ke-hoach/{other['plan'].pk}/" not in html and f"/don-thu/{other['petition'].pk}/" not in html
    people = _page(personas.principal, q="tuyen", loai="people")
    assert "Trần Văn Tuyên THPTNK" in people and "Trần Văn Tuyên THPTTP" not in people


def test_a_petition_is_found_by_its_code_and_never_by_the_denouncers_name(personas):
    made = _world(personas)
    petition = made["THPTNK"]["petition"]
    code = petition.tracking_code
    html = _page(personas.principal, q=code.replace("-", " ").lower())
    assert f"/don-thu/{petition.pk}/" in html
    assert "Nguyễn Thị Hoa" not in html  # the subject is masked like the queue's
    assert f"/don-thu/{petition.pk}/" not in _page(personas.principal, q="Nguyễn Thị Hoa")
    # The code of another school's petition finds nothing.
    elsewhere = _page(personas.principal, q=made["THPTTP"]["petition"].tracking_code)
    assert f"/don-thu/{made['THPTTP']['petition'].pk}/" not in elsewhere and "Không tìm thấy" in elsewhere
    # A teacher reads plans but no petitions: the kind is not searched at all.
    teacher = _page(personas.teacher, q=code)
    assert 'data-kind="petitions"' not in teacher


def test_a_kind_has_pages_and_the_queries_are_bounded(personas, django_assert_max_num_queries):
    for n in range(25):
        simple_plan(personas.school, year=2000 + n, tasks=1)
    client = client_for(personas.principal)
    client.get("/tim-kiem/", {"q": "dan van"})  # warm the session and the grants
    with django_assert_max_num_queries(20):
        html = client.get("/tim-kiem/", {"q": "dan van"}).content.decode()
    assert html.count("/ke-hoach/") >= 5 and "loai=plans" in html
    first = client.get("/tim-kiem/", {"q": "dan van", "loai": "plans"}).content.decode()
    second = client.get("/tim-kiem/", {"q": "dan van", "loai": "plans", "page": "2"}).content.decode()
    assert 'rel="next"' in first and 'rel="prev"' in second and 'rel="next"' not in second
    hit = re.compile(r'<li><a href="/ke-hoach/\d+/">')
    assert len(hit.findall(first)) == 20 and len(hit.findall(second)) == 5


def test_bad_queries_are_a_message_never_an_error(personas):
    client = client_for(personas.principal)
    for q in ("a", " ", "\x00\x00"):
        response = client.get("/tim-kiem/", {"q": q})
        assert response.status_code in (200, 400) and response.status_code < 500
    short = client.get("/tim-kiem/", {"q": "a"})
    assert short.status_code == 400 and "ít nhất 2 ký tự" in short.content.decode()
    for params in (
        {"q": "x" * 1_000_000},
        {"q": "dân vận", "page": "99999999999999999999"},
        {"q": "dân vận", "loai": "không-có"},
        {"q": "%_'\"<script>"},
    ):
        assert client.get("/tim-kiem/", params).status_code in (200, 400)
    assert client_for(personas.principal).post("/tim-kiem/", {"q": "dân vận"}).status_code == 405
    anonymous = client_for(personas.principal)
    anonymous.logout()
    assert anonymous.get("/tim-kiem/", {"q": "dân vận"}).status_code == 302
