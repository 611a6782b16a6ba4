"""Organisation tree, staff and staff-list import/export pages."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.downloads import XLSX, attachment
from danvan.core.errors import DomainError
from danvan.core.web import check_object_perm, get_visible_or_404, render_page, require_perm, show_refusal
from danvan.lib.text import fold
from danvan.org import services
from danvan.org.choices import OrgKind
from danvan.org.forms import ManagingBodyForm, StaffUploadForm
from danvan.org.models import Membership, Organisation

_PREVIEW_KEY = "danvan_staff_preview"


@require_perm("org.view")
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    """Show the organisations the user may see, as an indented tree, with a name search and pages of 100.

    A Department sees its schools; the units inside a school are listed under that school's own page
    (or by searching), so a province's tree stays readable.
    """

    q = (request.GET.get("q") or "").strip()
    orgs = list(
        Organisation.objects.visible_to(request.user)
        .order_by("path")
        .only("id", "name", "code", "kind", "path", "tenant_id", "parent_id")
    )
    top = min((o.path.count("/") for o in orgs), default=0)
    if q:
        key = fold(q)
        orgs = [o for o in orgs if key in fold(o.name) or key in fold(o.code or "")]
    elif sum(1 for o in orgs if o.is_tenant) > 1:
        orgs = [o for o in orgs if o.is_tenant]  # several tenants: their units are on each one's page
    page = Paginator(orgs, 100).get_page(request.GET.get("page"))
    rows = [{"org": o, "depth": o.path.count("/") - top} for o in page.object_list]
    return render_page(request, "org/organisation_list.html", {"rows": rows, "page": page, "q": q})


@require_perm("org.view")
@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one organisation: its units and people with their positions."""
    org = get_visible_or_404(Organisation.objects, request.user, "org.view", pk=pk)
    children = Organisation.objects.filter(parent=org).order_by("name")
    # A school's (or the Department's) page lists everyone working there, in its own units too; a unit's page
    # lists that unit.
    where = Q(organisation=org) | Q(organisation__tenant=org) if org.is_tenant else Q(organisation=org)
    memberships = (
        Membership.objects.active()
        .filter(where)
        .select_related("person", "organisation")
        .order_by("position", "person__full_name")
    )
    context = {"org": org, "children": children, "memberships": memberships}
    if org.kind == OrgKind.SCHOOL:
        context["superior"] = org.competent_superior()
        context["may_route"] = services.may_set_managing_body(request.user, org)
        if context["may_route"]:
            context["routing_form"] = ManagingBodyForm(
                school=org, initial={"school_level": org.school_level, "managing_body": org.managing_body_id}
            )
    return render_page(request, "org/organisation_detail.html", context)


@require_perm("org.view")
@require_POST
def managing_body_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a school's level and managing body (administrator or the body above it)."""
    org = get_visible_or_404(Organisation.objects, request.user, "org.view", pk=pk)
    form = ManagingBodyForm(request.POST, school=org)
    if not form.is_valid():
        messages.error(request, _("Chọn cấp học và cơ quan quản lý trong danh sách."))
        return redirect("org:organisation_detail", pk=org.pk)
    try:
        services.set_managing_body(
            org,
            actor=request.user,
            school_level=form.cleaned_data["school_level"],
            managing_body=form.cleaned_data["managing_body"],
        )
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Đã lưu cơ quan quản lý của trường."))
    return redirect("org:organisation_detail", pk=org.pk)


@require_perm("org.manage")
@require_http_methods(["GET", "POST"])
def staff_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a staff list, preview every row with its errors, and store only on confirmation."""
    org = get_visible_or_404(Organisation.objects, request.user, "org.manage", pk=pk)
    check_object_perm(request.user, "org.manage", org)
    tenant = org.tenant or org
    form = StaffUploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and request.POST.get("action") == "confirm":
        stored = request.session.get(_PREVIEW_KEY)
        if not stored or stored.get("tenant") != tenant.id:
            messages.error(request, _("Phiên xem trước đã hết; hãy tải tệp lên lại."))
            return redirect("org:staff_import", pk=org.pk)
        try:
            created, updated = services.import_staff(stored["rows"], tenant)
        except DomainError as exc:
            show_refusal(request, exc)
            return redirect("org:staff_import", pk=org.pk)
        del request.session[_PREVIEW_KEY]
        messages.success(request, _("Đã lưu: %(c)d người mới, %(u)d người cập nhật.") % {"c": created, "u": updated})
        return redirect("org:organisation_detail", pk=tenant.pk)
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.read_staff_xlsx(form.cleaned_data["file"].read(), tenant)
        except services.OrgError as exc:
            form.add_error("file", str(exc))
        else:
            preview = rows
            request.session[_PREVIEW_KEY] = {"tenant": tenant.id, "rows": [r.as_dict() for r in rows]}
    return render_page(
        request,
        "org/staff_import.html",
        {"org": tenant, "form": form, "preview": preview, "error_count": sum(1 for r in preview or [] if r.errors)},
    )


@require_perm("org.view")
@require_GET
def staff_export(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the school's staff list as .xlsx."""
    org = get_visible_or_404(Organisation.objects, request.user, "org.view", pk=pk)
    tenant = org.tenant or org
    return attachment(
        services.export_staff_xlsx(tenant), f"danh-sach-can-bo-{tenant.code}-{timezone.localdate():%Y%m%d}.xlsx", XLSX
    )


@require_perm("org.manage")
@require_POST
def membership_end(request: HttpRequest, pk: int) -> HttpResponse:
    """End a position today (kept in history, not deleted)."""
    membership = get_visible_or_404(Membership.objects, request.user, "org.manage", pk=pk)
    check_object_perm(request.user, "org.manage", membership.organisation)
    try:
        services.end_membership(membership, actor=request.user)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Đã kết thúc chức vụ của %(p)s.") % {"p": membership.person})
    return redirect("org:organisation_detail", pk=membership.organisation_id)
