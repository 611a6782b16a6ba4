"""Report pages: obligations, compiling with progress, the workflow, exports, charts and the Department matrix."""

from __future__ import annotations

import base64
import datetime as dt
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.downloads import DOCX, PDF, XLSX, attachment, stored_file
from danvan.core.errors import DomainError
from danvan.core.scoping import has_perm
from danvan.core.tenancy import member_tenant_ids, member_tenants
from danvan.core.transitions import permitted_actions
from danvan.core.web import (
    check_object_perm,
    filter_id,
    filter_year,
    get_visible_or_404,
    paginate,
    render_page,
    require_perm,
    show_refusal,
)
from danvan.lib.lazy import lazy_module
from danvan.org.models import Organisation
from danvan.reports import placeholders, services
from danvan.reports import tables as figure_tables
from danvan.reports.chart_names import CHART_TITLES, CHARTS
from danvan.reports.choices import (
    REPORT_TRANSITIONS,
    SCAN_STATES,
    STATUS_BADGE,
    ObligationStatus,
    ReportAction,
    ReportTemplate,
    upcoming_period,
)
from danvan.reports.filters import ObligationFilter
from danvan.reports.forms import NarrativeForm, ObligationForm, PeriodForm, ReviewForm, SignedScanForm
from danvan.reports.models import CompileJob, ObligationCampaign, Report, ReportObligation, ReportVersion
from danvan.reports.narrative import default_sections

if TYPE_CHECKING:
    from danvan.reports import charts, export
else:  # loaded on first use (danvan/lib/lazy.py): building a document needs heavy libraries
    charts = lazy_module("danvan.reports.charts")
    export = lazy_module("danvan.reports.export")

CONTENT_TYPES = {"docx": DOCX, "xlsx": XLSX, "pdf": PDF}


def _obligations(user: Any) -> Any:
    return ReportObligation.objects.visible_to(user, "reports.view")


def _get_obligation(request: HttpRequest, pk: int) -> ReportObligation:
    return get_visible_or_404(
        ReportObligation.objects.select_related("organisation", "recipient", "campaign"),
        request.user,
        "reports.view",
        pk=pk,
    )


def _download(data: bytes, fmt: str, stem: str) -> HttpResponse:
    return attachment(data, f"{slugify(stem) or 'bao-cao'}.{fmt}", CONTENT_TYPES[fmt])


# ------------------------------------------------------------------------------------------ obligations


@require_GET
@require_perm("reports.view")
def obligation_list(request: HttpRequest) -> HttpResponse:
    """List the reports the user's organisations owe, with their status (the filters: ObligationFilter)."""
    qs = _obligations(request.user)
    qs.refresh_overdue()
    filters = ObligationFilter(request.GET)
    filters.warn(request)
    qs = filters.apply(qs)
    status, year = filters.cleaned_data.get("status", ""), filters.cleaned_data.get("year")
    qs = qs.select_related("organisation").order_by("-due", "organisation__name", "id")
    editable_orgs = member_tenant_ids(request.user, "reports.edit", reach="own")
    return render_page(
        request,
        "reports/obligation_list.html",
        {
            "page": paginate(request, qs, 50),
            "status": status,
            "year": year,
            "statuses": ObligationStatus.choices,
            "can_create": bool(editable_orgs),
        },
    )


def _own_org(request: HttpRequest, perm: str) -> Any:
    orgs = member_tenants(request.user, perm, reach="own")
    if not orgs:
        raise PermissionDenied
    return orgs[0]


@require_http_methods(["GET", "POST"])
@require_perm("reports.edit")
def obligation_create(request: HttpRequest) -> HttpResponse:
    """Add a report the user's own organisation owes (thematic, ad hoc, or a periodic one by hand)."""
    org = _own_org(request, "reports.edit")
    form = ObligationForm(request.POST or None, initial={"template": ReportTemplate.DAN_VAN})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            obligation = services.create_obligation(
                org,
                actor=request.user,
                kind=data["kind"],
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                due=data["due"],
                template=data["template"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã thêm nghĩa vụ báo cáo."))
            return redirect("reports:obligation_detail", obligation.pk)
    return render_page(request, "reports/obligation_form.html", {"form": form, "organisation": org, "obligation": None})


@require_http_methods(["GET", "POST"])
@require_perm("reports.edit")
def obligation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change an obligation's title, data period, due date or template."""
    obligation = _get_obligation(request, pk)
    if not (
        has_perm(request.user, "reports.edit", obligation.organisation)
        or has_perm(request.user, "reports.obligations", obligation.organisation)
    ):
        raise PermissionDenied
    initial = {f: getattr(obligation, f) for f in ("kind", "title", "period_start", "period_end", "due", "template")}
    form = ObligationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_obligation(obligation, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã lưu kỳ báo cáo."))
            return redirect("reports:obligation_detail", obligation.pk)
    return render_page(
        request,
        "reports/obligation_form.html",
        {
            "form": form,
            "organisation": obligation.organisation,
            "obligation": obligation,
        },
    )


def _actions_for(request: HttpRequest, report: Report | None) -> list[tuple[str, str, bool]]:
    """Return (action, label, needs_comment) the user may take on the report now."""
    if report is None:
        return []
    return [
        (action, ReportAction(action).label, action in (ReportAction.RETURN, ReportAction.ACCEPT))
        for action in permitted_actions(REPORT_TRANSITIONS, report.state, request.user, report.organisation)
    ]


@require_GET
@require_perm("reports.view")
def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an obligation: its status, the compiled report, figures, charts, actions, exports and history."""
    obligation = _get_obligation(request, pk)
    obligation.refresh_status()
    report = (
        Report.objects.filter(obligation=obligation)
        .select_related("current_version", "signed_by", "reviewed_by")
        .first()
    )
    version = report.current_version if report else None
    tables = figure_tables.stat_tables(version.figures) if version else []
    chart_names = [n for n, _t, _p in version.chart_images()] if version else []
    last_job = obligation.jobs.order_by("-id").first()
    job = last_job if last_job is not None and not last_job.done else None
    failed = last_job if last_job is not None and last_job.status == "failed" else None
    can_edit = has_perm(request.user, "reports.edit", obligation.organisation)
    return render_page(
        request,
        "reports/obligation_detail.html",
        {
            "obligation": obligation,
            "report": report,
            "version": version,
            "sections": version.section_rows() if version else [],
            "tables": [(t, h, [[figure_tables.fmt(v) for v in row] for row in rows]) for t, h, rows in tables],
            "chart_names": [(n, CHART_TITLES[n]) for n in chart_names],
            "actions": _actions_for(request, report),
            "review_form": ReviewForm(),
            "can_edit": can_edit and (report is None or report.is_editable),
            "job": job,
            "failed_job": failed,
            "versions": list(report.versions.select_related("author").order_by("-number")[:20]) if report else [],
            "badge": STATUS_BADGE.get(obligation.status, ""),
            "may_attach_scan": report is not None
            and report.state in SCAN_STATES
            and (can_edit or has_perm(request.user, "reports.sign", obligation.organisation)),
        },
    )


# ------------------------------------------------------------------------------------------ compiling


@require_POST
@require_perm("reports.edit")
def compile_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Queue a compile of the report from the period's data and show its progress."""
    obligation = _get_obligation(request, pk)
    check_object_perm(request.user, "reports.edit", obligation.organisation)
    try:
        job = services.start_compile(obligation, actor=request.user)
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("reports:obligation_detail", obligation.pk)
    return redirect("reports:job_detail", job.pk)


def _get_job(request: HttpRequest, job_id: int) -> CompileJob:
    return get_visible_or_404(CompileJob.objects.select_related("obligation"), request.user, "reports.view", pk=job_id)


@require_GET
@require_perm("reports.view")
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """Show a compile job's progress bar (the page polls the JSON endpoint and moves on when done)."""
    job = _get_job(request, job_id)
    if job.done and job.status == "done":
        return redirect("reports:obligation_detail", job.obligation_id)
    return render_page(request, "reports/job_detail.html", {"job": job})


@require_GET
@require_perm("reports.view")
def job_progress(request: HttpRequest, job_id: int) -> JsonResponse:
    """Return {percent, done, message, redirect} for the progress poller."""
    job = _get_job(request, job_id)
    return JsonResponse(
        {
            "percent": job.percent,
            "done": job.done,
            "message": job.message,
            "status": job.status,
            "redirect": reverse("reports:obligation_detail", args=[job.obligation_id]) if job.done else None,
        }
    )


@require_http_methods(["GET", "POST"])
@require_perm("reports.edit")
def narrative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit the narrative sections (saved as a new version; placeholders stay recomputable)."""
    obligation = _get_obligation(request, pk)
    check_object_perm(request.user, "reports.edit", obligation.organisation)
    report = Report.objects.filter(obligation=obligation).select_related("current_version").first()
    if report is None or report.current_version is None:
        messages.error(request, _("Chưa có số liệu: hãy tổng hợp báo cáo trước."))
        return redirect("reports:obligation_detail", obligation.pk)
    form = NarrativeForm(request.POST or None, initial=report.current_version.sections)
    figures = report.current_version.figures
    previews = None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:  # "Xem trước": the text with this version's values, nothing saved
            previews = [
                (
                    form[key].label,
                    placeholders.preview(form.cleaned_data[key], figures),
                    placeholders.unknown_codes(form.cleaned_data[key], figures),
                )
                for key in form.fields
                if form.cleaned_data[key].strip()
            ]
        else:
            try:
                services.save_narrative(report, actor=request.user, sections=form.cleaned_data)
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Đã lưu nội dung báo cáo."))
                return redirect("reports:obligation_detail", obligation.pk)
    return render_page(
        request,
        "reports/narrative_form.html",
        {
            "form": form,
            "obligation": obligation,
            "report": report,
            "placeholders": placeholders.available(figures),
            "previews": previews,
        },
    )


# ------------------------------------------------------------------------------------------ workflow


@require_POST
@require_perm("reports.view")
def report_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Sign, unsign, submit, accept, return or revise the report (the permission comes from the table)."""
    obligation = _get_obligation(request, pk)
    if action not in ReportAction.values:
        raise Http404
    report = Report.objects.filter(obligation=obligation).first()
    perms = {perm for (_src, act), (_t, perm) in REPORT_TRANSITIONS.items() if act == action}
    if not any(has_perm(request.user, perm, obligation.organisation) for perm in perms):
        raise PermissionDenied
    if report is None:
        messages.error(request, _("Chưa có báo cáo: hãy tổng hợp trước."))
        return redirect("reports:obligation_detail", obligation.pk)
    form = ReviewForm(request.POST)
    comment = form.cleaned_data.get("comment", "") if form.is_valid() else ""
    try:
        services.transition(report, action, actor=request.user, comment=comment)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Đã cập nhật: %(state)s.") % {"state": report.get_state_display()})
    return redirect("reports:obligation_detail", obligation.pk)


# ------------------------------------------------------------------------------------------ the signed scan


@require_http_methods(["GET", "POST"])
@require_perm("reports.view")
def signed_scan_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach the scan (PDF) of the signed paper report; the Sở downloads it from the report's page."""
    obligation = _get_obligation(request, pk)
    report = Report.objects.filter(obligation=obligation).first()
    if report is None:
        raise Http404
    if not (
        has_perm(request.user, "reports.edit", obligation.organisation)
        or has_perm(request.user, "reports.sign", obligation.organisation)
    ):
        raise PermissionDenied
    form = SignedScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_signed_scan(report, form.cleaned_data["scan"], actor=request.user)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã lưu bản ký đã quét."))
            return redirect("reports:obligation_detail", obligation.pk)
    return render_page(
        request, "reports/signed_scan_form.html", {"form": form, "obligation": obligation, "report": report}
    )


@require_GET
@require_perm("reports.view")
def signed_scan_download(request: HttpRequest, pk: int) -> FileResponse:
    """Download the signed scan of a report (the school and the Sở above it)."""
    obligation = _get_obligation(request, pk)
    report = Report.objects.filter(obligation=obligation).first()
    if report is None or not report.signed_scan:
        raise Http404
    number = f"-so-{report.number}" if report.number else ""
    return stored_file(report.signed_scan, f"bao-cao-{obligation.organisation.code}{number}-ban-ky.pdf", "pdf")


# ------------------------------------------------------------------------------------------ exports, charts


def _version_or_404(obligation: ReportObligation, number: int | None) -> ReportVersion:
    """Return the obligation's current version, or version `number` of its report (404 when there is none)."""
    report = Report.objects.filter(obligation=obligation).select_related("current_version", "signed_by").first()
    if report is None:
        raise Http404
    if number is None:
        version = report.current_version
    else:
        version = report.versions.select_related("author").filter(number=number).first()
    if version is None:
        raise Http404
    version.report = report
    report.obligation = obligation
    return version


@require_GET
@require_perm("reports.view")
def report_export(request: HttpRequest, pk: int, fmt: str, number: int | None = None) -> HttpResponse:
    """Download the current version (or version `number`) as DOCX (NĐ 30 layout), PDF, or XLSX of its tables."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    obligation = _get_obligation(request, pk)
    version = _version_or_404(obligation, number)
    stem = f"bao-cao-{obligation.organisation.code}-{obligation.pk}-v{version.number}"
    if fmt == "xlsx":
        return _download(export.to_xlsx(obligation.title, version.figures), fmt, stem)
    document = export.report_document(version)
    return _download(export.to_docx(document) if fmt == "docx" else export.to_pdf(document), fmt, stem)


@require_GET
@require_perm("reports.view")
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Show one version of a report as it was (content, tables, charts), with its downloads."""
    obligation = _get_obligation(request, pk)
    version = _version_or_404(obligation, number)
    tables = figure_tables.stat_tables(version.figures)
    return render_page(
        request,
        "reports/version_detail.html",
        {
            "obligation": obligation,
            "report": version.report,
            "version": version,
            "is_current": version.pk == version.report.current_version_id,
            "sections": version.section_rows(),
            "tables": [(t, h, [[figure_tables.fmt(v) for v in row] for row in rows]) for t, h, rows in tables],
            "charts": [(title, base64.b64encode(png).decode()) for _n, title, png in version.chart_images()],
        },
    )


@require_GET
@require_perm("reports.view")
def report_chart(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    """Return one chart of the current version as a PNG image."""
    if name not in CHARTS:
        raise Http404
    obligation = _get_obligation(request, pk)
    report = Report.objects.filter(obligation=obligation).select_related("current_version").first()
    if report is None or report.current_version is None:
        raise Http404
    png = next((png for n, _t, png in report.current_version.chart_images() if n == name), None)
    if png is None:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=60"
    return response


# ------------------------------------------------------------------------------------------ Department


def _department(request: HttpRequest) -> Any:
    """Return the Department whose schools the user reviews (?org= when several)."""
    departments = member_tenants(request.user, "reports.review", reach="subtree")
    if not departments:
        raise PermissionDenied
    wanted = request.GET.get("org") or request.POST.get("org")
    chosen = next((d for d in departments if str(d.pk) == wanted), departments[0])
    return chosen


def _column_key(o: ReportObligation) -> tuple:
    return ("c", o.campaign_id) if o.campaign_id else ("p", o.kind, o.period_start, o.period_end)


@require_GET
@require_perm("reports.review")
def department_matrix(request: HttpRequest) -> HttpResponse:
    """Show the Department's schools × obligations with a coloured status in each cell (one query for the cells)."""
    department = _department(request)
    schools = list(
        Organisation.objects.schools()
        .subtree(department)
        .exclude(pk=department.pk)
        .order_by("name")
        .only("id", "name", "code")
    )
    ids = [s.id for s in schools]
    qs = ReportObligation.objects.filter(organisation_id__in=ids)
    qs.refresh_overdue()
    years = sorted({d.year for d in qs.values_list("due", flat=True).distinct()}, reverse=True)
    year = filter_year(request, "nam") or (years[0] if years else timezone.localdate().year)
    cells_qs = (
        qs.filter(due__year=year)
        .select_related("campaign")
        .only(
            "id",
            "organisation_id",
            "campaign_id",
            "campaign__title",
            "kind",
            "title",
            "period_start",
            "period_end",
            "due",
            "status",
        )
    )
    columns: dict[tuple, dict[str, Any]] = {}
    grid: dict[tuple[int, tuple], ReportObligation] = {}
    for o in cells_qs:
        key = _column_key(o)
        columns.setdefault(
            key,
            {
                "key": key,
                "title": o.campaign.title if o.campaign_id else o.title,
                "due": o.due,
                "period": o.period_label,
                "campaign_id": o.campaign_id,
                "start": o.period_start,
                "end": o.period_end,
            },
        )
        grid[(o.organisation_id, key)] = o
    cols = sorted(columns.values(), key=lambda c: (c["due"], str(c["title"])))
    rows = [{"school": s, "cells": [grid.get((s.id, c["key"])) for c in cols]} for s in schools]
    legend = [(value, label, STATUS_BADGE.get(value, "")) for value, label in ObligationStatus.choices]
    return render_page(
        request,
        "reports/department_matrix.html",
        {
            "department": department,
            "columns": cols,
            "rows": rows,
            "years": years,
            "year": year,
            "legend": legend,
            "campaigns": ObligationCampaign.objects.filter(organisation=department).order_by("-due")[:10],
            "can_assign": has_perm(request.user, "reports.obligations", department),
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm("reports.obligations")
def campaign_create(request: HttpRequest) -> HttpResponse:
    """Set one obligation for every school of the Department at once, after a confirmation step.

    The form is prefilled with the next periodic report not yet due; the first POST shows which schools get
    it, which already owe it (from their plan) and which were already asked (skipped); the second one,
    with `confirm=1`, launches the campaign.
    """
    department = _department(request)
    check_object_perm(request.user, "reports.obligations", department)
    kind, start, end, due = upcoming_period(timezone.localdate())
    form = ObligationForm(
        request.POST or None,
        initial={
            "kind": kind,
            "period_start": start,
            "period_end": end,
            "due": due,
            "template": ReportTemplate.DAN_VAN,
        },
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm") == "1":
            try:
                campaign = services.create_campaign(
                    department,
                    actor=request.user,
                    kind=data["kind"],
                    title=data["title"],
                    period_start=data["period_start"],
                    period_end=data["period_end"],
                    due=data["due"],
                    template=data["template"],
                )
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Đã giao báo cáo cho %(n)s trường.") % {"n": campaign.obligations.count()})
                if campaign.skipped:
                    messages.warning(
                        request,
                        _("Không giao lại cho các trường đã được giao báo cáo này: %(schools)s.")
                        % {"schools": ", ".join(campaign.skipped)},
                    )
                return redirect(reverse("reports:department_matrix") + f"?nam={campaign.due.year}")
        else:
            preview = services.campaign_preview(
                department,
                kind=data["kind"],
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
            )
            if not preview["create"] and not preview["adopt"]:
                form.add_error(
                    None,
                    _("Các trường đã được giao báo cáo này (cùng loại và kỳ số liệu): %(schools)s.")
                    % {"schools": ", ".join(s.name for s in preview["skip"])},
                )
                preview = None
            elif data["due"] < timezone.localdate():
                messages.warning(
                    request,
                    _("Hạn gửi %(due)s đã qua: các trường sẽ bị tính là chưa gửi (quá hạn).")
                    % {"due": data["due"].strftime("%d/%m/%Y")},
                )
    return render_page(
        request,
        "reports/campaign_form.html",
        {
            "form": form,
            "department": department,
            "preview": preview,
            "count": len(preview["create"]) + len(preview["adopt"]) if preview else 0,
            "title": (
                form.cleaned_data.get("title")
                or services.default_title(form.cleaned_data["kind"], form.cleaned_data["period_end"])
            )
            if preview
            else "",
        },
    )


def _aggregate_args(request: HttpRequest, department: Any) -> tuple[Any, dt.date | None, dt.date | None, Any]:
    """Return (campaign, start, end, period form) from ?campaign= or ?start=&end=."""
    campaign = None
    form = PeriodForm(request.GET or None)
    wanted = filter_id(request, "campaign")
    if wanted is not None:
        campaign = ObligationCampaign.objects.filter(organisation=department, pk=wanted).first()
        if campaign is None:
            raise Http404
        return (
            campaign,
            campaign.period_start,
            campaign.period_end,
            PeriodForm(initial={"start": campaign.period_start, "end": campaign.period_end}),
        )
    if form.is_bound and form.is_valid():
        return None, form.cleaned_data["start"], form.cleaned_data["end"], form
    latest = ObligationCampaign.objects.filter(organisation=department).order_by("-due", "-id").first()
    if latest is not None and not form.is_bound:
        return (
            latest,
            latest.period_start,
            latest.period_end,
            PeriodForm(initial={"start": latest.period_start, "end": latest.period_end}),
        )
    return None, None, None, form


@require_GET
@require_perm("reports.review")
def department_report(request: HttpRequest) -> HttpResponse:
    """Show the aggregated report of all the Department's schools for a campaign or a period."""
    department = _department(request)
    campaign, start, end, form = _aggregate_args(request, department)
    detailed = request.GET.get("chi_tiet") == "1"
    figures = (
        services.department_aggregate(department, start, end, campaign=campaign, detailed=detailed) if start else None
    )
    tables = figure_tables.stat_tables(figures) if figures else []
    images = []
    if figures:
        for _name, title, png in charts.all_charts(figures, (*CHARTS, "submission")):
            images.append((title, base64.b64encode(png).decode()))
    query = f"?campaign={campaign.pk}" if campaign else (f"?start={start:%d/%m/%Y}&end={end:%d/%m/%Y}" if start else "")
    if query and detailed:
        query += "&chi_tiet=1"
    return render_page(
        request,
        "reports/department_report.html",
        {
            "department": department,
            "campaign": campaign,
            "form": form,
            "figures": figures,
            "tables": [(t, h, [[figure_tables.fmt(v) for v in row] for row in rows]) for t, h, rows in tables],
            "images": images,
            "query": query,
            "detailed": detailed,
            "campaigns": ObligationCampaign.objects.filter(organisation=department).order_by("-due")[:20],
        },
    )


def department_title(campaign: Any, start: dt.date, end: dt.date) -> str:
    """Return the trích yếu of the aggregate report."""
    if campaign is not None:
        return f"Tổng hợp {campaign.title[:1].lower()}{campaign.title[1:]} của các trường"
    return f"Tổng hợp kết quả thực hiện công tác dân vận của các trường từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}"


@require_GET
@require_perm("reports.review")
def department_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Download the aggregated report as DOCX, PDF or XLSX."""
    if fmt not in CONTENT_TYPES:
        raise Http404
    department = _department(request)
    campaign, start, end, _form = _aggregate_args(request, department)
    if start is None:
        raise Http404
    figures = services.department_aggregate(
        department, start, end, campaign=campaign, detailed=request.GET.get("chi_tiet") == "1"
    )
    title = department_title(campaign, start, end)
    stem = f"tong-hop-{department.code}-{start:%Y%m%d}-{end:%Y%m%d}"
    if fmt == "xlsx":
        return _download(export.to_xlsx(title, figures), fmt, stem)
    document = export.build_document(
        department,
        title,
        figures,
        default_sections(figures),
        recipients=["Lưu: VT."],
        intro=f"{department.name} tổng hợp kết quả báo cáo của {figures['schools']['count']} trường trực thuộc "
        "như sau:",
        extra_charts=("submission",),
    )
    return _download(export.to_docx(document) if fmt == "docx" else export.to_pdf(document), fmt, stem)
