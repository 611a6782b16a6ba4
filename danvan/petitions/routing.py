"""Who a petition is about: the citizen's choice, and the head's and deputies' names recognised in the free text.

A citizen who ticks "a teacher" but writes the principal's name is still denouncing the principal: the
denunciation must leave the school at once (Luật Tố cáo 2018 Điều 12(1) đoạn 2, 13(3)). Names are compared
folded (no diacritics, no case, no punctuation: "Nguyen Van A" = "Nguyễn Văn A"), as whole words, full name
only — a given name alone ("thầy Hùng") is too common to move a petition on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from danvan.lib.text import fold
from danvan.org.models import Membership
from danvan.petitions.choices import SUPERIOR_ROLES, AccusedRole

# Positions whose holders are "the head" and "a deputy" of a school (and of a managing body in its own books).
_HEAD_POSITIONS = ("HIEU_TRUONG", "LANH_DAO_SO")
_DEPUTY_POSITIONS = ("PHO_HIEU_TRUONG",)


@dataclass(frozen=True)
class Recognised:
    """The role a petition is about and, when a name was recognised, the person."""

    role: str
    person: Any = None


def leaders_of(organisation: Any) -> list[tuple[Any, str]]:
    """Return (person, role) for the active head and deputies of a tenant (in the tenant itself or its units)."""

    rows = (
        Membership.objects.active()
        .filter(
            Q(organisation=organisation) | Q(organisation__tenant=organisation),
            position__in=_HEAD_POSITIONS + _DEPUTY_POSITIONS,
            person__active=True,
        )
        .select_related("person")
        .order_by("position", "person_id")
    )
    out: list[tuple[Any, str]] = []
    seen: set[int] = set()
    for m in rows:
        if m.person_id in seen:
            continue
        seen.add(m.person_id)
        out.append((m.person, AccusedRole.HEAD if m.position in _HEAD_POSITIONS else AccusedRole.DEPUTY))
    # The head before the deputies: a text naming both is about the head first.
    out.sort(key=lambda pr: pr[1] != AccusedRole.HEAD)
    return out


def names_in(text: str, full_name: str, *, folded: bool = False) -> bool:
    """Return whether `full_name` (two words at least) appears as whole words in `text`, diacritics ignored.

    `folded` says `text` is already folded (the caller checks several names against one letter).
    """
    name = fold(full_name or "")
    if len(name.split()) < 2:
        return False
    haystack = text if folded else fold(text or "")
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", haystack) is not None


def recognise(organisation: Any, *texts: str, role: str = "", accused_person: Any = None) -> Recognised:
    """Return whom the petition is about: a named head or deputy wins over the citizen's tick box.

    `role` is the citizen's (or clerk's) choice; `accused_person` a person already picked by staff.
    """
    leaders = leaders_of(organisation)
    if accused_person is not None:
        for person, leader_role in leaders:
            if person.pk == accused_person.pk:
                return Recognised(leader_role, person)
    joined = fold("\n".join(t for t in texts if t))
    for person, leader_role in leaders:
        if names_in(joined, person.full_name, folded=True):
            return Recognised(leader_role, accused_person or person)
    return Recognised(role or "", accused_person)


def goes_to_superior(role: str) -> bool:
    """Return whether a denunciation about someone in this role is decided above the school."""
    return role in SUPERIOR_ROLES
