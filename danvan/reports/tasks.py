"""Background jobs of the reports app: compiling a report never blocks the web worker."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _
from django_tasks import task

from danvan.core.context import acting_as

# The module, not its functions: services enqueue these tasks, so each module imports the other (as in notify).
from danvan.reports import services
from danvan.reports.choices import JobStatus
from danvan.reports.models import CompileJob

log = logging.getLogger(__name__)


@task()
def compile_obligation(job_id: int) -> int | None:
    """Compile the report of a job's obligation, storing progress on the job row; return the version id."""
    job = CompileJob.objects.select_related("obligation__organisation", "requested_by").get(pk=job_id)
    tick = services.job_progress(job.pk)
    tick(5, _("Bắt đầu tổng hợp"))
    try:
        with acting_as(job.requested_by, label="danvan tasks"):
            version = services.compile_report(job.obligation, actor=job.requested_by, progress=tick)
    except services.ReportError as exc:
        CompileJob.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, message=exc.message[:300])
        return None
    except Exception:
        log.exception("reports: compile job %s failed", job.pk)
        CompileJob.objects.filter(pk=job.pk).update(
            status=JobStatus.FAILED, message=_("Lỗi khi tổng hợp; hãy thử lại hoặc báo quản trị.")
        )
        raise
    CompileJob.objects.filter(pk=job.pk).update(
        status=JobStatus.DONE,
        percent=100,
        version=version,
        message=_("Đã tổng hợp xong bản %(n)s") % {"n": version.number},
    )
    return version.pk


@task()
def refresh_overdue_obligations() -> int:
    """Mark unsent obligations whose due date passed as missing (run daily by the worker's scheduler)."""
    return services.refresh_statuses()
