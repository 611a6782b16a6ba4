"""`danvan plan parse|import`: JSON on stdout without a database, storing with clear errors and exit codes."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from danvan.cli import main
from danvan.plans.models import Plan
from tests.conftest import SEED_PLAN

REPO = Path(__file__).resolve().parents[2]


def seed_path() -> Path:
    return SEED_PLAN


@pytest.mark.django_db
def test_parse_prints_json_and_makes_no_query(django_assert_num_queries):
    out = io.StringIO()
    with django_assert_num_queries(0):
        call_command("plan", "parse", str(seed_path()), stdout=out)
    data = json.loads(out.getvalue())
    assert data["year"] == 2023
    assert len(data["tasks"]) == 4
    assert "Nguyễn Khuyến" in out.getvalue()  # ensure_ascii=False: Vietnamese stays readable


def test_parse_works_with_an_unreachable_database(tmp_path):
    env = {
        **os.environ,
        "DATABASE_URL": "postgres://nobody:x@db.invalid:5432/nowhere",
        "DANVAN_DATA_DIR": str(tmp_path),
        "DEBUG": "1",
        "DJANGO_SETTINGS_MODULE": "danvan.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "danvan.cli", "plan", "parse", str(seed_path())],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["report_deadlines"][0]["due"] == "2023-06-15"


def test_parse_reports_an_unreadable_file_with_exit_code_1(tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("plan", "parse", str(tmp_path / "khong-co.txt"))
    assert exc.value.returncode == 1
    assert "khong-co.txt" in str(exc.value)


@pytest.mark.django_db
def test_import_stores_the_plan_and_prints_its_id(school):
    out = io.StringIO()
    call_command(
        "plan", "import", str(seed_path()), "--org", "THPTNK", "--create-unit", "Bộ phận giúp việc", stdout=out
    )
    plan = Plan.objects.get()
    lines = out.getvalue().splitlines()
    assert lines[0] == str(plan.pk)
    assert "4 nhiệm vụ" in lines[1]
    assert "2 hạn báo cáo" in lines[1]
    assert "Phó hiệu trưởng phụ trách" in lines[2]
    assert plan.organisation == school
    assert plan.source_file.read() == seed_path().read_bytes()


@pytest.mark.django_db
def test_import_refuses_an_unknown_organisation_with_exit_code_2(school):
    with pytest.raises(CommandError) as exc:
        call_command("plan", "import", str(seed_path()), "--org", "KHONGCO")
    assert exc.value.returncode == 2
    assert "KHONGCO" in str(exc.value)
    assert not Plan.objects.exists()


@pytest.mark.django_db
def test_import_reports_an_unreadable_file_with_exit_code_1(school, tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("plan", "import", str(tmp_path), "--org", "THPTNK")
    assert exc.value.returncode == 1


def test_bad_arguments_exit_with_code_2(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["plan", "import", "x.txt"])
    assert exit_.value.code == 2
    assert "--org" in capsys.readouterr().err
