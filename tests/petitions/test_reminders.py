"""Deadline reminders: 3 working days before and on the due date, claimed so two workers never send twice."""

from __future__ import annotations

import pytest
import time_machine

from danvan.notify.models import Notification
from danvan.petitions import reminders, services
from danvan.petitions.choices import Kind
from danvan.petitions.models import Petition
from danvan.petitions.tasks import send_deadline_reminders
from tests.petitions.factories import local_dt, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def petition(personas):
    with time_machine.travel(local_dt("2025-04-22 10:00"), tick=False):
        p = register(
            personas.school,
            personas.principal,
            kind=Kind.KIEN_NGHI,
            received_at=local_dt("2025-04-22 10:00"),
            handler=personas.clerk.person,
        )
    return p


def _send(at, capture):
    with time_machine.travel(local_dt(at), tick=False), capture(execute=True):
        return reminders.send_due_reminders()


def test_the_first_reminder_is_three_working_days_before_the_due_date(petition):
    assert petition.due_on.isoformat() == "2025-05-08"
    assert petition.next_reminder_at == local_dt("2025-05-05 07:00")  # 30/04–04/05 are days off


def test_reminders_go_out_once_each_then_stop(petition, mailoutbox, django_capture_on_commit_callbacks):
    assert _send("2025-05-05 06:59", django_capture_on_commit_callbacks) == 0
    assert _send("2025-05-05 07:30", django_capture_on_commit_callbacks) == 1
    assert _send("2025-05-05 07:31", django_capture_on_commit_callbacks) == 0
    petition.refresh_from_db()
    assert petition.next_reminder_at == local_dt("2025-05-08 07:00")
    assert _send("2025-05-08 08:00", django_capture_on_commit_callbacks) == 1
    petition.refresh_from_db()
    assert petition.next_reminder_at is None
    assert [m.to for m in mailoutbox] == [["vanthu@example.invalid"], ["vanthu@example.invalid"]]
    assert "còn 3 ngày làm việc" in mailoutbox[0].subject
    assert "hôm nay là hạn cuối" in mailoutbox[1].subject
    for m in mailoutbox:
        assert "Nguyễn Thị Hoa" not in m.body + m.subject and "0912" not in m.body


def test_two_workers_claiming_the_same_reminder_send_one_email(
    petition, mailoutbox, django_capture_on_commit_callbacks
):
    now = local_dt("2025-05-05 07:30")
    seen = list(Petition.objects.filter(next_reminder_at__lte=now).values_list("id", "next_reminder_at"))
    assert len(seen) == 1
    ((pid, at),) = seen
    # Both workers read the same candidate before either updates it.
    with time_machine.travel(now, tick=False):
        first = reminders.claim(pid, at, now=now)
        second = reminders.claim(pid, at, now=now)
    assert first is not None and second is None
    with time_machine.travel(now, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_due_reminders() == 0  # already claimed
    assert mailoutbox == []


def test_a_closed_petition_is_not_reminded(petition, personas, mailoutbox, django_capture_on_commit_callbacks):
    with time_machine.travel(local_dt("2025-04-23 09:00"), tick=False):
        services.guide(petition, actor=personas.principal, guided_to="UBND phường")
    assert petition.next_reminder_at is None
    assert _send("2025-05-05 07:30", django_capture_on_commit_callbacks) == 0


def test_the_task_sends_due_reminders(petition, mailoutbox, django_capture_on_commit_callbacks):
    with (
        time_machine.travel(local_dt("2025-05-05 07:30"), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        result = send_deadline_reminders.enqueue()
    assert result.return_value == 1
    assert len(mailoutbox) == 1


def test_the_reminder_also_appears_in_the_app(petition, django_capture_on_commit_callbacks, personas):
    _send("2025-05-05 07:30", django_capture_on_commit_callbacks)
    assert Notification.objects.filter(recipient=personas.clerk).exists()
