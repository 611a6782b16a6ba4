"""Background jobs of the core app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from danvan.core import ratelimit


@task()
def purge_rate_limits() -> int:
    """Delete rate-limit rows whose longest window has passed (they hold keyed digests of addresses)."""
    return ratelimit.purge_expired()
