"""Rate limits with sliding windows, exact under concurrent requests, for every door that needs one.

Used by the public petition form, the tracking look-up, the receipt and confirmation pages, password reset and
the login lockout notice. A limit is a set of (window seconds, most events) pairs: "5 an hour and 20 a day".

Where the counts live: in the database, one row per key holding the times of its recent events (a sliding
log, at most as many entries as the largest limit). Each check runs in one short transaction that locks the
key's row (SELECT … FOR UPDATE on PostgreSQL; SQLite's BEGIN IMMEDIATE takes the write lock at once), reads the
log, and appends only when every window still has room. So twenty simultaneous requests get twenty distinct
answers — exactly the limit passes —, and the window slides: five events at 10:59 still count at 11:30, and no
moment around the hour lets twice the limit through, as fixed windows did.

Why not Django's cache: `incr` is atomic on Redis and Memcached but a read-then-write on the file, database and
memory caches this product ships with; the database is the one shared store every installation has, whatever
its number of processes or hosts. A check costs one small write transaction, which the public pages afford.

Keys are keyed digests (HMAC with SECRET_KEY) of the scope and subject, never an address or a user name in
clear: a citizen's address could point to a denouncer (Luật Tố cáo 2018 Điều 47). Rows expire with their
longest window and are purged by the `core.purge_rate_limits` periodic task.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import math
import time
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from danvan.core.models import RateLimitBucket
from danvan.lib.net import client_address

Limits = tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Decision:
    """The answer to one check: allowed (and counted at `at`), or refused until `retry_after` seconds pass."""

    allowed: bool
    key: str
    at: float = 0.0
    retry_after: int = 0

    @property
    def retry_minutes(self) -> int:
        """Return the wait in whole minutes, at least one (what a person is told)."""
        return max(1, math.ceil(self.retry_after / 60))


def client_ip(request: HttpRequest) -> str:
    """Return the client's address: REMOTE_ADDR, or the right hop of X-Forwarded-For behind a trusted proxy.

    The proxies are the DANVAN_TRUSTED_PROXIES setting (addresses or CIDR blocks); without it the header is
    ignored, since anyone can send it.
    """
    return client_address(
        request.META.get("REMOTE_ADDR") or "",
        request.META.get("HTTP_X_FORWARDED_FOR") or "",
        tuple(getattr(settings, "DANVAN_TRUSTED_PROXIES", ())),
    )


def key_for(scope: str, subject: str) -> str:
    """Return the stored key of `subject` (an address, an account) in `scope`: a digest, not the subject."""
    message = f"{scope}\0{subject}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _normalise(limits: Iterable[tuple[int, int]]) -> Limits:
    return tuple((int(window), int(count)) for window, count in limits if int(window) > 0)


def _fast_commit() -> None:
    """On PostgreSQL, let this transaction's commit return before its WAL reaches the disk: a crash may forget
    the last few counts (harmless for a rate limit), and a check costs no disk flush. Locks are unaffected."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")


def hit(scope: str, subject: str, limits: Iterable[tuple[int, int]], *, now: float | None = None) -> Decision:
    """Count one event of `subject` in `scope` if every window has room; otherwise count nothing and refuse."""
    limits = _normalise(limits)
    now = time.time() if now is None else now
    key = key_for(scope, subject)
    if not limits:
        return Decision(True, key, now)
    longest = max(window for window, _count in limits)
    expires_at = dt.datetime.fromtimestamp(now + longest, tz=dt.UTC)
    outermost = not connection.in_atomic_block
    # Inside a caller's transaction (the public form counts in the one that stores the petition) no savepoint: the
    # row lock is then held until that transaction ends, and its rollback gives the count back.
    with transaction.atomic(savepoint=outermost):
        if outermost:  # never relax the commit of a business transaction this check runs inside
            _fast_commit()
        # INSERT … ON CONFLICT DO NOTHING, then lock: two first hits of a key never race on the unique index.
        RateLimitBucket.objects.bulk_create(
            [RateLimitBucket(key=key, hits=[], expires_at=expires_at)], ignore_conflicts=True
        )
        bucket = RateLimitBucket.objects.select_for_update().get(key=key)
        hits = sorted(float(t) for t in (bucket.hits or []) if now - float(t) < longest)
        waits = []
        for window, count in limits:
            recent = [t for t in hits if now - t < window]
            if len(recent) >= count:
                # Room comes back when the oldest event that fills the window leaves it.
                waits.append(recent[len(recent) - count] + window - now)
        if waits:
            return Decision(False, key, retry_after=max(1, math.ceil(max(waits))))
        hits.append(now)
        bucket.hits = hits
        bucket.expires_at = expires_at
        bucket.save(update_fields=["hits", "expires_at"])
    return Decision(True, key, now)


def release(decision: Decision) -> None:
    """Give back an allowed event that did not happen after all (a submission refused for another reason)."""
    if not decision.allowed:
        return
    with transaction.atomic():
        bucket = RateLimitBucket.objects.select_for_update().filter(key=decision.key).first()
        if bucket is None:
            return
        hits = list(bucket.hits or [])
        if decision.at in hits:
            hits.remove(decision.at)
            bucket.hits = hits
            bucket.save(update_fields=["hits"])


def reset(scope: str, subject: str) -> None:
    """Forget every event of `subject` in `scope` (an administrator lifting a limit)."""
    RateLimitBucket.objects.filter(key=key_for(scope, subject)).delete()


def purge_expired(now: dt.datetime | None = None) -> int:
    """Delete the rows whose longest window has passed; return how many."""
    deleted, _by_model = RateLimitBucket.objects.filter(expires_at__lt=now or timezone.now()).delete()
    return deleted


# ---------------------------------------------------------------------------------------------- password reset


def password_reset_for_address(request: HttpRequest) -> Decision:
    """Count one password-reset request from the client's address (DANVAN_PASSWORD_RESET_LIMITS)."""
    return hit(
        "password-reset-address",
        client_ip(request),
        getattr(settings, "DANVAN_PASSWORD_RESET_LIMITS", ((3600, 5), (86400, 20))),
    )


def password_reset_for_account(user: object) -> Decision:
    """Count one reset e-mail to an account, whoever asks (DANVAN_PASSWORD_RESET_ACCOUNT_LIMITS): a stranger
    cannot fill someone's inbox by asking from many addresses."""
    return hit(
        "password-reset-account",
        str(getattr(user, "pk", "")),
        getattr(settings, "DANVAN_PASSWORD_RESET_ACCOUNT_LIMITS", ((3600, 2), (86400, 5))),
    )
