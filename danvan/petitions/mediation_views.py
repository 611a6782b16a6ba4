"""The mediation register (sổ theo dõi hòa giải) and the school's mediation groups (tổ hòa giải).

Thin views over `services.record_mediation_case` and `services.save_mediation_group`. Every case is fetched through
`visible_cases`: the school's own cases (`Mediation.objects.visible_to`) and, for a case on a petition, only when the
petition itself is visible (`Petition.objects.visible_to`) — another school's case is a 404. The parties of a
petition's case are masked through `identity.policy_for`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from danvan.core.downloads import attachment as attachment_response
from danvan.core.errors import DomainError
from danvan.core.scoping import has_perm
from danvan.core.web import get_visible_or_404, paginate, render_page, require_perm, show_refusal
from danvan.lib.tracking import normalise_code
from danvan.petitions.choices import MediationOutcome
from danvan.petitions.forms import MediationCaseForm, MediationFilterForm, MediationGroupForm
from danvan.petitions.identity import policy_for
from danvan.petitions.mediation_docs import MinutesData, build_minutes
from danvan.petitions.models import Mediation, MediationGroup, Petition
from danvan.petitions.services import record_mediation_case, save_mediation_group
from danvan.petitions.staff_views import tenants_with

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PER_PAGE = 25


def visible_cases(user: Any) -> QuerySet:
    """Return the register's cases the user may read (the list, the search and the minutes use this one query)."""
    petitions = Petition.objects.visible_to(user, "petitions.view").values("pk")
    return Mediation.objects.visible_to(user, "petitions.view").filter(
        Q(petition__isnull=True) | Q(petition__in=petitions)
    )


def shown_case(user: Any, case: Mediation) -> dict[str, Any]:
    """Return what a reader may see of a case: the parties and subject of a petition's case masked for him."""
    if case.petition_id is None:
        return {
            "case": case,
            "subject": case.subject,
            "parties": case.parties,
            "agreement": case.agreement,
            "minutes": case.minutes,
        }
    policy = policy_for(user, case.petition)
    return {
        "case": case,
        "subject": policy.mask(case.subject or case.petition.subject),
        "parties": policy.mask(case.parties),
        "agreement": policy.mask(case.agreement),
        "minutes": policy.mask(case.minutes),
    }


def _organisation(request: HttpRequest, perm: str) -> Any:
    orgs = tenants_with(request.user, perm)
    if not orgs:
        raise PermissionDenied
    wanted = request.POST.get("org") or request.GET.get("org")
    if wanted:
        for org in orgs:
            if str(org.pk) == wanted:
                return org
        raise Http404
    return orgs[0]


@require_GET
@require_perm("petitions.view")
def case_list(request: HttpRequest) -> HttpResponse:
    """List the register's cases with filters, search, pagination and the counts by outcome."""
    user = request.user
    orgs = tenants_with(user, "petitions.view")
    form = MediationFilterForm(request.GET or None, organisations=orgs)
    qs = visible_cases(user).select_related("group", "petition", "organisation").prefetch_related("board_members")
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    year = data.get("year") or timezone.localdate().year
    qs = qs.filter(held_on__year=year)
    if data.get("group"):
        qs = qs.filter(group=data["group"])
    counts = {row["outcome"]: row["n"] for row in qs.values("outcome").annotate(n=Count("id")).order_by()}
    if data.get("outcome"):
        qs = qs.filter(outcome=data["outcome"])
    q = (data.get("q") or "").strip()
    if q:
        number = q.split("/")[0]
        match = Q(subject__icontains=q) | Q(petition__tracking_code=normalise_code(q))
        if number.isdigit() and len(number) < 7:
            match |= Q(number=int(number))
        qs = qs.filter(match)
    page = paginate(request, qs.order_by("-held_on", "-id"), PER_PAGE)
    rows = [shown_case(user, case) for case in page.object_list]
    outcome_rows = [(label, counts.get(value, 0)) for value, label in MediationOutcome.choices]
    may_record = bool(tenants_with(user, "petitions.handle"))
    return render_page(
        request,
        "petitions/mediation_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "year": year,
            "outcome_rows": outcome_rows,
            "total": sum(counts.values()),
            "may_record": may_record,
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm("petitions.handle")
def case_create(request: HttpRequest) -> HttpResponse:
    """Enter in the register a mediation on an incident that came with no petition."""
    org = _organisation(request, "petitions.handle")
    form = MediationCaseForm(request.POST or None, organisation=org)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = record_mediation_case(
                org,
                actor=request.user,
                held_on=d["held_on"],
                outcome=d["outcome"],
                subject=d["subject"],
                parties=d["parties"],
                group=d["group"],
                mediators=list(d["mediators"]),
                place=d["place"],
                participants=d["participants"],
                agreement=d["agreement"],
                minutes=d["minutes"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã ghi vụ việc %(c)s vào sổ hòa giải.") % {"c": case.code})
            return redirect("petitions:mediations")
    return render_page(request, "petitions/mediation_form.html", {"form": form, "organisation": org})


@require_GET
@require_perm("petitions.view")
def case_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    """Download the minutes of a case as DOCX, with what the reader may see of the parties."""
    case = get_visible_or_404(
        visible_cases(request.user).select_related("organisation", "group", "petition"),
        request.user,
        "petitions.view",
        pk=pk,
    )
    shown = shown_case(request.user, case)
    org = case.organisation
    data = MinutesData(
        issuer=org.name,
        issuer_superior=org.superior_name or "",
        place=org.place or "",
        code=case.code,
        held_on=case.held_on,
        venue=case.place,
        subject=shown["subject"],
        parties=shown["parties"],
        group=case.group.name if case.group else "",
        mediators=[p.full_name for p in case.board_members.all()],
        participants=case.participants
        if case.petition_id is None
        else policy_for(request.user, case.petition).mask(case.participants),
        minutes=shown["minutes"],
        agreement=shown["agreement"],
        outcome=case.get_outcome_display(),
        petition_code=case.petition.tracking_code if case.petition_id else "",
    )
    response = attachment_response(
        build_minutes(data), f"bien-ban-hoa-giai-{case.number or case.pk}-{case.held_on.year}.docx", DOCX
    )
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@require_perm("petitions.view")
def groups(request: HttpRequest) -> HttpResponse:
    """List the school's mediation groups and form a new one."""
    org = _organisation(request, "petitions.view")
    may_edit = has_perm(request.user, "petitions.handle", org) or has_perm(request.user, "board.manage", org)
    form = MediationGroupForm(request.POST or None, organisation=org)
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        if form.is_valid():
            try:
                _save_group(request, org, form, None)
            except DomainError as exc:
                show_refusal(request, exc, form)
            else:
                messages.success(request, _("Đã lưu tổ hòa giải."))
                return redirect(f"{request.path}?org={org.pk}")
    group_list = (
        MediationGroup.objects.filter(organisation=org)
        .select_related("leader", "board_term")
        .prefetch_related("members")
        .annotate(n_cases=Count("cases"))
    )
    return render_page(
        request,
        "petitions/mediation_groups.html",
        {"organisation": org, "groups": group_list, "form": form, "may_edit": may_edit},
    )


@require_http_methods(["GET", "POST"])
@require_perm("petitions.view")
def group_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a mediation group (name, members, leader, active)."""
    group = get_visible_or_404(
        MediationGroup.objects.select_related("organisation"), request.user, "petitions.view", pk=pk
    )
    org = group.organisation
    if not (has_perm(request.user, "petitions.handle", org) or has_perm(request.user, "board.manage", org)):
        raise PermissionDenied
    initial = {
        "name": group.name,
        "board_term": group.board_term_id,
        "leader": group.leader_id,
        "members": [p.pk for p in group.members.all()],
        "formed_on": group.formed_on,
        "decision": group.decision,
        "active": group.active,
    }
    form = MediationGroupForm(request.POST or None, organisation=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            _save_group(request, org, form, group)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã lưu tổ hòa giải."))
            return redirect(f"{reverse('petitions:mediation_groups')}?org={org.pk}")
    return render_page(
        request, "petitions/mediation_group_form.html", {"form": form, "group": group, "organisation": org}
    )


def _save_group(request: HttpRequest, org: Any, form: MediationGroupForm, group: MediationGroup | None) -> None:
    d = form.cleaned_data
    save_mediation_group(
        org,
        actor=request.user,
        name=d["name"],
        members=list(d["members"]),
        leader=d["leader"],
        board_term=d["board_term"],
        formed_on=d["formed_on"],
        decision=d["decision"],
        active=d["active"],
        group=group,
    )
