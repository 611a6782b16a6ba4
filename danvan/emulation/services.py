"""Rules of the "Dân vận khéo" movement: campaigns, model registration and lifecycle, evaluation, rewards.

Luật Thi đua, khen thưởng 06/2022/QH15: thematic emulation (Điều 16–17), revocation of awards obtained
by false declarations (Chương VII).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.db.models import Avg, Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core import audit
from danvan.core.errors import DomainError
from danvan.core.params import MAX_YEAR, MIN_YEAR
from danvan.core.scoping import has_perm
from danvan.core.transitions import apply_step
from danvan.emulation import choices as c
from danvan.emulation.models import (
    Campaign,
    EmulationModel,
    Evaluation,
    RewardProposal,
    UnitCriterion,
    UnitEvaluation,
)
from danvan.notify.services import notify
from danvan.org.choices import OrgKind
from danvan.org.models import Membership, Organisation
from danvan.org.services import users_by_tenant

MODEL_FIELDS = (
    "name",
    "kind",
    "situation",
    "objectives",
    "content",
    "area",
    "forces",
    "resources",
    "timeline",
    "outputs",
    "sustainability",
)


class EmulationError(DomainError):
    """A rule of the movement was broken; `message` is shown to the user."""


def _require(actor: Any, perm: str, *organisations: Any) -> None:
    if actor is None:
        return
    if not any(has_perm(actor, perm, o) for o in organisations if o is not None):
        raise EmulationError(_("Bạn không có quyền thực hiện thao tác này."))


def create_campaign(
    organisation: Any,
    *,
    actor: Any,
    title: str,
    year: int,
    kind: str = c.CampaignKind.THEMATIC,
    description: str = "",
    criteria: str = "",
    registration_opens: dt.date | None = None,
    registration_closes: dt.date | None = None,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
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
            organisation=organisation,
            title=title,
            year=year,
            kind=kind,
            description=description,
            criteria=criteria,
            registration_opens=registration_opens,
            registration_closes=registration_closes,
            starts_on=starts_on,
            ends_on=ends_on,
            for_subordinates=for_subordinates,
        )
        audit.record("emulation.campaign.launched", obj=campaign, actor=actor)
    return campaign


def register_model(
    campaign: Campaign,
    organisation: Any,
    *,
    actor: Any,
    unit: Any = None,
    people: Iterable[Any] = (),
    registered_on: dt.date | None = None,
    **fields: Any,
) -> EmulationModel:
    """Register a model (mô hình / điển hình) of a school or unit in a campaign, within the registration window."""
    _require(actor, c.MANAGE_PERM, organisation)
    registered_on = registered_on or timezone.localdate()
    if not campaign.open_to(organisation):
        raise EmulationError(_("Phong trào này không áp dụng cho đơn vị của bạn."))
    if not campaign.registration_open(registered_on):
        raise EmulationError(
            _("Ngoài thời gian đăng ký của phong trào (%(a)s – %(b)s).")
            % {
                "a": campaign.registration_opens.strftime("%d/%m/%Y") if campaign.registration_opens else "…",
                "b": campaign.registration_closes.strftime("%d/%m/%Y") if campaign.registration_closes else "…",
            }
        )
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
        model = EmulationModel.objects.create(
            campaign=campaign, organisation=organisation, unit=unit, registered_on=registered_on, **fields
        )
        model.people.set(people)
        audit.record("emulation.emulationmodel.registered", obj=model, actor=actor)
    return model


def transition_model(model: EmulationModel, action: str, *, actor: Any) -> EmulationModel:
    """Move a model along MODEL_TRANSITIONS (register → implement → evaluate → recognise → reward → replicate)."""
    target = c.MODEL_TRANSITIONS.get((model.status, action))
    if target is None:
        label = c.ModelAction(action).label if action in c.ModelAction.values else action
        raise EmulationError(
            _("Mô hình ở trạng thái “%(s)s” không thể “%(a)s”.") % {"s": model.get_status_display(), "a": label}
        )
    to, perm = target
    _require(actor, perm, model.organisation, model.campaign.organisation)
    if action == c.ModelAction.EVALUATE and not model.evaluations.exists():
        raise EmulationError(_("Chưa có phiếu đánh giá nào cho mô hình."))
    if action == c.ModelAction.REWARD and not model.proposals.filter(status=c.ProposalStatus.APPROVED).exists():
        raise EmulationError(_("Chưa có đề nghị khen thưởng được duyệt cho mô hình."))
    apply_step(model, action, to, actor=actor)
    return model


def evaluate_model(
    model: EmulationModel,
    *,
    actor: Any,
    scores: Mapping[str, Any],
    comment: str = "",
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
            model=model,
            evaluator=actor if getattr(actor, "is_authenticated", False) else None,
            scores=clean,
            total=total,
            comment=comment,
            evaluated_on=evaluated_on or timezone.localdate(),
        )
        avg = model.evaluations.aggregate(a=Avg("total"))["a"]
        model.score = Decimal(str(avg)).quantize(Decimal("0.01"), ROUND_HALF_UP)
        model.save(update_fields=["score", "updated_at"])
    return evaluation


def propose_reward(
    campaign: Campaign,
    organisation: Any,
    *,
    actor: Any,
    kind: str,
    form: str,
    reason: str,
    nominee: str = "",
    person: Any = None,
    unit: Any = None,
    model: EmulationModel | None = None,
    proposed_on: dt.date | None = None,
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
            campaign=campaign,
            organisation=organisation,
            model=model,
            kind=kind,
            form=form,
            reason=reason,
            nominee=nominee.strip(),
            person=person if kind == c.RewardKind.INDIVIDUAL else None,
            unit=unit if kind == c.RewardKind.COLLECTIVE else None,
            proposed_on=proposed_on or timezone.localdate(),
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
    if (
        c.DECIDED_AT.get(proposal.form, c.DecisionLevel.SCHOOL) == c.DecisionLevel.SCHOOL
        or org.kind == OrgKind.DEPARTMENT
    ):
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
    notify(
        users_by_tenant([body.pk], (c.DECIDE_PERM,))[body.pk],
        _("%(org)s đề nghị %(form)s: %(nominee)s")
        % {"org": proposal.organisation.name, "form": proposal.get_form_display(), "nominee": proposal.nominee},
        _("Đề nghị thuộc thẩm quyền của %(body)s; xem hồ sơ và quyết định trên danvan.") % {"body": body.name},
        url=_proposal_url(proposal),
        organisation=body,
    )


def _notify_school(proposal: RewardProposal) -> None:
    body = deciding_body(proposal)
    school = proposal.organisation
    if body is None or body.pk == school.pk:
        return
    notify(
        users_by_tenant([school.pk], (c.MANAGE_PERM, c.DECIDE_PERM))[school.pk],
        _("%(body)s: %(status)s đề nghị %(form)s cho %(nominee)s")
        % {
            "body": body.name,
            "status": proposal.get_status_display().lower(),
            "form": proposal.get_form_display(),
            "nominee": proposal.nominee,
        },
        proposal.note,
        url=_proposal_url(proposal),
        organisation=school,
    )


def decide_proposal(
    proposal: RewardProposal,
    action: str,
    *,
    actor: Any,
    note: str = "",
    decision_number: str = "",
    on: dt.date | None = None,
) -> RewardProposal:
    """Approve, reject or revoke (Luật TĐKT 06/2022/QH15 Chương VII: false declarations) a proposal."""
    target = c.PROPOSAL_TRANSITIONS.get((proposal.status, action))
    if target is None:
        label = c.ProposalAction(action).label if action in c.ProposalAction.values else action
        raise EmulationError(
            _("Đề nghị ở trạng thái “%(s)s” không thể “%(a)s”.") % {"s": proposal.get_status_display(), "a": label}
        )
    to, _perm = target
    if actor is not None and not can_decide(actor, proposal):
        level = c.DECIDED_AT.get(proposal.form, c.DecisionLevel.SCHOOL)
        if level == c.DecisionLevel.SCHOOL:
            raise EmulationError(_("Bạn không có quyền thực hiện thao tác này."))
        body = deciding_body(proposal)
        raise EmulationError(
            _(
                "“%(form)s” thuộc thẩm quyền của %(body)s (Luật Thi đua, khen thưởng 06/2022/QH15 "
                "Điều 79, 80); đề nghị đã được gửi lên Sở."
            )
            % {
                "form": proposal.get_form_display(),
                "body": body.name if body is not None else _("Sở Giáo dục và Đào tạo"),
            }
        )
    if action in (c.ProposalAction.REJECT, c.ProposalAction.REVOKE) and not note.strip():
        raise EmulationError(
            _("Ghi lý do (thu hồi khi kê khai gian dối: Chương VII Luật Thi đua, khen thưởng 06/2022/QH15).")
            if action == c.ProposalAction.REVOKE
            else _("Ghi lý do không duyệt.")
        )
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


# ====================================================================== unit evaluations (sơ kết, tổng kết)
#
# Seed plan II.1: "đánh giá kết quả công tác dân vận của các tổ chức, bộ phận, tổ nhóm chuyên môn trong trường 06
# tháng đầu năm và tổng kết năm". The unit's head drafts the self-assessment and submits it; the principal comments
# and rates it (the head's act, "plans.approve"); a finalised evaluation is locked until the principal reopens it,
# with a reason that the trail keeps.


def unit_criteria(organisation: Any) -> list[tuple[str, int]]:
    """Return the school's criteria as (name, max points): its own set, else the defaults from the seed plan."""
    own = list(
        UnitCriterion.objects.filter(organisation=organisation)
        .order_by("order", "id")
        .values_list("name", "max_points")
    )
    return own or list(c.DEFAULT_UNIT_CRITERIA)


def parse_criteria(text: str) -> list[tuple[str, int]]:
    """Return the criteria written one per line as "name | max points"; raise EmulationError naming the line."""
    out: list[tuple[str, int]] = []
    for n, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip(" -•\t")
        if not line:
            continue
        name, sep, points = line.rpartition("|")
        if not sep or not name.strip():
            raise EmulationError(
                _("Dòng %(n)d: ghi “tên tiêu chí | điểm tối đa”, ví dụ “Tuyên truyền, quán triệt | 20”.") % {"n": n}
            )
        points = points.strip()
        if not points.isascii() or not points.isdigit() or not 1 <= int(points) <= c.UNIT_SCORE_MAX:
            raise EmulationError(
                _("Dòng %(n)d: điểm tối đa là một số nguyên từ 1 đến %(max)d.") % {"n": n, "max": c.UNIT_SCORE_MAX}
            )
        if len(name.strip()) > 300:
            raise EmulationError(_("Dòng %(n)d: tên tiêu chí dài quá 300 ký tự.") % {"n": n})
        if name.strip() in {x for x, _p in out}:
            raise EmulationError(_("Dòng %(n)d: tiêu chí “%(c)s” bị lặp.") % {"n": n, "c": name.strip()[:80]})
        out.append((name.strip(), int(points)))
    if not out:
        raise EmulationError(_("Cần ít nhất một tiêu chí."))
    if len(out) > c.UNIT_CRITERIA_MAX:
        raise EmulationError(_("Tối đa %(max)d tiêu chí.") % {"max": c.UNIT_CRITERIA_MAX})
    return out


def set_unit_criteria(organisation: Any, *, actor: Any, criteria: Sequence[tuple[str, int]]) -> list[UnitCriterion]:
    """Replace the school's criteria; evaluations already made keep the criteria they were scored on."""
    if actor is not None and not (
        has_perm(actor, c.MANAGE_PERM, organisation) or has_perm(actor, c.DECIDE_PERM, organisation)
    ):
        raise EmulationError(_("Bạn không có quyền thực hiện thao tác này."))
    before = unit_criteria(organisation)
    with transaction.atomic():
        UnitCriterion.objects.filter(organisation=organisation).delete()
        rows = UnitCriterion.objects.bulk_create(
            UnitCriterion(organisation=organisation, order=i, name=name, max_points=points)
            for i, (name, points) in enumerate(criteria, start=1)
        )
        audit.record(
            "emulation.unitcriterion.changed",
            organisation=organisation,
            actor=actor,
            changes={"criteria": [[f"{n} ({p})" for n, p in before], [f"{n} ({p})" for n, p in criteria]]},
        )
    return rows


def is_unit_head(user: Any, unit: Any) -> bool:
    """Return whether the user heads the unit (an active head position held in that unit)."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return False
    return (
        Membership.objects.active()
        .filter(person=person, organisation=unit, position__in=c.UNIT_HEAD_POSITIONS)
        .exists()
    )


def can_draft_for(user: Any, unit: Any) -> bool:
    """Return whether the user may write a unit's self-assessment: its head, or who runs emulation at the school."""
    school = unit.tenant or unit
    return is_unit_head(user, unit) or has_perm(user, c.MANAGE_PERM, school)


def evaluable_units(school: Any) -> list[Any]:
    """Return the school's units that are evaluated (every unit below the school), by name."""
    return list(
        Organisation.objects.filter(tenant=school, kind__in=(OrgKind.UNIT, OrgKind.BOARD))
        .exclude(pk=school.pk)
        .order_by("name")
    )


def _clean_scores(criteria: Sequence[tuple[str, int]], scores: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for name, points in criteria:
        raw = scores.get(name)
        if raw in (None, ""):
            raise EmulationError(_("Chấm điểm tiêu chí “%(c)s”.") % {"c": name})
        try:
            value = Decimal(str(raw))
        except ArithmeticError:
            raise EmulationError(_("Điểm không hợp lệ ở tiêu chí “%(c)s”.") % {"c": name}) from None
        if not value.is_finite() or not 0 <= value <= points:
            raise EmulationError(_("Tiêu chí “%(c)s”: điểm từ 0 đến %(m)d.") % {"c": name, "m": points})
        out.append({"name": name, "max": points, "score": float(value.quantize(Decimal("0.01"), ROUND_HALF_UP))})
    return out


def save_unit_evaluation(
    unit: Any,
    *,
    actor: Any,
    year: int,
    period: str,
    scores: Mapping[str, Any],
    results: str = "",
    weaknesses: str = "",
    next_steps: str = "",
    proposed_rating: str = "",
) -> UnitEvaluation:
    """Create or update a unit's draft self-assessment for a period, scored on the school's criteria."""
    school = unit.tenant
    if school is None or unit.pk == school.pk or school.kind != OrgKind.SCHOOL:
        raise EmulationError(_("Chỉ đánh giá các tổ chức, bộ phận trong trường."))
    if actor is not None and not can_draft_for(actor, unit):
        raise EmulationError(
            _("Chỉ người đứng đầu %(u)s hoặc người phụ trách thi đua của trường lập phiếu tự đánh giá.")
            % {"u": unit.name}
        )
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise EmulationError(_("Năm từ %(a)d đến %(b)d.") % {"a": MIN_YEAR, "b": MAX_YEAR})
    if period not in c.EvaluationPeriod.values:
        raise EmulationError(_("Chọn kỳ đánh giá: sơ kết 6 tháng hoặc tổng kết năm."))
    if proposed_rating and proposed_rating not in c.UnitRating.values:
        raise EmulationError(_("Mức tự xếp loại không hợp lệ."))
    existing = UnitEvaluation.objects.filter(unit=unit, year=year, period=period).first()
    if existing is not None and existing.status != c.UnitEvaluationStatus.DRAFT:
        raise EmulationError(
            _(
                "Phiếu đánh giá đã gửi Hiệu trưởng hoặc đã xếp loại: chỉ sửa được sau khi Hiệu trưởng "
                "trả lại hoặc mở lại."
            )
        )
    rows = _clean_scores(_criteria_for(existing, school), scores)
    values = {
        "scores": rows,
        "total": Decimal(str(sum(r["score"] for r in rows))).quantize(Decimal("0.01")),
        "max_total": sum(r["max"] for r in rows),
        "results": results.strip(),
        "weaknesses": weaknesses.strip(),
        "next_steps": next_steps.strip(),
        "proposed_rating": proposed_rating,
    }
    with transaction.atomic():
        if existing is None:
            evaluation = UnitEvaluation.objects.create(
                organisation=school, unit=unit, year=year, period=period, **values
            )
            audit.record("emulation.unitevaluation.drafted", obj=evaluation, actor=actor)
        else:
            evaluation = existing
            for key, value in values.items():
                setattr(evaluation, key, value)
            evaluation.save(update_fields=[*values, "updated_at"])
    return evaluation


def _criteria_for(existing: UnitEvaluation | None, school: Any) -> list[tuple[str, int]]:
    """Return the criteria a draft is scored on: its own when it has some, else the school's current set."""
    if existing is not None and existing.scores:
        return [(r["name"], int(r["max"])) for r in existing.scores]
    return unit_criteria(school)


def transition_unit_evaluation(
    evaluation: UnitEvaluation,
    action: str,
    *,
    actor: Any,
    rating: str = "",
    comment: str = "",
    reason: str = "",
    on: dt.date | None = None,
) -> UnitEvaluation:
    """Submit, return, finalise (comment and rating) or reopen (with a reason) a unit evaluation."""
    target = c.UNIT_EVALUATION_TRANSITIONS.get((evaluation.status, action))
    if target is None:
        label = c.UnitEvaluationAction(action).label if action in c.UnitEvaluationAction.values else action
        raise EmulationError(
            _("Phiếu ở trạng thái “%(s)s” không thể “%(a)s”.") % {"s": evaluation.get_status_display(), "a": label}
        )
    to, perm = target
    school = evaluation.organisation
    if action == c.UnitEvaluationAction.SUBMIT:
        if actor is not None and not can_draft_for(actor, evaluation.unit):
            raise EmulationError(_("Chỉ người đứng đầu đơn vị gửi phiếu tự đánh giá."))
    else:
        _require(actor, perm, school)
    fields: list[str] = []
    message = ""
    if action == c.UnitEvaluationAction.FINALISE:
        if rating not in c.UnitRating.values:
            raise EmulationError(_("Chọn mức xếp loại."))
        evaluation.rating, evaluation.principal_comment = rating, comment.strip()
        evaluation.finalised_on = on or timezone.localdate()
        evaluation.finalised_by = actor if getattr(actor, "is_authenticated", False) else None
        fields = ["rating", "principal_comment", "finalised_on", "finalised_by"]
        message = str(c.UnitRating(rating).label)
    elif action in (c.UnitEvaluationAction.REOPEN, c.UnitEvaluationAction.RETURN):
        if not reason.strip():
            raise EmulationError(
                _("Ghi lý do mở lại phiếu đã xếp loại.")
                if action == c.UnitEvaluationAction.REOPEN
                else _("Ghi lý do trả lại đơn vị.")
            )
        message = reason.strip()
        if action == c.UnitEvaluationAction.REOPEN:
            evaluation.finalised_on = None
            fields = ["finalised_on"]
    apply_step(evaluation, action, to, actor=actor, fields=fields, message=message)
    transaction.on_commit(lambda: _notify_unit_evaluation(evaluation, action))
    return evaluation


def _notify_unit_evaluation(evaluation: UnitEvaluation, action: str) -> None:
    school = evaluation.organisation
    url = reverse("emulation:unit_evaluation_detail", args=[evaluation.pk])
    if action == c.UnitEvaluationAction.SUBMIT:
        notify(
            users_by_tenant([school.pk], (c.DECIDE_PERM,))[school.pk],
            _("%(unit)s gửi phiếu tự đánh giá %(period)s %(year)s")
            % {
                "unit": evaluation.unit.name,
                "period": evaluation.get_period_display().lower(),
                "year": evaluation.year,
            },
            _("Nhận xét và xếp loại trên danvan."),
            url=url,
            organisation=school,
        )
        return
    heads = [
        m.person.user
        for m in Membership.objects.active()
        .filter(organisation=evaluation.unit, position__in=c.UNIT_HEAD_POSITIONS, person__user__isnull=False)
        .select_related("person__user")
    ]
    notify(
        heads,
        _("Hiệu trưởng: %(action)s phiếu đánh giá %(what)s")
        % {"action": c.UnitEvaluationAction(action).label.lower(), "what": evaluation},
        evaluation.get_rating_display() if action == c.UnitEvaluationAction.FINALISE else "",
        url=url,
        organisation=school,
    )


def unit_evaluation_rows(organisation_ids: Iterable[int], year: int, period: str) -> list[dict[str, Any]]:
    """Return the finalised evaluations of the organisations' units for a year and period, as report rows."""
    rows = (
        UnitEvaluation.objects.filter(
            organisation_id__in=list(organisation_ids),
            year=year,
            period=period,
            status=c.UnitEvaluationStatus.FINALISED,
        )
        .select_related("unit", "organisation")
        .order_by("organisation__name", "unit__name")
    )
    return [
        {
            "id": e.pk,
            "organisation_id": e.organisation_id,
            "organisation": e.organisation.name,
            "unit": e.unit.name,
            "period": e.period,
            "year": e.year,
            "total": float(e.total),
            "max_total": e.max_total,
            "rating": e.rating,
            "rating_label": str(e.get_rating_display()),
            "weaknesses": e.weaknesses,
            "comment": e.principal_comment,
        }
        for e in rows
    ]


def rating_summary(organisation_ids: Iterable[int], year: int, period: str) -> dict[int, dict[str, int]]:
    """Return {school id: {rating: finalised evaluations}} plus "pending" (not finalised yet), one grouped query."""
    out: dict[int, dict[str, int]] = {}
    rows = (
        UnitEvaluation.objects.filter(organisation_id__in=list(organisation_ids), year=year, period=period)
        .order_by()
        .values("organisation_id", "status", "rating")
        .annotate(n=Count("id"))
    )
    for r in rows:
        key = r["rating"] if r["status"] == c.UnitEvaluationStatus.FINALISED else "pending"
        counts = out.setdefault(r["organisation_id"], {})
        counts[key] = counts.get(key, 0) + r["n"]
    return out


def plan_suggestions(organisation: Any, year: int) -> list[dict[str, Any]]:
    """Return the weak points of a year's finalised unit evaluations, for next year's plan draft.

    The year-end evaluation is used, else the mid-year one; a unit rated "hoàn thành" or "không hoàn thành", or
    whose self-assessment or the principal's comment names shortcomings, gives one suggestion.
    """
    evaluations = list(
        UnitEvaluation.objects.filter(organisation=organisation, year=year, status=c.UnitEvaluationStatus.FINALISED)
        .select_related("unit")
        .order_by("unit__name", "-period")
    )
    chosen: dict[int, UnitEvaluation] = {}
    for e in evaluations:  # "tong-ket" sorts after "so-ket": -period puts the year-end first
        chosen.setdefault(e.unit_id, e)
    out = []
    for e in chosen.values():
        weak = e.weaknesses.strip()
        if e.rating in c.WEAK_RATINGS or weak:
            out.append(
                {
                    "kind": "evaluation",
                    "unit": e.unit.name,
                    "period": e.period,
                    "year": e.year,
                    "period_label": str(e.get_period_display()),
                    "rating": e.rating,
                    "rating_label": str(e.get_rating_display()),
                    "text": (weak or e.principal_comment.strip())[:500],
                }
            )
    return out
