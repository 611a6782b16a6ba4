"""The demo loader: every stage present for THPT Nguyễn Khuyến, and running it twice changes nothing."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from danvan.org import demo as org_demo
from danvan.petitions.choices import Closure, Kind, State
from danvan.petitions.demo import load_demo_petitions
from danvan.petitions.models import Petition, Reception

pytestmark = pytest.mark.django_db


def test_demo_petitions_cover_every_stage_and_are_idempotent():
    org_demo.load()
    load_demo_petitions()
    count = Petition.objects.count()
    load_demo_petitions()
    assert Petition.objects.count() == count
    states = set(Petition.objects.values_list("state", flat=True))
    assert {
        State.RECEIVED,
        State.ACCEPTED,
        State.VERIFYING,
        State.TRANSFERRED,
        State.GUIDED,
        State.CLOSED,
        State.DECISION_SENT,
        State.CLASSIFIED,
    } <= states
    assert Petition.objects.filter(closure=Closure.MEDIATED).exists()
    assert Petition.objects.filter(kind=Kind.TO_CAO, identity__isnull=False).exists()
    assert Petition.objects.overdue().exists()
    second = Petition.objects.get(kind=Kind.KHIEU_NAI_LAN_2)
    assert second.organisation.code == "SGDĐT" and second.escalated_from is not None
    assert Reception.objects.filter(by_head=True).exists()


def test_the_demo_denunciation_of_the_principal_is_with_the_department_only():
    org_demo.load()
    load_demo_petitions()
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["hieutruong", "so.lanhdao"])}
    # The subject is encrypted at rest: no SQL lookup on it, find it among the rows read back.
    routed = next(p for p in Petition.objects.all() if p.subject == "[Mẫu] Tố cáo việc thu quỹ ngoài quy định")
    assert routed.routed_away and routed.handling_body.code == "SGDĐT"
    assert routed not in Petition.objects.visible_to(users["hieutruong"])
    assert routed in Petition.objects.visible_to(users["so.lanhdao"])
