"""Business rules of citizen reception and petitions: one function per workflow action.

Each action: check permission and the transitions table (choices.TRANSITIONS) → `transaction.atomic()`
→ save with `update_fields` → `audit.record("petitions.petition.<verb>")` + a `PetitionStep` timeline
line → recompute the stored deadline → e-mails through `transaction.on_commit`. Web views, the API,
commands and the demo all call these functions; they raise `PetitionError` with a Vietnamese message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.errors import DomainError, refusals_are_conflicts
from danvan.core.language import records_language
from danvan.core.scoping import has_perm
from danvan.core.storage import accept_upload, save_upload
from danvan.lib import tracking
from danvan.lib.lazy import lazy_module
from danvan.lib.tracking import new_secret
from danvan.org.choices import OrgKind, Position
from danvan.org.models import Membership, Person
from danvan.petitions import counters, deadlines, duplicates
from danvan.petitions.choices import (
    ACCEPTABLE_KINDS,
    COMPLAINT_COMPLEX_CRITERIA,
    COMPLAINT_KINDS,
    DENUNCIATION_DECIDE_ACTIONS,
    DISCIPLINE_KINDS,
    DOCUMENT_TYPE_ABBR,
    FEEDBACK_KINDS,
    FIRST_DECISION_RECIPIENTS,
    NOTICE_GROUNDS,
    OPEN_STATES,
    REDACTED_COPY_KINDS,
    REFUSAL_CLAUSE,
    SECOND_DECISION_RECIPIENTS,
    SECOND_TIME_KINDS,
    SNIFFED_ATTACHMENT_KIND,
    SUPERIOR_ROLES,
    SUSPENSION_GROUNDS,
    TERMINATION_GROUNDS,
    AccusedRole,
    Action,
    AttachmentKind,
    Audience,
    Channel,
    Closure,
    ComplaintAction,
    ComplaintConclusion,
    ComplexCriterion,
    ComplexityGround,
    ContinuationGround,
    DecisionPublicityForm,
    DecisionRecipient,
    DenunciationConclusion,
    DocumentKind,
    FiledReason,
    HeadSessionKind,
    IdentityPaper,
    IdentityVisibility,
    InitialProcessingReason,
    Kind,
    MediationOutcome,
    NotAcceptedReason,
    PublicityForm,
    ReceptionOutcome,
    RefusalGround,
    ReResolutionGround,
    Satisfaction,
    State,
    SuspensionGround,
    WithdrawalForm,
    WithdrawalMode,
    WithdrawalScope,
    allowed_actions,
    target_for,
)
from danvan.petitions.documents import allocate_number, default_signer, issue_document, issuer_code
from danvan.petitions.identity import (
    build_search_index,
    has_identity,
    identity_values,
    masked_names_list,
    redact_text,
    shown_subject,
)
from danvan.petitions.identity import public_text as masked
from danvan.petitions.models import (
    TRACKING_CODE_DRAWS,
    DenunciationWithdrawal,
    Dialogue,
    Extension,
    HeadReceptionDay,
    Mediation,
    MediationGroup,
    Petition,
    PetitionAttachment,
    PetitionDocument,
    PetitionIdentity,
    PetitionLink,
    PetitionStep,
    Reception,
    ReceptionDocument,
    ReceptionPlace,
    Suspension,
    Verification,
    Withdrawal,
)
from danvan.petitions.notifications import notify_handler, notify_petitioner
from danvan.petitions.reception_documents import (
    DocumentReceipt,
    Issuer,
    RefusalNotice,
    build_document_receipt,
    build_refusal_notice,
    refusal_basis,
)
from danvan.petitions.routing import goes_to_superior, recognise
from danvan.workdays.choices import Kind as DeadlineKind
from danvan.workdays.choices import Step
from danvan.workdays.rules import CALENDAR, ND_154
from danvan.workdays.services import WorkdaysError, compute_deadline, find_rule, get_calendar, load_rules

if TYPE_CHECKING:
    import docx
else:  # loaded on first use (danvan/lib/lazy.py): python-docx only to redact an attached DOCX
    docx = lazy_module("docx")


class PetitionError(DomainError):
    """A petition rule was broken; `message` is shown to the user."""


# ====================================================================== guards


def _person(user: Any) -> Any:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def _require(
    actor: Any, perm: str, organisation: Any, *, petition: Petition | None = None, handler_may: bool = False
) -> None:
    """Refuse unless the actor holds `perm` on the organisation (or, when allowed, is the assigned handler)."""
    if actor is None:
        raise PetitionError(_("Cần đăng nhập để thực hiện thao tác này."))
    if petition is not None:
        person = _person(actor)
        if person is not None and petition.accused_person_id == person.pk and petition.kind not in COMPLAINT_KINDS:
            # Nobody acts on a petition about themself (Luật Tố cáo Điều 18; conflict of interest). A first-time
            # complaint about the head's own decision is the exception: the head decides it (NĐ 124/2020 Điều 13);
            # he is still never its handler or verifier (assign, start_verification).
            raise PetitionError(_("Bạn là người bị khiếu nại, tố cáo trong đơn này nên không được xử lý đơn."))
        if handler_may and person is not None and petition.handler_id == person.pk:
            return
    if not has_perm(actor, perm, organisation):
        raise PetitionError(_("Bạn không có quyền thực hiện thao tác này đối với đơn của đơn vị này."))


def target_state(petition: Petition, action: str) -> str:
    """Return the state the action leads to, or raise PetitionError when the table forbids it."""
    target = target_for(petition.state, action, petition.kind)
    if target is None:
        raise PetitionError(
            _("Không thể “%(action)s” khi đơn đang ở trạng thái “%(state)s”.")
            % {"action": Action(action).label, "state": State(petition.state).label},
            code="conflict",
        )
    return target


def _today() -> dt.date:
    return timezone.localdate()


def _stored(compose: Callable[[], Any]) -> str:
    """Return text kept in the petition's record (timeline, trail): composed in Vietnamese, the language of the
    records and of the official registers, whichever language the person acting reads the pages in."""
    with records_language():
        return str(compose())


def _step(
    petition: Petition, code: str, *, actor: Any, note: str = "", public_text: str = "", document: Any = None
) -> PetitionStep:
    return PetitionStep.objects.create(
        petition=petition,
        code=code,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
        public=bool(public_text),
        public_text=public_text[:255],
        document=document,
    )


def _commit(
    petition: Petition,
    action: str,
    verb: str,
    *,
    actor: Any,
    fields: dict[str, Any],
    note: str = "",
    public_text: str = "",
    document: Any = None,
    more_changes: dict[str, Any] | None = None,
) -> Petition:
    """Apply a transition: set state and fields, recompute the deadline, save, audit, add the timeline line.

    `more_changes` adds to the one audit entry the values of a related row the step saved with
    `audit.save_recorded` (the step's entry then tells the whole change).

    The state is re-read under a row lock: of two clerks acting at once on a stale page, the second is
    refused here, and its whole transaction (documents and numbers included) rolls back.
    """
    stored = Petition._base_manager.select_for_update().values(*counters.COUNTED_FIELDS).get(pk=petition.pk)
    current = stored["state"]
    if current != petition.state:
        petition.state = current
    target = target_state(petition, action)
    fields = dict(fields)
    fields.setdefault("state", target)
    old = {name: getattr(petition, name) for name in (*fields, *deadlines.DEADLINE_FIELDS)}
    for name, value in fields.items():
        setattr(petition, name, value)
    changed = set(fields) | set(deadlines.apply_deadline(petition))
    # One entry for the step, with every value it changed (the deadline's too): no second "changed" entry.
    # The counters' "before" is what was just read under this transaction's lock: no second locked read.
    petition.locked_counted = stored
    try:
        audit.save_recorded(petition, sorted(changed))
    finally:
        petition.locked_counted = None
    changes = {
        k: [audit.REDACTED, audit.REDACTED]
        if audit.is_redacted(petition, k)
        else [_plain(old[k]), _plain(getattr(petition, k))]
        for k in sorted(changed)
        if k in old and old[k] != getattr(petition, k) and k not in ("masked_names",)
    }
    changes.update(more_changes or {})
    audit.record(f"petitions.petition.{verb}", obj=petition, actor=actor, changes=changes, message=note)
    _step(petition, verb, actor=actor, note=note, public_text=public_text, document=document)
    if public_text:
        _notify_citizen(petition, public_text)
    return petition


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _notify_citizen(petition: Petition, text: str) -> None:
    """Tell the citizen that the petition moved on, by the channel they chose (notifications.notify_petitioner)."""
    notify_petitioner(petition, text)


# ====================================================================== conflict of interest


def department_of(organisation: Any) -> Any:
    """Return the competent superior of a school from the organisation tree: its recorded managing body (a THCS
    school's UBND xã/phường, NĐ 142/2025/NĐ-CP), else the nearest managing body above it (the Sở for THPT)."""
    return organisation.competent_superior()


def positions_of(person: Any, tenant: Any) -> set[str]:
    """Return the active positions a person holds in a tenant (the school itself or its units)."""

    if person is None:
        return set()
    return set(
        Membership.objects.active()
        .filter(person=person, organisation__tenant=tenant)
        .values_list("position", flat=True)
    ) | set(Membership.objects.active().filter(person=person, organisation=tenant).values_list("position", flat=True))


def conflict_route(petition: Petition) -> tuple[Any, str] | None:
    """Return (handling body, reason) when the school's own head may not handle the petition, else None.

    - tố cáo about the head or a deputy head, or about the school itself → its managing body (Luật Tố cáo 2018
      Điều 12(1) đoạn 2, 12(6), 13(3)): the Sở GD&ĐT for a THPT school, the UBND xã/phường for THCS, primary and
      preschool (NĐ 142/2025/NĐ-CP);
    - the head (as resolver) declared a conflict of interest — a relative or an interest (NĐ 31/2019/NĐ-CP Điều 5,
      Art. 5 is not among the articles NĐ 156/2026/NĐ-CP amends) → the superior takes over;
    - kiến nghị, phản ánh, unclassified or mixed petitions about the head → the managing body (conflict of interest);
    - a first-time complaint about the head's own decision stays with the head, who decides it by law
      (NĐ 124/2020/NĐ-CP Điều 13); the head is still never its handler (see `assign`).
    """

    if petition.kind in COMPLAINT_KINDS:
        return None
    tenant = petition.organisation
    role = petition.accused_role
    positions = positions_of(petition.accused_person, tenant) if petition.accused_person_id else set()
    if Position.HIEU_TRUONG in positions:
        role = AccusedRole.HEAD
    elif Position.PHO_HIEU_TRUONG in positions and role != AccusedRole.HEAD:
        role = AccusedRole.DEPUTY
    declared_by_head = bool(petition.conflict_declared_by_id) and bool(
        positions_of(petition.conflict_declared_by, tenant) & {Position.HIEU_TRUONG}
    )
    if petition.kind == Kind.TO_CAO and role in SUPERIOR_ROLES:
        reason = _(
            "Tố cáo người đứng đầu, cấp phó hoặc chính đơn vị do người đứng đầu cơ quan quản lý cấp trên "
            "giải quyết (Luật Tố cáo 2018 Điều 12(1), 12(6), 13(3), 18)"
        )
    elif declared_by_head:
        reason = _(
            "Người đứng đầu khai có xung đột lợi ích: cơ quan quản lý cấp trên giải quyết (NĐ 31/2019/NĐ-CP Điều 5)"
        )
    elif role == AccusedRole.HEAD:
        reason = _("Nội dung liên quan đến người đứng đầu đơn vị: chuyển cơ quan quản lý để tránh xung đột lợi ích")
    else:
        return None
    superior = department_of(tenant)
    if superior is None:
        return None
    return superior, str(reason)


def _apply_route(petition: Petition) -> list[str]:
    """Move the petition to the body that must handle it; return changed field names.

    Routed away, the petition leaves the school's sight altogether (`routed_away`): queue, registers, exports,
    figures, notifications, API and audit log. Reclassified so that the head is no longer concerned, it comes back.
    """
    route = conflict_route(petition)
    changed: list[str] = []
    if route is not None:
        body, reason = route
        if petition.handling_body_id != body.pk:
            petition.handling_body = body
            changed.append("handling_body")
        if petition.conflict_note != reason:
            petition.conflict_note = reason[:255]
            changed.append("conflict_note")
        if not petition.routed_away:
            petition.routed_away = True
            changed.append("routed_away")
        if petition.handler_id is not None and petition.handler.organisation_id != body.pk:
            petition.handler = None
            changed.append("handler")
    elif petition.routed_away or (petition.conflict_note and petition.handling_body_id != petition.organisation_id):
        # Reclassified so that the head is no longer concerned: the school handles it again.
        petition.handling_body = petition.organisation
        petition.conflict_note = ""
        petition.routed_away = False
        changed += ["handling_body", "conflict_note", "routed_away"]
        if petition.handler_id is not None and petition.handler.organisation_id != petition.organisation_id:
            petition.handler = None
            changed.append("handler")
    if petition.handler_id is not None and petition.handler_id in (
        petition.accused_person_id,
        petition.conflict_declared_by_id,
    ):
        petition.handler = None
        changed.append("handler")
    return changed


def recognise_accused(
    organisation: Any,
    *,
    content: str,
    accused_text: str = "",
    accused_role: str = "",
    accused_person: Any = None,
    kind: str = Kind.TO_CAO,
) -> tuple[str, Any]:
    """Return (role, person) the petition is about: a head's or deputy's name in the text wins over the tick box.

    Names are looked for in denunciations and in petitions not yet classified (which may be one); a kiến nghị,
    phản ánh or complaint often greets the principal by name, and is routed by the role chosen only.
    """

    if kind not in NAME_ROUTED_KINDS:
        return accused_role or "", accused_person
    found = recognise(organisation, content, accused_text, role=accused_role, accused_person=accused_person)
    return found.role, found.person


# Kinds in which a named head or deputy moves the petition: a denunciation, or what may turn out to be one.
NAME_ROUTED_KINDS = frozenset({Kind.TO_CAO, Kind.CHUA_RO, Kind.NHIEU_NOI_DUNG})


def declare_conflict(petition: Petition, *, actor: Any, declaration: str) -> Petition:
    """Record that the actor — the handler or the head — is a relative of a party or has an interest in the case.

    NĐ 31/2019/NĐ-CP Điều 5 (left unchanged by NĐ 156/2026/NĐ-CP): such a person may not handle or verify it. The
    handler is taken off the petition and may not be assigned again; when the head declares it, the petition
    goes to the managing body at once and leaves the school's sight. A complaint stays with its statutory
    resolver (NĐ 124/2020/NĐ-CP Điều 13): only the handler steps aside.
    """
    person = _person(actor)
    if person is None:
        raise PetitionError(_("Cần đăng nhập để thực hiện thao tác này."))
    declaration = (declaration or "").strip()
    if not declaration:
        raise PetitionError(_("Cần ghi quan hệ thân nhân hoặc lợi ích liên quan (NĐ 31/2019/NĐ-CP Điều 5)."))
    if petition.state not in OPEN_STATES:
        raise PetitionError(_("Đơn đã kết thúc, không khai xung đột lợi ích được nữa."))
    if petition.handler_id != person.pk:
        _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    with transaction.atomic():
        old_body = petition.handling_body_id
        petition.conflict_declared_by = person
        petition.conflict_declaration = declaration[:255]
        changed = {"conflict_declared_by", "conflict_declaration", *_apply_route(petition)}
        if petition.handler_id == person.pk:
            petition.handler = None
            changed.add("handler")
        changed |= set(deadlines.apply_deadline(petition))
        petition.save(update_fields=sorted(changed))
        audit.record(
            "petitions.petition.conflict_declared",
            obj=petition,
            actor=actor,
            changes={"handling_body": [old_body, petition.handling_body_id]}
            if old_body != petition.handling_body_id
            else {},
            message=_stored(lambda: _("Khai xung đột lợi ích (NĐ 31/2019/NĐ-CP Điều 5)")),
        )
        _step(petition, "conflict_declared", actor=actor, note=_stored(lambda: _("Khai xung đột lợi ích")))
        if old_body != petition.handling_body_id:
            _step(
                petition,
                "routed",
                actor=actor,
                note=petition.conflict_note,
                public_text=_stored(lambda: _("Đơn được chuyển cơ quan quản lý cấp trên xem xét theo thẩm quyền")),
            )
    return petition


# ====================================================================== reception register


def register_reception(
    organisation: Any,
    *,
    actor: Any,
    content: str,
    received_at: dt.datetime | None = None,
    citizen_name: str = "",
    citizen_address: str = "",
    citizen_phone: str = "",
    citizen_id_number: str = "",
    people_count: int = 1,
    prior_handling: str = "",
    requests: str = "",
    outcome: str = ReceptionOutcome.PETITION,
    result_summary: str = "",
    officer: Any = None,
    by_head: bool = False,
    is_denunciation: bool = False,
    id_paper: str = "",
    kind: str = "",
    in_competence: bool = False,
    guided_to: str = "",
    accepted_by: str = "",
    note: str = "",
    refusal_ground: str = "",
    head_session: Any = None,
    accused_role: str = "",
) -> Reception:
    """Enter a citizen reception in the sổ tiếp công dân with the next serial number of the year.

    Columns of Mẫu 03/TCD (NĐ 154/2026/NĐ-CP Điều 27); identity per Điều 12(1). A refusal (outcome "refused")
    needs its ground (Điều 4(1)); for Luật TCD Điều 9(3) and Điều 4(1)(h) it owes a Mẫu 01/TCD notice within
    03 working days (Điều 4(3)), counted from the day of the reception.

    A denunciation about the head, a deputy or the school (ticked, or their name in the content) is marked for the
    managing body (`routed_to`): the school's register shows only that the serial number was used.
    """
    _require(actor, "petitions.register", organisation)
    if not (content or "").strip():
        raise PetitionError(_("Cần ghi nội dung vụ việc."))
    if accused_role and accused_role not in AccusedRole.values:
        raise PetitionError(_("Chọn người bị tố cáo trong danh sách."))
    if accused_role in SUPERIOR_ROLES:
        is_denunciation = True  # "Tố cáo ai: Hiệu trưởng" is a denunciation, ticked or not: its denouncer is protected
    if people_count < 1:
        raise PetitionError(_("Số người phải từ 1 trở lên."))
    if citizen_id_number.strip() and not id_paper:
        raise PetitionError(
            _(
                "Cần chọn loại giấy tờ tùy thân: số căn cước, giấy chứng nhận căn cước, số định danh "
                "cá nhân hoặc hộ chiếu (NĐ 154/2026/NĐ-CP Điều 12(1))."
            )
        )
    if outcome == ReceptionOutcome.REFUSED and not refusal_ground:
        raise PetitionError(_("Cần chọn căn cứ từ chối tiếp công dân (Luật TCD Điều 9; NĐ 154/2026/NĐ-CP Điều 4(1))."))
    if refusal_ground and outcome != ReceptionOutcome.REFUSED:
        raise PetitionError(_("Chỉ ghi căn cứ từ chối khi kết quả là từ chối tiếp."))
    received_at = received_at or timezone.now()
    year = timezone.localtime(received_at).year
    if head_session is not None:
        if head_session.organisation_id != organisation.pk or head_session.cancelled:
            raise PetitionError(_("Buổi tiếp của người đứng đầu không thuộc đơn vị này hoặc đã hủy."))
        if head_session.date != timezone.localtime(received_at).date():
            raise PetitionError(_("Lượt tiếp không cùng ngày với buổi tiếp của người đứng đầu đã chọn."))
        by_head = True
        officer = head_session.head
    if officer is None:
        officer = _person(actor)
    if by_head and not _is_head(officer, organisation):
        raise PetitionError(
            _(
                "Chỉ ghi “người đứng đầu trực tiếp tiếp” khi cán bộ tiếp là người đứng đầu đơn vị; "
                "không giao cấp phó tiếp thay (NĐ 154/2026/NĐ-CP Điều 10(2))."
            )
        )
    is_denunciation = is_denunciation or kind == Kind.TO_CAO
    with transaction.atomic():
        serial = allocate_number(organisation, year, "reception")
        reception = Reception.objects.create(
            organisation=organisation,
            year=year,
            serial=serial,
            received_at=received_at,
            citizen_name=citizen_name.strip(),
            citizen_address=citizen_address.strip(),
            citizen_phone=citizen_phone.strip(),
            citizen_id_number=citizen_id_number.strip(),
            people_count=people_count,
            content=content.strip(),
            prior_handling=prior_handling.strip(),
            requests=requests.strip(),
            outcome=outcome,
            result_summary=result_summary.strip(),
            officer=officer,
            by_head=by_head,
            is_denunciation=is_denunciation,
            id_paper=id_paper,
            kind=kind,
            in_competence=in_competence,
            guided_to=guided_to.strip(),
            accepted_by=accepted_by.strip(),
            note=note.strip(),
            head_session=head_session,
            routed_to=_reception_route(
                organisation, content=content, is_denunciation=is_denunciation, accused_role=accused_role
            ),
        )
        audit.record("petitions.reception.registered", obj=reception, actor=actor)
        if refusal_ground:
            _set_refusal(
                reception, actor=actor, ground=refusal_ground, grounds_on=timezone.localtime(received_at).date()
            )
    return reception


def _reception_route(organisation: Any, *, content: str, is_denunciation: bool, accused_role: str) -> Any:
    """Return the managing body a reception belongs to when it denounces the head, a deputy or the school."""

    if not is_denunciation:  # a reception with a denunciation: recognise_accused looks for names (kind TO_CAO)
        return None
    role, _person_found = recognise_accused(organisation, content=content, accused_role=accused_role)
    return department_of(organisation) if goes_to_superior(role) else None


def update_reception_result(reception: Reception, *, actor: Any, outcome: str, result_summary: str) -> Reception:
    """Record the outcome and summary of a reception after handling (by the managing body once routed to it)."""
    _require(actor, "petitions.register", reception.routed_to or reception.organisation)
    if outcome == ReceptionOutcome.REFUSED and not reception.refusal_ground:
        raise PetitionError(_("Cần chọn căn cứ từ chối tiếp công dân (Luật TCD Điều 9; NĐ 154/2026/NĐ-CP Điều 4(1))."))
    with transaction.atomic():
        reception.outcome = outcome
        reception.result_summary = result_summary.strip()
        reception.save(update_fields=["outcome", "result_summary", "updated_at"])
        audit.record("petitions.reception.result", obj=reception, actor=actor)
    return reception


# ---- NĐ 154/2026/NĐ-CP: refusal (Điều 4), Mẫu 01/TCD and 02/TCD, the head's reception days (Điều 10, 11)


def _is_head(person: Any, organisation: Any) -> bool:
    """Whether the person is the head of the organisation (Hiệu trưởng; Giám đốc Sở), not a deputy."""

    return person is not None and bool(
        positions_of(person, organisation) & {Position.HIEU_TRUONG, Position.LANH_DAO_SO}
    )


def refusal_notice_due(organisation: Any, grounds_on: dt.date) -> dt.date | None:
    """Return the last day to issue Mẫu 01/TCD: 03 working days from `grounds_on` (NĐ 154/2026 Điều 4(3)).

    None before 01/7/2026, when NĐ 154 was not in force (NĐ 64/2014 set no such period).
    """

    try:
        return compute_deadline(DeadlineKind.TIEP_CONG_DAN, Step.TU_CHOI, grounds_on, organisation=organisation).due
    except WorkdaysError:
        return None


def _set_refusal(reception: Reception, *, actor: Any, ground: str, grounds_on: dt.date) -> None:
    if ground not in RefusalGround.values:
        raise PetitionError(_("Căn cứ từ chối không hợp lệ."))
    if ground.startswith("nd154") and grounds_on < ND_154:
        raise PetitionError(_("Căn cứ từ chối theo NĐ 154/2026/NĐ-CP Điều 4(1) chỉ áp dụng từ ngày 01/7/2026."))
    reception.refusal_ground = ground
    reception.refusal_grounds_on = grounds_on
    reception.refusal_notice_due_on = (
        refusal_notice_due(reception.organisation, grounds_on) if ground in NOTICE_GROUNDS else None
    )
    reception.save(update_fields=["refusal_ground", "refusal_grounds_on", "refusal_notice_due_on", "updated_at"])
    audit.record(
        "petitions.reception.refused",
        obj=reception,
        actor=actor,
        message=f"Từ chối tiếp: {ground}; hạn thông báo: {reception.refusal_notice_due_on or '—'}",
    )


def refuse_reception(reception: Reception, *, actor: Any, ground: str, grounds_on: dt.date | None = None) -> Reception:
    """Record that a received citizen is refused (NĐ 154/2026 Điều 4(1)), from the day the grounds are established.

    For Luật TCD Điều 9(3) and Điều 4(1)(h) the head owes a Mẫu 01/TCD notice within 03 working days (Điều 4(3));
    for the other grounds the officer explains the reason in person (Điều 4(2)) and no notice is due.
    """
    _require(actor, "petitions.register", reception.organisation)
    if reception.refusal_notice_on is not None:
        raise PetitionError(_("Đã ban hành thông báo từ chối tiếp công dân cho lượt tiếp này."))
    grounds_on = grounds_on or timezone.localdate()
    if grounds_on < timezone.localtime(reception.received_at).date():
        raise PetitionError(_("Ngày có đủ căn cứ từ chối không thể trước ngày tiếp."))
    with transaction.atomic():
        reception.outcome = ReceptionOutcome.REFUSED
        reception.save(update_fields=["outcome", "updated_at"])
        _set_refusal(reception, actor=actor, ground=ground, grounds_on=grounds_on)
    return reception


def _issuer(organisation: Any) -> Any:
    signer = default_signer(organisation)
    return Issuer(
        name=organisation.name,
        superior=organisation.superior_name or "",
        place=organisation.place or "",
        signer_position=signer.get("position", ""),
        signer_name=signer.get("name", ""),
    )


def _symbol(organisation: Any, abbr: str) -> str:
    return f"{abbr}-{issuer_code(organisation)}" if issuer_code(organisation) else abbr


def _matter(kind: str, is_denunciation: bool) -> str:
    if kind in COMPLAINT_KINDS:
        return "khiếu nại"
    if kind == Kind.TO_CAO or is_denunciation:
        return "tố cáo"
    if kind in FEEDBACK_KINDS:
        return "kiến nghị, phản ánh"
    return "khiếu nại/tố cáo/kiến nghị, phản ánh"


def _id_paper_label(code: str) -> str:
    with records_language():
        return str(IdentityPaper(code).label) if code in IdentityPaper.values else ""


def _store_reception_document(
    reception: Reception,
    kind: str,
    *,
    actor: Any,
    issued_on: dt.date,
    title: str,
    build: Callable[[int, str], bytes],
    items: str = "",
) -> Any:

    org = reception.organisation
    abbr = DOCUMENT_TYPE_ABBR[kind]
    symbol = _symbol(org, abbr)
    with transaction.atomic():
        number = allocate_number(org, issued_on.year, abbr)
        content = build(number, symbol)
        document = ReceptionDocument(
            organisation=org,
            reception=reception,
            kind=kind,
            year=issued_on.year,
            type_abbr=abbr,
            number=number,
            symbol=symbol,
            issued_on=issued_on,
            title=title[:255],
            items=items,
            contains_identity=True,
            signer_name=_issuer(org).signer_name,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        digest = hashlib.sha256(content).hexdigest()[:8]
        document.file.save(f"{abbr}-{number:02d}-{issued_on.year}-{digest}.docx", ContentFile(content), save=False)
        document.save()
    return document


def issue_refusal_notice(
    reception: Reception, *, actor: Any, issued_on: dt.date | None = None, copies_to: list[str] | None = None
) -> Any:
    """Number and build the Thông báo từ chối tiếp công dân (Mẫu 01/TCD; NĐ 154/2026 Điều 4(3)).

    Issued by the head (`petitions.handle`), only for Luật TCD Điều 9(3) and Điều 4(1)(h), once per reception.
    """

    _require(actor, "petitions.handle", reception.organisation)
    if reception.refusal_ground not in NOTICE_GROUNDS:
        raise PetitionError(
            _(
                "Chỉ ban hành Thông báo từ chối tiếp (Mẫu 01/TCD) cho trường hợp khoản 3 Điều 9 Luật "
                "Tiếp công dân hoặc điểm h khoản 1 Điều 4 NĐ 154/2026/NĐ-CP; các trường hợp khác "
                "người tiếp công dân giải thích trực tiếp lý do (Điều 4(2))."
            )
        )
    if reception.refusal_notice_on is not None:
        raise PetitionError(_("Đã ban hành thông báo từ chối tiếp công dân cho lượt tiếp này."))
    issued_on = issued_on or timezone.localdate()
    if reception.refusal_grounds_on and issued_on < reception.refusal_grounds_on:
        raise PetitionError(_("Ngày ban hành không thể trước ngày có đủ căn cứ từ chối."))
    org = reception.organisation
    issuer = _issuer(org)

    def build(number: int, symbol: str) -> bytes:
        return build_refusal_notice(
            issuer,
            RefusalNotice(
                number=number,
                symbol=symbol,
                issued_on=issued_on,
                citizen_name=reception.citizen_name,
                citizen_address=reception.citizen_address,
                id_number=reception.citizen_id_number,
                id_paper=_id_paper_label(reception.id_paper),
                visited_on=timezone.localtime(reception.received_at).date(),
                matter=_matter(reception.kind, reception.is_denunciation),
                summary=reception.content,
                basis=refusal_basis(REFUSAL_CLAUSE[reception.refusal_ground]),
                copies_to=copies_to or [],
            ),
        )

    with transaction.atomic():
        document = _store_reception_document(
            reception,
            DocumentKind.REFUSAL_NOTICE,
            actor=actor,
            issued_on=issued_on,
            title=f"Thông báo về việc từ chối tiếp công dân (lượt tiếp {reception.serial:02d}/{reception.year})",
            build=build,
        )
        reception.refusal_notice_on = issued_on
        reception.save(update_fields=["refusal_notice_on", "updated_at"])
        audit.record(
            "petitions.reception.refusal_notice",
            obj=reception,
            actor=actor,
            message=f"Thông báo từ chối tiếp công dân số {document.number_text}",
        )
    return document


def _clean_items(items: list[str]) -> list[str]:
    cleaned = [i.strip() for i in items if i and i.strip()]
    if not cleaned:
        raise PetitionError(_("Cần ghi ít nhất một thông tin, tài liệu đã nhận (tên, số trang, tình trạng)."))
    return cleaned


def _officer_line(actor: Any, organisation: Any) -> tuple[str, str]:
    person = _person(actor)
    if person is None:
        return "", ""
    m = (
        Membership.objects.active().filter(person=person, organisation__tenant=organisation).order_by("id").first()
        or Membership.objects.active().filter(person=person, organisation=organisation).order_by("id").first()
    )
    with records_language():
        position = (m.title or str(m.get_position_display())) if m else ""
    return person.full_name, position


def issue_reception_receipt(
    reception: Reception, *, actor: Any, items: list[str], copies: int = 2, issued_on: dt.date | None = None
) -> Any:
    """Number and build the Giấy biên nhận thông tin, tài liệu (Mẫu 02/TCD; NĐ 154/2026 Điều 15(4)) of a reception."""

    _require(actor, "petitions.register", reception.organisation)
    if reception.outcome == ReceptionOutcome.REFUSED:
        raise PetitionError(_("Lượt tiếp đã bị từ chối: không nhận thông tin, tài liệu."))
    cleaned = _clean_items(items)
    if not 2 <= copies <= 10:
        raise PetitionError(_("Số bản của giấy biên nhận phải từ 02 đến 10."))
    issued_on = issued_on or timezone.localdate()
    org = reception.organisation
    officer_name, officer_position = _officer_line(actor, org)
    issuer = _issuer(org)

    def build(number: int, symbol: str) -> bytes:
        return build_document_receipt(
            issuer,
            DocumentReceipt(
                number=number,
                symbol=symbol,
                issued_on=issued_on,
                received_at=timezone.localtime(reception.received_at),
                place=org.name,
                officer_name=officer_name,
                officer_position=officer_position,
                citizen_name=reception.citizen_name,
                id_number=reception.citizen_id_number,
                id_paper=_id_paper_label(reception.id_paper),
                items=cleaned,
                copies=copies,
            ),
        )

    with transaction.atomic():
        document = _store_reception_document(
            reception,
            DocumentKind.RECEIPT_TCD,
            actor=actor,
            issued_on=issued_on,
            title=f"Giấy biên nhận thông tin, tài liệu (lượt tiếp {reception.serial:02d}/{reception.year})",
            build=build,
            items="\n".join(cleaned),
        )
        audit.record(
            "petitions.reception.receipt",
            obj=reception,
            actor=actor,
            message=f"Giấy biên nhận thông tin, tài liệu số {document.number_text}",
        )
    return document


def issue_petition_receipt(
    petition: Petition, *, actor: Any, items: list[str], copies: int = 2, issued_on: dt.date | None = None
) -> Any:
    """Number and build Mẫu 02/TCD for documents handed over in person with a petition (NĐ 154/2026 Điều 15(4))."""

    _require(actor, "petitions.register", petition.organisation)
    if petition.channel != Channel.WALK_IN:
        raise PetitionError(_("Giấy biên nhận thông tin, tài liệu (Mẫu 02/TCD) chỉ lập khi công dân trực tiếp nộp."))
    cleaned = _clean_items(items)
    if not 2 <= copies <= 10:
        raise PetitionError(_("Số bản của giấy biên nhận phải từ 02 đến 10."))
    issued_on = issued_on or timezone.localdate()
    org = petition.organisation
    identity = getattr(petition, "identity", None)
    reception = petition.reception
    officer_name, officer_position = _officer_line(actor, org)
    abbr = DOCUMENT_TYPE_ABBR[DocumentKind.RECEIPT_TCD]
    symbol = _symbol(org, abbr)
    title = f"Giấy biên nhận thông tin, tài liệu đơn {petition.tracking_code}"
    with transaction.atomic():
        number = allocate_number(org, issued_on.year, abbr)
        content = build_document_receipt(
            _issuer(org),
            DocumentReceipt(
                number=number,
                symbol=symbol,
                issued_on=issued_on,
                received_at=timezone.localtime(petition.received_at),
                place=org.name,
                officer_name=officer_name,
                officer_position=officer_position,
                citizen_name=(identity.full_name if identity else "") or "",
                id_number=(identity.id_number if identity else "") or "",
                id_paper=_id_paper_label(reception.id_paper) if reception else "",
                items=cleaned,
                copies=copies,
            ),
        )
        document = PetitionDocument(
            organisation=org,
            petition=petition,
            kind=DocumentKind.RECEIPT_TCD,
            year=issued_on.year,
            type_abbr=abbr,
            number=number,
            symbol=symbol,
            issued_on=issued_on,
            title=title[:255],
            audience=Audience.CITIZEN,
            contains_identity=not petition.anonymous,
            signer_name=officer_name,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        digest = hashlib.sha256(content).hexdigest()[:8]
        document.file.save(f"{abbr}-{number:02d}-{issued_on.year}-{digest}.docx", ContentFile(content), save=False)
        document.save()
        audit.record(
            "petitions.petition.receipt",
            obj=petition,
            actor=actor,
            message=f"Giấy biên nhận thông tin, tài liệu số {document.number_text}",
        )
    return document


def plan_head_reception(
    organisation: Any,
    *,
    actor: Any,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    place: str,
    head: Any,
    participants: str = "",
    content: str = "",
    session_kind: str = "",
) -> Any:
    """Plan a day on which the head receives citizens in person (NĐ 154/2026 Điều 10(2), (3)); it is published.

    The head receives in person: a deputy may not be entered in the head's stead (Điều 10(2)).
    """

    _require(actor, "petitions.register", organisation)
    if date < timezone.localdate():
        raise PetitionError(_("Không lập lịch tiếp công dân cho ngày đã qua."))
    if end_time <= start_time:
        raise PetitionError(_("Giờ kết thúc phải sau giờ bắt đầu."))
    if not (place or "").strip():
        raise PetitionError(_("Cần ghi địa điểm tiếp công dân (NĐ 154/2026/NĐ-CP Điều 11(2))."))
    if not _is_head(head, organisation):
        raise PetitionError(
            _("Người tiếp phải là người đứng đầu đơn vị; không giao cấp phó tiếp thay (NĐ 154/2026/NĐ-CP Điều 10(2)).")
        )
    with transaction.atomic():
        day = HeadReceptionDay.objects.create(
            organisation=organisation,
            date=date,
            start_time=start_time,
            end_time=end_time,
            place=place.strip(),
            head=head,
            participants=participants.strip(),
            content=content.strip(),
            session_kind=session_kind or HeadSessionKind.MONTHLY,
        )
        audit.record("petitions.head_day.planned", obj=day, actor=actor)
    return day


def set_reception_place(organisation: Any, *, actor: Any, place: str, regular_hours: str = "") -> Any:
    """Set the school's reception place and regular hours, published on its public page (NĐ 154/2026 Điều 11(2)(a))."""

    _require(actor, "petitions.register", organisation)
    if not (place or "").strip():
        raise PetitionError(_("Cần ghi địa điểm tiếp công dân (NĐ 154/2026/NĐ-CP Điều 11(2))."))
    with transaction.atomic():
        row, _created = ReceptionPlace.objects.update_or_create(
            organisation=organisation, defaults={"place": place.strip(), "regular_hours": regular_hours.strip()}
        )
        audit.record("petitions.reception_place.set", obj=row, actor=actor)
    return row


def cancel_head_reception(day: Any, *, actor: Any) -> Any:
    """Cancel a planned head reception day (it leaves the public schedule)."""
    _require(actor, "petitions.register", day.organisation)
    if day.cancelled:
        raise PetitionError(_("Buổi tiếp này đã hủy."))
    with transaction.atomic():
        day.cancelled = True
        day.save(update_fields=["cancelled", "updated_at"])
        audit.record("petitions.head_day.cancelled", obj=day, actor=actor)
    return day


def school_year_months(today: dt.date) -> list[dt.date]:
    """Return the first day of each month of the school year containing `today` (September to August)."""
    start_year = today.year if today.month >= 9 else today.year - 1
    return [dt.date(start_year + (m < 9), m, 1) for m in (*range(9, 13), *range(1, 9))]


def months_without_head_day(organisation: Any, *, today: dt.date | None = None) -> list[dt.date]:
    """Return the months, from this one to the end of the school year, with no head reception day planned.

    The head receives citizens at least one day every month (NĐ 154/2026/NĐ-CP Điều 10(2)).
    """
    return months_without_head_days([organisation], today=today)[organisation.pk]


def months_without_head_days(organisations: list[Any], *, today: dt.date | None = None) -> dict[int, list[dt.date]]:
    """Return, for each organisation's id, the months of `months_without_head_day` (one query for all of them)."""
    today = today or timezone.localdate()
    months = [m for m in school_year_months(today) if (m.year, m.month) >= (today.year, today.month)]
    planned: dict[int, set[tuple[int, int]]] = {o.pk: set() for o in organisations}
    for org_id, day in HeadReceptionDay.objects.filter(
        organisation__in=organisations, cancelled=False, date__gte=months[0]
    ).values_list("organisation_id", "date"):
        planned[org_id].add((day.year, day.month))
    return {pk: [m for m in months if (m.year, m.month) not in done] for pk, done in planned.items()}


# ====================================================================== registration


@dataclass(frozen=True)
class Registered:
    """A newly registered petition and its secret link token (shown once to the citizen, only its hash is kept)."""

    petition: Petition
    secret: str


def _new_secret() -> tuple[str, str]:
    return new_secret()


@dataclass
class PreparedPetition:
    """A petition built and checked in Python, ready to be written (`save_prepared`).

    Everything that needs no write lock is done here, before the write transaction opens: validation, the route,
    the deadline, the tracking code (checked free), the search index and the duplicate fingerprints. On SQLite the
    transaction takes the database's write lock at BEGIN (IMMEDIATE): Python work inside it would hold every other
    writer back.
    """

    petition: Petition
    identity: PetitionIdentity | None
    token: str
    actor: Any
    channel: str
    kind: str
    reception: Reception | None

    def draw_code(self) -> None:
        """Give the petition a tracking code not yet in use (drawn again on a clash), with its search index.

        The look-up replaces the savepoint an INSERT would need to survive a clash inside the caller's transaction;
        two intakes drawing the same 45-bit code between the look-up and the commit (about one chance in 10¹³ per
        pair) fail with IntegrityError, which the public form retries (`public_views.submit`).
        """
        for _draw in range(TRACKING_CODE_DRAWS):
            code = tracking.new_code()
            if not Petition._base_manager.filter(tracking_code=code).exists():
                break
        else:
            raise IntegrityError(f"tracking_code: no free code in {TRACKING_CODE_DRAWS} draws")
        self.petition.tracking_code = code
        self.petition.search_text = build_search_index(self.petition, identity=self.identity)


def prepare_petition(
    organisation: Any,
    *,
    actor: Any,
    subject: str,
    content: str,
    channel: str = Channel.WEB,
    kind: str = Kind.CHUA_RO,
    received_at: dt.datetime | None = None,
    identity: dict[str, str] | None = None,
    identity_visibility: str = IdentityVisibility.HANDLER_ONLY,
    has_handwriting_scan: bool = False,
    reception: Reception | None = None,
    accused_person: Any = None,
    accused_text: str = "",
    masked_names: str = "",
    signers_count: int = 1,
    handler: Any = None,
    accused_role: str = "",
) -> PreparedPetition:
    """Check and build a petition without writing anything (the first half of `register_petition`)."""
    if not organisation.is_tenant:
        raise PetitionError(_("Đơn phải gửi đến một trường hoặc Sở."))
    if actor is not None:
        _require(actor, "petitions.register", organisation)
    elif channel != Channel.WEB:
        raise PetitionError(_("Chỉ đơn gửi qua biểu mẫu trực tuyến mới được nhận khi không đăng nhập."))
    subject = (subject or "").strip()
    content = (content or "").strip()
    if not content:
        raise PetitionError(_("Cần ghi nội dung đơn."))
    if accused_role and accused_role not in AccusedRole.values:
        raise PetitionError(_("Chọn người bị tố cáo trong danh sách."))
    accused_role, accused_person = recognise_accused(
        organisation,
        content=content,
        accused_text=accused_text,
        accused_role=accused_role,
        accused_person=accused_person,
        kind=kind,
    )
    identity = {k: (v or "").strip() for k, v in (identity or {}).items()}
    if not subject:
        # A subject taken from the letter's first words is shown in queues and lists: never with the sender's identity.

        subject = redact_text(content[:120], [v for v in identity.values() if v])
    anonymous = identity_visibility == IdentityVisibility.ANONYMOUS or not identity.get("full_name")
    if identity_visibility == IdentityVisibility.ANONYMOUS:
        identity["full_name"] = ""
        identity["address"] = ""
        identity["id_number"] = ""
    received_at = received_at or timezone.now()
    token, token_hash = _new_secret()
    petition = Petition(
        organisation=organisation,
        handling_body=organisation,
        channel=channel,
        kind=kind,
        subject=subject[:255],
        content=content,
        received_at=received_at,
        reception=reception,
        accused_person=accused_person,
        accused_text=accused_text[:255],
        anonymous=anonymous,
        identity_visibility=identity_visibility,
        signers_count=max(1, signers_count),
        masked_names=masked_names,
        handler=handler,
        secret_hash=token_hash,
        accused_role=accused_role,
    )
    _apply_route(petition)
    deadlines.apply_deadline(petition)
    stored_identity = None
    if any(identity.values()) or has_handwriting_scan:
        stored_identity = PetitionIdentity(
            organisation=organisation,
            has_handwriting_scan=has_handwriting_scan,
            **{
                k: identity.get(k, "")
                for k in (
                    "full_name",
                    "address",
                    "phone",
                    "email",
                    "id_number",
                    "co_signers",
                    "updates_by",
                    "zalo_user_id",
                )
            },
        )
    prepared = PreparedPetition(
        petition=petition,
        identity=stored_identity,
        token=token,
        actor=actor,
        channel=channel,
        kind=kind,
        reception=reception,
    )
    prepared.draw_code()
    duplicates.prepare_bands(petition)
    return prepared


def save_prepared(prepared: PreparedPetition, *, with_rows: tuple[Any, ...] = ()) -> Registered:
    """Write a prepared petition, its identity, its trail entry and its first timeline line (one transaction).

    `with_rows` are unsaved rows that belong to the new petition (the privacy notice shown with the public form):
    saved with it, their values in its one trail entry.
    """
    petition, stored_identity, actor, reception = (
        prepared.petition,
        prepared.identity,
        prepared.actor,
        prepared.reception,
    )
    channel, kind = prepared.channel, prepared.kind
    # Inside a caller's transaction no savepoint is needed: any error here rolls the caller back as well.
    with transaction.atomic(savepoint=False):
        if reception is not None and petition.routed_away and reception.routed_to_id != petition.handling_body_id:
            # The walk-in that brought it leaves the school's reception register view with it.
            reception.routed_to = petition.handling_body
            reception.save(update_fields=["routed_to", "updated_at"])
        # One trail entry, with the new values and the reason, instead of "created" and then "registered".
        audit.name_creation(
            petition,
            "petitions.petition.registered",
            actor=actor,
            message=_stored(lambda: f"{Channel(channel).label}; {Kind(kind).label}"),
            with_rows=((stored_identity,) if stored_identity is not None else ()) + with_rows,
        )
        petition.save(refresh_search=False)  # the code and the search index were drawn and built beforehand
        if stored_identity is not None:
            stored_identity.petition = petition
            stored_identity.save(refresh_search=False)  # the search text above was built without it already
        for row in with_rows:
            row.petition = petition
            row.save()
        _step(
            petition,
            "registered",
            actor=actor,
            public_text=_stored(
                lambda: _("Đơn đã được tiếp nhận, mã theo dõi %(code)s") % {"code": petition.tracking_code}
            ),
        )
        if petition.conflict_note:
            _step(
                petition,
                "routed",
                actor=actor,
                note=petition.conflict_note,
                public_text=_stored(lambda: _("Đơn được chuyển cơ quan quản lý cấp trên xem xét theo thẩm quyền")),
            )
        if petition.handler_id:
            notify_handler(
                petition,
                subject=f"Đơn mới {petition.tracking_code}",
                body=f"Bạn được giao xử lý đơn: {shown_subject(petition)}. Hạn: {_due_text(petition)}.",
            )
    return Registered(petition, prepared.token)


def register_petition(organisation: Any, *, actor: Any, subject: str, content: str, **options: Any) -> Registered:
    """Register a petition (web form: actor None; staff: `petitions.register`) and start its first deadline.

    `options` are those of `prepare_petition`. `identity` holds full_name, address, phone, email, id_number,
    co_signers (all optional). Choosing "ẩn danh" keeps only contact data the citizen gave for tracking.
    `accused_role` is whom it is about, in the citizen's words; the head's and deputies' names in the content or
    the accused field count too. A denunciation about the head, a deputy or the school goes to the managing body
    at once and the school never sees it (Luật Tố cáo 2018 Điều 12, 13(3), 47).
    """
    return save_prepared(prepare_petition(organisation, actor=actor, subject=subject, content=content, **options))


def petition_from_reception(
    reception: Reception, *, actor: Any, subject: str, content: str = "", kind: str = Kind.CHUA_RO, **kwargs: Any
) -> Registered:
    """Register a petition arising from a reception (walk-in), carrying the citizen's identity over."""
    identity = {
        "full_name": reception.citizen_name,
        "address": reception.citizen_address,
        "phone": reception.citizen_phone,
        "id_number": reception.citizen_id_number,
    }
    identity.update(kwargs.pop("identity", {}) or {})
    return register_petition(
        reception.organisation,
        actor=actor,
        subject=subject,
        content=content or reception.content,
        channel=Channel.WALK_IN,
        kind=kind,
        received_at=kwargs.pop("received_at", reception.received_at),
        identity=identity,
        reception=reception,
        signers_count=kwargs.pop("signers_count", reception.people_count),
        **kwargs,
    )


def _due_text(petition: Petition) -> str:
    if petition.due_on is None:
        return "—"
    return f"{petition.due_on:%d/%m/%Y} ({petition.deadline_rule}; {petition.deadline_citation})"


# ====================================================================== assignment and classification


def _check_handler(petition: Petition, handler: Any) -> None:
    """Refuse a handler who is the person concerned, or who does not work for the handling body."""
    if handler is None:
        raise PetitionError(_("Chọn cán bộ xử lý."))
    if petition.accused_person_id is not None and handler.pk == petition.accused_person_id:
        raise PetitionError(_("Không được giao đơn cho chính người bị khiếu nại, tố cáo (xung đột lợi ích)."))
    if petition.conflict_declared_by_id is not None and handler.pk == petition.conflict_declared_by_id:
        raise PetitionError(_("Người đã khai xung đột lợi ích không được giao xử lý đơn (NĐ 31/2019/NĐ-CP Điều 5)."))
    body = petition.handling_body
    if handler.organisation_id != (body.tenant_id or body.pk):
        raise PetitionError(_("Cán bộ xử lý phải thuộc cơ quan giải quyết đơn (%(body)s).") % {"body": body.name})


def assign(petition: Petition, handler: Any, *, actor: Any, note: str = "") -> Petition:
    """Assign the handler; never the person the petition is about, and only staff of the handling body."""
    _require(actor, "petitions.handle", petition.handling_body, petition=petition)
    target_state(petition, Action.ASSIGN)
    _check_handler(petition, handler)
    with transaction.atomic():
        _commit(
            petition,
            Action.ASSIGN,
            "assigned",
            actor=actor,
            fields={"handler": handler},
            note=note or f"Giao {handler.full_name} xử lý",
        )
        notify_handler(
            petition,
            subject=f"Giao xử lý đơn {petition.tracking_code}",
            body=f"Bạn được giao xử lý đơn: {shown_subject(petition)}. Hạn: {_due_text(petition)}.",
        )
    return petition


def classify(
    petition: Petition,
    *,
    actor: Any,
    kind: str,
    is_complex: bool | None = None,
    is_very_complex: bool | None = None,
    is_remote: bool | None = None,
    accused_person: Any = ...,
    accused_text: str | None = None,
    subject: str | None = None,
    masked_names: str | None = None,
    note: str = "",
    accused_role: str | None = None,
    discipline_dismissal: bool | None = None,
) -> Petition:
    """Classify the petition by its content (TT 05/2021/TT-TTCP Điều 6) and re-route it if the head is concerned.

    Whom it is about is decided again (`accused_role`, names of the head and deputies in the text): a
    denunciation reclassified as about the head leaves the school at once; one no longer about them comes back.
    """
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.CLASSIFY)
    if kind not in Kind.values or kind == Kind.CHUA_RO:
        raise PetitionError(_("Chọn loại đơn: khiếu nại, tố cáo, kiến nghị, phản ánh hoặc đơn nhiều nội dung."))
    fields: dict[str, Any] = {"kind": kind, "classified_at": timezone.now()}
    for name, value in (
        ("is_complex", is_complex),
        ("is_very_complex", is_very_complex),
        ("is_remote", is_remote),
        ("accused_text", accused_text),
        ("subject", subject),
        ("masked_names", masked_names),
        ("discipline_dismissal", discipline_dismissal if kind in DISCIPLINE_KINDS else None),
    ):
        if value is not None:
            fields[name] = value
    if accused_role is not None and accused_role and accused_role not in AccusedRole.values:
        raise PetitionError(_("Chọn người bị tố cáo trong danh sách."))
    if accused_person is not ...:
        fields["accused_person"] = accused_person
    if accused_role is not None and petition.routed_away:
        # The managing body, holding it, decides whom it is about: a name in the letter (a salutation "Kính gửi
        # thầy Hiệu trưởng …") no longer overrides its choice, so it can send a mis-routed petition back.
        role = accused_role
        if accused_person is ... and role not in SUPERIOR_ROLES:
            fields["accused_person"] = None
        person = None
    else:
        role, person = recognise_accused(
            petition.organisation,
            content=petition.content,
            kind=kind,
            accused_text=accused_text if accused_text is not None else petition.accused_text,
            accused_role=accused_role
            if accused_role is not None
            else (petition.accused_role if accused_person is ... else ""),
            accused_person=fields.get("accused_person", petition.accused_person),
        )
    fields["accused_role"] = role
    if person is not None and fields.get("accused_person", petition.accused_person) is None:
        fields["accused_person"] = person
    if kind in COMPLAINT_KINDS and is_complex and not (petition.complex_criteria and petition.complex_determination):
        raise PetitionError(
            _(
                "Vụ việc khiếu nại chỉ là phức tạp khi có văn bản xác định theo tiêu chí của NĐ 124/2020 "
                "Điều 3a (sửa đổi bởi NĐ 155/2026): dùng “Xác định vụ việc phức tạp”."
            )
        )
    with transaction.atomic():
        for name, value in fields.items():
            setattr(petition, name, value)
        for name in _apply_route(petition):
            fields[name] = getattr(petition, name)
        _commit(
            petition,
            Action.CLASSIFY,
            "classified",
            actor=actor,
            fields=fields,
            note=note or f"Phân loại: {Kind(kind).label}",
            public_text=_stored(lambda: _("Đơn đã được phân loại: %(kind)s") % {"kind": Kind(kind).label}),
        )
        if "handling_body" in fields and petition.handling_body_id != petition.organisation_id:
            _step(
                petition,
                "routed",
                actor=actor,
                note=petition.conflict_note,
                public_text=_stored(lambda: _("Đơn được chuyển cơ quan quản lý cấp trên xem xét theo thẩm quyền")),
            )
        elif "handling_body" in fields:
            _step(
                petition,
                "routed",
                actor=actor,
                note=_stored(lambda: _("Đơn trở lại đơn vị giải quyết theo thẩm quyền")),
                public_text=_stored(
                    lambda: _("Đơn do %(org)s giải quyết theo thẩm quyền") % {"org": petition.organisation.name}
                ),
            )
    return petition


# ====================================================================== decisions on processing


def accept(
    petition: Petition, *, actor: Any, accepted_on: dt.date | None = None, handler: Any = None, note: str = ""
) -> Petition:
    """Accept the petition for handling (thụ lý) and notify the petitioner — and, for a denunciation, the accused.

    Luật KN Điều 27, 36 (notice of acceptance); Luật TC Điều 29(2)–(3) (decision, notice to the denouncer and
    to the accused within 05 working days); kiến nghị, phản ánh are simply taken into handling.
    """
    _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    target_state(petition, Action.ACCEPT)
    if petition.kind not in ACCEPTABLE_KINDS:
        raise PetitionError(
            _(
                "Đơn có nhiều nội dung hoặc chưa phân loại: hướng dẫn công dân tách đơn theo từng "
                "nội dung trước khi thụ lý (Luật Tiếp công dân Điều 25(3))."
            )
        )
    if petition.kind == Kind.TO_CAO and petition.anonymous:
        raise PetitionError(
            _(
                "Thông tin tố cáo không rõ họ tên, địa chỉ không được xử lý như tố cáo (Luật Tố cáo "
                "Điều 25): lưu đơn, hoặc kiểm tra nếu có chứng cứ cụ thể."
            )
        )
    if petition.re_denunciation_of_id:
        raise PetitionError(
            _(
                "Tố cáo tiếp chỉ được giải quyết lại khi có một trong các căn cứ của Luật Tố cáo Điều "
                "37(3): dùng thao tác “Giải quyết lại vụ việc tố cáo” và ghi căn cứ."
            )
        )
    if petition.kind in COMPLAINT_KINDS:
        refused = withdrawn_content_conflict(petition)
        if refused is not None:
            raise PetitionError(refused)
    if handler is not None:
        _check_handler(petition, handler)
    accepted_on = accepted_on or _today()
    fields: dict[str, Any] = {"accepted_on": accepted_on}
    if handler is not None:
        fields["handler"] = handler
    with transaction.atomic():
        document = None
        if petition.kind == Kind.TO_CAO:
            document = _issue_denunciation_acceptance(petition, actor=actor, accepted_on=accepted_on)
        elif petition.kind not in FEEDBACK_KINDS:
            document = issue_document(
                petition,
                DocumentKind.ACCEPTANCE,
                actor=actor,
                audience=Audience.CITIZEN,
                issued_on=accepted_on,
                title=f"Thông báo thụ lý đơn {petition.tracking_code}",
                extra=[f"Đơn được thụ lý giải quyết từ ngày {accepted_on:%d/%m/%Y}."],
            )
            if petition.kind == Kind.TO_CAO and (petition.accused_person_id or petition.accused_text):
                # Luật TC Điều 29(3): inform the accused of the content — never of the denouncer.
                issue_document(
                    petition,
                    DocumentKind.ACCEPTANCE,
                    actor=actor,
                    audience=Audience.ACCUSED,
                    issued_on=accepted_on,
                    title=f"Thông báo về việc thụ lý tố cáo (gửi người bị tố cáo) {petition.tracking_code}",
                    extra=["Đề nghị người bị tố cáo giải trình, cung cấp thông tin, tài liệu liên quan."],
                )
        _commit(
            petition,
            Action.ACCEPT,
            "accepted",
            actor=actor,
            fields=fields,
            note=note,
            document=document,
            public_text=_stored(lambda: _("Đơn đã được thụ lý giải quyết")),
        )
        if handler is not None:
            notify_handler(
                petition,
                subject=f"Giao xử lý đơn {petition.tracking_code}",
                body=f"Bạn được giao xử lý đơn đã thụ lý: {shown_subject(petition)}. Hạn: {_due_text(petition)}.",
            )
    return petition


_COMPLAINT_REASONS = {r for r in NotAcceptedReason.values if r.startswith("kn-")}
_DENUNCIATION_REASONS = {r for r in NotAcceptedReason.values if r.startswith("tc-")}


def not_accept(petition: Petition, *, actor: Any, reason: str, note: str = "") -> Petition:
    """Refuse to accept, with the legal reason, and send the written notice (Luật KN Điều 27; Luật TC Điều 24(1))."""
    _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    target_state(petition, Action.NOT_ACCEPT)
    if reason not in NotAcceptedReason.values:
        raise PetitionError(_("Chọn lý do không thụ lý theo quy định."))
    if reason in _COMPLAINT_REASONS and petition.kind not in COMPLAINT_KINDS:
        raise PetitionError(_("Lý do theo Điều 11 Luật Khiếu nại chỉ áp dụng cho đơn khiếu nại."))
    if reason in _DENUNCIATION_REASONS and petition.kind != Kind.TO_CAO:
        raise PetitionError(_("Lý do theo Luật Tố cáo chỉ áp dụng cho đơn tố cáo."))
    label = NotAcceptedReason(reason).label
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.NON_ACCEPTANCE,
            actor=actor,
            audience=Audience.CITIZEN,
            title=f"Thông báo không thụ lý đơn {petition.tracking_code}",
            extra=[f"Lý do: {label}.", note],
        )
        reply = f"Đơn không được thụ lý. Lý do: {label}."
        _commit(
            petition,
            Action.NOT_ACCEPT,
            "not_accepted",
            actor=actor,
            document=document,
            note=note,
            fields={
                "not_accepted_reason": reason,
                "closure": Closure.NOT_ACCEPTED,
                "closed_at": timezone.now(),
                "decision_note": note,
                "public_reply": reply,
                "replied_at": timezone.now(),
            },
            public_text=_stored(lambda: _("Đơn không được thụ lý (có thông báo bằng văn bản nêu rõ lý do)")),
        )
    return petition


def _earlier_petitions(petition: Petition) -> list[Petition]:
    """Return petitions linked to this one as the same matter (duplicate_of chain and links)."""
    out = []
    if petition.duplicate_of_id and petition.duplicate_of is not None:
        out.append(petition.duplicate_of)
    out += list(Petition._base_manager.filter(links_in__from_petition=petition))
    out += list(Petition._base_manager.filter(links_out__to_petition=petition))
    return out


def transfer(petition: Petition, *, actor: Any, to_name: str, to_org: Any = None, note: str = "") -> Petition:
    """Transfer a petition outside our competence to the competent body with a phiếu chuyển đơn — once per content.

    TT 05/2021/TT-TTCP Điều 14 (chuyển đơn, only once for the same content); Luật TC Điều 24(2) (within 05
    working days, notify the denouncer). When the competent body uses danvan, the petition is copied there.
    """
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.TRANSFER)
    to_name = (to_name or (to_org.name if to_org is not None else "")).strip()
    if not to_name:
        raise PetitionError(_("Ghi rõ cơ quan có thẩm quyền nhận đơn chuyển."))
    if petition.channel == Channel.TRANSFERRED_IN or any(
        p.state == State.TRANSFERRED for p in _earlier_petitions(petition)
    ):
        raise PetitionError(
            _(
                "Đơn cùng nội dung đã được chuyển một lần; không chuyển tiếp (TT 05/2021/TT-TTCP "
                "Điều 14). Hướng dẫn hoặc trả lời công dân."
            )
        )
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.TRANSFER,
            actor=actor,
            audience=Audience.BODY,
            title=f"Phiếu chuyển đơn {petition.tracking_code}",
            recipients=[to_name, "Lưu: VT."],
            extra=[f"Chuyển đơn đến {to_name} để xem xét, giải quyết theo thẩm quyền.", note],
        )
        reply = f"Đơn đã được chuyển đến {to_name} để giải quyết theo thẩm quyền."
        denunciation_fields = _denunciation_transfer_fields(petition) if petition.kind == Kind.TO_CAO else {}
        if denunciation_fields.get("late_note"):
            note = f"{denunciation_fields['late_note']} {note}".strip()
        _commit(
            petition,
            Action.TRANSFER,
            "transferred",
            actor=actor,
            document=document,
            note=note,
            fields={
                "transferred_to": to_name[:255],
                "transferred_to_org": to_org,
                "closure": Closure.TRANSFERRED,
                "closed_at": timezone.now(),
                "public_reply": reply,
                "replied_at": timezone.now(),
                **{k: v for k, v in denunciation_fields.items() if k != "late_note"},
            },
            public_text=_stored(
                lambda: _("Đơn đã được chuyển đến %(to)s để giải quyết theo thẩm quyền") % {"to": to_name}
            ),
        )
        if petition.kind == Kind.TO_CAO:
            _notify_denouncer_of_transfer(petition, actor=actor, to_name=to_name)
        if to_org is not None and to_org.is_tenant:
            _copy_to(petition, to_org, actor=actor)
    return petition


def _register_follow_up(
    petition: Petition,
    new: Petition,
    organisation: Any,
    *,
    actor: Any,
    reason: str,
    message: str,
    public_text: Callable[[], str],
) -> None:
    """Save a petition that continues another at another body (a transfer, a tố cáo tiếp): its deadline, the
    petitioner's identity (still encrypted), the link back, the audit entry and the first public step."""
    deadlines.apply_deadline(new)
    new.save()
    _copy_identity(petition, new, organisation)
    PetitionLink.objects.create(
        from_petition=new,
        to_petition=petition,
        reason=reason,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit.record("petitions.petition.registered", obj=new, actor=actor, message=message)
    _step(new, "registered", actor=actor, public_text=_stored(public_text))


def _copy_identity(petition: Petition, copy: Petition, organisation: Any) -> None:
    """Give a copy of the petition sent to another body the petitioner's identity, still encrypted."""

    if not has_identity(petition):
        return
    src = petition.identity
    PetitionIdentity.objects.create(
        petition=copy,
        organisation=organisation,
        full_name=src.full_name,
        address=src.address,
        phone=src.phone,
        email=src.email,
        id_number=src.id_number,
        co_signers=src.co_signers,
        has_handwriting_scan=src.has_handwriting_scan,
    )


def _copy_to(petition: Petition, to_org: Any, *, actor: Any) -> Petition:
    """Create the transferred petition in the receiving body (identity copied, encrypted, linked)."""

    copy = Petition(
        organisation=to_org,
        handling_body=to_org,
        channel=Channel.TRANSFERRED_IN,
        kind=petition.kind,
        subject=petition.subject,
        content=petition.content,
        received_at=timezone.now(),
        accused_text=petition.accused_text,
        anonymous=petition.anonymous,
        identity_visibility=petition.identity_visibility,
        signers_count=petition.signers_count,
        masked_names=petition.masked_names,
        secret_hash=petition.secret_hash,
    )
    _register_follow_up(
        petition,
        copy,
        to_org,
        actor=actor,
        reason="Đơn chuyển đến",
        message=f"Nhận đơn chuyển từ {petition.organisation.name}",
        public_text=lambda: (
            _("Đơn được chuyển đến %(org)s, mã theo dõi %(code)s") % {"org": to_org.name, "code": copy.tracking_code}
        ),
    )
    return copy


def guide(petition: Petition, *, actor: Any, guided_to: str, note: str = "") -> Petition:
    """Guide the citizen to the competent body with a phiếu hướng dẫn — only once (TT 07/2014/TT-TTCP Điều 8)."""
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.GUIDE)
    guided_to = (guided_to or "").strip()
    if not guided_to:
        raise PetitionError(_("Ghi rõ cơ quan, người có thẩm quyền mà công dân cần gửi đơn."))
    if any(p.state == State.GUIDED for p in _earlier_petitions(petition)):
        raise PetitionError(
            _(
                "Công dân đã được hướng dẫn một lần về nội dung này; chỉ hướng dẫn một lần "
                "(TT 07/2014/TT-TTCP Điều 8): lưu đơn."
            )
        )
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.GUIDANCE,
            actor=actor,
            audience=Audience.CITIZEN,
            title=f"Phiếu hướng dẫn đơn {petition.tracking_code}",
            extra=[
                f"Nội dung đơn không thuộc thẩm quyền giải quyết của {petition.handling_body.name}."
                f" Đề nghị gửi đơn đến {guided_to}.",
                note,
            ],
        )
        reply = f"Nội dung đơn thuộc thẩm quyền của {guided_to}. Đề nghị ông/bà gửi đơn đến cơ quan này."
        _commit(
            petition,
            Action.GUIDE,
            "guided",
            actor=actor,
            document=document,
            note=note,
            fields={
                "guided_to": guided_to[:255],
                "closure": Closure.GUIDED,
                "closed_at": timezone.now(),
                "public_reply": reply,
                "replied_at": timezone.now(),
            },
            public_text=_stored(lambda: _("Công dân được hướng dẫn gửi đơn đến %(to)s") % {"to": guided_to}),
        )
    return petition


def file_petition(petition: Petition, *, actor: Any, reason: str, note: str = "") -> Petition:
    """File (lưu) a petition that is not processed: anonymous without evidence (Luật TC Điều 25), duplicate, copy."""
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.FILE)
    if reason not in FiledReason.values:
        raise PetitionError(_("Chọn lý do lưu đơn."))
    if reason == FiledReason.OTHER and not note.strip():
        raise PetitionError(_("Ghi rõ lý do lưu đơn."))
    with transaction.atomic():
        _commit(
            petition,
            Action.FILE,
            "filed",
            actor=actor,
            note=note,
            fields={
                "filed_reason": reason,
                "closure": Closure.FILED,
                "closed_at": timezone.now(),
                "decision_note": note,
            },
            public_text=_stored(
                lambda: _("Đơn được lưu theo quy định: %(reason)s") % {"reason": FiledReason(reason).label}
            ),
        )
    return petition


def link(petition: Petition, other: Petition, *, actor: Any, reason: str = "", score: float | None = None) -> None:
    """Mark two petitions as about the same matter (no state change)."""
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    if other.pk == petition.pk:
        raise PetitionError(_("Không thể liên kết đơn với chính nó."))
    with transaction.atomic():
        PetitionLink.objects.get_or_create(
            from_petition=petition,
            to_petition=other,
            defaults={
                "reason": reason[:255],
                "score": score,
                "created_by": actor if getattr(actor, "is_authenticated", False) else None,
            },
        )
        audit.record(
            "petitions.petition.linked",
            obj=petition,
            actor=actor,
            message=f"Liên kết với đơn {other.tracking_code}: {reason}",
        )


def merge(petition: Petition, into: Petition, *, actor: Any, reason: str = "") -> Petition:
    """File a duplicate petition into the one already being handled (the same matter is handled once)."""
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.MERGE)
    if into.pk == petition.pk or into.duplicate_of_id == petition.pk:
        raise PetitionError(_("Không thể gộp đơn vào chính nó."))
    if into.organisation_id != petition.organisation_id and into.handling_body_id != petition.handling_body_id:
        raise PetitionError(_("Chỉ gộp các đơn của cùng một đơn vị."))
    with transaction.atomic():
        PetitionLink.objects.get_or_create(
            from_petition=petition, to_petition=into, defaults={"reason": (reason or "Đơn trùng")[:255]}
        )
        _commit(
            petition,
            Action.MERGE,
            "merged",
            actor=actor,
            note=reason,
            fields={
                "duplicate_of": into,
                "merged": True,
                "closure": Closure.MERGED,
                "closed_at": timezone.now(),
                "filed_reason": FiledReason.DUPLICATE,
            },
            public_text=_stored(
                lambda: (
                    _("Đơn trùng nội dung với đơn %(code)s đang được giải quyết; được gộp để xử lý chung")
                    % {"code": into.tracking_code}
                )
            ),
        )
    return petition


def split_petition(petition: Petition, *, actor: Any, parts: list[dict[str, str]], note: str = "") -> list[Petition]:
    """Split a petition with several contents into one petition per content, each with its own kind and deadline.

    TT 05/2021/TT-TTCP Điều 6 classifies "đơn có nhiều nội dung khác nhau"; each content follows its own
    procedure (Luật TCD Điều 25(3)). The parts keep the receipt date, channel and identity (copied, encrypted);
    the original is filed as split and linked to every part.
    """

    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.SPLIT)
    if len(parts) < 2:
        raise PetitionError(_("Tách đơn thành ít nhất hai nội dung."))
    for part in parts:
        if part.get("kind") not in ACCEPTABLE_KINDS or not (part.get("content") or "").strip():
            raise PetitionError(
                _("Mỗi nội dung tách ra cần loại đơn (khiếu nại, tố cáo, kiến nghị, phản ánh) và nội dung.")
            )
    created: list[Petition] = []
    with transaction.atomic():
        for part in parts:
            child = Petition(
                organisation=petition.organisation,
                handling_body=petition.organisation,
                channel=petition.channel,
                reception=petition.reception,
                received_at=petition.received_at,
                kind=part["kind"],
                subject=(part.get("subject") or part["content"][:120])[:255],
                content=part["content"].strip(),
                accused_person=part.get("accused_person"),
                accused_text=(part.get("accused_text") or "")[:255],
                anonymous=petition.anonymous,
                identity_visibility=petition.identity_visibility,
                signers_count=petition.signers_count,
                masked_names=petition.masked_names,
                secret_hash=petition.secret_hash,
                classified_at=timezone.now(),
                state=State.CLASSIFIED,
            )
            _apply_route(child)
            deadlines.apply_deadline(child)
            child.save()
            if has_identity(petition):
                src = petition.identity
                PetitionIdentity.objects.create(
                    petition=child,
                    organisation=petition.organisation,
                    full_name=src.full_name,
                    address=src.address,
                    phone=src.phone,
                    email=src.email,
                    id_number=src.id_number,
                    co_signers=src.co_signers,
                    has_handwriting_scan=src.has_handwriting_scan,
                )
            PetitionLink.objects.create(
                from_petition=child, to_petition=petition, reason=f"Tách từ đơn {petition.tracking_code}"
            )
            audit.record(
                "petitions.petition.registered",
                obj=child,
                actor=actor,
                message=_stored(lambda c=child: f"Tách từ đơn {petition.tracking_code}: {Kind(c.kind).label}"),
            )
            _step(
                child,
                "registered",
                actor=actor,
                public_text=_stored(
                    lambda c=child: (
                        _("Nội dung %(kind)s của đơn %(code)s được xử lý riêng, mã theo dõi %(new)s")
                        % {"kind": Kind(c.kind).label.lower(), "code": petition.tracking_code, "new": c.tracking_code}
                    )
                ),
            )
            created.append(child)
        codes = ", ".join(c.tracking_code for c in created)
        _commit(
            petition,
            Action.SPLIT,
            "split",
            actor=actor,
            note=note or f"Tách thành {codes}",
            fields={"closure": Closure.SPLIT, "closed_at": timezone.now(), "decision_note": f"Tách thành {codes}"},
            public_text=_stored(
                lambda: _("Đơn có nhiều nội dung được tách để xử lý riêng: %(codes)s") % {"codes": codes}
            ),
        )
    return created


# ====================================================================== handling


def start_verification(
    petition: Petition, *, actor: Any, verifiers: list[Any] | None = None, notes: str = ""
) -> Verification:
    """Start verifying (xác minh); verifiers get only the redacted file (Luật TC Điều 56)."""
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.START_VERIFICATION)
    verifiers = list(verifiers or [])
    if petition.accused_person_id and any(v.pk == petition.accused_person_id for v in verifiers):
        raise PetitionError(_("Người bị khiếu nại, tố cáo không được tham gia xác minh."))
    with transaction.atomic():
        verification = Verification(petition=petition, organisation=petition.handling_body, notes=notes)
        audit.fold_creation(verification)  # the step's entry below tells it
        verification.save()
        if verifiers:  # a new row has none: set() would read them first
            verification.verifiers.set(verifiers)
        _commit(
            petition,
            Action.START_VERIFICATION,
            "verification_started",
            actor=actor,
            fields={},
            note=notes,
            public_text=_stored(lambda: _("Đang xác minh nội dung đơn")),
            more_changes={"verification.id": [None, verification.pk], "verification.notes": [None, notes]},
        )
    return verification


def record_verification(
    petition: Petition,
    *,
    actor: Any,
    findings: str,
    finished_on: dt.date | None = None,
    evidence: Any = None,
    request_differs: bool = False,
) -> Verification:
    """Record the verification findings (and evidence) on the open verification.

    `request_differs`: the complainant's request differs from the result, so a first-time complaint needs a
    dialogue before the decision (Luật KN Điều 30).
    """
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.RECORD_VERIFICATION)
    verification = petition.verifications.order_by("-id").first()
    if verification is None:
        raise PetitionError(_("Chưa có đợt xác minh nào."))
    if not (findings or "").strip():
        raise PetitionError(_("Ghi kết quả xác minh."))
    with transaction.atomic():
        verification.findings = findings.strip()
        verification.finished_on = finished_on or _today()
        verification.request_differs = bool(request_differs)
        fields = ["findings", "finished_on", "request_differs", "updated_at"]
        if evidence is not None:
            verification.evidence = evidence
            fields.append("evidence")
        # The petition's "verification_recorded" entry carries the findings: no separate "changed" entry.
        audit.save_recorded(verification, fields)
        _commit(
            petition,
            Action.RECORD_VERIFICATION,
            "verification_recorded",
            actor=actor,
            fields={},
            note=findings[:500],
            more_changes={
                "verification.finished_on": [None, verification.finished_on.isoformat()],
                "verification.request_differs": [None, verification.request_differs],
            },
        )
    return verification


def record_dialogue(
    petition: Petition,
    *,
    actor: Any,
    held_on: dt.date,
    participants: str,
    minutes: str,
    place: str = "",
    signed_scan: Any = None,
    complainant_present: bool = True,
    absence_reason: str = "",
    absence_reason_valid: bool = False,
) -> Dialogue:
    """Record a dialogue with its minutes on Mẫu 14 (Luật KN Điều 30, 39; NĐ 124/2020 Điều 28 as amended).

    From 01/7/2026 the written notice must precede the dialogue by ≥ 05 days (NĐ 124 Điều 28(1), NĐ 155 Điều 11;
    NĐ 155 Điều 22(1) applies it to cases already accepted): the dialogue noticed last is the one held. The
    complainant's absence is recorded with whether its reason is valid; without a valid reason the resolution
    continues (Luật KN Điều 30(6) new; NĐ 124 Điều 28(5)).
    """
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.RECORD_DIALOGUE)
    if petition.kind not in COMPLAINT_KINDS:
        raise PetitionError(_("Đối thoại là thủ tục của giải quyết khiếu nại (Luật Khiếu nại Điều 30, 39)."))
    notice = petition.dialogues.filter(held=False).order_by("-id").first()
    if held_on >= REFORM_2026:
        if notice is None or notice.notice_sent_on is None:
            raise PetitionError(
                _(
                    "Chưa gửi văn bản thông báo tổ chức đối thoại: phải thông báo trước ngày đối thoại "
                    "ít nhất 05 ngày (NĐ 124/2020 Điều 28 khoản 1, sửa đổi bởi NĐ 155/2026)."
                )
            )
        earliest = dialogue_earliest(notice.notice_sent_on)
        if held_on < earliest:
            raise PetitionError(
                _(
                    "Đối thoại ngày %(held)s sớm hơn 05 ngày sau thông báo ngày %(notice)s: sớm nhất ngày %(earliest)s "
                    "(NĐ 124/2020 Điều 28 khoản 1, sửa đổi bởi NĐ 155/2026)."
                )
                % {
                    "held": held_on.strftime("%d/%m/%Y"),
                    "notice": notice.notice_sent_on.strftime("%d/%m/%Y"),
                    "earliest": earliest.strftime("%d/%m/%Y"),
                }
            )
    if not complainant_present and not (absence_reason or "").strip():
        raise PetitionError(_("Ghi rõ người khiếu nại vắng mặt có lý do hay không có lý do (Mẫu 14, NĐ 155/2026)."))
    if complainant_present:
        absence_line = "Người khiếu nại: có mặt."
    elif absence_reason_valid:
        absence_line = f"Người khiếu nại vắng mặt có lý do chính đáng: {absence_reason}."
    else:
        absence_line = (
            f"Người khiếu nại đã được mời nhưng vắng mặt không có lý do chính đáng ({absence_reason}); "
            "người giải quyết khiếu nại tiếp tục giải quyết (Luật KN Điều 30 khoản 6; NĐ 124/2020 "
            "Điều 28 khoản 5)."
        )
    findings = "; ".join(v.findings for v in petition.verifications.exclude(findings="")) or "—"
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.DIALOGUE,
            actor=actor,
            audience=Audience.FILE,
            issued_on=held_on,
            title=f"Đối thoại với người khiếu nại (đơn {petition.tracking_code})",
            extra=[
                f"Thời gian: ngày {held_on:%d/%m/%Y}. Địa điểm: {place or '—'}.",
                "I. THÀNH PHẦN THAM GIA ĐỐI THOẠI",
                participants,
                absence_line,
                "II. NỘI DUNG ĐỐI THOẠI",
                f"Tóm tắt kết quả xác minh nội dung khiếu nại: {findings}",
                minutes,
                "III. KẾT QUẢ ĐỐI THOẠI",
                "Biên bản được đọc lại cho những người tham gia nghe và ký xác nhận; lập thành ít nhất 03 bản, "
                "mỗi bên giữ một bản (NĐ 124/2020 Điều 28 khoản 4; Mẫu số 14 NĐ 155/2026).",
            ],
        )
        values = {
            "held_on": held_on,
            "place": place,
            "participants": participants,
            "minutes": minutes,
            "signed_scan": signed_scan or "",
            "document": document,
            "held": True,
            "complainant_present": complainant_present,
            "absence_reason": (absence_reason or "").strip(),
            "absence_reason_valid": bool(absence_reason_valid) and not complainant_present,
        }
        if notice is not None:
            for name, value in values.items():
                setattr(notice, name, value)
            notice.save()
            dialogue = notice
        else:
            dialogue = Dialogue.objects.create(petition=petition, organisation=petition.handling_body, **values)
        _commit(
            petition,
            Action.RECORD_DIALOGUE,
            "dialogue_recorded",
            actor=actor,
            fields={},
            document=document,
            note=absence_line,
            public_text=_stored(lambda: _("Đã tổ chức đối thoại ngày %(d)s") % {"d": held_on.strftime("%d/%m/%Y")}),
        )
    return dialogue


def record_mediation(
    petition: Petition,
    *,
    actor: Any,
    held_on: dt.date,
    outcome: str,
    participants: str = "",
    minutes: str = "",
    place: str = "",
    board_members: list[Any] | None = None,
    group: MediationGroup | None = None,
    parties: str = "",
    agreement: str = "",
) -> Mediation:
    """Record a mediation session on a petition in the school's register (local practice; not for denunciations)."""
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.RECORD_MEDIATION)
    if petition.kind == Kind.TO_CAO:
        raise PetitionError(
            _("Tố cáo không giải quyết bằng hòa giải (Luật Tố cáo Điều 28: thụ lý, xác minh, kết luận).")
        )
    organisation = petition.handling_body
    mediators = list(board_members or [])
    _check_mediation(
        organisation, held_on=held_on, outcome=outcome, group=group, mediators=mediators, agreement=agreement
    )
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.MEDIATION,
            actor=actor,
            audience=Audience.FILE,
            issued_on=held_on,
            title=f"Biên bản hòa giải đơn {petition.tracking_code}",
            extra=[
                f"Thành phần: {participants}",
                minutes,
                f"Nội dung thỏa thuận: {agreement}" if agreement else "",
                f"Kết quả: {MediationOutcome(outcome).label}.",
            ],
        )
        mediation = _new_mediation(
            organisation,
            petition=petition,
            group=group,
            mediators=mediators,
            held_on=held_on,
            outcome=outcome,
            subject=shown_subject(petition)[:300],
            parties=parties,
            place=place,
            participants=participants,
            agreement=agreement,
            minutes=minutes,
            document=document,
        )
        _commit(
            petition,
            Action.RECORD_MEDIATION,
            "mediation_recorded",
            actor=actor,
            fields={},
            document=document,
            public_text=_stored(
                lambda: (
                    _("Đã tổ chức hòa giải ngày %(d)s: %(o)s")
                    % {"d": held_on.strftime("%d/%m/%Y"), "o": MediationOutcome(outcome).label}
                )
            ),
        )
    return mediation


# ---------------------------------------------------------------- mediation register
#
# The seed plan gives the Ban TTND the task of "hòa giải có hiệu quả ngay tại nhà trường khi có sự việc nổi cộm xảy
# ra". The Law on grassroots mediation (Luật Hòa giải ở cơ sở 35/2013/QH13, eff. 01/01/2014) governs thôn and tổ dân
# phố (Điều 2(2)); a school applies it by analogy (UNCONFIRMED): a group of mediators (Điều 12), cases that end as
# Điều 23 lists, an agreement written down when the mediation succeeds, a register of cases (sổ theo dõi).

MEDIATION_SERIES = "HG"  # the register's numbers run per school and year, from 01 (like NĐ 30/2020 Điều 15)
MEDIATION_GROUP_MIN = 3  # Luật HGCS 2013 Điều 12(1): a group has at least 03 mediators (by analogy, UNCONFIRMED)


def _staff_q(organisation: Any) -> Q:
    return Q(organisation_id=organisation.pk) | Q(organisation__tenant_id=organisation.pk)


def _check_mediation(
    organisation: Any,
    *,
    held_on: dt.date,
    outcome: str,
    group: MediationGroup | None,
    mediators: list[Any],
    agreement: str,
) -> None:
    if outcome not in MediationOutcome.values:
        raise PetitionError(_("Chọn kết quả hòa giải."))
    if held_on > _today():
        raise PetitionError(_("Ngày hòa giải không được sau hôm nay."))
    if held_on.year < 2000:
        raise PetitionError(_("Ngày hòa giải phải từ năm 2000."))
    if group is not None and (group.organisation_id != organisation.pk or not group.active):
        raise PetitionError(_("Chọn một tổ hòa giải đang hoạt động của đơn vị."))
    if mediators:
        ids = [p.pk for p in mediators]
        if Person.objects.filter(pk__in=ids).filter(_staff_q(organisation)).count() != len(set(ids)):
            raise PetitionError(_("Hòa giải viên phải là cán bộ của đơn vị."))
    if outcome == MediationOutcome.THANH and not agreement.strip():
        raise PetitionError(
            _("Hòa giải thành: ghi nội dung thỏa thuận của các bên (Luật Hòa giải ở cơ sở 2013 Điều 23(1), Điều 24).")
        )


def _new_mediation(
    organisation: Any,
    *,
    petition: Petition | None,
    group: MediationGroup | None,
    mediators: list[Any],
    held_on: dt.date,
    **values: Any,
) -> Mediation:
    number = allocate_number(organisation, held_on.year, MEDIATION_SERIES)
    if not mediators and group is not None:
        mediators = list(group.members.all())
    mediation = Mediation.objects.create(
        organisation=organisation,
        petition=petition,
        group=group,
        year=held_on.year,
        number=number,
        held_on=held_on,
        **values,
    )
    mediation.board_members.set(mediators)
    return mediation


def record_mediation_case(
    organisation: Any,
    *,
    actor: Any,
    held_on: dt.date,
    outcome: str,
    subject: str,
    parties: str = "",
    group: MediationGroup | None = None,
    mediators: list[Any] | None = None,
    place: str = "",
    participants: str = "",
    agreement: str = "",
    minutes: str = "",
) -> Mediation:
    """Enter in the register a mediation held on an incident at the school that came with no petition."""
    if actor is None or not has_perm(actor, "petitions.handle", organisation):
        raise PetitionError(_("Bạn không có quyền ghi sổ hòa giải của đơn vị này."))
    subject = (subject or "").strip()
    if not subject:
        raise PetitionError(_("Nhập vụ việc được hòa giải."))
    mediators = list(mediators or [])
    _check_mediation(
        organisation, held_on=held_on, outcome=outcome, group=group, mediators=mediators, agreement=agreement
    )
    with transaction.atomic():
        mediation = _new_mediation(
            organisation,
            petition=None,
            group=group,
            mediators=mediators,
            held_on=held_on,
            outcome=outcome,
            subject=subject[:300],
            parties=parties,
            place=place,
            participants=participants,
            agreement=agreement,
            minutes=minutes,
        )
        audit.record(
            "petitions.mediation.recorded",
            obj=mediation,
            organisation=organisation,
            actor=actor,
            message=f"{mediation.code}: {MediationOutcome(outcome).label}",
        )
    return mediation


def save_mediation_group(
    organisation: Any,
    *,
    actor: Any,
    name: str,
    members: list[Any],
    leader: Any = None,
    board_term: Any = None,
    formed_on: dt.date | None = None,
    decision: str = "",
    active: bool = True,
    group: MediationGroup | None = None,
) -> MediationGroup:
    """Create or change a mediation group of the school, formed from its Ban TTND or staff."""
    if actor is None or not (
        has_perm(actor, "petitions.handle", organisation) or has_perm(actor, "board.manage", organisation)
    ):
        raise PetitionError(_("Bạn không có quyền lập tổ hòa giải của đơn vị này."))
    if group is not None and group.organisation_id != organisation.pk:
        raise PetitionError(_("Tổ hòa giải không thuộc đơn vị này."))
    name = (name or "").strip()
    if not name:
        raise PetitionError(_("Nhập tên tổ hòa giải."))
    members = list(members)
    if leader is not None and leader not in members:
        members.append(leader)
    ids = {p.pk for p in members}
    if Person.objects.filter(pk__in=ids).filter(_staff_q(organisation)).count() != len(ids):
        raise PetitionError(_("Hòa giải viên phải là cán bộ của đơn vị."))
    if len(ids) < MEDIATION_GROUP_MIN:
        raise PetitionError(_("Tổ hòa giải có từ 03 hòa giải viên trở lên (Luật Hòa giải ở cơ sở 2013 Điều 12)."))
    if board_term is not None and board_term.organisation_id != organisation.pk:
        raise PetitionError(_("Nhiệm kỳ Ban TTND không thuộc đơn vị này."))
    if formed_on is not None and (formed_on.year < 2000 or formed_on > _today()):
        raise PetitionError(_("Ngày thành lập phải từ năm 2000 đến hôm nay."))
    values = {
        "name": name[:200],
        "leader": leader,
        "board_term": board_term,
        "formed_on": formed_on,
        "decision": (decision or "")[:100],
        "active": active,
    }
    with transaction.atomic():
        if group is None:
            group = MediationGroup.objects.create(organisation=organisation, **values)
        else:
            for field, value in values.items():
                setattr(group, field, value)
            group.save(update_fields=[*values, "updated_at"])
        group.members.set(members)
        audit.record(
            "petitions.mediation_group.saved",
            obj=group,
            organisation=organisation,
            actor=actor,
            message=", ".join(sorted(p.full_name for p in members)),
        )
    return group


def extend(
    petition: Petition,
    *,
    actor: Any,
    days: int,
    reason: str,
    legal_basis: str = "",
    decision_date: dt.date | None = None,
    very_complex: bool = False,
    grounds: list[str] | None = None,
) -> Extension:
    """Extend the resolution period by written decision.

    Denunciation: complex case → one extension ≤ 30 days; especially complex → two, each ≤ 30 days
    (Luật TC Điều 30; NĐ 31/2019 Điều 3, Mẫu 01). Complaint: the case is declared complex, which gives the
    longer Điều 28/37 period (Luật KN); the extension records the added days.
    """
    if petition.kind == Kind.TO_CAO:
        return extend_denunciation(
            petition, actor=actor, days=days, reason=reason, grounds=grounds or [], decision_date=decision_date
        )
    _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    target_state(petition, Action.EXTEND)
    if not (reason or "").strip():
        raise PetitionError(_("Ghi rõ lý do gia hạn."))
    decision_date = decision_date or _today()
    fields: dict[str, Any] = {}
    if petition.kind == Kind.TO_CAO:
        if days < 1 or days > 30:
            raise PetitionError(_("Mỗi lần gia hạn giải quyết tố cáo không quá 30 ngày (Luật Tố cáo Điều 30)."))
        count = petition.extensions.count()
        very = very_complex or petition.is_very_complex
        allowed = 2 if very else 1
        if count >= allowed:
            raise PetitionError(
                _(
                    "Đã gia hạn đủ số lần cho phép: 01 lần với vụ việc phức tạp, 02 lần với vụ việc "
                    "đặc biệt phức tạp (Luật Tố cáo Điều 30)."
                )
            )
        fields = {"is_complex": True, "is_very_complex": very}
        legal_basis = legal_basis or "Luật Tố cáo 2018, Điều 30; NĐ 31/2019/NĐ-CP, Điều 3"
    elif petition.kind in COMPLAINT_KINDS:
        # From 01/7/2026 the longer Điều 28/37 period follows from the written determination of a complex case.
        raise PetitionError(
            _(
                "Khiếu nại không gia hạn: thời hạn dài hơn áp dụng khi có văn bản xác định vụ việc phức "
                "tạp theo NĐ 124/2020 Điều 3a (sửa đổi bởi NĐ 155/2026) — dùng “Xác định vụ việc "
                "phức tạp”."
            )
        )
    else:
        raise PetitionError(_("Chỉ gia hạn giải quyết khiếu nại, tố cáo."))
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.EXTENSION,
            actor=actor,
            audience=Audience.CITIZEN,
            issued_on=decision_date,
            title=f"Quyết định gia hạn giải quyết đơn {petition.tracking_code}",
            extra=[f"Gia hạn thời hạn giải quyết thêm {days} ngày.", f"Lý do: {reason}", f"Căn cứ: {legal_basis}"],
        )
        extension = Extension.objects.create(
            petition=petition,
            organisation=petition.handling_body,
            decision_number=document.number_text,
            decision_date=decision_date,
            days=days,
            reason=reason,
            legal_basis=legal_basis[:255],
            document=document,
        )
        _commit(
            petition,
            Action.EXTEND,
            "extended",
            actor=actor,
            fields=fields,
            document=document,
            note=reason,
            public_text=_stored(lambda: _("Thời hạn giải quyết được gia hạn thêm %(n)s ngày") % {"n": days}),
        )
    return extension


def resolve(
    petition: Petition,
    *,
    actor: Any,
    summary: str,
    complaint_conclusion: str = "",
    complaint_action: str = "",
    denunciation_conclusion: str = "",
    resolved_on: dt.date | None = None,
) -> Petition:
    """Issue the complaint decision (Luật KN Điều 31, 40) or the denunciation conclusion (Luật TC Điều 35)."""
    _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    target_state(petition, Action.RESOLVE)
    if not (summary or "").strip():
        raise PetitionError(_("Ghi tóm tắt kết quả giải quyết."))
    if petition.kind in COMPLAINT_KINDS:
        missing = missing_before_decision(petition)
        if missing:
            raise PetitionError(
                _("Chưa ban hành được quyết định giải quyết khiếu nại: %(missing)s") % {"missing": " ".join(missing)}
            )
    resolved_on = resolved_on or _today()
    fields: dict[str, Any] = {
        "resolved_on": resolved_on,
        "resolution_summary": summary.strip(),
        "resolution_due_on": petition.due_on,
    }
    if petition.kind in COMPLAINT_KINDS:
        if complaint_conclusion not in ComplaintConclusion.values or complaint_action not in ComplaintAction.values:
            raise PetitionError(
                _(
                    "Chọn kết luận khiếu nại (đúng / đúng một phần / sai) và cách xử lý quyết định, hành "
                    "vi bị khiếu nại (Luật Khiếu nại Điều 31, 40)."
                )
            )
        fields.update(complaint_conclusion=complaint_conclusion, complaint_action=complaint_action)
        kind, audience = DocumentKind.COMPLAINT_DECISION, Audience.CITIZEN
        extra = [
            f"Kết luận: {ComplaintConclusion(complaint_conclusion).label}.",
            f"Quyết định: {ComplaintAction(complaint_action).label}.",
            summary,
            "Người khiếu nại có quyền khiếu nại lần hai hoặc khởi kiện vụ án hành chính tại Tòa án "
            "(Luật Khiếu nại Điều 33)."
            if petition.kind not in SECOND_TIME_KINDS
            else "Người khiếu nại có quyền khởi kiện vụ án hành chính tại Tòa án (Luật Khiếu nại Điều 42).",
        ]
        title = f"Quyết định giải quyết khiếu nại ({'lần hai' if petition.kind in SECOND_TIME_KINDS else 'lần đầu'})"
    elif petition.kind == Kind.TO_CAO:
        if denunciation_conclusion not in DenunciationConclusion.values:
            raise PetitionError(_("Chọn kết luận tố cáo: đúng / đúng một phần / sai sự thật (Luật Tố cáo Điều 35)."))
        fields.update(denunciation_conclusion=denunciation_conclusion)
        # The conclusion goes to the accused (Luật TC Điều 35): it never names the denouncer.
        kind, audience = DocumentKind.DENUNCIATION_CONCLUSION, Audience.ACCUSED
        extra = [f"Kết luận: {DenunciationConclusion(denunciation_conclusion).label}.", summary]
        title = "Kết luận nội dung tố cáo"
    else:
        raise PetitionError(_("Kiến nghị, phản ánh được trả lời trực tiếp, không ban hành quyết định giải quyết."))
    with transaction.atomic():
        document = issue_document(
            petition, kind, actor=actor, audience=audience, issued_on=resolved_on, title=title, extra=extra
        )
        _commit(
            petition,
            Action.RESOLVE,
            "resolved",
            actor=actor,
            fields=fields,
            document=document,
            note=summary,
            public_text=_stored(lambda: _("Đã ban hành %(doc)s") % {"doc": DocumentKind(kind).label.lower()}),
        )
    return petition


def send_decision(
    petition: Petition,
    *,
    actor: Any,
    sent_on: dt.date | None = None,
    recipients: list[str] | None = None,
    recipients_other: str = "",
    received_on: dt.date | None = None,
) -> Petition:
    """Record sending the decision/conclusion; a denouncer gets a result notice (Luật KN Điều 32, 41; Luật TC Điều 35).

    A complaint decision records who it went to (Luật KN Điều 32 first time, Điều 41 second time; the complainant
    always) and, when known, the day the complainant received it — the second-complaint window runs from it
    (Luật KN Điều 33(1)).
    """
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.SEND_DECISION)
    sent_on = sent_on or _today()
    fields: dict[str, Any] = {"decision_sent_on": sent_on}
    if petition.kind in COMPLAINT_KINDS:
        allowed = SECOND_DECISION_RECIPIENTS if petition.kind in SECOND_TIME_KINDS else FIRST_DECISION_RECIPIENTS
        chosen = list(dict.fromkeys(recipients if recipients is not None else [DecisionRecipient.COMPLAINANT]))
        if DecisionRecipient.COMPLAINANT not in chosen:
            raise PetitionError(
                _("Quyết định giải quyết khiếu nại phải gửi cho người khiếu nại (Luật Khiếu nại Điều 32, 41).")
            )
        if any(r not in allowed for r in chosen):
            raise PetitionError(
                _(
                    "Nơi nhận không thuộc danh sách của Luật Khiếu nại cho quyết định này (Điều 32 lần "
                    "đầu, Điều 41 lần hai): ghi vào “nơi nhận khác”."
                )
            )
        if received_on is not None and received_on < sent_on:
            raise PetitionError(_("Ngày người khiếu nại nhận quyết định không thể trước ngày gửi."))
        fields.update(
            decision_recipients=chosen,
            decision_recipients_other=(recipients_other or "").strip()[:255],
            decision_received_on=received_on,
        )
    with transaction.atomic():
        document = None
        if petition.kind == Kind.TO_CAO:
            document = issue_document(
                petition,
                DocumentKind.RESULT_NOTICE,
                actor=actor,
                audience=Audience.CITIZEN,
                issued_on=sent_on,
                title=f"Thông báo kết quả giải quyết tố cáo {petition.tracking_code}",
                extra=[
                    f"Kết luận: {DenunciationConclusion(petition.denunciation_conclusion).label}.",
                    petition.resolution_summary,
                ],
            )
        note = ""
        if petition.kind in COMPLAINT_KINDS:
            note = _stored(
                lambda: (
                    "Gửi: "
                    + "; ".join(str(DecisionRecipient(r).label) for r in fields["decision_recipients"])
                    + (f"; {fields['decision_recipients_other']}" if fields["decision_recipients_other"] else "")
                )
            )
        _commit(
            petition,
            Action.SEND_DECISION,
            "decision_sent",
            actor=actor,
            fields=fields,
            note=note,
            document=document,
            public_text=_stored(
                lambda: _("Quyết định/kết luận đã được gửi ngày %(d)s") % {"d": sent_on.strftime("%d/%m/%Y")}
            ),
        )
        if petition.kind in SECOND_TIME_KINDS:
            _set_publicity_due(petition)
    return petition


def reply(petition: Petition, *, actor: Any, text: str, replied_at: dt.datetime | None = None) -> Petition:
    """Publish the reply the citizen reads (names of students and the petitioner masked); answers kiến nghị, phản ánh."""

    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.REPLY)
    if petition.kind in (COMPLAINT_KINDS | {Kind.TO_CAO}) and petition.state != State.DECISION_SENT:
        raise PetitionError(_("Khiếu nại, tố cáo được trả lời sau khi đã ban hành và gửi quyết định/kết luận."))
    if not (text or "").strip():
        raise PetitionError(_("Ghi nội dung trả lời."))
    replied_at = replied_at or timezone.now()
    fields: dict[str, Any] = {"public_reply": masked(petition, text.strip()), "replied_at": replied_at}
    if petition.kind not in (COMPLAINT_KINDS | {Kind.TO_CAO}):
        fields.update(resolved_on=timezone.localtime(replied_at).date(), resolution_due_on=petition.due_on)
    with transaction.atomic():
        _commit(
            petition,
            Action.REPLY,
            "replied",
            actor=actor,
            fields=fields,
            public_text=_stored(lambda: _("Đã có trả lời cho công dân")),
        )
    return petition


def close(petition: Petition, *, actor: Any, note: str = "") -> Petition:
    """Close a replied petition with its honest outcome (mediated, answered or resolved)."""
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.CLOSE)
    if petition.mediations.filter(outcome=MediationOutcome.THANH).exists():
        closure = Closure.MEDIATED
    elif petition.kind in FEEDBACK_KINDS:
        closure = Closure.ANSWERED
    else:
        closure = Closure.RESOLVED
    with transaction.atomic():
        _commit(
            petition,
            Action.CLOSE,
            "closed",
            actor=actor,
            note=note,
            fields={"closure": closure, "closed_at": timezone.now()},
            public_text=_stored(lambda: _("Kết thúc: %(c)s") % {"c": Closure(closure).label}),
        )
    return petition


def withdraw(
    petition: Petition,
    *,
    actor: Any,
    reason: str = "",
    continue_handling: bool = False,
    withdrawn_at: dt.datetime | None = None,
    **denunciation: Any,
) -> Petition:
    """Record a written withdrawal (Luật KN Điều 10 → đình chỉ; Luật TC Điều 33).

    A denunciation continues despite the withdrawal when the act shows signs of violation, or the withdrawal
    was coerced or bought (Luật TC Điều 33(3)): pass `continue_handling=True` with the reason.
    """
    if petition.kind == Kind.TO_CAO:
        # A denunciation follows Luật TC Điều 33 and NĐ 31/2019 Điều 4 as amended by NĐ 156/2026.
        if continue_handling and not denunciation.get("continue_ground"):
            raise PetitionError(
                _(
                    "Chọn căn cứ tiếp tục giải quyết tố cáo đã rút (NĐ 31/2019/NĐ-CP Điều 4 khoản 4, "
                    "sửa đổi bởi NĐ 156/2026/NĐ-CP)."
                )
            )
        denunciation.setdefault("note", reason)
        return withdraw_denunciation(petition, actor=actor, withdrawn_at=withdrawn_at, **denunciation)
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.WITHDRAW)
    withdrawn_at = withdrawn_at or timezone.now()
    if petition.kind == Kind.TO_CAO and petition.state == State.DECISION_SENT:
        raise PetitionError(_("Chỉ rút tố cáo trước khi có kết luận (Luật Tố cáo Điều 33)."))
    if continue_handling and petition.kind != Kind.TO_CAO:
        raise PetitionError(
            _(
                "Chỉ tố cáo mới được tiếp tục giải quyết khi người tố cáo rút (Luật Tố cáo "
                "Điều 33(3)); khiếu nại đã rút thì đình chỉ (Luật Khiếu nại Điều 10)."
            )
        )
    if petition.kind in COMPLAINT_KINDS and petition.state in (State.ACCEPTED, State.VERIFYING, State.SUSPENDED):
        # Whole withdrawal of an accepted complaint → đình chỉ decision on Mẫu 14a (Luật KN Điều 10, 11a(2)(a)).
        withdraw_part(
            petition,
            actor=actor,
            content=petition.content,
            whole=True,
            mode=WithdrawalMode.LETTER,
            withdrawn_on=timezone.localtime(withdrawn_at).date(),
            note=reason,
        )
        return petition
    with transaction.atomic():
        if continue_handling:
            if petition.kind != Kind.TO_CAO:
                raise PetitionError(
                    _(
                        "Chỉ tố cáo mới được tiếp tục giải quyết khi người tố cáo rút (Luật Tố cáo "
                        "Điều 33(3)); khiếu nại đã rút thì đình chỉ (Luật Khiếu nại Điều 10)."
                    )
                )
            if not reason.strip():
                raise PetitionError(_("Ghi rõ căn cứ tiếp tục giải quyết (Luật Tố cáo Điều 33(3))."))
            petition.withdrawn_at = withdrawn_at
            petition.continues_after_withdrawal = True
            petition.save(update_fields=["withdrawn_at", "continues_after_withdrawal", "updated_at"])
            audit.record("petitions.petition.withdrawn_continued", obj=petition, actor=actor, message=reason)
            _step(
                petition,
                "withdrawn_continued",
                actor=actor,
                note=reason,
                public_text=_stored(
                    lambda: _("Người tố cáo rút tố cáo; cơ quan tiếp tục giải quyết theo Luật Tố cáo Điều 33")
                ),
            )
            return petition
        _commit(
            petition,
            Action.WITHDRAW,
            "withdrawn",
            actor=actor,
            note=reason,
            fields={"withdrawn_at": withdrawn_at, "closure": Closure.WITHDRAWN, "closed_at": timezone.now()},
            public_text=_stored(lambda: _("Người gửi đã rút đơn; việc giải quyết được đình chỉ")),
        )
    return petition


def escalate(
    petition: Petition, *, actor: Any, content: str, received_at: dt.datetime | None = None, reason: str = ""
) -> Registered:
    """Open a second-time complaint at the competent level, linked to the first (Luật KN Điều 33; NĐ 124/2020 Điều 14).

    For a school the second level is the Director of the managing Department. Allowed after the first decision,
    or when the first-time period lapsed without a decision (Luật KN Điều 33(1)). The citizen may do it through
    the tracking page (actor None) or staff record it.
    """
    if actor is not None:
        _require(actor, "petitions.register", petition.organisation)
    target_state(petition, Action.ESCALATE)
    if petition.kind not in (Kind.KHIEU_NAI, Kind.KHIEU_NAI_KY_LUAT):
        raise PetitionError(_("Chỉ khiếu nại lần đầu mới được khiếu nại lần hai."))
    if petition.state in (State.ACCEPTED, State.VERIFYING) and not petition.is_overdue():
        raise PetitionError(
            _(
                "Chỉ khiếu nại lần hai khi đã có quyết định lần đầu hoặc đã hết thời hạn giải quyết "
                "lần đầu mà không được giải quyết (Luật Khiếu nại Điều 33(1))."
            )
        )
    if petition.escalations.exists():
        raise PetitionError(_("Đơn này đã được khiếu nại lần hai."))
    if petition.state == State.CLOSED and petition.closure not in (Closure.RESOLVED, Closure.MEDIATED):
        raise PetitionError(_("Đơn đã kết thúc không do có quyết định giải quyết: không có căn cứ khiếu nại lần hai."))
    department = department_of(petition.organisation)
    if department is None:
        raise PetitionError(_("Không xác định được cơ quan quản lý cấp trên để giải quyết lần hai."))

    identity: dict[str, str] = {}
    if has_identity(petition):
        src = petition.identity
        identity = {
            "full_name": src.full_name,
            "address": src.address,
            "phone": src.phone,
            "email": src.email,
            "id_number": src.id_number,
            "co_signers": src.co_signers,
        }
    with transaction.atomic():
        registered = _register_escalation(department, petition, actor, content, received_at, identity)
        second = registered.petition
        second.escalated_from = petition
        second.accused_text = petition.accused_text or petition.organisation.name
        second.decision_note = _second_complaint_window_note(petition, second)
        second.save(update_fields=["escalated_from", "accused_text", "decision_note"])
        PetitionLink.objects.create(from_petition=second, to_petition=petition, reason="Khiếu nại lần hai")
        audit.record(
            "petitions.petition.escalated",
            obj=petition,
            actor=actor,
            message=f"Khiếu nại lần hai: đơn {second.tracking_code} gửi {department.name}. {reason}",
        )
        _step(
            petition,
            "escalated",
            actor=actor,
            note=reason,
            public_text=_stored(
                lambda: (
                    _("Khiếu nại lần hai đã gửi %(org)s, mã theo dõi %(code)s")
                    % {"org": department.name, "code": second.tracking_code}
                )
            ),
        )
    return registered


def _second_complaint_window_note(first: Petition, second: Petition) -> str:
    """Say whether the second complaint came within the Luật KN Điều 33(1) window (30 days, 45 remote).

    The window runs from the first decision (or from the lapse of the first-time period); a late complaint is
    still registered — the second level decides whether the delay had a good reason (Luật KN Điều 11(6)).
    """
    window = second_complaint_window(first, organisation=second.handling_body)
    if window is None:
        return ""
    received = deadlines.local_date(second.received_at)
    if received <= window.due:
        return f"Trong thời hạn khiếu nại lần hai (đến {window.due:%d/%m/%Y}; {window.rule.citation}; {window.start_text})."
    return (
        f"Gửi sau thời hạn khiếu nại lần hai ({window.due:%d/%m/%Y}; {window.rule.citation}): xem xét lý do "
        "chính đáng trước khi thụ lý (Luật Khiếu nại Điều 11 khoản 6)."
    )


def _register_escalation(
    department: Any,
    petition: Petition,
    actor: Any,
    content: str,
    received_at: dt.datetime | None,
    identity: dict[str, str],
) -> Registered:
    """Register the second-time complaint as the school's staff recording it for the Department."""
    token, token_hash = _new_secret()
    second = Petition(
        organisation=department,
        handling_body=department,
        channel=Channel.WEB if actor is None else Channel.TRANSFERRED_IN,
        kind=Kind.KHIEU_NAI_KY_LUAT_LAN_2 if petition.kind == Kind.KHIEU_NAI_KY_LUAT else Kind.KHIEU_NAI_LAN_2,
        discipline_dismissal=petition.discipline_dismissal,
        subject=f"Khiếu nại lần hai: {petition.subject}"[:255],
        content=(content or "").strip() or petition.content,
        received_at=received_at or timezone.now(),
        anonymous=petition.anonymous,
        identity_visibility=petition.identity_visibility,
        masked_names=petition.masked_names,
        signers_count=petition.signers_count,
        secret_hash=token_hash,
    )
    deadlines.apply_deadline(second)
    second.save()
    if any(identity.values()):
        PetitionIdentity.objects.create(petition=second, organisation=department, **identity)
    audit.record(
        "petitions.petition.registered",
        obj=second,
        actor=actor,
        message=f"Khiếu nại lần hai từ {petition.organisation.name}",
    )
    _step(
        second,
        "registered",
        actor=actor,
        public_text=_stored(lambda: _("Đơn đã được tiếp nhận, mã theo dõi %(code)s") % {"code": second.tracking_code}),
    )
    return Registered(second, token)


def record_satisfaction(petition: Petition, *, actor: Any, satisfaction: str, note: str = "") -> Petition:
    """Record the citizen's response to the reply (from the tracking page: actor None)."""
    if actor is not None:
        _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.RECORD_SATISFACTION)
    if satisfaction not in Satisfaction.values:
        raise PetitionError(_("Chọn mức độ hài lòng."))
    with transaction.atomic():
        petition.satisfaction = satisfaction
        petition.satisfaction_note = (note or "").strip()
        petition.satisfaction_at = timezone.now()
        petition.save(update_fields=["satisfaction", "satisfaction_note", "satisfaction_at", "updated_at"])
        audit.record(
            "petitions.petition.satisfaction_recorded",
            obj=petition,
            actor=actor,
            changes={"satisfaction": [None, satisfaction]},
        )
        _step(
            petition,
            "satisfaction_recorded",
            actor=actor,
            note=note,
            public_text=_stored(lambda: _("Người gửi cho ý kiến: %(s)s") % {"s": Satisfaction(satisfaction).label}),
        )
    return petition


# ====================================================================== denunciation procedure (tố cáo)
#
# Luật Tố cáo 25/2018/QH14 (LTC) Điều 24, 29, 30, 33–37, 40; NĐ 31/2019/NĐ-CP Điều 3, 4, 6, 9, 18 as amended by
# NĐ 156/2026/NĐ-CP (in force 01/7/2026). The amending Luật 136/2025/QH15 was not read (shared/docs/law-2026.md §0).

_CONCLUDED = (State.RESOLVED, State.DECISION_SENT, State.REPLIED, State.CLOSED)


def _require_denunciation(petition: Petition) -> None:
    if petition.kind != Kind.TO_CAO:
        raise PetitionError(_("Thao tác này chỉ áp dụng cho đơn tố cáo (Luật Tố cáo 2018)."))


def _require_conclusion(petition: Petition) -> None:
    if petition.resolved_on is None or not petition.denunciation_conclusion:
        raise PetitionError(_("Tố cáo chưa có kết luận nội dung tố cáo (Luật Tố cáo Điều 35)."))


def _has_accused(petition: Petition) -> bool:
    return bool(petition.accused_person_id or petition.accused_text)


def _issue_denunciation_acceptance(petition: Petition, *, actor: Any, accepted_on: dt.date) -> Any:
    """Issue the acceptance decision (LTC Điều 29(2); NĐ 31/2019 Điều 9(1), Mẫu 04) and its two notices.

    Within 05 working days of the decision the denouncer is notified (Mẫu 05) and the accused told of the content
    (Mẫu 06) — LTC Điều 29(3), NĐ 31/2019 Điều 9(2). Both are issued with the decision, so always on time; the
    notice to the accused never names the denouncer (LTC Điều 47; documents.may_name_petitioner).
    """

    try:
        due = compute_deadline(Kind.TO_CAO, "giai-quyet", accepted_on, organisation=petition.handling_body).due
        period = (
            f"Thời hạn giải quyết: không quá 30 ngày kể từ ngày thụ lý, đến ngày {due:%d/%m/%Y} (Luật Tố cáo Điều 30)."
        )
    except WorkdaysError:
        period = "Thời hạn giải quyết: không quá 30 ngày kể từ ngày thụ lý (Luật Tố cáo Điều 30)."
    decision = issue_document(
        petition,
        DocumentKind.DENUNCIATION_ACCEPTANCE,
        actor=actor,
        audience=Audience.FILE,
        issued_on=accepted_on,
        title=f"Quyết định thụ lý tố cáo {petition.tracking_code}",
        extra=[
            "Căn cứ Luật Tố cáo 2018 Điều 29; Nghị định 31/2019/NĐ-CP Điều 9 (Mẫu 04).",
            f"Thụ lý giải quyết tố cáo từ ngày {accepted_on:%d/%m/%Y}.",
            period,
        ],
    )
    issue_document(
        petition,
        DocumentKind.ACCEPTANCE,
        actor=actor,
        audience=Audience.CITIZEN,
        issued_on=accepted_on,
        title=f"Thông báo việc thụ lý tố cáo {petition.tracking_code}",
        extra=[
            f"Tố cáo được thụ lý theo Quyết định số {decision.number_text} ngày {accepted_on:%d/%m/%Y} "
            "(Luật Tố cáo Điều 29(3); NĐ 31/2019/NĐ-CP Mẫu 05).",
            period,
        ],
    )
    if _has_accused(petition):
        issue_document(
            petition,
            DocumentKind.ACCUSED_NOTICE,
            actor=actor,
            audience=Audience.ACCUSED,
            issued_on=accepted_on,
            title=f"Thông báo về nội dung tố cáo {petition.tracking_code}",
            recipients=[petition.accused_text or "Người bị tố cáo", "Lưu: VT, hồ sơ."],
            extra=[
                f"Quyết định thụ lý tố cáo số {decision.number_text} ngày {accepted_on:%d/%m/%Y}.",
                "Đề nghị người bị tố cáo giải trình bằng văn bản, cung cấp thông tin, tài liệu liên quan "
                "(Luật Tố cáo Điều 29(3); NĐ 31/2019/NĐ-CP Mẫu 06).",
                period,
            ],
        )
    return decision


def _denunciation_transfer_fields(petition: Petition) -> dict[str, Any]:
    """Return the transfer date, its 05-working-day limit (LTC Điều 24(2)) and a note when it is late."""
    limit = deadlines.transfer_deadline(petition)
    today = _today()
    fields: dict[str, Any] = {"transferred_on": today, "transfer_due_on": limit.due if limit else None}
    if limit is not None and today > limit.due:
        fields["late_note"] = _stored(
            lambda: (
                _("Chuyển tố cáo quá hạn 05 ngày làm việc (hạn %(d)s; Luật Tố cáo Điều 24(2)).")
                % {"d": limit.due.strftime("%d/%m/%Y")}
            )
        )
    return fields


def _notify_denouncer_of_transfer(petition: Petition, *, actor: Any, to_name: str) -> Any:
    """Tell the denouncer where the denunciation went (LTC Điều 24(2): "và thông báo cho người tố cáo")."""
    return issue_document(
        petition,
        DocumentKind.DENUNCIATION_TRANSFER_NOTICE,
        actor=actor,
        audience=Audience.CITIZEN,
        title=f"Thông báo việc chuyển tố cáo {petition.tracking_code}",
        extra=[
            f"Tố cáo không thuộc thẩm quyền giải quyết của {petition.handling_body.name}; đã được "
            f"chuyển đến {to_name} để giải quyết theo thẩm quyền (Luật Tố cáo Điều 24(2))."
        ],
    )


def extend_initial_processing(petition: Petition, *, actor: Any, reason: str, note: str = "") -> Petition:
    """Record the ground that allows up to 10 working days of initial processing (LTC Điều 24(1)).

    Only "kiểm tra, xác minh tại nhiều địa điểm" or "phải ủy quyền cho cơ quan, tổ chức có thẩm quyền kiểm tra,
    xác minh" — whether the case is complex does not matter here.
    """
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    _require_denunciation(petition)
    target_state(petition, Action.EXTEND_PROCESSING)
    if reason not in InitialProcessingReason.values:
        raise PetitionError(
            _(
                "Chọn căn cứ kéo dài thời hạn xử lý ban đầu: kiểm tra, xác minh tại nhiều địa điểm hoặc "
                "phải ủy quyền kiểm tra, xác minh (Luật Tố cáo Điều 24 khoản 1)."
            )
        )
    if petition.re_denunciation_of_id:
        raise PetitionError(
            _("Tố cáo tiếp được xem xét trong 20 ngày (Luật Tố cáo Điều 37(2)); không áp dụng thời hạn xử lý ban đầu.")
        )
    if petition.initial_processing_reason:
        raise PetitionError(_("Thời hạn xử lý ban đầu đã được kéo dài (tối đa 10 ngày làm việc)."))
    label = _stored(lambda: InitialProcessingReason(reason).label)
    with transaction.atomic():
        _commit(
            petition,
            Action.EXTEND_PROCESSING,
            "initial_processing_extended",
            actor=actor,
            fields={"initial_processing_reason": reason},
            note=f"{label}. {note}".strip(),
        )
    return petition


def extend_denunciation(
    petition: Petition, *, actor: Any, days: int, reason: str, grounds: list[str], decision_date: dt.date | None = None
) -> Extension:
    """Extend the resolution of a denunciation by written decision (Mẫu 01) on recorded grounds of complexity.

    LTC Điều 30(2)–(4); NĐ 31/2019 Điều 3 (not amended by NĐ 156/2026): a complex case (one criterion of Điều 3(2))
    is extended once, an especially complex one (two or more criteria, Điều 3(3)) twice, each time ≤ 30 days; never
    a third time. The decision goes to the denouncer and to the accused — to the accused without the denouncer.
    """
    _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    target_state(petition, Action.EXTEND)
    if not (reason or "").strip():
        raise PetitionError(_("Ghi rõ lý do gia hạn."))
    if days < 1 or days > 30:
        raise PetitionError(_("Mỗi lần gia hạn giải quyết tố cáo không quá 30 ngày (Luật Tố cáo Điều 30)."))
    grounds = sorted(set(grounds or []))
    if not grounds or any(g not in ComplexityGround.values for g in grounds):
        raise PetitionError(
            _("Chỉ gia hạn khi vụ việc phức tạp: chọn tiêu chí phức tạp theo NĐ 31/2019/NĐ-CP Điều 3 khoản 2.")
        )
    previous = list(petition.extensions.all())
    if len(previous) >= 2:
        raise PetitionError(_("Đã gia hạn 02 lần: không gia hạn lần thứ ba (Luật Tố cáo Điều 30 khoản 3)."))
    recorded = {g for e in previous for g in e.complexity_grounds.split(",") if g} | set(grounds)
    very = len(recorded) >= 2  # NĐ 31/2019 Điều 3(3): two criteria or more
    if previous and not very:
        raise PetitionError(
            _(
                "Vụ việc phức tạp chỉ được gia hạn 01 lần; gia hạn lần hai chỉ khi vụ việc đặc biệt phức "
                "tạp, có từ 02 tiêu chí trở lên (Luật Tố cáo Điều 30; NĐ 31/2019/NĐ-CP Điều 3 khoản 3)."
            )
        )
    decision_date = decision_date or _today()
    labels = _stored(lambda: "; ".join(str(ComplexityGround(g).label) for g in grounds))
    legal_basis = "Luật Tố cáo 2018, Điều 30; NĐ 31/2019/NĐ-CP, Điều 3 (Mẫu 01)"
    kind_text = "đặc biệt phức tạp" if very else "phức tạp"
    extra = [
        f"Vụ việc {kind_text}: {labels}.",
        f"Gia hạn thời hạn giải quyết tố cáo thêm {days} ngày (lần {len(previous) + 1}).",
        f"Lý do: {reason}",
        f"Căn cứ: {legal_basis}.",
    ]
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.EXTENSION,
            actor=actor,
            audience=Audience.CITIZEN,
            issued_on=decision_date,
            title=f"Quyết định gia hạn giải quyết tố cáo {petition.tracking_code}",
            extra=extra,
        )
        if _has_accused(petition):
            # LTC Điều 30(4): the extension is notified to the accused too — a copy without the denouncer.
            issue_document(
                petition,
                DocumentKind.EXTENSION,
                actor=actor,
                audience=Audience.ACCUSED,
                issued_on=decision_date,
                title=f"Quyết định gia hạn giải quyết tố cáo {petition.tracking_code} (gửi người bị tố cáo)",
                recipients=[petition.accused_text or "Người bị tố cáo", "Lưu: VT, hồ sơ."],
                extra=extra,
            )
        extension = Extension.objects.create(
            petition=petition,
            organisation=petition.handling_body,
            decision_number=document.number_text,
            decision_date=decision_date,
            days=days,
            reason=reason,
            legal_basis=legal_basis,
            complexity_grounds=",".join(grounds),
            document=document,
        )
        _commit(
            petition,
            Action.EXTEND,
            "extended",
            actor=actor,
            document=document,
            note=f"{labels}. {reason}",
            fields={"is_complex": True, "is_very_complex": very},
            public_text=_stored(lambda: _("Thời hạn giải quyết được gia hạn thêm %(n)s ngày") % {"n": days}),
        )
    return extension


def withdraw_denunciation(
    petition: Petition,
    *,
    actor: Any,
    scope: str = WithdrawalScope.WHOLE,
    withdrawal_form: str = WithdrawalForm.LETTER,
    withdrawn_content: str = "",
    continue_ground: str = "",
    note: str = "",
    withdrawn_at: dt.datetime | None = None,
) -> Petition:
    """Record a withdrawal of a denunciation: whole or part, by letter (Mẫu 02) or in person (Mẫu 03).

    Only before the conclusion (LTC Điều 33(1)). A part withdrawn: the rest continues (Điều 33(2)). The whole
    withdrawn: đình chỉ (Điều 34(3)(a)) — unless a ground of NĐ 31/2019 Điều 4(4) as amended by NĐ 156/2026 applies
    (signs of a violation; a withdrawal threatened, coerced or bought; slander), and then the resolver continues.
    """
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    _require_denunciation(petition)
    if petition.state in _CONCLUDED:
        raise PetitionError(
            _(
                "Không thể rút tố cáo: đã có kết luận nội dung tố cáo. Người tố cáo chỉ được rút tố cáo "
                "trước khi người giải quyết tố cáo ra kết luận (Luật Tố cáo Điều 33 khoản 1)."
            )
        )
    target_state(petition, Action.WITHDRAW_DENUNCIATION)
    if scope not in WithdrawalScope.values:
        raise PetitionError(_("Chọn rút toàn bộ hay một phần nội dung tố cáo."))
    if withdrawal_form not in WithdrawalForm.values:
        raise PetitionError(_("Chọn hình thức rút tố cáo: đơn (Mẫu 02) hoặc biên bản (Mẫu 03)."))
    withdrawn_content = (withdrawn_content or "").strip()
    if scope == WithdrawalScope.PART and not withdrawn_content:
        raise PetitionError(_("Ghi rõ nội dung tố cáo được rút (NĐ 31/2019/NĐ-CP Điều 4 khoản 1, Mẫu 02)."))
    if continue_ground and continue_ground not in ContinuationGround.values:
        raise PetitionError(_("Căn cứ tiếp tục giải quyết không hợp lệ (NĐ 31/2019/NĐ-CP Điều 4 khoản 4)."))
    note = (note or "").strip()
    if continue_ground and not note:
        raise PetitionError(_("Ghi rõ tài liệu, thông tin làm căn cứ tiếp tục giải quyết tố cáo đã rút."))
    withdrawn_at = withdrawn_at or timezone.now()
    day = timezone.localtime(withdrawn_at).date()
    what = withdrawn_content or "toàn bộ nội dung tố cáo"
    with transaction.atomic():
        if withdrawal_form == WithdrawalForm.IN_PERSON:
            record = issue_document(
                petition,
                DocumentKind.WITHDRAWAL_MINUTES,
                actor=actor,
                audience=Audience.CITIZEN,
                issued_on=day,
                title=f"Biên bản ghi nhận việc rút tố cáo {petition.tracking_code}",
                extra=[
                    f"Người tố cáo trình bày trực tiếp việc rút tố cáo ngày {day:%d/%m/%Y}.",
                    f"Nội dung tố cáo được rút: {what}.",
                    "Người tố cáo ký tên hoặc điểm chỉ vào biên bản (NĐ 31/2019/NĐ-CP Điều 4 khoản 2, sửa đổi bởi "
                    "NĐ 156/2026/NĐ-CP; Mẫu 03).",
                ],
            )
        else:
            record = issue_document(
                petition,
                DocumentKind.WITHDRAWAL_LETTER,
                actor=actor,
                audience=Audience.CITIZEN,
                issued_on=day,
                title=f"Đơn rút tố cáo {petition.tracking_code} (Mẫu 02) — bản ghi nhận",
                extra=[
                    f"Nội dung tố cáo được rút: {what}.",
                    "Đơn có ngày, họ tên, địa chỉ, cách thức liên hệ và chữ ký hoặc điểm chỉ của người tố cáo "
                    "(NĐ 31/2019/NĐ-CP Điều 4 khoản 1, sửa đổi bởi NĐ 156/2026/NĐ-CP; Mẫu 02).",
                ],
            )
        DenunciationWithdrawal.objects.create(
            petition=petition,
            organisation=petition.handling_body,
            withdrawn_at=withdrawn_at,
            scope=scope,
            withdrawn_content=withdrawn_content,
            form=withdrawal_form,
            continue_ground=continue_ground,
            note=note,
            document=record,
        )
        if continue_ground:
            ground = _stored(lambda: ContinuationGround(continue_ground).label)
            text = _stored(
                lambda: _("Người tố cáo rút tố cáo; cơ quan tiếp tục giải quyết (Luật Tố cáo Điều 33 khoản 3)")
            )
            fields = ["withdrawn_at", "continues_after_withdrawal", "updated_at"]
            petition.withdrawn_at = withdrawn_at
            petition.continues_after_withdrawal = True
            petition.save(update_fields=fields)
            audit.record(
                "petitions.petition.withdrawn_continued",
                obj=petition,
                actor=actor,
                changes={"continues_after_withdrawal": [False, True]},
                message=_stored(lambda: f"{WithdrawalScope(scope).label}; tiếp tục giải quyết — {ground}. {note}"),
            )
            _step(
                petition,
                "withdrawn_continued",
                actor=actor,
                note=f"{ground}. {note}",
                public_text=text,
                document=record,
            )
            _notify_citizen(petition, text)
            return petition
        if scope == WithdrawalScope.PART:
            text = _stored(
                lambda: _(
                    "Người tố cáo rút một phần nội dung tố cáo; phần còn lại tiếp tục được giải quyết "
                    "(Luật Tố cáo Điều 33 khoản 2)"
                )
            )
            audit.record(
                "petitions.petition.withdrawn_partly",
                obj=petition,
                actor=actor,
                message=_stored(lambda: f"{WithdrawalForm(withdrawal_form).label}. {note}".strip()),
            )
            _step(petition, "withdrawn_partly", actor=actor, note=note, public_text=text, document=record)
            _notify_citizen(petition, text)
            return petition
        if petition.accepted_on is not None:
            # LTC Điều 34(3)(a): the resolver decides to terminate (đình chỉ) the resolution.
            extra = [
                "Người tố cáo rút toàn bộ nội dung tố cáo; không có căn cứ tiếp tục giải quyết theo Luật Tố cáo "
                "Điều 33 khoản 3.",
                "Đình chỉ việc giải quyết tố cáo (Luật Tố cáo Điều 34 khoản 3 điểm a).",
            ]
            issue_document(
                petition,
                DocumentKind.DENUNCIATION_TERMINATION,
                actor=actor,
                audience=Audience.CITIZEN,
                issued_on=day,
                title=f"Quyết định đình chỉ việc giải quyết tố cáo {petition.tracking_code}",
                extra=extra,
            )
            if _has_accused(petition):
                issue_document(
                    petition,
                    DocumentKind.DENUNCIATION_TERMINATION,
                    actor=actor,
                    audience=Audience.ACCUSED,
                    issued_on=day,
                    title=f"Quyết định đình chỉ việc giải quyết tố cáo {petition.tracking_code} (gửi người bị tố cáo)",
                    extra=extra,
                )
        _commit(
            petition,
            Action.WITHDRAW_DENUNCIATION,
            "withdrawn",
            actor=actor,
            note=note,
            document=record,
            fields={"withdrawn_at": withdrawn_at, "closure": Closure.WITHDRAWN, "closed_at": timezone.now()},
            public_text=_stored(lambda: _("Người tố cáo đã rút toàn bộ tố cáo; việc giải quyết được đình chỉ")),
        )
    return petition


def handle_conclusion(
    petition: Petition, *, actor: Any, measures: str, follow_up_by: str, handled_on: dt.date | None = None
) -> Petition:
    """Record the handling of the conclusion: the measures decided and who follows up their implementation.

    LTC Điều 36(1) (within 07 working days of the conclusion); NĐ 31/2019 Điều 18(2) as amended by NĐ 156/2026
    Điều 3: the resolver follows up, or assigns the same-level inspectorate or an advisory unit.
    """
    _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    _require_denunciation(petition)
    target_state(petition, Action.HANDLE_CONCLUSION)
    _require_conclusion(petition)
    measures, follow_up_by = (measures or "").strip(), (follow_up_by or "").strip()
    if not measures:
        raise PetitionError(_("Ghi biện pháp xử lý theo kết luận nội dung tố cáo (Luật Tố cáo Điều 36)."))
    if not follow_up_by:
        raise PetitionError(
            _(
                "Ghi người theo dõi, đôn đốc việc thực hiện kết luận: người giải quyết tố cáo, cơ quan "
                "thanh tra cùng cấp hoặc đơn vị tham mưu (NĐ 31/2019/NĐ-CP Điều 18 khoản 2, sửa đổi bởi "
                "NĐ 156/2026/NĐ-CP)."
            )
        )
    handled_on = handled_on or _today()
    if petition.resolved_on and handled_on < petition.resolved_on:
        raise PetitionError(_("Ngày xử lý kết luận không được trước ngày ban hành kết luận."))
    with transaction.atomic():
        _commit(
            petition,
            Action.HANDLE_CONCLUSION,
            "conclusion_handled",
            actor=actor,
            fields={
                "conclusion_measures": measures,
                "follow_up_by": follow_up_by[:255],
                "conclusion_handled_on": handled_on,
            },
            note=f"{measures} — theo dõi, đôn đốc: {follow_up_by}",
        )
    return petition


def publish_conclusion(
    petition: Petition, *, actor: Any, publicity_forms: list[str], published_on: dt.date | None = None, text: str = ""
) -> Petition:
    """Publicise the conclusion within 07 working days, in one or more of the forms of LTC Điều 40(2).

    The published notice never reveals the denouncer (Điều 40(3)): it is built for `Audience.PUBLIC` and its text
    is masked like anything public. A publicity after the limit is recorded and flagged as late.
    """

    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    _require_denunciation(petition)
    target_state(petition, Action.PUBLISH_CONCLUSION)
    _require_conclusion(petition)
    if petition.published_on is not None:
        raise PetitionError(
            _("Kết luận đã được công khai ngày %(d)s.") % {"d": petition.published_on.strftime("%d/%m/%Y")}
        )
    forms = sorted(set(publicity_forms or []))
    if not forms or any(f not in PublicityForm.values for f in forms):
        raise PetitionError(_("Chọn ít nhất một hình thức công khai (Luật Tố cáo Điều 40 khoản 2)."))
    published_on = published_on or _today()
    if petition.resolved_on and published_on < petition.resolved_on:
        raise PetitionError(_("Ngày công khai không được trước ngày ban hành kết luận."))
    limit = deadlines.publicity_deadline(petition)
    late = limit is not None and published_on > limit.due
    form_labels = _stored(lambda: "; ".join(str(PublicityForm(f).label) for f in forms))
    conclusion = _stored(lambda: DenunciationConclusion(petition.denunciation_conclusion).label)
    body = masked(petition, (text or "").strip() or petition.resolution_summary)
    note = form_labels
    if late:
        note = (
            _stored(
                lambda: (
                    _("Công khai quá hạn 07 ngày làm việc (hạn %(d)s; Luật Tố cáo Điều 40 khoản 1).")
                    % {"d": limit.due.strftime("%d/%m/%Y")}
                )
            )
            + " "
            + form_labels
        )
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.PUBLICITY_NOTICE,
            actor=actor,
            audience=Audience.PUBLIC,
            issued_on=published_on,
            title=f"Thông báo công khai kết luận nội dung tố cáo {petition.tracking_code}",
            recipients=["Niêm yết, đăng tải theo hình thức công khai;", "Lưu: VT, hồ sơ."],
            extra=[
                f"Kết luận nội dung tố cáo ngày {petition.resolved_on:%d/%m/%Y}: {conclusion}."
                if petition.resolved_on
                else "",
                body,
                f"Hình thức công khai: {form_labels}.",
                "Việc công khai không tiết lộ thông tin về người tố cáo (Luật Tố cáo Điều 40 khoản 3).",
            ],
        )
        _commit(
            petition,
            Action.PUBLISH_CONCLUSION,
            "conclusion_published",
            actor=actor,
            document=document,
            note=note,
            fields={
                "published_on": published_on,
                "publicity_forms": ",".join(forms)[:120],
                "publicity_due_on": limit.due if limit else None,
            },
            public_text=_stored(
                lambda: (
                    _("Kết luận nội dung tố cáo đã được công khai ngày %(d)s")
                    % {"d": published_on.strftime("%d/%m/%Y")}
                )
            ),
        )
    return petition


def _superior_of(petition: Petition) -> Any:
    """Return the directly superior body in danvan (a school's Department: services.department_of), or None."""

    body = petition.handling_body
    if body.kind == OrgKind.DEPARTMENT:
        return None  # the Department's superior (UBND tỉnh) does not use danvan
    return department_of(body)


def re_denunciation_refusal(petition: Petition) -> str:
    """Return why a tố cáo tiếp cannot be made now ("" when it can) — for the service, the buttons and the citizen."""
    if petition.kind != Kind.TO_CAO:
        return str(_("Thao tác này chỉ áp dụng cho đơn tố cáo (Luật Tố cáo 2018)."))
    try:
        target_state(petition, Action.RE_DENOUNCE)
    except PetitionError as exc:
        return str(exc.message)
    if petition.state in _HANDLING_STATES and not petition.is_overdue():
        return str(
            _(
                "Chỉ tố cáo tiếp khi đã có kết luận hoặc khi đã quá thời hạn giải quyết mà tố cáo chưa được giải "
                "quyết (Luật Tố cáo Điều 37, 38)."
            )
        )
    if petition.state == State.CLOSED and petition.closure not in (Closure.RESOLVED, Closure.UPHELD):
        return str(_("Tố cáo đã kết thúc mà không có kết luận (rút, đình chỉ): không có căn cứ tố cáo tiếp."))
    if petition.re_denunciations.filter(state__in=[State.RECEIVED, State.CLASSIFIED]).exists():
        return str(_("Tố cáo tiếp về vụ việc này đang được cấp trên xem xét."))
    if _superior_of(petition) is None:
        return str(
            _(
                "Không xác định được cơ quan cấp trên trực tiếp trong hệ thống: hướng dẫn người tố cáo gửi tố cáo "
                "tiếp đến người đứng đầu cơ quan cấp trên trực tiếp (Luật Tố cáo Điều 37 khoản 1)."
            )
        )
    return ""


def re_denounce(
    petition: Petition, *, actor: Any, content: str, received_at: dt.datetime | None = None, reason: str = ""
) -> Registered:
    """Open a tố cáo tiếp to the head of the directly superior body, linked to this denunciation.

    LTC Điều 37(1): when the denouncer has grounds to think the resolution unlawful (after the conclusion);
    Điều 38(1): when the period of Điều 30 lapsed unresolved. The superior reviews it within 20 days (Điều 37(2)):
    its own petition, handled by the Department, with the `to-cao/xem-xet-lai` deadline — or, for an overdue case,
    requests a report within 05 working days (Điều 38(2), `to-cao/yeu-cau-bao-cao`).
    """
    if actor is not None:
        _require(actor, "petitions.register", petition.organisation)
    refusal = re_denunciation_refusal(petition)
    if refusal:
        raise PetitionError(refusal)
    if not (content or "").strip():
        raise PetitionError(_("Ghi nội dung tố cáo tiếp và căn cứ cho rằng việc giải quyết không đúng pháp luật."))
    superior = _superior_of(petition)

    token, token_hash = _new_secret()
    with transaction.atomic():
        second = Petition(
            organisation=superior,
            handling_body=superior,
            kind=Kind.TO_CAO,
            channel=Channel.WEB if actor is None else Channel.TRANSFERRED_IN,
            subject=f"Tố cáo tiếp: {petition.subject}"[:255],
            content=content.strip(),
            received_at=received_at or timezone.now(),
            accused_person=petition.accused_person,
            accused_text=petition.accused_text,
            anonymous=petition.anonymous,
            identity_visibility=petition.identity_visibility,
            masked_names=petition.masked_names,
            signers_count=petition.signers_count,
            secret_hash=token_hash,
            re_denunciation_of=petition,
            re_denounced_overdue=petition.state in _HANDLING_STATES,
            decision_note=(
                _stored(lambda: _("Quá thời hạn giải quyết mà chưa được giải quyết (Luật Tố cáo Điều 38)."))
                if petition.state in _HANDLING_STATES
                else ""
            ),
        )
        _register_follow_up(
            petition,
            second,
            superior,
            actor=actor,
            reason="Tố cáo tiếp",
            message=f"Tố cáo tiếp đơn {petition.tracking_code} của {petition.handling_body.name}",
            public_text=lambda: _("Đơn đã được tiếp nhận, mã theo dõi %(code)s") % {"code": second.tracking_code},
        )
        audit.record(
            "petitions.petition.re_denounced",
            obj=petition,
            actor=actor,
            message=f"Tố cáo tiếp: đơn {second.tracking_code} gửi {superior.name}. {reason}".strip(),
        )
        _step(
            petition,
            "re_denounced",
            actor=actor,
            note=reason,
            public_text=_stored(
                lambda: (
                    _("Tố cáo tiếp đã gửi %(org)s, mã theo dõi %(code)s")
                    % {"org": superior.name, "code": second.tracking_code}
                )
            ),
        )
    return Registered(second, token)


_HANDLING_STATES = (State.ACCEPTED, State.VERIFYING)


def _require_re_denunciation(petition: Petition) -> None:
    _require_denunciation(petition)
    if not petition.re_denunciation_of_id:
        raise PetitionError(_("Chỉ áp dụng cho tố cáo tiếp (Luật Tố cáo Điều 37)."))


def re_resolve(
    petition: Petition, *, actor: Any, grounds: list[str], note: str = "", accepted_on: dt.date | None = None
) -> Petition:
    """Decide to re-resolve a re-denounced case on a ground of LTC Điều 37(3); it then runs as a new resolution.

    Điều 37(2)(c): the superior re-resolves "theo thời hạn, trình tự, thủ tục" of the chapter — an acceptance
    decision, 30 days, extensions, conclusion.
    """
    _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    _require_re_denunciation(petition)
    target_state(petition, Action.RE_RESOLVE)
    grounds = sorted(set(grounds or []))
    if not grounds or any(g not in ReResolutionGround.values for g in grounds):
        raise PetitionError(
            _("Chỉ giải quyết lại khi có một trong các căn cứ của Luật Tố cáo Điều 37 khoản 3: chọn căn cứ.")
        )
    accepted_on = accepted_on or _today()
    labels = _stored(lambda: "; ".join(str(ReResolutionGround(g).label) for g in grounds))
    with transaction.atomic():
        document = _issue_denunciation_acceptance(petition, actor=actor, accepted_on=accepted_on)
        _commit(
            petition,
            Action.RE_RESOLVE,
            "re_resolved",
            actor=actor,
            document=document,
            note=f"{labels}. {note}".strip(),
            fields={"accepted_on": accepted_on, "re_resolution_grounds": ",".join(grounds)[:20]},
            public_text=_stored(lambda: _("Cơ quan cấp trên giải quyết lại vụ việc tố cáo")),
        )
    return petition


def uphold_conclusion(petition: Petition, *, actor: Any, reason: str) -> Petition:
    """Decide not to re-resolve: the earlier resolution was lawful; notify the denouncer with reasons.

    LTC Điều 37(2)(a): "không giải quyết lại vụ việc tố cáo, đồng thời thông báo bằng văn bản và nêu rõ lý do".
    """
    _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    _require_re_denunciation(petition)
    target_state(petition, Action.UPHOLD_CONCLUSION)
    if petition.re_denounced_overdue:
        raise PetitionError(
            _(
                "Tố cáo quá hạn chưa có kết luận: không có kết luận để giữ nguyên. Yêu cầu người giải "
                "quyết báo cáo và tiếp tục giải quyết (Luật Tố cáo Điều 38 khoản 2–4), hoặc giải quyết "
                "lại khi có căn cứ (Điều 38 khoản 5)."
            )
        )
    reason = (reason or "").strip()
    if not reason:
        raise PetitionError(_("Nêu rõ lý do không giải quyết lại (Luật Tố cáo Điều 37 khoản 2 điểm a)."))
    today = _today()
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.NO_RE_RESOLUTION,
            actor=actor,
            audience=Audience.CITIZEN,
            issued_on=today,
            title=f"Thông báo không giải quyết lại vụ việc tố cáo {petition.tracking_code}",
            extra=[
                "Việc giải quyết tố cáo trước đó là đúng quy định của pháp luật.",
                f"Lý do: {reason}",
                "Căn cứ Luật Tố cáo 2018 Điều 37 khoản 2 điểm a.",
            ],
        )
        _commit(
            petition,
            Action.UPHOLD_CONCLUSION,
            "upheld",
            actor=actor,
            document=document,
            note=reason,
            fields={
                "closure": Closure.UPHELD,
                "closed_at": timezone.now(),
                "resolved_on": today,
                "resolution_due_on": petition.due_on,
                "public_reply": reason,
                "replied_at": timezone.now(),
            },
            public_text=_stored(lambda: _("Không giải quyết lại vụ việc tố cáo (có thông báo nêu rõ lý do)")),
        )
    return petition


def _denunciation_buttons(petition: Petition, user: Any, actions: list[str]) -> list[str]:
    """Keep only the denunciation actions that make sense now and that the user may take."""

    out = []
    for action in actions:
        if action in DENUNCIATION_DECIDE_ACTIONS and not has_perm(user, "petitions.decide", petition.handling_body):
            continue
        if action in (Action.RE_RESOLVE, Action.UPHOLD_CONCLUSION) and not petition.re_denunciation_of_id:
            continue
        if action == Action.UPHOLD_CONCLUSION and petition.re_denounced_overdue:
            continue
        if action in (Action.ACCEPT, Action.EXTEND_PROCESSING) and petition.re_denunciation_of_id:
            continue
        if action == Action.EXTEND_PROCESSING and petition.initial_processing_reason:
            continue
        if action == Action.PUBLISH_CONCLUSION and petition.published_on is not None:
            continue
        if action in (Action.PUBLISH_CONCLUSION, Action.HANDLE_CONCLUSION) and not petition.denunciation_conclusion:
            continue
        if action == Action.RE_DENOUNCE and (
            not has_perm(user, "petitions.register", petition.organisation) or re_denunciation_refusal(petition)
        ):
            continue
        out.append(action)
    return out


# ====================================================================== complaints after the 01/7/2026 reform
# Luật 136/2025/QH15 (amending the Law on Complaints) and NĐ 155/2026/NĐ-CP (amending NĐ 124/2020), in force
# 01/7/2026; NĐ 155 Điều 22(1) applies the withdrawal, suspension, termination and dialogue rules to cases
# accepted before that day and not yet decided.

REFORM_2026 = dt.date(2026, 7, 1)
DIALOGUE_NOTICE_DAYS = 5  # NĐ 124/2020 Điều 28(1) as amended by NĐ 155/2026 Điều 11: "ít nhất 05 ngày"
REFILE_SIMILARITY = 0.6  # share of the withdrawn content's word triples found again in the new complaint


def dialogue_earliest(notice_sent_on: dt.date) -> dt.date:
    """Return the first day a dialogue may be held after its notice: ≥ 05 (calendar) days later.

    "05 ngày" read as calendar days (shared/docs/law-2026.md §4 open question 4); the deadline rule
    thong-bao-doi-thoai holds the figure with its citation.
    """

    days = DIALOGUE_NOTICE_DAYS
    try:
        rule = find_rule("khieu-nai", "thong-bao-doi-thoai", notice_sent_on)
        if rule.unit == CALENDAR:
            days = rule.amount
    except WorkdaysError:
        pass
    return notice_sent_on + dt.timedelta(days=days)


def dialogue_required(petition: Petition) -> str:
    """Return why a dialogue is mandatory before the decision, or "" when it is not."""
    if petition.kind in SECOND_TIME_KINDS:
        return str(_("khiếu nại lần hai phải đối thoại (Luật Khiếu nại Điều 39; NĐ 124/2020 Điều 28 khoản 2)"))
    if petition.kind in DISCIPLINE_KINDS:
        return str(
            _("khiếu nại quyết định kỷ luật phải đối thoại (Luật Khiếu nại Chương IV — điều khoản chưa xác nhận)")
        )
    if petition.verifications.filter(request_differs=True).exists():
        return str(_("yêu cầu của người khiếu nại khác kết quả xác minh (Luật Khiếu nại Điều 30)"))
    return ""


def missing_before_decision(petition: Petition) -> list[str]:
    """Return what a complaint still lacks before its decision: the verification result, the required dialogue."""
    missing: list[str] = []
    if not petition.verifications.exclude(findings="").filter(finished_on__isnull=False).exists():
        missing.append(
            str(
                _(
                    "chưa ghi kết quả xác minh nội dung khiếu nại (Luật Khiếu nại Điều 29, 38) — ghi kết "
                    "quả xác minh trước."
                )
            )
        )
    reason = dialogue_required(petition)
    if reason:
        held = petition.dialogues.filter(held=True)
        counted = (
            held.filter(complainant_present=True).exists()
            or held.filter(complainant_present=False, absence_reason_valid=False).exists()
        )
        if not counted:
            missing.append(str(_("chưa ghi biên bản đối thoại, bắt buộc vì %(why)s.") % {"why": reason}))
    return missing


def _words(text: str) -> list[str]:
    plain = unicodedata.normalize("NFD", (text or "").lower().replace("đ", "d"))
    plain = "".join(ch for ch in plain if unicodedata.category(ch) != "Mn")
    return re.findall(r"\w+", plain)


def _triples(text: str) -> set[tuple[str, ...]]:
    words = _words(text)
    if len(words) < 3:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + 3]) for i in range(len(words) - 2)}


def withdrawn_content_conflict(petition: Petition) -> str | None:
    """Return why a complaint repeats content the same complainant withdrew, or None.

    Luật KN Điều 10 (as amended by Luật 136/2025/QH15): withdrawn content is not reconsidered unless the
    withdrawal was coerced or threatened. "Same complainant" is matched on the keyed hashes of the name or
    phone (never on plaintext); "same content" on the share of the withdrawn text's word triples.
    """

    if not has_identity(petition):
        return None
    ident = petition.identity
    same_person = PetitionIdentity.objects.none()
    if ident.name_hmac:
        same_person = same_person | PetitionIdentity.objects.filter(name_hmac=ident.name_hmac)
    if ident.phone_hmac:
        same_person = same_person | PetitionIdentity.objects.filter(phone_hmac=ident.phone_hmac)
    petition_ids = set(same_person.exclude(petition=petition).values_list("petition_id", flat=True))
    if not petition_ids:
        return None
    new = _triples(petition.content)
    same_body = Q(petition__handling_body=petition.handling_body) | Q(petition__organisation=petition.organisation)
    for w in (
        Withdrawal.objects.filter(same_body, petition_id__in=petition_ids, coerced=False)
        .select_related("petition")
        .order_by("-withdrawn_on")
    ):
        old = _triples(w.content)
        if old and len(old & new) / len(old) >= REFILE_SIMILARITY:
            return str(
                _(
                    "Nội dung này người khiếu nại đã rút ngày %(d)s (đơn %(code)s): nội dung đã rút không được "
                    "xem xét giải quyết lại, trừ khi việc rút do bị ép buộc, đe dọa (Luật Khiếu nại Điều 10, sửa "
                    "đổi bởi Luật 136/2025/QH15). Dùng “Không thụ lý”."
                )
                % {"d": w.withdrawn_on.strftime("%d/%m/%Y"), "code": w.petition.tracking_code}
            )
    return None


def determine_complex(
    petition: Petition, *, actor: Any, criteria: list[str], determination: str, decided_on: dt.date | None = None
) -> Petition:
    """Record the written determination that a complaint is complex, with the criteria that apply.

    NĐ 124/2020 Điều 3a (inserted by NĐ 155/2026 Điều 2): any one of the seven criteria; the determination is
    written and kept in the file (a numbered document). The longer period of Luật KN Điều 28/37 follows.
    """
    _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    target_state(petition, Action.DETERMINE_COMPLEX)
    if petition.kind not in COMPLAINT_KINDS:
        raise PetitionError(_("Tiêu chí vụ việc phức tạp của NĐ 124/2020 Điều 3a chỉ áp dụng cho khiếu nại."))
    criteria = list(dict.fromkeys(criteria or []))
    if not criteria or any(c not in COMPLAINT_COMPLEX_CRITERIA for c in criteria):
        raise PetitionError(_("Chọn ít nhất một tiêu chí vụ việc phức tạp của NĐ 124/2020 Điều 3a khoản 1."))
    if not (determination or "").strip():
        raise PetitionError(_("Ghi nội dung văn bản xác định vụ việc phức tạp (NĐ 124/2020 Điều 3a khoản 2)."))
    decided_on = decided_on or _today()
    labels = [str(ComplexCriterion(c).label) for c in criteria]
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.COMPLEXITY,
            actor=actor,
            audience=Audience.FILE,
            issued_on=decided_on,
            title=f"Về việc xác định vụ việc phức tạp trong giải quyết khiếu nại (đơn {petition.tracking_code})",
            extra=[
                "Căn cứ Điều 3a Nghị định số 124/2020/NĐ-CP (bổ sung bởi Nghị định số 155/2026/NĐ-CP), vụ việc "
                "thuộc trường hợp phức tạp:",
                *[f"- {label}" for label in labels],
                determination.strip(),
                "Văn bản này được lưu trong hồ sơ giải quyết khiếu nại.",
            ],
        )
        _commit(
            petition,
            Action.DETERMINE_COMPLEX,
            "complex_determined",
            actor=actor,
            document=document,
            note=determination.strip(),
            fields={
                "complex_criteria": criteria,
                "complex_determination": determination.strip(),
                "complex_document": document,
                "is_complex": True,
            },
            public_text=_stored(
                lambda: _("Vụ việc được xác định là phức tạp; thời hạn giải quyết theo vụ việc phức tạp")
            ),
        )
    return petition


def notify_dialogue(
    petition: Petition,
    *,
    actor: Any,
    planned_on: dt.date,
    content: str,
    place: str = "",
    notice_sent_on: dt.date | None = None,
) -> Dialogue:
    """Send the written notice of a dialogue (time, place, content) ≥ 05 days before it (NĐ 124/2020 Điều 28(1))."""
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.NOTIFY_DIALOGUE)
    if petition.kind not in COMPLAINT_KINDS:
        raise PetitionError(_("Đối thoại là thủ tục của giải quyết khiếu nại (Luật Khiếu nại Điều 30, 39)."))
    if not (content or "").strip():
        raise PetitionError(_("Ghi nội dung đối thoại trong thông báo."))
    notice_sent_on = notice_sent_on or _today()
    earliest = dialogue_earliest(notice_sent_on)
    if planned_on < earliest:
        raise PetitionError(
            _(
                "Ngày đối thoại phải sau ngày gửi thông báo ít nhất 05 ngày: sớm nhất ngày %(d)s "
                "(NĐ 124/2020 Điều 28 khoản 1, sửa đổi bởi NĐ 155/2026)."
            )
            % {"d": earliest.strftime("%d/%m/%Y")}
        )
    with transaction.atomic():
        # An earlier notice not held stays in the file; the dialogue recorded next answers the latest notice.
        document = issue_document(
            petition,
            DocumentKind.DIALOGUE_NOTICE,
            actor=actor,
            audience=Audience.CITIZEN,
            issued_on=notice_sent_on,
            title=f"Về việc tổ chức đối thoại (đơn {petition.tracking_code})",
            recipients=[
                "Người khiếu nại;",
                "Người bị khiếu nại;",
                "Người có quyền, nghĩa vụ liên quan;",
                "Lưu: VT, hồ sơ.",
            ],
            extra=[
                f"Thời gian: ngày {planned_on:%d/%m/%Y}.",
                f"Địa điểm: {place or '—'}.",
                f"Nội dung đối thoại: {content.strip()}",
                "Đề nghị người khiếu nại, người bị khiếu nại, người có quyền, nghĩa vụ liên quan có mặt đúng thời "
                "gian, địa điểm (NĐ 124/2020 Điều 28 khoản 1, sửa đổi bởi NĐ 155/2026). Người khiếu nại vắng mặt "
                "không có lý do chính đáng thì việc giải quyết khiếu nại vẫn tiếp tục (Luật Khiếu nại Điều 30 "
                "khoản 6).",
            ],
        )
        dialogue = Dialogue.objects.create(
            petition=petition,
            organisation=petition.handling_body,
            held_on=planned_on,
            place=place,
            minutes="",
            participants="",
            held=False,
            notice_sent_on=notice_sent_on,
            notice_document=document,
        )
        _commit(
            petition,
            Action.NOTIFY_DIALOGUE,
            "dialogue_noticed",
            actor=actor,
            fields={},
            document=document,
            note=content.strip(),
            public_text=_stored(lambda: _("Thông báo đối thoại ngày %(d)s") % {"d": planned_on.strftime("%d/%m/%Y")}),
        )
    return dialogue


def _authority(petition: Petition) -> str:
    """Return the "THẨM QUYỀN BAN HÀNH" line of Mẫu 14a/14b: the resolver's title and body."""

    position = default_signer(petition.handling_body).get("position", "")
    return f"{position} {petition.handling_body.name.upper()}".strip()


def _send_due(petition: Petition, decided_on: dt.date) -> dt.date | None:
    try:
        return compute_deadline(petition.kind, "gui-qd-dinh-chi", decided_on, organisation=petition.handling_body).due
    except WorkdaysError:
        return None


def _sent_note(sent_on: dt.date | None, due: dt.date | None) -> str:
    if sent_on is None:
        return f"Chưa gửi; hạn gửi {due:%d/%m/%Y} (03 ngày làm việc, NĐ 124/2020 Điều 28b)." if due else "Chưa gửi."
    late = due is not None and sent_on > due
    return f"Gửi ngày {sent_on:%d/%m/%Y}" + (f" — quá hạn gửi {due:%d/%m/%Y} (NĐ 124/2020 Điều 28b)." if late else ".")


def suspend(
    petition: Petition,
    *,
    actor: Any,
    ground: str,
    reason: str,
    evidence: str = "",
    decided_on: dt.date | None = None,
    sent_on: dt.date | None = None,
) -> Suspension:
    """Suspend a complaint's resolution by decision on Mẫu 14a (Luật KN Điều 11a(1); NĐ 124/2020 Điều 28a, 28b).

    Grounds: force majeure or an objective obstacle that stops the complainant taking part, documented
    (Điều 28a(4)); or awaiting another body's result on a directly related matter. The decision is issued at
    once and sent within 03 working days; the resolution clock pauses until the resumption decision.
    """
    _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    target_state(petition, Action.SUSPEND)
    if petition.kind not in COMPLAINT_KINDS:
        raise PetitionError(_("Tạm đình chỉ theo Luật Khiếu nại Điều 11a chỉ áp dụng cho khiếu nại."))
    if ground not in SUSPENSION_GROUNDS:
        raise PetitionError(_("Chọn căn cứ tạm đình chỉ theo Luật Khiếu nại Điều 11a khoản 1."))
    if not (reason or "").strip():
        raise PetitionError(_("Ghi rõ lý do tạm đình chỉ."))
    if ground == SuspensionGround.FORCE_MAJEURE and not (evidence or "").strip():
        raise PetitionError(
            _(
                "Sự kiện bất khả kháng, trở ngại khách quan phải có tài liệu chứng minh trong hồ sơ "
                "(NĐ 124/2020 Điều 28a khoản 4)."
            )
        )
    decided_on = decided_on or _today()
    if sent_on is not None and sent_on < decided_on:
        raise PetitionError(_("Ngày gửi quyết định không thể trước ngày ban hành."))
    due = _send_due(petition, decided_on)
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.SUSPENSION,
            actor=actor,
            audience=Audience.CITIZEN,
            issued_on=decided_on,
            title=f"Về việc tạm đình chỉ giải quyết khiếu nại (đơn {petition.tracking_code})",
            recipients=["Như Điều 3;", "Lưu: VT."],
            extra=[
                _authority(petition),
                "Căn cứ Điều 11a Luật Khiếu nại (sửa đổi, bổ sung bởi Luật số 136/2025/QH15); Điều 28a, 28b "
                "Nghị định số 124/2020/NĐ-CP (bổ sung bởi Nghị định số 155/2026/NĐ-CP);",
                f"Điều 1. Tạm đình chỉ việc giải quyết khiếu nại (mã theo dõi {petition.tracking_code}).",
                f"Lý do: {SuspensionGround(ground).label}. {reason.strip()}",
                f"Tài liệu chứng minh: {evidence.strip()}" if evidence.strip() else "",
                "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký. Thời gian tạm đình chỉ không tính "
                "vào thời hạn giải quyết khiếu nại.",
                "Điều 3. Người khiếu nại, người đại diện, người bị khiếu nại, người có quyền, nghĩa vụ liên quan "
                "chịu trách nhiệm thi hành Quyết định này.",
            ],
        )
        suspension = Suspension.objects.create(
            petition=petition,
            organisation=petition.handling_body,
            terminates=False,
            ground=ground,
            reason=reason.strip(),
            evidence=(evidence or "").strip(),
            from_state=petition.state,
            decided_on=decided_on,
            sent_on=sent_on,
            send_due_on=due,
            document=document,
        )
        _commit(
            petition,
            Action.SUSPEND,
            "suspended",
            actor=actor,
            fields={},
            document=document,
            note=f"{SuspensionGround(ground).label}. {reason.strip()} {_sent_note(sent_on, due)}",
            public_text=_stored(
                lambda: (
                    _("Việc giải quyết khiếu nại tạm đình chỉ từ ngày %(d)s") % {"d": decided_on.strftime("%d/%m/%Y")}
                )
            ),
        )
    return suspension


def resume(
    petition: Petition, *, actor: Any, resumed_on: dt.date | None = None, sent_on: dt.date | None = None, note: str = ""
) -> Suspension:
    """Resume a suspended complaint by decision on Mẫu 14b (NĐ 124/2020 Điều 28b(2)).

    Issued at once when the ground ends and sent within 03 working days; the period continues from the
    decision, the suspended days not counted (deadlines.py).
    """
    _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    target_state(petition, Action.RESUME)
    suspension = petition.suspensions.filter(terminates=False, resumed_on__isnull=True).order_by("-id").first()
    if suspension is None:
        raise PetitionError(_("Không có quyết định tạm đình chỉ đang có hiệu lực."))
    resumed_on = resumed_on or _today()
    if resumed_on < suspension.decided_on:
        raise PetitionError(
            _("Ngày tiếp tục giải quyết không thể trước ngày tạm đình chỉ (%(d)s).")
            % {"d": suspension.decided_on.strftime("%d/%m/%Y")}
        )
    if sent_on is not None and sent_on < resumed_on:
        raise PetitionError(_("Ngày gửi quyết định không thể trước ngày ban hành."))
    due = _send_due(petition, resumed_on)
    days = (resumed_on - suspension.decided_on).days
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.RESUMPTION,
            actor=actor,
            audience=Audience.CITIZEN,
            issued_on=resumed_on,
            title=f"Về việc tiếp tục giải quyết khiếu nại (đơn {petition.tracking_code})",
            recipients=["Như Điều 3;", "Lưu: VT."],
            extra=[
                _authority(petition),
                "Căn cứ Điều 11a Luật Khiếu nại (sửa đổi, bổ sung bởi Luật số 136/2025/QH15); Điều 28b Nghị định "
                "số 124/2020/NĐ-CP (bổ sung bởi Nghị định số 155/2026/NĐ-CP);",
                f"Căn cứ Quyết định số {suspension.document.number_text if suspension.document else '…'} ngày "
                f"{suspension.decided_on:%d/%m/%Y} về việc tạm đình chỉ giải quyết khiếu nại;",
                f"Điều 1. Tiếp tục giải quyết khiếu nại (mã theo dõi {petition.tracking_code}) kể từ ngày "
                f"{resumed_on:%d/%m/%Y}, do căn cứ tạm đình chỉ không còn. {note}".strip(),
                f"Điều 2. Thời hạn giải quyết khiếu nại tiếp tục được tính từ ngày ban hành Quyết định này; "
                f"{days} ngày tạm đình chỉ không tính vào thời hạn giải quyết.",
                "Điều 3. Người khiếu nại, người đại diện, người bị khiếu nại, người có quyền, nghĩa vụ liên quan "
                "chịu trách nhiệm thi hành Quyết định này.",
            ],
        )
        suspension.resumed_on = resumed_on
        suspension.resume_sent_on = sent_on
        suspension.resume_send_due_on = due
        suspension.resume_document = document
        suspension.save(
            update_fields=["resumed_on", "resume_sent_on", "resume_send_due_on", "resume_document", "updated_at"]
        )
        back = suspension.from_state if suspension.from_state in (State.ACCEPTED, State.VERIFYING) else State.VERIFYING
        _commit(
            petition,
            Action.RESUME,
            "resumed",
            actor=actor,
            fields={"state": back},
            document=document,
            note=f"{suspension_text(suspension)} {_sent_note(sent_on, due)} {note}".strip(),
            public_text=_stored(
                lambda: _("Tiếp tục giải quyết khiếu nại từ ngày %(d)s") % {"d": resumed_on.strftime("%d/%m/%Y")}
            ),
        )
    return suspension


def suspension_text(suspension: Suspension, *, stored: bool = True) -> str:
    """Return "tạm đình chỉ từ 01/09/2026 đến 21/09/2026: 20 ngày không tính vào thời hạn".

    `stored`: in Vietnamese for the record (timeline); False for a page, in the reader's language.
    """

    def compose() -> str:
        if suspension.resumed_on is None:
            return _("tạm đình chỉ từ %(a)s, chưa tiếp tục giải quyết") % {
                "a": suspension.decided_on.strftime("%d/%m/%Y")
            }
        return _("tạm đình chỉ từ %(a)s đến %(b)s: %(n)s ngày không tính vào thời hạn") % {
            "a": suspension.decided_on.strftime("%d/%m/%Y"),
            "b": suspension.resumed_on.strftime("%d/%m/%Y"),
            "n": suspension.excluded_days,
        }

    return _stored(compose) if stored else str(compose())


def terminate(
    petition: Petition,
    *,
    actor: Any,
    ground: str,
    reason: str = "",
    commune_committee: str = "",
    decided_on: dt.date | None = None,
    sent_on: dt.date | None = None,
) -> Suspension:
    """Terminate a complaint's resolution by decision on Mẫu 14a (Luật KN Điều 11a(2); NĐ 124/2020 Điều 28b(1)).

    Grounds: the whole complaint withdrawn; or the complainant died / the organisation was dissolved, went
    bankrupt or ceased without a successor — then the decision also goes to the commune People's Committee of
    the last residence or head office.
    """
    _require(actor, "petitions.decide", petition.handling_body, petition=petition)
    target_state(petition, Action.TERMINATE)
    if petition.kind not in COMPLAINT_KINDS:
        raise PetitionError(_("Đình chỉ theo Luật Khiếu nại Điều 11a chỉ áp dụng cho khiếu nại."))
    if ground not in TERMINATION_GROUNDS:
        raise PetitionError(_("Chọn căn cứ đình chỉ theo Luật Khiếu nại Điều 11a khoản 2."))
    commune_committee = (commune_committee or "").strip()
    if ground == SuspensionGround.NO_SUCCESSOR and not commune_committee:
        raise PetitionError(
            _(
                "Ghi UBND cấp xã nơi cư trú cuối cùng hoặc nơi có trụ sở chính để gửi quyết định đình "
                "chỉ (NĐ 124/2020 Điều 28b khoản 1)."
            )
        )
    if ground == SuspensionGround.WITHDRAWN and not petition.withdrawals.filter(whole=True).exists():
        raise PetitionError(
            _(
                "Ghi việc rút toàn bộ khiếu nại (đơn hoặc biên bản) bằng “Rút đơn” hoặc “Rút một phần "
                "khiếu nại” — chọn rút toàn bộ."
            )
        )
    decided_on = decided_on or _today()
    if sent_on is not None and sent_on < decided_on:
        raise PetitionError(_("Ngày gửi quyết định không thể trước ngày ban hành."))
    due = _send_due(petition, decided_on)
    recipients = ["Như Điều 3;"] + ([f"{commune_committee};"] if commune_committee else []) + ["Lưu: VT."]
    with transaction.atomic():
        document = issue_document(
            petition,
            DocumentKind.TERMINATION,
            actor=actor,
            audience=Audience.CITIZEN,
            issued_on=decided_on,
            title=f"Về việc đình chỉ giải quyết khiếu nại (đơn {petition.tracking_code})",
            recipients=recipients,
            extra=[
                _authority(petition),
                "Căn cứ Điều 11a Luật Khiếu nại (sửa đổi, bổ sung bởi Luật số 136/2025/QH15); Điều 28b Nghị định "
                "số 124/2020/NĐ-CP (bổ sung bởi Nghị định số 155/2026/NĐ-CP);",
                f"Điều 1. Đình chỉ việc giải quyết khiếu nại (mã theo dõi {petition.tracking_code}).",
                f"Lý do: {SuspensionGround(ground).label}. {reason.strip()}".strip(),
                "Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký.",
                "Điều 3. Người khiếu nại, người đại diện, người bị khiếu nại, người có quyền, nghĩa vụ liên quan"
                + (f"; {commune_committee}" if commune_committee else "")
                + " nhận Quyết định này.",
            ],
        )
        suspension = Suspension.objects.create(
            petition=petition,
            organisation=petition.handling_body,
            terminates=True,
            ground=ground,
            reason=(reason or "").strip() or str(SuspensionGround(ground).label),
            commune_committee=commune_committee,
            from_state=petition.state,
            decided_on=decided_on,
            sent_on=sent_on,
            send_due_on=due,
            document=document,
        )
        fields: dict[str, Any] = {
            "closure": Closure.WITHDRAWN if ground == SuspensionGround.WITHDRAWN else Closure.TERMINATED,
            "closed_at": timezone.now(),
            "resolution_due_on": petition.due_on,
            "decision_note": reason.strip(),
        }
        _commit(
            petition,
            Action.TERMINATE,
            "terminated",
            actor=actor,
            fields=fields,
            document=document,
            note=f"{SuspensionGround(ground).label}. {_sent_note(sent_on, due)}",
            public_text=_stored(
                lambda: _("Việc giải quyết khiếu nại bị đình chỉ: %(g)s") % {"g": SuspensionGround(ground).label}
            ),
        )
    return suspension


def record_sending(petition: Petition, *, actor: Any, sent_on: dt.date | None = None) -> Suspension:
    """Record the day the last unsent Mẫu 14a (suspension, termination) or Mẫu 14b (resumption) was sent.

    NĐ 124/2020 Điều 28b: sent within 03 working days of the decision; a late sending is recorded as late.
    """
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.RECORD_SENDING)
    sent_on = sent_on or _today()
    pending = [
        (s, "resume") for s in petition.suspensions.filter(resumed_on__isnull=False, resume_sent_on__isnull=True)
    ]
    pending += [(s, "decision") for s in petition.suspensions.filter(sent_on__isnull=True)]
    if not pending:
        raise PetitionError(
            _("Không có quyết định tạm đình chỉ, đình chỉ hoặc tiếp tục giải quyết nào chưa ghi ngày gửi.")
        )
    suspension, which = max(
        pending, key=lambda item: (item[0].resumed_on if item[1] == "resume" else item[0].decided_on, item[0].pk)
    )
    issued = suspension.resumed_on if which == "resume" else suspension.decided_on
    if sent_on < issued:
        raise PetitionError(_("Ngày gửi quyết định không thể trước ngày ban hành."))
    due = suspension.resume_send_due_on if which == "resume" else suspension.send_due_on
    document = suspension.resume_document if which == "resume" else suspension.document
    with transaction.atomic():
        if which == "resume":
            suspension.resume_sent_on = sent_on
            suspension.save(update_fields=["resume_sent_on", "updated_at"])
        else:
            suspension.sent_on = sent_on
            suspension.save(update_fields=["sent_on", "updated_at"])
        number = document.number_text if document else ""
        _commit(
            petition,
            Action.RECORD_SENDING,
            "decision_sent_14",
            actor=actor,
            fields={},
            note=f"{number}: {_sent_note(sent_on, due)}",
        )
    return suspension


def withdraw_part(
    petition: Petition,
    *,
    actor: Any,
    content: str,
    mode: str = WithdrawalMode.LETTER,
    whole: bool = False,
    withdrawn_on: dt.date | None = None,
    withdrawn_by: str = "",
    coerced: bool = False,
    note: str = "",
) -> Withdrawal:
    """Record the withdrawal of a part (or the whole) of a complaint, by letter or by minutes.

    Luật KN Điều 10 (Luật 136/2025/QH15): the rest continues; the whole withdrawn → đình chỉ (Mẫu 14a).
    NĐ 124/2020 Điều 7a (NĐ 155/2026 Điều 5): in a group complaint the others continue. Withdrawn content is
    not reconsidered unless the withdrawal was coerced or threatened (`coerced`, recorded).
    """
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.WITHDRAW_PART)
    if petition.kind not in COMPLAINT_KINDS:
        raise PetitionError(_("Rút một phần theo Luật Khiếu nại Điều 10 chỉ áp dụng cho khiếu nại."))
    if mode not in WithdrawalMode.values:
        raise PetitionError(_("Chọn hình thức rút: đơn rút khiếu nại hoặc biên bản."))
    if not (content or "").strip():
        raise PetitionError(_("Ghi nội dung khiếu nại được rút."))
    withdrawn_on = withdrawn_on or _today()
    with transaction.atomic():
        withdrawal = Withdrawal.objects.create(
            petition=petition,
            organisation=petition.handling_body,
            whole=whole,
            content=content.strip(),
            withdrawn_by=(withdrawn_by or "").strip()[:255],
            mode=mode,
            withdrawn_on=withdrawn_on,
            coerced=coerced,
            note=(note or "").strip(),
        )
        what = _stored(lambda: _("toàn bộ") if whole else _("một phần"))
        text = f"Rút {what} khiếu nại ({WithdrawalMode(mode).label}, ngày {withdrawn_on:%d/%m/%Y})"
        if coerced:
            text += "; việc rút do bị ép buộc, đe dọa — nội dung rút vẫn có thể được xem xét lại"
        audit.record("petitions.petition.withdrawn_part", obj=petition, actor=actor, message=text)
        _step(
            petition,
            "withdrawn_part",
            actor=actor,
            note=text,
            public_text=_stored(
                lambda: (
                    _("Người khiếu nại rút toàn bộ khiếu nại")
                    if whole
                    else _("Người khiếu nại rút một phần khiếu nại; phần còn lại tiếp tục được giải quyết")
                )
            ),
        )
        if whole:
            petition.withdrawn_at = timezone.now()
            petition.save(update_fields=["withdrawn_at", "updated_at"])
            terminate(
                petition,
                actor=actor,
                ground=SuspensionGround.WITHDRAWN,
                reason=note or text,
                decided_on=max(withdrawn_on, _today()),
            )
    return withdrawal


def record_receipt(petition: Petition, *, actor: Any, received_on: dt.date) -> Petition:
    """Record the day the complainant received the first decision: the 2nd-complaint window runs from it."""
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.RECORD_RECEIPT)
    if petition.decision_sent_on and received_on < petition.decision_sent_on:
        raise PetitionError(_("Ngày người khiếu nại nhận quyết định không thể trước ngày gửi."))
    with transaction.atomic():
        _commit(
            petition,
            Action.RECORD_RECEIPT,
            "decision_received",
            actor=actor,
            fields={"decision_received_on": received_on},
            note=_stored(
                lambda: _("Người khiếu nại nhận quyết định ngày %(d)s") % {"d": received_on.strftime("%d/%m/%Y")}
            ),
        )
    return petition


def _set_publicity_due(petition: Petition) -> None:
    if petition.resolved_on is None or petition.publicity_due_on is not None:
        return
    try:
        due = compute_deadline(
            petition.kind, "cong-khai", petition.resolved_on, organisation=petition.handling_body
        ).due
    except WorkdaysError:
        return
    petition.publicity_due_on = due
    petition.save(update_fields=["publicity_due_on", "updated_at"])


def publish_decision(petition: Petition, *, actor: Any, form: str, published_on: dt.date | None = None) -> Petition:
    """Record the publicity of a second-time decision: the form and the day (Luật KN Điều 41(3)).

    The period comes from the rule table (khieu-nai-lan-2 / cong-khai, 15 days from the decision; article of
    NĐ 124 not confirmed); a late publicity is recorded as such.
    """
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    target_state(petition, Action.PUBLISH_DECISION)
    if petition.kind not in SECOND_TIME_KINDS:
        raise PetitionError(
            _("Công khai quyết định áp dụng cho quyết định giải quyết khiếu nại lần hai (Luật Khiếu nại Điều 41).")
        )
    if form not in DecisionPublicityForm.values:
        raise PetitionError(_("Chọn hình thức công khai."))
    published_on = published_on or _today()
    _set_publicity_due(petition)
    due = petition.publicity_due_on
    note = f"{DecisionPublicityForm(form).label}, ngày {published_on:%d/%m/%Y}"
    if due is not None:
        note += f" (hạn {due:%d/%m/%Y}{' — quá hạn' if published_on > due else ''})"
    with transaction.atomic():
        _commit(
            petition,
            Action.PUBLISH_DECISION,
            "decision_published",
            actor=actor,
            note=note,
            fields={"publicity_form": form, "published_on": published_on},
            public_text=_stored(lambda: _("Quyết định giải quyết khiếu nại lần hai đã được công khai")),
        )
    return petition


@dataclass(frozen=True)
class Window:
    """The second-complaint window: its due date, rule, and what it runs from."""

    due: dt.date
    rule: Any
    start_text: str


def second_complaint_window(first: Petition, *, organisation: Any = None) -> Window | None:
    """Return the window to complain a second time, counted from the day the complainant received the decision.

    Luật KN Điều 33(1): 30 days (45 in remote areas) from receiving the first decision, or from the lapse of the
    first-time period. Disciplinary decisions: 10 days, 30 for buộc thôi việc (Luật KN Điều 48). When the receipt
    day is not recorded the sending day is used, and the text says so.
    """

    if first.decision_received_on:
        start, text = first.decision_received_on, f"tính từ ngày nhận quyết định {first.decision_received_on:%d/%m/%Y}"
    elif first.decision_sent_on or first.resolved_on:
        start = first.decision_sent_on or first.resolved_on
        text = f"chưa ghi ngày nhận quyết định, tạm tính từ ngày gửi {start:%d/%m/%Y}"
    elif first.due_on:
        start, text = first.due_on, f"tính từ ngày hết thời hạn giải quyết lần đầu {first.due_on:%d/%m/%Y}"
    else:
        return None
    organisation = organisation or first.handling_body
    try:
        if first.kind == Kind.KHIEU_NAI_KY_LUAT:
            if first.discipline_dismissal:
                rows = [
                    r
                    for r in load_rules()
                    if r.kind == Kind.KHIEU_NAI_KY_LUAT_LAN_2
                    and r.step == "thoi-hieu"
                    and r.variant == "buoc-thoi-viec"
                    and r.effective_from <= start
                ]
                if rows:
                    rule = max(rows, key=lambda r: r.effective_from)
                    return Window(get_calendar(organisation).due_date(start, rule.amount, rule.unit), rule, text)
            d = compute_deadline(Kind.KHIEU_NAI_KY_LUAT_LAN_2, "thoi-hieu", start, organisation=organisation)
        else:
            d = compute_deadline(
                "khieu-nai-lan-2", "thoi-hieu", start, remote=first.is_remote, organisation=organisation
            )
    except WorkdaysError:
        return None
    return Window(d.due, d.rule, text)


# ====================================================================== one door for the web helper


ACTION_FUNCTIONS = {
    Action.ASSIGN: assign,
    Action.CLASSIFY: classify,
    Action.ACCEPT: accept,
    Action.NOT_ACCEPT: not_accept,
    Action.TRANSFER: transfer,
    Action.GUIDE: guide,
    Action.FILE: file_petition,
    Action.MERGE: merge,
    Action.SPLIT: split_petition,
    Action.START_VERIFICATION: start_verification,
    Action.RECORD_VERIFICATION: record_verification,
    Action.RECORD_DIALOGUE: record_dialogue,
    Action.RECORD_MEDIATION: record_mediation,
    Action.EXTEND: extend,
    Action.RESOLVE: resolve,
    Action.SEND_DECISION: send_decision,
    Action.REPLY: reply,
    Action.CLOSE: close,
    Action.WITHDRAW: withdraw,
    Action.ESCALATE: escalate,
    Action.RECORD_SATISFACTION: record_satisfaction,
    Action.EXTEND_PROCESSING: extend_initial_processing,
    Action.WITHDRAW_DENUNCIATION: withdraw_denunciation,
    Action.HANDLE_CONCLUSION: handle_conclusion,
    Action.PUBLISH_CONCLUSION: publish_conclusion,
    Action.RE_DENOUNCE: re_denounce,
    Action.RE_RESOLVE: re_resolve,
    Action.UPHOLD_CONCLUSION: uphold_conclusion,
    Action.DETERMINE_COMPLEX: determine_complex,
    Action.NOTIFY_DIALOGUE: notify_dialogue,
    Action.SUSPEND: suspend,
    Action.RESUME: resume,
    Action.TERMINATE: terminate,
    Action.WITHDRAW_PART: withdraw_part,
    Action.RECORD_RECEIPT: record_receipt,
    Action.PUBLISH_DECISION: publish_decision,
    Action.RECORD_SENDING: record_sending,
}


@refusals_are_conflicts
def transition(petition: Petition, action: str, *, actor: Any, **data: Any) -> Any:
    """Run the service function of `action` (positional targets such as `handler` or `into` go in `data`)."""
    fn = ACTION_FUNCTIONS.get(action)
    if fn is None:
        raise PetitionError(_("Thao tác không hợp lệ."))
    if action == Action.ASSIGN:
        return fn(petition, data.pop("handler", None), actor=actor, **data)
    if action == Action.MERGE:
        return fn(petition, data.pop("into"), actor=actor, **data)
    return fn(petition, actor=actor, **data)


def available_actions(petition: Petition, user: Any) -> list[str]:
    """Return the actions the table allows now and the user may perform (for buttons)."""

    decide = {
        Action.ACCEPT,
        Action.NOT_ACCEPT,
        Action.EXTEND,
        Action.RESOLVE,
        Action.DETERMINE_COMPLEX,
        Action.SUSPEND,
        Action.RESUME,
        Action.TERMINATE,
    }
    person = _person(user)
    if person is not None and petition.accused_person_id == person.pk and petition.kind not in COMPLAINT_KINDS:
        return []
    is_handler = person is not None and petition.handler_id == person.pk
    out = []
    for action in allowed_actions(petition.state, petition.kind):
        perm = "petitions.decide" if action in decide else "petitions.handle"
        if action in (Action.ESCALATE,):
            perm = "petitions.register"
        if has_perm(user, perm, petition.handling_body) or (is_handler and action not in decide):
            out.append(action)
    if petition.kind == Kind.TO_CAO:
        out = _denunciation_buttons(petition, user, out)
    return out


# ====================================================================== redacted copies for verifiers


def make_redacted_copy(attachment: Any, *, actor: Any, extra_names: list[str] | None = None) -> Any:
    """Create a copy of a text or DOCX attachment with the petitioner's identity masked (Luật Tố cáo Điều 56).

    Scans and pictures cannot be masked automatically: upload a hand-redacted copy with `attach_redacted_copy`.
    """

    petition = attachment.petition
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)
    values = identity_values(petition.identity if has_identity(petition) else None)
    values += masked_names_list(petition) + [v for v in (extra_names or []) if v and len(v.strip()) >= 2]
    attachment.file.open("rb")
    try:
        data = attachment.file.read()
    finally:
        attachment.file.close()
    if attachment.kind == AttachmentKind.TEXT:
        out = redact_text(data.decode("utf-8", errors="replace"), values).encode("utf-8")
        ext = "txt"
    elif attachment.kind == AttachmentKind.DOCX:
        doc = docx.Document(io.BytesIO(data))
        paragraphs = list(doc.paragraphs)
        for table in doc.tables:
            for row in table.rows:
                for cell in row.cells:
                    paragraphs.extend(cell.paragraphs)
        for para in paragraphs:
            masked = redact_text(para.text, values)
            if masked != para.text:
                # Runs may split a name; rewrite the paragraph as one run in the first run's format.
                for run in para.runs[1:]:
                    run.text = ""
                if para.runs:
                    para.runs[0].text = masked
        buffer = io.BytesIO()
        doc.save(buffer)
        out = buffer.getvalue()
        ext = "docx"
    else:
        raise PetitionError(
            _(
                "Không tự che được danh tính trong ảnh, bản chụp hoặc PDF: hãy tải lên bản đã che "
                "thủ công cho người xác minh."
            )
        )
    with transaction.atomic():
        copy = PetitionAttachment(
            petition=petition,
            organisation=attachment.organisation,
            kind=attachment.kind,
            size=len(out),
            sha256=hashlib.sha256(out).hexdigest(),
            description=f"Bản che danh tính của tệp #{attachment.pk}",
            contains_identity=False,
            redacted_of=attachment,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        copy.file.save(f"ban-che-{attachment.pk}.{ext}", ContentFile(out), save=False)
        copy.save()
        audit.record(
            "petitions.attachment.redacted",
            obj=petition,
            actor=actor,
            message=f"Tạo bản che danh tính của tệp #{attachment.pk}",
        )
    return copy


def attach_redacted_copy(original: Any, file: Any, *, actor: Any, description: str = "") -> Any:
    """Attach a hand-redacted copy (scan, PDF) of an attachment for verifiers; it holds no identity."""

    petition = original.petition
    _require(actor, "petitions.handle", petition.handling_body, petition=petition, handler_may=True)

    try:
        accepted = accept_upload(file, allowed=set(REDACTED_COPY_KINDS))
    except ValidationError as exc:
        raise PetitionError(" ".join(exc.messages)) from None
    with transaction.atomic():
        copy = PetitionAttachment(
            petition=petition,
            organisation=original.organisation,
            kind=SNIFFED_ATTACHMENT_KIND.get(accepted.kind, AttachmentKind.OTHER),
            size=accepted.size,
            sha256=accepted.sha256,
            contains_identity=False,
            redacted_of=original,
            description=description or f"Bản che danh tính của tệp #{original.pk}",
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        save_upload(copy.file, accepted)
        copy.save()
        audit.record(
            "petitions.attachment.redacted",
            obj=petition,
            actor=actor,
            message=f"Tải lên bản che danh tính của tệp #{original.pk}",
        )
    return copy
