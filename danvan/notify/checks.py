"""System checks of the SMS and Zalo OA configuration: a half-configured gateway fails loudly at start."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import checks
from django.utils.module_loading import import_string

from danvan.notify.backends import EsmsBackend

ESMS_SETTINGS = ("DANVAN_ESMS_URL", "DANVAN_ESMS_API_KEY", "DANVAN_ESMS_SECRET_KEY", "DANVAN_ESMS_BRANDNAME")
ZALO_SETTINGS = (
    "DANVAN_ZALO_APP_ID",
    "DANVAN_ZALO_APP_SECRET",
    "DANVAN_ZALO_OA_SECRET",
    "DANVAN_ZALO_ORGANISATION",
    "DANVAN_ZALO_API_URL",
    "DANVAN_ZALO_OAUTH_URL",
)


def _missing(names: tuple[str, ...]) -> list[str]:
    return [n for n in names if not getattr(settings, n, "")]


def _load(setting: str, errors: list[checks.CheckMessage], error_id: str) -> Any:
    path = getattr(settings, setting, "") or ""
    if not path:
        return None
    try:
        return import_string(path)
    except ImportError as exc:
        errors.append(checks.Error(f"{setting}={path!r} cannot be imported: {exc}", id=error_id))
        return None


@checks.register(checks.Tags.security)
def check_text_gateways(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Refuse an SMS or Zalo backend that lacks the credentials it needs (the first send would fail)."""
    errors: list[checks.CheckMessage] = []
    sms = _load("DANVAN_SMS_BACKEND", errors, "danvan.notify.E001")
    if sms is EsmsBackend and (missing := _missing(ESMS_SETTINGS)):
        errors.append(
            checks.Error(
                f"DANVAN_SMS_BACKEND is eSMS but {', '.join(missing)} is not set.",
                hint="Set the eSMS.vn API key, secret key and registered brandname, or leave DANVAN_SMS_BACKEND empty "
                "to turn SMS off.",
                id="danvan.notify.E002",
            )
        )
    zalo = _load("DANVAN_ZALO_BACKEND", errors, "danvan.notify.E003")
    if zalo is not None and getattr(zalo, "__name__", "") == "ZaloOABackend" and (missing := _missing(ZALO_SETTINGS)):
        errors.append(
            checks.Error(
                f"DANVAN_ZALO_BACKEND is the Zalo OA API but {', '.join(missing)} is not set.",
                hint="Set the app id and secret, the OA secret key (webhook signature), the code of the organisation "
                "whose OA it is, and a first refresh token (DANVAN_ZALO_REFRESH_TOKEN).",
                id="danvan.notify.E004",
            )
        )
    return errors
