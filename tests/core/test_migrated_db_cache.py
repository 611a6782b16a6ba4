"""The test database: the cached migrated copy is keyed on what decides its content, so it is never stale; one
worker builds it; transactional tests start from the migrated database; a snapshot is loaded once."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from danvan.org.choices import OrgKind
from danvan.org.models import Organisation
from danvan.workdays.models import DeadlineRule
from tests import db_snapshot, migrated_db_cache
from tests.db_snapshot import DatabaseSnapshot

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


def test_a_worker_waits_while_another_builds_the_cache(tmp_path):
    """Two xdist workers of a fresh clone: the second takes the lock only once the first let it go."""
    lock = tmp_path / "migrated.lock"
    events: list[str] = []
    first_holds = threading.Event()

    def first() -> None:
        with migrated_db_cache._exclusive(lock):
            events.append("first in")
            first_holds.set()
            time.sleep(0.3)
            events.append("first out")

    def second() -> None:
        first_holds.wait()
        with migrated_db_cache._exclusive(lock):
            events.append("second in")

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert events == ["first in", "first out", "second in"]


# The two tests below run in this order in one process: the first leaves rows behind, the second must not see them.


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_may_write_what_it_likes():
    DeadlineRule.objects.all().delete()
    Organisation.objects.create(name="Trường để xoá", code="XOA", kind=OrgKind.SCHOOL)


@pytest.mark.django_db(transaction=True)
def test_the_next_transactional_test_starts_from_the_migrated_database():
    assert not Organisation.objects.filter(code="XOA").exists()
    assert DeadlineRule.objects.filter(kind="khieu-nai", step="thu-ly").exists()  # seeded by a data migration


@pytest.mark.django_db(transaction=True)
def test_a_snapshot_gives_each_test_the_loaded_rows_without_loading_again():
    if not db_snapshot.can_copy(connection):
        pytest.skip("the copy is made on SQLite only; PostgreSQL runs the loader again after each flush")
    snapshot = DatabaseSnapshot()
    loads: list[int] = []

    def loader() -> None:
        loads.append(1)
        Organisation.objects.create(name="Trường mẫu", code="MAU", kind=OrgKind.SCHOOL)

    try:
        snapshot.load(loader)
        Organisation.objects.filter(code="MAU").update(name="Đã sửa")  # what one test changes …
        Organisation.objects.create(name="Thêm", code="THEM", kind=OrgKind.SCHOOL)
        snapshot.load(loader)  # … the next one does not see
        assert Organisation.objects.get(code="MAU").name == "Trường mẫu"
        assert not Organisation.objects.filter(code="THEM").exists()
        assert loads == [1]
    finally:
        snapshot.close()
