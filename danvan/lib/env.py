"""Read typed settings from the environment, failing with one clear sentence."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from dj_database_url import DBConfig

import dj_database_url


class ConfigError(Exception):
    """A configuration value from the environment is unusable."""


def env_str(name: str, default: str = "") -> str:
    """Return the variable as a stripped string, or the default."""
    value = os.environ.get(name)
    return default if value is None else value.strip()


def env_bool(name: str, default: bool = False) -> bool:
    """Return the variable as a boolean; accept 1/0, true/false, yes/no, on/off."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean (use 1/0, true/false, yes/no, on/off).")


def env_int(name: str, default: int) -> int:
    """Return the variable as an integer."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated variable as a list of non-empty items."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    """Return the variable as an absolute path."""
    raw = os.environ.get(name)
    return Path(raw).expanduser().resolve() if raw else default


def database_config(url: str, *, default_sqlite: Path) -> DBConfig:
    """Turn DATABASE_URL into a Django DATABASES entry, rejecting malformed values."""
    if not url:
        default_sqlite.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # holds the database and keys
        url = f"sqlite:///{default_sqlite}"
    scheme = url.split("://", 1)[0] if "://" in url else ""
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql", "postgis"}:
        raise ConfigError(
            f"DATABASE_URL={url!r} is not understood: use sqlite:///path/to/file.sqlite3 "
            "or postgres://user:password@host:5432/database."
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60 if scheme != "sqlite" else 0)
    except Exception as exc:  # dj-database-url raises several exception types
        raise ConfigError(f"DATABASE_URL={url!r} is malformed: {exc}.") from None
    if scheme != "sqlite" and not config.get("NAME"):
        raise ConfigError(f"DATABASE_URL={url!r} names no database (add /database_name at the end).")
    if scheme == "sqlite":
        config.setdefault("OPTIONS", {})
        # WAL and a busy timeout let the web server and the worker share one file.
        config["OPTIONS"].update({"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"})
        config["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    return config


def secret_key(data_dir: Path, *, debug: bool) -> str:
    """Return SECRET_KEY from the environment, or (demo/debug only) a generated key kept under the data dir."""
    value = env_str("SECRET_KEY")
    if value:
        return value
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if not debug:
        raise ConfigError("SECRET_KEY is not set: set it to a long random string (production needs one).")
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    key_file.write_text(value)
    key_file.chmod(0o600)
    return value
