"""The unit dictionary only ever points at the organisation's own units, whoever calls the service."""

from __future__ import annotations

import pytest

from danvan.org.models import Organisation
from danvan.plans import services
from danvan.plans.models import UnitAbbreviation

pytestmark = pytest.mark.django_db


def test_it_refuses_a_unit_of_another_school(school, other_school, clerk):
    foreign = Organisation.objects.filter(tenant=other_school).exclude(pk=other_school.pk).first()
    with pytest.raises(services.PlanError):
        services.add_unit_spelling(school, actor=clerk, abbreviation="CĐ trường bạn", unit=foreign)
    assert not UnitAbbreviation.objects.exists()


def test_it_refuses_a_teacher_and_a_duplicate_spelling(school, clerk, teacher):
    unit = Organisation.objects.get(tenant=school, code="CD")
    with pytest.raises(services.PlanError):
        services.add_unit_spelling(school, actor=teacher, abbreviation="BCH CĐ", unit=unit)
    entry = services.add_unit_spelling(school, actor=clerk, abbreviation="BCH CĐ", unit=unit)
    with pytest.raises(services.PlanError):
        services.add_unit_spelling(school, actor=clerk, abbreviation="bch cd", unit=unit)
    with pytest.raises(services.PlanError):
        services.remove_unit_spelling(entry, actor=teacher)
    services.remove_unit_spelling(entry, actor=clerk)
    assert not UnitAbbreviation.objects.exists()
