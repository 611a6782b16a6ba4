"""A recompute says why: the changed day or rule travels to the sources, the petition timeline and the audit."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from danvan.core.models import AuditEvent
from danvan.core.testing import client_for
from danvan.petitions.choices import Kind
from danvan.petitions.models import PetitionStep
from danvan.workdays import services
from danvan.workdays.models import CalendarChange, DeadlineRule
from danvan.workdays.signals import calendar_change_reason, rule_reason
from tests.petitions.factories import day, local_dt, register

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def reasons():
    seen: list[str] = []

    def source(organisation_ids, date_range, reason=""):
        seen.append(reason)
        return 0

    services.register_deadline_source("reasons", source)
    yield seen
    services.unregister_deadline_source("reasons")


def test_a_new_day_off_tells_the_sources_which_day_and_which_document(reasons):
    CalendarChange.objects.create(date=day("2026-11-26"), kind="nghi", name="Nghỉ do bão", document="QĐ 99/QĐ-UBND")
    assert reasons == ["ngày 26/11/2026 chuyển thành ngày nghỉ — Nghỉ do bão (QĐ 99/QĐ-UBND)"]
    event = AuditEvent.objects.filter(code="workdays.deadlines.recomputed").latest("id")
    assert event.message == reasons[0] and event.changes["reason"] == reasons[0]


def test_removing_a_change_says_the_day_is_back_to_normal(reasons):
    change = CalendarChange.objects.create(date=day("2026-11-26"), kind="nghi", name="Nghỉ do bão")
    change.delete()
    assert reasons[-1] == "ngày 26/11/2026 trở lại lịch thường (bỏ “Nghỉ do bão”)"


def test_a_rule_version_names_the_step_the_figure_and_the_citation(reasons):
    DeadlineRule.objects.create(
        kind="to-cao",
        step="xu-ly",
        variant="thuong",
        amount=6,
        unit="working",
        citation="Văn bản thử, Điều 1",
        effective_from=dt.date(2030, 1, 1),
    )
    assert reasons == ["quy tắc to-cao/xu-ly từ 01/01/2030: 6 ngày làm việc (Văn bản thử, Điều 1)"]


def test_the_shipped_2026_rows_read_as_the_brief_says():
    culture = CalendarChange.objects.get(date=day("2026-11-24"), organisation=None)
    assert calendar_change_reason(culture) == (
        "ngày 24/11/2026 chuyển thành ngày nghỉ — Ngày Văn hóa Việt Nam (NQ 28/2026/QH16, Điều 2, hiệu lực 01/7/2026)"
    )
    rule = DeadlineRule.objects.get(
        kind="khieu-nai", step="thu-ly", variant="thuong", effective_from=dt.date(2026, 7, 1)
    )
    assert rule_reason(rule) == (
        "quy tắc khieu-nai/thu-ly từ 01/07/2026: 7 ngày làm việc "
        "(NĐ 124/2020/NĐ-CP, Điều 16(1), sửa đổi bởi NĐ 155/2026/NĐ-CP, Điều 10)"
    )


def test_a_source_without_a_reason_parameter_still_works(reasons):
    calls = []
    services.register_deadline_source("old-style", lambda ids, rng: calls.append((ids, rng)) or 0)
    try:
        counts = services.recompute_open_deadlines(None, None, "lý do")
    finally:
        services.unregister_deadline_source("old-style")
    assert calls == [(None, None)] and counts["old-style"] == 0 and reasons == ["lý do"]


def test_the_petition_page_shows_why_its_deadline_moved_after_an_administrator_adds_a_day_off(admin_client, personas):
    # Received Wednesday 18/11/2026: 07 working days (NĐ 155/2026 Điều 10), Tuesday 24/11 is a holiday.
    with time_machine.travel(local_dt("2026-11-18 09:00"), tick=False):
        petition = register(
            personas.school, personas.principal, kind=Kind.KHIEU_NAI, received_at=local_dt("2026-11-18 09:00")
        )
    assert petition.due_on == day("2026-11-30")
    assert "NĐ 155/2026/NĐ-CP, Điều 10" in petition.deadline_citation

    response = admin_client.post(
        reverse("admin:workdays_calendarchange_add"),
        {
            "date": "26/11/2026",
            "kind": "nghi",
            "name": "Nghỉ do bão",
            "document": "QĐ 99/QĐ-UBND",
            "note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    petition.refresh_from_db()
    assert petition.due_on == day("2026-12-01")
    reason = "ngày 26/11/2026 chuyển thành ngày nghỉ — Nghỉ do bão (QĐ 99/QĐ-UBND)"
    step = PetitionStep.objects.filter(petition=petition, code="deadline_changed").latest("id")
    assert step.note.startswith("Hạn 30/11/2026 → 01/12/2026") and step.note.endswith(f"do {reason}")
    event = AuditEvent.objects.filter(code="petitions.petition.deadline_changed", object_id=str(petition.pk)).latest(
        "id"
    )
    assert event.message == step.note

    page = client_for(personas.principal).get(reverse("petitions:detail", args=[petition.pk]))
    assert page.status_code == 200
    assert reason in page.content.decode()


def test_a_new_rule_version_moves_the_petition_and_its_timeline_names_the_rule(personas):
    with time_machine.travel(local_dt("2026-11-18 09:00"), tick=False):
        petition = register(
            personas.school, personas.principal, kind=Kind.KHIEU_NAI, received_at=local_dt("2026-11-18 09:00")
        )
    DeadlineRule.objects.create(
        kind="khieu-nai",
        step="thu-ly",
        variant="thuong",
        amount=5,
        unit="working",
        citation="Văn bản thử, Điều 1",
        effective_from=dt.date(2026, 11, 1),
    )
    petition.refresh_from_db()
    assert petition.due_on == day("2026-11-26")  # 19, 20, 23, 25, 26 (24/11 off)
    step = PetitionStep.objects.filter(petition=petition, code="deadline_changed").latest("id")
    assert step.note.endswith("do quy tắc khieu-nai/thu-ly từ 01/11/2026: 5 ngày làm việc (Văn bản thử, Điều 1)")
