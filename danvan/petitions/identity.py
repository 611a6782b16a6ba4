"""Protect the petitioner's identity: keyed hashes, who may see it, and redacted copies.

Luật Tố cáo 2018 Điều 9(1)(b) (the denouncer's right to confidentiality of name, address, handwriting),
Điều 47 (protection of information) and Điều 56 (strip the identity from the petition and its
attachments before passing the file to verifiers). We apply the same protection to every petitioner:
only the assigned handler and the head of the handling body (permission `petitions.identity` on it)
see the identity, and each look is audited (`petitions.identity.viewed`). Everyone else — verifiers,
teachers, the Ban TTND, the public, exports, search, notifications — gets the redacted text.

Every output goes through one display policy, `policy_for(user, petition)` (bottom of this module): pages, registers,
exports, audit displays, notifications and API answers read the subject, content, notes and trail from it.
"""

from __future__ import annotations

import copy
import hmac
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext

from danvan.core import audit
from danvan.core.scoping import has_perm
from danvan.lib.fieldcrypt import keyed_hash, search_token, search_tokens
from danvan.lib.text import fold
from danvan.petitions.choices import IdentityVisibility, Kind

MASK = "[đã che]"

# ---------------------------------------------------------------- normalisation and keyed hashes


def normalise_name(name: str) -> str:
    """Return the folded name used for "same person" matching ("Nguyễn  Văn A" → "nguyen van a")."""
    return fold(name or "")


_NON_DIGIT = re.compile(r"\D")


def normalise_phone(phone: str) -> str:
    """Return the national digits of a Vietnamese phone number ("+84 912-345-678" → "0912345678")."""
    digits = _NON_DIGIT.sub("", phone or "")
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
    identity = getattr(petition, "identity", None) if has_identity(petition) else None
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


def has_identity(petition: Any) -> bool:
    """Return whether the petition is stored with an identity row (never for an unsaved or anonymous petition)."""
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
    values = [
        identity.full_name,
        identity.address,
        identity.phone,
        identity.email,
        identity.id_number,
        getattr(identity, "zalo_user_id", ""),
    ]
    values += [line for line in (identity.co_signers or "").splitlines()]
    return sorted({v.strip() for v in values if v and len(v.strip()) >= 3}, key=len, reverse=True)


def _pattern(value: str) -> re.Pattern[str]:
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 6 and len(digits) >= len(value.replace(" ", "")) - 4:
        # A phone or ID number: match its digits whatever the separators.
        national = normalise_phone(value)
        tail = national[1:] if national.startswith("0") else national
        sep = r"[\s.\-]*"
        # The separators only between digits (and after the prefix): a leading `[\s.\-]*` would be tried at every
        # position of a long run of spaces or dots, quadratic in the letter's length.
        return re.compile(r"(?:(?:\+?84|0)" + sep + ")?" + sep.join(re.escape(ch) for ch in tail))
    words = [re.escape(w) for w in value.split()]
    return re.compile(r"\s+".join(words), re.IGNORECASE)


def _strip_marks(value: str) -> str:
    """Return the value without Vietnamese diacritics, keeping case ("Nguyễn Thị" → "Nguyen Thi")."""
    text = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "D"))
    return unicodedata.normalize("NFC", "".join(ch for ch in text if unicodedata.category(ch) != "Mn"))


# Contact data a citizen writes into the letter itself, whether or not it was also typed in the identity fields: an
# e-mail address, a Vietnamese mobile or landline number, a 12-digit căn cước number, a 9-digit CMND after its name.
# The e-mail alternative starts only where a run of address characters starts: tried at every position of a long
# run, its greedy local part made one masking of a 20,000-character letter take seconds (quadratic backtracking).
_CONTACT = re.compile(
    r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|(?<![\w])(?:\+84|0)(?:[\s.\-]?\d){8,10}(?!\d)"
    r"|(?<!\d)\d{12}(?!\d)"
    r"|(?i:(?:cmnd|cccd|căn cước|chứng minh(?: nhân dân)?)\s*(?:số\s*)?:?\s*)\d{9}(?!\d)",
)


def scrub_contacts(text: str, *, mask: str = MASK) -> str:
    """Return `text` with e-mail addresses, phone numbers and ID numbers masked, whoever they belong to."""
    return _CONTACT.sub(mask, text or "")


def redact_text(text: str, values: list[str], *, mask: str = MASK) -> str:
    """Return `text` with every occurrence of the given identity values masked (also written without diacritics),
    and any e-mail address, phone number or ID number written in it."""
    out = unicodedata.normalize("NFC", text or "")
    for value in values:
        value = unicodedata.normalize("NFC", value)
        out = _pattern(value).sub(mask, out)
        plain = _strip_marks(value)
        if plain != value:
            out = _pattern(plain).sub(mask, out)
    return scrub_contacts(out, mask=mask)


def masked_names_list(petition: Any) -> list[str]:
    """Return the extra names (students, relatives) the staff marked for masking in public output."""
    return [line.strip() for line in (petition.masked_names or "").splitlines() if len(line.strip()) >= 2]


def redacted_content(petition: Any) -> str:
    """Return the petition content with the petitioner's identity and marked names masked (policy_for)."""
    return policy_for(None, petition).content


_STUDENT_CONTEXT = re.compile(
    r"(?P<lead>\b(?:học sinh|hs|em|cháu|con tôi là|con trai tôi|con gái tôi|con tôi)\s+)"
    r"(?P<name>(?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})",
    re.UNICODE,
)


def public_text(petition: Any, text: str | None = None) -> str:
    """Return text fit for anything public: identity, marked names and student names after "em/cháu/học sinh" masked."""
    identity = petition.identity if has_identity(petition) else None
    out = redact_text(
        text if text is not None else petition.content, identity_values(identity) + masked_names_list(petition)
    )
    return _STUDENT_CONTEXT.sub(lambda m: m.group("lead") + MASK, out)


def public_name(petition: Any) -> str:
    """Return the petitioner's name for public display: only when they chose "có thể công khai tên tôi".

    Never for a denunciation (Luật Tố cáo Điều 47), an anonymous petition, or without that choice.
    """
    if petition.identity_visibility != IdentityVisibility.PUBLIC or petition.anonymous or petition.kind == Kind.TO_CAO:
        return ""
    if not has_identity(petition):
        return ""
    return petition.identity.full_name or ""


def _is_number(value: str) -> bool:
    """Tell whether an identity value is a phone or ID number (matched by its digits, whatever the separators)."""
    digits = _NON_DIGIT.sub("", value)
    return len(digits) >= 6 and len(digits) >= len(value.replace(" ", "")) - 4


def _without_values(folded: str, values: list[str]) -> str:
    """Return folded text without the identity values: names by their folded words, numbers by their digits.

    Plain string work on the folded text (words of letters and digits, one space apart), no pattern compiled per
    petition: this runs on every intake and every edit of a petition's text.
    """
    padded = f" {folded} "
    numbers = []
    for value in values:
        if _is_number(value):
            national = normalise_phone(value)
            numbers.append(national[1:] if national.startswith("0") else national)
            continue
        key = fold(value)
        if key:
            while f" {key} " in padded:  # "a b a b": each pass removes every other occurrence
                padded = padded.replace(f" {key} ", "  ")
    words = padded.split()
    if numbers:
        # A number written "0912 345 678" or "0912.345.678" folds into runs of digit-only words: drop a run whose
        # digits hold the number.
        kept: list[str] = []
        run: list[str] = []
        for word in [*words, ""]:
            if word.isdigit():
                run.append(word)
                continue
            if run and not any(n in "".join(run) for n in numbers):
                kept += run
            run = []
            if word and not any(n in word for n in numbers):  # "sdt0912345678" goes too
                kept.append(word)
        words = kept
    return " ".join(words)


def build_search_text(petition: Any, identity: Any = None) -> str:
    """Return the folded, diacritic-free search text: code, subject, content, accused — identity masked out."""
    if identity is None and has_identity(petition):
        identity = petition.identity
    values = identity_values(identity)
    parts = [petition.tracking_code or "", petition.subject or "", petition.content or "", petition.accused_text or ""]
    # Contact data anyone wrote into the letter (one precompiled pattern), then the petitioner's own values.
    return _without_values(fold(scrub_contacts(" ".join(parts), mask=" ")), values)


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
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def is_protected_kind(kind: str) -> bool:
    """Tell whether a petition of this kind may be a denunciation, whose sender is protected from everyone but
    the handler and the head (Luật Tố cáo Điều 9, 47): a denunciation, or one not yet classified."""
    return kind in (Kind.TO_CAO, Kind.CHUA_RO, Kind.NHIEU_NOI_DUNG)


def can_view_identity(user: Any, petition: Any) -> bool:
    """Return whether the user may see the petitioner's identity.

    Only the assigned handler, and the head of the handling body (`petitions.identity` there),
    never the person the petition is about (Luật Tố cáo Điều 47, 56).
    """
    person = _person_of(user)
    if person is None:
        return False
    if (
        petition.accused_person_id is not None
        and petition.accused_person_id == person.pk
        and petition.kind not in ("khieu-nai", "khieu-nai-lan-2")
    ):
        # A complainant is named in the decision addressed to the respondent; a denouncer never is.
        return False
    if petition.handler_id is not None and petition.handler_id == person.pk:
        return True
    return has_perm(user, "petitions.identity", petition.handling_body)


def can_view_reception_identity(user: Any, reception: Any) -> bool:
    """Return whether the user may read who a citizen received in person is: always, unless the citizen denounced;
    then only the holder of `petitions.identity` on the competent body (the body the reception was routed to, else
    the unit that received it) — Luật Tố cáo 2018 Điều 9, 47. The reception page and the reception register ask here.
    """
    if not reception.is_denunciation:
        return True
    return user is not None and has_perm(user, "petitions.identity", reception.routed_to or reception.organisation)


def address_fragments(petition: Any) -> list[str]:
    """Return the parts of the petitioner's address ("12 Lạch Tray", "Ngô Quyền"), longest first.

    A letter often gives only part of the address the petitioner typed in the form; a document for the accused or
    another body masks each part too (Luật TC Điều 47: nothing that leads to the denouncer).
    """
    if not has_identity(petition) or not petition.identity.address:
        return []
    parts = {p.strip() for p in petition.identity.address.replace(";", ",").split(",")}
    return sorted((p for p in parts if len(p) >= 5), key=len, reverse=True)


def view_identity(user: Any, petition: Any, *, purpose: str = "") -> Any:
    """Return the PetitionIdentity for an allowed user and audit the look; raise PermissionDenied otherwise."""
    if not can_view_identity(user, petition):
        audit.record("petitions.identity.denied", obj=petition, actor=user, message=purpose)
        raise PermissionDenied(gettext("Bạn không được xem danh tính người gửi đơn này."))
    identity = petition.identity if has_identity(petition) else None
    audit.record("petitions.identity.viewed", obj=petition, actor=user, message=purpose)
    return identity


def petition_view_for(user: Any, petition: Any) -> dict[str, Any]:
    """Return what a staff page may show: identity (audited) for allowed users, a redacted view otherwise."""
    if can_view_identity(user, petition):
        identity = view_identity(user, petition, purpose="xem hồ sơ đơn")
        return {"identity": identity, "content": petition.content, "redacted": False}
    return {"identity": None, "content": policy_for(user, petition).content, "redacted": True}


def attachments_for(user: Any, petition: Any) -> list[Any]:
    """Return the attachments the user may open: all of them for allowed users, else only identity-free copies."""
    qs = list(petition.attachments.all())
    if can_view_identity(user, petition):
        return qs
    return [a for a in qs if not a.contains_identity]


# ---------------------------------------------------------------- one display policy
#
# Every page, register, export, audit display, notification, log line and API answer shows a petition through the
# policy below, so the rule has one home. Outside the identity page (and the registers, which name the petitioner to
# an allowed reader and audit it), nobody reads the identity in the text: the subject a citizen or clerk typed ("Đơn
# tố cáo của <tên> (<điện thoại>)"), the content, the timeline notes, the trail. Who looked at the identity is itself
# identity data (it tells that a denunciation exists and who handles it): only those allowed to see the identity read
# it (Luật Tố cáo 2018 Điều 9(1)(b), 47).

LOOK_CODES = frozenset({"petitions.identity.viewed", "petitions.identity.denied"})
FILE_MASK = "[tệp đã lưu]"


def masking_values(petition: Any) -> list[str]:
    """Return what to mask in any text about the petition: identity values, co-signers, marked names."""
    identity = petition.identity if has_identity(petition) else None
    return identity_values(identity) + masked_names_list(petition)


@dataclass(frozen=True)
class IdentityPolicy:
    """What one reader may be shown of one petition: masked texts, and whether the identity page is open to him."""

    petition: Any
    can_see_identity: bool
    values: tuple[str, ...]

    def mask(self, text: str | None) -> str:
        """Return the text with the identity, co-signers, marked names and any contact data masked."""
        return redact_text(text or "", list(self.values))

    @property
    def subject(self) -> str:
        """The subject, masked (a citizen or a clerk may have typed the denouncer's name into it)."""
        return self.mask(self.petition.subject)

    @property
    def content(self) -> str:
        """The content, masked: the full letter is shown only on the identity page."""
        return self.mask(self.petition.content)

    @property
    def title(self) -> str:
        """ "<tracking code> — <masked subject>", what lists, notifications and the trail name the petition by."""
        return f"{self.petition.tracking_code} — {self.subject}"

    def notes(self, steps: Iterable[Any]) -> list[Any]:
        """Return copies of timeline steps with their note and public text masked (the stored rows are untouched)."""
        out = []
        for step in steps:
            shown = copy.copy(step)
            shown.note = self.mask(step.note)
            shown.public_text = self.mask(step.public_text)
            out.append(shown)
        return out

    def audit_entries(self, events: Iterable[Any]) -> list[Any]:
        """Return the trail entries this reader may read, masked: without the looks at the identity unless he may see
        it, and without storage paths."""
        return [mask_event(e, list(self.values)) for e in events if self.can_see_identity or e.code not in LOOK_CODES]


def policy_for(user: Any, petition: Any) -> IdentityPolicy:
    """Return the display policy of `petition` for `user` (None: an e-mail, a log line, a worker — no identity)."""
    allowed = user is not None and can_view_identity(user, petition)
    return IdentityPolicy(petition=petition, can_see_identity=allowed, values=tuple(masking_values(petition)))


def shown_subject(petition: Any) -> str:
    """Return the petition's subject as anything outside the identity page shows it."""
    return policy_for(None, petition).subject


def shown_title(petition: Any) -> str:
    """Return "<tracking code> — <masked subject>" for notifications, e-mails and log lines."""
    return policy_for(None, petition).title


def mask_event(event: Any, values: list[str]) -> Any:
    """Return a copy of an audit entry with identity values masked in its message, object name and changed values,
    and file storage paths (which carry the citizen's file name) replaced."""
    shown = copy.copy(event)
    shown.message = redact_text(event.message, values)
    shown.object_repr = redact_text(event.object_repr, values)
    changes = {}
    for key, pair in (event.changes or {}).items():
        if is_file_key(key):
            changes[key] = [FILE_MASK if v else v for v in pair] if isinstance(pair, list) else FILE_MASK
        elif isinstance(pair, list):
            changes[key] = [redact_text(v, values) if isinstance(v, str) else v for v in pair]
        else:
            changes[key] = redact_text(pair, values) if isinstance(pair, str) else pair
    shown.changes = changes
    return shown


def is_file_key(key: str) -> bool:
    """Tell whether a trail key names a stored file (`file`, `petitionattachment.file`, `scan`…)."""
    return key.rpartition(".")[2] in ("file", "scan", "original_name", "stored_name", "path")
