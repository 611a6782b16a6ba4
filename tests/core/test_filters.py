"""core.filters: the yes/no parameter, aliases, and what a list filter reports about invalid values."""

from __future__ import annotations

from typing import ClassVar

import pytest
from django import forms

from danvan.core.filters import FlagField, ListFilter, year_field


class _Filter(ListFilter):
    aliases: ClassVar[dict[str, str]] = {"nam": "year"}
    year = year_field("Năm")
    done = FlagField(label="Xong", required=False)
    word = forms.CharField(required=False)

    def filter_queryset(self, qs, data):
        return qs


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1", True), ("true", True), ("On", True), ("0", False), ("false", False), ("no", False), ("", None)],
)
def test_a_flag_reads_the_spellings_the_api_documents(value, expected):
    f = _Filter({"done": value})
    assert f.is_valid() and f.cleaned_data["done"] is expected


def test_a_flag_refuses_anything_else_instead_of_reading_it_as_yes():
    assert _Filter({"done": "maybe"}).invalid == ["done"]


def test_an_alias_feeds_its_field_and_the_refusal_names_the_parameter_the_caller_used():
    alias = _Filter({"nam": "2024"})
    assert alias.is_valid() and alias.cleaned_data["year"] == 2024
    both = _Filter({"nam": "2024", "year": "2025"})
    both.is_valid()
    assert both.cleaned_data["year"] == 2025  # the field's own name wins over the alias
    assert "nam" in _Filter({"nam": "9" * 25}).problem()


def test_only_the_invalid_values_are_left_out():
    f = _Filter({"year": "1999", "word": "kế hoạch", "other": "ignored"})
    f.apply([])
    assert f.invalid == ["year"] and f.cleaned_data == {"word": "kế hoạch", "done": None}
    assert _Filter({"word": "x"}).problem() is None
