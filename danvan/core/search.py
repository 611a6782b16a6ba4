"""The global search of the top bar: one box, results grouped by kind, each kind scoped like its list page.

Each app registers its kinds in `core.registry.search` (plans, tasks, petitions, documents, people); a kind is
searched only when the user holds its permission somewhere, and its finder reads through the scoped queryset of
the kind's list page, so the search never shows what the list would not. Every kind costs a bounded number of
queries (a page of `limit + 1` rows, no COUNT), whatever the size of the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from danvan.core.errors import DomainError
from danvan.core.registry import SearchHit, SearchProvider, search
from danvan.core.scoping import perms_anywhere
from danvan.lib.text import fold

MAX_QUERY = 100  # characters; a longer query is cut (no finder needs more)
MIN_QUERY = 2  # folded characters: one letter would match almost everything
PREVIEW = 5  # hits per kind on the grouped page
PER_PAGE = 20  # hits on one kind's page


class SearchError(DomainError):
    """The query cannot be searched; the message says why."""


@dataclass(frozen=True)
class SearchGroup:
    """The hits of one kind, with whether more follow."""

    provider: SearchProvider
    hits: list[SearchHit]
    has_more: bool


def clean_query(raw: str | None) -> str:
    """Return the query to search (control characters dropped, cut at MAX_QUERY); raise SearchError if too short."""
    text = "".join(ch for ch in (raw or "") if ch.isprintable()).strip()[:MAX_QUERY]
    if len(fold(text).replace(" ", "")) < MIN_QUERY:
        raise SearchError(_("Nhập ít nhất %(n)d ký tự để tìm.") % {"n": MIN_QUERY})
    return text


def providers_for(user: Any) -> list[SearchProvider]:
    """Return the kinds the user may search (the permission held somewhere)."""
    held = perms_anywhere(user)
    return [p for p in search.sorted() if p.perm in held]


def run(user: Any, query: str, *, kind: str | None = None, page: int = 1) -> list[SearchGroup]:
    """Return the groups of hits: every kind's first few, or one kind's page."""
    groups = []
    for provider in providers_for(user):
        if kind and provider.key != kind:
            continue
        limit = PER_PAGE if kind else PREVIEW
        offset = (page - 1) * limit if kind else 0
        hits = provider.find(user, query, offset, limit)
        groups.append(SearchGroup(provider, hits[:limit], len(hits) > limit))
    return groups
