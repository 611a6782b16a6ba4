"""Retention: closed cases past their period lose their identities, files and names, once, and held ones stay."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from danvan.core import periodic
from danvan.core.models import AuditEvent
from danvan.petitions.choices import State
from danvan.petitions.models import Petition, PetitionAttachment, PetitionIdentity, Reception
from danvan.privacy import services
from danvan.privacy.choices import RecordType
from danvan.privacy.models import Erasure, LegalHold, RetentionRule
from tests.petitions.factories import advance, register

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
CLOSED_ON = dt.datetime(2026, 6, 30, 10, tzinfo=VN)


def closed_petition(school, principal, *, closed_at=CLOSED_ON):
    petition = register(school, principal)
    advance(petition, State.CLOSED, principal=principal)
    Petition._base_manager.filter(pk=petition.pk).update(closed_at=closed_at)
    petition.refresh_from_db()
    return petition


def add_files(petition):
    original = PetitionAttachment.objects.create(
        petition=petition,
        organisation=petition.organisation,
        file=ContentFile(b"%PDF-1.4 Hoa", name="don.pdf"),
        original_name="don-cua-nguyen-thi-hoa.pdf",
        contains_identity=True,
        is_original=True,
    )
    copy = PetitionAttachment.objects.create(
        petition=petition,
        organisation=petition.organisation,
        file=ContentFile(b"%PDF-1.4 [che]", name="che.pdf"),
        original_name="ban-che.pdf",
        contains_identity=False,
        redacted_of=original,
    )
    return original, copy


def test_a_closed_case_keeps_its_identity_until_the_period_ends(school, principal):
    petition = closed_petition(school, principal)
    with time_machine.travel(dt.datetime(2041, 12, 31, 23, tzinfo=VN), tick=False):
        run = services.apply_retention()
    assert run.petitions == 0
    assert PetitionIdentity.objects.get(petition=petition).full_name == "Nguyễn Thị Hoa"


def test_it_erases_identity_names_and_identity_files_of_a_closed_case_past_retention(
    school, principal, django_capture_on_commit_callbacks
):
    petition = closed_petition(school, principal)
    original, copy = add_files(petition)
    recent = closed_petition(school, principal, closed_at=dt.datetime(2027, 1, 5, tzinfo=VN))
    with (
        time_machine.travel(dt.datetime(2042, 1, 1, 8, tzinfo=VN), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = services.apply_retention()

    assert run.petitions == 1 and run.attachments == 1
    identity = PetitionIdentity.objects.get(petition=petition)
    assert (identity.full_name, identity.phone, identity.email, identity.address) == ("", "", "", "")
    assert (identity.name_hmac, identity.phone_hmac, identity.email_hmac, identity.phone_last4_hash) == ("",) * 4
    petition.refresh_from_db()
    assert "Nguyễn Thị Hoa" not in petition.content
    assert "0912345678" not in petition.content
    assert "Lê Văn Nam" not in petition.content  # the pupil named after "em"
    assert "nguyen thi hoa" not in petition.search_text and "da che" in petition.search_text
    assert not PetitionAttachment.objects.filter(pk=original.pk).exists()
    assert not default_storage.exists(original.file.name)
    copy.refresh_from_db()
    assert copy.redacted_of_id is None and default_storage.exists(copy.file.name)
    assert AuditEvent.objects.filter(code="privacy.petition.erased", object_id=str(petition.pk)).count() == 1
    assert Erasure.objects.get(petition=petition).attachments_deleted == 1
    # The case closed in 2027 still has eleven months to go.
    assert PetitionIdentity.objects.get(petition=recent).full_name == "Nguyễn Thị Hoa"


def test_a_second_run_changes_nothing_and_records_nothing(school, principal):
    petition = closed_petition(school, principal)
    with time_machine.travel(dt.datetime(2042, 3, 1, tzinfo=VN), tick=False):
        first = services.apply_retention()
        events = AuditEvent.objects.count()
        second = services.apply_retention()
    assert first.petitions == 1
    assert (second.petitions, second.attachments, second.receptions) == (0, 0, 0)
    assert AuditEvent.objects.count() == events
    assert services.erase_petition(petition, reason="retention") is None


def test_an_open_case_and_a_held_case_are_never_erased(school, principal):
    open_petition = register(school, principal)
    Petition._base_manager.filter(pk=open_petition.pk).update(
        closed_at=CLOSED_ON
    )  # a stray date does not open the door
    held = closed_petition(school, principal)
    LegalHold.objects.create(petition=held, organisation=school, reason="Thanh tra tỉnh đang kiểm tra hồ sơ")
    with time_machine.travel(dt.datetime(2045, 1, 1, tzinfo=VN), tick=False):
        run = services.apply_retention()
    assert run.petitions == 0
    assert held.pk in run.held
    assert PetitionIdentity.objects.get(petition=held).full_name == "Nguyễn Thị Hoa"
    assert PetitionIdentity.objects.get(petition=open_petition).full_name == "Nguyễn Thị Hoa"


def test_the_administrator_period_replaces_the_default(school, principal):
    RetentionRule.objects.create(record_type=RecordType.PETITION, years=5, citation="Quyết định của nhà trường")
    petition = closed_petition(school, principal)
    assert services.retention_for(RecordType.PETITION).years == 5
    with time_machine.travel(dt.datetime(2032, 1, 1, 9, tzinfo=VN), tick=False):
        assert services.apply_retention().petitions == 1
    assert PetitionIdentity.objects.get(petition=petition).full_name == ""


def test_the_scheduler_runs_the_job_once_a_day(db):
    with time_machine.travel(dt.datetime(2042, 1, 1, 1, tzinfo=VN), tick=False):
        assert "privacy.retention" in periodic.run_due(names=["privacy.retention"])
        assert periodic.run_due(names=["privacy.retention"]) == []


def test_an_old_reception_record_loses_the_citizen_identity(school, principal):
    reception = Reception.objects.create(
        organisation=school,
        year=2020,
        serial=1,
        received_at=dt.datetime(2020, 5, 4, 9, tzinfo=VN),
        citizen_name="Đỗ Văn Bình",
        citizen_phone="0987654321",
        content="Ông Đỗ Văn Bình trình bày việc thu tiền.",
    )
    with time_machine.travel(dt.datetime(2041, 1, 1, 9, tzinfo=VN), tick=False):
        assert services.apply_retention().receptions == 1
        assert services.apply_retention().receptions == 0
    reception.refresh_from_db()
    assert (reception.citizen_name, reception.citizen_phone) == ("", "")
    assert "Bình" not in reception.content
    assert AuditEvent.objects.filter(code="privacy.reception.erased", object_id=str(reception.pk)).count() == 1
