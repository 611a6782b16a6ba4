"""Conflict of interest: a petition about the head goes to the Department; the accused never handles it."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from danvan.core.models import AuditEvent
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person
from danvan.petitions import services
from danvan.petitions.choices import Kind, State
from danvan.petitions.models import Petition
from danvan.petitions.services import PetitionError
from tests.petitions.factories import advance, register

pytestmark = pytest.mark.django_db


def _deputy(school):
    user = get_user_model().objects.create_user("pht", "pht@example.invalid", "pw")
    person = Person.objects.create(organisation=school, full_name="Lê Thị Phó", user=user)
    Membership.objects.create(
        person=person,
        organisation=Organisation.objects.get(parent=school, code="BGH"),
        position=Position.PHO_HIEU_TRUONG,
    )
    return user


def _director(department):
    user = get_user_model().objects.create_user("giamdoc", "gd@example.invalid", "pw")
    person = Person.objects.create(organisation=department, full_name="Nguyễn Văn Sở", user=user)
    Membership.objects.create(person=person, organisation=department, position=Position.LANH_DAO_SO)
    return user


def test_a_denunciation_about_the_principal_goes_to_the_department(personas):
    p = register(personas.school, personas.clerk, kind=Kind.TO_CAO, accused_person=personas.principal.person)
    assert p.handling_body == personas.department
    assert "Điều 12(1)" in p.conflict_note
    assert p.organisation == personas.school  # still counted in the school's register


def test_a_denunciation_about_a_deputy_goes_to_the_department(personas):
    deputy = _deputy(personas.school)
    p = register(personas.school, personas.clerk, kind=Kind.TO_CAO, accused_person=deputy.person)
    assert p.handling_body == personas.department


def test_a_denunciation_about_a_teacher_stays_at_school(personas):
    p = register(personas.school, personas.clerk, kind=Kind.TO_CAO, accused_person=personas.teacher.person)
    assert p.handling_body == personas.school and not p.conflict_note


def test_classifying_a_petition_as_a_denunciation_about_the_head_reroutes_it(personas):
    p = register(personas.school, personas.clerk, kind=Kind.CHUA_RO)
    assert p.handling_body == personas.school
    # The head honestly classifies it as a denunciation about himself: it leaves him at once.
    services.classify(p, actor=personas.principal, kind=Kind.TO_CAO, accused_person=personas.principal.person)
    assert p.handling_body == personas.department
    assert p not in Petition.objects.visible_to(personas.principal)
    with pytest.raises(PetitionError, match="bị khiếu nại, tố cáo"):
        services.accept(p, actor=personas.principal)
    director = _director(personas.department)
    services.accept(p, actor=director)
    assert p.documents.filter(organisation=personas.department).exists()


def test_a_first_complaint_about_the_heads_decision_stays_with_the_head(personas):
    # NĐ 124/2020 Điều 13: the head decides first-time complaints about his own decisions.
    p = register(personas.school, personas.clerk, kind=Kind.KHIEU_NAI, accused_person=personas.principal.person)
    assert p.handling_body == personas.school


def test_the_accused_can_never_be_assigned_as_handler(personas):
    p = register(personas.school, personas.clerk, kind=Kind.KHIEU_NAI, accused_person=personas.teacher.person)
    with pytest.raises(PetitionError, match="xung đột lợi ích"):
        services.assign(p, personas.teacher.person, actor=personas.principal)
    services.classify(p, actor=personas.principal, kind=Kind.KHIEU_NAI)
    with pytest.raises(PetitionError, match="xung đột lợi ích"):
        services.accept(p, actor=personas.principal, handler=personas.teacher.person)


def test_the_accused_head_decides_a_complaint_about_his_decision_but_never_handles_it(personas):
    p = register(personas.school, personas.clerk, kind=Kind.KHIEU_NAI, accused_person=personas.principal.person)
    assert p in Petition.objects.visible_to(personas.principal)
    services.classify(p, actor=personas.principal, kind=Kind.KHIEU_NAI)
    with pytest.raises(PetitionError, match="xung đột lợi ích"):
        services.assign(p, personas.principal.person, actor=personas.principal)
    services.accept(p, actor=personas.principal, handler=personas.clerk.person)
    with pytest.raises(PetitionError, match="xác minh"):
        services.start_verification(p, actor=personas.principal, verifiers=[personas.principal.person])


def test_the_accused_cannot_act_on_a_denunciation_or_feedback_about_him(personas):
    for kind in (Kind.TO_CAO, Kind.KIEN_NGHI):
        p = register(personas.school, personas.clerk, kind=kind, accused_person=personas.principal.person)
        assert p.handling_body == personas.department
        with pytest.raises(PetitionError, match="bị khiếu nại, tố cáo"):
            services.classify(p, actor=personas.principal, kind=kind)
        assert services.available_actions(p, personas.principal) == []


def test_the_handler_must_belong_to_the_handling_body(personas):
    p = register(personas.school, personas.clerk, kind=Kind.TO_CAO, accused_person=personas.principal.person)
    director = _director(personas.department)
    with pytest.raises(PetitionError, match="cơ quan giải quyết"):
        services.assign(p, personas.clerk.person, actor=director)
    services.assign(p, personas.department_officer.person, actor=director)
    assert p.handler == personas.department_officer.person


def test_the_department_sees_the_rerouted_petition_and_the_school_does_not(personas):
    p = register(personas.school, personas.clerk, kind=Kind.TO_CAO, accused_person=personas.principal.person)
    director = _director(personas.department)
    assert p in Petition.objects.visible_to(director)
    assert p in Petition.objects.visible_to(personas.department_officer)
    assert p not in Petition.objects.visible_to(personas.principal)
    # The school's own staff never hold it, not even the clerk who registered it (Luật Tố cáo Điều 12, 47).
    assert p not in Petition.objects.visible_to(personas.clerk)


def test_a_verifier_cannot_be_the_accused(personas):
    p = register(personas.school, personas.clerk, kind=Kind.TO_CAO, accused_person=personas.teacher.person)
    advance(p, State.ACCEPTED, principal=personas.principal)
    with pytest.raises(PetitionError, match="xác minh"):
        services.start_verification(p, actor=personas.principal, verifiers=[personas.teacher.person])


def test_routing_is_recorded_on_the_timeline_and_audited(personas):
    p = register(personas.school, personas.clerk, kind=Kind.TO_CAO, accused_person=personas.principal.person)
    assert p.steps.filter(code="routed", public=True).exists()
    assert AuditEvent.objects.for_object(p).filter(code="petitions.petition.registered").exists()


def test_reclassifying_away_from_the_head_brings_the_petition_back_to_the_school(personas):
    director = _director(personas.department)
    p = register(personas.school, personas.clerk, kind=Kind.CHUA_RO, accused_person=personas.principal.person)
    assert p.handling_body == personas.department
    services.classify(p, actor=director, kind=Kind.TO_CAO, accused_person=personas.teacher.person)
    assert p.handling_body == personas.school and p.conflict_note == ""
