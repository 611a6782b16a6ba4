"""`danvan plan parse`, `danvan deadline` and `danvan workdays` work right after `pip install`: from any directory,
with no environment and no database, on the rules and the calendar shipped in the package."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from danvan.workdays import services
from danvan.workdays.official import OFFICIAL_CHANGES

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "danvan" / "plans" / "data" / "demo_plan_2023.txt"


def run_bare(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    """Run `danvan ARGS` as a newcomer would: an empty directory, nothing in the environment but PATH and HOME
    (PYTHONPATH only stands in for `pip install`)."""
    cwd = tmp_path / "somewhere"
    cwd.mkdir(exist_ok=True)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "danvan.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


def assert_clean(result: subprocess.CompletedProcess, tmp_path: Path) -> None:
    assert "Traceback" not in result.stderr and "workdays_" not in result.stderr and "SECRET_KEY" not in result.stderr
    assert list((tmp_path / "somewhere").iterdir()) == []  # nothing written where the command was run


def test_deadline_answers_with_the_shipped_rules_and_calendar(tmp_path):
    result = run_bare(tmp_path, "deadline", "khieu-nai", "thu-ly", "--from", "2026-12-07", "--json")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    # 07 working days from 01/7/2026 (NĐ 124/2020 Điều 16(1) as amended by NĐ 155/2026 Điều 10).
    assert answer["due"] == "2026-12-16"
    assert "NĐ 155/2026" in answer["citation"] and answer["effective_from"] == "2026-07-01"
    assert "không có cơ sở dữ liệu" in result.stderr  # says which rules it used
    assert_clean(result, tmp_path)


def test_workdays_knows_tet_from_the_shipped_calendar(tmp_path):
    result = run_bare(tmp_path, "workdays", "list", "2026")
    assert result.returncode == 0, result.stderr
    assert "2026-02-16\tNghỉ Tết Nguyên đán Bính Ngọ" in result.stdout
    added = run_bare(tmp_path, "workdays", "add", "2026-02-13", "1")
    assert added.stdout.splitlines()[0] == "2026-02-23"  # Tết Bính Ngọ: 14–22/02/2026 off
    assert_clean(added, tmp_path)


def test_an_organisation_without_a_database_is_one_clear_sentence(tmp_path):
    result = run_bare(tmp_path, "deadline", "khieu-nai", "thu-ly", "--from", "2026-12-07", "--org", "THPTNK")
    assert result.returncode == 2
    assert "bỏ --org" in result.stderr
    assert_clean(result, tmp_path)


def test_plan_parse_needs_no_secret_and_no_database(tmp_path):
    result = run_bare(tmp_path, "plan", "parse", str(SEED))
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["title"] == "Thực hiện công tác dân vận năm 2023"
    assert_clean(result, tmp_path)


@pytest.mark.django_db
def test_the_shipped_calendar_and_rules_give_the_database_s_answers(settings):
    """The database is seeded from the same rules.py and official.py: both ways give the same due dates."""
    starts = [
        dt.date(2023, 1, 16),
        dt.date(2024, 4, 25),
        dt.date(2025, 1, 20),
        dt.date(2026, 2, 10),
        dt.date(2026, 8, 28),
        dt.date(2026, 12, 7),
    ]
    steps = [("khieu-nai", "thu-ly"), ("khieu-nai", "giai-quyet"), ("to-cao", "giai-quyet")]

    def answers() -> list:
        services.invalidate()
        return [
            (services.compute_deadline(kind, step, start).due, services.days_off(start.year))
            for start in starts
            for kind, step in steps
        ]

    from_database = answers()
    settings.DANVAN_SHIPPED_CALENDAR = True
    try:
        assert answers() == from_database
        assert services.load_rules() and len(OFFICIAL_CHANGES) > 10
    finally:
        settings.DANVAN_SHIPPED_CALENDAR = False
        services.invalidate()
