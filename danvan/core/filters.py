"""A list's filters, defined once for its page and its API endpoint.

Each list (the petition queue, plans, tasks, reporting obligations) has one `ListFilter`: a form bound to the
query parameters, the page's `request.GET` or the API's, that applies itself to the queryset the user may see.
The page and the API give the same rows for the same parameters because they run the same code; they differ only
in what they do with a value that is not valid: the page leaves that filter out and says so above the list
(`warn`), the API refuses the request with a 422 naming the parameters (`problem`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.contrib import messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from danvan.core.params import MAX_ID, MAX_YEAR, MIN_YEAR

_TRUE = frozenset({"1", "true", "on", "yes"})
_FALSE = frozenset({"0", "false", "off", "no"})


class FlagField(forms.Field):
    """A yes/no parameter: 1/0, true/false, on/off, yes/no (as the API documents it); empty is "not given"."""

    default_error_messages = {"invalid": gettext_lazy("Cần 1 hoặc 0 (có hoặc không).")}

    def to_python(self, value: Any) -> bool | None:
        if isinstance(value, bool):
            return value
        text = str(value or "").strip().lower()
        if not text:
            return None
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


def id_field(label: Any) -> forms.IntegerField:
    """Return an optional object-id parameter (1 to the largest id a database stores)."""
    return forms.IntegerField(label=label, required=False, min_value=1, max_value=MAX_ID)


def year_field(label: Any) -> forms.IntegerField:
    """Return an optional year parameter (MIN_YEAR to MAX_YEAR)."""
    return forms.IntegerField(label=label, required=False, min_value=MIN_YEAR, max_value=MAX_YEAR)


class ListFilter(forms.Form):
    """The filters of one list: bind the query parameters, then `apply` them to the user's scoped queryset.

    Subclasses declare their parameters as form fields and write `filter_queryset(qs, data)`, where `data` holds
    only the values that are valid (Django drops an invalid field from `cleaned_data`). `aliases` maps another
    parameter name to a field, for a page's older Vietnamese name (`?nam=` for `year`).
    """

    aliases: ClassVar[dict[str, str]] = {}

    def __init__(self, params: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        data: dict[str, Any] = {}
        self.given_as: dict[str, str] = {}  # field → the parameter name the caller used (an alias, or the field's)
        for name, value in (params or {}).items():
            field = self.aliases.get(name, name)
            if field in self.base_fields and (field == name or field not in (params or {})):
                data[field] = value
                self.given_as[field] = name
        super().__init__(self.normalise(data), **kwargs)

    def normalise(self, data: dict[str, Any]) -> dict[str, Any]:
        """Return the parameters as the fields read them (a subclass maps an API spelling to the page's)."""
        return data

    def filter_queryset(self, qs: QuerySet[Any], data: dict[str, Any]) -> QuerySet[Any]:
        """Apply the valid values in `data` to `qs` (every subclass writes its own)."""
        raise NotImplementedError

    def apply(self, qs: QuerySet[Any]) -> QuerySet[Any]:
        """Return `qs` with every valid filter applied (an invalid one is left out: see `invalid`)."""
        self.is_valid()
        return self.filter_queryset(qs, self.cleaned_data)

    @property
    def invalid(self) -> list[str]:
        """Return the names of the parameters whose value is not valid, sorted."""
        self.is_valid()
        return sorted(self.errors)

    def problem(self) -> str | None:
        """Return the message refusing the invalid parameters (None when every value is valid)."""
        if not self.invalid:
            return None
        names = sorted(self.given_as.get(name, name) for name in self.invalid)
        return _("Giá trị lọc không hợp lệ: %(fields)s.") % {"fields": ", ".join(names)}

    def warn(self, request: HttpRequest) -> None:
        """Tell the page's reader which filters were left out because their value is not valid, and why."""
        for name in self.invalid:
            field = self.fields[name]
            messages.warning(
                request,
                _("Bộ lọc “%(label)s” không hợp lệ nên đã bỏ qua: %(reason)s")
                % {"label": field.label or name, "reason": " ".join(str(e) for e in self.errors[name])},
            )
