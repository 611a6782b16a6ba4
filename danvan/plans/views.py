"""Plan pages: list, import with preview, authoring, lifecycle, history, timeline, tasks, public page."""

from __future__ import annotations

import datetime as dt
import io
import secrets
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.downloads import DOCX, PDF, attachment, stored_file
from danvan.core.errors import DomainError
from danvan.core.params import parse_int
from danvan.core.scoping import has_perm, perms_anywhere
from danvan.core.storage import expire_temporary, read_temporary, save_temporary
from danvan.core.tenancy import member_tenants
from danvan.core.transitions import permitted_actions
from danvan.core.web import (
    check_object_perm,
    get_visible_or_404,
    paginate,
    render_page,
    require_perm,
    show_refusal,
)
from danvan.org.choices import TENANT_KINDS, OrgKind
from danvan.org.models import Organisation
from danvan.org.services import units_of
from danvan.plans import export, publication, services
from danvan.plans.choices import PLAN_TRANSITIONS, PlanAction, PlanStatus
from danvan.plans.filters import PlanFilter, TaskFilter
from danvan.plans.forms import (
    CascadeForm,
    CommentForm,
    ConfirmImportForm,
    DispatchForm,
    PlanForm,
    PlanImportForm,
    TaskForm,
    TaskUpdateForm,
    UnitAbbreviationForm,
    deadline_formset,
    deadline_rows,
    import_deadline_formset,
    import_reference_formset,
    import_task_formset,
    lists_valid,
    posted,
    reference_formset,
    reference_rows,
    task_corrections,
)
from danvan.plans.models import Evidence, Plan, PlanDispatch, Task, TaskPeriod, UnitAbbreviation
from danvan.plans.tasks import build_public_pdf

_IMPORT_SESSION = "danvan_plan_import"


def _tenant_for(request: HttpRequest, perm: str) -> Organisation:
    """Return the tenant the user acts for with `perm` (`?org=` chooses among several), or 403."""
    wanted = parse_int(request.GET.get("org") or request.POST.get("org"), minimum=1)
    if wanted is not None:
        org = Organisation.objects.visible_to(request.user, perm).filter(pk=wanted, kind__in=TENANT_KINDS).first()
        if org is None:
            raise Http404
        return org
    tenants = member_tenants(request.user, perm)
    if not tenants:
        raise PermissionDenied
    return tenants[0]


def _plan(request: HttpRequest, pk: int, perm: str = "plans.view") -> Plan:
    plan = get_visible_or_404(Plan.objects.select_related("organisation", "parent"), request.user, "plans.view", pk=pk)
    if perm != "plans.view":
        check_object_perm(request.user, perm, plan.organisation)
    return plan


def _task(request: HttpRequest, pk: int, perm: str = "plans.view") -> Task:
    task = get_visible_or_404(
        Task.objects.select_related("plan", "organisation", "lead_person"), request.user, "plans.view", pk=pk
    )
    if perm != "plans.view":
        check_object_perm(request.user, perm, task.organisation)
    return task


def _refuse_if_not_editable(request: HttpRequest, plan: Plan) -> bool:
    """Put the service's "not a draft" message on the page and return True when the plan cannot be changed."""
    try:
        services.ensure_editable(plan)
    except DomainError as exc:
        show_refusal(request, exc)
        return True
    return False


# ---------------------------------------------------------------- list


@require_perm("plans.view")
@require_GET
def plan_list(request: HttpRequest) -> HttpResponse:
    """List the plans the user may see, newest first, searchable without diacritics (the filters: PlanFilter)."""
    filters = PlanFilter(request.GET)
    filters.warn(request)
    qs = (
        filters.apply(Plan.objects.visible_to(request.user))
        .select_related("organisation")
        .annotate(task_count=Count("tasks"))
        .order_by("-year", "organisation__name", "-id")
    )
    data = filters.cleaned_data
    years = Plan.objects.visible_to(request.user).order_by("-year").values_list("year", flat=True).distinct()
    return render_page(
        request,
        "plans/plan_list.html",
        {
            "page": paginate(request, qs, 25),
            "q": data.get("q", ""),
            "status": data.get("status", ""),
            "statuses": PlanStatus.choices,
            "year": data.get("year"),
            "years": list(years),
            "may_edit": "plans.edit" in perms_anywhere(request.user),
        },
    )


# ---------------------------------------------------------------- import


def _tmp_name(token: str) -> str:
    """Return the stored name of a pending preview (tmp/ in the uploads' storage, shared by every web server)."""
    if not token.isalnum():
        raise Http404
    return f"tmp/plan-import-{token}.bin"


TMP_MAX_AGE = dt.timedelta(days=1)


def _forget_pending(request: HttpRequest) -> None:
    """Remove this session's previous preview file and any abandoned ones older than a day."""
    pending = request.session.pop(_IMPORT_SESSION, None)
    if pending and str(pending.get("token", "")).isalnum():
        default_storage.delete(_tmp_name(pending["token"]))
    expire_temporary("tmp/", TMP_MAX_AGE)


@require_perm("plans.edit")
@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    """Upload a plan document and show everything the parser found, storing nothing yet."""
    org = _tenant_for(request, "plans.edit")
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read()
        try:
            preview = services.preview_import(raw, upload.name, org, year=form.cleaned_data.get("year"))
        except services.PlanError as exc:
            form.add_error("file", str(exc))
        else:
            # The bytes wait in a private temp file (not the session) until the user confirms.
            _forget_pending(request)
            token = secrets.token_hex(16)
            save_temporary(_tmp_name(token), raw)
            request.session[_IMPORT_SESSION] = {
                "token": token,
                "org": org.pk,
                "filename": upload.name,
                "year": form.cleaned_data.get("year"),
            }
            confirm = ConfirmImportForm(
                initial={"token": token},
                unknown_units=preview.unknown_units,
                issuer_warning=preview.issuer_warning,
                parsed=preview.data,
            )
            return render_page(
                request,
                "plans/plan_import_preview.html",
                _preview_context(
                    org,
                    preview,
                    confirm,
                    import_reference_formset(parsed=preview.data),
                    import_deadline_formset(parsed=preview.data),
                    import_task_formset(parsed=preview.data),
                ),
            )
    return render_page(request, "plans/plan_import.html", {"org": org, "form": form})


def _preview_context(
    org: Organisation, preview: services.Preview, form: ConfirmImportForm, refs: Any, deadlines: Any, tasks: Any
) -> dict[str, Any]:
    """Return the preview page's context: each parsed task beside its form row (None when read-only)."""
    forms = tasks.forms if tasks is not None and len(tasks.forms) == len(preview.tasks) else [None] * len(preview.tasks)
    rows = list(zip(preview.tasks, forms, strict=True))
    return {
        "org": org,
        "preview": preview,
        "form": form,
        "refs": refs,
        "deadlines": deadlines,
        "task_forms": tasks,
        "task_rows": rows,
    }


@require_perm("plans.edit")
@require_POST
def plan_import_confirm(request: HttpRequest) -> HttpResponse:
    """Store the previewed plan, creating the unknown units the user ticked."""
    pending = request.session.get(_IMPORT_SESSION) or {}
    token = request.POST.get("token", "")
    raw = read_temporary(_tmp_name(token)) if token and pending.get("token") == token else None
    if not pending or raw is None:
        messages.error(request, _("Phiên xem trước đã hết; hãy tải tệp lên lại."))
        return redirect("plans:plan_import")
    org = get_visible_or_404(Organisation.objects, request.user, "plans.edit", pk=pending["org"])
    check_object_perm(request.user, "plans.edit", org)
    try:
        preview = services.preview_import(raw, pending["filename"], org, year=pending.get("year"))
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("plans:plan_import")
    form = ConfirmImportForm(request.POST, unknown_units=preview.unknown_units, issuer_warning=preview.issuer_warning)
    refs, deadlines = import_reference_formset(request.POST), import_deadline_formset(request.POST)
    tasks = import_task_formset(request.POST, preview.data)
    # A list the request did not carry keeps what was parsed (and is shown as parsed if the page comes back).
    refs = refs if posted(refs) else import_reference_formset(parsed=preview.data)
    deadlines = deadlines if posted(deadlines) else import_deadline_formset(parsed=preview.data)
    tasks = tasks if tasks is None or posted(tasks) else import_task_formset(parsed=preview.data)
    context = _preview_context(org, preview, form, refs, deadlines, tasks)
    if not form.is_valid() or not lists_valid(refs, deadlines, *([tasks] if tasks is not None else [])):
        # A correction that cannot be stored (a date no calendar has, a blank content) stays on the preview.
        return render_page(request, "plans/plan_import_preview.html", context)
    corrections = services.ImportCorrections(
        header=form.header_corrections(),
        legal_refs=reference_rows(refs),
        report_deadlines=deadline_rows(deadlines),
        tasks=task_corrections(tasks),
    )
    try:
        with io.BytesIO(raw) as fh:
            plan = services.import_plan(
                preview.data,
                organisation=org,
                actor=request.user,
                source_file=fh,
                source_name=pending["filename"],
                create_units=form.cleaned_data["create_units"],
                issuer_acknowledged=bool(form.cleaned_data.get("acknowledge_issuer")),
                corrections=corrections,
            )
    except services.DuplicatePlan as exc:
        _forget_pending(request)
        messages.error(request, exc.as_html())
        return redirect("plans:plan_detail", pk=exc.other.pk)
    except DomainError as exc:
        # Stay on the preview (the file is still pending) with the message next to what must be done.
        show_refusal(request, exc, form)
        return render_page(request, "plans/plan_import_preview.html", context)
    _forget_pending(request)
    messages.success(request, _("Đã nhập kế hoạch với %(n)d nhiệm vụ (dự thảo).") % {"n": plan.tasks.count()})
    return redirect("plans:plan_detail", pk=plan.pk)


# ---------------------------------------------------------------- plan pages


@require_perm("plans.view")
@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a plan: header, sections, task table with progress, references, deadlines, actions."""
    plan = _plan(request, pk)
    tasks = list(
        plan.tasks.select_related("lead_person")
        .prefetch_related("units", "periods")
        .annotate(evidence_count=Count("evidence", distinct=True))
        .order_by("order", "id")
    )
    org = plan.organisation
    actions = [
        {"action": action, "label": PlanAction(action).label}
        for action in permitted_actions(PLAN_TRANSITIONS, plan.status, request.user, org)
    ]
    deployable = org.kind == OrgKind.DEPARTMENT and plan.status == PlanStatus.PUBLISHED
    dispatches = list(plan.dispatches.select_related("sent_by"))
    return render_page(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "tasks": tasks,
            "actions": actions,
            "today": timezone.localdate(),
            "may_edit": has_perm(request.user, "plans.edit", org),
            "may_cascade": deployable and has_perm(request.user, "plans.edit", org),
            "children": Plan.objects.visible_to(request.user)
            .filter(parent=plan)
            .select_related("organisation")
            .order_by("organisation__name"),
            "legal_refs": plan.legal_refs.all(),
            "deadlines": plan.report_deadlines.all(),
            "dispatches": dispatches,
            "unsent": sum(1 for d in dispatches if not d.sent),
        },
    )


@require_perm("plans.edit")
@require_http_methods(["GET", "POST"])
def plan_create(request: HttpRequest) -> HttpResponse:
    """Write a new draft plan in the browser."""
    org = _tenant_for(request, "plans.edit")
    data = request.POST if request.method == "POST" else None
    form = PlanForm(
        data,
        initial={"year": timezone.localdate().year, "issuer": org.name, "place": org.place, "symbol": f"KH-{org.code}"},
    )
    refs, deadlines = reference_formset(data), deadline_formset(data)
    if request.method == "POST":
        if form.is_valid() and lists_valid(refs, deadlines):
            try:
                plan = services.create_plan(
                    org,
                    form.changes(),
                    actor=request.user,
                    legal_refs=reference_rows(refs) or (),
                    report_deadlines=deadline_rows(deadlines) or (),
                )
            except DomainError as exc:
                _plan_error(request, form, exc)
            else:
                messages.success(request, _("Đã tạo dự thảo kế hoạch."))
                return redirect("plans:plan_detail", pk=plan.pk)
    return render_page(
        request, "plans/plan_form.html", {"form": form, "org": org, "plan": None, "refs": refs, "deadlines": deadlines}
    )


def _plan_error(request: HttpRequest, form: PlanForm, exc: DomainError) -> None:
    """Put a service's refusal on the plan form (a duplicate number names and links the other plan)."""
    if isinstance(exc, services.DuplicatePlan):
        form.add_error(None, exc.as_html())
        form.add_error("number", _("Số này đã được dùng."))
    else:
        show_refusal(request, exc, form)


@require_perm("plans.edit")
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft plan; a published plan sends the user to "tạo bản sửa đổi"."""
    plan = _plan(request, pk, "plans.edit")
    if _refuse_if_not_editable(request, plan):
        return redirect("plans:plan_detail", pk=plan.pk)
    data = request.POST if request.method == "POST" else None
    form = PlanForm(data, instance=plan)
    refs, deadlines = reference_formset(data, plan), deadline_formset(data, plan)
    if request.method == "POST":
        if form.is_valid() and lists_valid(refs, deadlines):
            try:
                services.update_plan(
                    Plan.objects.get(pk=plan.pk),
                    form.changes(),
                    actor=request.user,
                    legal_refs=reference_rows(refs),
                    report_deadlines=deadline_rows(deadlines),
                )
            except DomainError as exc:
                _plan_error(request, form, exc)
            else:
                messages.success(request, _("Đã lưu kế hoạch."))
                return redirect("plans:plan_detail", pk=plan.pk)
    return render_page(
        request,
        "plans/plan_form.html",
        {"form": form, "org": plan.organisation, "plan": plan, "refs": refs, "deadlines": deadlines},
    )


@require_perm("plans.view")
@require_POST
def plan_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Approve, return, publish or revise a plan."""
    plan = _plan(request, pk)
    if action not in PlanAction.values:
        raise Http404
    perm = next((p for (_s, a), (_t, p) in PLAN_TRANSITIONS.items() if a == action), "plans.approve")
    check_object_perm(request.user, perm, plan.organisation)
    try:
        services.transition(plan, action, actor=request.user, note=request.POST.get("note", ""))
    except services.DuplicatePlan as exc:
        messages.error(request, exc.as_html())
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Đã thực hiện: %(a)s.") % {"a": PlanAction(action).label})
    return redirect("plans:plan_detail", pk=plan.pk)


@require_perm("plans.edit")
@require_POST
def plan_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Delete a draft plan that was never approved or published."""
    plan = _plan(request, pk, "plans.edit")
    try:
        services.delete_plan(plan, actor=request.user)
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("plans:plan_detail", pk=plan.pk)
    messages.success(request, _("Đã xóa dự thảo “%(t)s”.") % {"t": plan.title})
    return redirect("plans:plan_list")


@require_perm("plans.edit")
@require_POST
def plan_clone(request: HttpRequest, pk: int) -> HttpResponse:
    """Copy the plan to the next year as a draft."""
    plan = _plan(request, pk, "plans.edit")
    try:
        copy = services.clone_plan(plan, actor=request.user)
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("plans:plan_detail", pk=plan.pk)
    messages.success(request, _("Đã tạo dự thảo kế hoạch năm %(y)d.") % {"y": copy.year})
    return redirect("plans:plan_detail", pk=copy.pk)


@require_perm("plans.edit")
@require_http_methods(["GET", "POST"])
def plan_cascade(request: HttpRequest, pk: int) -> HttpResponse:
    """Deploy a published Department plan to chosen schools as drafts ("triển khai xuống trường")."""
    plan = _plan(request, pk, "plans.edit")
    if plan.organisation.kind != OrgKind.DEPARTMENT:
        raise Http404
    schools = Organisation.objects.schools().subtree(plan.organisation).order_by("name")
    done = set(plan.children.values_list("organisation_id", flat=True))
    form = CascadeForm(request.POST or None, queryset=schools.exclude(pk__in=done))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.cascade_to_schools(plan, form.cleaned_data["schools"], actor=request.user)
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("Đã tạo %(n)d dự thảo kế hoạch ở các trường.") % {"n": len(created)})
            return redirect("plans:plan_detail", pk=plan.pk)
    return render_page(request, "plans/plan_cascade.html", {"plan": plan, "form": form, "done_count": len(done)})


@require_perm("plans.view")
@require_GET
def plan_history(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the published revisions and, for each, what changed from the previous one."""
    plan = _plan(request, pk)
    return render_page(request, "plans/plan_history.html", {"plan": plan, "history": services.revision_history(plan)})


@require_perm("plans.view")
@require_GET
def plan_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the tasks on a grid of quarters and months with bars for their periods and a today marker."""
    plan = _plan(request, pk)
    return render_page(
        request, "plans/plan_timeline.html", {"plan": plan, **services.timeline(plan, timezone.localdate())}
    )


@require_perm("plans.view")
@require_GET
def plan_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """Download the plan as a Nghị định 30 DOCX or a PDF."""
    plan = _plan(request, pk)
    builder = {"docx": export.export_plan_docx, "pdf": export.export_plan_pdf}.get(fmt)
    if builder is None:
        raise Http404
    org = plan.organisation
    data = builder(plan.as_document_dict(), issuer_superior=org.superior_name, issuer_code=org.code, place=org.place)
    return attachment(data, f"ke-hoach-{org.code}-{plan.year}-{plan.pk}.{fmt}", {"docx": DOCX, "pdf": PDF}[fmt])


@require_perm("plans.view")
@require_GET
def plan_source(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the document the plan was imported from."""
    plan = _plan(request, pk)
    if not plan.source_file:
        raise Http404
    return stored_file(plan.source_file, plan.source_name or "ke-hoach")


# ---------------------------------------------------------------- tasks


@require_perm("plans.edit")
@require_http_methods(["GET", "POST"])
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a task to a draft plan."""
    plan = _plan(request, pk, "plans.edit")
    if _refuse_if_not_editable(request, plan):
        return redirect("plans:plan_detail", pk=plan.pk)
    form = TaskForm(request.POST or None, year=plan.year)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_task(plan, actor=request.user, **form.task_fields())
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("Đã thêm nhiệm vụ."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return render_page(request, "plans/task_form.html", {"form": form, "plan": plan, "task": None})


@require_perm("plans.edit")
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a task of a draft plan."""
    task = _task(request, pk, "plans.edit")
    plan = task.plan
    if _refuse_if_not_editable(request, plan):
        return redirect("plans:task_detail", pk=task.pk)
    form = TaskForm(request.POST or None, year=plan.year, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_task(plan, actor=request.user, task=task, **form.task_fields())
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            return redirect("plans:plan_detail", pk=plan.pk)
    return render_page(request, "plans/task_form.html", {"form": form, "plan": plan, "task": task})


@require_perm("plans.edit")
@require_POST
def task_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove a task from a draft plan."""
    task = _task(request, pk, "plans.edit")
    plan_pk = task.plan_id
    try:
        services.delete_task(task, actor=request.user)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Đã xóa nhiệm vụ."))
    return redirect("plans:plan_detail", pk=plan_pk)


@require_perm("plans.edit")
@require_POST
def task_move(request: HttpRequest, pk: int, direction: str) -> HttpResponse:
    """Move a task up or down in a draft plan."""
    task = _task(request, pk, "plans.edit")
    if direction not in ("len", "xuong"):
        raise Http404
    try:
        services.move_task(task, -1 if direction == "len" else 1, actor=request.user)
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("plans:plan_detail", pk=task.plan_id)


@require_perm("plans.view")
@require_GET
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a task with its periods, progress updates, evidence and comments."""
    task = _task(request, pk)
    form = TaskUpdateForm(
        initial={"status": task.status, "progress": task.progress, "done_on": task.completed_on or timezone.localdate()}
    )
    return render_page(request, "plans/task_detail.html", _task_context(request, task, form))


def _task_context(request: HttpRequest, task: Task, update_form: TaskUpdateForm) -> dict[str, Any]:
    updates = task.updates.select_related("author").prefetch_related(
        Prefetch("evidence", queryset=Evidence.objects.order_by("id"))
    )
    may_update = services.can_update_task(request.user, task)
    shares = services.unit_progress(task)
    whole = may_update and services.speaks_for_whole_task(request.user, task)
    awaiting = services.awaiting_confirmation(task, shares)
    return {
        "task": task,
        "plan": task.plan,
        "periods": task.periods.all(),
        "units": task.units.all(),
        "updates": updates.select_related("unit"),
        "comments": task.comments.select_related("author"),
        "may_update": may_update,
        "update_form": update_form,
        "comment_form": CommentForm(),
        "shares": shares if len(shares) > 1 or any(s.update for s in shares) else [],
        "reporting_unit": None if whole or not may_update else services.reporting_unit(request.user, task),
        "awaiting_confirmation": awaiting,
        "may_confirm": awaiting and whole,
        "confirm_on": services.confirmation_day(shares),
    }


def _require_task_updater(request: HttpRequest, task: Task) -> None:
    check_object_perm(request.user, "tasks.update", task.organisation)
    if not services.can_update_task(request.user, task):
        raise PermissionDenied


@require_perm("tasks.update")
@require_POST
def task_update(request: HttpRequest, pk: int) -> HttpResponse:
    """Report progress on a task, with evidence files."""
    task = _task(request, pk)
    _require_task_updater(request, task)
    form = TaskUpdateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            update = services.record_task_update(
                task,
                actor=request.user,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
                note=form.cleaned_data["note"],
                files=form.cleaned_data["files"],
                done_on=form.cleaned_data["done_on"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            if update.unit_id is not None:
                messages.success(
                    request,
                    _("Đã ghi nhận phần việc của %(unit)s (%(p)s%%); người chủ trì xác nhận khi nhiệm vụ hoàn thành.")
                    % {"unit": update.unit.name, "p": update.progress},
                )
            elif update.status != form.cleaned_data["status"]:
                messages.success(
                    request,
                    _("Đã cập nhật tiến độ %(p)s%%; tình trạng được ghi là “%(s)s” cho khớp với tiến độ.")
                    % {"p": update.progress, "s": update.get_status_display()},
                )
            else:
                messages.success(request, _("Đã cập nhật tiến độ."))
            return redirect("plans:task_detail", pk=task.pk)
    return render_page(request, "plans/task_detail.html", _task_context(request, task, form))


@require_perm("tasks.update")
@require_POST
def task_comment(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an internal comment to a task."""
    task = _task(request, pk)
    _require_task_updater(request, task)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(task, actor=request.user, body=form.cleaned_data["body"])
        except DomainError as exc:
            show_refusal(request, exc)
    else:
        messages.error(request, _("Ý kiến không được để trống."))
    return redirect("plans:task_detail", pk=task.pk)


@require_perm("plans.view")
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """Download an evidence file (internal: same visibility as the task)."""
    evidence = get_visible_or_404(Evidence.objects, request.user, "plans.view", pk=pk)
    return stored_file(evidence.file, evidence.name, evidence.kind)


@require_perm("tasks.update")
@require_GET
def my_tasks(request: HttpRequest) -> HttpResponse:
    """List the tasks I lead or my units carry (`?unit=` narrows to one of my units), open ones first by due date.

    The filters are GET /tasks?mine=1's (TaskFilter); without `?open=` the page shows the unfinished tasks.
    """
    my_units = list(Organisation.objects.filter(pk__in=services.my_unit_ids(request.user)).order_by("name"))
    params = request.GET.copy()
    params.setdefault("open", "1")
    filters = TaskFilter(params, units=[u.pk for u in my_units])
    filters.warn(request)
    qs = filters.apply(services.my_tasks(request.user)).select_related("plan", "organisation")
    qs = qs.order_by("due_on", "plan_id", "order", "id")
    data = filters.cleaned_data
    q, only_open = data.get("q", ""), bool(data.get("open"))
    unit = str(data["unit"]) if data.get("unit") is not None else ""
    return render_page(
        request,
        "plans/my_tasks.html",
        {
            "page": paginate(request, qs, 25),
            "q": q,
            "only_open": only_open,
            "units": my_units,
            "unit": unit,
            "today": timezone.localdate(),
        },
    )


# ---------------------------------------------------------------- unit dictionary


@require_perm("plans.edit")
@require_http_methods(["GET", "POST"])
def unit_dictionary(request: HttpRequest) -> HttpResponse:
    """Show and extend the organisation's dictionary of unit spellings used when importing plans."""
    org = _tenant_for(request, "plans.edit")
    units = units_of(org)
    form = UnitAbbreviationForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.add_unit_spelling(
                org, actor=request.user, abbreviation=form.cleaned_data["abbreviation"], unit=form.cleaned_data["unit"]
            )
        except services.PlanError as exc:
            form.add_error("abbreviation", str(exc))
        else:
            messages.success(request, _("Đã thêm “%(a)s”.") % {"a": entry.abbreviation})
            return redirect(f"{request.path}?org={org.pk}")
    entries = UnitAbbreviation.objects.filter(organisation=org).select_related("unit")
    return render_page(
        request, "plans/unit_dictionary.html", {"org": org, "form": form, "entries": entries, "units": units}
    )


@require_perm("plans.edit")
@require_POST
def unit_abbreviation_delete(request: HttpRequest, pk: int) -> HttpResponse:
    """Remove one spelling from the dictionary."""
    entry = get_visible_or_404(UnitAbbreviation.objects, request.user, "plans.edit", pk=pk)
    check_object_perm(request.user, "plans.edit", entry.organisation)
    org_pk = entry.organisation_id
    try:
        services.remove_unit_spelling(entry, actor=request.user)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Đã xóa."))
    return redirect(f"{reverse('plans:unit_dictionary')}?org={org_pk}")


# ---------------------------------------------------------------- public page


def _public_org(code: str) -> Organisation:
    org = Organisation.objects.filter(code=code, kind__in=TENANT_KINDS).order_by("pk").first()
    if org is None:
        raise Http404
    return org


@require_GET
def public_plans(request: HttpRequest, code: str) -> HttpResponse:
    """List a school's published plans for the public (no login, no internal comments or evidence)."""
    org = _public_org(code)
    plans = Plan.objects.published().filter(organisation=org).order_by("-year", "-id")
    return render_page(request, "plans/public_plans.html", {"org": org, "plans": plans})


@require_GET
def public_plan(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Show one published plan to the public: text and task progress only."""
    org = _public_org(code)
    plan = get_object_or_404(Plan.objects.published(), organisation=org, pk=pk)
    tasks = plan.tasks.prefetch_related(Prefetch("periods", queryset=TaskPeriod.objects.order_by("start")))
    return render_page(
        request, "plans/public_plan.html", {"org": org, "plan": plan, "tasks": tasks, "today": timezone.localdate()}
    )


@require_GET
def public_plan_pdf(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Download a published plan as PDF; built off the request, served from the cache (plans.publication)."""
    org = _public_org(code)
    plan = get_object_or_404(Plan.objects.published().select_related("organisation"), organisation=org, pk=pk)
    data = publication.cached_pdf(plan)
    if data is None and publication.claim_build(plan):
        build_public_pdf.enqueue(plan.pk)  # inline with the immediate backend; the worker's job otherwise
        data = publication.cached_pdf(plan)
    if data is None:
        response = render_page(request, "plans/public_pdf_pending.html", {"org": org, "plan": plan}, status=503)
        response["Retry-After"] = "30"
        return response
    response = attachment(data, f"ke-hoach-{org.code}-{plan.year}-{plan.pk}.pdf", PDF)
    response["Cache-Control"] = "public, max-age=3600"
    return response


# ---------------------------------------------------------------- sending to the Nơi nhận


@require_perm("plans.edit")
@require_http_methods(["GET", "POST"])
def dispatch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record how and when the plan went to one recipient of its Nơi nhận."""
    dispatch = get_visible_or_404(
        PlanDispatch.objects.select_related("plan", "plan__organisation"), request.user, "plans.view", pk=pk
    )
    plan = dispatch.plan
    check_object_perm(request.user, "plans.edit", plan.organisation)
    form = DispatchForm(
        request.POST if request.method == "POST" else None,
        initial={
            "channel": dispatch.channel,
            "sent_on": dispatch.sent_on or (timezone.localdate() if not dispatch.sent else None),
            "acknowledged_on": dispatch.acknowledged_on,
            "note": dispatch.note,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.record_dispatch(
                dispatch,
                actor=request.user,
                sent_on=d["sent_on"],
                channel=d["channel"],
                acknowledged_on=d["acknowledged_on"],
                note=d["note"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã ghi việc gửi kế hoạch đến %(r)s.") % {"r": dispatch.recipient})
            return redirect(f"{reverse('plans:plan_detail', args=[plan.pk])}#noi-nhan")
    return render_page(request, "plans/dispatch_form.html", {"form": form, "dispatch": dispatch, "plan": plan})
