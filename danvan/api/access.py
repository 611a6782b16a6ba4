"""The one place the API decides who may read or change what (thin wrappers over core.scoping).

Lists need the permission somewhere (else 403, as the web pages' `require_perm`); single objects are
fetched only through the model's `visible_to(user, perm)` (another school's object is a 404, never a
403, so its existence does not leak); writes check the permission on the object's organisation (403).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from danvan.core.scoping import has_perm, perms_anywhere
from danvan.core.web import VisibleQuerySet, get_visible_or_404

_M = TypeVar("_M", bound=Model)


def require_somewhere(request: HttpRequest, perm: str) -> None:
    """Refuse (403) a user who holds `perm` on no organisation at all."""
    if perm not in perms_anywhere(request.user):
        raise PermissionDenied


def visible(queryset: VisibleQuerySet[_M], request: HttpRequest, perm: str) -> QuerySet[_M]:
    """Return the rows of the queryset the user may access with `perm`, after the somewhere-check."""
    require_somewhere(request, perm)
    return queryset.visible_to(request.user, perm)


def get_visible(queryset: VisibleQuerySet[_M], request: HttpRequest, perm: str, **lookup: Any) -> _M:
    """Fetch one object through the scoped queryset (404 for another school's object)."""
    require_somewhere(request, perm)
    return get_visible_or_404(queryset, request.user, perm, **lookup)


def require_on(request: HttpRequest, perm: str, organisation: Any) -> None:
    """Refuse (403) unless the user holds `perm` on the organisation of an object already fetched."""
    if not has_perm(request.user, perm, organisation):
        raise PermissionDenied


def deny(message: str = "") -> None:
    """Refuse (403) with a message saying why."""
    raise PermissionDenied(message)


def require_transition(
    request: HttpRequest, table: dict[tuple[str, str], tuple[str, str]], state: str, action: str, organisation: Any
) -> bool:
    """Check a transitions-table action: 403 without the permission it needs (or, when the table has no such
    move from this state, without any permission the table uses); return whether the move exists (else 409)."""
    needed = table.get((state, action))
    if needed is not None:
        require_on(request, needed[1], organisation)
        return True
    if not any(has_perm(request.user, perm, organisation) for _target, perm in table.values()):
        raise PermissionDenied
    return False
