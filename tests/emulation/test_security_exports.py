"""The reward proposal export never hands a spreadsheet a formula typed by a user."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from danvan.core.testing import client_for
from danvan.emulation import services
from danvan.emulation.choices import RewardForm, RewardKind

pytestmark = pytest.mark.django_db

EVIL = "=cmd|' /C calc'!A0"


def test_it_escapes_a_nominee_or_reason_that_starts_like_a_formula(campaign, school, principal):
    services.propose_reward(
        campaign,
        school,
        actor=principal,
        kind=RewardKind.COLLECTIVE,
        nominee=EVIL,
        form=RewardForm.PRINCIPAL_CERT,
        reason="@SUM(1+1)*cmd",
    )
    ws = load_workbook(io.BytesIO(client_for(principal).get(reverse("emulation:proposal_export")).content)).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = [c.value for c in cells]
    assert "'" + EVIL in values and "'@SUM(1+1)*cmd" in values
