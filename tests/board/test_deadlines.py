from __future__ import annotations

import datetime as dt

import pytest

from danvan.board import deadlines, services
from danvan.core.models import AuditEvent
from danvan.workdays import services as wd
from danvan.workdays.models import CalendarChange

D = dt.date


@pytest.mark.django_db
def test_a_new_day_off_on_the_due_date_moves_the_answer_date(big_school, board_head, time_machine):
    time_machine.move_to("2025-01-20 09:00 +07:00")
    rec = services.send_recommendation(big_school, actor=board_head, subject="x", content="x", sent_on=D(2025, 1, 13))
    untouched = services.send_recommendation(
        big_school, actor=board_head, subject="y", content="y", sent_on=D(2025, 1, 20)
    )
    assert rec.due_on == D(2025, 2, 3)
    CalendarChange.objects.create(date=D(2025, 2, 3), kind="nghi", name="Nghỉ bù", organisation=big_school)
    wd.invalidate()
    assert deadlines.recompute_deadlines({big_school.pk}, (D(2025, 2, 3), D(2025, 2, 3))) == 1
    rec.refresh_from_db()
    untouched.refresh_from_db()
    assert rec.due_on == D(2025, 2, 4) and untouched.due_on == D(2025, 2, 4)  # 20/01 + 15 = 04/02 anyway
    assert AuditEvent.objects.filter(code="board.boardrecommendation.deadline_changed", object_id=str(rec.pk)).exists()
    assert deadlines.recompute_deadlines(None, None) == 0


@pytest.mark.django_db
def test_answered_recommendations_and_other_schools_are_left_alone(
    big_school, other_school, board_head, principal, time_machine
):
    time_machine.move_to("2025-01-20 09:00 +07:00")
    rec = services.send_recommendation(big_school, actor=board_head, subject="x", content="x", sent_on=D(2025, 1, 13))
    CalendarChange.objects.create(date=D(2025, 2, 3), kind="nghi", name="Nghỉ bù", organisation=big_school)
    wd.invalidate()
    assert deadlines.recompute_deadlines({other_school.pk}, None) == 0
    services.answer_recommendation(rec, actor=principal, answer="ok", answered_on=D(2025, 1, 20))
    assert deadlines.recompute_deadlines(None, None) == 0


@pytest.mark.django_db
def test_an_unrecognised_term_gets_its_recognition_date_recomputed(big_school, staff, principal):
    term = services.create_term(
        big_school,
        actor=principal,
        elected_on=D(2025, 3, 3),
        members=[(staff[0], "truong-ban"), (staff[1], "uy-vien"), (staff[2], "uy-vien")],
    )
    assert term.recognition_due == D(2025, 3, 10)
    CalendarChange.objects.create(date=D(2025, 3, 5), kind="nghi", name="Nghỉ", organisation=big_school)
    wd.invalidate()
    assert deadlines.recompute_deadlines({big_school.pk}, (D(2025, 3, 5), D(2025, 3, 5))) == 1
    term.refresh_from_db()
    assert term.recognition_due == D(2025, 3, 11)


def test_the_board_is_a_registered_deadline_source():
    assert wd.deadline_sources()["board"] is deadlines.recompute_deadlines
