"""Background jobs of the privacy app (django-tasks), run daily by the scheduler (core.periodic)."""

from __future__ import annotations

from django_tasks import task

from danvan.privacy import services


@task()
def apply_retention() -> int:
    """Erase the personal data of closed cases past their retention period; return how many records were touched."""
    run = services.apply_retention()
    return run.petitions + run.attachments + run.receptions
