from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document


def test_the_cli_writes_a_docx_for_a_period(school, tmp_path):
    out = tmp_path / "bc.docx"
    call_command(
        "report",
        "compile",
        "--org",
        "THPTNK",
        "--from",
        "15/12/2022",
        "--to",
        "2023-06-14",
        "--out",
        str(out),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "BÁO CÁO" in text and "15/12/2022" in text


def test_the_cli_compiles_an_obligation(obligation, tmp_path):
    out = tmp_path / "bc.docx"
    call_command(
        "report",
        "compile",
        "--org",
        "THPTNK",
        "--obligation",
        str(obligation.pk),
        "--out",
        str(out),
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert out.read_bytes()[:2] == b"PK"
    assert obligation.report_or_none.current_version.number == 1


@pytest.mark.parametrize(
    "args",
    [
        ["--org", "NOPE", "--from", "2023-01-01", "--to", "2023-06-14"],
        ["--org", "THPTNK"],
        ["--org", "THPTNK", "--from", "2023-01-01"],
        ["--org", "THPTNK", "--from", "31/02/2023", "--to", "2023-06-14"],
        ["--org", "THPTNK", "--from", "2023-06-14", "--to", "2023-01-01"],
        ["--org", "THPTNK", "--obligation", "abc"],
        ["--org", "THPTNK", "--obligation", "999999"],
        ["--org", "THPTNK", "--obligation", "1", "--from", "2023-01-01", "--to", "2023-06-14"],
    ],
)
def test_the_cli_rejects_bad_arguments_with_exit_code_2(school, tmp_path, args):
    with pytest.raises(CommandError) as exc:
        call_command("report", "compile", *args, "--out", str(tmp_path / "x.docx"), stdout=io.StringIO())
    assert exc.value.returncode == 2


def test_the_cli_rejects_an_unknown_extension(school, tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command(
            "report",
            "compile",
            "--org",
            "THPTNK",
            "--from",
            "2023-01-01",
            "--to",
            "2023-06-14",
            "--out",
            str(tmp_path / "x.txt"),
        )
    assert exc.value.returncode == 2


def test_refresh_marks_overdue_obligations_missing(obligation):
    type(obligation).objects.filter(pk=obligation.pk).update(status="not_started")  # as stored before the due day
    out = io.StringIO()
    call_command("report", "refresh", stdout=out)
    obligation.refresh_from_db()
    assert obligation.status == "missing"  # due 15/6/2023 has passed
    assert "Đã đánh dấu 1 báo cáo" in out.getvalue()
