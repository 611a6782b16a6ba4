"""A task for the background-worker test (tasks must be importable module-level functions)."""

from __future__ import annotations

from django_tasks import task


@task()
def add_and_audit(a: int, b: int) -> int:
    from danvan.core import audit

    audit.record("core.test.worker_ran", message=f"{a}+{b}")
    return a + b


@task()
def add_and_audit_nothing() -> None:
    from danvan.core import audit

    audit.record("core.test.periodic_ran")
