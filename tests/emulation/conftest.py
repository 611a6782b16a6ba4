from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from danvan.emulation import services
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person

D = dt.date


@pytest.fixture
def campaign(school, principal):
    return services.create_campaign(
        school,
        actor=principal,
        title="Dân vận khéo năm 2023",
        year=2023,
        criteria="Sáng tạo\nHiệu quả",
        registration_opens=D(2023, 2, 1),
        registration_closes=D(2023, 3, 31),
    )


@pytest.fixture
def unit(school):
    return Organisation.objects.get(parent=school, code="DOAN")


@pytest.fixture
def model(campaign, school, principal, unit):
    return services.register_model(
        campaign,
        school,
        actor=principal,
        unit=unit,
        registered_on=D(2023, 2, 20),
        name="Thanh niên tình nguyện",
        objectives="Hỗ trợ 30 học sinh",
    )


@pytest.fixture
def dept_head(department, personas):
    user = get_user_model().objects.create_user("giamdoc", "gd@example.invalid", personas.password)
    person = Person.objects.create(organisation=department, full_name="Giám đốc Sở", user=user)
    Membership.objects.create(person=person, organisation=department, position=Position.LANH_DAO_SO)
    return user
