"""Invalidate cached calendars and recompute open deadlines when the calendar or a rule changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from danvan.workdays import services
from danvan.workdays.models import CalendarChange, DeadlineRule, WorkWeek


@receiver(post_save, sender=CalendarChange)
@receiver(post_delete, sender=CalendarChange)
def calendar_change_changed(sender: type, instance: CalendarChange, raw: bool = False, **kwargs: Any) -> None:
    """Recompute deadlines that run over the changed day, for the organisations it applies to."""
    if raw:
        return
    day: dt.date = instance.date
    services.schedule_recompute(
        organisation=instance.organisation if instance.organisation_id else None,
        date_range=(day, day),
        reason=f"calendar change {day.isoformat()}",
    )


@receiver(post_save, sender=WorkWeek)
@receiver(post_delete, sender=WorkWeek)
def work_week_changed(sender: type, instance: WorkWeek, raw: bool = False, **kwargs: Any) -> None:
    """Recompute every open deadline of the organisation's subtree."""
    if raw:
        return
    try:
        organisation = instance.organisation
    except Exception:  # the organisation is being deleted with it
        services.invalidate()
        return
    services.schedule_recompute(organisation=organisation, reason="weekly rest days changed")


@receiver(post_save, sender=DeadlineRule)
@receiver(post_delete, sender=DeadlineRule)
def deadline_rule_changed(sender: type, instance: DeadlineRule, raw: bool = False, **kwargs: Any) -> None:
    """Recompute every open deadline (sources filter by kind and step themselves)."""
    if raw:
        return
    services.schedule_recompute(reason=f"rule {instance.kind}/{instance.step}/{instance.variant} changed")


@receiver(post_save, sender="org.Organisation")
def organisation_moved(sender: type, instance: Any, raw: bool = False, created: bool = False, **kwargs: Any) -> None:
    """Forget cached calendars when an organisation is saved: a move changes what it inherits."""
    if not raw and not created:
        services.invalidate()
