"""The API's side of a list's filters (core.filters): the same definition as the page, refusing invalid values."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from danvan.core.errors import DomainError
from danvan.core.filters import ListFilter


def apply_filters(filters: ListFilter, qs: QuerySet[Any]) -> QuerySet[Any]:
    """Return `qs` filtered as the list page filters it; a value the page would leave out is a 422 here."""
    problem = filters.problem()
    if problem is not None:
        errors = {filters.given_as.get(name, name): [str(e) for e in filters.errors[name]] for name in filters.invalid}
        raise DomainError(problem, code="unprocessable", errors=errors)
    return filters.apply(qs)
