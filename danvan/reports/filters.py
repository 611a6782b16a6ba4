"""The filters of the reporting obligations list, one definition for the page and the API (core.filters)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.core.filters import ListFilter, id_field, year_field
from danvan.reports.choices import ObligationStatus


class ObligationFilter(ListFilter):
    """Reports owed: status, year of the due date (`?year=`, or the page's `?nam=`), organisation that owes it."""

    aliases: ClassVar[dict[str, str]] = {"nam": "year"}

    status = forms.ChoiceField(
        label=_("Tình trạng"), required=False, choices=[("", _("Tất cả")), *ObligationStatus.choices]
    )
    year = year_field(_("Năm"))
    organisation = id_field(_("Đơn vị"))

    def filter_queryset(self, qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("year") is not None:
            qs = qs.filter(due__year=data["year"])
        if data.get("organisation") is not None:
            qs = qs.filter(organisation_id=data["organisation"])
        return qs
