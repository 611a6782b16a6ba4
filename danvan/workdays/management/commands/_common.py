"""Shared argument parsing for the workdays and deadline commands."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandError

from danvan.workdays import services


def fail(message: Any) -> CommandError:
    """Return the error every bad input raises: a Vietnamese message and exit code 2."""
    return CommandError(str(message), returncode=2)


def organisation(code: str | None) -> Any:
    """Return the organisation named by --org, or None for the national calendar."""
    if not code:
        return None
    try:
        return services.find_organisation(code)
    except services.WorkdaysError as exc:
        raise fail(exc.message) from exc


def date_arg(text: str) -> Any:
    """Return a parsed date or raise the command error."""
    try:
        return services.parse_date(text)
    except services.WorkdaysError as exc:
        raise fail(exc.message) from exc


def int_arg(text: str, what: str) -> int:
    """Return an integer argument or raise the command error."""
    try:
        return int(text)
    except (TypeError, ValueError):
        raise fail(f"{what} phải là số nguyên: “{text}”.") from None
