from __future__ import annotations

import pytest

from danvan.dissemination.models import LegalDocument
from danvan.plans.parsing import parse_plan
from danvan.plans.services import import_plan
from tests.conftest import SEED_PLAN

pytestmark = pytest.mark.django_db


def test_the_documents_a_plan_cites_become_documents_to_study(school, principal, django_capture_on_commit_callbacks):
    data = parse_plan(SEED_PLAN.read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        import_plan(data, organisation=school, actor=principal)
    numbers = set(LegalDocument.objects.values_list("number", flat=True))
    assert {"23-QĐ/TW", "446-QĐ/TU", "26/CT-UBND", "07-CT/TU", "15-CT/TU"} <= numbers
    assert LegalDocument.objects.get(number="23-QĐ/TW").date.isoformat() == "2021-07-30"


def test_importing_the_same_plan_twice_does_not_duplicate_documents(
    school, principal, django_capture_on_commit_callbacks
):
    data = parse_plan(SEED_PLAN.read_bytes())
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            import_plan(data, organisation=school, actor=principal)
    assert LegalDocument.objects.filter(number="23-QĐ/TW").count() == 1
