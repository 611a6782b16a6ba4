"""A task for the background-worker test (tasks must be importable module-level functions)."""

from __future__ import annotations

from django_tasks import task

from danvan.core import audit


@task()
def add_and_audit(a: int, b: int) -> int:
    audit.record("core.test.worker_ran", message=f"{a}+{b}")
    return a + b


@task()
def add_and_audit_nothing() -> None:
    audit.record("core.test.periodic_ran")
