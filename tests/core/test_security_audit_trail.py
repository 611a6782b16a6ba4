"""Every reader of an object sees its trail, but the addresses it was changed from only with audit.view."""

from __future__ import annotations

import pytest
from django.urls import reverse

from danvan.core import audit
from danvan.core.context import acting_as
from danvan.core.testing import client_for
from tests.plans.fixtures_plans import simple_plan

pytestmark = pytest.mark.django_db

IP = "198.51.100.77"


def test_a_teacher_sees_the_trail_without_addresses_and_the_principal_with_them(school, principal, teacher):
    plan = simple_plan(school)
    with acting_as(principal, ip_address=IP):
        audit.record("plans.plan.approved", obj=plan)
    url = reverse("plans:plan_detail", args=[plan.pk])
    as_teacher = client_for(teacher).get(url).content.decode()
    assert "Lịch sử thay đổi" in as_teacher and IP not in as_teacher
    assert IP in client_for(principal).get(url).content.decode()
