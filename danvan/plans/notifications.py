"""Tell the people concerned when a Department plan reaches a school or a task is completed (through danvan.notify)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from danvan.notify.services import notify
from danvan.org.services import users_by_tenant


def plan_cascaded(parent: Any, children: Sequence[Any]) -> None:
    """Tell each school's plan writers and head that a draft implementing the Department's plan is waiting."""
    if not children:
        return
    people = users_by_tenant([c.organisation_id for c in children], ("plans.edit", "plans.approve"))
    department = parent.organisation
    for child in children:
        notify(
            people.get(child.organisation_id, []),
            _("%(d)s triển khai kế hoạch: %(t)s") % {"d": department.short_name or department.name, "t": parent.title},
            _(
                "Dự thảo kế hoạch của trường đã được tạo từ kế hoạch %(n)s; hãy rà soát, bổ sung nhiệm vụ "
                "của trường và trình duyệt."
            )
            % {"n": parent.number_symbol or parent.title},
            url=reverse("plans:plan_detail", args=[child.pk]),
            organisation=child.organisation,
        )


def task_completed(task: Any, actor: Any) -> None:
    """Tell the task's leading manager that it was reported done (unless they reported it themselves)."""
    lead = getattr(task.lead_person, "user", None) if task.lead_person_id else None
    if lead is None or (actor is not None and getattr(actor, "pk", None) == lead.pk):
        return
    notify(
        [lead],
        _("Nhiệm vụ %(no)s đã hoàn thành: %(c)s") % {"no": task.no, "c": task.content[:120]},
        _("Hoàn thành ngày %(d)s; xem tiến độ và minh chứng trên danvan.")
        % {"d": task.completed_on.strftime("%d/%m/%Y") if task.completed_on else ""},
        url=reverse("plans:task_detail", args=[task.pk]),
        organisation=task.organisation,
    )


def task_awaiting_confirmation(task: Any) -> None:
    """Tell the task's lead (or, without one, the school's head) that every unit reported its share done."""
    lead = getattr(task.lead_person, "user", None) if task.lead_person_id else None
    recipients = (
        [lead]
        if lead is not None
        else users_by_tenant([task.organisation_id], ("plans.approve",))[task.organisation_id]
    )
    notify(
        recipients,
        _("Nhiệm vụ %(no)s chờ xác nhận hoàn thành: %(c)s") % {"no": task.no, "c": task.content[:120]},
        _("Các bộ phận phụ trách đã báo cáo hoàn thành phần việc của mình; hãy xem minh chứng và xác nhận."),
        url=reverse("plans:task_detail", args=[task.pk]),
        organisation=task.organisation,
    )
