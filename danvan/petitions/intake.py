"""The public intake: one function registers what a citizen sends without an account, whatever the door.

The public form (`public_views.submit`) and partner apps through Open311 (`danvan.open311`) both validate with
`public_forms.PetitionForm` and then call `submit_public`, so routing, the statutory deadline, the encrypted
identity, the attachments and the personal-data notice are the same for both. The Python work (checks, route,
deadline, tracking code, search index, fingerprints) is done by `prepare_petition` before the write transaction;
the door's own limit (the citizen's address, the partner's key) is counted inside it, so a refusal writes nothing
and a rollback gives the count back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from danvan.core.context import acting_as
from danvan.core.storage import accept_upload, save_upload
from danvan.petitions.choices import (
    PUBLIC_UPLOAD_KINDS,
    PUBLIC_UPLOAD_MAX_BYTES,
    SNIFFED_ATTACHMENT_KIND,
    AttachmentKind,
    Channel,
    IdentityVisibility,
)
from danvan.petitions.models import Petition, PetitionAttachment
from danvan.petitions.services import PetitionError, PreparedPetition, Registered, prepare_petition, save_prepared
from danvan.privacy import services as privacy

# Who the trail names for what a citizen does on the public pages. Their network address is not kept: it could point
# to a denouncer (Luật Tố cáo Điều 47); the spam limits hold it only in the cache, for an hour or a day.
CITIZEN = "Công dân (trang công khai)"


def save_attachments(petition: Petition, files: list[Any]) -> None:
    """Store the citizen's uploads with the petition (checked and stored by core.storage, marked as carrying identity)."""
    for f in files:
        try:
            accepted = accept_upload(f, allowed=set(PUBLIC_UPLOAD_KINDS), max_bytes=PUBLIC_UPLOAD_MAX_BYTES)
        except ValidationError as exc:
            raise PetitionError(" ".join(exc.messages)) from None
        attachment = PetitionAttachment(
            petition=petition,
            organisation=petition.organisation,
            original_name=accepted.name,
            kind=SNIFFED_ATTACHMENT_KIND.get(accepted.kind, AttachmentKind.OTHER),
            size=accepted.size,
            sha256=accepted.sha256,
            description=_("Tài liệu người gửi đính kèm"),
            contains_identity=True,
        )
        save_upload(attachment.file, accepted)
        attachment.save()


def prepare_public(organisation: Any, data: dict[str, Any]) -> PreparedPetition:
    """Do the Python work of a public submission, before anything is written (raises PetitionError)."""
    anonymous = data["identity_choice"] == IdentityVisibility.ANONYMOUS
    identity = {"phone": data["phone"], "email": data["email"], "updates_by": data.get("updates_by") or ""}
    if not anonymous:
        identity.update(full_name=data["full_name"], address=data["address"])
    return prepare_petition(
        organisation,
        actor=None,
        subject=data["subject"],
        content=data["content"],
        channel=Channel.WEB,
        kind=data["kind"],
        identity=identity,
        identity_visibility=data["identity_choice"],
        accused_text=data["accused_text"],
        accused_role=data.get("accused_role") or "",
    )


def store_public(
    prepared: PreparedPetition,
    files: list[Any],
    *,
    notice_version: str,
    label: str = CITIZEN,
    count: Callable[[], None] | None = None,
) -> Registered:
    """Count the submission (`count` raises to refuse) and store the petition, notice and files in one transaction.

    A tracking code drawn by another intake in the instant between the look-up and the commit
    (`PreparedPetition.draw_code`) is drawn again, once.
    """
    for attempt in (1, 2):
        try:
            with acting_as(None, ip_address=None, label=label), transaction.atomic():
                if count is not None:
                    count()
                notice = privacy.new_notice(prepared.petition.organisation, version=notice_version)
                registered = save_prepared(prepared, with_rows=(notice,))
                save_attachments(registered.petition, files)
            return registered
        except IntegrityError as exc:
            if attempt == 2 or "tracking_code" not in str(exc):
                raise
            prepared.petition.pk = None
            prepared.petition._state.adding = True
            if prepared.identity is not None:
                prepared.identity.pk = None
                prepared.identity._state.adding = True
            prepared.draw_code()
    raise AssertionError("unreachable")  # pragma: no cover


def submit_public(
    organisation: Any,
    data: dict[str, Any],
    *,
    notice_version: str,
    label: str = CITIZEN,
    count: Callable[[], None] | None = None,
) -> Registered:
    """Register a petition from the cleaned data of `PetitionForm`, with its attachments and the notice shown.

    `label` is how the audit trail names the sender (the citizen, or the partner app that sent it for him);
    no network address is recorded. `count` is the door's limit, counted in the storing transaction.
    """
    return store_public(
        prepare_public(organisation, data),
        data.get("attachments") or [],
        notice_version=notice_version,
        label=label,
        count=count,
    )
