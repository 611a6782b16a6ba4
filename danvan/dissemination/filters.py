"""The search of the documents to study, one definition for the list page, GET /dissemination/documents and the
global search (core.filters)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from danvan.core.filters import ListFilter
from danvan.dissemination.numbers import normalise_number
from danvan.lib.text import fold


def document_q(query: str) -> Q:
    """Return the documents whose number, title, issuer or type matches `query`, with or without diacritics."""
    match = Q(search_text__contains=fold(query))
    number_key = normalise_number(query)
    if number_key:  # "Số" alone keys to "": it would match every number
        match |= Q(number_key__contains=number_key)
    return match


class DocumentFilter(ListFilter):
    """The document list: words or a number-symbol (`q`)."""

    q = forms.CharField(label=_("Tìm"), required=False)

    def filter_queryset(self, qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        return qs.filter(document_q(data["q"])) if data.get("q") else qs
