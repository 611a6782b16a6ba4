"""Seed the statutory deadline table (rules.py) and the known official calendar changes (official.py)."""

from django.db import migrations


def seed(apps, schema_editor):
    from danvan.workdays.official import OFFICIAL_CHANGES
    from danvan.workdays.rules import default_rules

    DeadlineRule = apps.get_model("workdays", "DeadlineRule")
    CalendarChange = apps.get_model("workdays", "CalendarChange")
    for row in default_rules():
        DeadlineRule.objects.update_or_create(
            kind=row.kind, step=row.step, variant=row.variant, effective_from=row.effective_from,
            defaults={
                "amount": row.amount, "unit": row.unit, "citation": row.citation,
                "confirmed": row.confirmed, "note": row.note,
            },
        )
    for change in OFFICIAL_CHANGES:
        CalendarChange.objects.update_or_create(
            date=change.date, organisation=None,
            defaults={"kind": change.kind, "name": change.name, "document": change.document, "is_swap": change.is_swap},
        )


def unseed(apps, schema_editor):
    from danvan.workdays.official import OFFICIAL_CHANGES
    from danvan.workdays.rules import default_rules

    DeadlineRule = apps.get_model("workdays", "DeadlineRule")
    CalendarChange = apps.get_model("workdays", "CalendarChange")
    for row in default_rules():
        DeadlineRule.objects.filter(
            kind=row.kind, step=row.step, variant=row.variant, effective_from=row.effective_from
        ).delete()
    CalendarChange.objects.filter(date__in=[c.date for c in OFFICIAL_CHANGES], organisation=None).delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
