"""Org services check the actor themselves, whatever door calls them."""

from __future__ import annotations

import pytest

from danvan.org import services
from danvan.org.models import Membership

pytestmark = pytest.mark.django_db


def test_only_a_manager_of_the_school_ends_a_position(school, teacher, clerk):
    membership = Membership.objects.filter(person__user=teacher).first()
    with pytest.raises(services.OrgError):
        services.end_membership(membership, actor=teacher)
    services.end_membership(membership, actor=clerk)
    membership.refresh_from_db()
    assert membership.end is not None
