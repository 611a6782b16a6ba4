"""lazy_module: a module named at the top of another runs on first use, and a web worker's start loads no
document library (python-docx, fpdf2, matplotlib, openpyxl, pypdf), nor boto3 when the files are on disk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from danvan.lib.lazy import LazyModule, lazy_module

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("docx", "fpdf", "matplotlib", "openpyxl", "pypdf", "boto3")

WORKER_START = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
import django
django.setup()
import danvan.urls  # what a web worker loads before its first request
from django.urls import resolve
resolve("/")
before = sorted(m for m in {heavy} if m in sys.modules)
from danvan.lib import nd30
doc = nd30.OfficialDocument(issuer="TRƯỜNG THPT THỬ", doc_type="KẾ HOẠCH", title="Thử", place="Hải Phòng",
                            signer_position="HIỆU TRƯỞNG", signer_name="Nguyễn Văn A")
data = nd30.build_docx(doc)
print(json.dumps({{"before": before, "after": sorted(m for m in {heavy} if m in sys.modules),
                   "docx": data[:2].decode()}}))
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
    assert "docx" in seen["after"] and seen["docx"] == "PK"
