"""Spam checks of the public form: honeypot, timing token, per-address limits."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from danvan.petitions import antispam


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_token_shown_a_while_ago_passes():
    now = time.time()
    antispam.check_token(antispam.issue_token(now - 30), now)


def test_it_rejects_a_form_sent_within_three_seconds():
    now = time.time()
    with pytest.raises(antispam.Rejected) as exc:
        antispam.check_token(antispam.issue_token(now - 1), now)
    assert exc.value.reason == "too-fast"


def test_it_asks_to_resend_a_form_older_than_two_hours():
    now = time.time()
    with pytest.raises(antispam.Rejected) as exc:
        antispam.check_token(antispam.issue_token(now - 2 * 3600 - 5), now)
    assert exc.value.reason == "expired"
    assert "Nội dung bạn nhập vẫn còn" in str(exc.value)


def test_it_rejects_a_forged_or_missing_token():
    for token in ("", "abc", antispam.issue_token(0)[:-3] + "xyz"):
        with pytest.raises(antispam.Rejected):
            antispam.check_token(token)


def test_it_rejects_a_filled_honeypot():
    antispam.check_honeypot({"website": ""})
    with pytest.raises(antispam.Rejected):
        antispam.check_honeypot({"website": "http://spam.example"})


def test_it_limits_submissions_per_address_per_hour(settings, db):
    settings.DANVAN_PETITION_SUBMIT_LIMITS = ((3600, 5), (86400, 20))
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    other = RequestFactory().post("/", REMOTE_ADDR="203.0.113.10")
    now = 1_800_000_000.0
    for _ in range(5):
        antispam.check_submit(request, "", now)
    with pytest.raises(antispam.Rejected) as exc:
        antispam.check_submit(request, "", now)
    assert exc.value.reason == "rate" and "60 phút" in str(exc.value.message)
    antispam.check_submit(other, "", now)
    antispam.check_submit(request, "", now + 3600)  # the first five have left the sliding hour


def test_it_limits_submissions_per_address_per_day(settings, db):
    settings.DANVAN_PETITION_SUBMIT_LIMITS = ((3600, 5), (86400, 20))
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    start = 1_800_000_000.0
    for hour in range(4):
        for _ in range(5):
            antispam.check_submit(request, "", start + hour * 3600)
    with pytest.raises(antispam.Rejected):
        antispam.check_submit(request, "", start + 5 * 3600)
    antispam.check_submit(request, "", start + 86400)  # the first hour's five have left the day


def test_a_submission_given_back_does_not_count(settings, db):
    settings.DANVAN_PETITION_SUBMIT_LIMITS = ((3600, 1),)
    request = RequestFactory().post("/", REMOTE_ADDR="203.0.113.9")
    counted = antispam.check_submit(request, "")
    antispam.release_submit(counted)  # the service refused the petition: the citizen may send again
    antispam.check_submit(request, "")
    with pytest.raises(antispam.Rejected):
        antispam.check_submit(request, "")


def test_it_limits_tracking_lookups(settings, db):
    settings.DANVAN_PETITION_LOOKUP_LIMITS = ((600, 3),)
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.7")
    now = 1_800_000_000.0
    for _ in range(3):
        antispam.check_lookup_rate(request, now)
    with pytest.raises(antispam.Rejected):
        antispam.check_lookup_rate(request, now)
    antispam.check_lookup_rate(request, now + 600)
