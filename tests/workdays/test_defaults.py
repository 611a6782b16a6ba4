"""Migration 0003: existing databases are synced with the shipped rule table and 2026 calendar."""

from __future__ import annotations

import datetime as dt
import importlib
from dataclasses import replace

import pytest
from django.apps import apps as django_apps

from danvan.core.models import AuditEvent
from danvan.workdays import defaults, rules, services
from danvan.workdays.defaults import sync_official_changes, sync_rules
from danvan.workdays.models import CalendarChange, DeadlineRule
from danvan.workdays.official import OFFICIAL_CHANGES, SUPERSEDED
from danvan.workdays.rules import AMENDMENT_2026, AMENDMENT_NOTE, L136_NOTE, RuleRow

pytestmark = pytest.mark.django_db
JULY_2026 = AMENDMENT_2026


def _store(row: RuleRow) -> None:
    DeadlineRule.objects.create(
        kind=row.kind,
        step=row.step,
        variant=row.variant,
        effective_from=row.effective_from,
        amount=row.amount,
        unit=row.unit,
        citation=row.citation,
        confirmed=row.confirmed,
        note=row.note,
    )


@pytest.fixture(autouse=True)
def no_pending_recompute():
    """A sync run here must not leave a recompute for the next flush's post_migrate."""
    defaults.pending_recompute.clear()
    yield
    defaults.pending_recompute.clear()


@pytest.fixture
def old_release_database():
    """Put the tables back as the release before the 2026 texts seeded them."""
    DeadlineRule.objects.all().delete()
    for row in rules.RULES:
        if row.effective_from >= JULY_2026:
            continue
        _store(row)
        if row.amended_by_2026:
            _store(replace(row, effective_from=JULY_2026, confirmed=False, note=AMENDMENT_NOTE))
    CalendarChange.objects.filter(date__year=2026).delete()
    for change in SUPERSEDED:
        CalendarChange.objects.create(
            date=change.date, kind=change.kind, name=change.name, document=change.document, is_swap=change.is_swap
        )


def _rule(kind, step, on, variant="thuong"):
    return DeadlineRule.objects.get(kind=kind, step=step, variant=variant, effective_from=on)


def test_the_unconfirmed_copy_becomes_the_7_working_day_version(old_release_database):
    sync_rules(DeadlineRule)
    rule = _rule("khieu-nai", "thu-ly", JULY_2026)
    assert (rule.amount, rule.unit, rule.confirmed) == (7, "working", True)
    assert "NĐ 155/2026/NĐ-CP, Điều 10" in rule.citation


def test_obsolete_unconfirmed_copies_are_removed_and_the_old_rows_noted(old_release_database):
    result = sync_rules(DeadlineRule)
    assert not DeadlineRule.objects.filter(note=AMENDMENT_NOTE).exists()
    assert "to-cao/giai-quyet/thuong@2026-07-01" in result.removed
    assert L136_NOTE in _rule("to-cao", "giai-quyet", dt.date(2019, 1, 1)).note
    stored = {r.as_row().key: rules.rule_values(r.as_row()) for r in DeadlineRule.objects.all()}
    assert stored == {r.key: rules.rule_values(r) for r in rules.default_rules()}


def test_a_copy_or_a_row_an_administrator_edited_is_kept(old_release_database):
    copy = _rule("to-cao", "giai-quyet", JULY_2026)
    copy.amount, copy.confirmed, copy.note = 25, True, "Theo văn bản mới nhận"
    copy.save()
    base = _rule("tiep-cong-dan", "tra-loi", dt.date(2014, 7, 1))
    base.citation = "Luật Tiếp công dân 2013, Điều 28(1) – quản trị viên sửa"
    base.save()
    result = sync_rules(DeadlineRule)
    assert _rule("to-cao", "giai-quyet", JULY_2026).amount == 25
    assert _rule("tiep-cong-dan", "tra-loi", dt.date(2014, 7, 1)).citation.endswith("quản trị viên sửa")
    assert {"to-cao/giai-quyet/thuong@2026-07-01", "tiep-cong-dan/tra-loi/thuong@2014-07-01"} <= set(result.kept_edited)


def test_rows_a_later_release_appends_to_rules_are_inserted(old_release_database, monkeypatch):
    # A version no release ships (dated 2099) stands for a row added to RULES after this database was created.
    extra = RuleRow(
        "to-cao",
        "cong-khai-ket-luan",
        "thuong",
        9,
        "working",
        "Luật Tố cáo (giả định), Điều 40",
        dt.date(2099, 1, 1),
        amended_by_2026=False,
    )
    monkeypatch.setattr(rules, "RULES", (*rules.RULES, extra))
    result = sync_rules(DeadlineRule)
    assert "to-cao/cong-khai-ket-luan/thuong@2099-01-01" in result.inserted
    assert _rule("to-cao", "cong-khai-ket-luan", dt.date(2099, 1, 1)).amount == 9


def test_a_second_sync_changes_nothing(old_release_database):
    sync_rules(DeadlineRule)
    sync_official_changes(CalendarChange)
    assert not any(sync_rules(DeadlineRule).as_dict().values())
    assert not any(sync_official_changes(CalendarChange).as_dict().values())


def test_the_2026_calendar_rows_get_their_documents_and_the_missing_days(old_release_database):
    tet = CalendarChange.objects.get(date=dt.date(2026, 2, 17), organisation=None)
    tet.document = "TB do quản trị viên nhập"
    tet.save()
    result = sync_official_changes(CalendarChange)
    assert {"2026-01-01", "2026-01-02", "2026-01-10", "2026-11-24"} <= set(result.inserted)
    assert "9441/TB-BNV" in CalendarChange.objects.get(date=dt.date(2026, 2, 16), organisation=None).document
    assert (
        CalendarChange.objects.get(date=dt.date(2026, 2, 17), organisation=None).document == "TB do quản trị viên nhập"
    )
    assert result.kept_edited == ["2026-02-17"]
    shipped = {c.date for c in OFFICIAL_CHANGES}
    assert shipped <= set(CalendarChange.objects.filter(organisation=None).values_list("date", flat=True))


def test_the_migration_syncs_and_records_one_audit_entry(old_release_database):
    migration = importlib.import_module("danvan.workdays.migrations.0003_sync_rules_and_calendar_with_2026_texts")
    migration.sync(django_apps, None)
    event = AuditEvent.objects.filter(code="workdays.defaults.synced").latest("id")
    assert "khieu-nai/thu-ly/thuong@2026-07-01" in event.changes["rules"]["updated"]
    assert "2026-01-02" in event.changes["calendar_changes"]["inserted"]
    assert _rule("khieu-nai-lan-2", "thu-ly", JULY_2026).amount == 7


def test_after_migrate_open_deadlines_are_recomputed_with_what_changed(old_release_database):
    seen = []
    services.register_deadline_source("probe", lambda ids, rng, reason="": seen.append((ids, rng, reason)) or 0)
    try:
        migration = importlib.import_module("danvan.workdays.migrations.0003_sync_rules_and_calendar_with_2026_texts")
        migration.sync(django_apps, None)
        defaults.recompute_after_sync()
        defaults.recompute_after_sync()  # consumed: a second post_migrate does nothing
    finally:
        services.unregister_deadline_source("probe")
    assert len(seen) == 1
    ids, rng, reason = seen[0]
    assert ids is None and rng is None
    assert "quy tắc khieu-nai/thu-ly từ 01/07/2026: 7 ngày làm việc" in reason
    assert "ngày 02/01/2026 là ngày nghỉ (CV 12729/VPCP-KGVX" in reason
    assert "to-cao/giai-quyet" not in reason  # removing an unconfirmed copy moves no deadline


def test_a_fresh_database_leaves_nothing_to_recompute():
    assert not sync_rules(DeadlineRule).reasons and not sync_official_changes(CalendarChange).reasons
