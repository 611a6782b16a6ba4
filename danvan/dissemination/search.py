"""Legal documents (văn bản quán triệt) in the global search, found as the document list finds them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import SearchHit, search
from danvan.dissemination import permissions
from danvan.dissemination.models import LegalDocument
from danvan.dissemination.numbers import normalise_number
from danvan.lib.text import fold


def find_documents(user: Any, query: str, offset: int, limit: int) -> list[SearchHit]:
    """Return documents whose number, title, issuer or type matches (shared by every school, like the list)."""
    number_key = normalise_number(query)
    match = Q(search_text__contains=fold(query))
    if number_key:
        match |= Q(number_key__contains=number_key)
    rows = LegalDocument.objects.filter(match).order_by("-date", "number", "id")[offset : offset + limit + 1]
    return [
        SearchHit(
            title=f"{d.number} — {d.title[:160]}" if d.title else d.number,
            url=reverse("dissemination:document_detail", args=[d.pk]),
            detail=" · ".join(x for x in (d.issuer, f"{d.date:%d/%m/%Y}" if d.date else "") if x),
        )
        for d in rows
    ]


search.register("documents", _("Văn bản"), find_documents, perm=permissions.VIEW, order=40)
