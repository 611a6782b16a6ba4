"""Rows of the statutory registers, ready for the pages and the XLSX export (rendered by registers_xlsx.py).

- Sổ tiếp công dân: the 13 columns of Mẫu 03/TCD, NĐ 154/2026/NĐ-CP (Điều 27; in force 01/7/2026), which
  cover the Luật Tiếp công dân 2013 Điều 25(2) minimum; the clerk's "yêu cầu" joins the content column and
  the head's reception, the refusal and its notice deadline go to "Ghi chú".
- Sổ theo dõi, xử lý đơn: received date, petitioner, content summary, kind, classification, handling
  decision, transferred/guided to, deadline, result.

A denouncer's name and address are masked ("[đã che]") unless the user may see the identity
(identity.can_view_identity; Luật Tố cáo Điều 9, 47); each unmasked denouncer in a register is audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core import audit
from danvan.core.scoping import has_perm
from danvan.petitions.choices import (
    REFUSAL_CLAUSE,
    Closure,
    FiledReason,
    IdentityPaper,
    Kind,
    NotAcceptedReason,
    ReceptionOutcome,
    State,
)
from danvan.petitions.identity import (
    MASK,
    can_view_reception_identity,
    has_identity,
    is_protected_kind,
    policy_for,
    public_text,
    redact_text,
)
from danvan.petitions.models import Petition, Reception


@dataclass(frozen=True)
class Column:
    """One register column: the row key and its printed header."""

    key: str
    header: Any  # lazy: the page shows it in the reader's language, the XLSX register in Vietnamese


# Mẫu 03/TCD "Sổ tiếp công dân" of NĐ 154/2026/NĐ-CP (Điều 27): its 13 columns, in its order and wording.
RECEPTION_COLUMNS = [
    Column("serial", _("STT")),
    Column("date", _("Ngày tiếp")),
    Column("name_address", _("Họ tên, địa chỉ")),
    Column("id_paper", _("CCCD/CMND/Hộ chiếu")),
    Column("content", _("Nội dung đơn")),
    Column("kind", _("Loại đơn (KN/TC/KN/PA)")),
    Column("people_count", _("Số người cùng nội dung")),
    Column("prior_handling", _("Cơ quan đã giải quyết")),
    Column("in_competence", _("Thuộc thẩm quyền (x)")),
    Column("guided_to", _("Hướng dẫn công dân đến cơ quan có thẩm quyền")),
    Column("accepted_by", _("Cơ quan, đơn vị thụ lý")),
    Column("follow_up", _("Theo dõi kết quả giải quyết")),
    Column("note", _("Ghi chú")),
]

PETITION_COLUMNS = [
    Column("serial", _("STT")),
    Column("received", _("Ngày nhận")),
    Column("tracking_code", _("Mã đơn")),
    Column("channel", _("Nguồn đơn")),
    Column("petitioner", _("Người gửi")),
    Column("address", _("Địa chỉ")),
    Column("summary", _("Tóm tắt nội dung")),
    Column("kind", _("Loại đơn")),
    Column("classification", _("Phân loại, điều kiện xử lý")),
    Column("decision", _("Hướng xử lý")),
    Column("transferred_or_guided", _("Chuyển đến / hướng dẫn đến")),
    Column("deadline", _("Thời hạn")),
    Column("result", _("Kết quả")),
    Column("handler", _("Cán bộ xử lý")),
]


def _period(year: int | None, start: dt.datetime | None, end: dt.datetime | None) -> tuple[dt.datetime, dt.datetime]:
    if year is not None:
        tz = timezone.get_current_timezone()
        return (dt.datetime(year, 1, 1, tzinfo=tz), dt.datetime(year + 1, 1, 1, tzinfo=tz))
    if start is None or end is None:
        raise ValueError("give a year, or both start and end")
    return start, end


def _reception_kind(r: Any) -> str:
    if r.kind:
        return str(Kind(r.kind).label)
    return str(Kind.TO_CAO.label) if r.is_denunciation else ""


def _reception_note(r: Any, today: dt.date) -> tuple[str, bool]:
    """Return column 13 (Ghi chú): the head's reception, the refusal and its notice, the officer, the clerk's note."""

    parts = []
    late = False
    if r.by_head:
        parts.append(
            f"Người đứng đầu trực tiếp tiếp ({r.officer.full_name})" if r.officer else "Người đứng đầu trực tiếp tiếp"
        )
    elif r.officer:
        parts.append(f"Cán bộ tiếp: {r.officer.full_name}")
    if r.refusal_ground:
        parts.append(f"Từ chối tiếp theo {REFUSAL_CLAUSE.get(r.refusal_ground, r.refusal_ground)}")
        if r.refusal_notice_on:
            parts.append(f"đã ban hành thông báo từ chối ngày {r.refusal_notice_on:%d/%m/%Y}")
        elif r.refusal_notice_due_on:
            late = r.refusal_notice_due_on < today
            parts.append(
                f"hạn thông báo từ chối (Mẫu 01/TCD) {r.refusal_notice_due_on:%d/%m/%Y}"
                + (" — QUÁ HẠN" if late else "")
            )
    if r.note:
        parts.append(r.note)
    return "; ".join(parts), late


def reception_register(
    organisation: Any,
    *,
    year: int | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    user: Any = None,
    reveal: bool = True,
) -> list[dict[str, Any]]:
    """Return the sổ tiếp công dân rows (Mẫu 03/TCD columns) of a year (or [start, end)), in serial order.

    A denouncer's name, address and identity paper are masked unless the user may read them
    (identity.can_view_reception_identity) and `reveal` is left on (an export that must not carry identities
    turns it off).
    """

    first, last = _period(year, start, end)
    today = timezone.localdate()
    rows = []
    unmasked = 0

    # The managing body's book also shows the receptions routed to it (denunciations of a school's head).
    qs = (
        Reception._base_manager.filter(
            Q(organisation=organisation) | Q(routed_to=organisation), received_at__gte=first, received_at__lt=last
        )
        .select_related("officer", "routed_to")
        .order_by("organisation_id", "year", "serial")
    )
    for r in qs:
        if (
            r.routed_to_id is not None
            and r.routed_to_id != organisation.pk
            and not (user is not None and has_perm(user, "petitions.view", r.routed_to))
        ):
            # A denunciation of the head, a deputy or the school: the school's book keeps only the used serial
            # number — no citizen, no content, no officer (Luật Tố cáo 2018 Điều 12, 47).
            rows.append(_withheld_reception(r))
            continue
        protect = r.is_denunciation and not (reveal and can_view_reception_identity(user, r))
        if r.is_denunciation and not protect:
            unmasked += 1
        name_address = ", ".join(v for v in (r.citizen_name, r.citizen_address) if v)
        paper = str(IdentityPaper(r.id_paper).label) if r.id_paper in IdentityPaper.values else ""
        id_text = f"{paper}: {r.citizen_id_number}" if paper and r.citizen_id_number else (r.citizen_id_number or paper)
        values = [r.citizen_name, r.citizen_address, r.citizen_phone, r.citizen_id_number] if protect else []
        content = r.content if not r.requests else f"{r.content}\nYêu cầu: {r.requests}"
        follow_up = str(ReceptionOutcome(r.outcome).label) if r.outcome else ""
        if r.result_summary:
            follow_up = f"{follow_up}: {r.result_summary}" if follow_up else r.result_summary
        note, late = _reception_note(r, today)
        rows.append(
            {
                "id": r.pk,
                "serial": r.serial,
                "year": r.year,
                "date": timezone.localtime(r.received_at).date(),
                "name_address": MASK if protect and name_address else name_address,
                "id_paper": MASK if protect and id_text else id_text,
                "content": redact_text(content, [v for v in values if v]),
                "kind": _reception_kind(r),
                "people_count": r.people_count,
                "prior_handling": r.prior_handling,
                "in_competence": r.in_competence,
                "guided_to": r.guided_to,
                "accepted_by": r.accepted_by,
                "follow_up": follow_up,
                "note": note,
                "refusal_late": late,
                "masked": protect,
            }
        )
    if unmasked:
        audit.record(
            "petitions.identity.viewed",
            organisation=organisation,
            actor=user,
            message=f"Sổ tiếp công dân: {unmasked} lượt có danh tính người tố cáo",
        )
    for row in rows:
        row["cells"] = [row[c.key] for c in RECEPTION_COLUMNS]
    return rows


def _withheld_reception(r: Any) -> dict[str, Any]:
    """Return a reception row with only its serial and date: the rest belongs to the managing body."""
    return {
        "id": r.pk,
        "serial": r.serial,
        "year": r.year,
        "date": timezone.localtime(r.received_at).date(),
        "name_address": "",
        "id_paper": "",
        "content": "Thuộc thẩm quyền của cơ quan quản lý cấp trên",
        "kind": "",
        "people_count": "",
        "prior_handling": "",
        "in_competence": False,
        "guided_to": "",
        "accepted_by": "",
        "follow_up": "",
        "note": "",
        "refusal_late": False,
        "masked": True,
        "withheld": True,
    }


def _classification(p: Any) -> str:
    parts = [str(Kind(p.kind).label)]
    if p.is_very_complex:
        parts.append("đặc biệt phức tạp")
    elif p.is_complex:
        parts.append("phức tạp")
    if p.anonymous:
        parts.append("nặc danh")
    if p.signers_count > 1:
        parts.append(f"{p.signers_count} người ký")
    if p.conflict_note:
        parts.append(p.conflict_note)
    return "; ".join(parts)


def _decision(p: Any) -> str:
    if p.state == State.NOT_ACCEPTED and p.not_accepted_reason:
        return f"Không thụ lý: {NotAcceptedReason(p.not_accepted_reason).label}"
    if p.state == State.FILED and p.filed_reason:
        return f"Lưu đơn: {FiledReason(p.filed_reason).label}"
    if p.accepted_on:
        return f"Thụ lý ngày {p.accepted_on:%d/%m/%Y}"
    return str(State(p.state).label)


def _result(p: Any) -> str:
    if p.closure:
        text = str(Closure(p.closure).label)
        if p.resolution_summary and p.closure in (Closure.RESOLVED, Closure.MEDIATED, Closure.ANSWERED):
            text += f": {p.resolution_summary}"
        return text
    if p.resolution_summary:
        return p.resolution_summary
    return ""


def petition_register(
    organisation: Any,
    *,
    year: int | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
    user: Any = None,
    reveal: bool = True,
) -> list[dict[str, Any]]:
    """Return the sổ theo dõi, xử lý đơn rows of a year (or [start, end)), oldest first.

    Includes petitions the organisation owns or handles. The petitioner is masked for denunciations
    (and unclassified or mixed petitions) unless the user may see the identity (`identity.policy_for`) and
    `reveal` is on; anonymous petitions say so.
    """

    first, last = _period(year, start, end)
    # The book holds what the organisation owns and was not routed away from it, and what it handles; a reader
    # sees only the rows he may see (the accused head never finds the denunciation about him here).
    books = Petition.objects.visible_to(user) if user is not None else Petition.objects.all()
    qs = (
        books.in_books_of(organisation)
        .filter(received_at__gte=first, received_at__lt=last)
        .select_related("identity", "handler", "handling_body", "organisation", "accused_person")
        .order_by("received_at", "id")
    )
    rows = []
    for i, p in enumerate(qs, start=1):
        identity = p.identity if has_identity(p) else None
        protected = is_protected_kind(p.kind)
        policy = policy_for(user, p)
        show = identity is not None and (not protected or (reveal and policy.can_see_identity))
        if p.anonymous or identity is None or not identity.full_name:
            petitioner, address = "Nặc danh", ""
        elif show:
            petitioner, address = identity.full_name, identity.address
            if protected:
                audit.record("petitions.identity.viewed", obj=p, actor=user, message="Sổ theo dõi, xử lý đơn")
        else:
            petitioner, address = MASK, MASK if identity.address else ""
        summary = p.subject if show else public_text(p, policy.subject)
        deadline = ""
        if p.due_on:
            deadline = f"{p.due_on:%d/%m/%Y} ({p.deadline_rule}; {p.deadline_citation})"
        elif p.resolution_due_on:
            deadline = f"{p.resolution_due_on:%d/%m/%Y}"
        rows.append(
            {
                "id": p.pk,
                "serial": i,
                "received": timezone.localtime(p.received_at).date(),
                "tracking_code": p.tracking_code,
                "channel": p.get_channel_display(),
                "petitioner": petitioner,
                "address": address,
                "summary": summary,
                "kind": str(Kind(p.kind).label),
                "classification": _classification(p),
                "decision": _decision(p),
                "transferred_or_guided": p.transferred_to or p.guided_to,
                "deadline": deadline,
                "due_on": p.due_on,
                "result": _result(p),
                "handler": p.handler.full_name if p.handler else "",
                "state": p.state,
                "masked": not show,
            }
        )
    return rows
