"""Name audit codes in Vietnamese: the registry that turns `petitions.petition.accepted` into "thụ lý đơn".

It sits below both the audit trail (`danvan.core.audit` writes entries) and the models (`AuditEvent.sentence`
reads it), so neither imports the other for it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

_EVENTS: dict[str, Any] = {}

_GENERIC = {
    "created": _("tạo mới"),
    "changed": _("sửa đổi"),
    "deleted": _("xóa"),
}


def register_events(events: dict[str, Any]) -> None:
    """Register sentences for audit codes (`petitions.petition.accepted` → "thụ lý đơn")."""
    _EVENTS.update(events)


def describe(event: Any) -> str:
    """Return the sentence for an event: its registered text, or a generic one from the code's verb."""
    text = _EVENTS.get(event.code)
    if text is None:
        verb = event.code.rsplit(".", 1)[-1]
        text = _GENERIC.get(verb, event.code)
    return str(text)
