from __future__ import annotations

import pytest

from danvan.dissemination import demo as dissemination_demo
from danvan.dissemination.models import Attendance, LegalDocument, StudySession
from danvan.org import demo as org_demo

pytestmark = pytest.mark.django_db


def test_the_demo_sessions_load_once():
    org_demo.load()
    dissemination_demo.load()
    dissemination_demo.load()
    assert LegalDocument.objects.count() == 5
    assert StudySession.objects.count() == 2
    numbers = set(StudySession.objects.values_list("documents__number", flat=True))
    assert numbers == {"23-QĐ/TW", "446-QĐ/TU"}
    assert Attendance.objects.filter(present=True).exists() and Attendance.objects.filter(present=False).exists()
