"""Enqueue recurring background tasks (reminders, overdue refresh) from every worker, without double runs.

django-tasks has no scheduler. Each `danvan worker` runs `run_due()` every minute; a job is claimed with a
conditional UPDATE on its `next_run_at`, so when several workers share the database exactly one enqueues it
(the pattern healthchecks uses for its alerts). The schedule is the DANVAN_PERIODIC_TASKS setting.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Iterable

from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from django.utils.module_loading import import_string

from danvan.core.models import PeriodicJob

logger = logging.getLogger(__name__)


def schedule() -> dict[str, tuple[str, int]]:
    """Return {name: (dotted path of the task, interval in seconds)}."""
    return dict(getattr(settings, "DANVAN_PERIODIC_TASKS", {}))


def run_due(now: dt.datetime | None = None, names: Iterable[str] | None = None) -> list[str]:
    """Enqueue every job whose time has come; return the names this process claimed."""
    now = now or timezone.now()
    claimed = []
    for name, (path, seconds) in schedule().items():
        if names is not None and name not in names:
            continue
        job, _created = PeriodicJob.objects.get_or_create(name=name, defaults={"next_run_at": now})
        won = PeriodicJob.objects.filter(pk=job.pk, next_run_at__lte=now).update(
            next_run_at=now + dt.timedelta(seconds=seconds), last_run_at=now
        )
        if not won:
            continue
        try:
            import_string(path).enqueue()
        except Exception:  # a broken job must not stop the others; it is retried at its next time
            logger.exception("could not enqueue periodic task %s", name)
            continue
        claimed.append(name)
    return claimed


def start_scheduler(interval: float | None = None) -> threading.Thread:
    """Start a daemon thread that calls `run_due` every `interval` seconds (DANVAN_PERIODIC_TICK_SECONDS)."""
    if interval is None:
        interval = float(getattr(settings, "DANVAN_PERIODIC_TICK_SECONDS", 60))
    stop = threading.Event()

    def loop() -> None:
        while not stop.is_set():
            try:
                run_due()
            except Exception:
                logger.exception("periodic scheduler failed")
            finally:
                close_old_connections()
            stop.wait(interval)

    thread = threading.Thread(target=loop, name="danvan-periodic", daemon=True)
    thread.stop = stop  # type: ignore[attr-defined]
    thread.start()
    return thread
