"""Number and build the official documents of the petition workflow (NĐ 30/2020/NĐ-CP layout).

Numbers run per issuer, per year, per type abbreviation, from 01 on 1 January (NĐ 30/2020 Điều 15);
they are allocated from a locked `NumberSequence` row inside the caller's transaction, and the
unique constraint on `PetitionDocument` turns any remaining race into an error rather than a
duplicate. A denouncer's identity never appears in a document sent to the accused, to verifiers
or to another body (Luật Tố cáo Điều 47, 56): only documents addressed to the citizen may name them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from danvan.lib.nd30 import OfficialDocument, Paragraph, build_docx, format_number
from danvan.org.choices import Position
from danvan.org.models import Membership
from danvan.petitions.choices import DOCUMENT_TYPE_ABBR, Audience, DocumentKind, Kind
from danvan.petitions.identity import address_fragments, has_identity, policy_for, redact_text
from danvan.petitions.identity import public_text as redact_public
from danvan.petitions.models import NumberSequence, PetitionDocument

# Tên loại printed on each document (NĐ 30/2020 Phụ lục III).
DOC_TYPE_NAME: dict[str, str] = {
    DocumentKind.ACCEPTANCE: "THÔNG BÁO",
    DocumentKind.NON_ACCEPTANCE: "THÔNG BÁO",
    DocumentKind.TRANSFER: "PHIẾU CHUYỂN",
    DocumentKind.GUIDANCE: "PHIẾU HƯỚNG DẪN",
    DocumentKind.EXTENSION: "QUYẾT ĐỊNH",
    DocumentKind.DIALOGUE: "BIÊN BẢN",
    DocumentKind.MEDIATION: "BIÊN BẢN",
    DocumentKind.COMPLAINT_DECISION: "QUYẾT ĐỊNH",
    DocumentKind.DENUNCIATION_CONCLUSION: "KẾT LUẬN",
    DocumentKind.RESULT_NOTICE: "THÔNG BÁO",
    DocumentKind.DENUNCIATION_ACCEPTANCE: "QUYẾT ĐỊNH",
    DocumentKind.ACCUSED_NOTICE: "THÔNG BÁO",
    DocumentKind.WITHDRAWAL_LETTER: "ĐƠN RÚT TỐ CÁO",
    DocumentKind.WITHDRAWAL_MINUTES: "BIÊN BẢN",
    DocumentKind.DENUNCIATION_TERMINATION: "QUYẾT ĐỊNH",
    DocumentKind.DENUNCIATION_TRANSFER_NOTICE: "THÔNG BÁO",
    DocumentKind.PUBLICITY_NOTICE: "THÔNG BÁO",
    DocumentKind.NO_RE_RESOLUTION: "THÔNG BÁO",
    # NĐ 155/2026 Phụ lục: Mẫu 14a (tạm đình chỉ/đình chỉ), Mẫu 14b (tiếp tục giải quyết) are QUYẾT ĐỊNH.
    DocumentKind.SUSPENSION: "QUYẾT ĐỊNH",
    DocumentKind.TERMINATION: "QUYẾT ĐỊNH",
    DocumentKind.RESUMPTION: "QUYẾT ĐỊNH",
    DocumentKind.DIALOGUE_NOTICE: "THÔNG BÁO",
    DocumentKind.COMPLEXITY: "THÔNG BÁO",
}


# ---------------------------------------------------------------- numbering


def allocate_number(organisation: Any, year: int, series: str) -> int:
    """Return the next number of a register series; two concurrent callers never get the same one.

    The row is incremented in the database (`last = last + 1`): the UPDATE locks it until the transaction
    ends (PostgreSQL's row lock; SQLite's single writer), so the number read back is ours. Call inside the
    transaction that stores the numbered row, so a rollback gives the number back. Two queries once the
    series exists (no savepoint: a failure here fails the caller's transaction anyway).
    """

    rows = NumberSequence.objects.filter(organisation=organisation, year=year, series=series)
    with transaction.atomic(savepoint=False):
        if not rows.update(last=F("last") + 1):
            # The series' first number: create the row (INSERT … ON CONFLICT DO NOTHING: a concurrent first
            # caller may have created it), then increment it like any other.
            NumberSequence.objects.bulk_create(
                [NumberSequence(organisation=organisation, year=year, series=series)], ignore_conflicts=True
            )
            rows.update(last=F("last") + 1)
        return rows.values_list("last", flat=True).get()


def issuer_code(organisation: Any) -> str:
    """Return the code printed in symbols ("THPTNK")."""
    return organisation.code or ""


# ---------------------------------------------------------------- content


def _identity_line(petition: Any) -> str:
    if petition.anonymous or not has_identity(petition):
        return "người gửi đơn"
    identity = petition.identity
    parts = [identity.full_name or "người gửi đơn"]
    if identity.address:
        parts.append(f"địa chỉ: {identity.address}")
    return ", ".join(parts)


def may_name_petitioner(petition: Any, audience: str) -> bool:
    """Return whether a document for this audience may name the petitioner."""
    if audience == Audience.CITIZEN:
        return True
    if petition.kind in (Kind.TO_CAO, Kind.CHUA_RO, Kind.NHIEU_NOI_DUNG):
        return False  # Luật Tố cáo Điều 9(1)(b), 47, 56
    return audience in (Audience.FILE, Audience.BODY)


def _body_for(petition: Any, kind: str, audience: str, extra: list[str]) -> list[Any]:
    who = _identity_line(petition) if may_name_petitioner(petition, audience) else "người gửi đơn"
    received = timezone.localtime(petition.received_at).strftime("%d/%m/%Y")
    if audience == Audience.PUBLIC:
        # What is published shows the conclusion only: neither the letter, its tracking code nor anything that could
        # lead to the denouncer (Luật TC Điều 40(3); NĐ 31/2019 Điều 6(1)).
        paras = [
            Paragraph(
                f"{petition.handling_body.name} công khai kết luận nội dung tố cáo về việc: "
                f"{redact_public(petition, petition.subject)}."
            )
        ]
        paras.extend(Paragraph(text) for text in extra if text)
        return paras
    named = audience == Audience.CITIZEN or may_name_petitioner(petition, audience)
    # A subject the citizen or the clerk typed may name the denouncer ("Đơn tố cáo của <tên>"): masked like the
    # content for any reader who may not know who sent it (identity.policy_for).
    policy = policy_for(None, petition)
    subject = petition.subject if named else redact_text(policy.subject, address_fragments(petition))
    paras = [
        Paragraph(
            f"Ngày {received}, {petition.organisation.name} nhận được đơn của {who} "
            f"(mã theo dõi {petition.tracking_code}) về việc: {subject}."
        )
    ]
    if named:
        summary = petition.content
    else:
        summary = redact_text(policy.content, address_fragments(petition))
    if kind not in (
        DocumentKind.RESULT_NOTICE,
        DocumentKind.EXTENSION,
        DocumentKind.SUSPENSION,
        DocumentKind.TERMINATION,
        DocumentKind.RESUMPTION,
        DocumentKind.DIALOGUE_NOTICE,
    ):
        paras.append(Paragraph(f"Nội dung: {summary}"))
    paras.extend(Paragraph(text) for text in extra if text)
    return paras


def build_document_bytes(
    petition: Any,
    kind: str,
    *,
    audience: str,
    number: int,
    symbol: str,
    issued_on: dt.date,
    title: str,
    extra: list[str],
    recipients: list[str],
    signer: dict[str, str],
) -> bytes:
    """Return the DOCX of one workflow document."""

    body_org = petition.handling_body
    doc = OfficialDocument(
        issuer=body_org.name.upper(),
        issuer_superior=(body_org.superior_name or "").upper(),
        number=format_number(number),
        symbol=symbol,
        place=body_org.place or "",
        date=issued_on,
        year=issued_on.year,
        doc_type=DOC_TYPE_NAME.get(kind, "THÔNG BÁO"),
        title=title,
        body=_body_for(petition, kind, audience, extra),
        recipients=recipients,
        signer_authority=signer.get("authority", ""),
        signer_position=signer.get("position", ""),
        signer_name=signer.get("name", ""),
    )
    return build_docx(doc)


def default_signer(organisation: Any) -> dict[str, str]:
    """Return the head of the organisation as signer (Hiệu trưởng / Giám đốc), from active memberships."""

    m = (
        Membership.objects.active()
        .filter(organisation__tenant=organisation, position__in=[Position.HIEU_TRUONG, Position.LANH_DAO_SO])
        .select_related("person")
        .order_by("id")
        .first()
    )
    if m is None:
        return {"position": "THỦ TRƯỞNG ĐƠN VỊ", "name": ""}
    return {"position": (m.title or m.get_position_display()).upper(), "name": m.person.full_name}


def issue_document(
    petition: Any,
    kind: str,
    *,
    actor: Any = None,
    audience: str = Audience.CITIZEN,
    title: str = "",
    extra: list[str] | None = None,
    recipients: list[str] | None = None,
    issued_on: dt.date | None = None,
) -> Any:
    """Number, build and store one document of the petition; return the PetitionDocument."""

    issued_on = issued_on or timezone.localdate()
    body_org = petition.handling_body
    abbr = DOCUMENT_TYPE_ABBR[kind]
    symbol = f"{abbr}-{issuer_code(body_org)}" if issuer_code(body_org) else abbr
    title = title or f"{DocumentKind(kind).label} đơn {petition.tracking_code}"
    recipients = recipients or (["Như trên;", "Lưu: VT, hồ sơ."])
    signer = default_signer(body_org)
    with transaction.atomic(savepoint=False):  # the number and its document stand or fall together
        number = allocate_number(body_org, issued_on.year, abbr)
        content = build_document_bytes(
            petition,
            kind,
            audience=audience,
            number=number,
            symbol=symbol,
            issued_on=issued_on,
            title=title,
            extra=extra or [],
            recipients=recipients,
            signer=signer,
        )
        document = PetitionDocument(
            organisation=body_org,
            petition=petition,
            kind=kind,
            year=issued_on.year,
            type_abbr=abbr,
            number=number,
            symbol=symbol,
            issued_on=issued_on,
            title=title[:255],
            audience=audience,
            contains_identity=may_name_petitioner(petition, audience) and not petition.anonymous,
            signer_name=signer.get("name", ""),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        digest = hashlib.sha256(content).hexdigest()[:8]
        document.file.save(f"{abbr}-{number:02d}-{issued_on.year}-{digest}.docx", ContentFile(content), save=False)
        document.save()
    return document
