from __future__ import annotations

import pytest

from danvan.dissemination.models import LegalDocument
from danvan.plans.parsing import parse_plan
from danvan.plans.services import import_plan

pytestmark = pytest.mark.django_db


def test_the_documents_a_plan_cites_become_documents_to_study(shared, school, principal,
                                                              django_capture_on_commit_callbacks):
    data = parse_plan((shared / "seed/000_54775582b39b50f7.txt").read_bytes())
    with django_capture_on_commit_callbacks(execute=True):
        import_plan(data, organisation=school, actor=principal)
    numbers = set(LegalDocument.objects.values_list("number", flat=True))
    assert {"23-QĐ/TW", "446-QĐ/TU", "26/CT-UBND", "07-CT/TU", "15-CT/TU"} <= numbers
    assert LegalDocument.objects.get(number="23-QĐ/TW").date.isoformat() == "2021-07-30"


def test_importing_the_same_plan_twice_does_not_duplicate_documents(shared, school, principal,
                                                                    django_capture_on_commit_callbacks):
    data = parse_plan((shared / "seed/000_54775582b39b50f7.txt").read_bytes())
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            import_plan(data, organisation=school, actor=principal)
    assert LegalDocument.objects.filter(number="23-QĐ/TW").count() == 1
