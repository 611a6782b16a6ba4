from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from danvan.lib.env import ConfigError, database_config, env_bool

REPO = Path(__file__).resolve().parents[2]


def run_danvan(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update({"SECRET_KEY": "x" * 50, "DEBUG": "0", "ALLOWED_HOSTS": "localhost"}, **env)
    return subprocess.run(
        [sys.executable, "-m", "danvan.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=60,
    )


def test_a_malformed_database_url_is_one_clear_sentence():
    result = run_danvan("check", DATABASE_URL="mysql//nope")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_unreachable_database_is_one_clear_sentence():
    result = run_danvan("check", DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing")
    assert result.returncode != 0
    assert "cannot reach the database" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_secret_key_outside_debug_is_refused(tmp_path):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update({"DEBUG": "0", "DANVAN_DATA_DIR": str(tmp_path)})
    result = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "check"],
        capture_output=True,
        text=True,
        env=environment,
        cwd=REPO,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_deploy_is_clean_when_configured_for_production(tmp_path):
    result = run_danvan(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="k" * 30 + "Zq9!xY7#wV5$uT3%sR1^pO8&nM6*lK4(jH2)",
        ALLOWED_HOSTS="danvan.example.vn",
        DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3",
        DANVAN_DATA_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr


def test_booleans_are_parsed_strictly(monkeypatch):
    monkeypatch.setenv("X_FLAG", "yes")
    assert env_bool("X_FLAG") is True
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ConfigError):
        env_bool("X_FLAG")


def test_sqlite_is_the_default_database(tmp_path):
    config = database_config("", default_sqlite=tmp_path / "var" / "danvan.sqlite3")
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert (tmp_path / "var").is_dir()
