from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from danvan.core.models import AuditEvent
from danvan.emulation import services
from danvan.emulation.choices import ModelStatus, ProposalStatus, RewardForm, RewardKind
from danvan.emulation.models import Campaign
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person

pytestmark = pytest.mark.django_db
D = dt.date


def test_a_campaign_window_must_be_in_order(school, principal):
    with pytest.raises(services.EmulationError):
        services.create_campaign(
            school,
            actor=principal,
            title="x",
            year=2023,
            registration_opens=D(2023, 3, 1),
            registration_closes=D(2023, 2, 1),
        )


def test_a_teacher_cannot_launch_a_campaign(school, teacher):
    with pytest.raises(services.EmulationError, match="không có quyền"):
        services.create_campaign(school, actor=teacher, title="x", year=2023)


@pytest.mark.parametrize(
    ("day", "ok"), [(D(2023, 1, 31), False), (D(2023, 2, 1), True), (D(2023, 3, 31), True), (D(2023, 4, 1), False)]
)
def test_models_are_registered_within_the_window(campaign, school, principal, day, ok):
    if ok:
        assert services.register_model(campaign, school, actor=principal, registered_on=day, name="M").pk
    else:
        with pytest.raises(services.EmulationError, match="Ngoài thời gian đăng ký"):
            services.register_model(campaign, school, actor=principal, registered_on=day, name="M")


def test_registration_checks_the_unit_and_people_belong_to_the_school(campaign, school, other_school, principal):
    foreign_unit = Organisation.objects.get(parent=other_school, code="DOAN")
    with pytest.raises(services.EmulationError, match="Bộ phận"):
        services.register_model(
            campaign, school, actor=principal, unit=foreign_unit, registered_on=D(2023, 2, 2), name="M"
        )
    outsider = Person.objects.create(organisation=other_school, full_name="Người ngoài")
    with pytest.raises(services.EmulationError, match="Người thực hiện"):
        services.register_model(
            campaign, school, actor=principal, people=[outsider], registered_on=D(2023, 2, 2), name="M"
        )


def test_another_school_cannot_register_in_a_school_campaign(campaign, other_school, other_principal):
    with pytest.raises(services.EmulationError, match="không áp dụng"):
        services.register_model(campaign, other_school, actor=other_principal, registered_on=D(2023, 2, 2), name="M")


def test_a_department_campaign_is_open_to_all_its_schools(
    department, school, other_school, dept_head, principal, other_principal, teacher
):
    campaign = services.create_campaign(
        department, actor=dept_head, title="Dân vận khéo ngành GD 2024", year=2024, for_subordinates=True
    )
    for org, user in ((school, principal), (other_school, other_principal)):
        assert services.register_model(campaign, org, actor=user, name=f"Mô hình {org.code}").organisation == org
    assert campaign in Campaign.objects.available_to(teacher)
    closed = services.create_campaign(department, actor=dept_head, title="Nội bộ Sở", year=2024)
    assert closed not in Campaign.objects.available_to(teacher)
    assert closed in Campaign.objects.available_to(dept_head)


def test_the_lifecycle_register_to_replicate(model, principal, campaign, school, dept_head):
    assert model.status == ModelStatus.REGISTERED
    with pytest.raises(services.EmulationError):
        services.transition_model(model, "recognise", actor=principal)
    services.transition_model(model, "start", actor=principal)
    with pytest.raises(services.EmulationError, match="Chưa có phiếu đánh giá"):
        services.transition_model(model, "evaluate", actor=principal)
    services.evaluate_model(model, actor=principal, scores={"Sáng tạo": 9, "Hiệu quả": 8})
    services.evaluate_model(model, actor=principal, scores={"Sáng tạo": 7, "Hiệu quả": "7.5"})
    assert model.score == Decimal("7.88")  # (8.5 + 7.25) / 2
    services.transition_model(model, "evaluate", actor=principal)
    services.transition_model(model, "recognise", actor=principal)
    with pytest.raises(services.EmulationError, match="được duyệt"):
        services.transition_model(model, "reward", actor=principal)
    p = services.propose_reward(
        campaign,
        school,
        actor=principal,
        kind=RewardKind.COLLECTIVE,
        model=model,
        unit=model.unit,
        form=RewardForm.DIRECTOR_CERT,
        reason="Tiêu biểu",
    )
    services.decide_proposal(p, "approve", actor=dept_head, decision_number="125/QĐ-SGDĐT")
    services.transition_model(model, "reward", actor=principal)
    services.transition_model(model, "replicate", actor=principal)
    assert model.status == ModelStatus.REPLICATED
    codes = list(
        AuditEvent.objects.filter(object_id=str(model.pk), code__startswith="emulation.emulationmodel.").values_list(
            "code", flat=True
        )
    )
    assert {"emulation.emulationmodel.recognise", "emulation.emulationmodel.replicate"} <= set(codes)


def test_a_deputy_head_evaluates_but_only_the_head_recognises(model, principal, school):
    deputy = get_user_model().objects.create_user("pho", "p@example.invalid", "x")
    Membership.objects.create(
        person=Person.objects.create(organisation=school, full_name="Phó", user=deputy),
        organisation=school,
        position=Position.PHO_HIEU_TRUONG,
    )
    services.transition_model(model, "start", actor=deputy)
    services.evaluate_model(model, actor=deputy, scores={"Sáng tạo": 9, "Hiệu quả": 9})
    services.transition_model(model, "evaluate", actor=deputy)
    with pytest.raises(services.EmulationError, match="không có quyền"):
        services.transition_model(model, "recognise", actor=deputy)
    services.transition_model(model, "decline", actor=principal)
    assert model.status == ModelStatus.NOT_RECOGNISED


@pytest.mark.parametrize(
    "scores",
    [
        {"Sáng tạo": 9},
        {"Sáng tạo": 11, "Hiệu quả": 5},
        {"Sáng tạo": -1, "Hiệu quả": 5},
        {"Sáng tạo": "abc", "Hiệu quả": 5},
    ],
)
def test_it_rejects_incomplete_or_out_of_range_scores(model, principal, scores):
    services.transition_model(model, "start", actor=principal)
    with pytest.raises(services.EmulationError):
        services.evaluate_model(model, actor=principal, scores=scores)


def test_a_registered_model_cannot_be_scored_yet(model, principal):
    with pytest.raises(services.EmulationError, match="Chỉ đánh giá"):
        services.evaluate_model(model, actor=principal, scores={"Sáng tạo": 9, "Hiệu quả": 9})


def test_the_department_scores_models_of_its_campaign(department, school, dept_head, principal):
    campaign = services.create_campaign(department, actor=dept_head, title="DVK", year=2024, for_subordinates=True)
    m = services.register_model(campaign, school, actor=principal, name="M")
    services.transition_model(m, "start", actor=principal)
    ev = services.evaluate_model(m, actor=dept_head, scores={"Đánh giá chung": 8})
    assert ev.total == Decimal("8.00") and ev.evaluator == dept_head


def test_proposals_need_a_nominee_and_a_reason(campaign, school, principal, teacher):
    with pytest.raises(services.EmulationError, match="Ghi tên"):
        services.propose_reward(
            campaign, school, actor=principal, kind=RewardKind.COLLECTIVE, form=RewardForm.PRINCIPAL_CERT, reason="x"
        )
    with pytest.raises(services.EmulationError, match="thành tích"):
        services.propose_reward(
            campaign,
            school,
            actor=principal,
            kind=RewardKind.INDIVIDUAL,
            person=teacher.person,
            form=RewardForm.PRINCIPAL_CERT,
            reason=" ",
        )
    p = services.propose_reward(
        campaign,
        school,
        actor=principal,
        kind=RewardKind.INDIVIDUAL,
        person=teacher.person,
        form=RewardForm.PRINCIPAL_CERT,
        reason="Tích cực",
    )
    assert p.nominee == "Giáo Viên" and p.status == ProposalStatus.PROPOSED


def test_an_award_obtained_by_false_declaration_is_revoked(campaign, school, principal, teacher):
    p = services.propose_reward(
        campaign,
        school,
        actor=principal,
        kind=RewardKind.INDIVIDUAL,
        person=teacher.person,
        form=RewardForm.PRINCIPAL_CERT,
        reason="Tích cực",
    )
    with pytest.raises(services.EmulationError):
        services.decide_proposal(p, "revoke", actor=principal, note="gian dối")
    with pytest.raises(services.EmulationError, match="không có quyền"):
        services.decide_proposal(p, "approve", actor=teacher)
    services.decide_proposal(p, "approve", actor=principal, decision_number="01/QĐ-THPTNK")
    with pytest.raises(services.EmulationError, match="Chương VII"):
        services.decide_proposal(p, "revoke", actor=principal, note="")
    services.decide_proposal(p, "revoke", actor=principal, note="Kê khai thành tích không đúng sự thật")
    assert p.status == ProposalStatus.REVOKED and p.decision_number == "01/QĐ-THPTNK"
    event = AuditEvent.objects.get(code="emulation.rewardproposal.revoke")
    assert "không đúng sự thật" in event.message and event.actor == principal


def test_a_rejection_needs_a_reason(campaign, school, principal):
    p = services.propose_reward(
        campaign,
        school,
        actor=principal,
        kind=RewardKind.COLLECTIVE,
        nominee="Đoàn trường",
        form=RewardForm.PRINCIPAL_CERT,
        reason="x",
    )
    with pytest.raises(services.EmulationError):
        services.decide_proposal(p, "reject", actor=principal)
    services.decide_proposal(p, "reject", actor=principal, note="Chưa đủ tiêu chuẩn")
    assert p.status == ProposalStatus.REJECTED


@pytest.mark.parametrize(
    ("form", "decider"),
    [
        (RewardForm.PRINCIPAL_CERT, "school"),
        (RewardForm.DIRECTOR_CERT, "department"),
        (RewardForm.CITY_MERIT, "department"),
        (RewardForm.MINISTRY_MERIT, "department"),
    ],
)
def test_each_award_is_decided_at_the_level_that_owns_it(
    campaign, school, department, principal, dept_head, form, decider
):
    p = services.propose_reward(
        campaign,
        school,
        actor=principal,
        kind=RewardKind.COLLECTIVE,
        nominee="Đoàn trường",
        form=form,
        reason="Mô hình tiêu biểu",
    )
    assert services.deciding_body(p) == {"school": school, "department": department}[decider]
    allowed, refused = (principal, dept_head) if decider == "school" else (dept_head, principal)
    with pytest.raises(services.EmulationError):
        services.decide_proposal(p, "approve", actor=refused, decision_number="1/QĐ")
    services.decide_proposal(p, "approve", actor=allowed, decision_number="2/QĐ")
    assert (p.status, p.decided_by) == (ProposalStatus.APPROVED, allowed)
