"""Every emulation transition (a model's steps, a reward's decision, a unit evaluation's steps) and the model page's
POST run within a query budget. The on-commit work (notifications) runs inside the measure."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from danvan.core.testing import client_for
from danvan.emulation import services
from danvan.emulation.choices import (
    EvaluationPeriod,
    ModelStatus,
    RewardForm,
    RewardKind,
    UnitEvaluationAction,
    UnitRating,
)
from danvan.emulation.models import EmulationModel, RewardProposal
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person

pytestmark = pytest.mark.django_db

BUDGET = 10


def _loaded(model: EmulationModel) -> EmulationModel:
    return EmulationModel.objects.select_related("organisation", "campaign", "campaign__organisation", "unit").get(
        pk=model.pk
    )


def test_every_step_of_a_model(model, principal, django_assert_max_num_queries, django_capture_on_commit_callbacks):
    m, c = django_assert_max_num_queries, django_capture_on_commit_callbacks
    with m(BUDGET), c(execute=True):
        services.transition_model(_loaded(model), "start", actor=principal)
    scores = {"Sáng tạo": 9, "Hiệu quả": 8}
    with m(BUDGET), c(execute=True):
        services.evaluate_model(_loaded(model), actor=principal, scores=scores)
    for action in ("evaluate", "recognise"):
        with m(BUDGET), c(execute=True):
            services.transition_model(_loaded(model), action, actor=principal)
    assert _loaded(model).status == ModelStatus.RECOGNISED


def test_a_reward_proposal_and_its_decision(
    campaign, school, principal, teacher, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    with django_assert_max_num_queries(BUDGET), django_capture_on_commit_callbacks(execute=True):
        p = services.propose_reward(
            campaign,
            school,
            actor=principal,
            kind=RewardKind.INDIVIDUAL,
            person=teacher.person,
            form=RewardForm.PRINCIPAL_CERT,
            reason="Tích cực",
        )
    p = RewardProposal.objects.select_related("organisation", "campaign", "campaign__organisation").get(pk=p.pk)
    with django_assert_max_num_queries(BUDGET), django_capture_on_commit_callbacks(execute=True):
        services.decide_proposal(p, "approve", actor=principal, decision_number="01/QĐ-THPTNK")


def test_a_unit_evaluation_submitted_and_finalised(
    school, principal, personas, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    union = Organisation.objects.get(parent=school, code="CD")
    user = get_user_model().objects.create_user("congdoan", "cd@example.invalid", personas.password)
    person = Person.objects.create(organisation=school, full_name="Vũ Văn Công Đoàn", user=user)
    Membership.objects.create(person=person, organisation=union, position=Position.CHU_TICH_CD)
    scores = {name: points * 0.8 for name, points in services.unit_criteria(school)}
    ev = services.save_unit_evaluation(
        union, actor=user, year=2023, period=EvaluationPeriod.YEAR_END, scores=scores, results="Hội nghị CBVC"
    )
    with django_assert_max_num_queries(BUDGET), django_capture_on_commit_callbacks(execute=True):
        services.transition_unit_evaluation(ev, UnitEvaluationAction.SUBMIT, actor=user)
    with django_assert_max_num_queries(BUDGET), django_capture_on_commit_callbacks(execute=True):
        services.transition_unit_evaluation(
            ev, UnitEvaluationAction.FINALISE, actor=principal, rating=UnitRating.GOOD, comment="Tích cực"
        )


def test_the_model_page_posts_a_step_within_budget(
    model, principal, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    client = client_for(principal)
    client.get(reverse("emulation:model_detail", args=[model.pk]))
    with django_assert_max_num_queries(BUDGET), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("emulation:model_transition", args=[model.pk]), {"action": "start"})
    assert response.status_code == 302
    assert _loaded(model).status == ModelStatus.IMPLEMENTING
