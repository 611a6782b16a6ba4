"""The public intake: one function registers what a citizen sends without an account, whatever the door.

The public form (`public_views.submit`) and partner apps through Open311 (`danvan.open311`) both validate with
`public_forms.PetitionForm` and then call `submit_public`, so routing, the statutory deadline, the encrypted
identity, the attachments and the personal-data notice are the same for both.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from danvan.core.context import acting_as
from danvan.core.uploads import sniff
from danvan.petitions.choices import AttachmentKind, Channel, IdentityVisibility
from danvan.petitions.models import Petition, PetitionAttachment
from danvan.petitions.services import Registered, register_petition
from danvan.privacy import services as privacy

# Who the trail names for what a citizen does on the public pages. Their network address is not kept: it could point
# to a denouncer (Luật Tố cáo Điều 47); the spam limits hold it only in the cache, for an hour or a day.
CITIZEN = "Công dân (trang công khai)"

_ATTACHMENT_KIND = {"pdf": AttachmentKind.PDF, "png": AttachmentKind.IMAGE, "jpeg": AttachmentKind.IMAGE,
                    "docx": AttachmentKind.DOCX}


def save_attachments(petition: Petition, files: list[Any]) -> None:
    """Store the citizen's uploads with the petition (type sniffed, SHA-256 kept, marked as carrying identity)."""
    for f in files:
        f.seek(0)
        head = f.read(8192)
        f.seek(0)
        kind = sniff(head, f) or "other"
        f.seek(0)
        digest = hashlib.sha256()
        for chunk in f.chunks():
            digest.update(chunk)
        f.seek(0)
        PetitionAttachment.objects.create(
            petition=petition, organisation=petition.organisation, file=f, original_name=(f.name or "")[:255],
            kind=_ATTACHMENT_KIND.get(kind, AttachmentKind.OTHER), size=f.size or 0, sha256=digest.hexdigest(),
            description=_("Tài liệu người gửi đính kèm"), contains_identity=True,
        )


def submit_public(organisation: Any, data: dict[str, Any], *, notice_version: str,
                  label: str = CITIZEN) -> Registered:
    """Register a petition from the cleaned data of `PetitionForm`, with its attachments and the notice shown.

    `label` is how the audit trail names the sender (the citizen, or the partner app that sent it for him);
    no network address is recorded.
    """
    anonymous = data["identity_choice"] == IdentityVisibility.ANONYMOUS
    identity = {"phone": data["phone"], "email": data["email"], "updates_by": data.get("updates_by") or ""}
    if not anonymous:
        identity.update(full_name=data["full_name"], address=data["address"])
    with acting_as(None, ip_address=None, label=label), transaction.atomic():
        registered = register_petition(
            organisation, actor=None, subject=data["subject"], content=data["content"],
            channel=Channel.WEB, kind=data["kind"], identity=identity,
            identity_visibility=data["identity_choice"], accused_text=data["accused_text"],
            accused_role=data.get("accused_role") or "",
        )
        save_attachments(registered.petition, data.get("attachments") or [])
        privacy.record_notice(registered.petition, version=notice_version)
    return registered
