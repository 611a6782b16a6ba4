"""Documents to study (shared), study sessions and attendance (per school), and who has not studied yet."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Exists, IntegerField, OuterRef, Value, When
from django.utils.translation import gettext_lazy as _

from danvan.core import audit
from danvan.core.errors import DomainError
from danvan.core.scoping import has_perm
from danvan.core.storage import accept_upload, save_upload
from danvan.dissemination import permissions
from danvan.dissemination.choices import MINUTES_KINDS, SessionFormat
from danvan.dissemination.models import Attendance, LegalDocument, StudySession
from danvan.dissemination.numbers import normalise_number as normalise_number  # re-exported: the API matches with it
from danvan.lib.dates import as_date
from danvan.lib.text import fold
from danvan.org.services import staff_of
from danvan.plans.models import Task


class DisseminationError(DomainError):
    """A rule of study sessions was broken; `message` is shown to the user."""


EDIT_PERM = permissions.EDIT


def ensure_legal_documents(refs: Sequence[Mapping[str, Any]]) -> list[LegalDocument]:
    """Return the documents for the parser's `legal_refs` ({number, date, issuer, title}), creating missing ones.

    Matching is by normalised number (and issuer when several share a number); blank fields of an
    existing row are filled from the reference, never overwritten.
    """
    out: list[LegalDocument] = []
    for ref in refs:
        number = str(ref.get("number") or "").strip()
        if not number:
            continue
        key = normalise_number(number)
        issuer = str(ref.get("issuer") or "").strip()
        candidates = list(LegalDocument.objects.filter(number_key=key).order_by("id"))
        doc = next((d for d in candidates if issuer and d.issuer_key == fold(issuer)), None)
        doc = doc or (candidates[0] if candidates else None)
        date, title = as_date(ref.get("date")), str(ref.get("title") or "").strip()
        if doc is None:
            doc = LegalDocument.objects.create(number=number, date=date, issuer=issuer, title=title)
        else:
            changed = []
            for field, value in (("date", date), ("title", title), ("issuer", issuer)):
                if value and not getattr(doc, field):
                    setattr(doc, field, value)
                    changed.append(field)
            if changed:
                doc.save(update_fields=[*changed, "updated_at"])
        if doc not in out:
            out.append(doc)
    return out


def create_document(
    *,
    actor: Any,
    number: str,
    date: dt.date | None = None,
    issuer: str = "",
    title: str = "",
    doc_type: str = "",
) -> LegalDocument:
    """Add a document to the shared list; a number already recorded for the same issuer is refused."""
    if actor is not None and not has_perm(actor, EDIT_PERM):
        raise DisseminationError(_("Bạn không có quyền thực hiện thao tác này."))
    if not normalise_number(number):
        raise DisseminationError(_("Nhập số, ký hiệu văn bản."))
    try:
        with transaction.atomic():
            return LegalDocument.objects.create(
                number=number.strip(), date=date, issuer=issuer.strip(), title=title.strip(), doc_type=doc_type
            )
    except IntegrityError:
        raise DisseminationError(
            _("Văn bản số %(n)s của %(i)s đã có trong danh sách.") % {"n": number, "i": issuer or "—"}
        ) from None


def create_session(
    organisation: Any,
    *,
    actor: Any,
    title: str,
    held_on: dt.date,
    documents: Iterable[LegalDocument],
    format: str = SessionFormat.CONFERENCE,
    organiser_unit: Any = None,
    expected_count: int | None = None,
    task: Any = None,
    notes: str = "",
    minutes: Any = None,
) -> StudySession:
    """Record a study session of one or more documents in a school."""
    if actor is not None and not has_perm(actor, EDIT_PERM, organisation):
        raise DisseminationError(_("Bạn không có quyền thực hiện thao tác này."))
    documents = list(documents)
    if not documents:
        raise DisseminationError(_("Chọn ít nhất một văn bản được quán triệt."))
    if organiser_unit is not None and (organiser_unit.tenant_id or organiser_unit.pk) != organisation.pk:
        raise DisseminationError(_("Bộ phận tổ chức phải thuộc đơn vị."))
    if task is not None and task.organisation_id != organisation.pk:
        raise DisseminationError(_("Nhiệm vụ thuộc kế hoạch của đơn vị khác."))
    accepted = None
    if minutes:
        try:
            accepted = accept_upload(minutes, allowed=set(MINUTES_KINDS))
        except ValidationError as exc:
            raise DisseminationError(" ".join(exc.messages)) from None
    if expected_count is None:
        expected_count = staff_of(organisation).count()
    with transaction.atomic():
        session = StudySession(
            organisation=organisation,
            title=title,
            held_on=held_on,
            format=format,
            organiser_unit=organiser_unit,
            expected_count=expected_count,
            task=task,
            notes=notes,
        )
        if accepted is not None:
            save_upload(session.minutes, accepted, fallback_name="bien-ban")
        session.save()
        session.documents.set(documents)
        audit.record(
            "dissemination.studysession.held",
            obj=session,
            actor=actor,
            changes={"documents": [None, [d.number for d in documents]]},
        )
    return session


def record_attendance(session: StudySession, *, actor: Any, present: Iterable[int]) -> tuple[int, int]:
    """Set who attended among the school's active staff (the others are absent); return (present, listed)."""
    if actor is not None and not has_perm(actor, EDIT_PERM, session.organisation):
        raise DisseminationError(_("Bạn không có quyền thực hiện thao tác này."))
    present_ids = {int(x) for x in present}
    staff_ids = list(staff_of(session.organisation).values_list("id", flat=True))
    # Keep people already listed (e.g. who left since) so the record of the day is not lost.
    listed = set(Attendance.objects.filter(session=session).values_list("person_id", flat=True))
    unknown = present_ids - set(staff_ids) - listed
    if unknown:
        raise DisseminationError(_("Danh sách có người không thuộc đơn vị."))
    with transaction.atomic():
        existing = {a.person_id: a for a in Attendance.objects.filter(session=session)}
        new = [
            Attendance(session=session, person_id=pid, present=pid in present_ids)
            for pid in staff_ids
            if pid not in existing
        ]
        Attendance.objects.bulk_create(new)
        changed = []
        for pid, a in existing.items():
            if a.present != (pid in present_ids):
                a.present = pid in present_ids
                changed.append(a)
        Attendance.objects.bulk_update(changed, ["present"])
        n_present = Attendance.objects.filter(session=session, present=True).count()
        n_listed = len(existing) + len(new)
        audit.record(
            "dissemination.studysession.attendance", obj=session, actor=actor, message=f"{n_present}/{n_listed}"
        )
    return n_present, n_listed


def not_studied(document: LegalDocument, organisation: Any) -> Any:
    """Return the school's active staff not present at any session of the school that covered the document."""
    attended = Attendance.objects.filter(
        person=OuterRef("pk"),
        present=True,
        session__organisation=organisation,
        session__documents=document,
    )
    return staff_of(organisation).filter(~Exists(attended))


# Words of a study-session task in a plan ("Tổ chức học tập, quán triệt …", seed plan I.1), folded like Task.search_text.
STUDY_WORDS = ("quan triet", "hoc tap", "pho bien", "tuyen truyen")


def session_tasks(organisation: Any) -> Any:
    """Return the tasks a study session may serve: those of the school's plans in force, the study tasks first,
    newest plan first (a draft, or another school's plan, is nobody's work yet)."""
    study = Case(
        *(When(search_text__contains=w, then=Value(0)) for w in STUDY_WORDS),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        Task.objects.filter(organisation=organisation)
        .in_force()
        .select_related("plan")
        .annotate(not_study=study)
        .order_by("not_study", "-plan__year", "plan_id", "order", "id")
    )


def task_label(task: Any) -> str:
    """Return how a task is named in a choice: its plan (number or title, year), its number and its content."""
    plan = task.plan
    name = plan.number_symbol or plan.title[:60]
    content = task.content if len(task.content) <= 110 else task.content[:109] + "…"
    return f"{name} ({plan.year}) — {task.no + '. ' if task.no else ''}{content}"
