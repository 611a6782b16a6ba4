from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.core.testing import client_for
from danvan.lib import tracking
from danvan.petitions import services
from danvan.petitions.choices import Kind, State
from danvan.petitions.identity import search_q
from danvan.petitions.models import Petition, PetitionIdentity
from tests.petitions.factories import register

pytestmark = pytest.mark.django_db


def _petition(school, **kw):
    defaults = {
        "organisation": school,
        "received_at": timezone.now(),
        "subject": "Học phí",
        "content": "Nội dung",
        "kind": Kind.KIEN_NGHI,
    }
    defaults.update(kw)
    return Petition.objects.create(**defaults)


def test_a_new_petition_gets_a_valid_tracking_code_and_its_school_as_handling_body(school):
    p = _petition(school)
    assert tracking.is_valid(p.tracking_code)
    assert p.handling_body_id == school.id
    assert p.state == State.RECEIVED


def test_a_drawn_code_already_in_use_is_drawn_again_inside_the_same_transaction(school, principal, monkeypatch):
    first = _petition(school)
    fresh = tracking.new_code()
    draws = iter([first.tracking_code, first.tracking_code, fresh])
    monkeypatch.setattr(tracking, "new_code", lambda: next(draws))
    with transaction.atomic():  # as in a view: the clash must not spoil the caller's transaction
        second = register(school, principal)
        assert second.tracking_code == fresh
    second.refresh_from_db()
    assert second.tracking_code == fresh and Petition.objects.filter(search_q(fresh), pk=second.pk).exists()
    assert Petition.objects.filter(tracking_code=first.tracking_code).get() == first
    assert second.fingerprints.count() == 16 and second.identity.full_name  # everything after the insert happened


def test_it_gives_up_after_five_clashing_draws(school, monkeypatch):
    first = _petition(school)
    monkeypatch.setattr(tracking, "new_code", lambda: first.tracking_code)
    with pytest.raises(IntegrityError):
        _petition(school)


def test_identity_columns_hold_no_plaintext(school):
    p = _petition(school, content="Tôi là Nguyễn Thị Hoa, số 0912345678, phản ánh việc thu tiền.")
    PetitionIdentity.objects.create(
        petition=p,
        organisation=school,
        full_name="Nguyễn Thị Hoa",
        phone="0912 345 678",
        address="12 Lạch Tray",
        email="hoa@example.invalid",
    )
    with connection.cursor() as cur:
        cur.execute("SELECT full_name, phone, address, email, name_hmac FROM petitions_petitionidentity")
        row = cur.fetchone()
    joined = " ".join(str(v) for v in row)
    assert "Hoa" not in joined and "0912" not in joined and "Lạch" not in joined and "example" not in joined
    assert PetitionIdentity.objects.get().full_name == "Nguyễn Thị Hoa"


def test_search_text_is_folded_and_excludes_identity(school):
    p = _petition(school, content="Tôi là Nguyễn Thị Hoa, số 0912345678, phản ánh việc thu tiền.")
    PetitionIdentity.objects.create(petition=p, organisation=school, full_name="Nguyễn Thị Hoa", phone="0912345678")
    p.refresh_from_db()
    found = Petition.objects.filter(pk=p.pk)
    assert found.filter(search_q("thu tien")).exists() and found.filter(search_q("THU TIỀN")).exists()
    assert not found.filter(search_q("hoa")).exists() and not found.filter(search_q("0912345678")).exists()
    assert "thu" not in p.search_text and "tien" not in p.search_text  # fingerprints only, no words


def test_colour_follows_working_days_left(school):
    p = _petition(school)
    today = dt.date(2025, 3, 3)  # Monday
    p.due_on = dt.date(2025, 3, 14)  # 9 working days later
    assert p.colour(today) == "ok"
    p.due_on = dt.date(2025, 3, 7)
    assert p.colour(today) == "warn"
    p.due_on = dt.date(2025, 2, 28)
    assert p.colour(today) == "late"
    p.state = State.CLOSED
    assert p.colour(today) == ""


def test_admin_lists_never_show_identity_and_opening_one_is_audited(personas):
    admin_user = get_user_model().objects.create_superuser("root", "root@example.invalid", "pw")
    p = register(personas.school, personas.principal, kind=Kind.TO_CAO)
    services.register_reception(
        personas.school, actor=personas.clerk, content="Tố cáo", citizen_name="Nguyễn Thị Hoa", is_denunciation=True
    )
    client = client_for(admin_user)
    for url in (
        "/quan-tri/petitions/petition/",
        "/quan-tri/petitions/petitionidentity/",
        "/quan-tri/petitions/reception/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Nguyễn Thị Hoa" not in response.content.decode()
    response = client.get(f"/quan-tri/petitions/petitionidentity/{p.identity.pk}/change/")
    assert response.status_code == 200
    assert AuditEvent.objects.filter(code="petitions.identity.viewed", actor=admin_user).exists()
    assert client_for(personas.principal).get("/quan-tri/petitions/petitionidentity/").status_code in (302, 403)
