from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core.testing import assert_forbidden, assert_isolated, assert_method_not_allowed, client_for
from danvan.lib.text import fold
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person

pytestmark = pytest.mark.django_db


def test_another_school_cannot_see_or_change_anything_of_ours(other_principal, school):
    membership = Membership.objects.filter(organisation__tenant=school).first()
    assert_isolated(
        other_principal,
        [
            reverse("org:organisation_detail", args=[school.pk]),
            reverse("org:staff_export", args=[school.pk]),
        ],
    )
    assert_isolated(other_principal, [reverse("org:staff_import", args=[school.pk])], methods=("get", "post"))
    assert_isolated(other_principal, [reverse("org:membership_end", args=[membership.pk])], methods=("post",))


def test_a_teacher_cannot_import_staff_or_end_positions(teacher, school):
    membership = Membership.objects.filter(organisation__tenant=school).first()
    assert_forbidden(
        teacher, [reverse("org:staff_import", args=[school.pk]), reverse("org:membership_end", args=[membership.pk])]
    )


def test_ending_a_position_needs_post(clerk, school):
    membership = Membership.objects.filter(organisation__tenant=school).first()
    assert_method_not_allowed(clerk, reverse("org:membership_end", args=[membership.pk]), "get")


def test_the_department_sees_its_schools_in_the_tree(department_officer, school, other_school):
    body = client_for(department_officer).get(reverse("org:organisation_list")).content.decode()
    assert school.name in body and other_school.name in body


def test_a_school_user_sees_only_their_school_in_the_tree(teacher, school, other_school):
    body = client_for(teacher).get(reverse("org:organisation_list")).content.decode()
    assert school.name in body and other_school.name not in body


def test_the_tree_page_uses_a_constant_number_of_queries(department_officer, django_assert_max_num_queries):
    client = client_for(department_officer)
    with django_assert_max_num_queries(12):
        client.get(reverse("org:organisation_list"))


def test_a_schools_page_lists_the_staff_of_its_units_too(principal_client, school):
    unit = Organisation.objects.filter(parent=school).exclude(code="TTND").first()
    person = Person.objects.create(organisation=school, full_name="Lê Thị Tổ Toán")
    Membership.objects.create(person=person, organisation=unit, position=Position.GIAO_VIEN)
    page = principal_client.get(reverse("org:organisation_detail", args=[school.pk])).text
    assert "Lê Thị Tổ Toán" in page and unit.name in page


def test_the_department_lists_its_schools_and_finds_a_unit_without_diacritics(department_officer, school):
    client = client_for(department_officer)
    body = client.get(reverse("org:organisation_list")).text
    unit = Organisation.objects.filter(parent=school).first()
    assert school.name in body and unit.name not in body  # units are on the school's own page
    found = client.get(reverse("org:organisation_list"), {"q": fold(unit.name)}).text
    assert unit.name in found
