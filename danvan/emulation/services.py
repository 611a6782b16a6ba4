"""Rules of the "Dân vận khéo" movement: campaigns, model registration and lifecycle, evaluation, rewards.

Luật Thi đua, khen thưởng 06/2022/QH15: thematic emulation (Điều 16–17), revocation of awards obtained
by false declarations (Chương VII).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Avg
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core import audit
from danvan.core.scoping import has_perm
from danvan.core.transitions import apply_step
from danvan.emulation import choices as c
from danvan.emulation.models import Campaign, EmulationModel, Evaluation, RewardProposal
from danvan.notify.services import notify
from danvan.org.choices import OrgKind
from danvan.org.services import users_by_tenant

MODEL_FIELDS = ("name", "kind", "situation", "objectives", "content", "area", "forces", "resources", "timeline",
                "outputs", "sustainability")


class EmulationError(Exception):
    """A rule of the movement was broken; `message` is shown to the user."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def _require(actor: Any, perm: str, *organisations: Any) -> None:
    if actor is None:
        return
    if not any(has_perm(actor, perm, o) for o in organisations if o is not None):
        raise EmulationError(_("Bạn không có quyền thực hiện thao tác này."))


def create_campaign(
    organisation: Any, *, actor: Any, title: str, year: int, kind: str = c.CampaignKind.THEMATIC,
    description: str = "", criteria: str = "", registration_opens: dt.date | None = None,
    registration_closes: dt.date | None = None, starts_on: dt.date | None = None, ends_on: dt.date | None = None,
    for_subordinates: bool = False,
) -> Campaign:
    """Launch a campaign with its criteria and registration window (Luật TĐKT 06/2022/QH15 Điều 16–17)."""
    _require(actor, c.MANAGE_PERM, organisation)
    if registration_opens and registration_closes and registration_closes < registration_opens:
        raise EmulationError(_("Hạn đăng ký phải sau ngày mở đăng ký."))
    if starts_on and ends_on and ends_on < starts_on:
        raise EmulationError(_("Ngày kết thúc phải sau ngày bắt đầu."))
    with transaction.atomic():
        campaign = Campaign.objects.create(
            organisation=organisation, title=title, year=year, kind=kind, description=description, criteria=criteria,
            registration_opens=registration_opens, registration_closes=registration_closes, starts_on=starts_on,
            ends_on=ends_on, for_subordinates=for_subordinates,
        )
        audit.record("emulation.campaign.launched", obj=campaign, actor=actor)
    return campaign


def register_model(
    campaign: Campaign, organisation: Any, *, actor: Any, unit: Any = None, people: Iterable[Any] = (),
    registered_on: dt.date | None = None, **fields: Any,
) -> EmulationModel:
    """Register a model (mô hình / điển hình) of a school or unit in a campaign, within the registration window."""
    _require(actor, c.MANAGE_PERM, organisation)
    registered_on = registered_on or timezone.localdate()
    if not campaign.open_to(organisation):
        raise EmulationError(_("Phong trào này không áp dụng cho đơn vị của bạn."))
    if not campaign.registration_open(registered_on):
        raise EmulationError(_("Ngoài thời gian đăng ký của phong trào (%(a)s – %(b)s).") % {
            "a": campaign.registration_opens.strftime("%d/%m/%Y") if campaign.registration_opens else "…",
            "b": campaign.registration_closes.strftime("%d/%m/%Y") if campaign.registration_closes else "…"})
    if not (fields.get("name") or "").strip():
        raise EmulationError(_("Nhập tên mô hình."))
    if unit is not None and (unit.tenant_id or unit.pk) != organisation.pk:
        raise EmulationError(_("Bộ phận thực hiện phải thuộc đơn vị đăng ký."))
    people = list(people)
    if any(p.organisation_id != organisation.pk for p in people):
        raise EmulationError(_("Người thực hiện phải là cán bộ của đơn vị đăng ký."))
    unknown = set(fields) - set(MODEL_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields {sorted(unknown)}")
    with transaction.atomic():
        model = EmulationModel.objects.create(campaign=campaign, organisation=organisation, unit=unit,
                                              registered_on=registered_on, **fields)
        model.people.set(people)
        audit.record("emulation.emulationmodel.registered", obj=model, actor=actor)
    return model


def transition_model(model: EmulationModel, action: str, *, actor: Any) -> EmulationModel:
    """Move a model along MODEL_TRANSITIONS (register → implement → evaluate → recognise → reward → replicate)."""
    target = c.MODEL_TRANSITIONS.get((model.status, action))
    if target is None:
        label = c.ModelAction(action).label if action in c.ModelAction.values else action
        raise EmulationError(_("Mô hình ở trạng thái “%(s)s” không thể “%(a)s”.")
                             % {"s": model.get_status_display(), "a": label})
    to, perm = target
    _require(actor, perm, model.organisation, model.campaign.organisation)
    if action == c.ModelAction.EVALUATE and not model.evaluations.exists():
        raise EmulationError(_("Chưa có phiếu đánh giá nào cho mô hình."))
    if action == c.ModelAction.REWARD and not model.proposals.filter(status=c.ProposalStatus.APPROVED).exists():
        raise EmulationError(_("Chưa có đề nghị khen thưởng được duyệt cho mô hình."))
    apply_step(model, action, to, actor=actor)
    return model


def evaluate_model(
    model: EmulationModel, *, actor: Any, scores: Mapping[str, Any], comment: str = "",
    evaluated_on: dt.date | None = None,
) -> Evaluation:
    """Score a model on each criterion of its campaign (0–10) and refresh its average."""
    _require(actor, c.MANAGE_PERM, model.organisation, model.campaign.organisation)
    if model.status not in (c.ModelStatus.IMPLEMENTING, c.ModelStatus.EVALUATED):
        raise EmulationError(_("Chỉ đánh giá mô hình đang triển khai hoặc đã đánh giá."))
    criteria = model.campaign.criteria_list
    clean: dict[str, float] = {}
    for criterion in criteria:
        if scores.get(criterion) in (None, ""):
            raise EmulationError(_("Chấm điểm tiêu chí “%(c)s”.") % {"c": criterion})
        try:
            value = Decimal(str(scores[criterion]))
        except ArithmeticError:
            raise EmulationError(_("Điểm không hợp lệ ở tiêu chí “%(c)s”.") % {"c": criterion}) from None
        if not 0 <= value <= c.MAX_SCORE:
            raise EmulationError(_("Điểm mỗi tiêu chí từ 0 đến %(m)d.") % {"m": c.MAX_SCORE})
        clean[criterion] = float(value)
    total = (Decimal(str(sum(clean.values()))) / len(criteria)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    with transaction.atomic():
        evaluation = Evaluation.objects.create(
            model=model, evaluator=actor if getattr(actor, "is_authenticated", False) else None, scores=clean,
            total=total, comment=comment, evaluated_on=evaluated_on or timezone.localdate(),
        )
        avg = model.evaluations.aggregate(a=Avg("total"))["a"]
        model.score = Decimal(str(avg)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        model.save(update_fields=["score", "updated_at"])
    return evaluation


def propose_reward(
    campaign: Campaign, organisation: Any, *, actor: Any, kind: str, form: str, reason: str, nominee: str = "",
    person: Any = None, unit: Any = None, model: EmulationModel | None = None, proposed_on: dt.date | None = None,
) -> RewardProposal:
    """Propose a collective or individual for a reward."""
    _require(actor, c.MANAGE_PERM, organisation)
    if not campaign.open_to(organisation):
        raise EmulationError(_("Phong trào này không áp dụng cho đơn vị của bạn."))
    if model is not None and (model.organisation_id != organisation.pk or model.campaign_id != campaign.pk):
        raise EmulationError(_("Mô hình không thuộc đơn vị hoặc phong trào này."))
    if kind == c.RewardKind.INDIVIDUAL:
        if person is not None and person.organisation_id != organisation.pk:
            raise EmulationError(_("Cá nhân được đề nghị phải là cán bộ của đơn vị."))
        nominee = nominee or (person.full_name if person else "")
    else:
        if unit is not None and (unit.tenant_id or unit.pk) != organisation.pk:
            raise EmulationError(_("Tập thể được đề nghị phải thuộc đơn vị."))
        nominee = nominee or (unit.name if unit else "")
    if not nominee.strip():
        raise EmulationError(_("Ghi tên tập thể hoặc cá nhân được đề nghị."))
    if not reason.strip():
        raise EmulationError(_("Ghi thành tích làm căn cứ đề nghị khen thưởng."))
    with transaction.atomic():
        proposal = RewardProposal.objects.create(
            campaign=campaign, organisation=organisation, model=model, kind=kind, form=form, reason=reason,
            nominee=nominee.strip(), person=person if kind == c.RewardKind.INDIVIDUAL else None,
            unit=unit if kind == c.RewardKind.COLLECTIVE else None, proposed_on=proposed_on or timezone.localdate(),
        )
        audit.record("emulation.rewardproposal.proposed", obj=proposal, actor=actor)
        transaction.on_commit(lambda: _notify_deciders(proposal))
    return proposal


def deciding_body(proposal: RewardProposal) -> Any:
    """Return the organisation whose head decides the proposal (`c.DECIDED_AT`), or None when there is none.

    The school for its principal's giấy khen; the Department above the school for the director's giấy khen and for
    awards decided higher up, which the Department submits and whose decision it records.
    """
    org = proposal.organisation
    if c.DECIDED_AT.get(proposal.form, c.DecisionLevel.SCHOOL) == c.DecisionLevel.SCHOOL or org.kind == OrgKind.DEPARTMENT:
        return org
    return next((a for a in reversed(org.ancestors()) if a.kind == OrgKind.DEPARTMENT), None)


def can_decide(user: Any, proposal: RewardProposal) -> bool:
    """Return whether the user may approve, reject or revoke the proposal: the head of the deciding body."""
    body = deciding_body(proposal)
    return body is not None and has_perm(user, c.DECIDE_PERM, body)


def _proposal_url(proposal: RewardProposal) -> str:
    return reverse("emulation:proposal_detail", args=[proposal.pk])


def _notify_deciders(proposal: RewardProposal) -> None:
    body = deciding_body(proposal)
    if body is None or body.pk == proposal.organisation_id:
        return
    notify(users_by_tenant([body.pk], (c.DECIDE_PERM,))[body.pk],
           _("%(org)s đề nghị %(form)s: %(nominee)s") % {
               "org": proposal.organisation.name, "form": proposal.get_form_display(), "nominee": proposal.nominee},
           _("Đề nghị thuộc thẩm quyền của %(body)s; xem hồ sơ và quyết định trên danvan.") % {"body": body.name},
           url=_proposal_url(proposal), organisation=body)


def _notify_school(proposal: RewardProposal) -> None:
    body = deciding_body(proposal)
    school = proposal.organisation
    if body is None or body.pk == school.pk:
        return
    notify(users_by_tenant([school.pk], (c.MANAGE_PERM, c.DECIDE_PERM))[school.pk],
           _("%(body)s: %(status)s đề nghị %(form)s cho %(nominee)s") % {
               "body": body.name, "status": proposal.get_status_display().lower(),
               "form": proposal.get_form_display(), "nominee": proposal.nominee},
           proposal.note, url=_proposal_url(proposal), organisation=school)


def decide_proposal(
    proposal: RewardProposal, action: str, *, actor: Any, note: str = "", decision_number: str = "",
    on: dt.date | None = None,
) -> RewardProposal:
    """Approve, reject or revoke (Luật TĐKT 06/2022/QH15 Chương VII: false declarations) a proposal."""
    target = c.PROPOSAL_TRANSITIONS.get((proposal.status, action))
    if target is None:
        label = c.ProposalAction(action).label if action in c.ProposalAction.values else action
        raise EmulationError(_("Đề nghị ở trạng thái “%(s)s” không thể “%(a)s”.")
                             % {"s": proposal.get_status_display(), "a": label})
    to, _perm = target
    if actor is not None and not can_decide(actor, proposal):
        level = c.DECIDED_AT.get(proposal.form, c.DecisionLevel.SCHOOL)
        if level == c.DecisionLevel.SCHOOL:
            raise EmulationError(_("Bạn không có quyền thực hiện thao tác này."))
        body = deciding_body(proposal)
        raise EmulationError(_("“%(form)s” thuộc thẩm quyền của %(body)s (Luật Thi đua, khen thưởng 06/2022/QH15 "
                               "Điều 79, 80); đề nghị đã được gửi lên Sở.")
                             % {"form": proposal.get_form_display(),
                                "body": body.name if body is not None else _("Sở Giáo dục và Đào tạo")})
    if action in (c.ProposalAction.REJECT, c.ProposalAction.REVOKE) and not note.strip():
        raise EmulationError(_("Ghi lý do (thu hồi khi kê khai gian dối: Chương VII Luật Thi đua, khen thưởng "
                               "06/2022/QH15).") if action == c.ProposalAction.REVOKE else _("Ghi lý do không duyệt."))
    proposal.note = note.strip()
    fields = ["note"]
    if action != c.ProposalAction.REVOKE:
        proposal.decided_on = on or timezone.localdate()
        proposal.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        proposal.decision_number = decision_number
        fields += ["decided_on", "decided_by", "decision_number"]
    apply_step(proposal, action, to, actor=actor, fields=fields, message=note.strip())
    transaction.on_commit(lambda: _notify_school(proposal))
    return proposal
