"""A school sees how many models it registered in a shared campaign, never how many other schools did."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danvan.core.testing import client_for
from danvan.emulation import services

pytestmark = pytest.mark.django_db


def test_the_campaign_list_counts_only_the_models_the_user_may_see(
    department, dept_head, school, principal, other_principal
):
    campaign = services.create_campaign(
        department, actor=dept_head, title="DVK ngành 2024", year=2024, for_subordinates=True
    )
    for i in range(3):
        services.register_model(campaign, school, actor=principal, registered_on=dt.date(2024, 2, 2), name=f"M{i}")

    def count_for(user):
        page = client_for(user).get(reverse("emulation:campaign_list")).context["page"]
        return next(c.n_models for c in page.object_list if c.pk == campaign.pk)

    assert count_for(principal) == 3
    assert count_for(other_principal) == 0
    assert count_for(dept_head) == 3
