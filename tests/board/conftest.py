from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from danvan.board import services
from danvan.board.choices import BoardRole
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person
from danvan.workdays import services as wd


@pytest.fixture(autouse=True)
def fresh_calendar_cache():
    """Each test starts without cached calendars (rolled-back holidays must not leak)."""
    wd.invalidate()
    yield
    wd.invalidate()


@pytest.fixture
def big_school(school):
    school.staff_count = 40
    school.save(update_fields=["staff_count"])
    return school


def make_staff(org, n, prefix="Giáo viên"):
    unit = Organisation.objects.get(parent=org, code="TOCM")
    people = []
    for i in range(n):
        p = Person.objects.create(organisation=org, full_name=f"{prefix} {i + 1:02d}")
        Membership.objects.create(person=p, organisation=unit, position=Position.GIAO_VIEN)
        people.append(p)
    return people


@pytest.fixture
def staff(big_school):
    return make_staff(big_school, 10)


def roles(people, deputies=1):
    out = [(people[0], BoardRole.HEAD)]
    out += [(p, BoardRole.DEPUTY) for p in people[1 : 1 + deputies]]
    out += [(p, BoardRole.MEMBER) for p in people[1 + deputies :]]
    return out


@pytest.fixture
def board_head(big_school, personas):
    """A user holding the board head's position (board.manage, no petitions.decide)."""
    user = get_user_model().objects.create_user(
        "ttnd", "ttnd@example.invalid", personas.password, first_name="Thanh Tra"
    )
    person = Person.objects.create(organisation=big_school, full_name="Ngô Thị Thanh Tra", user=user)
    Membership.objects.create(
        person=person,
        organisation=Organisation.objects.get(parent=big_school, code="TTND"),
        position=Position.TRUONG_BAN_TTND,
    )
    return user


@pytest.fixture
def term(big_school, staff, principal):
    return services.create_term(big_school, actor=principal, elected_on=dt.date(2025, 9, 15), members=roles(staff[:5]))
