from __future__ import annotations

import pytest
from django.test import override_settings

from danvan import cli


def test_without_arguments_it_prints_the_commands(capsys):
    cli.main([])
    out = capsys.readouterr().out
    assert "danvan demo" in out and "danvan plan parse" in out


def test_static_files_are_collected_once_and_then_only_when_they_change(tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    with override_settings():
        assert cli.collectstatic_if_changed() is True
        assert (tmp_path / "static" / "staticfiles.json").exists()
        assert cli.collectstatic_if_changed() is False


@pytest.mark.parametrize("value", ["abc", "0", "70000"])
def test_a_bad_port_is_one_sentence(monkeypatch, capsys, value):
    monkeypatch.setenv("PORT", value)
    with pytest.raises(SystemExit) as exc:
        cli._port()
    assert exc.value.code == 1
    assert "PORT" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["WEB_CONCURRENCY", "WEB_THREADS"])
def test_a_mistyped_worker_count_is_one_sentence_before_anything_starts(monkeypatch, capsys, name):
    monkeypatch.setenv(name, "hai")
    with pytest.raises(SystemExit) as exc:
        cli.cmd_serve([])
    assert exc.value.code == 1
    err = capsys.readouterr().err
    assert f"{name}='hai' is not a whole number" in err and "Traceback" not in err
