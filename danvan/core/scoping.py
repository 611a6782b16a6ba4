"""Decide, in one place, which organisations a user may see or act on, and filter querysets by it.

Every view, API endpoint and export fetches tenant data through `visible_to(user, perm)` (or
`scope_filter`), so forgetting the check means writing an unscoped query by hand, which review catches.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.db import connections, models
from django.db.models import Q

from danvan.core.permissions import registry

if TYPE_CHECKING:
    from danvan.org.models import Organisation

_CACHE_ATTR = "_danvan_grants"
_M = TypeVar("_M", bound=models.Model)


@dataclass(frozen=True)
class Grant:
    """Permissions a user holds on one tenant (own) and below it (subtree)."""

    tenant_id: int
    tenant_path: str
    own: frozenset[str]
    subtree: frozenset[str]


# Who holds which position is the organisation tree's knowledge (org.Membership), and org's models stand on
# core's: org registers the function that reads the grants (OrgConfig.ready), so core imports nothing of org.
_grant_source: Callable[[Any], list[Grant]] | None = None


def register_grant_source(source: Callable[[Any], list[Grant]]) -> None:
    """Register `source(user) -> grants`, how an active user's grants are read (org: from their memberships)."""
    global _grant_source
    _grant_source = source


def grants_for(user: Any) -> list[Grant]:
    """Return the user's grants from their active memberships, cached on the user object."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached: list[Grant] | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    if _grant_source is None:
        raise ImproperlyConfigured("No grant source is registered: is danvan.org in INSTALLED_APPS?")
    result = _grant_source(user)
    setattr(user, _CACHE_ATTR, result)
    return result


def clear_cache(user: Any) -> None:
    """Forget cached grants (after memberships change)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_perm(user: Any, perm: str, organisation: Organisation | None = None) -> bool:
    """Return whether the user holds `perm` on the organisation (anywhere, when none is given).

    A name no app registered raises `UnknownPermission` (a typo would otherwise be a silent, permanent "no").
    """
    if perm not in registry:
        registry.check(perm)
    for g in grants_for(user):
        if organisation is None:
            if perm in g.own or perm in g.subtree:
                return True
            continue
        tenant_id = organisation.tenant_id or organisation.id
        if perm in g.own and tenant_id == g.tenant_id:
            return True
        if perm in g.subtree and organisation.path.startswith(g.tenant_path):
            return True
    return False


def perms_anywhere(user: Any) -> set[str]:
    """Return every permission the user holds on some organisation (for navigation)."""
    out: set[str] = set()
    for g in grants_for(user):
        out |= g.own | g.subtree
    return out


def scope_filter(user: Any, perm: str, org_field: str = "organisation") -> Q:
    """Return a Q that keeps rows whose organisation the user may act on with `perm`.

    `org_field` is the lookup path to the row's organisation (`"organisation"`, `"plan__organisation"`,
    or `""` when filtering organisations themselves). No grant gives a Q that matches nothing.
    """
    if perm not in registry:
        registry.check(perm)
    prefix = f"{org_field}__" if org_field else ""
    q = Q(pk__in=[])
    for g in grants_for(user):
        if perm in g.subtree:
            q |= Q(**{f"{prefix}path__startswith": g.tenant_path})
        elif perm in g.own:
            if org_field:
                q |= Q(**{f"{prefix}tenant_id": g.tenant_id})
            else:
                q |= Q(tenant_id=g.tenant_id) | Q(pk=g.tenant_id)
    return q


class ScopedQuerySet(models.QuerySet[_M]):
    """A queryset that knows how to keep only what a user may see.

    Models set `scope_field` (default "organisation") when the organisation is reached through a relation.
    """

    def visible_to(self, user: Any, perm: str | None = None) -> Self:
        """Return rows the user may access with `perm` (default `<app_label>.view`)."""
        perm = perm or f"{self.model._meta.app_label}.view"
        field = getattr(self.model, "scope_field", "organisation")
        return self.filter(scope_filter(user, perm, field))


def first_rows(parts: Sequence[models.QuerySet[_M]], order: Sequence[str], limit: int) -> list[_M]:
    """Return the first `limit` rows, in `order`, of the union of `parts` (each a queryset of the same model).

    Each part is read in `order` and stopped after `limit` rows (an ordered index scan where an index serves it),
    then the parts are merged and a row found twice is kept once: the same rows as
    `union.order_by(*order)[:limit]`, without PostgreSQL reading and sorting every row an OR of the parts matches.
    `order` must be total (end with the primary key); NULLs sort as the database sorts them.
    """
    rows: dict[Any, _M] = {}
    nulls_largest = True
    for part in parts:
        nulls_largest = connections[part.db].features.nulls_order_largest
        for row in part.order_by(*order)[:limit]:
            rows.setdefault(row.pk, row)
    merged = list(rows.values())
    for field in reversed(order):
        name = field.lstrip("-")

        def key(row: Any, name: str = name) -> tuple[bool, Any]:
            value = getattr(row, name)
            return ((value is None) == nulls_largest, value)

        merged.sort(key=key, reverse=field.startswith("-"))
    return merged[:limit]
