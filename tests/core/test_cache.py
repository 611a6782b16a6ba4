"""The embedded file cache: shared by processes, culled without listing the directory on every write."""

from __future__ import annotations

from danvan.core.cache import FileCache


def _cache(path, **options):
    return FileCache(str(path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2, **options}})


def test_two_cache_objects_on_one_directory_share_entries(tmp_path):
    one, two = _cache(tmp_path), _cache(tmp_path)  # as two web worker processes
    one.set("antispam:submit:203.0.113.9", {"3600:1": 4}, 60)
    assert two.get("antispam:submit:203.0.113.9") == {"3600:1": 4}


def test_writes_within_a_minute_do_not_list_the_directory(tmp_path, monkeypatch):
    cache = _cache(tmp_path)
    listings = []
    original = FileCache._list_cache_files
    monkeypatch.setattr(FileCache, "_list_cache_files", lambda self: listings.append(1) or original(self))
    for i in range(30):
        cache.set(f"k{i}", i, 60)
    assert len(listings) == 1  # the first write culls (and lists); the next 29 do not


def test_it_still_culls_down_to_the_limit_once_the_interval_has_passed(tmp_path):
    cache = _cache(tmp_path)
    for i in range(30):
        cache.set(f"k{i}", i, 60)
    assert len(cache._list_cache_files()) == 30  # over the limit of 10 between two culls
    cache.cull_interval = 0
    cache.set("last", 1, 60)
    assert len(cache._list_cache_files()) == 16  # half of the 30 culled, then the new entry written
    assert cache.get("last") == 1
