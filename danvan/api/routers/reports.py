"""Reporting obligations and compiled reports (reports.view)."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime, and
# @paginate re-wraps them in a module that cannot resolve our names from strings.

from typing import Any

from django.db.models import OuterRef, Subquery
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from danvan.api import access
from danvan.api.filtering import apply_filters
from danvan.api.pagination import Pagination
from danvan.api.schemas import CompileJobOut, ObligationOut, ReportOut, TransitionIn
from danvan.core.errors import DomainError
from danvan.core.params import ApiId, ApiYear
from danvan.reports import services
from danvan.reports.choices import REPORT_TRANSITIONS, ReportAction
from danvan.reports.filters import ObligationFilter
from danvan.reports.models import CompileJob, Report, ReportObligation

router = Router(tags=["Báo cáo"])


class ObligationQuery(Schema):
    """The obligation list's parameters (their meaning: reports.filters.ObligationFilter, the page's own)."""

    status: str | None = Field(
        None, description="not_started, draft, signed, on_time, late, missing, returned, accepted."
    )
    year: ApiYear | None = Field(None, description="Năm của hạn gửi.")
    organisation: ApiId | None = Field(None, description="Mã đơn vị phải báo cáo.")


def _with_report_id(qs: Any) -> Any:
    return qs.annotate(api_report_id=Subquery(Report.objects.filter(obligation=OuterRef("pk")).values("pk")[:1]))


@router.get("/reports/obligations", response=list[ObligationOut], summary="Nghĩa vụ báo cáo")
@paginate(Pagination)
def obligation_list(request: HttpRequest, filters: Query[ObligationQuery]) -> Any:
    """Liệt kê các báo cáo đơn vị phải gửi và tình trạng (mới nhất trước); cấp Sở thấy cả các trường trực thuộc."""
    qs = access.visible(ReportObligation.objects, request, "reports.view")
    qs.refresh_overdue()  # the same time-derived status as the obligations page
    qs = apply_filters(ObligationFilter(request.GET), qs).select_related("organisation", "recipient")
    return _with_report_id(qs).order_by("-due", "organisation__name", "id")


@router.get("/reports/obligations/{int:obligation_id}", response=ObligationOut, summary="Chi tiết nghĩa vụ báo cáo")
def obligation_detail(request: HttpRequest, obligation_id: int) -> Any:
    """Trả về một nghĩa vụ báo cáo và tình trạng hiện tại."""
    qs = _with_report_id(ReportObligation.objects.select_related("organisation", "recipient"))
    obligation = access.get_visible(qs, request, "reports.view", pk=obligation_id)
    obligation.refresh_status()
    return obligation


@router.get("/reports/{int:report_id}", response=ReportOut, summary="Chi tiết báo cáo")
def report_detail(request: HttpRequest, report_id: int) -> Any:
    """Trả về một báo cáo: trạng thái, các mốc ký/gửi/tiếp nhận, nội dung và số liệu của bản hiện hành."""
    qs = Report.objects.select_related(
        "organisation", "obligation__organisation", "obligation__recipient", "current_version"
    )
    report = access.get_visible(qs, request, "reports.view", pk=report_id)
    report.obligation.api_report_id = report.pk
    return report


@router.post("/reports/{int:report_id}/transitions", response=ReportOut, summary="Ký, gửi, tiếp nhận, trả lại báo cáo")
def report_transition(request: HttpRequest, report_id: int, payload: TransitionIn) -> Any:
    """Chuyển trạng thái báo cáo: sign, unsign, submit (trường); accept, return (Sở, kèm `note` khi trả lại); revise.

    Cần quyền của thao tác (reports.sign, reports.review, reports.edit); thao tác không hợp lệ với trạng thái
    hiện tại, hoặc báo cáo chưa đủ điều kiện (chưa tổng hợp, trả lại không ghi lý do), trả về 409.
    """
    qs = Report.objects.select_related(
        "organisation", "obligation__organisation", "obligation__recipient", "current_version"
    )
    report = access.get_visible(qs, request, "reports.view", pk=report_id)
    access.require_transition(request, REPORT_TRANSITIONS, report.state, payload.action, report.organisation)
    if payload.action not in ReportAction.values:
        raise DomainError(
            _("Thao tác không hợp lệ. Chọn một trong: %(valid)s.") % {"valid": ", ".join(ReportAction.values)}
        )
    report = services.transition(report, payload.action, actor=request.user, comment=payload.note)  # refusals: 409
    report.obligation.api_report_id = report.pk
    return report


@router.post(
    "/reports/obligations/{int:obligation_id}/compile",
    response={202: CompileJobOut},
    summary="Tổng hợp báo cáo (chạy nền)",
)
def obligation_compile(request: HttpRequest, obligation_id: int) -> Any:
    """Xếp hàng tổng hợp báo cáo từ số liệu của kỳ (chạy nền); theo dõi bằng GET /reports/jobs/{id}.

    Cần quyền reports.edit tại đơn vị; báo cáo đã ký hoặc đã gửi thì không tổng hợp lại được (409).
    """
    obligation = access.get_visible(
        ReportObligation.objects.select_related("organisation"), request, "reports.view", pk=obligation_id
    )
    access.require_on(request, "reports.edit", obligation.organisation)
    job = services.start_compile(obligation, actor=request.user)  # refusals: 409
    job.refresh_from_db()  # the task may already have run (immediate backend)
    return Status(202, job)


@router.get("/reports/jobs/{int:job_id}", response=CompileJobOut, summary="Tiến độ tổng hợp báo cáo")
def job_detail(request: HttpRequest, job_id: int) -> Any:
    """Trả về tiến độ một lượt tổng hợp báo cáo."""
    return access.get_visible(CompileJob.objects, request, "reports.view", pk=job_id)
