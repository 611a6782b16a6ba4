"""Find likely duplicates and related petitions while the clerk types, and index petitions for it.

Two signals, never decrypting anything:

* the same person — the keyed hashes of the name and phone on `PetitionIdentity`
  (`identity.name_hmac` / `identity.phone_hmac`);
* near-identical content, with or without diacritics — MinHash LSH bands (`danvan.lib.similarity`)
  stored in `PetitionFingerprint(organisation, band, value)`, looked up on an index.

Candidates are ranked by the estimated similarity of the content (signatures recomputed for the
few petitions that share a band), then by the person match.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Q
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from danvan.lib import similarity
from danvan.petitions.identity import (
    can_view_identity,
    is_protected_kind,
    name_hmac,
    normalise_name,
    normalise_phone,
    phone_hmac,
)
from danvan.petitions.identity_pages import masked_subjects
from danvan.petitions.models import Petition, PetitionFingerprint, PetitionIdentity

MIN_SCORE = 0.25  # below this estimated Jaccard similarity a band collision is noise


def fingerprint_text(petition: Any) -> str:
    """Return the text whose shingles identify the petition's content."""
    return petition.content or ""


def bands_of(text: str) -> list[int]:
    """Return the LSH band values of a text (none for an empty one)."""
    sig = similarity.signature(text)
    return [] if similarity.is_empty(sig) else similarity.bands(sig)


def prepare_bands(petition: Any) -> None:
    """Compute a new petition's bands now, before its write transaction opens; `index_petition` writes them."""
    petition._lsh_bands = (fingerprint_text(petition), bands_of(fingerprint_text(petition)))


def index_petition(petition: Any, *, new: bool = False) -> int:
    """(Re)write the petition's LSH bands; return how many were stored (0 for an empty text)."""
    text = fingerprint_text(petition)
    prepared = getattr(petition, "_lsh_bands", None)
    values = prepared[1] if prepared is not None and prepared[0] == text else bands_of(text)
    if new:  # one INSERT, atomic by itself
        _insert_bands(petition, values)
        return len(values)
    with transaction.atomic():
        PetitionFingerprint.objects.filter(petition=petition).delete()
        _insert_bands(petition, values)
    return len(values)


def _insert_bands(petition: Any, values: list[int]) -> None:
    """Write the bands in one multi-row INSERT.

    Every petition registered pays for this, the public form included: plain SQL costs a third of
    `bulk_create`, which builds and prepares one model object per band.
    """
    if not values:
        return
    meta = PetitionFingerprint._meta
    qn = connection.ops.quote_name
    columns = ", ".join(qn(meta.get_field(name).column) for name in ("petition", "organisation", "band", "value"))
    rows = ", ".join(["(%s, %s, %s, %s)"] * len(values))
    params = [x for band, value in enumerate(values) for x in (petition.pk, petition.organisation_id, band, value)]
    with connection.cursor() as cursor:
        # Only the table and column names (from _meta) are formatted in; the values are parameters.
        cursor.execute(f"INSERT INTO {qn(meta.db_table)} ({columns}) VALUES {rows}", params)


def _on_petition_saved(sender: Any, instance: Any, created: bool, update_fields: Any = None, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if created or update_fields is None or "content" in update_fields:
        # In the same transaction: a rolled-back petition leaves no fingerprint behind.
        index_petition(instance, new=created)


def connect_signals() -> None:
    """Index every petition when it is created or its content changes (idempotent)."""

    post_save.connect(_on_petition_saved, sender=Petition, dispatch_uid="petitions.duplicates.index")


@dataclass
class Candidate:
    """A petition that may be the same matter or from the same person."""

    petition: Any
    score: float = 0.0
    reasons: list[str] = field(default_factory=list)
    subject: str = ""  # masked (identity.masked_subjects): a typed subject may name the petitioner

    def as_dict(self) -> dict[str, Any]:
        """Return what the entry page shows (no identity, no content)."""
        p = self.petition
        return {
            "id": p.pk,
            "code": p.tracking_code,
            "subject": self.subject,
            "kind": p.get_kind_display(),
            "state": p.get_state_display(),
            "received": p.received_at.strftime("%d/%m/%Y") if p.received_at else "",
            "score": round(self.score, 2),
            "reasons": self.reasons,
        }


REASON_CONTENT = "noi-dung"
REASON_NAME = "cung-ten"
REASON_PHONE = "cung-so-dien-thoai"
REASON_LABELS = {
    REASON_CONTENT: _("Nội dung gần giống"),
    REASON_NAME: _("Cùng họ tên người gửi"),
    REASON_PHONE: _("Cùng số điện thoại"),
}


def _may_match_person(user: Any, petition: Any) -> bool:
    return user is None or not is_protected_kind(petition.kind) or can_view_identity(user, petition)


def _pool(user: Any) -> Any:
    """Return the petitions a duplicate check may name: those the user may see (a denunciation routed away from the
    school because of its head is never offered to the school as "the same case"); without a user, none routed away."""
    if user is not None:
        return Petition.objects.visible_to(user)
    return Petition.objects.filter(routed_away=False)


def find_candidates(
    organisation: Any,
    text: str,
    name: str | None = None,
    phone: str | None = None,
    limit: int = 10,
    exclude: list[int] | None = None,
    user: Any = None,
) -> list[Candidate]:
    """Return up to `limit` petitions of the organisation likely to be duplicates of, or related to, the text.

    With `user`, a match on the name or phone is not reported on a petition that may be a denunciation when
    the user may not see its sender: "same person" would tell them who denounced (Luật Tố cáo Điều 47).
    """

    exclude_ids = set(exclude or [])
    found: dict[int, Candidate] = {}

    sig = similarity.signature(text or "")
    if not similarity.is_empty(sig):
        values = similarity.bands(sig)
        match = reduce(or_, (Q(band=i, value=v) for i, v in enumerate(values)))
        hits = list(
            PetitionFingerprint.objects.filter(match, organisation=organisation)
            .exclude(petition_id__in=exclude_ids)
            .values("petition_id")
            .annotate(n=Count("id"))
            .order_by("-n")[: limit * 3]
        )
        if hits:
            petitions = (
                _pool(user)
                .filter(pk__in=[h["petition_id"] for h in hits])
                .only("id", "tracking_code", "subject", "kind", "state", "received_at", "content")
            )
            for p in petitions:
                score = similarity.similarity(sig, similarity.signature(fingerprint_text(p)))
                if score >= MIN_SCORE:
                    found[p.pk] = Candidate(p, score, [REASON_CONTENT])

    person_q = []
    if name and len(normalise_name(name)) >= 3:
        person_q.append(("name_hmac", name_hmac(name), REASON_NAME))
    if phone and len(normalise_phone(phone)) >= 8:
        person_q.append(("phone_hmac", phone_hmac(phone), REASON_PHONE))
    if person_q:
        cond = reduce(or_, (Q(**{f: v}) for f, v, _r in person_q))
        rows = list(
            PetitionIdentity.objects.filter(cond, organisation=organisation)
            .exclude(petition_id__in=exclude_ids)
            .values_list("petition_id", "name_hmac", "phone_hmac")[: limit * 3]
        )
        # At most limit × 3 rows, with the handling body that `can_view_identity` reads (no query per petition).
        matched = {
            p.pk: p
            for p in _pool(user)
            .filter(pk__in=[pid for pid, _n, _p in rows])
            .select_related("handling_body")
            .defer("content", "search_text", "masked_names")
        }
        for pid, n_hmac, p_hmac in rows:
            petition = matched.get(pid)
            if petition is None or not _may_match_person(user, petition):
                continue
            cand = found.get(pid)
            if cand is None:
                cand = found[pid] = Candidate(petition)
            for f, v, reason in person_q:
                if {"name_hmac": n_hmac, "phone_hmac": p_hmac}[f] == v and reason not in cand.reasons:
                    cand.reasons.append(reason)

    ranked = sorted(found.values(), key=lambda c: (-c.score, -len(c.reasons), -c.petition.pk))[:limit]
    subjects = masked_subjects(c.petition for c in ranked)
    for c in ranked:
        c.subject = subjects[c.petition.pk]
    return ranked
