from __future__ import annotations

import pytest

from danvan.emulation import demo as emulation_demo
from danvan.emulation.models import Campaign, EmulationModel, RewardProposal
from danvan.org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_the_demo_campaign_loads_once_with_models_at_different_stages():
    org_demo.load()
    emulation_demo.load()
    emulation_demo.load()
    assert Campaign.objects.get().title == "Dân vận khéo năm 2023"
    assert sorted(EmulationModel.objects.values_list("status", flat=True)) == ["cong-nhan", "dang-ky", "trien-khai"]
    assert sorted(RewardProposal.objects.values_list("status", flat=True)) == ["de-nghi", "duyet"]
