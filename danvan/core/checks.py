"""System checks of the deployment (`danvan check --deploy`): what must be set before real data comes in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks


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
