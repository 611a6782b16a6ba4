"""Template helpers: the audit trail of an object, permission checks, Vietnamese dates."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model

from danvan.core.models import AuditEvent
from danvan.core.scoping import has_perm

register = template.Library()


@register.inclusion_tag("core/partials/audit_trail.html", takes_context=True)
def audit_trail(context: dict, obj: Model, limit: int = 200) -> dict[str, Any]:
    """Render the object's audit trail (newest first)."""
    return {"audit_events": list(AuditEvent.objects.for_object(obj)[:limit]), "request": context.get("request")}


@register.simple_tag(takes_context=True)
def can(context: dict, perm: str, organisation: Any = None) -> bool:
    """Return whether the current user holds `perm` (on the organisation, when given)."""
    request = context.get("request")
    return bool(request and has_perm(request.user, perm, organisation))
