from __future__ import annotations

import pytest
from django.core.management import call_command
from django.test import override_settings

from danvan.core.models import AuditEvent
from tests.core.sample_tasks import add_and_audit

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.mark.django_db(transaction=True)
def test_a_task_enqueued_on_the_database_queue_is_run_by_the_worker():
    with override_settings(TASKS=DB_TASKS):  # django-tasks resets its backends on setting_changed
        result = add_and_audit.using(backend="default").enqueue(2, 3)
        assert not AuditEvent.objects.filter(code="core.test.worker_ran").exists()
        call_command("db_worker", "--batch", "--no-startup-delay", "--max-tasks", "1", verbosity=0)
        result.refresh()
        assert result.return_value == 5
        assert AuditEvent.objects.filter(code="core.test.worker_ran", message="2+3").exists()
