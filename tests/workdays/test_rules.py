from __future__ import annotations

import datetime as dt

import pytest

from danvan.workdays import services
from danvan.workdays.models import DeadlineRule
from danvan.workdays.rules import (
    AMENDMENT_2026,
    AMENDMENT_NOTE,
    L136_NOTE,
    RULES,
    RuleRow,
    default_rules,
    select_rule,
    variant_candidates,
)

from .helpers import d, national

# From Thursday 25/01/2024 every period below runs into or past Tết 2024 (08–14/02/2024, TB 5015/TB-LĐTBXH).
START = d("2024-01-25")
EXPECTED = {
    ("working", 3): d("2024-01-30"),
    ("working", 5): d("2024-02-01"),
    ("working", 7): d("2024-02-05"),
    ("working", 10): d("2024-02-15"),  # 9 working days before Tết, the 10th after it
    ("calendar", 5): d("2024-01-30"),  # the dialogue notice (NĐ 124/2020 Điều 28(1) as amended by NĐ 155/2026)
    ("calendar", 7): d("2024-02-01"),
    ("calendar", 10): d("2024-02-05"),  # Sunday 04/02 → Monday
    ("calendar", 15): d("2024-02-15"),  # Friday 09/02 is Tết → first working day after it
    ("calendar", 20): d("2024-02-15"),  # Wednesday 14/02 is a compensatory day off
    ("calendar", 30): d("2024-02-26"),  # Saturday 24/02 → Monday
    ("calendar", 45): d("2024-03-11"),  # Sunday 10/03 (leap year) → Monday
    ("calendar", 60): d("2024-03-25"),
    ("calendar", 70): d("2024-04-04"),
    ("calendar", 90): d("2024-04-24"),
}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.kind}/{r.step}/{r.variant}")
def test_every_rule_gives_the_expected_due_date_across_tet_2024(rule):
    assert national().due_date(START, rule.amount, rule.unit) == EXPECTED[(rule.unit, rule.amount)]


def _pick(kind, step, on=START, **flags):
    return select_rule(default_rules(), kind, step, on, **flags)


@pytest.mark.parametrize(
    ("kind", "step", "flags", "amount", "unit", "article"),
    [
        ("khieu-nai", "thu-ly", {}, 10, "working", "Điều 27"),
        ("khieu-nai", "giai-quyet", {}, 30, "calendar", "Điều 28"),
        ("khieu-nai", "giai-quyet", {"complex": True}, 45, "calendar", "Điều 28"),
        ("khieu-nai", "giai-quyet", {"remote": True}, 45, "calendar", "Điều 28"),
        ("khieu-nai", "giai-quyet", {"remote": True, "complex": True}, 60, "calendar", "Điều 28"),
        ("khieu-nai", "gui-quyet-dinh", {}, 3, "working", "Điều 32"),
        ("khieu-nai", "thoi-hieu", {}, 90, "calendar", "Điều 9"),
        ("khieu-nai-lan-2", "thu-ly", {}, 10, "calendar", "Điều 36"),
        ("khieu-nai-lan-2", "giai-quyet", {}, 45, "calendar", "Điều 37"),
        ("khieu-nai-lan-2", "giai-quyet", {"complex": True}, 60, "calendar", "Điều 37"),
        ("khieu-nai-lan-2", "giai-quyet", {"remote": True}, 60, "calendar", "Điều 37"),
        ("khieu-nai-lan-2", "giai-quyet", {"remote": True, "complex": True}, 70, "calendar", "Điều 37"),
        ("khieu-nai-lan-2", "gui-quyet-dinh", {}, 7, "calendar", "Điều 41"),
        ("to-cao", "xu-ly", {}, 7, "working", "Điều 24"),
        ("to-cao", "xu-ly", {"complex": True}, 10, "working", "Điều 24"),
        ("to-cao", "chuyen-don", {}, 5, "working", "Điều 24"),
        ("to-cao", "thong-bao", {}, 5, "working", "Điều 29"),
        ("to-cao", "giai-quyet", {}, 30, "calendar", "Điều 30"),
        ("to-cao", "giai-quyet", {"complex": True}, 60, "calendar", "Điều 30"),
        ("to-cao", "giai-quyet", {"very_complex": True}, 90, "calendar", "Điều 30"),
        ("to-cao", "giai-quyet", {"remote": True, "complex": True}, 60, "calendar", "Điều 30"),
        ("to-cao", "gui-ket-luan", {}, 5, "working", "Điều 35"),
        ("tiep-cong-dan", "tra-loi", {}, 10, "working", "Điều 28"),
        ("kien-nghi", "tra-loi", {}, 10, "working", "Điều 28"),
        ("phan-anh", "tra-loi", {}, 10, "working", "Điều 28"),
        ("kien-nghi-bttnd", "tra-loi", {}, 15, "calendar", "Điều 63"),
    ],
)
def test_the_table_holds_the_statutory_figures(kind, step, flags, amount, unit, article):
    rule = _pick(kind, step, **flags)
    assert (rule.amount, rule.unit) == (amount, unit)
    assert article in rule.citation
    assert rule.confirmed


def test_a_flag_without_its_own_variant_falls_back_to_the_ordinary_rule():
    assert _pick("khieu-nai", "thu-ly", remote=True, complex=True).variant == "thuong"


def test_very_complex_implies_complex():
    assert variant_candidates(very_complex=True) == ["dac-biet-phuc-tap", "phuc-tap", "thuong"]


@pytest.mark.parametrize("kind", ["khieu-nai", "khieu-nai-lan-2", "khieu-nai-ky-luat"])
def test_complaints_received_from_1_july_2026_are_accepted_within_7_working_days(kind):
    before = _pick(kind, "thu-ly", on=dt.date(2026, 6, 30))
    after = _pick(kind, "thu-ly", on=AMENDMENT_2026)
    assert before.amount == 10 and before.effective_from < AMENDMENT_2026
    assert (after.amount, after.unit, after.effective_from, after.confirmed) == (7, "working", AMENDMENT_2026, True)
    assert "NĐ 155/2026/NĐ-CP, Điều 10" in after.citation and "Điều 16(1)" in after.citation


def test_a_period_no_2026_text_changes_keeps_its_version_with_a_note_instead_of_a_copy():
    before = _pick("khieu-nai", "giai-quyet", on=dt.date(2026, 6, 30))
    after = _pick("khieu-nai", "giai-quyet", on=AMENDMENT_2026)
    assert after == before and after.confirmed and after.effective_from == dt.date(2012, 7, 1)
    assert L136_NOTE in after.note and "136/2025/QH15" in after.note


def test_only_texts_that_change_a_figure_add_a_version_dated_1_july_2026():
    dated_2026 = {(r.kind, r.step) for r in default_rules() if r.effective_from == AMENDMENT_2026}
    assert {("khieu-nai", "thu-ly"), ("khieu-nai-lan-2", "thu-ly"), ("khieu-nai-ky-luat", "thu-ly")} <= dated_2026
    assert all(r.note != AMENDMENT_NOTE for r in default_rules())
    for row in default_rules():
        if row.effective_from == AMENDMENT_2026:
            assert "2026" in row.citation, row  # every 2026 version names its 2026 text


def test_a_row_appended_with_amended_by_2026_false_gets_no_note():
    row = RuleRow("to-cao", "cong-khai-thu", "thuong", 7, "working", "thử", dt.date(2019, 1, 1), amended_by_2026=False)
    assert row.note == "" and row.key == ("to-cao", "cong-khai-thu", "thuong", dt.date(2019, 1, 1))


def test_the_bttnd_rule_is_not_touched_by_the_2026_amendment():
    assert _pick("kien-nghi-bttnd", "tra-loi", on=dt.date(2026, 8, 1)).confirmed


def test_no_rule_before_the_law_took_effect():
    assert _pick("to-cao", "giai-quyet", on=dt.date(2018, 12, 31)) is None


# ------------------------------------------------------------------ the seeded table and the service


@pytest.mark.django_db
def test_the_migration_seeds_every_default_rule():
    stored = {r.as_row().key for r in DeadlineRule.objects.all()}
    assert stored == {r.key for r in default_rules()}


@pytest.mark.django_db
def test_compute_deadline_uses_the_seeded_rule_and_the_calendar():
    result = services.compute_deadline("khieu-nai", "giai-quyet", d("2024-01-12"))
    assert result.due == d("2024-02-15")  # 30 days end Sunday 11/02 in Tết → Thursday 15/02
    assert result.rule.citation == "Luật Khiếu nại 2011, Điều 28"
    assert result.as_dict()["due"] == "2024-02-15"


@pytest.mark.django_db
def test_an_administrator_adds_a_new_version_without_a_code_change():
    DeadlineRule.objects.create(
        kind="to-cao",
        step="giai-quyet",
        variant="thuong",
        amount=20,
        unit="working",
        citation="Nghị định giả định cho kiểm thử",
        effective_from=dt.date(2026, 9, 1),
        confirmed=True,
    )
    old = services.compute_deadline("to-cao", "giai-quyet", d("2026-08-31"))
    new = services.compute_deadline("to-cao", "giai-quyet", d("2026-09-01"))
    assert (old.rule.amount, old.rule.unit, old.rule.confirmed) == (30, "calendar", True)
    assert (new.rule.amount, new.rule.unit, new.rule.confirmed) == (20, "working", True)


@pytest.mark.django_db
def test_saving_a_rule_in_the_admin_takes_effect_at_once():
    rule = DeadlineRule.objects.get(kind="kien-nghi-bttnd", step="tra-loi", variant="thuong")
    assert services.compute_deadline("kien-nghi-bttnd", "tra-loi", START).due == d("2024-02-15")
    rule.amount = 7
    rule.save()
    assert services.compute_deadline("kien-nghi-bttnd", "tra-loi", START).due == d("2024-02-01")


@pytest.mark.django_db
def test_an_unknown_step_for_a_kind_is_a_clear_error():
    with pytest.raises(services.WorkdaysError, match="Các bước có thời hạn"):
        services.compute_deadline("tiep-cong-dan", "giai-quyet", START)
