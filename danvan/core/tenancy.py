"""Which school (or Department) a page acts for: the tenants a user may use, and the one picked with ?org=."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest

from danvan.core.scoping import grants_for
from danvan.org.choices import TENANT_KINDS
from danvan.org.models import Organisation

if TYPE_CHECKING:
    from danvan.org.models import Organisation


def tenants_for(user: Any, perm: str) -> list[Organisation]:
    """Return the schools (or Departments) on which the user holds `perm`, in tree order."""
    return list(Organisation.objects.visible_to(user, perm).filter(kind__in=TENANT_KINDS).order_by("path"))


def chosen_tenant(
    request: HttpRequest,
    perm: str,
    orgs: list[Organisation] | None = None,
) -> tuple[Organisation | None, list[Organisation]]:
    """Return the tenant picked with ?org= (else the first) and all the user may use with `perm`.

    `orgs` narrows the choice further (e.g. to the schools a campaign is open to). An ?org= outside
    the choice is a 404, so another school's id answers like a missing one; no choice at all gives None.
    """
    orgs = tenants_for(request.user, perm) if orgs is None else orgs
    wanted = request.GET.get("org") or request.POST.get("org")
    if wanted:
        org = next((o for o in orgs if str(o.pk) == wanted), None)
        if org is None:
            raise Http404
        return org, orgs
    return (orgs[0] if orgs else None), orgs


def member_tenant_ids(user: Any, perm: str | None = None, *, reach: str = "any") -> list[int]:
    """Return the ids of the schools/Departments where the user holds a position (no query: from the grants).

    With `perm`, keep those where that position grants it on the tenant itself (reach "own"), over the
    tenant's subtree ("subtree"), or either ("any").
    """
    out: list[int] = []
    for g in grants_for(user):
        if perm is not None:
            own, sub = perm in g.own, perm in g.subtree
            if not {"own": own, "subtree": sub, "any": own or sub}[reach]:
                continue
        if g.tenant_id not in out:
            out.append(g.tenant_id)
    return out


def member_tenants(user: Any, perm: str | None = None, *, reach: str = "any") -> list[Organisation]:
    """Return, in tree order, the schools/Departments of `member_tenant_ids`."""
    ids = member_tenant_ids(user, perm, reach=reach)
    return list(Organisation.objects.filter(id__in=ids).order_by("path")) if ids else []
