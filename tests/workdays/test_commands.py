from __future__ import annotations

import datetime as dt
import json
import os
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from danvan.cli import main
from danvan.workdays import services
from danvan.workdays.models import WorkWeek

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


def test_add_prints_the_nth_working_day_first():
    lines = run("workdays", "add", "2024-02-07", "1")
    assert lines[0] == "2024-02-15"
    assert "15/02/2024" in lines[1]


def test_add_accepts_day_month_year_and_the_working_saturday():
    assert run("workdays", "add", "03/05/2024", "1")[0] == "2024-05-04"


def test_between_prints_the_count_first():
    assert run("workdays", "between", "2024-02-07", "2024-02-15")[0] == "1"
    assert (
        run("workdays", "between", "2024-01-01", "2024-12-31")[0] == "251"
    )  # 262 weekdays − 12 holidays + Saturday 04/05


def test_list_prints_the_count_then_one_tab_separated_line_per_day():
    lines = run("workdays", "list", "2024")
    assert lines[0] == "14"
    assert len(lines) == 15
    assert lines[1] == "2024-01-01\tTết Dương lịch"
    assert any(line.startswith("2024-04-29\t") for line in lines)


def test_check_says_whether_a_day_is_worked():
    assert run("workdays", "check", "2025-04-26")[0] == "lam-viec"
    assert run("workdays", "check", "2025-05-02")[0] == "nghi"


def test_deadline_prints_the_due_date_and_the_citation():
    lines = run("deadline", "khieu-nai", "thu-ly", "--from", "2024-01-25")
    assert lines[0] == "2024-02-15"
    assert any("Luật Khiếu nại 2011, Điều 27" in line for line in lines)


def test_deadline_flags_choose_the_variant():
    assert (
        run("deadline", "khieu-nai-lan-2", "giai-quyet", "--from", "25/01/2024", "--remote", "--complex")[0]
        == "2024-04-04"
    )
    assert run("deadline", "to-cao", "giai-quyet", "--from", "2024-01-25", "--very-complex")[0] == "2024-04-24"


def test_deadline_json_is_one_object_with_due_rule_and_citation():
    (line,) = run("deadline", "to-cao", "xu-ly", "--from", "2024-01-25", "--json")
    data = json.loads(line)
    assert data["due"] == "2024-02-05"
    assert data["rule"] == "7 ngày làm việc"
    assert data["citation"] == "Luật Tố cáo 2018, Điều 24(1)"


def test_a_period_no_2026_text_changes_stays_in_force_and_says_luat_136_was_not_read():
    lines = run("deadline", "tiep-cong-dan", "tra-loi", "--from", "2026-07-01")
    assert "Luật Tiếp công dân 2013, Điều 28(1)" in lines[2]
    assert "Áp dụng từ: 01/07/2014" == lines[3]  # the 2014 row, no unconfirmed 2026 copy
    assert any("136/2025/QH15" in line for line in lines)


# ------------------------------------------------------------------ done-when checks of the 2026 reform


def test_a_complaint_received_in_december_2026_is_accepted_within_7_working_days():
    assert run("deadline", "khieu-nai", "thu-ly", "--from", "2026-12-07")[0] == "2026-12-16"


def test_a_complaint_received_before_1_july_2026_keeps_10_working_days():
    assert run("deadline", "khieu-nai", "thu-ly", "--from", "2026-06-22")[0] == "2026-07-06"


def test_adding_a_working_day_to_new_years_eve_2025_skips_the_4_day_new_year_break():
    assert run("workdays", "add", "2025-12-31", "1")[0] == "2026-01-05"


def test_deadline_json_carries_the_citation_and_effective_date_of_the_2026_version():
    (line,) = run("deadline", "khieu-nai", "thu-ly", "--from", "2026-12-07", "--json")
    data = json.loads(line)
    assert (data["due"], data["amount"], data["unit"]) == ("2026-12-16", 7, "working")
    assert data["citation"] == "NĐ 124/2020/NĐ-CP, Điều 16(1), sửa đổi bởi NĐ 155/2026/NĐ-CP, Điều 10"
    assert data["effective_from"] == "2026-07-01" and data["confirmed"] is True


def test_deadline_json_before_the_reform_carries_the_2012_version():
    (line,) = run("deadline", "khieu-nai", "thu-ly", "--from", "2026-06-22", "--json")
    data = json.loads(line)
    assert (data["due"], data["amount"], data["effective_from"]) == ("2026-07-06", 10, "2012-07-01")
    assert "Điều 27" in data["citation"]


def test_recompute_recomputes_every_open_deadline_with_the_reason():
    seen = []
    services.register_deadline_source("probe", lambda ids, rng, reason="": seen.append((ids, rng, reason)) or 0)
    try:
        lines = run("workdays", "recompute", "--reason", "thử lý do")
    finally:
        services.unregister_deadline_source("probe")
    assert lines[0].isdigit() and "probe\t0" in lines
    assert seen == [(None, None, "thử lý do")]


def test_deadline_for_an_organisation_uses_its_calendar(school):
    WorkWeek.objects.create(organisation=school, rest_days="6")
    assert run("deadline", "to-cao", "chuyen-don", "--from", "2024-01-25", "--org", "THPTNK")[0] == "2024-01-31"


@pytest.mark.parametrize(
    "args",
    [
        ("deadline", "khieu-nai-lan-3", "thu-ly", "--from", "2024-01-25"),
        ("deadline", "khieu-nai", "ket-thuc", "--from", "2024-01-25"),
        ("deadline", "khieu-nai", "thu-ly", "--from", "31/02/2024"),
        ("deadline", "tiep-cong-dan", "giai-quyet", "--from", "2024-01-25"),
        ("deadline", "khieu-nai", "thu-ly", "--from", "2024-01-25", "--org", "KHONGCO"),
        ("workdays", "add", "2024-13-01", "1"),
        ("workdays", "add", "2024-01-01", "mười"),
        ("workdays", "nhan", "2024-01-01"),
        ("workdays", "list"),
    ],
)
def test_bad_input_is_a_vietnamese_error_with_exit_code_2(args):
    with pytest.raises(CommandError) as info:
        call_command(*args, stdout=StringIO())
    assert info.value.returncode == 2
    assert any(ch in str(info.value) for ch in "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ")


@pytest.mark.parametrize(
    "args",
    [
        ["deadline", "khong-co", "thu-ly", "--from", "2024-01-25"],
        ["deadline", "khieu-nai", "thu-ly", "--from", "hôm qua"],
    ],
)
def test_the_danvan_cli_exits_with_code_2_and_a_message_on_stderr(args, capsys, monkeypatch):
    # The entry point itself, in this process: a fresh process is what tests/core/test_offline_commands.py checks.
    for name in ("SECRET_KEY", "DANVAN_CACHE", "DATABASE_URL"):  # set by the offline preparation; put back after
        monkeypatch.setenv(name, os.environ.get(name, ""))
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert "không hợp lệ" in err


def test_warm_puts_the_package_days_in_the_shared_cache():
    cache.clear()
    lines = run("workdays", "warm")
    first, last = services.calendar_span()
    cached = services.package_calendar(first, last)  # now a cache hit
    assert int(lines[0]) == len(cached.days_off) > 100 and "bộ nhớ đệm" in lines[1]
    assert dt.date(first, 1, 1) in cached.days_off  # Tết Dương lịch of the first year
