"""The cached migrated test database is keyed on what decides its content, so it is never stale."""

from __future__ import annotations

from pathlib import Path

from tests import migrated_db_cache

REPO = Path(__file__).resolve().parents[2]


def test_the_key_covers_the_modules_a_data_migration_seeds_from():
    seed = (REPO / "danvan/workdays/migrations/0002_seed_rules_and_official_changes.py").read_text(encoding="utf-8")
    files = {path.relative_to(REPO).as_posix() for path in migrated_db_cache._imported_danvan_files(seed)}
    assert {"danvan/workdays/rules.py", "danvan/workdays/official.py"} <= files


def test_the_key_changes_when_a_seeded_module_changes(monkeypatch):
    before = migrated_db_cache.schema_key()
    rules = REPO / "danvan/workdays/rules.py"
    original = Path.read_bytes

    def edited(path: Path) -> bytes:
        data = original(path)
        return data + b"\n# edited\n" if path == rules else data

    monkeypatch.setattr(Path, "read_bytes", edited)
    assert migrated_db_cache.schema_key() != before


def test_the_cache_can_be_turned_off_or_moved(monkeypatch, tmp_path):
    monkeypatch.setenv("DANVAN_TEST_DB_CACHE", "0")
    assert migrated_db_cache.cache_dir() is None
    monkeypatch.setenv("DANVAN_TEST_DB_CACHE", str(tmp_path))
    assert migrated_db_cache.cache_dir() == tmp_path
