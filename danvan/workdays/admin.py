"""Admin screens where administrators edit the calendar changes, weekly rest days and rule table."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from danvan.workdays.choices import Weekday
from danvan.workdays.models import CalendarChange, DeadlineRule, WorkWeek


@admin.register(CalendarChange)
class CalendarChangeAdmin(admin.ModelAdmin):
    """Official days off and swapped working days, with the announcing document."""

    list_display = ("date", "kind", "name", "document", "is_swap", "organisation")
    list_filter = ("kind", "is_swap", ("organisation", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name", "document", "note")
    date_hierarchy = "date"
    raw_id_fields = ("organisation",)


class WorkWeekForm(forms.ModelForm):
    """Edit the rest days as checkboxes instead of a comma-separated string."""

    rest_days = forms.TypedMultipleChoiceField(
        label=_("ngày nghỉ hằng tuần"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = WorkWeek
        fields = ("organisation", "rest_days")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["rest_days"] = sorted(self.instance.rest_weekdays)
        else:
            self.initial.setdefault("rest_days", [5, 6])

    def clean_rest_days(self) -> str:
        days = sorted(set(self.cleaned_data["rest_days"]))
        if len(days) == 7:
            raise forms.ValidationError(_("Tuần phải có ít nhất một ngày làm việc."))
        return ",".join(str(d) for d in days)


@admin.register(WorkWeek)
class WorkWeekAdmin(admin.ModelAdmin):
    """Weekly rest days per organisation (the subtree inherits them)."""

    form = WorkWeekForm
    list_display = ("organisation", "rest_days")
    raw_id_fields = ("organisation",)


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin):
    """The statutory deadline table; add a row with a later `effective_from` for a new version."""

    list_display = ("kind", "step", "variant", "amount", "unit", "citation", "effective_from", "confirmed")
    list_filter = ("kind", "step", "unit", "confirmed", "effective_from")
    search_fields = ("citation", "note")
    ordering = ("kind", "step", "variant", "effective_from")
    save_as = True
