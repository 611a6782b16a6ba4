from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from danvan.emulation import services
from danvan.emulation.choices import RewardForm, RewardKind
from danvan.emulation.models import EmulationModel, RewardProposal
from danvan.emulation.stats import emulation_stats

pytestmark = pytest.mark.django_db
D = dt.date


def test_stats_equal_direct_orm_counts(
    campaign, school, other_school, principal, department, dept_head, other_principal
):
    for i, day in enumerate([D(2023, 2, 5), D(2023, 3, 1), D(2023, 3, 30)]):
        m = services.register_model(campaign, school, actor=principal, registered_on=day, name=f"M{i}")
        if i:
            services.transition_model(m, "start", actor=principal)
    services.propose_reward(
        campaign,
        school,
        actor=principal,
        kind=RewardKind.COLLECTIVE,
        nominee="Đoàn",
        form=RewardForm.PRINCIPAL_CERT,
        reason="x",
        proposed_on=D(2023, 3, 2),
    )
    shared = services.create_campaign(department, actor=dept_head, title="S", year=2023, for_subordinates=True)
    services.register_model(shared, other_school, actor=other_principal, registered_on=D(2023, 3, 1), name="Khác")

    start, end = D(2023, 2, 10), D(2023, 12, 31)
    stats = emulation_stats([school.pk], start, end)
    qs = EmulationModel.objects.filter(organisation_id__in=[school.pk], registered_on__range=(start, end))
    assert len(stats["models"]) == qs.count() == 2
    assert stats["models_by_status"] == dict(Counter(qs.values_list("status", flat=True))) == {"trien-khai": 2}
    assert set(stats["models"][0]) == {"id", "name", "unit", "status", "organisation_id"}
    pq = RewardProposal.objects.filter(organisation_id__in=[school.pk], proposed_on__range=(start, end))
    assert len(stats["reward_proposals"]) == pq.count() == 1
    assert set(stats["reward_proposals"][0]) == {"id", "kind", "form", "nominee", "status", "organisation_id"}
    assert stats["proposals_by_status"] == {"de-nghi": 1}
    both = emulation_stats([school.pk, other_school.pk], start, end)
    assert len(both["models"]) == 3
    empty = emulation_stats([], start, end)
    assert empty == {
        "models": [],
        "models_by_status": {},
        "reward_proposals": [],
        "proposals_by_status": {},
        "unit_evaluations": [],
        "unit_evaluation_period": empty["unit_evaluation_period"],
    }
