"""Legal documents (văn bản quán triệt) in the global search, found as the document list finds them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import SearchHit, search
from danvan.dissemination import permissions
from danvan.dissemination.filters import document_q
from danvan.dissemination.models import LegalDocument


def find_documents(user: Any, query: str, offset: int, limit: int) -> list[SearchHit]:
    """Return documents whose number, title, issuer or type matches (shared by every school, like the list)."""
    rows = LegalDocument.objects.filter(document_q(query)).order_by("-date", "number", "id")[
        offset : offset + limit + 1
    ]
    return [
        SearchHit(
            title=f"{d.number} — {d.title[:160]}" if d.title else d.number,
            url=reverse("dissemination:document_detail", args=[d.pk]),
            detail=" · ".join(x for x in (d.issuer, f"{d.date:%d/%m/%Y}" if d.date else "") if x),
        )
        for d in rows
    ]


search.register("documents", _("Văn bản"), find_documents, perm=permissions.VIEW, order=40)
