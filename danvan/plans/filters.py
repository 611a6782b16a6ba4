"""The filters of the plan list and the task list, one definition for the pages and the API (core.filters)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.core.filters import FlagField, ListFilter, id_field, year_field
from danvan.plans.choices import PlanStatus, TaskStatus


class PlanFilter(ListFilter):
    """The plan list: words of the title or number, status, year, issuing organisation."""

    q = forms.CharField(label=_("Tìm"), required=False)
    status = forms.ChoiceField(label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *PlanStatus.choices])
    year = year_field(_("Năm"))
    organisation = id_field(_("Đơn vị ban hành"))

    def filter_queryset(self, qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if data.get("q"):
            qs = qs.search(data["q"])  # type: ignore[attr-defined]
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("year") is not None:
            qs = qs.filter(year=data["year"])
        if data.get("organisation") is not None:
            qs = qs.filter(organisation_id=data["organisation"])
        return qs


class TaskFilter(ListFilter):
    """The task list ("my tasks" on the page, GET /tasks): state, plan, due dates, words, one of my units.

    `units` are the ids `unit` may name (the user's own units: another id is not valid).
    """

    q = forms.CharField(label=_("Tìm"), required=False)
    open = FlagField(label=_("Chưa hoàn thành"), required=False)
    late = FlagField(label=_("Quá hạn"), required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=[("", _("Tất cả")), *TaskStatus.choices])
    plan = id_field(_("Kế hoạch"))
    unit = forms.TypedChoiceField(label=_("Bộ phận"), required=False, coerce=int, empty_value=None)
    due_from = forms.DateField(label=_("Hạn từ ngày"), required=False)
    due_to = forms.DateField(label=_("Hạn đến ngày"), required=False)

    def __init__(self, params: Any = None, *, units: Iterable[int] = (), **kwargs: Any) -> None:
        super().__init__(params, **kwargs)
        self.fields["unit"].choices = [("", _("Tất cả")), *((str(u), str(u)) for u in units)]  # type: ignore[attr-defined]

    def filter_queryset(self, qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if data.get("late"):
            qs = qs.late().in_force()  # type: ignore[attr-defined]  # a draft plan's tasks are nobody's work yet
        elif data.get("open"):
            qs = qs.open()  # type: ignore[attr-defined]
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("plan") is not None:
            qs = qs.filter(plan_id=data["plan"])
        if data.get("unit") is not None:
            qs = qs.filter(units__pk=data["unit"])
        if data.get("due_from"):
            qs = qs.filter(due_on__gte=data["due_from"])
        if data.get("due_to"):
            qs = qs.filter(due_on__lte=data["due_to"])
        if data.get("q"):
            qs = qs.search(data["q"])  # type: ignore[attr-defined]
        return qs
