"""Protect the petitioner's identity: keyed hashes, who may see it, and redacted copies.

Luật Tố cáo 2018 Điều 9(1)(b) (the denouncer's right to confidentiality of name, address, handwriting),
Điều 47 (protection of information) and Điều 56 (strip the identity from the petition and its
attachments before passing the file to verifiers). We apply the same protection to every petitioner:
only the assigned handler and the head of the handling body (permission `petitions.identity` on it)
see the identity, and each look is audited (`petitions.identity.viewed`). Everyone else — verifiers,
teachers, the Ban TTND, the public, exports, search, notifications — gets the redacted text.
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext

from danvan.lib.fieldcrypt import keyed_hash, search_token, search_tokens
from danvan.lib.text import fold

MASK = "[đã che]"

# ---------------------------------------------------------------- normalisation and keyed hashes


def normalise_name(name: str) -> str:
    """Return the folded name used for "same person" matching ("Nguyễn  Văn A" → "nguyen van a")."""
    return fold(name or "")


def normalise_phone(phone: str) -> str:
    """Return the national digits of a Vietnamese phone number ("+84 912-345-678" → "0912345678")."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("84") and len(digits) >= 11:
        digits = "0" + digits[2:]
    return digits


def normalise_email(email: str) -> str:
    """Return the lower-cased, stripped e-mail address."""
    return (email or "").strip().lower()


def name_hmac(name: str) -> str:
    """Return the keyed hash used to match the same petitioner by name."""
    return keyed_hash("name", normalise_name(name))


def phone_hmac(phone: str) -> str:
    """Return the keyed hash used to match the same petitioner by phone."""
    return keyed_hash("phone", normalise_phone(phone))


def phone_last4_hash(phone_or_digits: str) -> str:
    """Return the keyed hash of the last four phone digits (what the tracking page asks for)."""
    digits = normalise_phone(phone_or_digits)
    return keyed_hash("phone-last4", digits[-4:]) if len(digits) >= 4 else ""


def check_phone_last4(petition: Any, digits: str) -> bool:
    """Return whether `digits` are the last four digits of the petitioner's phone (no decryption)."""
    import hmac

    identity = getattr(petition, "identity", None) if _has_identity(petition) else None
    if identity is None or not identity.phone_last4_hash:
        return False
    return hmac.compare_digest(phone_last4_hash(digits), identity.phone_last4_hash)


def fill_hashes(identity: Any) -> None:
    """Set the keyed hashes of a PetitionIdentity from its plaintext fields."""
    identity.name_hmac = name_hmac(identity.full_name)
    phone = normalise_phone(identity.phone)
    identity.phone_hmac = keyed_hash("phone", phone)
    identity.phone_last4_hash = phone_last4_hash(phone)
    identity.email_hmac = keyed_hash("email", normalise_email(identity.email))


def _has_identity(petition: Any) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    if petition.pk is None:
        return False
    try:
        petition.identity  # noqa: B018 - the relation access is the check
    except ObjectDoesNotExist:
        return False
    return True


# ---------------------------------------------------------------- redaction


def identity_values(identity: Any) -> list[str]:
    """Return the identity strings to mask, longest first."""
    if identity is None:
        return []
    values = [identity.full_name, identity.address, identity.phone, identity.email, identity.id_number]
    values += [line for line in (identity.co_signers or "").splitlines()]
    return sorted({v.strip() for v in values if v and len(v.strip()) >= 3}, key=len, reverse=True)


def _pattern(value: str) -> re.Pattern[str]:
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 6 and len(digits) >= len(value.replace(" ", "")) - 4:
        # A phone or ID number: match its digits whatever the separators.
        national = normalise_phone(value)
        tail = national[1:] if national.startswith("0") else national
        sep = r"[\s.\-]*"
        return re.compile(r"(?:\+?84|0)?" + sep + sep.join(re.escape(ch) for ch in tail))
    words = [re.escape(w) for w in value.split()]
    return re.compile(r"\s+".join(words), re.IGNORECASE)


def _strip_marks(value: str) -> str:
    """Return the value without Vietnamese diacritics, keeping case ("Nguyễn Thị" → "Nguyen Thi")."""
    import unicodedata

    text = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in text if unicodedata.category(ch) != "Mn"))


def redact_text(text: str, values: list[str], *, mask: str = MASK) -> str:
    """Return `text` with every occurrence of the given identity values masked (also written without diacritics)."""
    import unicodedata

    out = unicodedata.normalize("NFC", text or "")
    for value in values:
        value = unicodedata.normalize("NFC", value)
        out = _pattern(value).sub(mask, out)
        plain = _strip_marks(value)
        if plain != value:
            out = _pattern(plain).sub(mask, out)
    return out


def masked_names_list(petition: Any) -> list[str]:
    """Return the extra names (students, relatives) the staff marked for masking in public output."""
    return [line.strip() for line in (petition.masked_names or "").splitlines() if len(line.strip()) >= 2]


def redacted_content(petition: Any) -> str:
    """Return the petition content with the petitioner's identity and marked names masked."""
    identity = petition.identity if _has_identity(petition) else None
    return redact_text(petition.content, identity_values(identity) + masked_names_list(petition))


_STUDENT_CONTEXT = re.compile(
    r"(?P<lead>\b(?:học sinh|hs|em|cháu|con tôi là|con trai tôi|con gái tôi|con tôi)\s+)"
    r"(?P<name>(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})",
    re.UNICODE,
)


def public_text(petition: Any, text: str | None = None) -> str:
    """Return text fit for anything public: identity, marked names and student names after "em/cháu/học sinh" masked."""
    identity = petition.identity if _has_identity(petition) else None
    out = redact_text(text if text is not None else petition.content,
                      identity_values(identity) + masked_names_list(petition))
    return _STUDENT_CONTEXT.sub(lambda m: m.group("lead") + MASK, out)


def public_name(petition: Any) -> str:
    """Return the petitioner's name for public display: only when they chose "có thể công khai tên tôi".

    Never for a denunciation (Luật Tố cáo Điều 47), an anonymous petition, or without that choice.
    """
    from danvan.petitions.choices import IdentityVisibility, Kind

    if petition.identity_visibility != IdentityVisibility.PUBLIC or petition.anonymous or petition.kind == Kind.TO_CAO:
        return ""
    if not _has_identity(petition):
        return ""
    return petition.identity.full_name or ""


def build_search_text(petition: Any, identity: Any = None) -> str:
    """Return the folded, diacritic-free search text: code, subject, content, accused — identity masked out."""
    if identity is None and _has_identity(petition):
        identity = petition.identity
    values = identity_values(identity)
    parts = [petition.tracking_code or "", petition.subject or "", petition.content or "", petition.accused_text or ""]
    folded = fold(redact_text(" ".join(parts), values, mask=" "))
    for value in values:  # a last pass on the folded text catches any other spelling of the same letters
        key = fold(value)
        if key:
            folded = re.sub(rf"\b{re.escape(key)}\b", " ", folded)
    return " ".join(folded.split())


def build_search_index(petition: Any, identity: Any = None) -> str:
    """Return what `Petition.search_text` stores: the keyed fingerprints of the words of `build_search_text`.

    The subject and content are encrypted at rest; this index lets the queue find a word without holding it.
    """
    return search_tokens(build_search_text(petition, identity=identity))


def search_q(query: str, *, limit: int = 8) -> Any:
    """Return the Q matching petitions whose search index holds the start of a word for every word of `query`."""
    q = Q()
    for word in fold(query or "").split()[:limit]:
        q &= Q(search_text__contains=f" {search_token(word)} ")
    return q


# ---------------------------------------------------------------- who may see it


def _person_of(user: Any) -> Any:
    from django.core.exceptions import ObjectDoesNotExist

    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def is_protected_kind(kind: str) -> bool:
    """Tell whether a petition of this kind may be a denunciation, whose sender is protected from everyone but
    the handler and the head (Luật Tố cáo Điều 9, 47): a denunciation, or one not yet classified."""
    from danvan.petitions.choices import Kind

    return kind in (Kind.TO_CAO, Kind.CHUA_RO, Kind.NHIEU_NOI_DUNG)


def can_view_identity(user: Any, petition: Any) -> bool:
    """Return whether the user may see the petitioner's identity.

    Only the assigned handler, and the head of the handling body (`petitions.identity` there),
    never the person the petition is about (Luật Tố cáo Điều 47, 56).
    """
    from danvan.core.scoping import has_perm

    person = _person_of(user)
    if person is None:
        return False
    if (petition.accused_person_id is not None and petition.accused_person_id == person.pk
            and petition.kind not in ("khieu-nai", "khieu-nai-lan-2")):
        # A complainant is named in the decision addressed to the respondent; a denouncer never is.
        return False
    if petition.handler_id is not None and petition.handler_id == person.pk:
        return True
    return has_perm(user, "petitions.identity", petition.handling_body)


def view_identity(user: Any, petition: Any, *, purpose: str = "") -> Any:
    """Return the PetitionIdentity for an allowed user and audit the look; raise PermissionDenied otherwise."""
    from django.core.exceptions import PermissionDenied

    from danvan.core import audit

    if not can_view_identity(user, petition):
        audit.record("petitions.identity.denied", obj=petition, actor=user, message=purpose)
        raise PermissionDenied(gettext("Bạn không được xem danh tính người gửi đơn này."))
    identity = petition.identity if _has_identity(petition) else None
    audit.record("petitions.identity.viewed", obj=petition, actor=user, message=purpose)
    return identity


def petition_view_for(user: Any, petition: Any) -> dict[str, Any]:
    """Return what a staff page may show: identity (audited) for allowed users, a redacted view otherwise."""
    if can_view_identity(user, petition):
        identity = view_identity(user, petition, purpose="xem hồ sơ đơn")
        return {"identity": identity, "content": petition.content, "redacted": False}
    return {"identity": None, "content": redacted_content(petition), "redacted": True}


def attachments_for(user: Any, petition: Any) -> list[Any]:
    """Return the attachments the user may open: all of them for allowed users, else only identity-free copies."""
    qs = list(petition.attachments.all())
    if can_view_identity(user, petition):
        return qs
    return [a for a in qs if not a.contains_identity]
