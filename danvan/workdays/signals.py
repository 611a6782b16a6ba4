"""Invalidate cached calendars and recompute open deadlines when the calendar or a rule changes.

Each change is described in one Vietnamese phrase (the records language) that the deadline
sources put in the petition's timeline and audit: "hạn … → … do <reason>".
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from danvan.workdays import services
from danvan.workdays.choices import ChangeKind, Unit
from danvan.workdays.engine import WEEKDAY_NAMES
from danvan.workdays.models import CalendarChange, DeadlineRule, WorkWeek


def calendar_change_reason(change: CalendarChange, *, deleted: bool = False) -> str:
    """Return "ngày 24/11/2026 chuyển thành ngày nghỉ — Ngày Văn hóa Việt Nam (NQ 28/2026/QH16, Điều 2)"."""
    day = f"ngày {change.date:%d/%m/%Y}"
    if deleted:
        text = f"{day} trở lại lịch thường (bỏ “{change.name}”)"
    else:
        what = "ngày nghỉ" if change.kind == ChangeKind.DAY_OFF else "ngày làm việc"
        text = f"{day} chuyển thành {what} — {change.name}"
        if change.document:
            text += f" ({change.document})"
    if change.organisation_id:
        text += f", tại {change.organisation}"
    return text


def rule_reason(rule: DeadlineRule, *, deleted: bool = False) -> str:
    """Return "quy tắc khieu-nai/thu-ly từ 01/07/2026: 7 ngày làm việc (NĐ 124/2020/NĐ-CP, Điều 16(1), …)"."""
    code = f"{rule.kind}/{rule.step}" + (f"/{rule.variant}" if rule.variant != "thuong" else "")
    since = f"{rule.effective_from:%d/%m/%Y}"
    if deleted:
        return f"bỏ quy tắc {code} từ {since}"
    unit = "ngày làm việc" if rule.unit == Unit.WORKING else "ngày"
    return f"quy tắc {code} từ {since}: {rule.amount} {unit} ({rule.citation})"


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
        reason=calendar_change_reason(instance, deleted=kwargs.get("signal") is post_delete),
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
    if kwargs.get("signal") is post_delete:
        reason = f"ngày nghỉ hằng tuần của {organisation} trở về theo đơn vị cấp trên"
    else:
        names = ", ".join(WEEKDAY_NAMES[d] for d in sorted(instance.rest_weekdays))
        reason = f"ngày nghỉ hằng tuần của {organisation} đổi thành: {names}"
    services.schedule_recompute(organisation=organisation, reason=reason)


@receiver(post_save, sender=DeadlineRule)
@receiver(post_delete, sender=DeadlineRule)
def deadline_rule_changed(sender: type, instance: DeadlineRule, raw: bool = False, **kwargs: Any) -> None:
    """Recompute every open deadline (sources filter by kind and step themselves)."""
    if raw:
        return
    services.schedule_recompute(reason=rule_reason(instance, deleted=kwargs.get("signal") is post_delete))


@receiver(post_save, sender="org.Organisation")
def organisation_moved(sender: type, instance: Any, raw: bool = False, created: bool = False, **kwargs: Any) -> None:
    """Forget cached calendars when an organisation is saved: a move changes what it inherits."""
    if not raw and not created:
        services.invalidate()
