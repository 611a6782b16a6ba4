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
    # One row of five values per membership, no model instances: this runs once for every signed-in request.
    rows = (
        Membership.objects.active()
        .filter(person__user=user)
        .values_list(
            "position", "organisation_id", "organisation__path", "organisation__tenant_id", "organisation__tenant__path"
        )
    )
    for position, org_id, org_path, tenant_id, tenant_path in rows:
        role = grant_for(position)
        if tenant_id is None:  # the membership is in a school or a Department itself
            result.append(Grant(org_id, org_path, role.own, role.subtree))
        else:
            result.append(Grant(tenant_id, tenant_path, role.own, role.subtree))
    return result
