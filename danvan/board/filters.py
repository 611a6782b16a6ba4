"""The filters of the board's recommendation list, one definition for the page and the API (core.filters)."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.board.choices import RecommendationStatus
from danvan.core.filters import ListFilter, id_field


class RecommendationFilter(ListFilter):
    """Recommendations to the head: status, organisation (`?organisation=`, or the page's `?org=`)."""

    aliases: ClassVar[dict[str, str]] = {"org": "organisation"}

    status = forms.ChoiceField(
        label=_("Trạng thái"), required=False, choices=[("", _("Tất cả")), *RecommendationStatus.choices]
    )
    organisation = id_field(_("Đơn vị"))

    def filter_queryset(self, qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        if data.get("status"):
            qs = qs.filter(status=data["status"])
        if data.get("organisation") is not None:
            qs = qs.filter(organisation_id=data["organisation"])
        return qs
