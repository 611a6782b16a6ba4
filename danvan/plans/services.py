"""Business rules for plans: import, unit resolution, lifecycle, revisions, cloning, cascading, task progress."""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import audit
from danvan.core.context import acting_as, current_actor
from danvan.core.params import MAX_YEAR, MIN_YEAR, parse_int
from danvan.core.scoping import has_perm
from danvan.core.uploads import sniff, validate_upload
from danvan.lib.archives import ArchiveTooLarge, check_expansion
from danvan.lib.dates import as_date
from danvan.lib.text import fold
from danvan.org.choices import OrgKind, Position
from danvan.org.models import Membership, Organisation, Person
from danvan.plans.choices import (
    PLAN_TRANSITIONS,
    PlanAction,
    PlanStatus,
    SectionKey,
    SourceFormat,
    TaskStatus,
)
from danvan.plans.models import (
    Evidence,
    LegalReference,
    Plan,
    PlanReportDeadline,
    PlanRevision,
    Task,
    TaskComment,
    TaskPeriod,
    TaskUpdate,
    UnitAbbreviation,
)
from danvan.plans.signals import plan_imported, plan_published

EVIDENCE_KINDS = {"pdf", "png", "jpeg", "docx", "xlsx"}
SOURCE_KINDS = {"txt", "docx", "pdf"}


class PlanError(Exception):
    """A rule about plans or tasks was broken; the message is shown to the user (next to `field` when given)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# ---------------------------------------------------------------- small helpers


def split_number(value: str | None) -> tuple[int | None, str]:
    """Split "12/KH-THPTNK" into (12, "KH-THPTNK"); anything without a leading number gives (None, text)."""
    text = (value or "").strip()
    m = re.match(r"^\s*(\d+)\s*/\s*(.*)$", text)
    if m:
        return int(m.group(1)), m.group(2).strip()
    return None, text


def shift_year(day: dt.date, years: int = 1) -> dt.date:
    """Return the same day in another year (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _check(actor: Any, perm: str, organisation: Organisation) -> None:
    # actor None = the system (CLI, demo loader, background task): those doors check their own arguments.
    if actor is not None and not has_perm(actor, perm, organisation):
        raise PlanError(_("Bạn không có quyền thực hiện thao tác này đối với %(org)s.") % {"org": organisation})


def _user(actor: Any) -> Any:
    return actor if actor is not None and getattr(actor, "is_authenticated", False) else None


def ensure_editable(plan: Plan) -> None:
    """Refuse changes to a plan that is not a draft (a published plan changes only through a new revision)."""
    if not plan.is_editable:
        raise PlanError(
            _("Kế hoạch đang ở trạng thái “%(status)s”, không thể sửa. Hãy tạo bản sửa đổi (hoặc trả lại dự thảo).")
            % {"status": plan.get_status_display()}
        )


# ---------------------------------------------------------------- units and people


def unit_dictionary(organisation: Organisation) -> dict[str, Organisation]:
    """Return folded spellings → units of the organisation.

    Priority: the organisation's own dictionary (UnitAbbreviation rows), then each unit's
    abbreviations, code, short name and name (Organisation.abbreviations are the defaults).
    """
    out: dict[str, Organisation] = {}
    units = list(Organisation.objects.filter(tenant=organisation).exclude(pk=organisation.pk))
    by_id = {u.id: u for u in units}
    for entry in UnitAbbreviation.objects.filter(organisation=organisation):
        unit = by_id.get(entry.unit_id)
        if unit is not None:
            out.setdefault(entry.key, unit)
    for unit in units:
        for spelling in [*(unit.abbreviations or []), unit.code, unit.short_name, unit.name]:
            if spelling:
                out.setdefault(fold(spelling), unit)
    return out


@functools.cache
def _default_abbreviations() -> dict[str, str]:
    """Return the parser's default abbreviations, folded (BGH → Ban Giám hiệu)."""
    from danvan.plans.parsing import DEFAULT_UNIT_ABBREVIATIONS

    return {fold(k): v for k, v in DEFAULT_UNIT_ABBREVIATIONS.items()}


def resolve_unit(text: str, dictionary: dict[str, Organisation]) -> Organisation | None:
    """Return the unit a written name designates, or None when it is unknown.

    Tries the spelling itself, then its expansion in the parser's default abbreviations
    ("BCH CĐ" → "Ban Chấp hành Công đoàn"), then the longest known multi-word tail of that
    expansion ("… Công đoàn"), ignoring a leading "các" ("Các tổ CM").
    """
    defaults = _default_abbreviations()
    key = fold(text)
    candidates = [key]
    if key.startswith("cac "):
        candidates.append(key[4:])
    for cand in list(candidates):
        if cand in defaults:
            candidates.append(fold(defaults[cand]))
    for cand in candidates:
        if cand in dictionary:
            return dictionary[cand]
    for cand in candidates:
        words = cand.split()
        for i in range(1, len(words) - 1):
            tail = " ".join(words[i:])
            if tail in dictionary:
                return dictionary[tail]
    return None


def people_by_position(organisation: Organisation) -> dict[str, list[Person]]:
    """Return position → people holding it in the organisation today (for resolving a task's lead)."""
    out: dict[str, list[Person]] = {}
    memberships = Membership.objects.active().filter(
        Q(organisation=organisation) | Q(organisation__tenant=organisation)
    ).select_related("person")
    for m in memberships:
        out.setdefault(m.position, [])
        if m.person not in out[m.position]:
            out[m.position].append(m.person)
        if m.title:
            out.setdefault(f"title:{fold(m.title)}", []).append(m.person)
    return out


def resolve_lead(text: str, people: dict[str, list[Person]]) -> Person | None:
    """Return the one person a written lead ("Hiệu trưởng") designates, or None when unclear."""
    from danvan.org.services import parse_position

    if not text:
        return None
    by_title = people.get(f"title:{fold(text)}", [])
    if len(by_title) == 1:
        return by_title[0]
    position = parse_position(text)
    if position is None:
        return None
    holders = people.get(position, [])
    return holders[0] if len(holders) == 1 else None


def _unique_code(parent: Organisation, name: str) -> str:
    base = "".join(w[0] for w in fold(name).split()).upper()[:12] or "BP"
    taken = set(Organisation.objects.filter(parent=parent).values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}{n}", n + 1
    return code


def create_unit(organisation: Organisation, name: str) -> Organisation:
    """Create a unit under the school for a name the plan uses that the school did not have."""
    return Organisation.objects.create(
        kind=OrgKind.UNIT, name=name.strip(), code=_unique_code(organisation, name), parent=organisation,
        abbreviations=[name.strip()],
    )


# ---------------------------------------------------------------- preview and import


@dataclass
class UnitResolution:
    """How one written unit of a task resolved."""

    text: str
    unit: Organisation | None


@dataclass
class TaskResolution:
    """One parsed task with its units and lead resolved against the organisation."""

    data: dict[str, Any]
    units: list[UnitResolution]
    lead_person: Person | None


@dataclass
class Preview:
    """What an import would store: the parsed document, per-task resolution, warnings, unknown units."""

    data: dict[str, Any]
    filename: str
    source_format: str
    tasks: list[TaskResolution] = field(default_factory=list)
    unknown_units: list[str] = field(default_factory=list)

    @property
    def warnings(self) -> list[dict[str, Any]]:
        return list(self.data.get("warnings") or [])


def source_format(filename: str, kind: str | None = None) -> str:
    """Return the SourceFormat of an uploaded document from its sniffed kind and its name."""
    if kind in ("docx", "pdf"):
        return kind
    return SourceFormat.MD if filename.lower().endswith((".md", ".markdown")) else SourceFormat.TXT


def add_unit_spelling(organisation: Organisation, *, actor: Any, abbreviation: str, unit: Organisation) -> UnitAbbreviation:
    """Add a spelling of one of the organisation's units to its import dictionary."""
    _check(actor, "plans.edit", organisation)
    if unit.tenant_id != organisation.pk or unit.pk == organisation.pk:
        raise PlanError(_("Bộ phận này không thuộc %(org)s.") % {"org": organisation})
    abbreviation = abbreviation.strip()
    if UnitAbbreviation.objects.filter(organisation=organisation, key=fold(abbreviation)).exists():
        raise PlanError(_("Cách viết này đã có trong danh mục."))
    return UnitAbbreviation.objects.create(organisation=organisation, abbreviation=abbreviation, unit=unit)


def remove_unit_spelling(entry: UnitAbbreviation, *, actor: Any) -> None:
    """Remove one spelling from the organisation's import dictionary."""
    _check(actor, "plans.edit", entry.organisation)
    entry.delete()


def dictionary_spellings(organisation: Organisation) -> list[str]:
    """Return the organisation's own unit spellings, for the parser's unit splitter."""
    spellings = list(UnitAbbreviation.objects.filter(organisation=organisation).values_list("abbreviation", flat=True))
    for unit in Organisation.objects.filter(tenant=organisation).exclude(pk=organisation.pk):
        spellings.extend(a for a in (unit.abbreviations or []) if a)
    return spellings


def resolve_document(data: dict[str, Any], organisation: Organisation) -> tuple[list[TaskResolution], list[str]]:
    """Resolve every task's units and lead against the organisation; return them and the unknown unit names."""
    dictionary = unit_dictionary(organisation)
    people = people_by_position(organisation)
    tasks: list[TaskResolution] = []
    unknown: list[str] = []
    for t in data.get("tasks") or []:
        units = [UnitResolution(text, resolve_unit(text, dictionary)) for text in t.get("units") or []]
        for u in units:
            if u.unit is None and u.text not in unknown:
                unknown.append(u.text)
        tasks.append(TaskResolution(t, units, resolve_lead(t.get("lead") or "", people)))
    return tasks, unknown


# What the user reads for each PlanParseError code; the exception's own text never reaches a page.
PARSE_ERRORS: dict[str, Any] = {
    "doc": gettext_lazy("Tệp “%(name)s” là Word 97-2003 (.doc), chưa hỗ trợ; hãy lưu lại thành .docx hoặc PDF."),
    "wrong_header": gettext_lazy("Tệp “%(name)s” không phải %(expected)s hợp lệ (phần đầu tệp không khớp)."),
    "missing_library": gettext_lazy("Máy chủ chưa cài thư viện đọc loại tệp này; hãy báo quản trị hệ thống."),
    "pdf_encrypted": gettext_lazy("Tệp PDF “%(name)s” được mã hóa bằng mật khẩu, không đọc được."),
    "pdf_corrupt": gettext_lazy("Tệp PDF “%(name)s” bị hỏng hoặc không đọc được."),
    "pdf_no_text": gettext_lazy("Tệp PDF “%(name)s” không có lớp văn bản (có thể là bản quét); cần PDF có chữ hoặc "
                                "tệp DOCX."),
    "zip_not_docx": gettext_lazy("Tệp “%(name)s” là tệp nén nhưng không phải DOCX; cần tệp Word .docx."),
    "docx_corrupt": gettext_lazy("Tệp DOCX “%(name)s” bị hỏng hoặc không đọc được."),
    "utf16": gettext_lazy("Không giải mã được văn bản UTF-16 trong tệp “%(name)s”."),
    "binary": gettext_lazy("Tệp “%(name)s” không phải văn bản đọc được; cần tệp TXT, DOCX hoặc PDF."),
    "unreadable": gettext_lazy("Không đọc được kế hoạch trong tệp “%(name)s”; cần tệp TXT, DOCX hoặc PDF."),
}


def parse_error_message(exc: Any, filename: str) -> str:
    """Return the translated sentence for a PlanParseError, naming the file and never the exception's text."""
    template = PARSE_ERRORS.get(getattr(exc, "code", ""), PARSE_ERRORS["unreadable"])
    return str(template) % {"name": filename, "expected": "", **getattr(exc, "params", {})}


def preview_import(
    file_bytes: bytes, filename: str, organisation: Organisation, year: int | None = None
) -> Preview:
    """Parse a plan document and resolve it against the organisation, storing nothing."""
    from danvan.plans.parsing import PlanParseError, parse_plan

    try:
        check_expansion(file_bytes)
    except ArchiveTooLarge as exc:
        raise PlanError(exc.message) from None
    try:
        data = parse_plan(file_bytes, filename=filename, year=year,
                          unit_abbreviations=dictionary_spellings(organisation))
    except PlanParseError as exc:
        raise PlanError(parse_error_message(exc, filename)) from None
    tasks, unknown = resolve_document(data, organisation)
    return Preview(data=data, filename=filename, source_format=source_format(filename, _sniff_kind(file_bytes)),
                   tasks=tasks, unknown_units=unknown)


def _sniff_kind(data: bytes) -> str | None:
    return sniff(data[:8192], io.BytesIO(data))


def _plan_fields(data: dict[str, Any], organisation: Organisation) -> dict[str, Any]:
    number, symbol = split_number(data.get("number"))
    kind = (data.get("kind") or "KH").strip() or "KH"
    date = as_date(data.get("date"))
    written = data.get("year") or (date.year if date else timezone.localdate().year)
    year = parse_int(written, minimum=MIN_YEAR, maximum=MAX_YEAR)
    if year is None:  # "năm 9999" in a document: its school year would end in 10000, which no date can hold
        raise PlanError(_("Năm của kế hoạch (%(y)s) phải từ %(min)s đến %(max)s; hãy ghi năm ở ô “Năm”.")
                        % {"y": str(written)[:10], "min": MIN_YEAR, "max": MAX_YEAR})
    parent = data.get("parent_plan") or {}
    sections = data.get("sections") or {}
    signer = data.get("signer") or {}
    if isinstance(signer, str):
        signer = {"name": signer, "position": ""}
    return {
        "organisation": organisation,
        "year": year,
        "number": number,
        "symbol": symbol or f"{kind}-{organisation.code}",
        "date": date,
        "title": (data.get("title") or "").strip() or _("Kế hoạch năm %(y)s") % {"y": year},
        "kind": kind[:10],
        "issuer": (data.get("issuer") or organisation.name)[:255],
        "place": (data.get("place") or organisation.place or "")[:100],
        "parent_number": (parent.get("number") or "")[:100],
        "parent_date": as_date(parent.get("date")),
        "parent_issuer": (parent.get("issuer") or "")[:255],
        "sections": {key: [str(x) for x in sections.get(key) or []] for key in SectionKey.values},
        "recipients": [str(x) for x in data.get("recipients") or []],
        "signer_name": (signer.get("name") or "")[:200],
        "signer_position": (signer.get("position") or "")[:200],
        "import_warnings": list(data.get("warnings") or []),
    }


def _internal_parent(organisation: Organisation, number: str) -> Plan | None:
    """Find the superior's plan the document cites ("09/KH-SGDĐT"), if it is in danvan."""
    n, symbol = split_number(number)
    if n is None or not organisation.parent_id:
        return None
    ancestor_ids = [int(x) for x in organisation.path.strip("/").split("/") if x][:-1]
    return Plan.objects.filter(organisation_id__in=ancestor_ids, number=n, symbol__iexact=symbol).order_by("-id").first()


def _create_tasks(
    plan: Plan, tasks: Sequence[dict[str, Any]], organisation: Organisation,
    dictionary: dict[str, Organisation] | None = None, people: dict[str, list[Person]] | None = None,
) -> list[Task]:
    dictionary = unit_dictionary(organisation) if dictionary is None else dictionary
    people = people_by_position(organisation) if people is None else people
    created = []
    for i, t in enumerate(tasks, start=1):
        periods = [(as_date(p.get("start")), as_date(p.get("end"))) for p in t.get("periods") or []]
        periods = [(s, e) for s, e in periods if s and e and e >= s]
        task = Task.objects.create(
            organisation=organisation, plan=plan, order=i, no=str(t.get("no") or i)[:20],
            content=(t.get("content") or "").strip(), lead=(t.get("lead") or "")[:255],
            lead_person=resolve_lead(t.get("lead") or "", people), units_text=list(t.get("units") or []),
            timing=(t.get("timing") or "")[:255], due_on=max((e for _s, e in periods), default=None),
        )
        TaskPeriod.objects.bulk_create([TaskPeriod(task=task, start=s, end=e) for s, e in periods])
        units = {u.pk: u for text in task.units_text if (u := resolve_unit(text, dictionary)) is not None}
        if units:
            task.units.set(units.values())
        created.append(task)
    return created


def _create_references(plan: Plan, data: dict[str, Any]) -> None:
    org = plan.organisation
    for i, ref in enumerate(data.get("legal_refs") or [], start=1):
        if isinstance(ref, str):
            ref = {"number": ref}
        if not ref.get("number"):
            continue
        LegalReference.objects.create(
            organisation=org, plan=plan, order=i, number=str(ref["number"])[:100], date=as_date(ref.get("date")),
            issuer=(ref.get("issuer") or "")[:255], title=ref.get("title") or "",
        )
    for d in data.get("report_deadlines") or []:
        due = as_date(d.get("due"))
        if due is None:
            continue
        PlanReportDeadline.objects.create(
            organisation=org, plan=plan, name=(d.get("name") or d.get("kind") or _("Báo cáo"))[:255], due=due,
            to=(d.get("to") or "")[:255],
        )


def import_plan(
    data: dict[str, Any],
    *,
    organisation: Organisation,
    actor: Any,
    source_file: IO[bytes] | None = None,
    source_name: str = "",
    create_units: Iterable[str] = (),
) -> Plan:
    """Store a parsed plan (parser-shaped dict) as a draft of the organisation, in one transaction.

    Units named in `create_units` that the organisation lacks are created under it first, so the
    tasks that mention them resolve. The source document, when given, is kept with the plan.
    """
    if not organisation.is_tenant:
        raise PlanError(_("Chỉ trường hoặc Sở mới có kế hoạch."))
    _check(actor, "plans.edit", organisation)
    with transaction.atomic():
        dictionary = unit_dictionary(organisation)
        for name in dict.fromkeys(n.strip() for n in create_units if n and n.strip()):
            if resolve_unit(name, dictionary) is None:
                unit = create_unit(organisation, name)
                dictionary[fold(name)] = unit
        fields = _plan_fields(data, organisation)
        plan = Plan(**fields, created_by=_user(actor))
        plan.parent = _internal_parent(organisation, fields["parent_number"])
        if source_file is not None:
            name = source_name or getattr(source_file, "name", "") or "ke-hoach.txt"
            raw = source_file.read()
            plan.source_name = name.rsplit("/", 1)[-1][:255]
            plan.source_format = source_format(name, _sniff_kind(raw))
            plan.source_file.save(plan.source_name, ContentFile(raw), save=False)
        plan.save()
        tasks = _create_tasks(plan, data.get("tasks") or [], organisation, dictionary)
        _create_references(plan, data)
        audit.record(
            "plans.plan.imported", obj=plan, actor=_user(actor),
            message=_("%(n)d nhiệm vụ, từ %(src)s") % {"n": len(tasks), "src": plan.source_name or _("dữ liệu")},
        )
        transaction.on_commit(lambda: plan_imported.send(sender=Plan, plan=plan))
    return plan


# ---------------------------------------------------------------- lifecycle


def next_number(organisation: Organisation, year: int) -> int:
    """Return the next document number of the organisation's plans in a year (numbering restarts each 1 January,
    NĐ 30/2020 Điều 15)."""
    top = Plan.objects.filter(organisation=organisation, date__year=year).aggregate(m=Max("number"))["m"]
    return (top or 0) + 1


def transition(plan: Plan, action: str, *, actor: Any, note: str = "") -> Plan:
    """Move a plan along the PLAN_TRANSITIONS table (approve, return, publish, revise); return it updated."""
    with transaction.atomic():
        # Read the status under a row lock so two clicks cannot both publish (or number) the plan.
        locked = Plan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
        key = (locked.status, action)
        if key not in PLAN_TRANSITIONS:
            raise PlanError(
                _("Không thể “%(action)s” kế hoạch đang ở trạng thái “%(status)s”.")
                % {"action": PlanAction(action).label if action in PlanAction.values else action,
                   "status": locked.get_status_display()}
            )
        target, perm = PLAN_TRANSITIONS[key]
        _check(actor, perm, locked.organisation)
        old = locked.status
        locked.status = target
        update = ["status"]
        if action == PlanAction.PUBLISH:
            locked.published_at = timezone.now()
            update.append("published_at")
            if locked.date is None:
                locked.date = timezone.localdate()
                update.append("date")
            if locked.number is None:
                locked.number = next_number(locked.organisation, locked.date.year)
                update.append("number")
        if action == PlanAction.REVISE:
            locked.revision += 1
            update.append("revision")
        locked.save(update_fields=update)
        if action == PlanAction.PUBLISH:
            PlanRevision.objects.create(
                organisation=locked.organisation, plan=locked, number=locked.revision,
                snapshot=locked.as_document_dict(), author=_user(actor), note=note,
            )
        audit.record(f"plans.plan.{_VERBS[action]}", obj=locked, actor=_user(actor),
                     changes={"status": [old, target]}, message=note)
        if action == PlanAction.PUBLISH:
            transaction.on_commit(lambda: plan_published.send(sender=Plan, plan=locked))
    for name in update:
        setattr(plan, name, getattr(locked, name))
    return locked


_VERBS = {
    PlanAction.APPROVE: "approved",
    PlanAction.RETURN: "returned",
    PlanAction.PUBLISH: "published",
    PlanAction.REVISE: "revised",
}


# ---------------------------------------------------------------- authoring


def update_plan(plan: Plan, changes: dict[str, Any], *, actor: Any) -> Plan:
    """Change a draft plan's header, sections, recipients or signer."""
    ensure_editable(plan)
    _check(actor, "plans.edit", plan.organisation)
    allowed = {"year", "number", "symbol", "date", "title", "issuer", "place", "parent_number", "parent_date",
               "parent_issuer", "sections", "recipients", "signer_name", "signer_position"}
    fields = [k for k in changes if k in allowed]
    for k in fields:
        setattr(plan, k, changes[k])
    with transaction.atomic():
        plan.save(update_fields=fields)
    return plan


def create_plan(organisation: Organisation, fields: dict[str, Any], *, actor: Any) -> Plan:
    """Write a new draft plan in the browser (no source document)."""
    if not organisation.is_tenant:
        raise PlanError(_("Chỉ trường hoặc Sở mới có kế hoạch."))
    _check(actor, "plans.edit", organisation)
    with transaction.atomic():
        plan = Plan.objects.create(
            organisation=organisation, created_by=_user(actor), source_format=SourceFormat.MANUAL,
            issuer=fields.pop("issuer", "") or organisation.name, place=fields.pop("place", "") or organisation.place,
            symbol=fields.pop("symbol", "") or f"KH-{organisation.code}", **fields,
        )
    return plan


def delete_plan(plan: Plan, *, actor: Any) -> None:
    """Delete a draft plan that was never in force, with its tasks; its stored files go after the commit.

    An approved or published plan (or the draft of a revision of one) is a record and is never deleted.
    The trail keeps the plan's and each task's last values (automatic "deleted" entries, by the actor).
    """
    _check(actor, "plans.edit", plan.organisation)
    ctx = current_actor()
    with transaction.atomic(), acting_as(_user(actor) or ctx.user, ctx.ip_address, ctx.label):
        # Read the status under a row lock so a plan approved a moment ago is not deleted.
        locked = Plan.objects.select_for_update().get(pk=plan.pk)
        if not locked.never_in_force:
            raise PlanError(
                _("Chỉ xóa được dự thảo chưa từng được duyệt hay ban hành; kế hoạch “%(status)s” là văn bản lưu.")
                % {"status": locked.get_status_display()}
            )
        files = [(f.storage, f.name) for f in
                 [locked.source_file, *(e.file for e in Evidence.objects.filter(task__plan=locked))] if f]
        locked.delete()

        def remove_files() -> None:
            for storage, name in files:
                storage.delete(name)

        transaction.on_commit(remove_files)


def save_task(
    plan: Plan, *, actor: Any, task: Task | None = None, content: str, lead: str = "", units_text: Sequence[str] = (),
    timing: str = "", periods: Sequence[tuple[dt.date, dt.date]] = (), no: str = "",
) -> Task:
    """Add a task to a draft plan or change one; units and lead are resolved, the due date follows the periods."""
    ensure_editable(plan)
    _check(actor, "plans.edit", plan.organisation)
    if task is not None and task.plan_id != plan.pk:
        raise PlanError(_("Nhiệm vụ không thuộc kế hoạch này."))
    for start, end in periods:
        if end < start:
            raise PlanError(_("Khoảng thời gian %(s)s–%(e)s kết thúc trước khi bắt đầu.")
                            % {"s": f"{start:%d/%m/%Y}", "e": f"{end:%d/%m/%Y}"})
    org = plan.organisation
    with transaction.atomic():
        if task is None:
            top = plan.tasks.aggregate(m=Max("order"))["m"] or 0
            task = Task(organisation=org, plan=plan, order=top + 1)
        task.no = no or task.no or str(task.order)
        task.content = content.strip()
        task.lead = lead.strip()
        task.lead_person = resolve_lead(task.lead, people_by_position(org))
        task.units_text = [u.strip() for u in units_text if u.strip()]
        task.timing = timing.strip()
        task.due_on = max((e for _s, e in periods), default=None)
        task.save()
        old = [str(p) for p in task.periods.all()]
        task.periods.all().delete()
        new = TaskPeriod.objects.bulk_create([TaskPeriod(task=task, start=s, end=e) for s, e in periods])
        # Periods are plain rows (not audited one by one): the task's trail records the whole change.
        if [str(p) for p in new] != old:
            audit.record("plans.task.periods_changed", obj=task, actor=_user(actor),
                         changes={"periods": [old, [str(p) for p in new]]})
        dictionary = unit_dictionary(org)
        task.units.set({u.pk: u for t in task.units_text if (u := resolve_unit(t, dictionary))}.values())
    return task


def delete_task(task: Task, *, actor: Any) -> None:
    """Remove a task from a draft plan and renumber the rest."""
    plan = task.plan
    ensure_editable(plan)
    _check(actor, "plans.edit", plan.organisation)
    with transaction.atomic():
        task.delete()
        _renumber(plan)


def _renumber(plan: Plan) -> None:
    for i, t in enumerate(plan.tasks.order_by("order", "id"), start=1):
        if t.order != i or (t.no.isdigit() and t.no != str(i)):
            t.order = i
            if t.no.isdigit():
                t.no = str(i)
            t.save(update_fields=["order", "no"])


def move_task(task: Task, direction: int, *, actor: Any) -> None:
    """Swap a task with its neighbour above (direction -1) or below (+1) in a draft plan."""
    plan = task.plan
    ensure_editable(plan)
    _check(actor, "plans.edit", plan.organisation)
    with transaction.atomic():
        tasks = list(plan.tasks.order_by("order", "id"))
        i = next(i for i, t in enumerate(tasks) if t.pk == task.pk)
        j = i + (1 if direction > 0 else -1)
        if not 0 <= j < len(tasks):
            return
        tasks[i], tasks[j] = tasks[j], tasks[i]
        for n, t in enumerate(tasks, start=1):
            t.order = n
            if t.no.isdigit():
                t.no = str(n)
        for t in (tasks[i], tasks[j]):
            t.save(update_fields=["order", "no"])
        _renumber(plan)


# ---------------------------------------------------------------- clone and cascade


def _copy_document(source: Plan, target: Plan, *, shift: int = 0, resolve_in: Organisation | None = None,
                   notes: list[dict[str, Any]] | None = None) -> None:
    """Copy tasks, references and report deadlines; with `shift`, move their dates and the plan's own years in
    their texts (cited documents keep theirs), adding to `notes` the texts that still name the old years."""
    doc = source.as_document_dict()
    tasks = doc["tasks"]
    if shift:
        for t in tasks:
            t["periods"] = [
                {"start": shift_year(as_date(p["start"]), shift).isoformat(),
                 "end": shift_year(as_date(p["end"]), shift).isoformat()}
                for p in t["periods"]
            ]
            t["content"] = _shifted(t["content"], source.year, shift, notes, {"kind": "task", "no": t["no"]})
            t["timing"] = _shifted(t["timing"], source.year, shift, notes, {"kind": "task", "no": t["no"]})
        doc["report_deadlines"] = [
            {**d, "due": shift_year(as_date(d["due"]), shift).isoformat(),
             "name": _shifted(d["name"], source.year, shift, notes, {"kind": "deadline", "name": d["name"]})}
            for d in doc["report_deadlines"]
        ]
    _create_tasks(target, tasks, resolve_in or target.organisation)
    _create_references(target, doc)


def _shifted(text: str, year: int, by: int, notes: list[dict[str, Any]] | None, where: dict[str, Any]) -> str:
    from danvan.plans.yearshift import shift_years

    result = shift_years(text or "", year, by)
    if result.kept and notes is not None:
        same = next((n for n in notes if {k: n.get(k) for k in where} == where), None)
        if same is None:
            notes.append({**where, "years": result.kept})
        else:
            same["years"] = sorted({*same["years"], *result.kept})
    return result.text


def clone_plan(plan: Plan, *, actor: Any) -> Plan:
    """Copy a plan to the next year as a draft marked for review.

    Dates of periods and report deadlines move one year on; in the title, sections, tasks and deadline names
    the plan's own years move too ("năm học 2023-2024" → "năm học 2024-2025", "trước ngày 15/6/2023" →
    "15/6/2024"), while a sentence citing a document keeps its text and dates (`yearshift`). The copy lists
    the texts that still name the old years, and always asks to be reviewed: a year's theme or a new
    superior plan cannot be guessed.
    """
    _check(actor, "plans.edit", plan.organisation)
    new_year = plan.year + 1
    notes: list[dict[str, Any]] = []
    with transaction.atomic():
        copy = Plan.objects.create(
            organisation=plan.organisation, year=new_year, symbol=plan.symbol, kind=plan.kind,
            title=_shifted(plan.title, plan.year, 1, notes, {"kind": "title"}), issuer=plan.issuer,
            place=plan.place, parent=None,
            sections={k: [_shifted(s, plan.year, 1, notes, {"kind": "section", "key": k, "n": i})
                          for i, s in enumerate(v, start=1)]
                      for k, v in (plan.sections or {}).items()},
            recipients=list(plan.recipients or []), signer_name=plan.signer_name,
            signer_position=plan.signer_position, source_format=SourceFormat.MANUAL, created_by=_user(actor),
        )
        _copy_document(plan, copy, shift=1, notes=notes)
        copy.review_notes = [{"kind": "source", "plan": plan.pk, "year": plan.year}, *notes]
        copy.save(update_fields=["review_notes"])
        audit.record("plans.plan.cloned", obj=copy, actor=_user(actor),
                     message=_("Sao chép từ %(p)s") % {"p": plan})
    return copy


def cascade_to_schools(plan: Plan, schools: Iterable[Organisation], *, actor: Any) -> list[Plan]:
    """Turn a published Department plan into draft plans of the chosen schools ("triển khai xuống trường").

    The officer needs plans.edit on the Department; each draft links back through `parent`, copies
    the tasks (units resolved in the school's own dictionary) and is created on the officer's behalf.
    A school that already has a plan derived from this one is skipped.
    """
    department = plan.organisation
    if department.kind != OrgKind.DEPARTMENT:
        raise PlanError(_("Chỉ kế hoạch của Sở mới triển khai xuống trường."))
    if plan.status != PlanStatus.PUBLISHED:
        raise PlanError(_("Kế hoạch phải được ban hành trước khi triển khai xuống trường."))
    _check(actor, "plans.edit", department)
    schools = list(schools)
    for school in schools:
        if school.kind != OrgKind.SCHOOL or not school.path.startswith(department.path) or school.pk == department.pk:
            raise PlanError(_("%(s)s không trực thuộc %(d)s.") % {"s": school, "d": department})
    done = set(Plan.objects.filter(parent=plan, organisation__in=schools).values_list("organisation_id", flat=True))
    created: list[Plan] = []
    with transaction.atomic():
        for school in schools:
            if school.pk in done:
                continue
            child = Plan.objects.create(
                organisation=school, year=plan.year, symbol=f"{plan.kind}-{school.code}", kind=plan.kind,
                title=plan.title, issuer=school.name, place=school.place or plan.place, parent=plan,
                parent_number=plan.number_symbol, parent_date=plan.date, parent_issuer=plan.issuer or department.name,
                sections={k: list(v) for k, v in (plan.sections or {}).items()},
                recipients=[department.short_name or department.name, _("Lưu: VT")],
                source_format=SourceFormat.MANUAL, created_by=_user(actor),
            )
            _copy_document(plan, child, resolve_in=school)
            audit.record("plans.plan.cascaded", obj=child, actor=_user(actor),
                         message=_("Triển khai từ %(p)s của %(d)s") % {"p": plan, "d": department})
            created.append(child)
    return created


# ---------------------------------------------------------------- revisions


@dataclass
class Difference:
    """One changed field or task between two versions of a plan, as unified-diff lines."""

    label: str
    lines: list[str]


def _field_text(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        out: list[str] = []
        for item in value:
            out.extend(_field_text(item) if isinstance(item, list | dict) else [str(item)])
        return out
    if isinstance(value, dict):
        return [f"{k}: {', '.join(_field_text(v))}" for k, v in value.items()]
    return [str(value)]


def diff_documents(old: dict[str, Any], new: dict[str, Any]) -> list[Difference]:
    """Return the differences between two document dicts, field by field and task by task (difflib)."""
    import difflib

    labels = {
        "title": _("Trích yếu"), "number": _("Số, ký hiệu"), "date": _("Ngày"), "year": _("Năm"),
        "issuer": _("Cơ quan ban hành"), "place": _("Địa danh"), "parent_plan": _("Kế hoạch cấp trên"),
        "legal_refs": _("Văn bản căn cứ"), "report_deadlines": _("Hạn báo cáo"), "recipients": _("Nơi nhận"),
        "signer": _("Người ký"),
    }
    section_labels = dict(SectionKey.choices)
    pairs: list[tuple[str, Any, Any]] = []
    for key in ("title", "number", "date", "year", "issuer", "place", "parent_plan"):
        pairs.append((str(labels[key]), old.get(key), new.get(key)))
    for key in SectionKey.values:
        pairs.append((str(section_labels[key]), (old.get("sections") or {}).get(key),
                      (new.get("sections") or {}).get(key)))
    old_tasks, new_tasks = old.get("tasks") or [], new.get("tasks") or []
    for i in range(max(len(old_tasks), len(new_tasks))):
        a = old_tasks[i] if i < len(old_tasks) else None
        b = new_tasks[i] if i < len(new_tasks) else None
        no = (b or a or {}).get("no") or i + 1
        pairs.append((_("Nhiệm vụ %(no)s") % {"no": no}, a, b))
    for key in ("legal_refs", "report_deadlines", "recipients", "signer"):
        pairs.append((str(labels[key]), old.get(key), new.get(key)))
    out = []
    for label, a, b in pairs:
        if a == b:
            continue
        lines = [line for line in difflib.unified_diff(_field_text(a), _field_text(b), lineterm="", n=1)
                 if not line.startswith(("---", "+++", "@@"))]
        if lines:
            out.append(Difference(label, lines))
    return out


def revision_history(plan: Plan) -> list[dict[str, Any]]:
    """Return each published revision with its differences from the previous one, and the current draft's."""
    revisions = list(plan.revisions.select_related("author").order_by("number"))
    history = []
    previous: dict[str, Any] | None = None
    for rev in revisions:
        history.append({"revision": rev, "label": _("Lần %(n)d") % {"n": rev.number},
                        "changes": diff_documents(previous, rev.snapshot) if previous is not None else None})
        previous = rev.snapshot
    if plan.status != PlanStatus.PUBLISHED and previous is not None:
        history.append({"revision": None, "label": _("Dự thảo lần %(n)d (chưa ban hành)") % {"n": plan.revision},
                        "changes": diff_documents(previous, plan.as_document_dict())})
    return list(reversed(history))


# ---------------------------------------------------------------- task progress


LEADING_POSITIONS = frozenset(Position.values) - {Position.GIAO_VIEN, Position.NHAN_VIEN, Position.THANH_VIEN_TTND}


def my_unit_ids(user: Any, *, leading_only: bool = False) -> set[int]:
    """Return the units (and tenants) where the user holds an active position (only leading ones, if asked)."""
    qs = Membership.objects.active().filter(person__user=user)
    if leading_only:
        qs = qs.filter(position__in=LEADING_POSITIONS)
    return set(qs.values_list("organisation_id", flat=True))


def can_update_task(user: Any, task: Task) -> bool:
    """Return whether the user may report progress on a task.

    Plan editors of the school may; otherwise the task's lead person, or someone holding a
    leading position (not a plain teacher or staff member) in one of the task's units.
    """
    if has_perm(user, "plans.edit", task.organisation):
        return True
    if not has_perm(user, "tasks.update", task.organisation):
        return False
    if task.lead_person_id and task.lead_person.user_id == getattr(user, "pk", None):
        return True
    leading = my_unit_ids(user, leading_only=True)
    return bool(leading) and task.units.filter(pk__in=leading).exists()


def tasks_for(user: Any) -> Any:
    """Return the tasks led by me or given to a unit I belong to, whatever their plan's status (see `my_tasks`)."""
    units = my_unit_ids(user)
    return (
        Task.objects.visible_to(user, "tasks.update")
        .filter(Q(lead_person__user=user) | Q(pk__in=Task.units.through.objects.filter(
            organisation_id__in=units).values("task_id")))
    )


def my_tasks(user: Any) -> Any:
    """Return the tasks of "my tasks": those of `tasks_for` whose plan is in force (a draft is nobody's work yet)."""
    return tasks_for(user).in_force()


def validate_evidence(upload: IO[bytes]) -> str:
    """Check an evidence file by content and size; return its kind (raises ValidationError)."""
    return validate_upload(upload, allowed=EVIDENCE_KINDS)


def record_task_update(
    task: Task, *, actor: Any, status: str, progress: int, note: str = "", files: Sequence[Any] = (),
) -> TaskUpdate:
    """Report progress on a task with optional evidence files; status and percentage are kept consistent.

    100% is done and progress above 0 has started (the status follows); "Hoàn thành" under 100% is refused.
    """
    if actor is not None and not can_update_task(actor, task):
        raise PlanError(_("Bạn không phụ trách nhiệm vụ này."))
    if status not in TaskStatus.values:
        raise PlanError(_("Tình trạng không hợp lệ."))
    if not 0 <= int(progress) <= 100:
        raise PlanError(_("Tiến độ phải từ 0 đến 100%."))
    kinds = []
    for f in files:
        try:
            kinds.append(validate_evidence(f))
        except ValidationError as exc:
            raise PlanError(" ".join(exc.messages)) from None
    progress = int(progress)
    if status == TaskStatus.DONE and progress < 100:
        # "Hoàn thành" at 50% is a contradiction, not a typo to fix silently: closing a half-done task takes it
        # off every list, so the user says which one they meant.
        raise PlanError(_("Đã chọn “Hoàn thành” thì tiến độ phải là 100%. Hãy sửa tiến độ, hoặc chọn “Đang thực "
                          "hiện” nếu nhiệm vụ chưa xong."), field="progress")
    if progress == 100:
        status = TaskStatus.DONE
    elif status == TaskStatus.NOT_STARTED and progress > 0:
        status = TaskStatus.IN_PROGRESS
    today = timezone.localdate()
    with transaction.atomic():
        old = task.status
        task.status, task.progress = status, progress
        task.completed_on = (task.completed_on or today) if status == TaskStatus.DONE else None
        task.save(update_fields=["status", "progress", "completed_on"])
        update = TaskUpdate.objects.create(organisation=task.organisation, task=task, author=_user(actor),
                                           status=status, progress=progress, note=note.strip())
        for f, kind in zip(files, kinds, strict=True):
            name = (getattr(f, "name", "") or "minh-chung").rsplit("/", 1)[-1][:255]
            f.seek(0)
            ev = Evidence(organisation=task.organisation, task=task, update=update, name=name, kind=kind,
                          size=getattr(f, "size", 0) or 0, uploaded_by=_user(actor))
            ev.file.save(name, f, save=False)
            ev.save()
        if old != status:
            audit.record(f"plans.task.{'completed' if status == TaskStatus.DONE else 'progressed'}", obj=task,
                         actor=_user(actor), changes={"status": [old, status]})
    return update


def add_comment(task: Task, *, actor: Any, body: str) -> TaskComment:
    """Add an internal comment to a task."""
    if not body.strip():
        raise PlanError(_("Ý kiến không được để trống."))
    if actor is not None and not can_update_task(actor, task):
        raise PlanError(_("Bạn không phụ trách nhiệm vụ này."))
    return TaskComment.objects.create(organisation=task.organisation, task=task, author=_user(actor),
                                      body=body.strip())


# ---------------------------------------------------------------- timeline


# Month labels of the timeline's scale ("T1" = tháng 1), translated by the catalog ("Jan").
# Translators: abbreviated month names (T1 = tháng 1 = January) on the plan's timeline.
MONTH_LABELS = (
    gettext_lazy("T1"), gettext_lazy("T2"), gettext_lazy("T3"), gettext_lazy("T4"), gettext_lazy("T5"),
    gettext_lazy("T6"), gettext_lazy("T7"), gettext_lazy("T8"), gettext_lazy("T9"), gettext_lazy("T10"),
    gettext_lazy("T11"), gettext_lazy("T12"),
)


def _month_start(day: dt.date, add: int = 0) -> dt.date:
    n = day.year * 12 + day.month - 1 + add
    return dt.date(n // 12, n % 12 + 1, 1)


def timeline(plan: Plan, today: dt.date) -> dict[str, Any]:
    """Lay out the plan's tasks on a month grid: the plan's calendar year, or the months its periods span
    when they leave that year (a school-year plan runs from September to May). Positions are percentages."""
    tasks = list(plan.tasks.prefetch_related("periods").order_by("order", "id"))
    periods = [p for t in tasks for p in t.periods.all()]
    first, last = dt.date(plan.year, 1, 1), dt.date(plan.year, 12, 31)
    if any(p.start < first or p.end > last for p in periods):
        first, last = min(p.start for p in periods), max(p.end for p in periods)
    start, stop = _month_start(first), _month_start(last, 1)
    days = (stop - start).days

    def pct(day: dt.date) -> float:
        return round(100 * (min(max(day, start), stop) - start).days / days, 2)

    months, month = [], start
    multi_year = start.year != (stop - dt.timedelta(days=1)).year
    while month < stop:
        with_year = multi_year and month.month in (1, 9)
        label = str(MONTH_LABELS[month.month - 1])
        if with_year:
            label = _("%(month)s/%(yy)s") % {"month": label, "yy": f"{month.year % 100:02d}"}
        # On a narrow screen only the months opening a quarter keep their label (T1, T4, T7, T10).
        months.append({"label": label, "left": pct(month), "date": month, "minor": month.month not in (1, 4, 7, 10)})
        month = _month_start(month, 1)
    quarters = [{"label": f"Q{(m['date'].month - 1) // 3 + 1}", "left": m["left"]}
                for m in months if m["date"].month in (1, 4, 7, 10)]
    rows = []
    for t in tasks:
        bars = [{"left": pct(p.start), "width": max(round(pct(p.end + dt.timedelta(days=1)) - pct(p.start), 2), 0.5),
                 "label": str(p)} for p in t.periods.all()]
        rows.append({"task": t, "bars": bars})
    return {"rows": rows, "months": months, "quarters": quarters,
            "today": pct(today) if start <= today < stop else None}


# ---------------------------------------------------------------- dashboard


AT_RISK_DAYS = 14
AT_RISK_PROGRESS = 50


def late_and_at_risk(tasks: Any, on: dt.date | None = None) -> tuple[list[Task], list[Task]]:
    """Split open tasks of plans in force into late ones and those due within 14 days with progress under 50%."""
    on = on or timezone.localdate()
    horizon = on + dt.timedelta(days=AT_RISK_DAYS)
    rows = list(
        tasks.in_force().open().filter(Q(due_on__lt=on) | Q(due_on__lte=horizon, progress__lt=AT_RISK_PROGRESS))
        .select_related("plan").order_by("due_on", "id")
    )
    late = [t for t in rows if t.due_on < on]
    return late, [t for t in rows if t.due_on >= on]
