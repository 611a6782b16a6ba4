"""Dissemination's state changes — a study session recorded, its attendance marked — and the attendance page's
POST run within a query budget, whatever the number of staff (the attendance is written in bulk)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danvan.core.testing import client_for
from danvan.dissemination import services
from danvan.org.models import Membership, Organisation, Person

pytestmark = pytest.mark.django_db

BUDGET = 10


def _more_staff(school, n):
    unit = Organisation.objects.get(parent=school, code="TOCM")
    for i in range(n):
        p = Person.objects.create(organisation=school, full_name=f"Giáo viên {i:02d}")
        Membership.objects.create(person=p, organisation=unit, position="GIAO_VIEN")


def test_a_session_is_recorded(school, principal, docs, django_assert_max_num_queries):
    with django_assert_max_num_queries(BUDGET):
        services.create_session(
            school, actor=principal, title="Hội nghị quán triệt", held_on=dt.date(2023, 2, 20), documents=docs
        )


@pytest.mark.parametrize("staff", [0, 10])
def test_attendance_costs_the_same_for_3_or_13_staff(
    school, session, principal, clerk, teacher, staff, django_assert_max_num_queries
):
    _more_staff(school, staff)
    with django_assert_max_num_queries(BUDGET):
        services.record_attendance(session, actor=principal, present=[clerk.person.pk, teacher.person.pk])


def test_the_attendance_page_posts_within_budget(session, principal, clerk, django_assert_max_num_queries):
    client = client_for(principal)
    # The request's reads (session, user, memberships, the session and the school's staff for the form's choices).
    with django_assert_max_num_queries(13):
        response = client.post(
            reverse("dissemination:session_attendance", args=[session.pk]), {"present": [clerk.person.pk]}
        )
    assert response.status_code == 302
