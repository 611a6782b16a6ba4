"""GET /me: who is calling, their positions and permissions."""

# No `from __future__ import annotations` here: django-ninja reads these signatures at runtime, and
# @paginate re-wraps them in a module that cannot resolve our names from strings.

from typing import Any

from django.http import HttpRequest
from ninja import Router

from danvan.api.schemas import MeOut
from danvan.core.scoping import perms_anywhere
from danvan.org.models import Membership

router = Router(tags=["Tài khoản"])


@router.get("/me", response=MeOut, summary="Người dùng hiện tại")
def me(request: HttpRequest) -> dict[str, Any]:
    """Trả về người dùng đang gọi API, các chức vụ đang giữ và các quyền."""
    user = request.user
    memberships = (
        Membership.objects.active()
        .filter(person__user=user)
        .select_related("organisation", "organisation__tenant")
        .order_by("organisation__path", "position")
    )
    positions = []
    for m in memberships:
        tenant = m.organisation.tenant or m.organisation
        positions.append(
            {
                "organisation": {"id": m.organisation.pk, "name": m.organisation.name},
                "tenant": {"id": tenant.pk, "name": tenant.name},
                "position": m.position,
                "position_label": str(m.get_position_display()),
                "title": m.title,
                "start": m.start,
                "end": m.end,
            }
        )
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.get_full_name() or str(user),
        "email": user.email,
        "positions": positions,
        "permissions": sorted(perms_anywhere(user)),
        "auth": "token" if getattr(request, "api_token", None) is not None else "session",
    }
