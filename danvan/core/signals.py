"""Record create/change/delete of every AuditedModel automatically, with the changed values."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from danvan.core.audit import RECORDED_BY_CALLER, object_code, record
from danvan.core.audit import shown as _shown
from danvan.core.audit import snapshot as _snapshot
from danvan.core.models import AuditedModel


def _field_names(obj: models.Model, names: Any) -> set[str] | None:
    """Return the field names of `update_fields` (which may name a field or its attname), or None for all."""
    if not names:
        return None
    out = set()
    for name in names:
        try:
            out.add(obj._meta.get_field(name).name)
        except Exception:  # noqa: BLE001 - an attname ("organisation_id") is not a field name
            out |= {f.name for f in obj._meta.concrete_fields if f.attname == name}
    return out


def _creation_changes(obj: AuditedModel) -> dict[str, Any]:
    return {k: [None, _shown(obj, k, v)] for k, v in _snapshot(obj).items() if v not in (None, "", [], {})}


@receiver(pre_save)
def remember_previous_values(sender: type, instance: models.Model, raw: bool = False, **kwargs: Any) -> None:
    """Load the stored row before a change so the trail can show old → new."""
    if (
        raw
        or not isinstance(instance, AuditedModel)
        or instance.pk is None
        or instance._state.adding
        or getattr(instance, RECORDED_BY_CALLER, False)  # the service writes the entry (audit.save_recorded)
    ):
        return
    names = _field_names(instance, kwargs.get("update_fields"))
    if names is None and instance.get_deferred_fields():
        # A save of a partly loaded row writes only its loaded fields: compare those.
        names = {f.name for f in instance._meta.concrete_fields if f.attname not in instance.get_deferred_fields()}
    try:
        qs = type(instance)._base_manager.filter(pk=instance.pk)
        if names is not None:
            qs = qs.only(*names)
        previous = qs.get()
    except type(instance).DoesNotExist:
        return
    instance._audit_previous = _snapshot(previous, names)  # type: ignore[attr-defined]


@receiver(post_save)
def record_save(sender: type, instance: models.Model, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """Append a created/changed entry with the differences."""
    if raw or not isinstance(instance, AuditedModel):
        return
    if created:
        named = getattr(instance, "_audit_creation", ())
        if named is None:  # folded into the entry of the row it was created with (audit.name_creation)
            return
        code, message, actor, with_rows = named or (object_code(instance, "created"), "", None, ())
        changes = _creation_changes(instance)
        for row in with_rows:
            changes.update({f"{row._meta.model_name}.{k}": v for k, v in _creation_changes(row).items()})
        record(code, obj=instance, changes=changes, message=message, actor=actor)
        return
    if getattr(instance, RECORDED_BY_CALLER, False):
        return
    current = _snapshot(instance, _field_names(instance, kwargs.get("update_fields")))
    previous = getattr(instance, "_audit_previous", None)
    if hasattr(instance, "_audit_previous"):
        del instance._audit_previous
    keys = kwargs.get("update_fields") or current.keys()
    changes = {}
    for key in keys:
        if key not in current:
            continue
        old = previous.get(key) if previous is not None else None
        if previous is not None and old == current[key]:
            continue
        changes[key] = [_shown(instance, key, old), _shown(instance, key, current[key])]
    if changes:
        record(object_code(instance, "changed"), obj=instance, changes=changes)


@receiver(post_delete)
def record_delete(sender: type, instance: models.Model, **kwargs: Any) -> None:
    """Append a deleted entry keeping the last values."""
    if not isinstance(instance, AuditedModel):
        return
    record(
        object_code(instance, "deleted"),
        obj=instance,
        changes={k: [_shown(instance, k, v), None] for k, v in _snapshot(instance).items()},
    )
