"""Staff pages: the queue, a petition's file, entry of receptions and petitions, duplicates, registers.

Thin views: parse input, call one service (services.py / duplicates.py / registers.py), turn a
`PetitionError` into a message. Every petition is fetched through `Petition.objects.visible_to`
(another school's petition is a 404); write actions need the permission the service checks.
The identity of the petitioner is shown only on its own page, reached by a POST that is audited
(`identity.view_identity`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danvan.core import audit
from danvan.core.downloads import XLSX, stored_file
from danvan.core.downloads import attachment as attachment_response
from danvan.core.errors import DomainError
from danvan.core.language import records_language
from danvan.core.models import AuditEvent
from danvan.core.params import parse_int
from danvan.core.scoping import grants_for, has_perm, perms_anywhere
from danvan.core.uploads import sniff
from danvan.core.web import check_object_perm, get_visible_or_404, render_page, require_perm, show_refusal
from danvan.lib.lazy import lazy_module
from danvan.org.choices import Position
from danvan.org.models import Membership, Organisation, Person
from danvan.petitions import duplicates, ocr
from danvan.petitions.choices import (
    COMPLAINT_KINDS,
    NOTICE_GROUNDS,
    REFUSAL_CLAUSE,
    Action,
    AttachmentKind,
    Channel,
    ComplexCriterion,
    DecisionRecipient,
    IdentityVisibility,
    Kind,
    PublicityForm,
    ReceptionOutcome,
    State,
)
from danvan.petitions.deadlines import publicity_deadline, transfer_deadline
from danvan.petitions.filters import keyset_page, queue_filter
from danvan.petitions.forms import (
    ACTION_FORMS,
    BulkAssignForm,
    ConflictForm,
    DocumentReceiptForm,
    HeadReceptionDayForm,
    LetterForm,
    LinkForm,
    PetitionItemFormSet,
    ReceptionForm,
    ReceptionPlaceForm,
    RefusalForm,
    at_least_one_item,
)
from danvan.petitions.identity import (
    MASK,
    IdentityPolicy,
    attachments_for,
    can_view_reception_identity,
    policy_for,
    view_identity,
)
from danvan.petitions.identity_pages import masked_subjects
from danvan.petitions.models import (
    AMBER_WORKING_DAYS,
    HeadReceptionDay,
    Petition,
    PetitionAttachment,
    PetitionDocument,
    PetitionLink,
    Reception,
    ReceptionPlace,
    ScanReading,
)
from danvan.petitions.registers import PETITION_COLUMNS, RECEPTION_COLUMNS, petition_register, reception_register
from danvan.petitions.services import (
    PetitionError,
    assign,
    available_actions,
    cancel_head_reception,
    issue_petition_receipt,
    issue_reception_receipt,
    issue_refusal_notice,
    merge,
    missing_before_decision,
    months_without_head_day,
    petition_from_reception,
    plan_head_reception,
    refuse_reception,
    register_petition,
    second_complaint_window,
    set_reception_place,
    suspension_text,
    transition,
)
from danvan.petitions.services import declare_conflict as declare
from danvan.petitions.services import link as link_service
from danvan.petitions.services import register_reception as record_reception
from danvan.workdays.choices import Step
from danvan.workdays.services import WorkdaysError, parse_date, working_days_between

if TYPE_CHECKING:
    from danvan.petitions import registers_xlsx
else:  # loaded on first use (danvan/lib/lazy.py): openpyxl only for a register download
    registers_xlsx = lazy_module("danvan.petitions.registers_xlsx")

PER_PAGE = 25


# ====================================================================== helpers


def tenants_with(user: Any, perm: str) -> list[Any]:
    """Return the tenants (schools, Department) on which the user holds `perm` directly (one query per request)."""

    grants = grants_for(user)
    cached = getattr(user, "_petitions_tenants", None)
    if cached is None:
        ids = {g.tenant_id for g in grants}
        cached = {o.pk: o for o in Organisation.objects.filter(id__in=ids).order_by("path")}
        user._petitions_tenants = cached
    wanted = {g.tenant_id for g in grants if perm in g.own}
    return [o for pk, o in cached.items() if pk in wanted]


def entry_organisation(request: HttpRequest) -> Any:
    """Return the school the clerk registers a petition for (the `org` chosen among those they may register for)."""
    orgs = tenants_with(request.user, "petitions.register")
    if not orgs:
        raise PermissionDenied
    wanted = request.POST.get("org") or request.GET.get("org")
    if wanted:
        for org in orgs:
            if str(org.pk) == wanted:
                return org
        raise Http404
    return orgs[0]


def _petition(request: HttpRequest, pk: int) -> Petition:
    return get_visible_or_404(
        Petition.objects.select_related("organisation", "handling_body", "handler", "reception"),
        request.user,
        "petitions.view",
        pk=pk,
    )


def require_petition_access(view: Any) -> Any:
    """Decorate a petition page: login, and `petitions.view` somewhere or being the assigned handler of a
    petition (a teacher the head gave one to); which petition may be opened is decided by `visible_to`."""

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        user = request.user
        if "petitions.view" not in perms_anywhere(user) and not Petition.objects.filter(handler__user=user).exists():
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


class _DaysLeft:
    """Working days left per (handling body, due date), computed once per page."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.cache: dict[tuple[int, dt.date], int] = {}

    def __call__(self, p: Petition) -> int | None:
        if p.due_on is None or not p.is_open:
            return None
        key = (p.handling_body_id, p.due_on)
        if key not in self.cache:
            self.cache[key] = working_days_between(self.today, p.due_on, organisation=p.handling_body)
        return self.cache[key]


def colour_for(p: Petition, left: int | None, today: dt.date) -> str:
    """Return ok / warn / late like `Petition.colour`, from an already computed number of days."""

    if left is None:
        return ""
    if p.due_on < today:
        return "late"
    return "warn" if left <= AMBER_WORKING_DAYS else "ok"


# ====================================================================== queue

_KIND = dict(Kind.choices)
_STATE = dict(State.choices)
_STEP = dict(Step.choices)


def days_left_text(left: int | None) -> str:
    """Return "còn 3 ngày làm việc" / "quá hạn 18 ngày làm việc" / "hạn hôm nay" for a badge."""
    if left is None:
        return ""
    if left < 0:
        return _("quá hạn %(n)d ngày làm việc") % {"n": -left}
    if left == 0:
        return _("hạn hôm nay")
    return _("còn %(n)d ngày làm việc") % {"n": left}


def _queue_row(p: Petition, left: int | None, today: dt.date, prefix: str, subject: str) -> dict[str, Any]:
    """Return one queue row as plain strings (the list is the hottest page: keep the template trivial); `subject`
    is the masked one (identity.masked_subjects)."""
    subject = subject if len(subject) <= 90 else subject[:89].rstrip() + "…"
    return {
        "p": p,
        "pk": str(p.pk),
        "code": p.tracking_code,
        "subject": subject,
        "url": f"{prefix}{p.pk}/",
        "kind": _KIND.get(p.kind, p.kind),
        "state": _STATE.get(p.state, p.state),
        "received": timezone.localtime(p.received_at).strftime("%d/%m/%Y"),
        "due": p.due_on.strftime("%d/%m/%Y") if p.due_on else "",
        "step": _STEP.get(p.step, ""),
        "left": left,
        "left_text": days_left_text(left),
        "colour": colour_for(p, left, today),
        "handler": p.handler.full_name if p.handler_id else "",
    }


@require_GET
@require_perm("petitions.view")
def queue(request: HttpRequest) -> HttpResponse:
    """List the petitions the user may see, most urgent first, with filters and full-text search."""

    user = request.user
    view_orgs = tenants_with(user, "petitions.view")
    today = timezone.localdate()
    form = queue_filter(request.GET, user, view_orgs=view_orgs, today=today)
    form.warn(request)
    handlers = form.handlers
    qs = form.apply(
        Petition.objects.visible_to(user, "petitions.view")
        .select_related("handler", "organisation", "handling_body")
        .only(
            "id",
            "tracking_code",
            "subject",
            "masked_names",
            "kind",
            "state",
            "channel",
            "received_at",
            "due_on",
            "step",
            "deadline_rule",
            "handler__full_name",
            "organisation__name",
            "organisation__short_name",
            "handling_body__id",
            "handling_body__path",
            "handling_body__tenant_id",
            "anonymous",
            "organisation__code",
        ),
    )
    page = keyset_page(qs, request.GET, PER_PAGE)
    days_left = _DaysLeft(today)
    prefix = reverse("petitions:detail", kwargs={"pk": 0})[:-2]  # "/don-thu/" — one reverse for all rows
    subjects = masked_subjects(page.object_list)
    rows = [_queue_row(p, days_left(p), today, prefix, subjects[p.pk]) for p in page.object_list]
    can_assign = "petitions.handle" in {perm for g in grants_for(user) for perm in g.own}
    params = request.GET.copy()
    for name in ("page", "after", "before"):
        params.pop(name, None)
    return render_page(
        request,
        "petitions/petition_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "today": today,
            "can_assign": can_assign,
            "handlers": handlers,
            "querystring": params.urlencode(),
            "can_register": bool(tenants_with(user, "petitions.register")),
            "late_refusal_notices": _late_refusal_notices(view_orgs, today),
        },
    )


def _late_refusal_notices(orgs: list[Any], today: dt.date) -> int:
    """Count refused receptions whose Mẫu 01/TCD notice is past its 03 working days (NĐ 154/2026 Điều 4(3))."""

    if not orgs:
        return 0
    return Reception.objects.filter(
        organisation__in=orgs, refusal_notice_due_on__lt=today, routed_to__isnull=True, refusal_notice_on__isnull=True
    ).count()


@require_POST
@require_perm("petitions.handle")
def bulk_assign(request: HttpRequest) -> HttpResponse:
    """Assign one handler to the selected petitions (each through the assign service)."""

    form = BulkAssignForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()][:200]
    if not form.is_valid() or not ids:
        messages.error(request, _("Chọn ít nhất một đơn và một cán bộ xử lý."))
        return redirect("petitions:queue")
    orgs = tenants_with(request.user, "petitions.handle")
    handler = Person.objects.filter(pk=form.cleaned_data["handler"], organisation__in=orgs).first()
    if handler is None:
        raise Http404
    petitions = list(
        Petition.objects.visible_to(request.user, "petitions.handle")
        .filter(pk__in=ids)
        .select_related("handling_body", "handler")
    )
    if len(petitions) != len(set(ids)):
        raise Http404
    done, failed = 0, []
    for p in petitions:
        try:
            assign(p, handler, actor=request.user, note=_("Phân công hàng loạt"))
            done += 1
        except PetitionError as exc:
            failed.append(f"{p.tracking_code}: {exc.message}")
    if done:
        messages.success(request, _("Đã giao %(n)d đơn cho %(name)s.") % {"n": done, "name": handler.full_name})
    for text in failed:
        messages.error(request, text)
    next_url = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("petitions:queue")
    return redirect(next_url)


# ====================================================================== one petition


# Decisions that issue a numbered document, publish a reply to the citizen, move the petition out of the school or
# end a step for good: the browser asks before sending them.
FINAL_ACTIONS = frozenset(
    {
        Action.ACCEPT,
        Action.NOT_ACCEPT,
        Action.TRANSFER,
        Action.GUIDE,
        Action.FILE,
        Action.MERGE,
        Action.RESOLVE,
        Action.SEND_DECISION,
        Action.REPLY,
        Action.CLOSE,
        Action.WITHDRAW,
        Action.ESCALATE,
        Action.DETERMINE_COMPLEX,
        Action.NOTIFY_DIALOGUE,
        Action.SUSPEND,
        Action.RESUME,
        Action.TERMINATE,
        Action.WITHDRAW_PART,
        Action.PUBLISH_DECISION,
    }
)
# Denunciation steps that issue a decision or end a stage (Luật Tố cáo Điều 33, 36, 37, 40): confirmed first.
FINAL_ACTIONS = FINAL_ACTIONS | {
    Action.WITHDRAW_DENUNCIATION,
    Action.HANDLE_CONCLUSION,
    Action.PUBLISH_CONCLUSION,
    Action.RE_DENOUNCE,
    Action.RE_RESOLVE,
    Action.UPHOLD_CONCLUSION,
}


def _detail_context(request: HttpRequest, petition: Petition, bound: Any = None) -> dict[str, Any]:
    user = request.user
    actions = available_actions(petition, user)
    forms = []
    for action in actions:
        cls = ACTION_FORMS.get(action)
        if cls is None:
            continue
        form = bound if bound is not None and bound.action == action else cls(petition=petition)
        confirm = (
            _("“%(action)s”: việc này được ghi vào hồ sơ đơn và không hoàn tác được. Tiếp tục?")
            % {"action": Action(action).label}
            if action in FINAL_ACTIONS
            else ""
        )
        forms.append(
            {
                "action": action,
                "label": Action(action).label,
                "form": form,
                "confirm": confirm,
                "open": bound is not None and bound.action == action,
            }
        )
    policy = policy_for(user, petition)
    allowed_identity = policy.can_see_identity
    may_link = _may_link(user, petition)
    candidates = []
    if may_link and petition.is_open:
        candidates = duplicates.find_candidates(
            petition.organisation, petition.content, exclude=[petition.pk], limit=5, user=user
        )
    links = list(petition.links_out.select_related("to_petition")) + list(
        petition.links_in.select_related("from_petition")
    )
    # A link to a petition the user may not see (one routed away from the school because of its head) is not shown.
    others = {link.to_petition_id if link.from_petition_id == petition.pk else link.from_petition_id for link in links}
    hidden = (
        set(
            Petition.objects.filter(pk__in=others, routed_away=True)
            .exclude(pk__in=Petition.objects.visible_to(user).values("pk"))
            .values_list("pk", flat=True)
        )
        if others
        else set()
    )
    links = [
        link
        for link in links
        if (link.to_petition_id if link.from_petition_id == petition.pk else link.from_petition_id) not in hidden
    ]
    return {
        "petition": petition,
        "policy": policy,
        "content": policy.content,
        "steps": policy.notes(petition.steps.select_related("actor").order_by("at", "id")),
        "documents": [d for d in petition.documents.all() if allowed_identity or not d.contains_identity],
        "attachments": [a for a in attachments_for(user, petition) if not a.contains_identity],
        "hidden_attachments": sum(1 for a in petition.attachments.all() if a.contains_identity),
        "can_view_identity": allowed_identity,
        "action_forms": forms,
        "candidates": candidates,
        "links": links,
        "may_link": may_link,
        "link_form": LinkForm(),
        "left_text": days_left_text(petition.working_days_left()),
        "colour": petition.colour(),
        "reason_labels": duplicates.REASON_LABELS,
        "audit_events": policy.audit_entries(AuditEvent.objects.for_object(petition).select_related("actor")[:200]),
        "may_declare_conflict": _may_declare_conflict(user, petition),
        "conflict_form": ConflictForm(),
        "may_receipt": petition.channel == Channel.WALK_IN
        and has_perm(user, "petitions.register", petition.organisation),
        "denunciation": denunciation_panel(petition),
        **_complaint_context(petition, policy),
    }


def _masked_withdrawal(withdrawal: Any, policy: IdentityPolicy) -> Any:
    """Return a withdrawal with the petitioner's identity masked in what was withdrawn (the file page is not the
    identity page); the stored row is untouched."""
    withdrawal.content = policy.mask(withdrawal.content)
    return withdrawal


def _complaint_context(petition: Petition, policy: IdentityPolicy) -> dict[str, Any]:
    """Return what the file shows of the complaint procedure: suspensions, withdrawals, complexity, recipients."""

    if petition.kind not in COMPLAINT_KINDS:
        return {}
    suspensions = list(petition.suspensions.select_related("document", "resume_document"))
    window = None
    if petition.state in (State.DECISION_SENT, State.REPLIED, State.CLOSED) and petition.decision_sent_on:
        window = second_complaint_window(petition)
    return {
        "suspensions": [{"s": s, "text": suspension_text(s, stored=False)} for s in suspensions if not s.terminates],
        "terminations": [s for s in suspensions if s.terminates],
        "withdrawals": [_masked_withdrawal(w, policy) for w in petition.withdrawals.all()],
        "complex_labels": [
            ComplexCriterion(c).label for c in petition.complex_criteria if c in ComplexCriterion.values
        ],
        "recipient_labels": [
            DecisionRecipient(r).label for r in petition.decision_recipients if r in DecisionRecipient.values
        ],
        "missing_for_decision": missing_before_decision(petition)
        if petition.state in (State.ACCEPTED, State.VERIFYING)
        else [],
        "second_window": window,
        "dialogues": list(petition.dialogues.all()),
    }


def denunciation_panel(petition: Petition) -> dict[str, Any] | None:
    """Return the denunciation's own limits and records for the file page (Luật Tố cáo Điều 24, 33, 36, 37, 40)."""
    if petition.kind != Kind.TO_CAO:
        return None
    today = timezone.localdate()
    transfer = transfer_deadline(petition)
    publicity = publicity_deadline(petition)
    return {
        "transfer": transfer,
        "transfer_late": bool(
            petition.transferred_on and petition.transfer_due_on and petition.transferred_on > petition.transfer_due_on
        ),
        "transfer_overdue": bool(transfer and petition.transferred_on is None and transfer.due < today),
        "publicity": publicity,
        "publicity_pending": bool(publicity and petition.published_on is None),
        "publicity_overdue": bool(publicity and petition.published_on is None and publicity.due < today),
        "publicity_late": bool(
            petition.published_on and petition.publicity_due_on and petition.published_on > petition.publicity_due_on
        ),
        "publicity_forms": [PublicityForm(f).label for f in petition.publicity_forms.split(",") if f],
        "withdrawals": list(petition.denunciation_withdrawals.all()),
        "extensions": list(petition.extensions.all()),
        "re_denunciations": list(petition.re_denunciations.all()),
    }


def _may_declare_conflict(user: Any, petition: Petition) -> bool:
    """Return whether the user handles or decides this open petition and may declare a conflict of interest."""

    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None or not petition.is_open or petition.conflict_declared_by_id == person.pk:
        return False
    return petition.handler_id == person.pk or has_perm(user, "petitions.decide", petition.handling_body)


@require_GET
@require_petition_access
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show a petition's file: content (identity masked), timeline, documents, actions, audit trail."""
    petition = _petition(request, pk)
    return render_page(request, "petitions/petition_detail.html", _detail_context(request, petition))


@require_POST
@require_petition_access
def declare_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the user's conflict of interest on the petition (NĐ 31/2019/NĐ-CP Điều 5); it may leave their sight."""

    petition = _petition(request, pk)
    form = ConflictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ghi quan hệ thân nhân hoặc lợi ích liên quan."))
        return redirect("petitions:detail", pk=pk)
    try:
        declare(petition, actor=request.user, declaration=form.cleaned_data["declaration"])
    except DomainError as exc:
        show_refusal(request, exc)
        return redirect("petitions:detail", pk=pk)
    messages.success(request, _("Đã ghi nhận khai xung đột lợi ích."))
    if Petition.objects.visible_to(request.user).filter(pk=pk).exists():
        return redirect("petitions:detail", pk=pk)
    return redirect("petitions:queue")


@require_POST
@require_petition_access
def identity(request: HttpRequest, pk: int) -> HttpResponse:
    """Reveal the petitioner's identity to an allowed user; the look is recorded in the audit trail."""

    petition = _petition(request, pk)
    ident = view_identity(request.user, petition, purpose=request.POST.get("purpose", "")[:200])
    response = render_page(
        request,
        "petitions/petition_identity.html",
        {
            "petition": petition,
            "identity": ident,
            "content": petition.content,
            "attachments": [a for a in petition.attachments.all() if a.contains_identity],
            "reception": petition.reception,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


@require_POST
@require_petition_access
def action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Run one workflow action from its form; a domain error becomes a message."""

    petition = _petition(request, pk)
    cls = ACTION_FORMS.get(action)
    if cls is None:
        raise Http404
    if action not in available_actions(petition, request.user):
        raise PermissionDenied
    form = cls(request.POST, request.FILES, petition=petition)
    if form.is_valid():
        try:
            transition(petition, action, actor=request.user, **form.service_kwargs())
        except DomainError as exc:
            show_refusal(request, exc)
            petition = _petition(request, pk)
            return render_page(
                request, "petitions/petition_detail.html", _detail_context(request, petition, form), status=400
            )
        messages.success(request, _("Đã ghi: %(a)s.") % {"a": Action(action).label})
        return redirect("petitions:detail", pk=petition.pk)
    return render_page(request, "petitions/petition_detail.html", _detail_context(request, petition, form))


@require_POST
@require_perm("petitions.view")
def link(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the petition to a related one, or merge it into it, with the recorded reason."""

    petition = _petition(request, pk)
    if not _may_link(request.user, petition):
        raise PermissionDenied
    form = LinkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ghi lý do liên kết hoặc gộp đơn."))
        return redirect("petitions:detail", pk=pk)
    other = Petition.objects.visible_to(request.user, "petitions.view").filter(pk=form.cleaned_data["other"]).first()
    if other is None:
        raise Http404
    try:
        if form.cleaned_data["mode"] == "merge":
            if Action.MERGE not in available_actions(petition, request.user):
                raise PermissionDenied
            merge(petition, other, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Đã gộp vào đơn %(c)s.") % {"c": other.tracking_code})
        else:
            link_service(petition, other, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Đã liên kết với đơn %(c)s.") % {"c": other.tracking_code})
    except DomainError as exc:
        show_refusal(request, exc)
    return redirect("petitions:detail", pk=pk)


def _may_link(user: Any, petition: Petition) -> bool:
    """Return whether the user may link or merge this petition (`handle` on the handling body, or its handler)."""
    person = getattr(user, "person", None)
    return has_perm(user, "petitions.handle", petition.handling_body) or (
        petition.handler_id is not None and getattr(person, "pk", None) == petition.handler_id
    )


@require_GET
@require_petition_access
def attachment(request: HttpRequest, pk: int, att: int) -> FileResponse:
    """Download an attachment; one carrying the identity only for allowed users, and the look is audited."""

    petition = _petition(request, pk)
    item = PetitionAttachment.objects.filter(petition=petition, pk=att).first()
    if item is None or not item.file:
        raise Http404
    if item.contains_identity:
        view_identity(request.user, petition, purpose=f"tải tệp đính kèm #{item.pk}")
    # The type comes from the content checked at upload, never from the citizen's file name.
    known = item.kind if item.kind in {"pdf", "docx", "xlsx"} else None  # images are sniffed again (png, jpeg…)
    return stored_file(item.file, item.original_name or item.file.name.rsplit("/", 1)[-1], known)


@require_GET
@require_petition_access
def document(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    """Download a numbered document (DOCX); one naming the petitioner only for allowed users."""

    petition = _petition(request, pk)
    item = PetitionDocument.objects.filter(petition=petition, pk=doc).first()
    if item is None or not item.file:
        raise Http404
    if item.contains_identity:
        view_identity(request.user, petition, purpose=f"tải văn bản {item.number_text}")
    name = f"{item.number:02d}-{item.type_abbr}-{petition.tracking_code}.docx"
    return stored_file(item.file, name, "docx")


# ====================================================================== entry


def _save_scans(petitions: list[Petition], files: list[Any], user: Any) -> None:
    """Store the original letter's scans once and attach them to every petition split from it."""

    kinds = {
        "pdf": AttachmentKind.PDF,
        "png": AttachmentKind.IMAGE,
        "jpeg": AttachmentKind.IMAGE,
        "docx": AttachmentKind.DOCX,
    }
    for f in files:
        f.seek(0)
        head = f.read(8192)
        f.seek(0)
        kind = kinds.get(sniff(head, f) or "", AttachmentKind.OTHER)
        f.seek(0)
        digest = hashlib.sha256(f.read()).hexdigest()
        f.seek(0)
        first = None
        for p in petitions:
            att = PetitionAttachment(
                petition=p,
                organisation=p.organisation,
                original_name=(f.name or "")[:255],
                kind=kind,
                size=f.size or 0,
                sha256=digest,
                description=_("Bản chụp đơn gốc"),
                is_original=True,
                contains_identity=True,
                uploaded_by=user,
            )
            if first is None:
                att.file = f
                att.save()
                first = att
            else:
                att.file = first.file.name
                att.save()


def _link_split(petitions: list[Petition], user: Any) -> None:
    """Link petitions split from one letter or reception (the clerk registering them may not hold `handle`)."""

    reason = _("Tách từ cùng một đơn/lượt tiếp (Luật TCD Điều 25(3))")
    for p in petitions[1:]:
        PetitionLink.objects.get_or_create(
            from_petition=p, to_petition=petitions[0], defaults={"reason": reason, "created_by": user}
        )
        audit.record(
            "petitions.petition.linked",
            obj=p,
            actor=user,
            message=f"Liên kết với đơn {petitions[0].tracking_code}: {reason}",
        )


@require_http_methods(["GET", "POST"])
def _after_entry(request: HttpRequest, petition: Petition) -> HttpResponse:
    """Open the new petition — or, when it went to the managing body (it is about the head), say so and stay out."""
    if not Petition.objects.visible_to(request.user).filter(pk=petition.pk).exists():
        messages.info(
            request,
            _(
                "Đơn liên quan đến người đứng đầu, cấp phó hoặc nhà trường đã được chuyển ngay "
                "cơ quan quản lý cấp trên (%(body)s); nhà trường không lưu giữ đơn này."
            )
            % {"body": petition.handling_body.name},
        )
        return redirect("petitions:queue")
    return redirect("petitions:detail", pk=petition.pk)


@require_perm("petitions.register")
def reception_create(request: HttpRequest) -> HttpResponse:
    """Enter a citizen reception in the register and the petitions it produced (one per content)."""

    organisation = entry_organisation(request)
    form = ReceptionForm(request.POST or None, organisation=organisation)
    items = PetitionItemFormSet(request.POST or None, prefix="items")
    error = None
    if request.method == "POST" and form.is_valid() and items.is_valid():
        data = form.cleaned_data
        filled = [f.cleaned_data for f in items.forms if f.has_content()]
        if data["outcome"] == ReceptionOutcome.PETITION and not filled:
            filled = [
                {
                    "kind": data["kind"] or (Kind.KIEN_NGHI if not data["is_denunciation"] else Kind.TO_CAO),
                    "subject": "",
                    "content": data["content"],
                    "accused_text": "",
                    "accused_role": data.get("accused_role") or "",
                }
            ]
        try:
            with transaction.atomic():
                reception = record_reception(
                    organisation,
                    actor=request.user,
                    content=data["content"],
                    received_at=data["received_at"],
                    citizen_name=data["citizen_name"],
                    citizen_address=data["citizen_address"],
                    citizen_phone=data["citizen_phone"],
                    citizen_id_number=data["citizen_id_number"],
                    people_count=data["people_count"],
                    prior_handling=data["prior_handling"],
                    requests=data["requests"],
                    outcome=data["outcome"],
                    result_summary=data["result_summary"],
                    by_head=data["by_head"],
                    is_denunciation=data["is_denunciation"],
                    id_paper=data["id_paper"],
                    kind=data["kind"],
                    in_competence=data["in_competence"],
                    guided_to=data["guided_to"],
                    accepted_by=data["accepted_by"],
                    note=data["note"],
                    refusal_ground=data["refusal_ground"],
                    head_session=data["head_session"],
                    accused_role=data.get("accused_role") or "",
                )
                created = [
                    petition_from_reception(
                        reception,
                        actor=request.user,
                        subject=item["subject"],
                        content=item["content"],
                        kind=item["kind"],
                        accused_text=item["accused_text"],
                        accused_role=item.get("accused_role") or "",
                    ).petition
                    for item in filled
                ]
                _link_split(created, request.user)
        except PetitionError as exc:
            error = exc.message
        else:
            messages.success(
                request,
                _("Đã vào sổ tiếp công dân số %(s)s và %(n)d đơn.")
                % {"s": f"{reception.serial:02d}/{reception.year}", "n": len(created)},
            )
            if len(created) == 1:
                return _after_entry(request, created[0])
            if reception.routed_to_id is not None and not has_perm(request.user, "petitions.view", reception.routed_to):
                messages.info(
                    request,
                    _(
                        "Lượt tiếp có nội dung tố cáo người đứng đầu, cấp phó hoặc nhà trường thuộc "
                        "thẩm quyền %(body)s; nhà trường không lưu giữ nội dung này."
                    )
                    % {"body": reception.routed_to.name},
                )
                return redirect("petitions:register_reception")
            return redirect("petitions:reception_detail", pk=reception.pk)
    return render_page(
        request,
        "petitions/reception_form.html",
        {
            "form": form,
            "items": items,
            "organisation": organisation,
            "error": error,
        },
    )


@require_http_methods(["GET", "POST"])
@require_perm("petitions.register")
def petition_create(request: HttpRequest) -> HttpResponse:
    """Register a letter, e-mail, phone call or transferred petition; several contents become several petitions."""

    organisation = entry_organisation(request)
    letter_initial, item_initial = {}, []
    reading_id = parse_int(request.GET.get("ban-chup")) if request.method == "GET" else None
    if reading_id is not None:  # pre-filled from a scan read by OCR (petitions.ocr)
        reading = get_visible_or_404(
            ScanReading.objects, request.user, "petitions.register", pk=reading_id, organisation=organisation
        )
        try:
            letter, item = ocr.prefill(reading)
        except DomainError as exc:
            show_refusal(request, exc)
            return redirect("petitions:scan_detail", pk=reading.pk)
        letter_initial, item_initial = {**letter, "channel": Channel.LETTER}, [item]
    form = LetterForm(request.POST or None, request.FILES or None, initial=letter_initial)
    items = PetitionItemFormSet(request.POST or None, prefix="items", initial=item_initial or None)
    error = None
    if request.method == "POST" and form.is_valid() and items.is_valid():
        data = form.cleaned_data
        reading = None
        if data.get("scan_reading"):
            reading = get_visible_or_404(
                ScanReading.objects,
                request.user,
                "petitions.register",
                pk=data["scan_reading"],
                organisation=organisation,
            )
        try:
            filled = at_least_one_item(items)
        except ValidationError as exc:
            error = exc.messages[0]
            filled = []
        if filled:
            identity = {
                "full_name": data["full_name"],
                "address": data["address"],
                "phone": data["phone"],
                "email": data["email"],
            }
            try:
                with transaction.atomic():
                    created = []
                    for item in filled:
                        content = item["content"]
                        if data["channel"] == Channel.TRANSFERRED_IN and data["transferred_from"]:
                            content = f"[{_('Đơn do %(o)s chuyển đến') % {'o': data['transferred_from']}}]\n{content}"
                        created.append(
                            register_petition(
                                organisation,
                                actor=request.user,
                                subject=item["subject"],
                                content=content,
                                channel=data["channel"],
                                kind=item["kind"],
                                received_at=data["received_at"],
                                identity=identity,
                                identity_visibility=data["identity_visibility"],
                                has_handwriting_scan=bool(data["scan"]),
                                accused_text=item["accused_text"],
                                accused_role=item.get("accused_role") or "",
                                signers_count=data["signers_count"],
                            ).petition
                        )
                    _save_scans(created, data["scan"], request.user)
                    if reading is not None:
                        ocr.attach_reading(reading, created, actor=request.user)
                    _link_split(created, request.user)
            except PetitionError as exc:
                error = exc.message
            else:
                messages.success(request, _("Đã vào sổ %(n)d đơn.") % {"n": len(created)})
                if len(created) == 1:
                    return _after_entry(request, created[0])
                return redirect("petitions:queue")
    return render_page(
        request,
        "petitions/petition_form.html",
        {
            "form": form,
            "items": items,
            "organisation": organisation,
            "error": error,
            "anonymous_value": IdentityVisibility.ANONYMOUS,
            "ocr_unavailable": ocr.unavailable_reason(),
        },
    )


@require_POST
@require_perm("petitions.register")
def duplicate_candidates(request: HttpRequest) -> JsonResponse:
    """Return likely duplicates and related petitions for the text, name and phone being typed (JSON)."""
    organisation = entry_organisation(request)
    text = (request.POST.get("text") or "")[:20000]
    name = (request.POST.get("name") or "")[:120]
    phone = (request.POST.get("phone") or "")[:20]
    found = duplicates.find_candidates(
        organisation, text, name=name or None, phone=phone or None, limit=10, user=request.user
    )
    out = []
    for c in found:
        row = c.as_dict()
        row["url"] = reverse("petitions:detail", kwargs={"pk": c.petition.pk})
        row["reasons"] = [str(duplicates.REASON_LABELS.get(r, r)) for r in c.reasons]
        out.append(row)
    return JsonResponse({"candidates": out})


# ====================================================================== registers


def _period_from(request: HttpRequest) -> tuple[dt.datetime, dt.datetime, dt.date, dt.date]:
    today = timezone.localdate()

    def parse(name: str, default: dt.date) -> dt.date:
        value = request.GET.get(name)
        if not value:
            return default
        try:
            return parse_date(value)
        except WorkdaysError:
            return default

    first = parse("tu", dt.date(today.year, 1, 1))
    last = parse("den", today)
    if last < first:
        first, last = last, first
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end, first, last


def _register_org(request: HttpRequest) -> Any:
    orgs = tenants_with(request.user, "petitions.view")
    wanted = request.GET.get("org")
    if wanted:
        for org in orgs:
            if str(org.pk) == wanted:
                return org, orgs
        raise Http404
    if not orgs:
        raise PermissionDenied
    return orgs[0], orgs


@require_GET
@require_perm("petitions.view")
def register_reception(request: HttpRequest) -> HttpResponse:
    """Show (or export as XLSX) the sổ tiếp công dân for a period."""

    org, orgs = _register_org(request)
    start, end, first, last = _period_from(request)
    if request.GET.get("format") == "xlsx":
        with records_language():  # the exported register is an official form: Vietnamese in every cell
            rows = reception_register(org, start=start, end=end, user=request.user)
            data = registers_xlsx.reception_xlsx(org, rows, first, last)
        return _xlsx_response(data, f"so-tiep-cong-dan-{first:%Y%m%d}-{last:%Y%m%d}")
    rows = reception_register(org, start=start, end=end, user=request.user)
    return render_page(
        request,
        "petitions/register_reception.html",
        {
            "rows": rows,
            "columns": RECEPTION_COLUMNS,
            "organisation": org,
            "organisations": orgs,
            "first": first,
            "last": last,
        },
    )


@require_GET
@require_perm("petitions.view")
def register_petitions(request: HttpRequest) -> HttpResponse:
    """Show (or export as XLSX) the sổ theo dõi, xử lý đơn for a period."""

    org, orgs = _register_org(request)
    start, end, first, last = _period_from(request)
    if request.GET.get("format") == "xlsx":
        with records_language():
            rows = petition_register(org, start=start, end=end, user=request.user)
            data = registers_xlsx.petition_xlsx(org, rows, first, last)
        return _xlsx_response(data, f"so-theo-doi-don-{first:%Y%m%d}-{last:%Y%m%d}")
    rows = petition_register(org, start=start, end=end, user=request.user)
    return render_page(
        request,
        "petitions/register_petitions.html",
        {
            "rows": rows,
            "columns": PETITION_COLUMNS,
            "organisation": org,
            "organisations": orgs,
            "first": first,
            "last": last,
        },
    )


def _xlsx_response(data: bytes, stem: str) -> HttpResponse:
    response = attachment_response(data, f"{stem}.xlsx", XLSX)
    response["Cache-Control"] = "no-store"
    return response


# ====================================================================== reception documents, head's reception days
# NĐ 154/2026/NĐ-CP: refusal (Điều 4) and Mẫu 01/TCD, receipt Mẫu 02/TCD (Điều 15(4)), head's days (Điều 10, 11).


def _reception(request: HttpRequest, pk: int) -> Any:
    return get_visible_or_404(
        Reception.objects.select_related("organisation", "officer", "head_session__head"),
        request.user,
        "petitions.view",
        pk=pk,
    )


def _reception_context(request: HttpRequest, reception: Any, **forms_: Any) -> dict[str, Any]:
    show = can_view_reception_identity(request.user, reception)
    if reception.is_denunciation and show:
        audit.record(
            "petitions.identity.viewed",
            obj=reception,
            actor=request.user,
            message="Lượt tiếp công dân có nội dung tố cáo",
        )
    org = reception.organisation
    return {
        "reception": reception,
        "organisation": org,
        "show_identity": show,
        "mask": MASK,
        "documents": list(reception.documents.order_by("issued_on", "id")),
        "refusal_clause": REFUSAL_CLAUSE.get(reception.refusal_ground, ""),
        "notice_ground": reception.refusal_ground in NOTICE_GROUNDS,
        "late": reception.refusal_notice_late(),
        "may_register": has_perm(request.user, "petitions.register", org),
        "may_issue_notice": has_perm(request.user, "petitions.handle", org),
        "refusal_form": forms_.get("refusal_form") or RefusalForm(),
        "receipt_form": forms_.get("receipt_form") or DocumentReceiptForm(),
        "error": forms_.get("error"),
    }


@require_GET
@require_perm("petitions.view")
def reception_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one reception of the register, its refusal and its numbered documents (Mẫu 01/TCD, 02/TCD)."""
    reception = _reception(request, pk)
    return render_page(request, "petitions/reception_detail.html", _reception_context(request, reception))


@require_POST
@require_perm("petitions.register")
def reception_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a refusal after the visit, from the day its grounds are established (NĐ 154/2026 Điều 4)."""

    reception = _reception(request, pk)
    check_object_perm(request.user, "petitions.register", reception.organisation)
    form = RefusalForm(request.POST)
    error = None
    if form.is_valid():
        try:
            refuse_reception(
                reception,
                actor=request.user,
                ground=form.cleaned_data["ground"],
                grounds_on=form.cleaned_data["grounds_on"],
            )
        except PetitionError as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã ghi từ chối tiếp công dân."))
            return redirect("petitions:reception_detail", pk=reception.pk)
    return render_page(
        request,
        "petitions/reception_detail.html",
        _reception_context(request, reception, refusal_form=form, error=error),
    )


@require_POST
@require_perm("petitions.handle")
def reception_refusal_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the numbered Thông báo từ chối tiếp công dân (Mẫu 01/TCD) of a refused reception."""

    reception = _reception(request, pk)
    check_object_perm(request.user, "petitions.handle", reception.organisation)
    try:
        doc = issue_refusal_notice(reception, actor=request.user)
    except PetitionError as exc:
        return render_page(
            request, "petitions/reception_detail.html", _reception_context(request, reception, error=exc.message)
        )
    messages.success(request, _("Đã ban hành thông báo số %(n)s.") % {"n": doc.number_text})
    return redirect("petitions:reception_detail", pk=reception.pk)


@require_POST
@require_perm("petitions.register")
def reception_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the numbered Giấy biên nhận thông tin, tài liệu (Mẫu 02/TCD) of a reception."""

    reception = _reception(request, pk)
    check_object_perm(request.user, "petitions.register", reception.organisation)
    form = DocumentReceiptForm(request.POST)
    error = None
    if form.is_valid():
        try:
            doc = issue_reception_receipt(
                reception, actor=request.user, items=form.item_list(), copies=form.cleaned_data["copies"]
            )
        except PetitionError as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã lập giấy biên nhận số %(n)s.") % {"n": doc.number_text})
            return redirect("petitions:reception_detail", pk=reception.pk)
    return render_page(
        request,
        "petitions/reception_detail.html",
        _reception_context(request, reception, receipt_form=form, error=error),
    )


@require_GET
@require_perm("petitions.view")
def reception_document(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    """Download a reception document (DOCX); it names the citizen, so a denouncer's only for allowed users."""

    reception = _reception(request, pk)
    item = reception.documents.filter(pk=doc).first()
    if item is None or not item.file:
        raise Http404
    if not can_view_reception_identity(request.user, reception):
        raise PermissionDenied
    if reception.is_denunciation:
        audit.record(
            "petitions.identity.viewed", obj=reception, actor=request.user, message=f"Tải văn bản {item.number_text}"
        )
    return stored_file(
        item.file, f"{item.number:02d}-{item.type_abbr}-{reception.year}-{reception.serial:02d}.docx", "docx"
    )


@require_POST
@require_perm("petitions.register")
def petition_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue Mẫu 02/TCD for documents handed over in person with a petition."""

    petition = _petition(request, pk)
    check_object_perm(request.user, "petitions.register", petition.organisation)
    form = DocumentReceiptForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("petitions:detail", pk=petition.pk)
    try:
        doc = issue_petition_receipt(
            petition, actor=request.user, items=form.item_list(), copies=form.cleaned_data["copies"]
        )
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Đã lập giấy biên nhận số %(n)s.") % {"n": doc.number_text})
    return redirect("petitions:detail", pk=petition.pk)


def _heads_of(org: Any) -> list[Any]:
    ids = (
        Membership.objects.active()
        .filter(organisation__tenant=org, position__in=[Position.HIEU_TRUONG, Position.LANH_DAO_SO])
        .values("person_id")
    )
    ids_direct = (
        Membership.objects.active()
        .filter(organisation=org, position__in=[Position.HIEU_TRUONG, Position.LANH_DAO_SO])
        .values("person_id")
    )
    return list(Person.objects.filter(Q(pk__in=ids) | Q(pk__in=ids_direct)).order_by("full_name"))


@require_http_methods(["GET", "POST"])
@require_perm("petitions.view")
def head_days(request: HttpRequest) -> HttpResponse:
    """Plan and list the head's reception days of a school (NĐ 154/2026 Điều 10(2)); they are published."""

    org, orgs = _register_org(request)
    if request.method == "POST":
        wanted = request.POST.get("org")
        org = next((o for o in orgs if str(o.pk) == wanted), None) if wanted else org
        if org is None:
            raise Http404
        check_object_perm(request.user, "petitions.register", org)
    may_plan = has_perm(request.user, "petitions.register", org)
    form = HeadReceptionDayForm(request.POST or None, heads=_heads_of(org))
    error = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan_head_reception(
                org,
                actor=request.user,
                date=data["date"],
                start_time=data["start_time"],
                end_time=data["end_time"],
                place=data["place"],
                head=data["head"],
                participants=data["participants"],
                content=data["content"],
                session_kind=data["session_kind"],
            )
        except PetitionError as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã lập lịch tiếp công dân của người đứng đầu."))
            return redirect(f"{reverse('petitions:head_days')}?org={org.pk}")
    today = timezone.localdate()
    place = ReceptionPlace.objects.filter(organisation=org).first()
    place_form = ReceptionPlaceForm(
        initial={"place": place.place, "regular_hours": place.regular_hours} if place else None, prefix="noi"
    )
    days = list(
        HeadReceptionDay.objects.filter(organisation=org, date__gte=today - dt.timedelta(days=92))
        .select_related("head")
        .order_by("date", "start_time")
    )
    return render_page(
        request,
        "petitions/head_days.html",
        {
            "organisation": org,
            "organisations": orgs,
            "form": form,
            "error": error,
            "days": days,
            "today": today,
            "missing": months_without_head_day(org, today=today),
            "may_plan": may_plan,
            "place": place,
            "place_form": place_form,
        },
    )


@require_POST
@require_perm("petitions.register")
def reception_place(request: HttpRequest) -> HttpResponse:
    """Set the school's published reception place and regular hours (NĐ 154/2026 Điều 11(2)(a))."""

    org = entry_organisation(request)
    form = ReceptionPlaceForm(request.POST, prefix="noi")  # prefixed: it shares the page with the head-day form
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    else:
        try:
            set_reception_place(
                org,
                actor=request.user,
                place=form.cleaned_data["place"],
                regular_hours=form.cleaned_data["regular_hours"],
            )
        except DomainError as exc:
            show_refusal(request, exc)
        else:
            messages.success(request, _("Đã công bố nơi, thời gian tiếp công dân."))
    return redirect(f"{reverse('petitions:head_days')}?org={org.pk}")


@require_POST
@require_perm("petitions.register")
def head_day_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a planned head reception day."""

    day = get_visible_or_404(HeadReceptionDay.objects.all(), request.user, "petitions.view", pk=pk)
    check_object_perm(request.user, "petitions.register", day.organisation)
    try:
        cancel_head_reception(day, actor=request.user)
    except DomainError as exc:
        show_refusal(request, exc)
    else:
        messages.success(request, _("Đã hủy buổi tiếp."))
    return redirect(f"{reverse('petitions:head_days')}?org={day.organisation_id}")
