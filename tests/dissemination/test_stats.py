from __future__ import annotations

import datetime as dt

import pytest

from danvan.dissemination import services
from danvan.dissemination.models import Attendance, StudySession
from danvan.dissemination.stats import dissemination_stats

pytestmark = pytest.mark.django_db
D = dt.date


def test_stats_equal_direct_orm_counts(school, other_school, principal, clerk, teacher, docs):
    s1 = services.create_session(school, actor=principal, title="a", held_on=D(2023, 2, 20), documents=docs)
    services.record_attendance(s1, actor=principal, present=[clerk.person.pk, teacher.person.pk])
    s2 = services.create_session(
        school, actor=principal, title="b", held_on=D(2023, 3, 15), documents=docs[1:], expected_count=10
    )
    services.record_attendance(s2, actor=principal, present=[teacher.person.pk])
    services.create_session(school, actor=principal, title="old", held_on=D(2022, 12, 1), documents=docs[:1])
    services.create_session(other_school, actor=None, title="other", held_on=D(2023, 3, 1), documents=docs[:1])

    start, end = D(2023, 1, 1), D(2023, 12, 31)
    stats = dissemination_stats([school.pk], start, end)
    qs = StudySession.objects.filter(organisation=school, held_on__range=(start, end))
    assert [s["id"] for s in stats["sessions"]] == list(qs.order_by("held_on").values_list("id", flat=True))
    assert stats["sessions"][0] == {
        "id": s1.pk,
        "date": D(2023, 2, 20),
        "documents": ["23-QĐ/TW", "446-QĐ/TU"],
        "attendees_present": 2,
        "attendees_expected": 3,
        "organisation_id": school.pk,
    }
    assert stats["attendance_total"] == Attendance.objects.filter(session__in=qs, present=True).count() == 3
    assert stats["attendance_expected_total"] == 13
    assert stats["documents_studied"] == ["23-QĐ/TW", "446-QĐ/TU"]
    assert len(dissemination_stats([school.pk, other_school.pk], start, end)["sessions"]) == 3
    assert dissemination_stats([], start, end) == {
        "sessions": [],
        "attendance_total": 0,
        "attendance_expected_total": 0,
        "documents_studied": [],
    }
