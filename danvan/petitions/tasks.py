"""Background jobs of the petitions app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from danvan.petitions import reminders


@task()
def send_deadline_reminders() -> int:
    """E-mail handlers whose petitions are 3 working days from, or at, their due date (run every few minutes)."""
    return reminders.send_due_reminders()
