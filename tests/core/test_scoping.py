from __future__ import annotations

import pytest

from danvan.core.scoping import has_perm
from danvan.org.models import Organisation, Person

pytestmark = pytest.mark.django_db


def test_a_school_user_sees_only_their_school_and_its_units(principal, school, other_school, department):
    visible = set(Organisation.objects.visible_to(principal))
    assert school in visible
    assert Organisation.objects.get(parent=school, code="BGH") in visible
    assert other_school not in visible
    assert department not in visible


def test_a_department_officer_sees_every_school_below_the_department(department_officer, school, other_school):
    visible = set(Organisation.objects.visible_to(department_officer))
    assert {school, other_school} <= visible


def test_a_department_officer_cannot_edit_a_schools_plans(department_officer, school, department):
    assert has_perm(department_officer, "plans.view", school)
    assert not has_perm(department_officer, "plans.edit", school)
    assert has_perm(department_officer, "plans.edit", department)


def test_people_of_another_school_are_invisible(principal, other_principal):
    assert not Person.objects.visible_to(principal).filter(user=other_principal).exists()
    assert Person.objects.visible_to(principal).filter(user=principal).exists()
