"""Personal-data rules: retention periods, legal holds, erasure, and the data-subject requests (find, export, erase).

Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 (in force 01/01/2026) and Nghị định 356/2025/NĐ-CP: the data subject may
ask to see, receive and erase their data (Điều 4), except where another law requires keeping it — the complaint and
denunciation laws and the archive rules do, for an open case and for the retention period of its file. See
docs/privacy.md for the citations and what could not be confirmed.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from danvan.core import audit
from danvan.core.context import acting_as
from danvan.lib.fieldcrypt import keyed_hash
from danvan.notify.models import ZaloConversation, ZaloMessage
from danvan.petitions.choices import OPEN_STATES
from danvan.petitions.identity import (
    build_search_text,
    identity_values,
    masked_names_list,
    name_hmac,
    normalise_email,
    phone_hmac,
    public_text,
    redact_text,
)
from danvan.petitions.models import Petition, PetitionAttachment, PetitionIdentity, Reception
from danvan.privacy.choices import ErasureReason, LegalBasis, RecordType
from danvan.privacy.models import Erasure, LegalHold, NoticeRecord, RetentionRule
from danvan.privacy.rules import ACTIVITIES, DEFAULT_RETENTION, NOTICE_VERSION, Retention

RETENTION_ACTOR = "Hệ thống (thời hạn lưu trữ)"

# The petition's free-text fields that may repeat the petitioner's identity or name a pupil.
_TEXT_FIELDS = (
    "subject",
    "content",
    "accused_text",
    "public_reply",
    "satisfaction_note",
    "resolution_summary",
    "decision_note",
)


class ErasureRefused(Exception):
    """Erasing is refused: the reasons are translated sentences a user can act on."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = reasons

    @property
    def message(self) -> str:
        return " ".join(self.reasons)


# ---------------------------------------------------------------- retention periods


def retention_for(record_type: str) -> Retention:
    """Return the retention of a record type: the administrator's row, else settings, else the cited default."""
    default = DEFAULT_RETENTION[RecordType(record_type)]
    row = RetentionRule.objects.filter(record_type=record_type).first()
    if row is not None:
        return Retention(record_type, row.years, row.citation, default.erased_by_job, row.note)
    years = getattr(settings, "DANVAN_RETENTION_YEARS", {}).get(str(record_type))
    if years is not None:
        return Retention(record_type, int(years), default.citation, default.erased_by_job, default.note)
    return default


def cutoff(record_type: str, now: dt.datetime | None = None) -> dt.datetime:
    """Return the instant before which a case must have ended for its data to be past retention.

    The period counts from 1 January of the year after the case ended (Luật Lưu trữ: thời hạn bảo quản tính từ năm
    công việc kết thúc): a case ended in 2010 with 15 years is erased from 1 January 2026.
    """
    now = timezone.localtime(now or timezone.now())
    years = retention_for(record_type).years
    return now.replace(year=now.year - years, month=1, day=1, hour=0, minute=0, second=0, microsecond=0)


# ---------------------------------------------------------------- the notice on the public form


def new_notice(organisation: Any, *, version: str = NOTICE_VERSION, shown_at: dt.datetime | None = None) -> Any:
    """Return the (unsaved) record of the notice shown with a petition about to be stored: the public form saves it
    with the petition, in the petition's one trail entry (`petitions.services.save_prepared`)."""
    return NoticeRecord(
        organisation=organisation,
        version=version,
        legal_basis=LegalBasis.LEGAL_DUTY,
        shown_at=shown_at or timezone.now(),
    )


def record_notice(petition: Petition, *, version: str = NOTICE_VERSION, shown_at: dt.datetime | None = None) -> Any:
    """Store which notice the citizen was shown with the petition (legal basis: a legal duty, not consent)."""
    return NoticeRecord.objects.create(
        petition=petition,
        organisation=petition.organisation,
        version=version,
        legal_basis=LegalBasis.LEGAL_DUTY,
        shown_at=shown_at or timezone.now(),
    )


# ---------------------------------------------------------------- legal holds


def holds_for(petition: Petition) -> list[str]:
    """Return why the petition's personal data may not be erased now (empty when nothing holds it)."""
    reasons = []
    if petition.state in OPEN_STATES or petition.closed_at is None:
        reasons.append(
            gettext(
                "Đơn %(code)s đang được giải quyết (%(state)s): hồ sơ phải được giữ đầy đủ đến khi "
                "kết thúc (Luật Khiếu nại, Luật Tố cáo)."
            )
            % {"code": petition.tracking_code, "state": petition.get_state_display()}
        )
    for hold in LegalHold.objects.filter(petition=petition, released_at__isnull=True):
        reasons.append(
            gettext("Đơn %(code)s đang có lệnh giữ hồ sơ: %(reason)s.")
            % {"code": petition.tracking_code, "reason": hold.reason}
        )
    linked = (
        Petition._base_manager.filter(state__in=OPEN_STATES)
        .filter(Q(escalated_from=petition) | Q(re_denunciation_of=petition) | Q(duplicate_of=petition))
        .exclude(pk=petition.pk)
        .values_list("tracking_code", flat=True)
    )
    for code in linked:
        reasons.append(
            gettext(
                "Đơn liên quan %(code)s (khiếu nại lần hai, tố cáo tiếp hoặc đơn trùng) đang được "
                "giải quyết và cần hồ sơ này."
            )
            % {"code": code}
        )
    return reasons


# ---------------------------------------------------------------- erasure


@dataclass(frozen=True)
class ErasureResult:
    """What one erasure did."""

    petition_id: int
    attachments_deleted: int


def _delete_identity_attachments(petition: Petition) -> int:
    """Delete the petition's identity-bearing files (rows now, files once the transaction commits); keep redacted copies."""
    originals = list(PetitionAttachment.objects.filter(petition=petition, contains_identity=True))
    if not originals:
        return 0
    ids = [a.pk for a in originals]
    # A redacted copy points at its original with CASCADE: detach it first, the copy has no identity and stays.
    PetitionAttachment.objects.filter(redacted_of__in=ids, contains_identity=False).update(redacted_of=None)
    names = [a.file.name for a in originals if a.file]
    for attachment in originals:
        attachment.delete()

    def remove_files() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(remove_files)
    return len(originals)


def erase_petition(petition: Petition, *, reason: str, actor: Any = None) -> ErasureResult | None:
    """Erase the petitioner's identity, anonymise the texts and delete identity-bearing files; None if already done.

    The unique Erasure row is the claim: when two workers reach the same petition, the second insert fails and that
    worker moves on, so each petition is erased and audited once.
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                Erasure.objects.create(
                    petition=petition,
                    organisation=petition.organisation,
                    reason=reason,
                    actor=actor if getattr(actor, "is_authenticated", False) else None,
                )
        except IntegrityError:
            return None
        identity = PetitionIdentity.objects.filter(petition=petition).first()
        values = identity_values(identity) + masked_names_list(petition)
        texts = {}
        for name in _TEXT_FIELDS:
            value = getattr(petition, name) or ""
            # public_text masks the identity, the marked names and pupils' names after "em/cháu/học sinh".
            texts[name] = public_text(petition, redact_text(value, values)) if value else value
        if identity is not None:
            # A queryset update, not save(): the trail must not receive the old values as a "change".
            PetitionIdentity._base_manager.filter(pk=identity.pk).update(
                full_name="",
                address="",
                phone="",
                email="",
                id_number="",
                co_signers="",
                has_handwriting_scan=False,
                name_hmac="",
                phone_hmac="",
                phone_last4_hash="",
                email_hmac="",
                updates_by="",
                zalo_user_id="",
            )
        # The Zalo conversation it was registered from holds the sender's id and words (notify.inbox).
        for conversation in ZaloConversation.objects.filter(petition=petition):
            ZaloMessage.objects.filter(conversation=conversation).delete()
            ZaloConversation.objects.filter(pk=conversation.pk).update(zalo_user_id="", user_hmac="", display_name="")
        for name, value in texts.items():
            setattr(petition, name, value)
        petition.masked_names = ""
        if identity is not None:
            petition.identity = PetitionIdentity._base_manager.get(pk=identity.pk)
        search = build_search_text(petition)
        Petition._base_manager.filter(pk=petition.pk).update(masked_names="", search_text=search, **texts)
        deleted = _delete_identity_attachments(petition)
        Erasure.objects.filter(petition=petition).update(attachments_deleted=deleted)
        code = "privacy.petition.erased" if reason == ErasureReason.RETENTION else "privacy.petition.erased_on_request"
        audit.record(
            code,
            obj=petition,
            actor=actor,
            changes={"attachments_deleted": deleted},
            message=gettext("Đã xóa danh tính, ẩn danh nội dung và xóa %(n)d tệp có danh tính.") % {"n": deleted},
        )
    return ErasureResult(petition.pk, deleted)


def erase_on_request(petition: Petition, *, actor: Any) -> ErasureResult:
    """Erase one petition's personal data at the data subject's request; refuse an open or held case (audited)."""
    reasons = holds_for(petition)
    if reasons:
        audit.record("privacy.petition.erase_refused", obj=petition, actor=actor, message=" ".join(reasons))
        raise ErasureRefused(reasons)
    result = erase_petition(petition, reason=ErasureReason.REQUEST, actor=actor)
    if result is None:
        raise ErasureRefused(
            [gettext("Dữ liệu cá nhân của đơn %(code)s đã được xóa trước đó.") % {"code": petition.tracking_code}]
        )
    return result


# ---------------------------------------------------------------- the scheduled retention job


@dataclass
class RetentionRun:
    """What one run of the retention job did."""

    petitions: int = 0
    attachments: int = 0
    receptions: int = 0
    held: list[int] = field(default_factory=list)


def _erase_receptions(before: dt.datetime) -> int:
    """Blank the citizen's identity in reception records made before `before` whose petitions are all closed."""
    done = 0
    blank = Q(citizen_name="", citizen_address="", citizen_phone="", citizen_id_number="")
    rows = (
        Reception._base_manager.filter(received_at__lt=before)
        .exclude(blank)
        .exclude(petitions__state__in=OPEN_STATES)
        .order_by("pk")
    )
    for reception in rows.iterator():
        values = [
            v.strip()
            for v in (
                reception.citizen_name,
                reception.citizen_address,
                reception.citizen_phone,
                reception.citizen_id_number,
            )
            if v and len(v.strip()) >= 3
        ]
        values.sort(key=len, reverse=True)
        with transaction.atomic():
            # The conditional update is the claim: a second worker finds the identity already blank and skips.
            won = (
                Reception._base_manager.filter(pk=reception.pk)
                .exclude(blank)
                .update(
                    citizen_name="",
                    citizen_address="",
                    citizen_phone="",
                    citizen_id_number="",
                    content=redact_text(reception.content, values),
                    requests=redact_text(reception.requests, values),
                    note=redact_text(reception.note, values),
                )
            )
            if won:
                audit.record("privacy.reception.erased", obj=reception)
                done += 1
    return done


def apply_retention(now: dt.datetime | None = None) -> RetentionRun:
    """Erase the personal data of every closed case past its retention period, except those under a legal hold."""
    now = now or timezone.now()
    run = RetentionRun()
    with acting_as(None, label=RETENTION_ACTOR):
        before = cutoff(RecordType.PETITION, now)
        due = (
            Petition._base_manager.filter(closed_at__lt=before, erasure__isnull=True)
            .exclude(state__in=OPEN_STATES)
            .order_by("pk")
        )
        for petition in due.iterator():
            if holds_for(petition):
                run.held.append(petition.pk)
                continue
            result = erase_petition(petition, reason=ErasureReason.RETENTION)
            if result is not None:
                run.petitions += 1
                run.attachments += result.attachments_deleted
        # Files may have a shorter period than the file they belong to (configurable): delete them on their own.
        before_files = cutoff(RecordType.ATTACHMENT, now)
        with_files = (
            Petition._base_manager.filter(closed_at__lt=before_files, attachments__contains_identity=True)
            .exclude(state__in=OPEN_STATES)
            .distinct()
            .order_by("pk")
        )
        for petition in with_files.iterator():
            if holds_for(petition):
                continue
            with transaction.atomic():
                deleted = _delete_identity_attachments(petition)
                if deleted:
                    audit.record(
                        "privacy.petition.erased",
                        obj=petition,
                        changes={"attachments_deleted": deleted},
                        message=gettext("Đã xóa %(n)d tệp có danh tính (hết thời hạn lưu trữ).") % {"n": deleted},
                    )
            run.attachments += deleted
        run.receptions = _erase_receptions(cutoff(RecordType.RECEPTION, now))
        if run.petitions or run.attachments or run.receptions:
            audit.record(
                "privacy.retention.run",
                changes={
                    "petitions": run.petitions,
                    "attachments": run.attachments,
                    "receptions": run.receptions,
                    "held": len(run.held),
                },
            )
    return run


# ---------------------------------------------------------------- data-subject requests


@dataclass(frozen=True)
class SubjectMatch:
    """One petition of the person searched for, with what stops its erasure."""

    petition: Petition
    holds: list[str]
    erased: bool


def find_subject(user: Any, *, name: str = "", phone: str = "", email: str = "") -> list[SubjectMatch]:
    """Return the petitions, visible to the user for privacy work, whose petitioner matches every criterion given.

    The match goes through the keyed hashes (petitions/identity.py): nothing is decrypted to search. Every given
    criterion must match, so a common name alone may find several people; add the phone or e-mail to narrow it.
    """
    q = Q()
    if name.strip():
        q &= Q(name_hmac=name_hmac(name))
    if phone.strip():
        q &= Q(phone_hmac=phone_hmac(phone))
    if email.strip():
        q &= Q(email_hmac=keyed_hash("email", normalise_email(email)))
    if not q:
        return []
    visible = Petition.objects.visible_to(user, "privacy.manage")
    ids = PetitionIdentity.objects.filter(q).values_list("petition_id", flat=True)
    petitions = list(visible.filter(pk__in=ids).select_related("erasure").order_by("received_at", "pk"))
    audit.record(
        "privacy.subject.searched",
        actor=user,
        organisation=petitions[0].audit_organisation() if petitions else None,
        message=gettext("Tìm thấy %(n)d đơn.") % {"n": len(petitions)},
    )
    return [SubjectMatch(p, holds_for(p), has_erasure(p)) for p in petitions]


def has_erasure(petition: Petition) -> bool:
    try:
        return petition.erasure is not None
    except Erasure.DoesNotExist:
        return False


def export_subject(user: Any, matches: list[SubjectMatch]) -> bytes:
    """Return the person's data in the given petitions as UTF-8 JSON, auditing each petition's identity read."""
    out = []
    for match in matches:
        p = match.petition
        identity = PetitionIdentity.objects.filter(petition=p).first()
        notice = NoticeRecord.objects.filter(petition=p).first()
        out.append(
            {
                "ma_theo_doi": p.tracking_code,
                "loai_don": p.get_kind_display(),
                "trang_thai": p.get_state_display(),
                "ngay_nhan": timezone.localtime(p.received_at).isoformat(),
                "trich_yeu": p.subject,
                "noi_dung": p.content,
                "danh_tinh": {
                    "ho_ten": identity.full_name,
                    "dia_chi": identity.address,
                    "dien_thoai": identity.phone,
                    "thu_dien_tu": identity.email,
                    "so_giay_to": identity.id_number,
                    "nguoi_cung_ky": identity.co_signers,
                    "nhan_thong_bao_qua": identity.updates_by,
                    "zalo_id": identity.zalo_user_id,
                }
                if identity is not None
                else None,
                "tep_dinh_kem": [
                    {"ten": a.original_name, "dung_luong": a.size, "co_danh_tinh": a.contains_identity}
                    for a in p.attachments.all()
                ],
                "tra_loi": p.public_reply,
                "thong_bao_xu_ly_du_lieu": {
                    "phien_ban": notice.version,
                    "luc": notice.shown_at.isoformat(),
                    "can_cu": notice.get_legal_basis_display(),
                }
                if notice
                else None,
                "da_xoa_du_lieu": match.erased,
            }
        )
        audit.record("privacy.subject.exported", obj=p, actor=user)
    payload = {
        "xuat_luc": timezone.localtime().isoformat(),
        "so_don": len(out),
        "don": out,
        "can_cu": "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15 Điều 4",
    }
    return json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8")


# ---------------------------------------------------------------- the processing register


@dataclass(frozen=True)
class RegisterRow:
    """One processing activity with the retention of each of its record types, as shown on the register page."""

    activity: Any
    retentions: list[Retention]


def processing_register() -> list[RegisterRow]:
    """Return the sổ đăng ký hoạt động xử lý dữ liệu cá nhân from the same tables the job and the form use."""
    return [RegisterRow(a, [retention_for(t) for t in a.record_types]) for a in ACTIVITIES]
