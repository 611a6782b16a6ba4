"""Pages of the "Dân vận khéo" movement (thin doors onto services)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.downloads import XLSX, attachment
from danvan.core.errors import DomainError
from danvan.core.scoping import has_perm
from danvan.core.tenancy import chosen_tenant, tenants_for
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
from danvan.emulation import choices as c
from danvan.emulation import forms, services
from danvan.emulation.models import Campaign, EmulationModel, RewardProposal, UnitEvaluation
from danvan.lib.lazy import lazy_module
from danvan.org.choices import OrgKind
from danvan.org.models import Organisation
from danvan.org.services import staff_of, units_of

if TYPE_CHECKING:
    from danvan.emulation import export
else:  # loaded on first use (danvan/lib/lazy.py): openpyxl only for the proposals sheet
    export = lazy_module("danvan.emulation.export")

VIEW, MANAGE = "emulation.view", c.MANAGE_PERM


def _acting_org(request: HttpRequest, campaign: Campaign | None = None) -> Any:
    """Return the organisation the user acts for (?org=), among those where they manage emulation."""
    orgs = [o for o in tenants_for(request.user, MANAGE) if campaign is None or campaign.open_to(o)]
    org, _orgs = chosen_tenant(request, MANAGE, orgs)
    if org is None:
        raise Http404
    return org


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    try:
        return Campaign.objects.available_to(request.user).select_related("organisation").get(pk=pk)
    except Campaign.DoesNotExist:
        raise Http404 from None


# ====================================================================== campaigns


@require_GET
@require_perm(VIEW)
def campaign_list(request: HttpRequest) -> HttpResponse:
    """List the campaigns the user takes part in, with their model counts."""
    # Count only the models the user may see: a campaign shared by the Department holds every school's models.
    visible_models = EmulationModel.objects.visible_to(request.user, VIEW).values("pk")
    campaigns = (
        Campaign.objects.available_to(request.user)
        .select_related("organisation")
        .annotate(n_models=Count("models", filter=Q(models__pk__in=visible_models), distinct=True))
        .order_by("-year", "title")
    )
    return render_page(
        request,
        "emulation/campaign_list.html",
        {
            "page": paginate(request, campaigns),
            "can_create": bool(tenants_for(request.user, MANAGE)),
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm(MANAGE)
def campaign_create(request: HttpRequest) -> HttpResponse:
    """Launch a campaign (the Department can open it to all its schools)."""
    org = _acting_org(request)
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(org, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("emulation:campaign_detail", pk=campaign.pk)
    return render_page(request, "emulation/form.html", {"form": form, "org": org, "title": _("Phát động phong trào")})


@require_GET
@require_perm(VIEW)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a campaign with the models and proposals the user may see."""
    campaign = _campaign(request, pk)
    models = (
        EmulationModel.objects.visible_to(request.user, VIEW)
        .filter(campaign=campaign)
        .select_related("organisation", "unit")
        .order_by("organisation__name", "name")
    )
    proposals = (
        RewardProposal.objects.visible_to(request.user, VIEW)
        .filter(campaign=campaign)
        .select_related("organisation")
        .order_by("-proposed_on", "-id")
    )
    can_register = [o for o in tenants_for(request.user, MANAGE) if campaign.open_to(o)]
    return render_page(
        request,
        "emulation/campaign_detail.html",
        {
            "campaign": campaign,
            "models": models,
            "proposals": proposals,
            "can_register": bool(can_register),
            "registration_open": campaign.registration_open(timezone.localdate()),
        },
    )


# ====================================================================== models


@require_http_methods(["GET", "POST"])
@require_perm(MANAGE)
def model_register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register a model in a campaign."""
    campaign = _campaign(request, pk)
    org = _acting_org(request, campaign)
    form = forms.ModelForm(request.POST or None, units=units_of(org), staff=staff_of(org))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit, people = data.pop("unit"), data.pop("people")
        try:
            model = services.register_model(campaign, org, actor=request.user, unit=unit, people=people, **data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã đăng ký mô hình."))
            return redirect("emulation:model_detail", pk=model.pk)
    return render_page(
        request,
        "emulation/form.html",
        {"form": form, "org": org, "title": _("Đăng ký mô hình “Dân vận khéo”"), "campaign": campaign},
    )


@require_GET
@require_perm(VIEW)
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a registered model with its evaluations, proposals, allowed actions and audit trail."""
    model = get_visible_or_404(
        EmulationModel.objects.select_related("organisation", "campaign__organisation", "unit"),
        request.user,
        VIEW,
        pk=pk,
    )
    actions = [
        (action, c.ModelAction(action).label)
        for action in permitted_actions(
            c.MODEL_TRANSITIONS, model.status, request.user, model.organisation, model.campaign.organisation
        )
    ]
    return render_page(
        request,
        "emulation/model_detail.html",
        {
            "model": model,
            "people": model.people.all(),
            "actions": actions,
            "evaluations": model.evaluations.select_related("evaluator"),
            "proposals": model.proposals.all(),
            "can_manage": has_perm(request.user, MANAGE, model.organisation),
            "can_evaluate": model.status in (c.ModelStatus.IMPLEMENTING, c.ModelStatus.EVALUATED)
            and (
                has_perm(request.user, MANAGE, model.organisation)
                or has_perm(request.user, MANAGE, model.campaign.organisation)
            ),
        },
    )


def _model_for_action(request: HttpRequest, pk: int) -> EmulationModel:
    model = get_visible_or_404(
        EmulationModel.objects.select_related("organisation", "campaign__organisation"), request.user, VIEW, pk=pk
    )
    if not (
        has_perm(request.user, MANAGE, model.organisation)
        or has_perm(request.user, MANAGE, model.campaign.organisation)
    ):
        check_object_perm(request.user, MANAGE, model.organisation)
    return model


@require_POST
@require_perm(VIEW)
def model_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a model to its next stage."""
    model = get_visible_or_404(
        EmulationModel.objects.select_related("organisation", "campaign__organisation"), request.user, VIEW, pk=pk
    )
    action = request.POST.get("action", "")
    target = c.MODEL_TRANSITIONS.get((model.status, action))
    perm = target[1] if target else MANAGE
    if not (
        has_perm(request.user, perm, model.organisation) or has_perm(request.user, perm, model.campaign.organisation)
    ):
        check_object_perm(request.user, perm, model.organisation)
    try:
        services.transition_model(model, action, actor=request.user)
        messages.success(request, _("Đã cập nhật trạng thái mô hình."))
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("emulation:model_detail", pk=model.pk)


@require_http_methods(["GET", "POST"])
@require_perm(VIEW)
def evaluation_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Score a model on each criterion of its campaign."""
    model = _model_for_action(request, pk)
    form = forms.EvaluationForm(request.POST or None, criteria=model.campaign.criteria_list)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluate_model(
                model, actor=request.user, scores=form.scores(), comment=form.cleaned_data["comment"]
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã lưu phiếu đánh giá."))
            return redirect("emulation:model_detail", pk=model.pk)
    return render_page(
        request,
        "emulation/form.html",
        {"form": form, "org": model.organisation, "title": _("Đánh giá mô hình: %(m)s") % {"m": model.name}},
    )


# ====================================================================== reward proposals


def _proposals(request: HttpRequest) -> Any:
    qs = (
        RewardProposal.objects.visible_to(request.user, VIEW)
        .select_related("organisation", "campaign", "model")
        .order_by("-proposed_on", "-id")
    )
    status = request.GET.get("status", "")
    if status in c.ProposalStatus.values:
        qs = qs.filter(status=status)
    campaign = request.GET.get("campaign", "")
    if (campaign_id := filter_id(request, "campaign")) is not None:
        qs = qs.filter(campaign_id=campaign_id)
    return qs, status, campaign


@require_GET
@require_perm(VIEW)
def proposal_list(request: HttpRequest) -> HttpResponse:
    """List reward proposals (filter by status and campaign)."""
    qs, status, campaign = _proposals(request)
    return render_page(
        request,
        "emulation/proposal_list.html",
        {
            "page": paginate(request, qs),
            "status": status,
            "campaign": campaign,
            "statuses": c.ProposalStatus.choices,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@require_perm(VIEW)
def proposal_export(request: HttpRequest) -> HttpResponse:
    """Download the filtered proposals as .xlsx."""
    qs, _status, _campaign = _proposals(request)
    return attachment(export.proposals_xlsx(list(qs)), f"de-nghi-khen-thuong-{timezone.localdate():%Y%m%d}.xlsx", XLSX)


@require_http_methods(["GET", "POST"])
@require_perm(MANAGE)
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Propose a collective or individual for a reward in a campaign."""
    campaign = _campaign(request, pk)
    org = _acting_org(request, campaign)
    models = EmulationModel.objects.filter(organisation=org, campaign=campaign)
    initial = {}
    if (model_id := filter_id(request, "model")) is not None:
        initial["model"] = model_id
    form = forms.ProposalForm(
        request.POST or None, initial=initial, units=units_of(org), staff=staff_of(org), models=models
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.propose_reward(campaign, org, actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            return redirect("emulation:proposal_detail", pk=proposal.pk)
    return render_page(
        request,
        "emulation/form.html",
        {"form": form, "org": org, "title": _("Đề nghị khen thưởng"), "campaign": campaign},
    )


@require_GET
@require_perm(VIEW)
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a reward proposal with the decision form for the head."""
    proposal = get_visible_or_404(
        RewardProposal.objects.select_related("organisation", "campaign", "model", "decided_by"),
        request.user,
        VIEW,
        pk=pk,
    )
    actions = [(a, c.ProposalAction(a).label) for a in c.allowed_actions(c.PROPOSAL_TRANSITIONS, proposal.status)]
    return render_page(
        request,
        "emulation/proposal_detail.html",
        {
            "proposal": proposal,
            "actions": actions,
            "deciding_body": services.deciding_body(proposal),
            "decision_level": c.DecisionLevel(c.DECIDED_AT.get(proposal.form, c.DecisionLevel.SCHOOL)),
            "can_decide": bool(actions) and services.can_decide(request.user, proposal),
        },
    )


@require_POST
@require_perm(c.DECIDE_PERM)
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve, reject or revoke a proposal."""
    proposal = get_visible_or_404(RewardProposal.objects.select_related("organisation"), request.user, VIEW, pk=pk)
    if not services.can_decide(request.user, proposal):
        raise PermissionDenied(
            _("Đề nghị này do %(body)s quyết định.")
            % {"body": getattr(services.deciding_body(proposal), "name", _("cấp có thẩm quyền"))}
        )
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_proposal(
                proposal,
                form.cleaned_data["action"],
                actor=request.user,
                note=form.cleaned_data["note"],
                decision_number=form.cleaned_data["decision_number"],
            )
            messages.success(request, _("Đã cập nhật đề nghị khen thưởng."))
        except DomainError as exc:
            show_refusal(request, exc)
    else:
        messages.error(request, _("Thao tác không hợp lệ."))
    return redirect("emulation:proposal_detail", pk=proposal.pk)


# ====================================================================== unit evaluations (sơ kết, tổng kết)


def _period_choice(request: HttpRequest) -> str:
    period = request.GET.get("period", "")
    if period in c.EvaluationPeriod.values:
        return period
    # From July the year-end evaluation is the one being prepared; before it, the mid-year one.
    return c.EvaluationPeriod.YEAR_END if timezone.localdate().month >= 7 else c.EvaluationPeriod.MID_YEAR


@require_GET
@require_perm(VIEW)
def unit_evaluation_list(request: HttpRequest) -> HttpResponse:
    """List a school's units with their evaluation of a period; for the Sở, its schools' ratings side by side."""
    org, orgs = chosen_tenant(request, VIEW)
    if org is None:
        raise Http404
    year = filter_year(request, "year") or timezone.localdate().year
    period = _period_choice(request)
    context: dict[str, Any] = {
        "org": org,
        "orgs": orgs,
        "year": year,
        "period": period,
        "periods": c.EvaluationPeriod.choices,
        "ratings": c.UnitRating.choices,
    }
    if org.kind == OrgKind.DEPARTMENT:
        schools = [o for o in orgs if o.kind == OrgKind.SCHOOL and o.path.startswith(org.path)]
        summary = services.rating_summary([s.pk for s in schools], year, period)
        context["schools"] = [
            (
                s,
                [summary.get(s.pk, {}).get(k, 0) for k, _l in c.UnitRating.choices],
                summary.get(s.pk, {}).get("pending", 0),
            )
            for s in schools
        ]
        return render_page(request, "emulation/unit_evaluation_summary.html", context)
    evaluations = {
        e.unit_id: e
        for e in UnitEvaluation.objects.visible_to(request.user, VIEW).filter(
            organisation=org, year=year, period=period
        )
    }
    units = services.evaluable_units(org)
    context.update(
        {
            "rows": [(u, evaluations.get(u.pk), services.can_draft_for(request.user, u)) for u in units],
            "recent": UnitEvaluation.objects.visible_to(request.user, VIEW)
            .filter(organisation=org)
            .exclude(year=year, period=period)
            .select_related("unit")
            .order_by("-year", "-period", "unit__name")[:10],
            "criteria": services.unit_criteria(org),
            "can_configure": has_perm(request.user, MANAGE, org) or has_perm(request.user, c.DECIDE_PERM, org),
        }
    )
    return render_page(request, "emulation/unit_evaluation_list.html", context)


@require_http_methods(["GET", "POST"])
@require_perm(VIEW)
def unit_criteria_edit(request: HttpRequest) -> HttpResponse:
    """Set the school's criteria and their maximum points."""
    org, _orgs = chosen_tenant(request, VIEW, [o for o in tenants_for(request.user, VIEW) if o.kind == OrgKind.SCHOOL])
    if org is None:
        raise Http404
    if not (has_perm(request.user, MANAGE, org) or has_perm(request.user, c.DECIDE_PERM, org)):
        raise PermissionDenied
    initial = "\n".join(f"{name} | {points}" for name, points in services.unit_criteria(org))
    form = forms.UnitCriteriaForm(request.POST or None, initial={"criteria": initial})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_unit_criteria(
                org, actor=request.user, criteria=services.parse_criteria(form.cleaned_data["criteria"])
            )
        except services.EmulationError as exc:
            form.add_error("criteria", exc.message)
        else:
            messages.success(request, _("Đã lưu tiêu chí đánh giá."))
            return redirect(f"{reverse('emulation:unit_evaluation_list')}?org={org.pk}")
    return render_page(
        request,
        "emulation/form.html",
        {"form": form, "org": org, "title": _("Tiêu chí đánh giá công tác dân vận của đơn vị")},
    )


@require_http_methods(["GET", "POST"])
@require_perm(VIEW)
def unit_evaluation_create(request: HttpRequest, unit: int) -> HttpResponse:
    """Write a unit's self-assessment for a period (its head, or who runs emulation at the school)."""
    unit_obj = get_visible_or_404(Organisation.objects.select_related("tenant"), request.user, VIEW, pk=unit)
    if unit_obj.tenant is None or unit_obj.tenant_id == unit_obj.pk or unit_obj.tenant.kind != OrgKind.SCHOOL:
        raise Http404
    if not services.can_draft_for(request.user, unit_obj):
        raise PermissionDenied
    initial = {"year": filter_year(request, "year") or timezone.localdate().year, "period": _period_choice(request)}
    form = forms.UnitEvaluationForm(
        request.POST or None, initial=initial, criteria=services.unit_criteria(unit_obj.tenant)
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            evaluation = services.save_unit_evaluation(
                unit_obj,
                actor=request.user,
                year=d["year"],
                period=d["period"],
                scores=form.scores(),
                results=d["results"],
                weaknesses=d["weaknesses"],
                next_steps=d["next_steps"],
                proposed_rating=d["proposed_rating"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã lưu phiếu tự đánh giá."))
            return redirect("emulation:unit_evaluation_detail", pk=evaluation.pk)
    return render_page(
        request,
        "emulation/form.html",
        {
            "form": form,
            "org": unit_obj.tenant,
            "title": _("Tự đánh giá công tác dân vận: %(u)s") % {"u": unit_obj.name},
        },
    )


def _evaluation(request: HttpRequest, pk: int) -> UnitEvaluation:
    return get_visible_or_404(
        UnitEvaluation.objects.select_related("organisation", "unit", "finalised_by"), request.user, VIEW, pk=pk
    )


@require_GET
@require_perm(VIEW)
def unit_evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show an evaluation: scores, self-assessment, the principal's comment and rating, the allowed acts."""
    evaluation = _evaluation(request, pk)
    can_draft = services.can_draft_for(request.user, evaluation.unit)
    can_decide = has_perm(request.user, c.DECIDE_PERM, evaluation.organisation)
    actions = [
        a
        for a in c.allowed_actions(c.UNIT_EVALUATION_TRANSITIONS, evaluation.status)
        if (can_draft if a == c.UnitEvaluationAction.SUBMIT else can_decide)
    ]
    return render_page(
        request,
        "emulation/unit_evaluation_detail.html",
        {
            "evaluation": evaluation,
            "actions": actions,
            "ratings": c.UnitRating.choices,
            "can_edit": can_draft and evaluation.status == c.UnitEvaluationStatus.DRAFT,
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm(VIEW)
def unit_evaluation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft self-assessment (a submitted or finalised one is locked)."""
    evaluation = _evaluation(request, pk)
    if not services.can_draft_for(request.user, evaluation.unit):
        raise PermissionDenied
    criteria = [(r["name"], int(r["max"])) for r in evaluation.scores] or services.unit_criteria(
        evaluation.organisation
    )
    initial = {
        f"c{i}": next((r["score"] for r in evaluation.scores if r["name"] == name), None)
        for i, (name, _p) in enumerate(criteria)
    }
    initial.update({k: getattr(evaluation, k) for k in ("results", "weaknesses", "next_steps", "proposed_rating")})
    form = forms.UnitEvaluationForm(request.POST or None, initial=initial, criteria=criteria, fixed_period=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.save_unit_evaluation(
                evaluation.unit,
                actor=request.user,
                year=evaluation.year,
                period=evaluation.period,
                scores=form.scores(),
                results=d["results"],
                weaknesses=d["weaknesses"],
                next_steps=d["next_steps"],
                proposed_rating=d["proposed_rating"],
            )
        except DomainError as exc:
            show_refusal(request, exc, form)
        else:
            messages.success(request, _("Đã lưu phiếu tự đánh giá."))
            return redirect("emulation:unit_evaluation_detail", pk=evaluation.pk)
    return render_page(
        request, "emulation/form.html", {"form": form, "org": evaluation.organisation, "title": str(evaluation)}
    )


@require_POST
@require_perm(VIEW)
def unit_evaluation_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit (the unit), return, finalise or reopen (the principal) an evaluation."""
    evaluation = _evaluation(request, pk)
    form = forms.UnitEvaluationDecisionForm(request.POST)
    action = request.POST.get("action", "")
    if action == c.UnitEvaluationAction.SUBMIT:
        if not services.can_draft_for(request.user, evaluation.unit):
            raise PermissionDenied
    else:
        check_object_perm(request.user, c.DECIDE_PERM, evaluation.organisation)
    if not form.is_valid():
        messages.error(
            request, "; ".join(f"{form.fields[k].label or k}: {' '.join(v)}" for k, v in form.errors.items())
        )
        return redirect("emulation:unit_evaluation_detail", pk=evaluation.pk)
    d = form.cleaned_data
    try:
        services.transition_unit_evaluation(
            evaluation, d["action"], actor=request.user, rating=d["rating"], comment=d["comment"], reason=d["reason"]
        )
        messages.success(request, _("Đã cập nhật phiếu đánh giá."))
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("emulation:unit_evaluation_detail", pk=evaluation.pk)
