"""Every board transition (a programme's steps, a staff feedback's, a recommendation's) and the answer page's POST
run within a query budget. The on-commit work (notifications) runs inside the measure."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from danvan.board import services
from danvan.board.choices import Channel, PeriodKind
from danvan.board.models import BoardProgramme, BoardRecommendation, StaffFeedback
from danvan.core.testing import client_for

pytestmark = pytest.mark.django_db

BUDGET = 10
# A step that tells the other side: its recipients, the notification and e-mail rows, then the e-mail sent after
# the commit (read, claim, mark sent). The e-mail leaves the request once it goes through the task queue.
TELLING = BUDGET + 1
D = dt.date


def test_a_programme_adopted_and_closed(big_school, principal, django_assert_max_num_queries):
    p = services.create_programme(
        big_school, actor=principal, period=PeriodKind.YEAR, year=2025, number=None, title="Năm"
    )
    for action in ("adopt", "close"):
        p = BoardProgramme.objects.select_related("organisation").get(pk=p.pk)
        with django_assert_max_num_queries(BUDGET):
            services.transition_programme(p, action, actor=principal)


def test_a_staff_feedback_verified_and_answered(
    big_school, staff, board_head, time_machine, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    time_machine.move_to("2025-10-10 09:00 +07:00")
    fb = services.receive_feedback(
        big_school,
        actor=board_head,
        person=staff[7],
        content="Đề nghị công khai",
        received_on=D(2025, 10, 1),
        channel=Channel.BOX,
    )
    fb = StaffFeedback.objects.select_related("organisation").get(pk=fb.pk)
    with django_assert_max_num_queries(BUDGET), django_capture_on_commit_callbacks(execute=True):
        services.start_verification(fb, actor=board_head)
    with django_assert_max_num_queries(BUDGET), django_capture_on_commit_callbacks(execute=True):
        services.send_feedback_result(fb, actor=board_head, result="Đã xác minh", sent_on=D(2025, 10, 5))


def test_a_recommendation_sent_and_answered(
    big_school, board_head, principal, time_machine, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    time_machine.move_to("2025-03-03 09:00 +07:00")
    # The answer's due date reads the school's calendar (3 queries when not cached yet) and the new row's content
    # type is looked up once per process, on top of a telling step: 15 (16 before: a second entry named the step).
    with django_assert_max_num_queries(TELLING + 4), django_capture_on_commit_callbacks(execute=True):
        rec = services.send_recommendation(
            big_school, actor=board_head, subject="x", content="x", sent_on=D(2025, 3, 3)
        )
    rec = BoardRecommendation.objects.select_related("organisation").get(pk=rec.pk)
    with django_assert_max_num_queries(TELLING), django_capture_on_commit_callbacks(execute=True):
        services.answer_recommendation(rec, actor=principal, answer="Đồng ý", answered_on=D(2025, 3, 5))


def test_the_answer_page_posts_within_budget(
    big_school, board_head, principal, time_machine, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    time_machine.move_to("2025-10-10 09:00 +07:00")
    rec = services.send_recommendation(big_school, actor=board_head, subject="x", content="x", sent_on=D(2025, 10, 6))
    client = client_for(principal)
    # The request's reads (session, user, the recommendation) on top of the answer's 11.
    with django_assert_max_num_queries(TELLING + 3), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("board:recommendation_answer", args=[rec.pk]),
            {"answer": "Đã công khai", "answered_on": "2025-10-09"},
        )
    assert response.status_code == 302
    rec.refresh_from_db()
    assert rec.answer == "Đã công khai"
