"""SMS (eSMS.vn) and Zalo OA sends, queued and retried, against a real local gateway server (tests/notify/gateways.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import checks
from django.db import connection, transaction
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from danvan.core.models import AuditEvent
from danvan.core.testing import client_for
from danvan.notify.checks import check_text_gateways
from danvan.notify.models import OutboundText, ZaloToken
from danvan.notify.services import backoff, claim_text, queue_text, send_queued_texts
from tests.notify.gateways import Gateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def gateway():
    server = Gateway()
    state = server.state
    with override_settings(
        DANVAN_SMS_BACKEND="danvan.notify.backends.EsmsBackend",
        DANVAN_ESMS_URL=f"{server.url}/MainService.svc/json/SendMultipleMessage_V4_post_json/",
        DANVAN_ESMS_API_KEY=state.api_key,
        DANVAN_ESMS_SECRET_KEY=state.secret_key,
        DANVAN_ESMS_BRANDNAME=state.brandname,
        DANVAN_ZALO_BACKEND="danvan.notify.zalo.ZaloOABackend",
        DANVAN_ZALO_APP_ID=state.app_id,
        DANVAN_ZALO_APP_SECRET=state.app_secret,
        DANVAN_ZALO_REFRESH_TOKEN=state.refresh_token,
        DANVAN_ZALO_API_URL=server.url,
        DANVAN_ZALO_OAUTH_URL=server.url,
        DANVAN_TEXT_TIMEOUT_SECONDS=0.3,
    ):
        yield server
    server.stop()


def _queue(django_capture_on_commit_callbacks, *texts: tuple[str, str, str], organisation=None) -> list[OutboundText]:
    """Queue texts in one committed transaction; its after-commit sends run (as the web process would start them)."""
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        rows = [queue_text(c, to, body, organisation=organisation) for c, to, body in texts]
    for row in rows:
        row.refresh_from_db()
    return rows


def test_an_sms_goes_to_the_gateway_with_brandname_and_without_diacritics(gateway, django_capture_on_commit_callbacks):
    [row] = _queue(django_capture_on_commit_callbacks, ("sms", "0912345678", "Đơn K7M2 đã được thụ lý"))
    assert gateway.state.delivered == [("sms", "0912345678", "Don K7M2 da duoc thu ly")]
    assert row.sent_at is not None and row.attempts == 1 and row.gateway_ref == "sms-1"
    assert gateway.state.request_ids == {row.idempotency_key}


def test_an_outage_queues_the_texts_and_they_are_delivered_once_when_the_gateway_returns(
    gateway, django_capture_on_commit_callbacks
):
    gateway.state.mode = "down"
    rows = _queue(
        django_capture_on_commit_callbacks,
        ("sms", "0912345678", "Lan 1"),
        ("sms", "0987654321", "Lan 2"),
        ("zalo", "8830012", "Lần 3"),
    )
    assert gateway.state.delivered == []
    assert all(r.sent_at is None and r.dead_at is None and r.attempts == 1 and "503" in r.last_error for r in rows)
    now = max(r.next_attempt_at for r in rows)
    assert send_queued_texts(now=now - dt.timedelta(seconds=1)) == 0  # still backing off: the gateway is not hit
    calls = gateway.state.calls
    assert send_queued_texts(now=now) == 0  # the second attempt, still down
    assert gateway.state.calls > calls
    gateway.state.mode = "ok"
    later = now + backoff(2)
    assert send_queued_texts(now=later) == 3
    assert send_queued_texts(now=later + dt.timedelta(hours=2)) == 0
    assert sorted(gateway.state.delivered) == [
        ("sms", "0912345678", "Lan 1"),
        ("sms", "0987654321", "Lan 2"),
        ("zalo", "8830012", "Lần 3"),
    ]


def test_a_timeout_after_the_gateway_accepted_is_retried_with_the_same_request_id_and_not_sent_twice(
    gateway, django_capture_on_commit_callbacks
):
    gateway.state.mode, gateway.state.hang_seconds = "slow", 0.6
    [row] = _queue(django_capture_on_commit_callbacks, ("sms", "0912345678", "Mot lan thoi"))
    assert row.sent_at is None and "timeout" in row.last_error
    gateway.state.mode = "ok"
    assert send_queued_texts(now=row.next_attempt_at) == 1  # eSMS answers 124 "duplicate RequestId": it was sent
    assert gateway.state.delivered == [("sms", "0912345678", "Mot lan thoi")]


def test_a_rate_limited_send_waits_as_long_as_the_gateway_asks(gateway, django_capture_on_commit_callbacks):
    gateway.state.mode = "rate"
    before = timezone.now()
    [row] = _queue(django_capture_on_commit_callbacks, ("sms", "0912345678", "Cham lai"))
    assert row.next_attempt_at >= before + dt.timedelta(seconds=120)  # Retry-After beats the 1-minute back-off
    assert "429" in row.last_error


def test_the_back_off_doubles_and_is_capped():
    assert [backoff(n).total_seconds() / 60 for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]


@override_settings(DANVAN_TEXT_MAX_ATTEMPTS=3)
def test_after_the_last_attempt_a_text_is_a_dead_letter_a_clerk_sees_and_can_send_again(
    gateway, school, clerk, other_principal, django_capture_on_commit_callbacks
):
    gateway.state.mode = "down"
    [row] = _queue(django_capture_on_commit_callbacks, ("sms", "0912345678", "Khong den"), organisation=school)
    assert send_queued_texts(now=row.next_attempt_at) == 0
    row.refresh_from_db()
    assert send_queued_texts(now=row.next_attempt_at) == 0
    row.refresh_from_db()
    assert row.attempts == 3 and row.dead_at is not None
    assert send_queued_texts(now=row.next_attempt_at + dt.timedelta(days=1)) == 0  # never retried by itself

    page = client_for(clerk).get(reverse("notify:text_outbox") + "?trang-thai=dead").content.decode()
    assert f'data-text-row="{row.pk}" data-state="dead"' in page and "•••678" in page and "0912345678" not in page
    assert (
        f'data-text-row="{row.pk}"'
        not in client_for(other_principal).get(reverse("notify:text_outbox")).content.decode()
    )
    assert client_for(other_principal).post(reverse("notify:text_retry", args=[row.pk])).status_code == 404

    gateway.state.mode = "ok"
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(clerk).post(reverse("notify:text_retry", args=[row.pk]))
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.sent_at is not None and gateway.state.delivered == [("sms", "0912345678", "Khong den")]
    assert AuditEvent.objects.filter(code="notify.text.requeued", object_id=str(row.pk)).exists()


def test_a_malformed_number_is_a_dead_letter_at_once(gateway, django_capture_on_commit_callbacks):
    [row] = _queue(django_capture_on_commit_callbacks, ("sms", "12345", "x"))
    assert row.dead_at is not None and row.attempts == 1 and "108" in row.last_error


def test_two_senders_never_claim_the_same_text(gateway, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False), transaction.atomic():
        row = queue_text("sms", "0912345678", "Mot lan")
    now = timezone.now()
    assert claim_text(row.pk, now=now)
    assert not claim_text(row.pk, now=now)
    assert send_queued_texts(now=now) == 0  # the first sender holds it
    assert gateway.state.delivered == []


def test_the_zalo_token_is_refreshed_once_when_it_expires_and_stored_encrypted(
    gateway, django_capture_on_commit_callbacks
):
    [first] = _queue(django_capture_on_commit_callbacks, ("zalo", "8830012", "Chào bạn"))
    assert first.sent_at is not None and gateway.state.refreshes == 1  # no token yet: the configured one is used
    gateway.state.mode = "expire"
    [second] = _queue(django_capture_on_commit_callbacks, ("zalo", "8830012", "Đơn đã thụ lý"))
    assert second.sent_at is not None and second.attempts == 1
    assert gateway.state.refreshes == 2
    assert [d[2] for d in gateway.state.delivered] == ["Chào bạn", "Đơn đã thụ lý"]
    token = ZaloToken.objects.get()
    assert token.refresh_token == "refresh-2" and token.access_token == "access-2"
    with connection.cursor() as cursor:
        cursor.execute("SELECT access_token, refresh_token FROM notify_zalotoken")
        assert all(v.startswith("fernet:") for v in cursor.fetchone())


def test_a_refused_refresh_keeps_the_message_queued(gateway, django_capture_on_commit_callbacks):
    gateway.state.refresh_token = "someone-else-used-it"
    [row] = _queue(django_capture_on_commit_callbacks, ("zalo", "8830012", "Chào"))
    assert row.sent_at is None and row.dead_at is None and "-14014" in row.last_error


def test_zalo_rate_limit_and_outage_back_off(gateway, django_capture_on_commit_callbacks):
    gateway.state.mode = "rate"
    before = timezone.now()
    [row] = _queue(django_capture_on_commit_callbacks, ("zalo", "8830012", "Chào"))
    assert "-32" in row.last_error and row.next_attempt_at >= before + dt.timedelta(seconds=60)
    gateway.state.mode = "down"
    assert send_queued_texts(now=row.next_attempt_at) == 0
    row.refresh_from_db()
    assert "503" in row.last_error and row.attempts == 2
    gateway.state.mode = "ok"
    assert send_queued_texts(now=row.next_attempt_at) == 1
    assert len(gateway.state.delivered) == 1


def test_an_incomplete_gateway_configuration_is_a_system_check_error():
    with override_settings(
        DANVAN_SMS_BACKEND="danvan.notify.backends.EsmsBackend",
        DANVAN_ESMS_API_KEY="",
        DANVAN_ZALO_BACKEND="danvan.notify.zalo.ZaloOABackend",
        DANVAN_ZALO_APP_ID="1",
    ):
        ids = {e.id for e in check_text_gateways()}
    assert ids == {"danvan.notify.E002", "danvan.notify.E004"}
    with override_settings(DANVAN_SMS_BACKEND="danvan.notify.nope.Backend"):
        assert [e.id for e in check_text_gateways()] == ["danvan.notify.E001"]
    assert all(e.level < checks.ERROR for e in check_text_gateways())


def test_the_outbox_page_costs_the_same_queries_for_more_rows_and_405_on_post(school, clerk, teacher):
    client = client_for(clerk)
    url = reverse("notify:text_outbox")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    OutboundText.objects.create(channel="sms", to="0912345678", body="a", organisation=school)
    one = count()
    for n in range(5):
        OutboundText.objects.create(channel="zalo", to=f"88300{n}", body="b", organisation=school)
    assert count() == one
    assert client.post(url).status_code == 405
    assert client_for(teacher).get(url).status_code == 403
