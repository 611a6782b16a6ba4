"""Transition tables {(state, action): (target, permission)}: what a state allows, and applying one step."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import models, transaction

from danvan.core import audit
from danvan.core.models import AuditedModel
from danvan.core.scoping import has_perm

Table = Mapping[tuple[str, str], tuple[str, str]]


def allowed_actions(table: Table, state: str) -> list[str]:
    """Return the actions a transition table allows from a state, in table order."""
    return [action for (src, action) in table if src == state]


def permitted_actions(table: Table, state: str, user: Any, *organisations: Any) -> list[str]:
    """Return the actions allowed from `state` whose permission the user holds on one of the organisations."""
    return [
        action
        for (src, action), (_to, perm) in table.items()
        if src == state and any(has_perm(user, perm, o) for o in organisations if o is not None)
    ]


def apply_step(
    obj: models.Model,
    action: str,
    to: str,
    *,
    actor: Any,
    fields: Sequence[str] = (),
    message: str = "",
    state_field: str = "status",
) -> str:
    """Move `obj` to state `to`, saving `fields` too, and record "<app>.<model>.<action>" (old → new); return the old state.

    The caller has already looked the step up in its table and checked the permission; this is the
    shared save-and-audit half, in one transaction.
    """
    old: str = getattr(obj, state_field)
    # No savepoint of its own: a failure here fails the caller's transaction (or this one, when alone) anyway.
    with transaction.atomic(savepoint=False):
        setattr(obj, state_field, to)
        # The caller set `fields` already: their old values are not known here, so the entry gives their new
        # ones ([None, new]); the state's old → new is exact. One entry, no re-read of the row.
        audit.save_recorded(obj, [state_field, "updated_at", *fields])
        changes: dict[str, Any] = {state_field: [old, to]}
        if isinstance(obj, AuditedModel):
            changes |= {k: [None, audit.shown(obj, k, v)] for k, v in audit.snapshot(obj, set(fields)).items()}
        audit.record(
            f"{obj._meta.app_label}.{obj._meta.model_name}.{action}",
            obj=obj,
            actor=actor,
            changes=changes,
            message=message,
        )
    return old
