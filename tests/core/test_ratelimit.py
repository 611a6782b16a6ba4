"""Rate limits: sliding windows, exact under a real concurrent burst, per client address behind trusted proxies."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.test import RequestFactory

from danvan.core import ratelimit
from danvan.core.models import RateLimitBucket
from danvan.core.tasks import purge_rate_limits
from danvan.lib.net import BadNetwork, client_address, parse_networks
from danvan.petitions import antispam

REPO = Path(__file__).resolve().parents[2]
HOUR = ((3600, 5),)
T0 = 1_800_000_000.0  # an instant on the hour (1_800_000_000 is divisible by 3600)


# ---------------------------------------------------------------- sliding windows


def allowed(times, limits=HOUR, subject="203.0.113.9"):
    return [ratelimit.hit("test", subject, limits, now=t).allowed for t in times]


def test_the_window_boundary_does_not_double_the_limit(db):
    # Fixed hourly windows let 5 through at 10:59 and 5 more at 11:00: ten in two minutes.
    assert allowed([T0 - 60] * 5) == [True] * 5
    assert allowed([T0 + 1, T0 + 60, T0 + 1800]) == [False, False, False]
    # The first five leave the window one hour after they came, not at the top of the hour.
    assert allowed([T0 - 60 + 3600, T0 - 60 + 3600]) == [True, True]


def test_no_hour_ever_holds_more_than_the_limit(db):
    # A bot trying every minute for three hours.
    times = [T0 + minute * 60 for minute in range(180)]
    passed = [t for t, ok in zip(times, allowed(times), strict=True) if ok]
    assert max(sum(1 for t in passed if start <= t < start + 3600) for start in times) == 5
    assert len(passed) == 15  # five an hour, every hour


def test_a_refusal_says_when_room_comes_back_and_is_not_counted(db):
    allowed([T0, T0 + 600, T0 + 1200, T0 + 1800, T0 + 2400])
    refused = ratelimit.hit("test", "203.0.113.9", HOUR, now=T0 + 3000)
    assert not refused.allowed and refused.retry_after == 600 and refused.retry_minutes == 10
    assert ratelimit.hit("test", "203.0.113.9", HOUR, now=T0 + 3600).allowed  # the 10:00 event left


def test_each_limit_of_a_pair_holds(db):
    day = ((3600, 2), (86400, 3))
    assert allowed([T0, T0, T0], day) == [True, True, False]
    assert allowed([T0 + 3600, T0 + 3600], day) == [True, False]  # the day's third, then the day is full
    assert allowed([T0 + 86400], day) == [True]


def test_addresses_are_counted_apart_and_never_stored_in_clear(db):
    assert allowed([T0] * 6, subject="203.0.113.9")[-1] is False
    assert allowed([T0], subject="203.0.113.10") == [True]
    keys = list(RateLimitBucket.objects.values_list("key", flat=True))
    assert len(keys) == 2 and not any("203.0.113" in k for k in keys)


def test_a_released_event_gives_its_room_back(db):
    decisions = [ratelimit.hit("test", "a", ((3600, 1),), now=T0) for _ in range(2)]
    assert [d.allowed for d in decisions] == [True, False]
    ratelimit.release(decisions[0])
    assert ratelimit.hit("test", "a", ((3600, 1),), now=T0 + 1).allowed


def test_expired_rows_are_purged_by_the_periodic_task(db, settings):
    ratelimit.hit("test", "old", HOUR, now=time.time() - 7200)
    ratelimit.hit("test", "new", HOUR)
    assert purge_rate_limits.call() == 1
    assert RateLimitBucket.objects.count() == 1
    assert "core.purge_rate_limits" in settings.DANVAN_PERIODIC_TASKS


# ---------------------------------------------------------------- a real concurrent burst


def _database_url_for_a_second_process(tmp_path: Path) -> str:
    """Return a DATABASE_URL another process can open holding this test's (migrated) database."""
    if connection.vendor == "sqlite":
        target = tmp_path / "burst.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        return f"sqlite:///{target}"
    s = connection.settings_dict
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_twenty_simultaneous_submissions_lets_exactly_the_limit_through(tmp_path):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DANVAN_DATA_DIR=str(tmp_path),
        DATABASE_URL=_database_url_for_a_second_process(tmp_path),
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.core.burst_submit", "20"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    # The limit is 5 an hour per address (DANVAN_PETITION_SUBMIT_LIMITS); the read-then-write counter let 8 pass.
    assert outcome == {"accepted": 5, "refused": 15, "other": [], "petitions": 5}


# ---------------------------------------------------------------- client address behind proxies


PROXIES = parse_networks(["10.0.0.0/8", "127.0.0.1", "2001:db8::/32"])


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not a proxy: its header is the client's own claim
        ("10.0.0.2", "198.51.100.1", "198.51.100.1"),
        ("10.0.0.2", "1.2.3.4, 198.51.100.1", "198.51.100.1"),  # 1.2.3.4 was typed by the client
        ("10.0.0.2", "198.51.100.1, 10.0.0.7", "198.51.100.1"),  # two proxies
        ("10.0.0.2", "10.0.0.9, 10.0.0.7", "10.0.0.9"),  # every hop trusted: the leftmost
        ("10.0.0.2", "garbage, 10.0.0.7", "10.0.0.7"),
        ("10.0.0.2", "", "10.0.0.2"),
        ("2001:db8::5", "2001:db8:1::1, [2a00:1450::1]:443", "2a00:1450::1"),
    ],
)
def test_the_client_is_the_rightmost_hop_that_is_not_a_trusted_proxy(remote, forwarded, expected):
    assert client_address(remote, forwarded, PROXIES) == expected


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.DANVAN_TRUSTED_PROXIES = ()
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert ratelimit.client_ip(request) == "127.0.0.1"
    settings.DANVAN_TRUSTED_PROXIES = parse_networks(["127.0.0.1"])
    assert ratelimit.client_ip(request) == "198.51.100.1"


def test_behind_a_proxy_citizens_are_limited_one_by_one(db, settings):
    settings.DANVAN_TRUSTED_PROXIES = parse_networks(["127.0.0.1"])
    settings.DANVAN_PETITION_LOOKUP_LIMITS = ((600, 2),)

    def lookup(citizen):
        request = RequestFactory().post("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=citizen)
        try:
            antispam.check_lookup_rate(request)
        except antispam.Rejected:
            return False
        return True

    assert [lookup("198.51.100.1") for _ in range(3)] == [True, True, False]
    assert lookup("198.51.100.2")  # the next citizen behind the same proxy is not blocked


def test_a_malformed_trusted_proxy_setting_is_one_clear_sentence():
    with pytest.raises(BadNetwork):
        parse_networks(["10.0.0.0/8", "ten.zero"])
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DANVAN_TRUSTED_PROXIES="10.0.0.0/8,ten.zero", DEBUG="1")
    result = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "check"], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DANVAN_TRUSTED_PROXIES" in result.stderr and "ten.zero" in result.stderr
    assert "Traceback" not in result.stderr
