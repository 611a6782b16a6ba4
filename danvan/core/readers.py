"""Who may not read which audit entries: the hooks apps register, read by `AuditEventQuerySet.visible_to`.

A module of its own, importing no model, so that both `core.models` (which reads the hooks) and `core.audit` (where
apps register them) import it at the top.
"""

from __future__ import annotations

from typing import Any

_HIDERS: list[Any] = []


def register_hidden(hider: Any) -> None:
    """Register `hider(user) -> Q | None`: entries matching the Q are kept from that user's reading of the trail.

    Petitions use it so that entries written before a denunciation was routed away from a school (about its head)
    are not read there afterwards; the entries themselves stay untouched (append-only).
    """
    if hider not in _HIDERS:
        _HIDERS.append(hider)


def hidden_q(user: Any) -> Any:
    """Return the Q of entries hidden from the user by the registered hiders (None when nothing is hidden)."""
    out = None
    for hider in _HIDERS:
        q = hider(user)
        if q is not None:
            out = q if out is None else out | q
    return out
