"""lazy_module: a module named at the top of another runs on first use, and a web worker's start loads no
document library (python-docx, fpdf2, matplotlib, openpyxl, pypdf, Pillow, lxml, fontTools), nor NumPy, nor the
`holidays` package, nor boto3 when the files are on disk (docs/performance.md, workers' memory)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from danvan.lib.lazy import LazyModule, lazy_module

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("docx", "fpdf", "matplotlib", "openpyxl", "pypdf", "boto3", "PIL", "numpy", "lxml", "fontTools", "holidays")

WORKER_START = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
import django
django.setup()
import danvan.urls  # what a web worker loads before its first request
from django.urls import resolve
resolve("/")
from danvan.reports import tables  # what a report page shows: its statistical tables
shown = [[tables.fmt(v) for v in row] for _t, _h, rows in tables.stat_tables({{"tasks": {{"total": 3, "done": 1}}}})
         for row in rows]
before = sorted(m for m in {heavy} if m in sys.modules)
from danvan.lib import nd30
doc = nd30.OfficialDocument(issuer="TRƯỜNG THPT THỬ", doc_type="KẾ HOẠCH", title="Thử", place="Hải Phòng",
                            signer_position="HIỆU TRƯỞNG", signer_name="Nguyễn Văn A")
data = nd30.build_docx(doc)
print(json.dumps({{"before": before, "after": sorted(m for m in {heavy} if m in sys.modules),
                   "docx": data[:2].decode(), "shown": shown}}))
"""


def test_it_runs_the_module_only_when_an_attribute_is_first_read(tmp_path, monkeypatch):
    (tmp_path / "danvan_lazy_probe.py").write_text(
        "import sys\nsys.danvan_lazy_probe_runs = getattr(sys, 'danvan_lazy_probe_runs', 0) + 1\nANSWER = 42\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "danvan_lazy_probe", raising=False)
    probe = lazy_module("danvan_lazy_probe")
    assert isinstance(probe, LazyModule) and "danvan_lazy_probe" not in sys.modules
    assert probe.ANSWER == 42 and probe.ANSWER == 42
    assert sys.danvan_lazy_probe_runs == 1  # type: ignore[attr-defined]
    monkeypatch.delattr(sys, "danvan_lazy_probe_runs")
    monkeypatch.delitem(sys.modules, "danvan_lazy_probe")


def test_a_web_worker_starts_without_the_document_libraries_and_loads_them_for_a_document():
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    env.pop("DANVAN_STORAGE", None)  # files on disk: object storage's client has no business loading
    done = subprocess.run(
        [sys.executable, "-c", WORKER_START.format(heavy=HEAVY)],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    assert seen["before"] == []
    assert seen["shown"]  # the tables were built, without an export library
    assert "docx" in seen["after"] and seen["docx"] == "PK"


CALENDAR = """
import datetime as dt, json, os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "danvan.settings"
import django
django.setup()
from danvan.workdays.engine import WorkCalendar
from danvan.workdays.services import calendar_span, package_calendar
first, last = calendar_span()
pkg = package_calendar(first, last)
calendar = WorkCalendar(first_year=first, last_year=last, days_off=pkg.days_off, working_days=pkg.working_days)
due = calendar.add_working_days(dt.date(2026, 8, 28), 7)  # across the 2/9 holidays
print(json.dumps({"due": due.isoformat(), "loaded": sorted(m for m in ("holidays", "numpy") if m in sys.modules)}))
"""


def test_a_worker_reads_vietnams_holidays_from_the_shared_cache_without_the_package_or_numpy(tmp_path):
    env = {**os.environ, "PYTHONPATH": str(REPO), "DANVAN_DATA_DIR": str(tmp_path), "DANVAN_CACHE": "file"}
    env.update({"DEBUG": "1", "SECRET_KEY": "x" * 50})
    env.pop("DJANGO_SETTINGS_MODULE", None)
    runs = []
    for _process in ("fills the cache (as `danvan serve` does)", "a web worker after it"):
        done = subprocess.run(
            [sys.executable, "-c", CALENDAR], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
        )
        assert done.returncode == 0, done.stderr[-3000:]
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    assert runs[0]["loaded"] == ["holidays"]
    assert runs[1] == {"due": runs[0]["due"], "loaded": []}
    assert runs[0]["due"] >= "2026-09-09"  # 8/9 without the National Day holidays
