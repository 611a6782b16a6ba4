"""E-mail outbox: an e-mail decided in a committed transaction goes out once, even when its sender dies."""

from __future__ import annotations

import datetime as dt
import socket
import time

import pytest
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from danvan.notify.models import OutboundEmail
from danvan.notify.services import claim_email, notify, send_queued_emails
from danvan.notify.tasks import send_pending_emails

pytestmark = pytest.mark.django_db


def _killed_before_the_send(principal, school, django_capture_on_commit_callbacks) -> OutboundEmail:
    """Commit a notification whose after-commit send never runs, as when the web process is killed there."""
    with django_capture_on_commit_callbacks(execute=False):
        with transaction.atomic():
            notify([principal], "Đơn mới TN-0001", "Bạn được giao xử lý đơn.", url="/don-thu/", organisation=school)
    return OutboundEmail.objects.get()


def test_an_email_whose_sender_died_after_the_commit_is_sent_by_the_worker_once(
    principal, school, mailoutbox, django_capture_on_commit_callbacks
):
    row = _killed_before_the_send(principal, school, django_capture_on_commit_callbacks)
    assert mailoutbox == []
    assert send_pending_emails.enqueue().return_value == 1
    assert send_pending_emails.enqueue().return_value == 0
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [principal.email]
    assert mailoutbox[0].subject == "Đơn mới TN-0001"
    assert mailoutbox[0].extra_headers["Message-ID"] == row.message_id
    row.refresh_from_db()
    assert row.sent_at is not None and row.attempts == 1


def test_the_normal_path_sends_right_after_the_commit_and_the_sweep_finds_nothing(
    principal, school, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify([principal], "Báo cáo đến hạn", "Còn 2 ngày làm việc.", organisation=school)
    assert len(mailoutbox) == 1
    assert send_queued_emails() == 0
    assert len(mailoutbox) == 1


def test_a_rolled_back_decision_sends_nothing(principal, school, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        with transaction.atomic():
            notify([principal], "Đơn mới TN-0002", organisation=school)
            raise RuntimeError("the business change failed")
    assert OutboundEmail.objects.count() == 0
    assert send_queued_emails() == 0
    assert mailoutbox == []


@override_settings(DANVAN_EMAIL_LEASE_SECONDS=60)
def test_an_email_claimed_by_a_sender_that_died_waits_for_the_lease_then_goes_once(
    principal, school, mailoutbox, django_capture_on_commit_callbacks
):
    row = _killed_before_the_send(principal, school, django_capture_on_commit_callbacks)
    now = timezone.now()
    assert claim_email(row.pk, now=now)  # the sender that claims it is killed before its SMTP call
    assert not claim_email(row.pk, now=now)  # a second sender at the same moment loses the claim
    assert send_queued_emails(now=now + dt.timedelta(seconds=30)) == 0
    assert mailoutbox == []
    assert send_queued_emails(now=now + dt.timedelta(seconds=61)) == 1
    assert send_queued_emails(now=now + dt.timedelta(seconds=200)) == 0
    assert len(mailoutbox) == 1


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_an_smtp_outage_keeps_the_email_queued_with_the_reason_and_it_is_retried(
    principal, school, mailoutbox, django_capture_on_commit_callbacks
):
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=_closed_port(),
        EMAIL_TIMEOUT=2,
    ):
        with django_capture_on_commit_callbacks(execute=True):
            notify([principal], "Đơn mới TN-0003", organisation=school)  # the business change still commits
        row = OutboundEmail.objects.get()
        assert row.sent_at is None and row.attempts == 1
        assert "Connection refused" in row.last_error or "ConnectionRefused" in row.last_error
        assert send_queued_emails() == 0  # not before its retry time
    assert send_queued_emails(now=timezone.now() + dt.timedelta(minutes=5)) == 1
    assert [m.subject for m in mailoutbox] == ["Đơn mới TN-0003"]


def test_a_mail_server_that_never_answers_does_not_hang_the_page_beyond_the_timeout(
    principal, school, django_capture_on_commit_callbacks, settings
):
    assert settings.EMAIL_TIMEOUT == 10  # the shipped default: a staff page waits at most this long
    with socket.socket() as hung:  # accepts the connection, never sends the SMTP greeting
        hung.bind(("127.0.0.1", 0))
        hung.listen()
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", hung.getsockname()[1]
        settings.EMAIL_TIMEOUT = 1
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            notify([principal], "Đơn mới TN-0004", organisation=school)
        assert time.monotonic() - started < 5
    row = OutboundEmail.objects.get()
    assert row.sent_at is None and "timed out" in row.last_error.lower()  # kept for the worker's retry
