"""Scanned letters read by OCR: upload, background reading, identity found in the text, pre-filled entry form.

A clerk uploads the scan of a letter (PDF, PNG or JPEG, checked by content, at most MAX_PAGES pages); a background
job (`tasks.read_scan`) runs OCRmyPDF with Tesseract's Vietnamese data (danvan.lib.ocr) and stores a searchable
PDF and the text. The names, phone numbers, CCCD numbers and addresses the text carries are the sender's identity:
they are kept encrypted (`ScanReading.found_*`, like PetitionIdentity), go into the entry form's identity fields,
and are masked in the content the form pre-fills (identity.redact_text), so the petition's content — which more
people may read than its identity (identity.policy_for) — never carries them. When the clerk registers the
petition, the searchable PDF becomes its original-letter attachment, marked as carrying the identity.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from danvan.core import audit
from danvan.core.scoping import has_perm
from danvan.core.storage import AcceptedUpload, accept_upload, save_upload
from danvan.lib import ocr
from danvan.lib.lazy import lazy_module
from danvan.petitions.choices import AttachmentKind, ScanStatus
from danvan.petitions.identity import redact_text
from danvan.petitions.models import Petition, PetitionAttachment, ScanReading
from danvan.petitions.public_forms import normalise_vn_phone
from danvan.petitions.services import PetitionError

if TYPE_CHECKING:
    import pypdf
    from PIL import Image
else:  # loaded on first use (danvan/lib/lazy.py): only a scanned PDF needs pypdf, only an image Pillow
    pypdf = lazy_module("pypdf")
    Image = lazy_module("PIL.Image")

SCAN_KINDS = {"pdf", "png", "jpeg"}
MAX_PAGES = 10
MAX_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 million; more is a decompression bomb, not a letter


# ---------------------------------------------------------------- availability and checks


def unavailable_reason() -> str | None:
    """Return why scans cannot be read on this server (to show beside the disabled button), or None."""
    missing = ocr.unavailable()
    if missing is None:
        return None
    return _("Máy chủ chưa cài công cụ đọc chữ (%(tool)s): chưa dùng được chức năng đọc bản chụp đơn.") % {
        "tool": missing
    }


def check_scan(upload: IO[bytes]) -> tuple[str, int]:
    """Return the kind and page count of an uploaded scan, or raise ValidationError saying what is wrong."""
    accepted, pages = accept_scan(upload)
    return accepted.kind, pages


def accept_scan(upload: IO[bytes]) -> tuple[AcceptedUpload, int]:
    """Check an uploaded scan (core.storage.accept_upload, then its pages or pixels); return it with its page count."""
    accepted = accept_upload(upload, allowed=SCAN_KINDS, max_bytes=settings.DANVAN_MAX_UPLOAD_BYTES)
    kind = accepted.kind
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if kind == "pdf":
        try:
            pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
        except (pypdf.errors.PdfReadError, ValueError, KeyError, TypeError, RecursionError):
            raise ValidationError(_("Tệp PDF bị hỏng hoặc có mật khẩu: không đọc được.")) from None
        if pages == 0:
            raise ValidationError(_("Tệp PDF không có trang nào."))
        if pages > MAX_PAGES:
            raise ValidationError(
                _("Bản chụp có %(n)d trang; tối đa %(max)d trang một lần đọc.") % {"n": pages, "max": MAX_PAGES}
            )
        return accepted, pages
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
    except (Image.UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise ValidationError(_("Ảnh bị hỏng: không đọc được.")) from None
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("Ảnh quá lớn (%(w)d × %(h)d điểm ảnh); hãy chụp hoặc quét ở 300 dpi.") % {"w": width, "h": height}
        )
    return accepted, 1


# ---------------------------------------------------------------- identity in the text

_NAME_LEAD = re.compile(
    r"(?:tôi\s+tên\s+là|tên\s+tôi\s+là|họ\s+và\s+tên|họ\s+tên|tôi\s+là|người\s+viết\s+đơn)"
    r"\s*(?:[:：]\s*)?",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\d])(?:\+84|0)(?:[\s.\-]?\d){9}(?![\d])")
_CCCD = re.compile(r"(?<![\d])\d{12}(?![\d])")
_CMND = re.compile(r"(?:CMND|CMTND|chứng\s+minh\s+nhân\s+dân)[^\d\n]{0,20}(\d{9})(?![\d])", re.IGNORECASE)
_ADDRESS = re.compile(
    r"(?:địa\s+chỉ(?:\s+liên\s+hệ)?|thường\s+trú(?:\s+tại)?|trú\s+tại|cư\s+trú\s+tại|ngụ\s+tại|"
    r"nơi\s+ở(?:\s+hiện\s+nay)?)\s*[:：]?\s*([^\n]{4,255})",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class FoundIdentity:
    """The sender's identity as written in the letter (each may be empty)."""

    full_name: str = ""
    phone: str = ""
    id_number: str = ""
    address: str = ""

    def values(self) -> list[str]:
        """Return the non-empty values, to mask in the content."""
        return [v for v in (self.full_name, self.phone, self.id_number, self.address) if v]


def _name_after(text: str, start: int) -> str:
    words = []
    for word in re.split(r"\s+", text[start : start + 80].split("\n", 1)[0]):
        bare = word.strip(",.;:()")
        if not bare or not bare[0].isupper() or any(c.isdigit() for c in bare):
            break
        words.append(bare)
        if word != bare:  # a comma or full stop ends the name
            break
    return " ".join(words[:6]) if len(words) >= 2 else ""


def _valid_phone(candidate: str) -> str:
    """Return the number in its national form, or "" when it is ten digits but no Vietnamese number."""
    try:
        return normalise_vn_phone(candidate)
    except ValidationError:
        return ""


def find_identity(text: str) -> FoundIdentity:
    """Return the name (after "Tôi tên là", "Họ và tên:"…), phone, CCCD/CMND number and address in the text."""
    text = unicodedata.normalize("NFC", text or "")
    name = next((n for m in _NAME_LEAD.finditer(text) if (n := _name_after(text, m.end()))), "")
    phone = next((p for m in _PHONE.finditer(text) if (p := _valid_phone(m.group(0)))), "")
    id_match = _CCCD.search(text) or _CMND.search(text)
    id_number = (id_match.group(1) if id_match and id_match.groups() else id_match.group(0)) if id_match else ""
    address_match = _ADDRESS.search(text)
    address = address_match.group(1).strip().rstrip(".;,") if address_match else ""
    return FoundIdentity(full_name=name, phone=phone, id_number=id_number, address=address[:255])


# ---------------------------------------------------------------- services


def visible_readings(user: Any) -> Any:
    """Return the readings the user may open: those of the organisations where they register petitions."""
    return ScanReading.objects.visible_to(user, "petitions.register")


def start_reading(upload: Any, *, organisation: Any, actor: Any) -> ScanReading:
    """Store an uploaded scan and queue its OCR; return the reading the page polls."""
    if not has_perm(actor, "petitions.register", organisation):
        raise PetitionError(_("Bạn không có quyền tiếp nhận đơn của đơn vị này."))
    reason = unavailable_reason()
    if reason:
        raise PetitionError(reason)
    try:
        accepted, pages = accept_scan(upload)
    except ValidationError as exc:
        raise PetitionError(exc.messages[0]) from None
    kind = accepted.kind
    with transaction.atomic():
        reading = ScanReading(
            organisation=organisation,
            kind=kind,
            pages=pages,
            requested_by=actor,
            original_name=accepted.name,
            message=_("Đang chờ đọc chữ"),
        )
        save_upload(reading.scan, accepted, fallback_name=f"scan.{kind}")
        reading.save()
        transaction.on_commit(lambda: read_scan.enqueue(reading.pk))
    return reading


def _progress(reading: ScanReading, status: str, message: str) -> None:
    ScanReading._base_manager.filter(pk=reading.pk).update(status=status, message=message[:300])


def run_reading(reading_id: int) -> ScanReading:
    """OCR a queued reading (the background job): store the searchable PDF, the text and the identity found."""
    reading = ScanReading._base_manager.get(pk=reading_id)
    if reading.is_finished:
        return reading
    _progress(reading, ScanStatus.RUNNING, _("Đang đọc chữ %(n)d trang…") % {"n": reading.pages})
    with reading.scan.open("rb") as fh:
        data = fh.read()
    try:
        result = ocr.read_scan(data, kind=reading.kind, pages=reading.pages)
    except ocr.OcrError as exc:
        reading.status = ScanStatus.FAILED
        reading.message = _("Không đọc được bản chụp (%(why)s). Hãy nhập nội dung đơn bằng tay.") % {
            "why": str(exc)[:200]
        }
        reading.finished_at = timezone.now()
        reading.save(update_fields=["status", "message", "finished_at", "updated_at"])
        return reading
    found = find_identity(result.text)
    with transaction.atomic():
        reading.searchable.save("ban-chup.pdf", ContentFile(result.pdf), save=False)
        reading.text = result.text
        reading.found_name, reading.found_phone = found.full_name, found.phone
        reading.found_id_number, reading.found_address = found.id_number, found.address
        reading.status = ScanStatus.DONE
        words = len(result.text.split())
        reading.message = _("Đã đọc xong %(n)d trang, %(w)d chữ.") % {"n": reading.pages, "w": words}
        reading.finished_at = timezone.now()
        reading.save(
            update_fields=[
                "searchable",
                "text",
                "found_name",
                "found_phone",
                "found_id_number",
                "found_address",
                "status",
                "message",
                "finished_at",
                "updated_at",
            ]
        )
        audit.record(
            "petitions.scan.read",
            obj=reading,
            actor=reading.requested_by,
            message=f"{reading.pages} trang, {words} chữ",
        )
    return reading


@task()
def read_scan(reading_id: int) -> str:
    """Read a queued scan by OCR (background job); return its final status."""
    try:
        return run_reading(reading_id).status
    except Exception:
        ScanReading._base_manager.filter(pk=reading_id).update(
            status=ScanStatus.FAILED, message=_("Lỗi khi đọc bản chụp; hãy thử lại hoặc báo quản trị.")
        )
        raise


def prefill(reading: ScanReading) -> tuple[dict[str, Any], dict[str, Any]]:
    """Return the entry form's initial values and the first content's, from a reading (identity kept apart)."""
    if reading.status != ScanStatus.DONE:
        raise PetitionError(_("Bản chụp chưa đọc xong."))
    if reading.petition_id is not None:
        raise PetitionError(_("Bản chụp này đã dùng để vào sổ một đơn."))
    found = FoundIdentity(
        full_name=reading.found_name,
        phone=reading.found_phone,
        id_number=reading.found_id_number,
        address=reading.found_address,
    )
    letter = {"full_name": found.full_name, "address": found.address, "phone": found.phone, "scan_reading": reading.pk}
    item = {"content": redact_text(reading.text, found.values())}
    return letter, item


def attach_reading(reading: ScanReading, petitions: list[Petition], *, actor: Any) -> None:
    """Attach a reading's searchable PDF to the petitions registered from it, as the original letter."""
    if reading.petition_id is not None or reading.status != ScanStatus.DONE or not petitions:
        raise PetitionError(_("Bản chụp này đã dùng hoặc chưa đọc xong."))
    first = None
    for petition in petitions:
        attachment = PetitionAttachment(
            petition=petition,
            organisation=petition.organisation,
            kind=AttachmentKind.PDF,
            original_name=f"{reading.original_name.rsplit('.', 1)[0] or 'ban-chup'}-ocr.pdf"[:255],
            size=reading.searchable.size,
            description=_("Bản chụp đơn gốc (đã nhận dạng chữ)"),
            is_original=True,
            contains_identity=True,
            uploaded_by=actor,
        )
        attachment.file = reading.searchable.name
        attachment.save()
        first = first or petition
        identity = getattr(petition, "identity", None)
        if identity is not None and reading.found_id_number and not identity.id_number:
            identity.id_number = reading.found_id_number
            identity.save(update_fields=["id_number"], refresh_search=False)
    # The petition now holds the identity and the letter: the reading keeps neither (data minimisation), and the
    # uploaded scan, which the searchable PDF contains, goes once the registration commits.
    scan_name = reading.scan.name
    reading.petition = first
    reading.text = reading.found_name = reading.found_phone = reading.found_id_number = reading.found_address = ""
    reading.searchable = ""
    reading.save(
        update_fields=[
            "petition",
            "text",
            "found_name",
            "found_phone",
            "found_id_number",
            "found_address",
            "searchable",
            "updated_at",
        ]
    )
    transaction.on_commit(lambda: default_storage.delete(scan_name))
    audit.record("petitions.scan.used", obj=first, actor=actor, message=f"Bản chụp #{reading.pk}")


# A reading nobody registered within this time is dropped with its files: it holds a citizen's identity.
UNUSED_READING_DAYS = 30


def purge_unused_readings(*, older_than: dt.timedelta = dt.timedelta(days=UNUSED_READING_DAYS)) -> int:
    """Delete the readings never used for a petition, older than `older_than`, and their files; return how many."""
    cutoff = timezone.now() - older_than
    removed = 0
    for reading in ScanReading._base_manager.filter(petition__isnull=True, created_at__lt=cutoff):
        names = [f.name for f in (reading.scan, reading.searchable) if f]
        with transaction.atomic():
            reading.delete()
            transaction.on_commit(lambda names=names: [default_storage.delete(n) for n in names])
        removed += 1
    return removed


@task()
def purge_unused_scan_readings() -> int:
    """Delete scanned letters read by OCR but never registered, after 30 days (run daily by the worker)."""
    return purge_unused_readings()
