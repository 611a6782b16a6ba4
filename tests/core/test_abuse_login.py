"""Login lockout per account across addresses, the owner's notice, and limits on password-reset e-mails."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.notify.models import Notification

pytestmark = pytest.mark.django_db


def login(username, password, address):
    return Client(REMOTE_ADDR=address).post(reverse("login"), {"username": username, "password": password})


def test_wrong_passwords_from_many_addresses_lock_the_account_and_its_owner_hears_once(
    principal, personas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        # 16 wrong passwords spread over 4 addresses, 4 each: under any per-address limit.
        for attempt in range(16):
            login("hieutruong", "sai-mat-khau", f"198.51.100.{attempt % 4 + 1}")
        locked = login("hieutruong", personas.password, "198.51.100.99")  # the right one, from a fifth
    assert locked.status_code == 429
    assert "Tài khoản tạm bị khóa" in locked.text and "15 phút" in locked.text
    assert "_auth_user_id" not in locked.wsgi_request.session
    notices = Notification.objects.filter(recipient=principal)
    assert notices.count() == 1  # once per lockout, though 12 more attempts hit the locked account
    assert "tạm bị khóa" in notices.get().subject and "hieutruong" in notices.get().body
    owner_mails = [m for m in mail.outbox if principal.email in m.to]
    assert len(owner_mails) == 1 and "đặt lại mật khẩu" in owner_mails[0].body
    assert AuditEvent.objects.filter(code="core.user.locked_out", object_id=str(principal.pk)).count() == 1
    # Another account is not affected.
    assert login("vanthu", personas.password, "198.51.100.1").status_code == 302


def test_the_lock_ends_after_the_cool_off_and_the_next_lockout_is_told_again(principal, personas):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for attempt in range(5):
            login("hieutruong", "sai", f"203.0.113.{attempt}")
        assert login("hieutruong", personas.password, "203.0.113.50").status_code == 429
    with time_machine.travel(start + dt.timedelta(minutes=16), tick=False):
        for attempt in range(5):
            login("hieutruong", "sai", f"203.0.113.{attempt}")
    assert Notification.objects.filter(recipient=principal).count() == 2
    with time_machine.travel(start + dt.timedelta(minutes=40), tick=False):
        assert login("hieutruong", personas.password, "203.0.113.50").status_code == 302


def test_an_administrator_lifts_the_lock(principal, personas):
    for attempt in range(5):
        login("hieutruong", "sai", f"203.0.113.{attempt}")
    assert login("hieutruong", personas.password, "203.0.113.50").status_code == 429
    call_command("axes_reset_username", "hieutruong")
    assert login("hieutruong", personas.password, "203.0.113.50").status_code == 302


def test_the_lockout_page_is_in_english_for_an_english_reader(principal, personas):
    for attempt in range(5):
        login("hieutruong", "sai", f"203.0.113.{attempt}")
    client = Client(REMOTE_ADDR="203.0.113.9")
    client.cookies["django_language"] = "en"
    page = client.post(reverse("login"), {"username": "hieutruong", "password": personas.password})
    assert page.status_code == 429 and "temporarily locked" in page.text


def test_a_peer_address_that_is_not_an_ip_is_counted_without_an_error(principal, personas):
    # gunicorn on a Unix socket behind a proxy that sets nothing: the address columns are IP-typed.
    statuses = [login("hieutruong", "sai", "unix:/run/danvan.sock").status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 400, 429]  # the fifth failure locks
    assert login("hieutruong", personas.password, "unix:/run/danvan.sock").status_code == 429


# ---------------------------------------------------------------- password reset


def reset(email, address):
    return Client(REMOTE_ADDR=address).post(reverse("password_reset"), {"email": email})


def test_a_burst_of_reset_requests_sends_only_a_few_emails(principal):
    # 23 requests in seconds, as in the finding, from as many addresses: the account gets 2 e-mails an hour.
    statuses = [reset(principal.email, f"198.51.100.{i}").status_code for i in range(23)]
    assert statuses == [302] * 23  # the answer is the same whether or not a mail went out
    assert len([m for m in mail.outbox if principal.email in m.to]) == 2


def test_one_address_asking_too_often_is_told_to_wait(principal, teacher):
    answers = [reset(f"nobody{i}@example.invalid", "203.0.113.7") for i in range(5)]
    assert [a.status_code for a in answers] == [302] * 5
    refused = reset(teacher.email, "203.0.113.7")
    assert refused.status_code == 429
    assert "nhiều yêu cầu đặt lại mật khẩu" in refused.text and "phút" in refused.text
    assert not [m for m in mail.outbox if teacher.email in m.to]
    assert reset(teacher.email, "203.0.113.8").status_code == 302  # another address is served
    assert len([m for m in mail.outbox if teacher.email in m.to]) == 1
