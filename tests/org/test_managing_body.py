"""A school's managing body: defaulted from the tree, recorded by the administrator, shown on the school page."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.core.testing import client_for
from danvan.org.choices import OrgKind, Position, SchoolLevel
from danvan.org.models import Membership, Organisation, Person
from danvan.org.services import OrgError, set_managing_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def commune():
    return Organisation.objects.create(kind=OrgKind.DEPARTMENT, name="UBND phường Lê Chân", code="UBNDLC")


@pytest.fixture
def admin():
    return get_user_model().objects.create_superuser("quantri", "qt@example.invalid", "pw")


@pytest.fixture
def director(department):
    user = get_user_model().objects.create_user("giamdoc", "gd@example.invalid", "pw")
    person = Person.objects.create(organisation=department, full_name="Nguyễn Văn Sở", user=user)
    Membership.objects.create(person=person, organisation=department, position=Position.LANH_DAO_SO)
    return user


def test_without_a_record_the_tree_gives_the_department(school, department):
    assert school.managing_body is None
    assert school.competent_superior() == department


def test_the_administrator_records_a_thcs_schools_commune(school, commune, admin):
    set_managing_body(school, actor=admin, school_level=SchoolLevel.THCS, managing_body=commune)
    school.refresh_from_db()
    assert school.competent_superior() == commune and school.school_level == SchoolLevel.THCS
    assert AuditEvent.objects.filter(code="org.organisation.managing_body", organisation=school).exists()


def test_the_department_head_may_record_it(school, commune, director):
    set_managing_body(school, actor=director, school_level=SchoolLevel.THPT, managing_body=None)
    assert school.school_level == SchoolLevel.THPT


def test_the_principal_may_not_move_denunciations_about_himself(school, commune, principal):
    with pytest.raises(OrgError, match="quản trị"):
        set_managing_body(school, actor=principal, school_level=SchoolLevel.THCS, managing_body=commune)


def test_a_thcs_school_left_under_the_department_is_refused(school, admin):
    with pytest.raises(OrgError, match="UBND xã/phường"):
        set_managing_body(school, actor=admin, school_level=SchoolLevel.THCS, managing_body=None)


def test_the_school_itself_or_a_school_is_not_a_managing_body(school, other_school, admin):
    with pytest.raises(OrgError):
        set_managing_body(school, actor=admin, school_level=SchoolLevel.THPT, managing_body=other_school)


def test_the_school_page_shows_the_managing_body_and_the_form_only_to_who_may_edit(
    school, department, principal, admin, commune
):
    url = reverse("org:organisation_detail", args=[school.pk])
    body = client_for(principal).get(url).content.decode()
    assert "Cơ quan quản lý trực tiếp" in body and department.name in body
    assert reverse("org:managing_body_edit", args=[school.pk]) not in body
    client = client_for(admin)
    assert reverse("org:managing_body_edit", args=[school.pk]) in client.get(url).content.decode()
    response = client.post(
        reverse("org:managing_body_edit", args=[school.pk]),
        {"school_level": SchoolLevel.THCS, "managing_body": commune.pk},
    )
    assert response.status_code == 302
    assert commune.name in client.get(url).content.decode()


def test_the_edit_page_refuses_the_principal_another_school_and_a_get(school, other_principal, principal, commune):
    url = reverse("org:managing_body_edit", args=[school.pk])
    assert client_for(other_principal).post(url, {"school_level": "THCS"}).status_code == 404
    assert client_for(principal).get(url).status_code == 405
    response = client_for(principal).post(
        url, {"school_level": SchoolLevel.THCS, "managing_body": commune.pk}, follow=True
    )
    assert "quản trị" in response.content.decode()
    school.refresh_from_db()
    assert school.managing_body is None
