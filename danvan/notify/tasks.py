"""Background jobs of the notify app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from danvan.notify.services import send_queued_emails


@task()
def send_pending_emails() -> int:
    """Send the queued e-mails the web processes did not (killed before the send, or SMTP down)."""
    return send_queued_emails()
