"""Append entries to the audit trail and turn their dotted codes into Vietnamese sentences."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from danvan.core.context import current_actor
from danvan.core.events import register_events as register_events  # re-exported: apps register sentences here
from danvan.core.models import AuditedModel, AuditEvent
from danvan.core.readers import hidden_q as hidden_q  # re-exported: the hooks apps register here
from danvan.core.readers import register_hidden as register_hidden
from danvan.lib.fieldcrypt import EncryptedTextField

REDACTED = "[đã ẩn]"  # what the trail keeps instead of a protected value
SYSTEM = "Hệ thống"  # who the trail names when no person acted (the worker, a command without a user)

_DISPLAYS: list[Any] = []
_NAMERS: dict[str, Any] = {}


def register_namer(label: str, namer: Any) -> None:
    """Register `namer(obj) -> str`, how the trail names a referenced row of model `label` ("petitions.Petition")
    instead of str(obj): a petition's subject may carry its sender's name."""
    _NAMERS[label] = namer


def name_of(obj: Any) -> str:
    """Return how the trail names a referenced row."""
    namer = _NAMERS.get(obj._meta.label)
    return str(namer(obj)) if namer is not None else str(obj)


def register_display(display: Any) -> None:
    """Register `display(user, events) -> events`: what an app changes in its entries before a reader sees them.

    Petitions use it to mask the petitioner's identity in messages, object names and changed values, and to drop the
    looks at the identity for readers who may not see it (Luật Tố cáo 2018 Điều 47); the stored entries stay as they
    were (append-only).
    """
    if display not in _DISPLAYS:
        _DISPLAYS.append(display)


def for_display(user: Any, events: Any) -> list[Any]:
    """Return the entries as `user` may read them, through every registered display."""
    out = list(events)
    for display in _DISPLAYS:
        out = list(display(user, out))
    return out


# ---- How a structured (JSON) value reads in the trail

_VALUE_DISPLAYS: dict[str, Any] = {}
MAX_VALUE_TEXT = 300  # a whole plan section in a table cell helps nobody: the entry shows its start


def register_value_display(field: str, display: Any) -> None:
    """Register `display(value) -> str` for the JSON field `field` ("plans.Plan.sections"): how its recorded
    values read in the trail when the generic reading (`json_text`) would show the app's internal keys."""
    _VALUE_DISPLAYS[field] = display


def _number(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def json_text(value: Any) -> str:
    """Return a JSON value as a sentence fragment, never as Python's repr: "Tiêu chí 1: 14/20; Tiêu chí 2: 9"."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return str(_("Có") if value else _("Không"))
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, dict):
        if "name" in value and "score" in value:  # a criterion and its score (emulation's score sheets)
            score = json_text(value["score"])
            return (
                f"{value['name']}: {score}/{json_text(value['max'])}"
                if value.get("max")
                else f"{value['name']}: {score}"
            )
        return "; ".join(f"{key}: {json_text(item)}" for key, item in value.items())
    if isinstance(value, list):
        return "; ".join(json_text(item) for item in value)
    return str(value)


def value_text(field: models.Field[Any, Any] | None, value: dict[str, Any] | list[Any]) -> str:
    """Return how a recorded JSON value reads: the field's registered display, else `json_text`, shortened."""
    display = _VALUE_DISPLAYS.get(f"{field.model._meta.label}.{field.name}") if field is not None else None
    text = str(display(value)) if display is not None else json_text(value)
    return text if len(text) <= MAX_VALUE_TEXT else text[: MAX_VALUE_TEXT - 1].rstrip() + "…"


# ---------------------------------------------------------------- values as the trail writes them


def _value(obj: models.Model, field: models.Field[Any, Any]) -> Any:
    value = getattr(obj, field.attname)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return REDACTED
    if hasattr(value, "name") and isinstance(field, models.FileField):
        return value.name or ""
    return value


def snapshot(obj: AuditedModel, names: set[str] | None = None) -> dict[str, Any]:
    """Return the audited field values (raw for redacted fields: they are masked only on output).

    Only the fields named (a save's `update_fields`) and never a deferred field: reading one would cost a SELECT
    each (once ~50 per transition), and a save does not write the fields it did not load.
    """
    out = {}
    deferred = obj.get_deferred_fields()
    for field in obj._meta.concrete_fields:
        if (
            field.name in obj.audit_ignore
            or field.attname in deferred
            or (names is not None and field.name not in names)
        ):
            continue
        value = getattr(obj, field.attname) if is_redacted(obj, field.name) else _value(obj, field)
        out[field.name] = value
    return out


def shown(obj: AuditedModel, key: str, value: Any) -> Any:
    """Return the value as the trail shows it: "[đã ẩn]" for a protected field that holds something."""
    return REDACTED if value not in (None, "", b"") and is_redacted(obj, key) else value


# The attribute a service sets on an instance whose change it records itself (see `save_recorded`).
RECORDED_BY_CALLER = "_audit_recorded_by_caller"


def save_recorded(obj: models.Model, update_fields: Iterable[str]) -> None:
    """Save a change whose audit entry the caller writes itself (one event per business change).

    The automatic trail (core.signals) then neither reads the stored row (a SELECT) nor writes a second,
    anonymous "changed" entry (an INSERT): the caller's event already holds the values it changed.
    """
    setattr(obj, RECORDED_BY_CALLER, True)
    try:
        obj.save(update_fields=list(update_fields))
    finally:
        delattr(obj, RECORDED_BY_CALLER)


def save_and_record(
    obj: AuditedModel,
    update_fields: Iterable[str],
    code: str,
    *,
    before: dict[str, Any],
    actor: Any = None,
    message: str = "",
    changes: dict[str, Any] | None = None,
) -> Any:
    """Save `update_fields` and append the one entry `code` with old → new of each field that changed.

    `before` is `snapshot(obj)` taken before the caller changed the object: no query reads the old row, and no
    second "changed" entry repeats the business one. `changes` adds values the caller knows (a related row's).
    """
    update_fields = list(update_fields)
    save_recorded(obj, update_fields)
    after = snapshot(obj, set(update_fields))
    diff = {
        key: [shown(obj, key, before.get(key)), shown(obj, key, after[key])]
        for key in after
        if key in before and before[key] != after[key]
    }
    diff.update(changes or {})
    return record(code, obj=obj, actor=actor, changes=diff, message=message)


def record(
    code: str,
    *,
    obj: models.Model | None = None,
    organisation: Any = None,
    changes: dict[str, Any] | None = None,
    message: str = "",
    actor: Any = None,
    ip_address: str | None = None,
) -> Any:
    """Append one audit entry; the actor and address default to those of the running request."""

    ctx = current_actor()
    user = actor if actor is not None else ctx.user
    if user is not None and not getattr(user, "is_authenticated", False):
        user = None
    organisation_id = None
    if organisation is None and obj is not None and hasattr(obj, "audit_organisation"):
        if type(obj).audit_organisation is AuditedModel.audit_organisation and hasattr(obj, "organisation_id"):
            organisation_id = obj.organisation_id  # the default (the row's own tenant): no SELECT of it
        else:
            organisation = obj.audit_organisation()
    if organisation is not None:
        organisation_id = getattr(organisation, "pk", None)
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False) if obj is not None else None
    return AuditEvent.objects.create(
        actor=user,
        # Stored in the records' language (Vietnamese), whatever language the request is read in.
        actor_repr=(str(user) if user is not None else (ctx.label or SYSTEM))[:200],
        ip_address=ip_address or ctx.ip_address,
        organisation_id=organisation_id,
        content_type=content_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=object_repr(obj)[:300],
        code=code,
        changes=changes or {},
        message=message,
    )


def object_repr(obj: models.Model | None) -> str:
    """Return how the trail names an object: its `audit_repr()` when it has one (a petition's code, never its
    subject, which may quote the letter), else its text."""
    if obj is None:
        return ""
    audit_repr = getattr(obj, "audit_repr", None)
    return str(audit_repr() if callable(audit_repr) else obj)


def is_redacted(obj: models.Model, key: str) -> bool:
    """Tell whether a field's values stay out of the trail: listed in the model's `audit_redact`, or encrypted at
    rest (what the table keeps only as ciphertext, the trail must not keep in clear)."""
    if key in getattr(obj, "audit_redact", ()):
        return True
    return _is_encrypted(type(obj), key)


@lru_cache(maxsize=4096)
def _is_encrypted(model: type[models.Model], key: str) -> bool:
    """Tell whether the model's field `key` is encrypted at rest (asked for every field of every audited save)."""
    try:
        return isinstance(model._meta.get_field(key), EncryptedTextField)
    except FieldDoesNotExist:
        return False


def name_creation(
    obj: models.Model, code: str, *, message: str = "", actor: Any = None, with_rows: tuple[models.Model, ...] = ()
) -> None:
    """Have the automatic "created" entry of `obj`, saved next, recorded as `code` with `message`.

    A service that creates a row for a business reason ("tiếp nhận đơn") gets one entry that says why and
    holds the new values, instead of a generic "tạo mới" followed by a second entry with the reason.
    `with_rows` are rows created in the same step and saved right after `obj` (the petitioner's identity of
    a new petition): their values join this entry, under "<model>.<field>" and redacted as their model
    says, and they get no entry of their own.
    """
    obj._audit_creation = (code, message, actor, tuple(with_rows))  # type: ignore[attr-defined]
    for row in with_rows:
        row._audit_creation = None  # type: ignore[attr-defined]


def fold_creation(obj: models.Model) -> None:
    """Give `obj`, saved next, no "created" entry of its own: the caller's step entry tells its creation."""
    obj._audit_creation = None  # type: ignore[attr-defined]


def object_code(obj: models.Model, verb: str) -> str:
    """Return the dotted code `<app>.<model>.<verb>` for an object."""
    return f"{obj._meta.app_label}.{obj._meta.model_name}.{verb}"
