"""Pages of document study (quán triệt): the shared document list, sessions with attendance, who has not studied."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.downloads import stored_file
from danvan.core.errors import DomainError
from danvan.core.params import parse_int
from danvan.core.scoping import has_perm
from danvan.core.tenancy import chosen_tenant, tenants_for
from danvan.core.web import (
    check_object_perm,
    filter_id,
    get_visible_or_404,
    paginate,
    render_page,
    require_perm,
    show_refusal,
)
from danvan.dissemination import forms, permissions, services
from danvan.dissemination.filters import DocumentFilter
from danvan.dissemination.models import Attendance, LegalDocument, StudySession
from danvan.lib.text import fold
from danvan.org.models import Person
from danvan.org.services import staff_of, units_of

VIEW, EDIT = permissions.VIEW, permissions.EDIT


@require_GET
@require_perm(VIEW)
def document_list(request: HttpRequest) -> HttpResponse:
    """List the documents to study; search by number or title, with or without diacritics (DocumentFilter)."""
    filters = DocumentFilter(request.GET)
    filters.warn(request)
    visible = StudySession.objects.visible_to(request.user, VIEW).values("pk")
    docs = filters.apply(
        LegalDocument.objects.annotate(n_sessions=Count("sessions", filter=Q(sessions__in=visible), distinct=True))
    ).order_by("-date", "number", "id")
    q = filters.cleaned_data.get("q", "")
    return render_page(
        request,
        "dissemination/document_list.html",
        {
            "page": paginate(request, docs),
            "q": q,
            "can_edit": bool(tenants_for(request.user, EDIT)),
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm(EDIT)
def document_create(request: HttpRequest) -> HttpResponse:
    """Add a document to the shared list."""
    form = forms.DocumentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.create_document(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("dissemination:document_detail", pk=doc.pk)
    return render_page(request, "dissemination/form.html", {"form": form, "title": _("Thêm văn bản quán triệt")})


@require_GET
@require_perm(VIEW)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a document and the sessions (of the user's schools) that studied it."""
    try:
        doc = LegalDocument.objects.get(pk=pk)
    except LegalDocument.DoesNotExist:
        raise Http404 from None
    sessions = (
        StudySession.objects.visible_to(request.user, VIEW)
        .filter(documents=doc)
        .select_related("organisation")
        .annotate(n_present=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("-held_on", "-id")
    )
    return render_page(
        request,
        "dissemination/document_detail.html",
        {
            "doc": doc,
            "sessions": sessions,
            "orgs": tenants_for(request.user, VIEW),
            "can_edit": bool(tenants_for(request.user, EDIT)),
        },
    )


@require_GET
@require_perm(VIEW)
def not_studied(request: HttpRequest, pk: int) -> HttpResponse:
    """List a school's staff who have not yet attended a session on the document."""
    try:
        doc = LegalDocument.objects.get(pk=pk)
    except LegalDocument.DoesNotExist:
        raise Http404 from None
    org, orgs = chosen_tenant(request, VIEW)
    if org is None:
        raise Http404
    people = services.not_studied(doc, org)
    total = staff_of(org).count()
    return render_page(
        request,
        "dissemination/not_studied.html",
        {
            "doc": doc,
            "org": org,
            "orgs": orgs,
            "page": paginate(request, people, 100),
            "total": total,
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm(EDIT)
def session_create(request: HttpRequest) -> HttpResponse:
    """Record a study session (then tick attendance on its page)."""
    org, _orgs = chosen_tenant(request, EDIT)
    if org is None:
        raise Http404
    initial: dict[str, Any] = {}
    if (document_id := filter_id(request, "document")) is not None:
        initial["documents"] = [document_id]
    if (task_id := filter_id(request, "task")) is not None:
        initial["task"] = task_id
    form = forms.SessionForm(
        request.POST or None,
        request.FILES or None,
        initial=initial or None,
        documents=LegalDocument.objects.order_by("-date", "number"),
        units=units_of(org),
        tasks=services.session_tasks(org),
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(org, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã ghi buổi quán triệt; đánh dấu người tham dự bên dưới."))
            return redirect("dissemination:session_detail", pk=session.pk)
    return render_page(
        request,
        "dissemination/form.html",
        {"form": form, "org": org, "multipart": True, "title": _("Ghi nhận buổi quán triệt")},
    )


@require_GET
@require_perm(VIEW)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a session with the attendance checklist of the school's staff."""
    session = get_visible_or_404(
        StudySession.objects.select_related("organisation", "organiser_unit", "task"), request.user, VIEW, pk=pk
    )
    marks = dict(Attendance.objects.filter(session=session).values_list("person_id", "present"))
    staff = list(staff_of(session.organisation))
    listed_ids = set(marks) - {p.pk for p in staff}
    if listed_ids:  # people listed then who have since left
        staff += list(Person.objects.filter(pk__in=listed_ids).order_by("full_name"))
    rows = [(p, marks.get(p.pk)) for p in sorted(staff, key=lambda p: (fold(p.full_name), p.pk))]
    return render_page(
        request,
        "dissemination/session_detail.html",
        {
            "session": session,
            "documents": session.documents.all(),
            "rows": rows,
            "n_present": sum(1 for v in marks.values() if v),
            "recorded": bool(marks),
            "can_edit": has_perm(request.user, EDIT, session.organisation),
        },
    )


@require_POST
@require_perm(EDIT)
def session_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the attendance checklist."""
    session = get_visible_or_404(StudySession.objects.select_related("organisation"), request.user, VIEW, pk=pk)
    check_object_perm(request.user, EDIT, session.organisation)
    ids = [n for x in request.POST.getlist("present") if (n := parse_int(x, minimum=1)) is not None]
    try:
        n, total = services.record_attendance(session, actor=request.user, present=ids)
        messages.success(request, _("Đã lưu điểm danh: %(n)d/%(t)d người có mặt.") % {"n": n, "t": total})
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("dissemination:session_detail", pk=session.pk)


@require_GET
@require_perm(VIEW)
def session_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the minutes of a session."""
    session = get_visible_or_404(StudySession.objects, request.user, VIEW, pk=pk)
    if not session.minutes:
        raise Http404
    name = session.minutes.name.rsplit("/", 1)[-1]
    return stored_file(session.minutes, name)
