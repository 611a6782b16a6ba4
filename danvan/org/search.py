"""People (staff) in the global search, from the organisations the user may see (as the organisation pages list
them); names match with or without diacritics."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import SearchHit, search
from danvan.lib.text import fold
from danvan.org.models import Person

# A province has a few thousand staff: their names are folded here rather than stored twice; past this many the
# search reads the first ones by name (one query either way).
MAX_SCANNED = 20_000


def find_people(user: Any, query: str, offset: int, limit: int) -> list[SearchHit]:
    """Return staff whose name holds every word of the query, ignoring diacritics and case."""
    words = fold(query).split()
    names = (
        Person.objects.visible_to(user, "org.view")
        .order_by("full_name", "id")
        .values_list("id", "full_name")[:MAX_SCANNED]
    )
    ids = [pk for pk, name in names if all(w in fold(name) for w in words)][offset : offset + limit + 1]
    people = {p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("organisation")}
    return [
        SearchHit(
            title=people[pk].full_name,
            url=reverse("org:organisation_detail", args=[people[pk].organisation_id]),
            detail=people[pk].organisation.name,
        )
        for pk in ids
        if pk in people
    ]


search.register("people", _("Cán bộ"), find_people, perm="org.view", order=50)
