"""Background jobs of the notify app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

# The module, not its functions: services enqueue these tasks, so each module imports the other.
from danvan.notify import services


@task()
def send_pending_emails() -> int:
    """Send the queued e-mails the web processes did not (killed before the send, or SMTP down)."""
    return services.send_queued_emails()


@task()
def send_texts(ids: list[int]) -> int:
    """Send the given queued texts now (enqueued after the commit that decided them)."""
    return services.send_queued_texts(ids=ids)


@task()
def send_pending_texts() -> int:
    """Send every text that is due: first tries a queued send missed, and retries after their back-off."""
    return services.send_queued_texts()
