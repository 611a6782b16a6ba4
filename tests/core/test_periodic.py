from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import override_settings
from django.utils import timezone
from django.utils.module_loading import import_string

from danvan.core.models import AuditEvent, PeriodicJob
from danvan.core.periodic import run_due

pytestmark = pytest.mark.django_db

JOBS = {"test.add": ("tests.core.sample_tasks.add_and_audit_nothing", 3600)}


@override_settings(DANVAN_PERIODIC_TASKS=JOBS)
def test_a_job_runs_once_per_interval_however_many_workers_ask():
    now = timezone.now()
    assert run_due(now) == ["test.add"]
    assert run_due(now) == []  # a second worker at the same moment gets nothing
    assert run_due(now + dt.timedelta(minutes=59)) == []
    assert run_due(now + dt.timedelta(minutes=61)) == ["test.add"]
    assert AuditEvent.objects.filter(code="core.test.periodic_ran").count() == 2


@override_settings(DANVAN_PERIODIC_TASKS={"test.broken": ("tests.core.sample_tasks.does_not_exist", 60), **JOBS})
def test_a_broken_job_does_not_stop_the_others():
    assert run_due(timezone.now()) == ["test.add"]
    assert PeriodicJob.objects.filter(name="test.broken").exists()


def test_the_shipped_schedule_names_real_tasks():
    for path, seconds in settings.DANVAN_PERIODIC_TASKS.values():
        assert callable(import_string(path).enqueue)
        assert seconds >= 60
