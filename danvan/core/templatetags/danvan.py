"""Template helpers: the audit trail of an object, permission checks, Vietnamese dates."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from django import template
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Model
from django.template import Context
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.audit import REDACTED
from danvan.core.models import AuditEvent
from danvan.core.scoping import has_perm

register = template.Library()


@register.inclusion_tag("core/partials/audit_trail.html", takes_context=True)
def audit_trail(context: Context, obj: Model, limit: int = 200) -> dict[str, Any]:
    """Render the object's audit trail (newest first); the IP addresses only for readers holding audit.view."""
    request = context.get("request")
    events = list(AuditEvent.objects.for_object(obj)[:limit])
    organisation = obj if obj._meta.label == "org.Organisation" else getattr(obj, "organisation", None)
    if not (request and has_perm(request.user, "audit.view", organisation)):
        for event in events:  # an address is personal data: not for every teacher who can read the plan
            event.ip_address = None
    if request is not None:
        events = audit.for_display(request.user, events)
    return {"audit_events": events, "request": request}


@register.simple_tag(takes_context=True)
def can(context: Context, perm: str, organisation: Any = None) -> bool:
    """Return whether the current user holds `perm` (on the organisation, when given)."""
    request = context.get("request")
    return bool(request and has_perm(request.user, perm, organisation))


# ---- audit trail: field labels and readable values instead of raw column names and codes

_HIDDEN_FIELDS = frozenset({"id"})


def _audit_field(model: type[Model] | None, name: str) -> models.Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a field renamed or removed since the event was written
        return None
    return field if isinstance(field, models.Field) else None


def _is_reference(field: models.Field[Any, Any] | None, value: Any) -> bool:
    return isinstance(field, models.ForeignKey) and isinstance(value, int | str) and value not in ("", REDACTED)


def _audit_value(field: models.Field[Any, Any] | None, value: Any, names: dict[tuple[Any, str], str]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(field, models.FileField):
        # A storage path carries the uploader's file name (a citizen's "don-to-cao-nguyen-van-a.pdf"): never shown.
        return _("[tệp đã lưu]")
    if _is_reference(field, value):
        # The trail keeps the id; the reader wants the name (of a school, a person) as it is now.
        return names.get((field.related_model, str(value)), f"#{value}")
    if isinstance(value, bool):
        return _("Có") if value else _("Không")
    if field is not None and field.choices and not isinstance(value, list | dict):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) and isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None:
            if timezone.is_aware(parsed):
                parsed = timezone.localtime(parsed)
            return parsed.strftime("%d/%m/%Y %H:%M")
    if isinstance(field, models.DateField) and isinstance(value, str):
        parsed_date = parse_date(value)
        if parsed_date is not None:
            return parsed_date.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, dict) or (isinstance(value, list) and any(isinstance(v, dict | list) for v in value)):
        return audit.value_text(field, value)  # a JSON field: its words, never Python's {'key': …}
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "—"
    return str(value)


def _row_model(model: type[Model] | None, model_name: str) -> type[Model] | None:
    if model is None:
        return None
    try:
        return apps.get_model(model._meta.app_label, model_name)
    except LookupError:
        return None


def _event_fields(event: AuditEvent) -> list[tuple[str, models.Field[Any, Any] | None, Any, Any]]:
    """Return (label, field, old, new) for each recorded change of an event."""
    model = ContentType.objects.get_for_id(event.content_type_id).model_class() if event.content_type_id else None
    out = []
    for name, pair in (event.changes or {}).items():
        if name in _HIDDEN_FIELDS:
            continue
        old, new = (pair[0], pair[1]) if isinstance(pair, list | tuple) and len(pair) == 2 else (None, pair)
        owner, _dot, field_name = name.rpartition(".")
        row_model = _row_model(model, owner) if owner else model  # "petitionidentity.phone": a row created with it
        field = _audit_field(row_model, field_name)
        label = capfirst(str(field.verbose_name)) if field is not None else name
        if owner and row_model is not None:
            label = f"{capfirst(str(row_model._meta.verbose_name))}: {label}"
        out.append((label, field, old, new))
    return out


@register.simple_tag
def audit_rows(events: Any) -> dict[int, list[tuple[str, str, str]]]:
    """Return {event id: (field label, old, new) rows} for a page of events: choice labels, dd/mm/yyyy dates,
    Có/Không, and the names of referenced rows (a school, a person), loaded in one query per model."""
    fields = {e.pk: _event_fields(e) for e in events}
    wanted: dict[Any, set[str]] = defaultdict(set)
    for rows in fields.values():
        for _label, field, old, new in rows:
            for value in (old, new):
                if _is_reference(field, value):
                    wanted[field.related_model].add(str(value))
    names: dict[tuple[Any, str], str] = {}
    for model, pks in wanted.items():
        valid = [pk for pk in pks if pk.isdigit()] if isinstance(model._meta.pk, models.AutoField) else list(pks)
        names.update({(model, str(obj.pk)): audit.name_of(obj) for obj in model._base_manager.filter(pk__in=valid)})
    return {
        pk: [(label, _audit_value(f, old, names), _audit_value(f, new, names)) for label, f, old, new in rows]
        for pk, rows in fields.items()
    }


@register.filter
def get_item(mapping: Mapping[Any, Any], key: Any) -> Any:
    """Return mapping[key] (or an empty list) in a template."""
    return mapping.get(key, [])
