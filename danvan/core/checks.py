"""System checks: what must be set before real data comes in (`danvan check --deploy`), and that every permission
name the code uses is one an app registered (every start: `check`, `runserver`, `migrate`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core import checks
from django.urls import URLPattern, URLResolver, get_resolver

from danvan.core import permissions, registry


@checks.register(checks.Tags.security, deploy=True)
def check_field_keys(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse a deployment without DANVAN_FIELD_KEYS: the first denunciation's protected identity could not
    be encrypted, so it would fail (Luật Tố cáo 2018 Điều 47 requires the denouncer's identity kept secret)."""
    if getattr(settings, "DANVAN_FIELD_KEYS", None):
        return []
    return [
        checks.Error(
            "DANVAN_FIELD_KEYS is not set: protected identities (denouncers, complainants) cannot be encrypted, "
            "so the first petition with an identity would fail.",
            hint='Generate a key with `python -c "from cryptography.fernet import Fernet; '
            'print(Fernet.generate_key().decode())"` and set DANVAN_FIELD_KEYS to it (comma-separated, '
            "newest first, when rotating). Keep a copy: without it the encrypted data cannot be read.",
            id="danvan.security.E001",
        )
    ]


def url_permissions(resolver: URLResolver | None = None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Yield (route, permission) for every page of the URLconf behind `require_perm` (its `required_perm`)."""
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            yield from url_permissions(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            perm = getattr(entry.callback, "required_perm", None)
            if perm is not None:
                yield prefix + str(entry.pattern), perm


def used_permissions() -> Iterator[tuple[str, str]]:
    """Yield (where, permission) for every name the pages, navigation, panels, search kinds and roles use."""
    for route, perm in url_permissions():
        yield f"URL {route!r}", perm
    for item in registry.nav.items.values():
        if item.perm is not None:
            yield f"navigation entry {item.url_name!r}", item.perm
    for panel in registry.panels.panels.values():
        if panel.perm is not None:
            yield f"dashboard panel {panel.key!r}", panel.perm
    for provider in registry.search.providers.values():
        yield f"search kind {provider.key!r}", provider.perm
    for name in permissions.role_grant_names():
        yield "core.permissions role table", name


@checks.register()
def check_permission_names(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse a permission name no app registered: has_perm would answer "no" to everyone, silently."""
    return [
        checks.Error(
            f"Unknown permission {perm!r} used by {where}.",
            hint="Declare it in that app's permissions.py (core.permissions.register), or correct the name.",
            id="danvan.E010",
        )
        for where, perm in used_permissions()
        if perm not in permissions.registry
    ]
