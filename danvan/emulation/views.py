"""Pages of the "Dân vận khéo" movement (thin doors onto services)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core.downloads import XLSX, attachment
from danvan.core.scoping import has_perm
from danvan.core.tenancy import chosen_tenant, tenants_for
from danvan.core.transitions import permitted_actions
from danvan.core.web import check_object_perm, filter_id, get_visible_or_404, paginate, require_perm
from danvan.emulation import choices as c
from danvan.emulation import forms, services
from danvan.emulation.models import Campaign, EmulationModel, RewardProposal
from danvan.lib.lazy import lazy_module
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
    campaigns = (Campaign.objects.available_to(request.user).select_related("organisation")
                 .annotate(n_models=Count("models", filter=Q(models__pk__in=visible_models), distinct=True))
                 .order_by("-year", "title"))
    return render(request, "emulation/campaign_list.html", {
        "page": paginate(request, campaigns), "can_create": bool(tenants_for(request.user, MANAGE)),
    })


@require_http_methods(["GET", "POST"])
@require_perm(MANAGE)
def campaign_create(request: HttpRequest) -> HttpResponse:
    """Launch a campaign (the Department can open it to all its schools)."""
    org = _acting_org(request)
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(org, actor=request.user, **form.cleaned_data)
        except services.EmulationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("emulation:campaign_detail", pk=campaign.pk)
    return render(request, "emulation/form.html", {"form": form, "org": org, "title": _("Phát động phong trào")})


@require_GET
@require_perm(VIEW)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a campaign with the models and proposals the user may see."""
    campaign = _campaign(request, pk)
    models = (EmulationModel.objects.visible_to(request.user, VIEW).filter(campaign=campaign)
              .select_related("organisation", "unit").order_by("organisation__name", "name"))
    proposals = (RewardProposal.objects.visible_to(request.user, VIEW).filter(campaign=campaign)
                 .select_related("organisation").order_by("-proposed_on", "-id"))
    can_register = [o for o in tenants_for(request.user, MANAGE) if campaign.open_to(o)]
    return render(request, "emulation/campaign_detail.html", {
        "campaign": campaign, "models": models, "proposals": proposals, "can_register": bool(can_register),
        "registration_open": campaign.registration_open(timezone.localdate()),
    })


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
        except services.EmulationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã đăng ký mô hình."))
            return redirect("emulation:model_detail", pk=model.pk)
    return render(request, "emulation/form.html", {
        "form": form, "org": org, "title": _("Đăng ký mô hình “Dân vận khéo”"), "campaign": campaign})


@require_GET
@require_perm(VIEW)
def model_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a registered model with its evaluations, proposals, allowed actions and audit trail."""
    model = get_visible_or_404(
        EmulationModel.objects.select_related("organisation", "campaign__organisation", "unit"),
        request.user, VIEW, pk=pk)
    actions = [(action, c.ModelAction(action).label) for action in permitted_actions(
        c.MODEL_TRANSITIONS, model.status, request.user, model.organisation, model.campaign.organisation)]
    return render(request, "emulation/model_detail.html", {
        "model": model, "people": model.people.all(), "actions": actions,
        "evaluations": model.evaluations.select_related("evaluator"),
        "proposals": model.proposals.all(),
        "can_manage": has_perm(request.user, MANAGE, model.organisation),
        "can_evaluate": model.status in (c.ModelStatus.IMPLEMENTING, c.ModelStatus.EVALUATED) and (
            has_perm(request.user, MANAGE, model.organisation)
            or has_perm(request.user, MANAGE, model.campaign.organisation)),
    })


def _model_for_action(request: HttpRequest, pk: int) -> EmulationModel:
    model = get_visible_or_404(EmulationModel.objects.select_related("organisation", "campaign__organisation"),
                               request.user, VIEW, pk=pk)
    if not (has_perm(request.user, MANAGE, model.organisation)
            or has_perm(request.user, MANAGE, model.campaign.organisation)):
        check_object_perm(request.user, MANAGE, model.organisation)
    return model


@require_POST
@require_perm(VIEW)
def model_transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a model to its next stage."""
    model = get_visible_or_404(EmulationModel.objects.select_related("organisation", "campaign__organisation"),
                               request.user, VIEW, pk=pk)
    action = request.POST.get("action", "")
    target = c.MODEL_TRANSITIONS.get((model.status, action))
    perm = target[1] if target else MANAGE
    if not (has_perm(request.user, perm, model.organisation) or has_perm(request.user, perm, model.campaign.organisation)):
        check_object_perm(request.user, perm, model.organisation)
    try:
        services.transition_model(model, action, actor=request.user)
        messages.success(request, _("Đã cập nhật trạng thái mô hình."))
    except services.EmulationError as exc:
        messages.error(request, exc.message)
    return redirect("emulation:model_detail", pk=model.pk)


@require_http_methods(["GET", "POST"])
@require_perm(VIEW)
def evaluation_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Score a model on each criterion of its campaign."""
    model = _model_for_action(request, pk)
    form = forms.EvaluationForm(request.POST or None, criteria=model.campaign.criteria_list)
    if request.method == "POST" and form.is_valid():
        try:
            services.evaluate_model(model, actor=request.user, scores=form.scores(),
                                    comment=form.cleaned_data["comment"])
        except services.EmulationError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Đã lưu phiếu đánh giá."))
            return redirect("emulation:model_detail", pk=model.pk)
    return render(request, "emulation/form.html", {"form": form, "org": model.organisation,
                                                   "title": _("Đánh giá mô hình: %(m)s") % {"m": model.name}})


# ====================================================================== reward proposals


def _proposals(request: HttpRequest) -> Any:
    qs = (RewardProposal.objects.visible_to(request.user, VIEW)
          .select_related("organisation", "campaign", "model").order_by("-proposed_on", "-id"))
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
    return render(request, "emulation/proposal_list.html", {
        "page": paginate(request, qs), "status": status, "campaign": campaign, "statuses": c.ProposalStatus.choices,
        "query": request.GET.urlencode(),
    })


@require_GET
@require_perm(VIEW)
def proposal_export(request: HttpRequest) -> HttpResponse:
    """Download the filtered proposals as .xlsx."""
    qs, _status, _campaign = _proposals(request)
    return attachment(export.proposals_xlsx(list(qs)), f"de-nghi-khen-thuong-{timezone.localdate():%Y%m%d}.xlsx",
                      XLSX)


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
    form = forms.ProposalForm(request.POST or None, initial=initial, units=units_of(org), staff=staff_of(org),
                              models=models)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.propose_reward(campaign, org, actor=request.user, **form.cleaned_data)
        except services.EmulationError as exc:
            form.add_error(None, exc.message)
        else:
            return redirect("emulation:proposal_detail", pk=proposal.pk)
    return render(request, "emulation/form.html", {"form": form, "org": org, "title": _("Đề nghị khen thưởng"),
                                                   "campaign": campaign})


@require_GET
@require_perm(VIEW)
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a reward proposal with the decision form for the head."""
    proposal = get_visible_or_404(
        RewardProposal.objects.select_related("organisation", "campaign", "model", "decided_by"),
        request.user, VIEW, pk=pk)
    actions = [(a, c.ProposalAction(a).label) for a in c.allowed_actions(c.PROPOSAL_TRANSITIONS, proposal.status)]
    return render(request, "emulation/proposal_detail.html", {
        "proposal": proposal, "actions": actions, "deciding_body": services.deciding_body(proposal),
        "decision_level": c.DecisionLevel(c.DECIDED_AT.get(proposal.form, c.DecisionLevel.SCHOOL)),
        "can_decide": bool(actions) and services.can_decide(request.user, proposal),
    })


@require_POST
@require_perm(c.DECIDE_PERM)
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve, reject or revoke a proposal."""
    proposal = get_visible_or_404(RewardProposal.objects.select_related("organisation"), request.user, VIEW, pk=pk)
    if not services.can_decide(request.user, proposal):
        raise PermissionDenied(_("Đề nghị này do %(body)s quyết định.") % {
            "body": getattr(services.deciding_body(proposal), "name", _("cấp có thẩm quyền"))})
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide_proposal(proposal, form.cleaned_data["action"], actor=request.user,
                                     note=form.cleaned_data["note"],
                                     decision_number=form.cleaned_data["decision_number"])
            messages.success(request, _("Đã cập nhật đề nghị khen thưởng."))
        except services.EmulationError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, _("Thao tác không hợp lệ."))
    return redirect("emulation:proposal_detail", pk=proposal.pk)
