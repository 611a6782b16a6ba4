"""Data-subject requests as services: find by keyed hash within the school, export, erase or refuse with reasons."""

from __future__ import annotations

import json

import pytest

from danvan.core.models import AuditEvent
from danvan.petitions.choices import State
from danvan.petitions.models import Petition, PetitionIdentity
from danvan.privacy import services
from danvan.privacy.models import LegalHold
from tests.petitions.factories import advance, register

pytestmark = pytest.mark.django_db


def test_it_finds_the_person_by_phone_written_another_way_without_decrypting(school, principal):
    petition = register(school, principal)
    register(school, principal, identity={"full_name": "Trần Văn Khác", "phone": "0901 111 222"})
    matches = services.find_subject(principal, phone="+84 912-345-678")
    assert [m.petition.pk for m in matches] == [petition.pk]


def test_every_criterion_given_must_match(school, principal):
    register(school, principal)
    assert services.find_subject(principal, name="Nguyễn Thị Hoa", email="khac@example.invalid") == []
    assert len(services.find_subject(principal, name="nguyen thi  HOA", email="HOA@example.invalid")) == 1


def test_another_school_does_not_find_the_person(school, principal, other_principal):
    register(school, principal)
    assert services.find_subject(other_principal, phone="0912345678") == []


def test_the_export_holds_the_identity_the_content_and_the_notice_and_is_audited(school, principal):
    petition = register(school, principal)
    services.record_notice(petition)
    matches = services.find_subject(principal, phone="0912345678")
    data = json.loads(services.export_subject(principal, matches).decode("utf-8"))
    assert data["so_don"] == 1
    row = data["don"][0]
    assert row["ma_theo_doi"] == petition.tracking_code
    assert row["danh_tinh"]["ho_ten"] == "Nguyễn Thị Hoa"
    assert row["danh_tinh"]["thu_dien_tu"] == "hoa@example.invalid"
    assert "phúc khảo" in row["trich_yeu"]
    assert row["thong_bao_xu_ly_du_lieu"]["phien_ban"] == "2026-12-v1"
    assert AuditEvent.objects.filter(code="privacy.subject.exported", object_id=str(petition.pk)).exists()


def test_erasing_an_open_case_is_refused_with_its_reason_and_audited(school, principal):
    petition = register(school, principal)
    with pytest.raises(services.ErasureRefused) as refused:
        services.erase_on_request(petition, actor=principal)
    assert petition.tracking_code in refused.value.message
    assert "đang được giải quyết" in refused.value.message
    assert PetitionIdentity.objects.get(petition=petition).full_name == "Nguyễn Thị Hoa"
    assert AuditEvent.objects.filter(code="privacy.petition.erase_refused", object_id=str(petition.pk)).exists()


def test_erasing_a_closed_case_under_a_legal_hold_is_refused(school, principal):
    petition = register(school, principal)
    advance(petition, State.CLOSED, principal=principal)
    LegalHold.objects.create(petition=petition, organisation=school, reason="Tòa án yêu cầu cung cấp hồ sơ")
    with pytest.raises(services.ErasureRefused) as refused:
        services.erase_on_request(petition, actor=principal)
    assert "Tòa án yêu cầu cung cấp hồ sơ" in refused.value.message


def test_a_closed_case_is_erased_on_request_and_no_longer_found(school, principal):
    petition = register(school, principal)
    advance(petition, State.CLOSED, principal=principal)
    result = services.erase_on_request(petition, actor=principal)
    assert result.petition_id == petition.pk
    assert PetitionIdentity.objects.get(petition=petition).full_name == ""
    assert services.find_subject(principal, phone="0912345678") == []
    event = AuditEvent.objects.get(code="privacy.petition.erased_on_request", object_id=str(petition.pk))
    assert event.actor == principal
    with pytest.raises(services.ErasureRefused):
        services.erase_on_request(petition, actor=principal)


def test_privacy_entries_of_a_petition_routed_away_stay_out_of_the_school_s_log(school, department, principal):
    petition = register(school, principal)
    Petition._base_manager.filter(pk=petition.pk).update(routed_away=True, handling_body=department)
    petition.refresh_from_db()
    services.record_notice(petition)
    LegalHold.objects.create(petition=petition, organisation=school, reason="Thanh tra")
    entries = AuditEvent.objects.filter(code__startswith="privacy.")
    assert entries.exists()
    assert set(entries.values_list("organisation_id", flat=True)) == {department.pk}
