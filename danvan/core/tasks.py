"""Background jobs of the core app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from danvan.core import ratelimit
from danvan.core.storage import sweep_orphans


@task()
def purge_rate_limits() -> int:
    """Delete rate-limit rows whose longest window has passed (they hold keyed digests of addresses)."""
    return ratelimit.purge_expired()


@task()
def sweep_orphan_uploads() -> int:
    """Delete uploaded files no row names (left by a crash between writing the file and committing the row)."""
    return len(sweep_orphans().deleted)
