"""Business rules for plans: import, unit resolution, lifecycle, revisions, cloning, cascading, task progress."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import hashlib
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core import audit
from danvan.core.context import acting_as, current_actor
from danvan.core.errors import DomainError, refusals_are_conflicts
from danvan.core.params import MAX_YEAR, MIN_YEAR, parse_int
from danvan.core.scoping import has_perm
from danvan.core.storage import accept_upload, save_upload
from danvan.core.uploads import sniff, validate_upload
from danvan.emulation.services import plan_suggestions
from danvan.lib.archives import ArchiveTooLarge, check_expansion
from danvan.lib.dates import as_date
from danvan.lib.text import fold
from danvan.org.choices import OrgKind, Position
from danvan.org.models import Membership, Organisation, Person
from danvan.org.services import parse_position
from danvan.plans import notifications
from danvan.plans.choices import (
    PLAN_TRANSITIONS,
    DispatchChannel,
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
    PlanDispatch,
    PlanReportDeadline,
    PlanRevision,
    Task,
    TaskComment,
    TaskPeriod,
    TaskUpdate,
    UnitAbbreviation,
    in_force_q,
)
from danvan.plans.parsing import (
    DEFAULT_UNIT_ABBREVIATIONS,
    FieldNote,
    ParsedDeadline,
    ParsedPeriod,
    ParsedPlan,
    ParsedReference,
    ParsedTask,
    ParseWarning,
    PlanParseError,
    parse_plan,
)
from danvan.plans.parsing.references import same_body
from danvan.plans.parsing.timing import TimeContext, periods_for
from danvan.plans.signals import plan_imported, plan_published
from danvan.plans.tasks import build_public_pdf
from danvan.plans.yearshift import shift_years

EVIDENCE_KINDS = {"pdf", "png", "jpeg", "docx", "xlsx"}
SOURCE_KINDS = {"txt", "docx", "pdf"}


class PlanError(DomainError):
    """A rule about plans or tasks was broken; the message is shown to the user (next to `field` when given)."""


class DuplicatePlan(PlanError):
    """The organisation already has the plan (same number and year, or the same file): `other` names it."""

    def __init__(self, message: Any, *, other: Plan) -> None:
        super().__init__(message, code="conflict")
        self.other = other

    def as_html(self) -> SafeString:
        """Return the message with the other plan's name linked to its page (for the messages framework)."""
        return format_html(
            '{} <a href="{}">{}</a>',
            _("Đã có kế hoạch:"),
            reverse("plans:plan_detail", args=[self.other.pk]),
            plan_label(self.other),
        )


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
    memberships = (
        Membership.objects.active()
        .filter(Q(organisation=organisation) | Q(organisation__tenant=organisation))
        .select_related("person")
    )
    for m in memberships:
        out.setdefault(m.position, [])
        if m.person not in out[m.position]:
            out[m.position].append(m.person)
        if m.title:
            out.setdefault(f"title:{fold(m.title)}", []).append(m.person)
    return out


def resolve_lead(text: str, people: dict[str, list[Person]]) -> Person | None:
    """Return the one person a written lead ("Hiệu trưởng") designates, or None when unclear."""
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
        kind=OrgKind.UNIT,
        name=name.strip(),
        code=_unique_code(organisation, name),
        parent=organisation,
        abbreviations=[name.strip()],
    )


# ---------------------------------------------------------------- duplicates and the issuing body


def plan_label(plan: Plan) -> str:
    """Return how messages name a plan: "Kế hoạch 01/KH-THPTNK ngày 10/02/2023 “…” (Đã ban hành)"."""
    parts = [_("Kế hoạch")]
    if plan.number is not None:
        parts.append(plan.number_symbol)
    if plan.date:
        parts.append(_("ngày %(d)s") % {"d": plan.date.strftime("%d/%m/%Y")})
    parts.append(f"“{plan.title}”")
    return f"{' '.join(parts)} ({plan.get_status_display()})"


def file_digest(raw: bytes) -> str:
    """Return the SHA-256 of a plan document's bytes (the same file imported twice has the same digest)."""
    return hashlib.sha256(raw).hexdigest()


def duplicate_of(
    organisation: Organisation,
    *,
    number: int | None,
    symbol: str,
    year: int | None,
    date: dt.date | None = None,
    digest: str = "",
    exclude: Plan | None = None,
    in_force_only: bool = False,
) -> tuple[Plan, str] | None:
    """Return another plan of the organisation that this one would duplicate, and why; None when there is none.

    The same document is the same number and symbol in the same year (numbering restarts each 1 January,
    NĐ 30/2020/NĐ-CP Điều 15 khoản 1), or the same file imported again. There are no cancelled or replaced
    plans in danvan (a published plan changes through revisions of the same row), so every other plan counts;
    `in_force_only` narrows to plans approved or published (publishing may not give a number twice, while two
    drafts may briefly carry one until one is corrected).
    """
    qs = Plan.objects.filter(organisation=organisation)
    if exclude is not None and exclude.pk is not None:
        qs = qs.exclude(pk=exclude.pk)
    if in_force_only:
        qs = qs.filter(in_force_q())
    if number is not None and (year or date):
        key_year = date.year if date else year
        same_year = Q(date__year=key_year) | Q(date__isnull=True, year=key_year)
        other = (
            qs.filter(same_year, number=number, symbol__iexact=(symbol or "").replace(" ", "")).order_by("id").first()
        )
        if other is not None:
            return other, _(
                "Đơn vị đã có kế hoạch số %(n)s năm %(y)s: %(plan)s. Không lưu hai kế hoạch cùng số, "
                "ký hiệu trong một năm; hãy mở kế hoạch đã có (hoặc sửa số của kế hoạch này)."
            ) % {"n": other.number_symbol, "y": key_year, "plan": plan_label(other)}
    if digest:
        other = qs.filter(source_digest=digest).order_by("id").first()
        if other is not None:
            return other, _("Tệp này đã được nhập thành %(plan)s. Hãy mở kế hoạch đã có thay vì nhập lại.") % {
                "plan": plan_label(other)
            }
    return None


def _refuse_duplicate(found: tuple[Plan, str] | None) -> None:
    if found is not None:
        raise DuplicatePlan(found[1], other=found[0])


def issuer_mismatch(issuer: str | None, organisation: Organisation) -> str:
    """Return the warning when a document's issuing body is not the organisation, or "" when it is (or unknown)."""
    if not issuer or same_body(issuer, organisation.name):
        return ""
    return _(
        "Văn bản do “%(issuer)s” ban hành, không phải %(org)s. Chỉ nhập khi đúng là kế hoạch của đơn vị "
        "(ví dụ tên đơn vị đã đổi); khi đó đánh dấu ô xác nhận."
    ) % {"issuer": issuer, "org": organisation.name}


# ---------------------------------------------------------------- preview and import


@dataclass
class UnitResolution:
    """How one written unit of a task resolved."""

    text: str
    unit: Organisation | None


@dataclass
class TaskResolution:
    """One parsed task with its units and lead resolved against the organisation."""

    task: ParsedTask
    units: list[UnitResolution]
    lead_person: Person | None


@dataclass
class Preview:
    """What an import would store: the parsed document, per-task resolution, warnings, unknown units."""

    data: ParsedPlan
    filename: str
    source_format: str
    tasks: list[TaskResolution] = field(default_factory=list)
    unknown_units: list[str] = field(default_factory=list)
    digest: str = ""
    # Another plan of the organisation this document is (an import is refused), with the reason.
    duplicate: Plan | None = None
    duplicate_message: str = ""
    # Set when the heading names another body: the import needs the user's acknowledgement.
    issuer_warning: str = ""

    @property
    def warnings(self) -> tuple[ParseWarning, ...]:
        """Return what the parser read but did not take in, with lines."""
        return self.data.warnings

    @property
    def unsure(self) -> dict[str, FieldNote]:
        """Return the header fields the parser is not sure of (what the preview highlights)."""
        return self.data.unsure_notes()

    @property
    def unsure_tasks(self) -> list[tuple[int, ParsedTask, list[str]]]:
        """Return (position, task, fields) of the tasks with a value the parser guessed (found, not sure)."""
        out = []
        for index, task in enumerate(self.data.tasks, start=1):
            fields = [k for k, n in task.notes.items() if n.unsure and not n.absent]
            if fields:
                out.append((index, task, fields))
        return out


def source_format(filename: str, kind: str | None = None) -> str:
    """Return the SourceFormat of an uploaded document from its sniffed kind and its name."""
    if kind in ("docx", "pdf"):
        return kind
    return SourceFormat.MD if filename.lower().endswith((".md", ".markdown")) else SourceFormat.TXT


def add_unit_spelling(
    organisation: Organisation, *, actor: Any, abbreviation: str, unit: Organisation
) -> UnitAbbreviation:
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


def resolve_document(data: ParsedPlan, organisation: Organisation) -> tuple[list[TaskResolution], list[str]]:
    """Resolve every task's units and lead against the organisation; return them and the unknown unit names."""
    dictionary = unit_dictionary(organisation)
    people = people_by_position(organisation)
    tasks: list[TaskResolution] = []
    unknown: list[str] = []
    for t in data.tasks:
        units = [UnitResolution(text, resolve_unit(text, dictionary)) for text in t.units]
        for u in units:
            if u.unit is None and u.text not in unknown:
                unknown.append(u.text)
        tasks.append(TaskResolution(t, units, resolve_lead(t.lead or "", people)))
    return tasks, unknown


# What the user reads for each PlanParseError code; the exception's own text never reaches a page.
PARSE_ERRORS: dict[str, Any] = {
    "doc": gettext_lazy("Tệp “%(name)s” là Word 97-2003 (.doc), chưa hỗ trợ; hãy lưu lại thành .docx hoặc PDF."),
    "wrong_header": gettext_lazy("Tệp “%(name)s” không phải %(expected)s hợp lệ (phần đầu tệp không khớp)."),
    "missing_library": gettext_lazy("Máy chủ chưa cài thư viện đọc loại tệp này; hãy báo quản trị hệ thống."),
    "pdf_encrypted": gettext_lazy("Tệp PDF “%(name)s” được mã hóa bằng mật khẩu, không đọc được."),
    "pdf_corrupt": gettext_lazy("Tệp PDF “%(name)s” bị hỏng hoặc không đọc được."),
    "pdf_no_text": gettext_lazy(
        "Tệp PDF “%(name)s” không có lớp văn bản (có thể là bản quét); cần PDF có chữ hoặc tệp DOCX."
    ),
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


def preview_import(file_bytes: bytes, filename: str, organisation: Organisation, year: int | None = None) -> Preview:
    """Parse a plan document and resolve it against the organisation, storing nothing."""
    try:
        check_expansion(file_bytes)
    except ArchiveTooLarge as exc:
        raise PlanError(exc.message) from None
    try:
        data = parse_plan(
            file_bytes, filename=filename, year=year, unit_abbreviations=dictionary_spellings(organisation)
        )
    except PlanParseError as exc:
        raise PlanError(parse_error_message(exc, filename)) from None
    tasks, unknown = resolve_document(data, organisation)
    digest = file_digest(file_bytes)
    fields = _plan_fields(data, organisation)
    found = duplicate_of(
        organisation,
        number=fields["number"],
        symbol=fields["symbol"],
        year=fields["year"],
        date=fields["date"],
        digest=digest,
    )
    return Preview(
        data=data,
        filename=filename,
        source_format=source_format(filename, _sniff_kind(file_bytes)),
        tasks=tasks,
        unknown_units=unknown,
        digest=digest,
        duplicate=found[0] if found else None,
        duplicate_message=found[1] if found else "",
        issuer_warning=issuer_mismatch(data.issuer, organisation),
    )


def _sniff_kind(data: bytes) -> str | None:
    return sniff(data[:8192], io.BytesIO(data))


# A document number is a day's count in the register (NĐ 30/2020/NĐ-CP Điều 15): far below this bound.
MAX_DOCUMENT_NUMBER = 999_999


def _plan_fields(data: ParsedPlan, organisation: Organisation) -> dict[str, Any]:
    number, symbol = split_number(data.number)
    if number is not None and number > MAX_DOCUMENT_NUMBER:
        raise PlanError(
            _("Số văn bản %(n)s quá lớn; hãy sửa ô “Số, ký hiệu”.") % {"n": str(number)[:12]}, field="number"
        )
    kind = data.kind.strip() or "KH"
    date = data.date
    written = data.year or (date.year if date else timezone.localdate().year)
    year = parse_int(written, minimum=MIN_YEAR, maximum=MAX_YEAR)
    if year is None:  # "năm 9999" in a document: its school year would end in 10000, which no date can hold
        raise PlanError(
            _("Năm của kế hoạch (%(y)s) phải từ %(min)s đến %(max)s; hãy ghi năm ở ô “Năm”.")
            % {"y": str(written)[:10], "min": MIN_YEAR, "max": MAX_YEAR},
            field="year",
        )
    parent = data.parent_plan
    return {
        "organisation": organisation,
        "year": year,
        "number": number,
        "symbol": (symbol or f"{kind}-{organisation.code}")[:60],
        "date": date,
        "title": ((data.title or "").strip() or _("Kế hoạch năm %(y)s") % {"y": year})[:500],
        "kind": kind[:10],
        "issuer": (data.issuer or organisation.name)[:255],
        "place": (data.place or organisation.place or "")[:100],
        "parent_number": (parent.number or "")[:100],
        "parent_date": parent.date,
        "parent_issuer": (parent.issuer or "")[:255],
        "sections": {key: list(data.sections[key]) for key in SectionKey.values},
        "recipients": list(data.recipients),
        "signer_name": (data.signer.name or "")[:200],
        "signer_position": (data.signer.position or "")[:200],
        "closing": data.closing.strip(),
        "import_warnings": [w.to_json() for w in data.warnings],
    }


def _internal_parent(organisation: Organisation, number: str) -> Plan | None:
    """Find the superior's plan the document cites ("09/KH-SGDĐT"), if it is in danvan."""
    n, symbol = split_number(number)
    if n is None or not organisation.parent_id:
        return None
    ancestor_ids = [int(x) for x in organisation.path.strip("/").split("/") if x][:-1]
    return (
        Plan.objects.filter(organisation_id__in=ancestor_ids, number=n, symbol__iexact=symbol).order_by("-id").first()
    )


def _create_tasks(
    plan: Plan,
    tasks: Sequence[ParsedTask],
    organisation: Organisation,
    dictionary: dict[str, Organisation] | None = None,
    people: dict[str, list[Person]] | None = None,
) -> list[Task]:
    dictionary = unit_dictionary(organisation) if dictionary is None else dictionary
    people = people_by_position(organisation) if people is None else people
    created = []
    for i, t in enumerate(tasks, start=1):
        periods = [(p.start, p.end) for p in t.periods if p.end >= p.start]
        task = Task.objects.create(
            organisation=organisation,
            plan=plan,
            order=i,
            no=(t.no or str(i))[:20],
            content=t.content.strip(),
            lead=(t.lead or "")[:255],
            lead_person=resolve_lead(t.lead or "", people),
            units_text=list(t.units),
            timing=(t.timing or "")[:255],
            due_on=max((e for _s, e in periods), default=None),
        )
        TaskPeriod.objects.bulk_create([TaskPeriod(task=task, start=s, end=e) for s, e in periods])
        units = {u.pk: u for text in task.units_text if (u := resolve_unit(text, dictionary)) is not None}
        if units:
            task.units.set(units.values())
        created.append(task)
    return created


def parsed_reference_rows(data: ParsedPlan) -> list[ReferenceRow]:
    """Return the cited documents of a parsed plan as the rows the plan form edits (those with a number)."""
    return [
        ReferenceRow(number=r.number, date=r.date, issuer=r.issuer or "", title=r.title or "")
        for r in data.legal_refs
        if r.number.strip()
    ]


def parsed_deadline_rows(data: ParsedPlan) -> list[DeadlineRow]:
    """Return the dated report deadlines of a parsed plan as the rows the plan form edits."""
    return [
        DeadlineRow(name=d.name or _("Báo cáo"), due=d.due_on, to=d.to or "")
        for d in data.report_deadlines
        if d.due_on is not None
    ]


# ---------------------------------------------------------------- corrections made in the preview


@dataclass(frozen=True)
class TaskCorrection:
    """One task as the user left it in the preview (`delete` drops it from the import)."""

    content: str
    lead: str = ""
    units: tuple[str, ...] = ()
    timing: str = ""
    delete: bool = False


@dataclass(frozen=True)
class ImportCorrections:
    """What the user changed in the preview; None (or a missing header key) leaves the parsed value.

    `header` keys: number, date, title, issuer, year, parent_number, parent_date, parent_issuer.
    """

    header: Mapping[str, Any] = field(default_factory=dict)
    legal_refs: Sequence[ReferenceRow] | None = None
    report_deadlines: Sequence[DeadlineRow] | None = None
    tasks: Sequence[TaskCorrection] | None = None


CORRECTABLE_HEADER = ("number", "date", "title", "issuer", "year", "parent_number", "parent_date", "parent_issuer")


def _blank(value: Any) -> Any:
    """Return None for an empty text (a cleared field), the value otherwise."""
    return None if isinstance(value, str) and not value.strip() else value


def correct_import(data: ParsedPlan, corrections: ImportCorrections) -> tuple[ParsedPlan, dict[str, list[Any]]]:
    """Return the parsed plan with the user's corrections applied, and what changed (field → [parsed, corrected]).

    A corrected timing is read again in the plan's year (a school year when the plan is one), so the task's
    periods follow what the user wrote.
    """
    changes: dict[str, list[Any]] = {}
    header = {
        k: _blank(v.strip() if isinstance(v, str) else v)
        for k, v in corrections.header.items()
        if k in CORRECTABLE_HEADER
    }
    parent = data.parent_plan
    current: dict[str, Any] = {
        "number": data.number,
        "date": data.date,
        "title": data.title,
        "issuer": data.issuer,
        "year": data.year,
        "parent_number": parent.number,
        "parent_date": parent.date,
        "parent_issuer": parent.issuer,
    }
    for key, value in header.items():
        if value != current[key]:
            changes[key] = [_audit_value(current[key]), _audit_value(value)]
            current[key] = value
    if header.get("parent_number") is None and "parent_number" in header:
        current["parent_date"] = current["parent_issuer"] = None  # no parent plan: nothing of it is kept
    new_parent = replace(
        parent, number=current["parent_number"], date=current["parent_date"], issuer=current["parent_issuer"]
    )
    year_changed = "year" in changes
    ctx = TimeContext(current["year"] if year_changed else data.timing_year, data.school_year)
    tasks = data.tasks
    if corrections.tasks is not None:
        if len(corrections.tasks) != len(data.tasks):
            raise PlanError(
                _("Danh sách nhiệm vụ trong trang xem trước không khớp với tệp; hãy tải tệp lên lại."), field="tasks"
            )
        kept: list[ParsedTask] = []
        for task, fix in zip(data.tasks, corrections.tasks, strict=True):
            if fix.delete:
                changes[f"tasks.{task.no}"] = [task.content[:80], None]
                continue
            fixed = replace(
                task,
                content=fix.content.strip() or task.content,
                lead=_blank(fix.lead.strip()),
                units=tuple(u.strip() for u in fix.units if u.strip()),
                timing=_blank(fix.timing.strip()),
            )
            if fixed.timing != task.timing or year_changed:
                fixed = replace(fixed, periods=tuple(ParsedPeriod(a, b) for a, b in periods_for(fixed.timing, ctx)))
            for name in ("content", "lead", "units", "timing"):
                before, after = getattr(task, name), getattr(fixed, name)
                if before != after:
                    changes[f"tasks.{task.no}.{name}"] = [_audit_value(before), _audit_value(after)]
            kept.append(fixed)
        tasks = tuple(kept)
    refs = data.legal_refs
    if corrections.legal_refs is not None:
        refs = tuple(
            ParsedReference(r.number.strip(), r.date, r.issuer.strip() or None, r.title.strip() or None)
            for r in corrections.legal_refs
        )
        if [r.to_json() for r in refs] != [r.to_json() for r in data.legal_refs if r.number.strip()]:
            changes["legal_refs"] = [len(data.legal_refs), len(refs)]
    deadlines = data.report_deadlines
    if corrections.report_deadlines is not None:
        deadlines = tuple(
            ParsedDeadline(d.name.strip(), d.due.isoformat(), d.to.strip() or None)
            for d in corrections.report_deadlines
        )
        before = [(d.name, d.due_on, d.to) for d in data.report_deadlines if d.due_on is not None]
        if [(d.name, d.due_on, d.to) for d in deadlines] != before:
            changes["report_deadlines"] = [len(data.report_deadlines), len(deadlines)]
    corrected = replace(
        data,
        number=current["number"],
        date=current["date"],
        title=current["title"],
        issuer=current["issuer"],
        year=current["year"],
        parent_plan=new_parent,
        tasks=tasks,
        legal_refs=refs,
        report_deadlines=deadlines,
    )
    return corrected, changes


def _audit_value(value: Any) -> Any:
    """Return a value as the audit trail stores it (JSON: dates as ISO text, tuples as lists)."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def import_plan(
    data: ParsedPlan,
    *,
    organisation: Organisation,
    actor: Any,
    source_file: IO[bytes] | None = None,
    source_name: str = "",
    create_units: Iterable[str] = (),
    issuer_acknowledged: bool = False,
    corrections: ImportCorrections | None = None,
) -> Plan:
    """Store a parsed plan as a draft of the organisation, in one transaction, with the user's corrections.

    What the user corrected in the preview (`corrections`) is what is stored, and the import's audit entry
    lists each corrected field with the parsed and the corrected value.

    Units named in `create_units` that the organisation lacks are created under it first, so the
    tasks that mention them resolve. The source document, when given, is kept with the plan.
    A plan the organisation already has (same number and year, or the same file) is refused with
    DuplicatePlan; a document whose heading names another body needs `issuer_acknowledged`.
    """
    if not organisation.is_tenant:
        raise PlanError(_("Chỉ trường hoặc Sở mới có kế hoạch."))
    _check(actor, "plans.edit", organisation)
    changes: dict[str, list[Any]] = {}
    if corrections is not None:
        data, changes = correct_import(data, corrections)
    warning = issuer_mismatch(data.issuer, organisation)
    if warning and not issuer_acknowledged:
        raise PlanError(warning, field="acknowledge_issuer")
    raw = source_file.read() if source_file is not None else None
    digest = file_digest(raw) if raw is not None else ""
    with transaction.atomic():
        # Under the organisation's row lock, so two confirmations of one preview cannot both store the plan.
        list(Organisation.objects.select_for_update().filter(pk=organisation.pk).values_list("pk", flat=True))
        fields = _plan_fields(data, organisation)
        _refuse_duplicate(
            duplicate_of(
                organisation,
                number=fields["number"],
                symbol=fields["symbol"],
                year=fields["year"],
                date=fields["date"],
                digest=digest,
            )
        )
        dictionary = unit_dictionary(organisation)
        for name in dict.fromkeys(n.strip() for n in create_units if n and n.strip()):
            if resolve_unit(name, dictionary) is None:
                unit = create_unit(organisation, name)
                dictionary[fold(name)] = unit
        plan = Plan(**fields, created_by=_user(actor), source_digest=digest)
        plan.parent = _internal_parent(organisation, fields["parent_number"])
        if source_file is not None and raw is not None:
            name = source_name or getattr(source_file, "name", "") or "ke-hoach.txt"
            plan.source_name = name.rsplit("/", 1)[-1][:255]
            plan.source_format = source_format(name, _sniff_kind(raw))
            plan.source_file.save(plan.source_name, ContentFile(raw), save=False)
        plan.save()
        tasks = _create_tasks(plan, data.tasks, organisation, dictionary)
        # The same row rules as the plan form (`_sync_rows`): a deadline outside the plan's years is refused.
        _save_references(plan, parsed_reference_rows(data))
        _save_deadlines(plan, parsed_deadline_rows(data))
        if warning:
            plan.import_warnings = [*plan.import_warnings, {"line": None, "message": warning}]
            plan.save(update_fields=["import_warnings"])
        audit.record(
            "plans.plan.imported",
            obj=plan,
            actor=_user(actor),
            changes=changes or None,
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


@refusals_are_conflicts
def transition(plan: Plan, action: str, *, actor: Any, note: str = "") -> Plan:
    """Move a plan along the PLAN_TRANSITIONS table (approve, return, publish, revise); return it updated."""
    with transaction.atomic():
        # Read the status under a row lock so two clicks cannot both publish (or number) the plan.
        locked = Plan.objects.select_for_update().select_related("organisation").get(pk=plan.pk)
        key = (locked.status, action)
        if key not in PLAN_TRANSITIONS:
            raise PlanError(
                _("Không thể “%(action)s” kế hoạch đang ở trạng thái “%(status)s”.")
                % {
                    "action": PlanAction(action).label if action in PlanAction.values else action,
                    "status": locked.get_status_display(),
                }
            )
        target, perm = PLAN_TRANSITIONS[key]
        _check(actor, perm, locked.organisation)
        old = locked.status
        before = audit.snapshot(locked)
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
            # Two documents in force may never carry one number (NĐ 30/2020/NĐ-CP Điều 15).
            _refuse_duplicate(
                duplicate_of(
                    locked.organisation,
                    number=locked.number,
                    symbol=locked.symbol,
                    year=locked.year,
                    date=locked.date,
                    exclude=locked,
                    in_force_only=True,
                )
            )
        if action == PlanAction.REVISE:
            locked.revision += 1
            update.append("revision")
        # One entry for the step (below), with every value it changed: no second "changed" entry, no re-read.
        audit.save_recorded(locked, update)
        if action == PlanAction.PUBLISH:
            create_dispatches(locked)
            PlanRevision.objects.create(
                organisation=locked.organisation,
                plan=locked,
                number=locked.revision,
                snapshot=locked.as_document_dict(),
                author=_user(actor),
                note=note,
            )
        after = audit.snapshot(locked, set(update))
        audit.record(
            f"plans.plan.{_VERBS[action]}",
            obj=locked,
            actor=_user(actor),
            changes={"status": [old, target]}
            | {k: [before.get(k), v] for k, v in after.items() if k != "status" and before.get(k) != v},
            message=note,
        )
        if action == PlanAction.PUBLISH:
            transaction.on_commit(lambda: plan_published.send(sender=Plan, plan=locked))
            if settings.DANVAN_PREBUILD_PUBLIC_PDF:
                transaction.on_commit(lambda: build_public_pdf.enqueue(locked.pk))
    for name in update:
        setattr(plan, name, getattr(locked, name))
    return locked


# ---------------------------------------------------------------- sending to the Nơi nhận


def recipient_list(recipients: Sequence[str]) -> list[str]:
    """Return the recipients of a Nơi nhận one by one: "CTCĐ, BTĐT;" is two, "Lưu: VT, hồ sơ." is one (the archive)."""
    out: list[str] = []
    for line in recipients or []:
        text = re.sub(r"^[-–+•*\s]+", "", str(line)).strip().rstrip(";.").strip()
        if not text:
            continue
        parts = [text] if fold(text).startswith("luu") else [p.strip() for p in re.split(r"[,;]", text)]
        for part in parts:
            if part and part not in out:
                out.append(part[:255])
    return out


def _default_channel(recipient: str) -> str:
    folded = fold(recipient)
    if folded.startswith("luu"):
        return DispatchChannel.ARCHIVE
    if "website" in folded or "cong thong tin" in folded or "trang thong tin" in folded:
        return DispatchChannel.WEBSITE
    return ""


def create_dispatches(plan: Plan) -> list[PlanDispatch]:
    """Add a dispatch record for every recipient of the plan's Nơi nhận not yet listed (called on publication).

    The archive copy ("Lưu: VT") and the website ("Đăng Website") are done by the publication itself: they are
    recorded as sent on the day of issue; every other recipient waits for the clerk to record the sending.
    """
    existing = set(plan.dispatches.values_list("recipient", flat=True))
    made = []
    on = plan.date or timezone.localdate()
    for order, recipient in enumerate(recipient_list(plan.recipients), start=1):
        if recipient in existing:
            continue
        channel = _default_channel(recipient)
        made.append(
            PlanDispatch.objects.create(
                organisation=plan.organisation,
                plan=plan,
                order=order,
                recipient=recipient,
                channel=channel,
                sent_on=on if channel else None,
            )
        )
    return made


def record_dispatch(
    dispatch: PlanDispatch,
    *,
    actor: Any,
    sent_on: dt.date | None,
    channel: str = "",
    acknowledged_on: dt.date | None = None,
    note: str = "",
) -> PlanDispatch:
    """Record how and when the plan went to one recipient, and when the recipient acknowledged it."""
    plan = dispatch.plan
    _check(actor, "plans.edit", plan.organisation)
    if actor is None:
        raise PlanError(_("Cần đăng nhập để ghi việc gửi kế hoạch."))
    if plan.status != PlanStatus.PUBLISHED:
        raise PlanError(_("Chỉ gửi kế hoạch đã ban hành."))
    today = timezone.localdate()
    if channel and channel not in DispatchChannel.values:
        raise PlanError(_("Chọn hình thức gửi."))
    if sent_on is not None:
        if not channel:
            raise PlanError(_("Chọn hình thức gửi."))
        if sent_on > today:
            raise PlanError(_("Ngày gửi không được sau hôm nay."))
        if plan.date and sent_on < plan.date:
            raise PlanError(
                _("Ngày gửi không được trước ngày ban hành kế hoạch (%(d)s).") % {"d": plan.date.strftime("%d/%m/%Y")}
            )
    if acknowledged_on is not None:
        if sent_on is None:
            raise PlanError(_("Ghi ngày gửi trước khi ghi ngày nơi nhận xác nhận."))
        if acknowledged_on < sent_on or acknowledged_on > today:
            raise PlanError(_("Ngày xác nhận phải từ ngày gửi đến hôm nay."))
    person = Person.objects.filter(user=actor).first() if sent_on is not None else None
    with transaction.atomic():
        dispatch.sent_on = sent_on
        dispatch.channel = channel if sent_on is not None or channel else ""
        dispatch.acknowledged_on = acknowledged_on
        dispatch.note = (note or "")[:255]
        if sent_on is None:
            dispatch.sent_by = None
        elif dispatch.sent_by_id is None:
            dispatch.sent_by = person
        dispatch.save(update_fields=["sent_on", "channel", "acknowledged_on", "note", "sent_by", "updated_at"])
        audit.record(
            "plans.plan.dispatched",
            obj=plan,
            actor=_user(actor),
            message=f"{dispatch.recipient}: {sent_on:%d/%m/%Y}" if sent_on else dispatch.recipient,
        )
    return dispatch


_VERBS = {
    PlanAction.APPROVE: "approved",
    PlanAction.RETURN: "returned",
    PlanAction.PUBLISH: "published",
    PlanAction.REVISE: "revised",
}


# ---------------------------------------------------------------- authoring


@dataclass(frozen=True)
class ReferenceRow:
    """One cited document as the plan form gives it (`id` of the row it changes, None for a new one)."""

    number: str
    date: dt.date | None = None
    issuer: str = ""
    title: str = ""
    id: int | None = None


@dataclass(frozen=True)
class DeadlineRow:
    """One report deadline as the plan form gives it (`id` of the row it changes, None for a new one)."""

    name: str
    due: dt.date
    to: str = ""
    id: int | None = None


_NUMBER_FIELDS = ("number", "symbol", "year", "date")


def _check_number_free(plan: Plan) -> None:
    """Refuse a number, symbol and year that another plan of the organisation already carries."""
    _refuse_duplicate(
        duplicate_of(
            plan.organisation, number=plan.number, symbol=plan.symbol, year=plan.year, date=plan.date, exclude=plan
        )
    )


def _sync_rows(
    plan: Plan,
    existing: dict[int, Any],
    rows: Sequence[Any],
    model: Any,
    values_of: Callable[[int, Any], dict[str, Any]],
    extra_fields: Sequence[str] = (),
) -> bool:
    """Make a plan's child rows (cited documents, report deadlines) the given rows: change those that keep their id,
    create the new ones, delete the ones left out; each save and delete is audited. Return whether anything changed.
    """
    kept: set[int] = set()
    changed = False
    for n, row in enumerate(rows, start=1):
        values = values_of(n, row)
        obj = existing.get(row.id) if row.id is not None else None
        if obj is None:
            model.objects.create(organisation=plan.organisation, plan=plan, **values)
            changed = True
            continue
        kept.add(obj.pk)
        diff = [k for k, v in values.items() if getattr(obj, k) != v]
        if diff:
            for k in diff:
                setattr(obj, k, values[k])
            obj.save(update_fields=[*diff, *extra_fields, "updated_at"])
            changed = True
    for pk, obj in existing.items():
        if pk not in kept:
            obj.delete()
            changed = True
    return changed


def _save_references(plan: Plan, rows: Sequence[ReferenceRow]) -> bool:
    """Make the plan's cited documents the rows, in their order: change, add, remove (each row audited)."""

    def values_of(order: int, row: ReferenceRow) -> dict[str, Any]:
        number = row.number.strip()
        if not number:
            raise PlanError(_("Văn bản căn cứ thứ %(n)d chưa có số, ký hiệu.") % {"n": order}, field="legal_refs")
        return {
            "order": order,
            "number": number[:100],
            "date": row.date,
            "issuer": row.issuer.strip()[:255],
            "title": row.title.strip(),
        }

    return _sync_rows(
        plan, {r.pk: r for r in plan.legal_refs.all()}, rows, LegalReference, values_of, extra_fields=("doc_type",)
    )


def _save_deadlines(plan: Plan, rows: Sequence[DeadlineRow]) -> bool:
    """Make the plan's report deadlines the rows: change, add, remove (each row audited).

    A row keeps its id when changed, so the obligation the reports app made of it (keyed by the row,
    `reports.services.obligations_from_plan`) follows it when the revision is published.
    """

    def values_of(n: int, row: DeadlineRow) -> dict[str, Any]:
        name = row.name.strip()
        if not name:
            raise PlanError(_("Hạn báo cáo thứ %(n)d chưa có tên báo cáo.") % {"n": n}, field="report_deadlines")
        # A plan of year N asks for reports on N (a school-year plan: into N+1), never on earlier years.
        if not plan.year <= row.due.year <= plan.year + 1:
            raise PlanError(
                _("Hạn gửi “%(name)s” (%(d)s) phải trong năm %(y1)d hoặc %(y2)d của kế hoạch.")
                % {"name": name, "d": row.due.strftime("%d/%m/%Y"), "y1": plan.year, "y2": plan.year + 1},
                field="report_deadlines",
            )
        return {"name": name[:255], "due": row.due, "to": row.to.strip()[:255]}

    return _sync_rows(plan, {d.pk: d for d in plan.report_deadlines.all()}, rows, PlanReportDeadline, values_of)


def update_plan(
    plan: Plan,
    changes: dict[str, Any],
    *,
    actor: Any,
    legal_refs: Sequence[ReferenceRow] | None = None,
    report_deadlines: Sequence[DeadlineRow] | None = None,
) -> Plan:
    """Change a draft plan's header (also after an import: title, date, number, issuer), sections, recipients,
    signer, and, when given, its cited documents and report deadlines, in one transaction.

    The report deadlines become obligations when the plan is published, as an imported plan's do
    (`plan_published` → `reports.services.obligations_from_plan`).
    """
    ensure_editable(plan)
    _check(actor, "plans.edit", plan.organisation)
    allowed = {
        "year",
        "number",
        "symbol",
        "date",
        "title",
        "issuer",
        "place",
        "parent_number",
        "parent_date",
        "parent_issuer",
        "sections",
        "recipients",
        "signer_name",
        "signer_position",
        "closing",
    }
    fields = [k for k in changes if k in allowed and getattr(plan, k) != changes[k]]
    for k in fields:
        setattr(plan, k, changes[k])
    with transaction.atomic():
        if plan.number is not None and any(k in fields for k in _NUMBER_FIELDS):
            _check_number_free(plan)
        if fields:
            plan.save(update_fields=fields)
        # Each row's own change is in the trail (automatic entries); the plan's entry says the lists changed.
        refs_changed = legal_refs is not None and _save_references(plan, legal_refs)
        deadlines_changed = report_deadlines is not None and _save_deadlines(plan, report_deadlines)
        if refs_changed or deadlines_changed:
            audit.record(
                "plans.plan.lists_changed",
                obj=plan,
                actor=_user(actor),
                message=_("%(refs)d văn bản căn cứ, %(deadlines)d hạn báo cáo")
                % {"refs": plan.legal_refs.count(), "deadlines": plan.report_deadlines.count()},
            )
    return plan


def create_plan(
    organisation: Organisation,
    fields: dict[str, Any],
    *,
    actor: Any,
    legal_refs: Sequence[ReferenceRow] = (),
    report_deadlines: Sequence[DeadlineRow] = (),
) -> Plan:
    """Write a new draft plan in the browser (no source document), with its cited documents and report deadlines."""
    if not organisation.is_tenant:
        raise PlanError(_("Chỉ trường hoặc Sở mới có kế hoạch."))
    _check(actor, "plans.edit", organisation)
    with transaction.atomic():
        plan = Plan(
            organisation=organisation,
            created_by=_user(actor),
            source_format=SourceFormat.MANUAL,
            issuer=fields.pop("issuer", "") or organisation.name,
            place=fields.pop("place", "") or organisation.place,
            symbol=fields.pop("symbol", "") or f"KH-{organisation.code}",
            **fields,
        )
        if plan.number is not None:
            _check_number_free(plan)
        plan.save()
        _save_references(plan, legal_refs)
        _save_deadlines(plan, report_deadlines)
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
        files = [
            (f.storage, f.name)
            for f in [locked.source_file, *(e.file for e in Evidence.objects.filter(task__plan=locked))]
            if f
        ]
        locked.delete()

        def remove_files() -> None:
            for storage, name in files:
                storage.delete(name)

        transaction.on_commit(remove_files)


def save_task(
    plan: Plan,
    *,
    actor: Any,
    task: Task | None = None,
    content: str,
    lead: str = "",
    units_text: Sequence[str] = (),
    timing: str = "",
    periods: Sequence[tuple[dt.date, dt.date]] = (),
    no: str = "",
) -> Task:
    """Add a task to a draft plan or change one; units and lead are resolved, the due date follows the periods."""
    ensure_editable(plan)
    _check(actor, "plans.edit", plan.organisation)
    if task is not None and task.plan_id != plan.pk:
        raise PlanError(_("Nhiệm vụ không thuộc kế hoạch này."))
    for start, end in periods:
        if end < start:
            raise PlanError(
                _("Khoảng thời gian %(s)s–%(e)s kết thúc trước khi bắt đầu.")
                % {"s": f"{start:%d/%m/%Y}", "e": f"{end:%d/%m/%Y}"}
            )
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
            audit.record(
                "plans.task.periods_changed",
                obj=task,
                actor=_user(actor),
                changes={"periods": [old, [str(p) for p in new]]},
            )
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


def _copy_document(
    source: Plan,
    target: Plan,
    *,
    shift: int = 0,
    resolve_in: Organisation | None = None,
    notes: list[dict[str, Any]] | None = None,
) -> None:
    """Copy tasks, references and report deadlines; with `shift`, move their dates and the plan's own years in
    their texts (cited documents keep theirs), adding to `notes` the texts that still name the old years."""
    doc = source.as_document_dict()
    tasks = doc["tasks"]
    if shift:
        for t in tasks:
            t["periods"] = [
                {
                    "start": shift_year(as_date(p["start"]), shift).isoformat(),
                    "end": shift_year(as_date(p["end"]), shift).isoformat(),
                }
                for p in t["periods"]
            ]
            t["content"] = _shifted(t["content"], source.year, shift, notes, {"kind": "task", "no": t["no"]})
            t["timing"] = _shifted(t["timing"], source.year, shift, notes, {"kind": "task", "no": t["no"]})
        doc["report_deadlines"] = [
            {
                **d,
                "due": shift_year(as_date(d["due"]), shift).isoformat(),
                "name": _shifted(d["name"], source.year, shift, notes, {"kind": "deadline", "name": d["name"]}),
            }
            for d in doc["report_deadlines"]
        ]
    copied = [
        ParsedTask(
            no=str(t["no"] or ""),
            content=t["content"] or "",
            lead=t["lead"] or None,
            units=tuple(t["units"] or ()),
            timing=t["timing"] or None,
            periods=tuple(
                ParsedPeriod(start, end)
                for p in t["periods"]
                if (start := as_date(p["start"])) and (end := as_date(p["end"]))
            ),
            group=None,
            line=0,
        )
        for t in tasks
    ]
    _create_tasks(target, copied, resolve_in or target.organisation)
    _copy_lists(target, doc)


def _copy_lists(plan: Plan, doc: dict[str, Any]) -> None:
    """Copy a plan document's cited documents and report deadlines (as they were, without the form's checks)."""
    org = plan.organisation
    for i, ref in enumerate(doc["legal_refs"], start=1):
        LegalReference.objects.create(
            organisation=org,
            plan=plan,
            order=i,
            number=str(ref["number"])[:100],
            date=as_date(ref["date"]),
            issuer=(ref["issuer"] or "")[:255],
            title=ref["title"] or "",
        )
    for d in doc["report_deadlines"]:
        PlanReportDeadline.objects.create(
            organisation=org, plan=plan, name=d["name"][:255], due=as_date(d["due"]), to=(d["to"] or "")[:255]
        )


def _shifted(text: str, year: int, by: int, notes: list[dict[str, Any]] | None, where: dict[str, Any]) -> str:
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
            organisation=plan.organisation,
            year=new_year,
            symbol=plan.symbol,
            kind=plan.kind,
            title=_shifted(plan.title, plan.year, 1, notes, {"kind": "title"}),
            issuer=plan.issuer,
            place=plan.place,
            parent=None,
            sections={
                k: [
                    _shifted(s, plan.year, 1, notes, {"kind": "section", "key": k, "n": i})
                    for i, s in enumerate(v, start=1)
                ]
                for k, v in (plan.sections or {}).items()
            },
            recipients=list(plan.recipients or []),
            signer_name=plan.signer_name,
            signer_position=plan.signer_position,
            source_format=SourceFormat.MANUAL,
            created_by=_user(actor),
            closing=_shifted(plan.closing, plan.year, 1, notes, {"kind": "closing"}),
        )
        _copy_document(plan, copy, shift=1, notes=notes)
        # The units' weak points of the year's sơ kết / tổng kết become suggested tasks of the copy (#12).
        copy.review_notes = [
            {"kind": "source", "plan": plan.pk, "year": plan.year},
            *notes,
            *plan_suggestions(plan.organisation, plan.year),
        ]
        copy.save(update_fields=["review_notes"])
        audit.record("plans.plan.cloned", obj=copy, actor=_user(actor), message=_("Sao chép từ %(p)s") % {"p": plan})
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
                organisation=school,
                year=plan.year,
                symbol=f"{plan.kind}-{school.code}",
                kind=plan.kind,
                title=plan.title,
                issuer=school.name,
                place=school.place or plan.place,
                parent=plan,
                parent_number=plan.number_symbol,
                parent_date=plan.date,
                parent_issuer=plan.issuer or department.name,
                sections={k: list(v) for k, v in (plan.sections or {}).items()},
                recipients=[department.short_name or department.name, _("Lưu: VT")],
                source_format=SourceFormat.MANUAL,
                created_by=_user(actor),
            )
            _copy_document(plan, child, resolve_in=school)
            audit.record(
                "plans.plan.cascaded",
                obj=child,
                actor=_user(actor),
                message=_("Triển khai từ %(p)s của %(d)s") % {"p": plan, "d": department},
            )
            created.append(child)
        transaction.on_commit(lambda: notifications.plan_cascaded(plan, created))
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
    labels = {
        "title": _("Trích yếu"),
        "number": _("Số, ký hiệu"),
        "date": _("Ngày"),
        "year": _("Năm"),
        "issuer": _("Cơ quan ban hành"),
        "place": _("Địa danh"),
        "parent_plan": _("Kế hoạch cấp trên"),
        "closing": _("Câu kết"),
        "legal_refs": _("Văn bản căn cứ"),
        "report_deadlines": _("Hạn báo cáo"),
        "recipients": _("Nơi nhận"),
        "signer": _("Người ký"),
    }
    section_labels = dict(SectionKey.choices)
    pairs: list[tuple[str, Any, Any]] = []
    for key in ("title", "number", "date", "year", "issuer", "place", "parent_plan"):
        pairs.append((str(labels[key]), old.get(key), new.get(key)))
    for key in SectionKey.values:
        pairs.append(
            (str(section_labels[key]), (old.get("sections") or {}).get(key), (new.get("sections") or {}).get(key))
        )
    old_tasks, new_tasks = old.get("tasks") or [], new.get("tasks") or []
    for i in range(max(len(old_tasks), len(new_tasks))):
        a = old_tasks[i] if i < len(old_tasks) else None
        b = new_tasks[i] if i < len(new_tasks) else None
        no = (b or a or {}).get("no") or i + 1
        pairs.append((_("Nhiệm vụ %(no)s") % {"no": no}, a, b))
    for key in ("closing", "legal_refs", "report_deadlines", "recipients", "signer"):
        pairs.append((str(labels[key]), old.get(key), new.get(key)))
    out = []
    for label, a, b in pairs:
        if a == b:
            continue
        lines = [
            line
            for line in difflib.unified_diff(_field_text(a), _field_text(b), lineterm="", n=1)
            if not line.startswith(("---", "+++", "@@"))
        ]
        if lines:
            out.append(Difference(label, lines))
    return out


def revision_history(plan: Plan) -> list[dict[str, Any]]:
    """Return each published revision with its differences from the previous one, and the current draft's."""
    revisions = list(plan.revisions.select_related("author").order_by("number"))
    history = []
    previous: dict[str, Any] | None = None
    for rev in revisions:
        history.append(
            {
                "revision": rev,
                "label": _("Lần %(n)d") % {"n": rev.number},
                "changes": diff_documents(previous, rev.snapshot) if previous is not None else None,
            }
        )
        previous = rev.snapshot
    if plan.status != PlanStatus.PUBLISHED and previous is not None:
        history.append(
            {
                "revision": None,
                "label": _("Dự thảo lần %(n)d (chưa ban hành)") % {"n": plan.revision},
                "changes": diff_documents(previous, plan.as_document_dict()),
            }
        )
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


def speaks_for_whole_task(user: Any, task: Task) -> bool:
    """Return whether the user reports on the task as a whole and may complete it: its lead, or the plan's writers
    and head. A unit leader reports their unit's share, which the lead then confirms."""
    if (
        user is None
        or has_perm(user, "plans.edit", task.organisation)
        or has_perm(user, "plans.approve", task.organisation)
    ):
        return True
    return bool(task.lead_person_id) and task.lead_person.user_id == getattr(user, "pk", None)


def reporting_unit(user: Any, task: Task) -> Organisation | None:
    """Return the unit whose share of the task the user reports, or None when they speak for the whole task."""
    if speaks_for_whole_task(user, task):
        return None
    leading = my_unit_ids(user, leading_only=True)
    return task.units.filter(pk__in=leading).order_by("path").first()


@dataclass(frozen=True)
class UnitProgress:
    """A unit's share of a multi-unit task: its last reported progress (0 and no date when it has not reported)."""

    unit: Organisation
    progress: int
    done_on: dt.date | None
    update: TaskUpdate | None


def unit_progress(task: Task) -> list[UnitProgress]:
    """Return each responsible unit's last reported share of the task, in the order of the organisation tree."""
    last: dict[int, TaskUpdate] = {}
    for u in task.updates.filter(unit__isnull=False).order_by("-at", "-id"):
        last.setdefault(u.unit_id, u)
    return [
        UnitProgress(
            unit=unit,
            progress=last[unit.pk].progress if unit.pk in last else 0,
            done_on=last[unit.pk].effective_on if unit.pk in last else None,
            update=last.get(unit.pk),
        )
        for unit in task.units.order_by("path")
    ]


def awaiting_confirmation(task: Task, shares: Sequence[UnitProgress] | None = None) -> bool:
    """Tell whether every responsible unit reported its share done while the task itself is not yet completed."""
    if task.status == TaskStatus.DONE:
        return False
    shares = unit_progress(task) if shares is None else shares
    return bool(shares) and all(s.progress == 100 for s in shares)


def confirmation_day(shares: Sequence[UnitProgress]) -> dt.date | None:
    """Return the day a lead's confirmation dates the task's completion: when the last unit finished its share."""
    return max((s.done_on for s in shares if s.done_on), default=None)


def tasks_for(user: Any) -> Any:
    """Return the tasks led by me or given to a unit I belong to, whatever their plan's status (see `my_tasks`)."""
    units = my_unit_ids(user)
    return Task.objects.visible_to(user, "tasks.update").filter(
        Q(lead_person__user=user)
        | Q(pk__in=Task.units.through.objects.filter(organisation_id__in=units).values("task_id"))
    )


def my_tasks(user: Any) -> Any:
    """Return the tasks of "my tasks": those of `tasks_for` whose plan is in force (a draft is nobody's work yet)."""
    return tasks_for(user).in_force()


def validate_evidence(upload: IO[bytes]) -> str:
    """Check an evidence file by content and size; return its kind (raises ValidationError)."""
    return validate_upload(upload, allowed=EVIDENCE_KINDS)


def work_date_bounds(task: Task, today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """Return the earliest and latest day a progress report on the task may say the work was done.

    Not in the future, and not before the plan's year began (or its date of issue, when earlier: preparing a plan
    is work of the plan): work entered late is dated when it was done, so a report on the period counts it.
    """
    today = today or timezone.localdate()
    plan = task.plan
    start = dt.date(min(max(plan.year, 1), 9999), 1, 1)
    if plan.date is not None:
        start = min(start, plan.date)
    return min(start, today), today


def record_task_update(
    task: Task,
    *,
    actor: Any,
    status: str,
    progress: int,
    note: str = "",
    files: Sequence[Any] = (),
    done_on: dt.date | None = None,
) -> TaskUpdate:
    """Report progress on a task with optional evidence files; status and percentage are kept consistent.

    100% is done and progress above 0 has started (the status follows); "Hoàn thành" under 100% is refused.
    `done_on` is the day the work was done (today when not given, bounded by `work_date_bounds`); a task
    reported done is completed on that day.
    """
    if actor is not None and not can_update_task(actor, task):
        raise PlanError(_("Bạn không phụ trách nhiệm vụ này."))
    if status not in TaskStatus.values:
        raise PlanError(_("Tình trạng không hợp lệ."))
    if not 0 <= int(progress) <= 100:
        raise PlanError(_("Tiến độ phải từ 0 đến 100%."))
    accepted = []
    for f in files:
        try:
            accepted.append(accept_upload(f, allowed=EVIDENCE_KINDS))
        except ValidationError as exc:
            raise PlanError(" ".join(exc.messages)) from None
    progress = int(progress)
    today = timezone.localdate()
    # Without a date, a task already done keeps the day it was completed (adding evidence later does not move it).
    completed_on = done_on or (task.completed_on if task.status == TaskStatus.DONE and task.completed_on else today)
    done_on = done_on or today
    earliest, latest = work_date_bounds(task, today)
    if done_on > latest:
        raise PlanError(
            _("Ngày thực hiện không được sau hôm nay (%(d)s).") % {"d": latest.strftime("%d/%m/%Y")}, field="done_on"
        )
    if done_on < earliest:
        raise PlanError(
            _("Ngày thực hiện không được trước ngày %(d)s (đầu năm của kế hoạch).")
            % {"d": earliest.strftime("%d/%m/%Y")},
            field="done_on",
        )
    unit = reporting_unit(actor, task) if actor is not None else None
    if status == TaskStatus.DONE and progress < 100:
        # "Hoàn thành" at 50% is a contradiction, not a typo to fix silently: closing a half-done task takes it
        # off every list, so the user says which one they meant.
        raise PlanError(
            _(
                "Đã chọn “Hoàn thành” thì tiến độ phải là 100%. Hãy sửa tiến độ, hoặc chọn “Đang thực "
                "hiện” nếu nhiệm vụ chưa xong."
            ),
            field="progress",
        )
    if progress == 100:
        status = TaskStatus.DONE
    elif status == TaskStatus.NOT_STARTED and progress > 0:
        status = TaskStatus.IN_PROGRESS
    with transaction.atomic():
        old = task.status
        before = audit.snapshot(task)
        update = TaskUpdate.objects.create(
            organisation=task.organisation,
            task=task,
            author=_user(actor),
            status=status,
            progress=progress,
            note=note.strip(),
            done_on=done_on,
            unit=unit,
        )
        if unit is None:
            task.status, task.progress = status, progress
            task.completed_on = completed_on if status == TaskStatus.DONE else None
        else:
            # A unit's share moves the task by the mean of all units' shares; only the lead completes it.
            shares = unit_progress(task)
            task.progress = round(sum(s.progress for s in shares) / len(shares)) if shares else progress
            task.status = TaskStatus.IN_PROGRESS if task.progress or old != TaskStatus.NOT_STARTED else old
            if old == TaskStatus.DONE:
                # A late share does not reopen a task its lead completed.
                task.status, task.progress = TaskStatus.DONE, 100
            else:
                task.completed_on = None
                if awaiting_confirmation(task, shares):
                    transaction.on_commit(lambda: notifications.task_awaiting_confirmation(task))
            status = task.status
        fields = ["status", "progress", "completed_on"]
        if old != task.status:
            # One entry with what changed on the task (no re-read, no second "changed" entry).
            audit.save_and_record(
                task,
                fields,
                f"plans.task.{'completed' if status == TaskStatus.DONE else 'progressed'}",
                before=before,
                actor=_user(actor),
            )
            if status == TaskStatus.DONE:
                transaction.on_commit(lambda: notifications.task_completed(task, _user(actor)))
        else:
            audit.save_recorded(task, fields)  # the progress is in the entry of the TaskUpdate created above
        for upload in accepted:
            ev = Evidence(
                organisation=task.organisation,
                task=task,
                update=update,
                name=upload.name or "minh-chung",
                kind=upload.kind,
                size=upload.size,
                uploaded_by=_user(actor),
            )
            save_upload(ev.file, upload, fallback_name="minh-chung")
            ev.save()
    return update


def add_comment(task: Task, *, actor: Any, body: str) -> TaskComment:
    """Add an internal comment to a task."""
    if not body.strip():
        raise PlanError(_("Ý kiến không được để trống."))
    if actor is not None and not can_update_task(actor, task):
        raise PlanError(_("Bạn không phụ trách nhiệm vụ này."))
    return TaskComment.objects.create(organisation=task.organisation, task=task, author=_user(actor), body=body.strip())


# ---------------------------------------------------------------- timeline


# Month labels of the timeline's scale ("T1" = tháng 1), translated by the catalog ("Jan").
# Translators: abbreviated month names (T1 = tháng 1 = January) on the plan's timeline.
MONTH_LABELS = (
    gettext_lazy("T1"),
    gettext_lazy("T2"),
    gettext_lazy("T3"),
    gettext_lazy("T4"),
    gettext_lazy("T5"),
    gettext_lazy("T6"),
    gettext_lazy("T7"),
    gettext_lazy("T8"),
    gettext_lazy("T9"),
    gettext_lazy("T10"),
    gettext_lazy("T11"),
    gettext_lazy("T12"),
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
    quarters = [
        {"label": f"Q{(m['date'].month - 1) // 3 + 1}", "left": m["left"]}
        for m in months
        if m["date"].month in (1, 4, 7, 10)
    ]
    rows = []
    for t in tasks:
        bars = [
            {
                "left": pct(p.start),
                "width": max(round(pct(p.end + dt.timedelta(days=1)) - pct(p.start), 2), 0.5),
                "label": str(p),
            }
            for p in t.periods.all()
        ]
        rows.append({"task": t, "bars": bars})
    return {
        "rows": rows,
        "months": months,
        "quarters": quarters,
        "today": pct(today) if start <= today < stop else None,
    }


# ---------------------------------------------------------------- dashboard


AT_RISK_DAYS = 14
AT_RISK_PROGRESS = 50


def late_and_at_risk_querysets(tasks: Any, on: dt.date | None = None) -> tuple[Any, Any]:
    """Return (late, at risk) querysets of open tasks of plans in force, nearest due date first: late = due before
    `on`; at risk = due within 14 days with progress under 50%. Querysets, so a province's dashboard counts in SQL."""
    on = on or timezone.localdate()
    horizon = on + dt.timedelta(days=AT_RISK_DAYS)
    open_tasks = tasks.in_force().open().select_related("plan", "organisation").order_by("due_on", "id")
    return (
        open_tasks.filter(due_on__lt=on),
        open_tasks.filter(due_on__gte=on, due_on__lte=horizon, progress__lt=AT_RISK_PROGRESS),
    )


def late_and_at_risk(tasks: Any, on: dt.date | None = None) -> tuple[list[Task], list[Task]]:
    """Split open tasks of plans in force into late ones and those due within 14 days with progress under 50%."""
    late, at_risk = late_and_at_risk_querysets(tasks, on)
    return list(late), list(at_risk)
