"""Sync existing databases with the shipped rule table and official calendar changes (01/7/2026 reform).

Inserts the missing rows (NĐ 155/2026 Điều 10: complaint acceptance 07 working days; the 2026
calendar rows), updates rows still holding an earlier shipped value, removes the unconfirmed
01/7/2026 copies earlier releases seeded unless an administrator edited them, and records one
audit entry. Generic (danvan.workdays.defaults): rows other branches append to RULES are
inserted too. Open deadlines are not recomputed here (the petitions tables may not be migrated
yet): the sync leaves its reasons in `defaults.pending_recompute`, and the post_migrate handler
recomputes once every app is migrated (`danvan workdays recompute` does it by hand).
"""

from django.db import migrations


def sync(apps, schema_editor):
    from danvan.workdays import defaults

    rules = defaults.sync_rules(apps.get_model("workdays", "DeadlineRule"))
    changes = defaults.sync_official_changes(apps.get_model("workdays", "CalendarChange"))
    defaults.pending_recompute.extend(rules.reasons + changes.reasons)
    if any(rules.as_dict().values()) or any(changes.as_dict().values()):
        apps.get_model("core", "AuditEvent").objects.create(
            code="workdays.defaults.synced",
            changes={"rules": rules.as_dict(), "calendar_changes": changes.as_dict()},
            message="Đồng bộ bảng thời hạn và lịch làm việc với văn bản năm 2026 (NĐ 155/2026/NĐ-CP Điều 10; lịch 2026).",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("workdays", "0002_seed_rules_and_official_changes"),
        ("core", "0004_lean_indexes"),
    ]

    operations = [migrations.RunPython(sync, migrations.RunPython.noop)]
