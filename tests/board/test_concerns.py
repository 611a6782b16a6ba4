"""The staff concern channel: every staff member sends a concern to the principal or the Ban TTND, with an answer
date; the handler answers or routes it; the sender sees the answer; a confidential sender is known to the handler
only (issue #12)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from danvan.board import services
from danvan.board.choices import Addressee, FeedbackStatus
from danvan.board.models import StaffFeedback
from danvan.core.models import AuditEvent
from danvan.core.testing import client_for
from danvan.notify.models import Notification

pytestmark = pytest.mark.django_db

TODAY = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


def _send(school, teacher, **kw):
    data = {
        "subject": "Phòng học bộ môn",
        "content": "Đề nghị bố trí phòng học bộ môn cho tổ Toán.",
        "addressee": Addressee.HEAD,
        **kw,
    }
    return services.send_concern(school, actor=teacher, **data)


@time_machine.travel(TODAY, tick=False)
def test_a_teacher_sends_a_concern_the_principal_answers_and_the_teacher_sees_it(
    school, teacher, principal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(teacher).post(
            reverse("board:concern_create"),
            {"subject": "Phòng học bộ môn", "content": "Đề nghị bố trí phòng học bộ môn.", "addressee": Addressee.HEAD},
        )
    fb = StaffFeedback.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("board:my_concern_detail", args=[fb.pk])
    # 15 calendar days from the day after 07/12/2026 end on 22/12/2026, a Tuesday (the school's default).
    assert fb.due_on == dt.date(2026, 12, 22) and fb.person.user == teacher
    to_principal = Notification.objects.get(recipient=principal)
    assert (
        "22/12/2026" in to_principal.body and teacher.person.full_name not in to_principal.subject + to_principal.body
    )
    assert "Phòng học bộ môn" in client_for(principal).get(reverse("core:dashboard")).content.decode()

    teacher_client = client_for(teacher)
    assert (
        teacher_client.post(
            reverse("board:feedback_result", args=[fb.pk]), {"result": "x", "sent_on": "2026-12-07"}
        ).status_code
        == 403
    )
    with django_capture_on_commit_callbacks(execute=True):
        client_for(principal).post(
            reverse("board:feedback_result", args=[fb.pk]),
            {"result": "Nhà trường bố trí phòng 204 từ học kỳ II.", "sent_on": "2026-12-07"},
        )
    fb.refresh_from_db()
    assert fb.status == FeedbackStatus.ANSWERED and fb.answered_by == principal
    assert Notification.objects.filter(recipient=teacher, url=reverse("board:my_concern_detail", args=[fb.pk])).exists()
    page = teacher_client.get(reverse("board:my_concern_detail", args=[fb.pk])).content.decode()
    assert "Nhà trường bố trí phòng 204 từ học kỳ II." in page
    assert "Phòng học bộ môn" in teacher_client.get(reverse("board:my_concerns")).content.decode()


def test_a_confidential_sender_is_known_to_the_handler_only(school, teacher, principal, board_head):
    secret = _send(school, teacher, addressee=Addressee.BOARD, confidential=True)
    open_one = _send(school, teacher, addressee=Addressee.HEAD)
    name = teacher.person.full_name
    assert services.shows_sender(board_head, secret) and not services.shows_sender(principal, secret)
    assert services.shows_sender(principal, open_one) and services.shows_sender(board_head, open_one)
    principal_client = client_for(principal)
    assert name not in principal_client.get(reverse("board:feedback_detail", args=[secret.pk])).content.decode()
    listing = principal_client.get(reverse("board:feedback_list"), {"org": school.pk}).content.decode()
    assert listing.count(name) == 1  # the open concern sent to him, not the confidential one
    assert name in client_for(board_head).get(reverse("board:feedback_detail", args=[secret.pk])).content.decode()
    confidential_to_head = _send(school, teacher, confidential=True)
    assert not services.shows_sender(board_head, confidential_to_head)  # the board monitors, it does not handle
    # The trail of the page names no sender either: the entries the teacher wrote show "[đã ẩn]" as actor.
    assert AuditEvent.objects.filter(object_id=str(secret.pk), actor=teacher).exists()


def test_the_principal_routes_a_concern_to_the_board_which_then_answers(school, teacher, principal, board_head):
    fb = _send(school, teacher)
    with pytest.raises(services.BoardError):
        services.send_feedback_result(fb, actor=board_head, result="x", sent_on=fb.received_on)
    response = client_for(principal).post(reverse("board:feedback_route", args=[fb.pk]), {"note": "Cần xác minh"})
    assert response.status_code == 302
    fb.refresh_from_db()
    assert fb.addressee == Addressee.BOARD
    assert AuditEvent.objects.get(code="board.stafffeedback.route", object_id=str(fb.pk)).message == "Cần xác minh"
    services.send_feedback_result(fb, actor=board_head, result="Đã xác minh, bố trí phòng 204.", sent_on=fb.received_on)
    assert StaffFeedback.objects.get(pk=fb.pk).status == FeedbackStatus.ANSWERED


def test_another_school_and_another_sender_get_404(school, teacher, clerk, other_principal):
    fb = _send(school, teacher)
    assert client_for(other_principal).get(reverse("board:feedback_detail", args=[fb.pk])).status_code == 404
    assert client_for(clerk).get(reverse("board:my_concern_detail", args=[fb.pk])).status_code == 404
    assert client_for(teacher).get(reverse("board:my_concern_detail", args=[fb.pk])).status_code == 200


def test_the_school_sets_its_answer_period_in_working_days(school, teacher, principal):
    client = client_for(principal)
    bad = client.post(
        reverse("board:concern_settings") + f"?org={school.pk}", {"answer_days": "9" * 25, "citation": "x"}
    )
    assert bad.status_code == 400 and 'aria-invalid="true"' in bad.content.decode()
    assert client_for(teacher).get(reverse("board:concern_settings")).status_code == 403
    client.post(
        reverse("board:concern_settings") + f"?org={school.pk}",
        {"answer_days": "10", "working_days": "on", "citation": "Quy chế dân chủ của trường"},
    )
    with time_machine.travel(TODAY, tick=False):
        fb = _send(school, teacher)
    # 10 working days after Monday 07/12/2026: Monday 21/12/2026.
    assert fb.due_on == dt.date(2026, 12, 21)


def test_a_huge_or_empty_concern_is_refused_with_the_field_named(teacher):
    response = client_for(teacher).post(
        reverse("board:concern_create"), {"subject": "", "content": "A" * 6000, "addressee": "zzz"}
    )
    body = response.content.decode()
    assert response.status_code == 400 and body.count('aria-invalid="true"') == 3
    assert not StaffFeedback.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_an_overdue_concern_is_flagged_on_the_dashboards(school, teacher, principal, board_head):
    with time_machine.travel(TODAY - dt.timedelta(days=30), tick=False):
        _send(school, teacher, subject="Quá hạn rồi")
    for user in (principal, board_head):
        html = client_for(user).get(reverse("core:dashboard")).content.decode()
        assert "Quá hạn rồi" in html and "1 kiến nghị quá hạn" in html
