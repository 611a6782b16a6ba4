"""Read the permissions a user's positions give, from their active memberships in the organisation tree."""

from __future__ import annotations

from typing import Any

from danvan.core.permissions import all_permissions, grant_for
from danvan.core.scoping import Grant
from danvan.org.models import Membership, Organisation


def grants_from_memberships(user: Any) -> list[Grant]:
    """Return the grants of an active user: every root for a superuser, then one per active membership."""
    result: list[Grant] = []
    if user.is_superuser:
        every = all_permissions()
        for root in Organisation.objects.filter(parent__isnull=True).only("id", "path"):
            result.append(Grant(root.id, root.path, every, every))
    memberships = Membership.objects.active().filter(person__user=user).select_related("organisation__tenant")
    for m in memberships:
        tenant = m.organisation.tenant or m.organisation
        role = grant_for(m.position)
        result.append(Grant(tenant.id, tenant.path, role.own, role.subtree))
    return result
