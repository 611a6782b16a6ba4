from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from danvan.core.testing import client_for
from danvan.notify import backends
from danvan.notify.models import Notification
from danvan.notify.services import notify, send_text

pytestmark = pytest.mark.django_db


def test_a_notification_reaches_the_app_and_the_mailbox_after_commit(
    principal, school, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([principal], "Đơn sắp quá hạn", "Còn 2 ngày làm việc.", url="/don-thu/", organisation=school)
    assert Notification.objects.for_user(principal).unread().count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [principal.email]
    assert "/don-thu/" in mail.outbox[0].body


def test_the_header_shows_the_unread_count_and_reading_clears_it(principal, school):
    note = notify([principal], "Báo cáo 6 tháng đến hạn", organisation=school, email=False)[0]
    client = client_for(principal)
    assert 'class="badge warn">1<' in client.get(reverse("core:dashboard")).content.decode()
    client.post(reverse("notify:notification_open", args=[note.pk]))
    assert Notification.objects.for_user(principal).unread().count() == 0


def test_nobody_reads_another_persons_notifications(principal, teacher):
    note = notify([principal], "Riêng của hiệu trưởng", email=False)[0]
    client = client_for(teacher)
    assert "Riêng của hiệu trưởng" not in client.get(reverse("notify:notification_list")).content.decode()
    client.post(reverse("notify:notification_open", args=[note.pk]))
    note.refresh_from_db()
    assert note.read_at is None


def test_texts_go_through_the_configured_gateway(django_capture_on_commit_callbacks):
    backends.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        send_text("0912345678", "Đơn của bạn đã được thụ lý. Mã: K7M2-Q9XD-3")
    [message] = backends.outbox
    assert (message.channel, message.to, message.body) == (
        "sms",
        "0912345678",
        "Đơn của bạn đã được thụ lý. Mã: K7M2-Q9XD-3",
    )
    assert message.key  # the outbox row's idempotency key travels with every attempt


def test_opening_requires_post(principal):
    note = notify([principal], "x", email=False)[0]
    assert client_for(principal).get(reverse("notify:notification_open", args=[note.pk])).status_code == 405
