"""The queue's filters, one definition for the list page and the register exports."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import F, QuerySet
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from danvan.petitions.choices import OPEN_STATES, Channel, Kind, State
from danvan.petitions.identity import search_q

STAGE_OPEN = "open"
WINDOWS = [
    ("", _("Mọi thời hạn")),
    ("late", _("Đã quá hạn")),
    ("3", _("Còn ≤ 3 ngày")),
    ("7", _("Trong 7 ngày tới")),
    ("30", _("Trong 30 ngày tới")),
]


class FastSelect(forms.Select):
    """A select rendered directly in Python: the queue's filter bar is drawn on every page view."""

    def render(self, name: str, value: Any, attrs: dict | None = None, renderer: Any = None) -> str:
        final = self.build_attrs(self.attrs, attrs)
        current = "" if value is None else str(value[0] if isinstance(value, list | tuple) and value else value)
        options = "".join(
            format_html('<option value="{}"{}>{}</option>', key, mark_safe(" selected") if str(key) == current else "",
                        label)
            for key, label in self.choices
        )
        attrs_html = flatatt({k: v for k, v in final.items() if v is not False and v is not None})
        return format_html('<select name="{}"{}>{}</select>', name, attrs_html, mark_safe(options))


class QueueFilterForm(forms.Form):
    """Filters of the petition queue (all optional; an empty form shows the open petitions by urgency)."""

    q = forms.CharField(label=_("Tìm (có hoặc không dấu)"), required=False)
    kind = forms.ChoiceField(label=_("Loại đơn"), required=False, choices=[("", _("Tất cả")), *Kind.choices])
    stage = forms.ChoiceField(label=_("Trạng thái"), required=False, initial=STAGE_OPEN,
                              choices=[(STAGE_OPEN, _("Đang xử lý")), ("", _("Tất cả")), *State.choices])
    channel = forms.ChoiceField(label=_("Hình thức"), required=False, choices=[("", _("Tất cả")), *Channel.choices])
    handler = forms.ChoiceField(label=_("Cán bộ xử lý"), required=False)
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    window = forms.ChoiceField(label=_("Thời hạn"), required=False, choices=WINDOWS)

    def __init__(self, *args: Any, handlers: list[tuple[Any, str]] = (), units: list[tuple[Any, str]] = (),
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.is_bound and "stage" not in self.data:
            # A link without a stage (a page number, one filter) lists the open petitions: show that in the form.
            self.data = self.data.copy()
            self.data["stage"] = STAGE_OPEN
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                field.widget = FastSelect(choices=field.choices)
        self.fields["handler"].choices = [("", _("Tất cả")), ("none", _("Chưa giao")),
                                          *((str(k), v) for k, v in handlers)]
        self.fields["unit"].choices = [("", _("Tất cả")), *((str(k), v) for k, v in units)]

    def filter(self, qs: QuerySet, today: dt.date | None = None) -> QuerySet:
        """Apply the valid filters and the urgency order."""
        data = self.cleaned_data if self.is_valid() else {"stage": STAGE_OPEN}
        today = today or timezone.localdate()
        # No stage in the query string (a link, a first visit) means the open petitions, like the empty form.
        stage = data.get("stage", STAGE_OPEN) if self.is_bound and "stage" in self.data else STAGE_OPEN
        window = data.get("window")
        if window and stage not in (STAGE_OPEN, *(str(s) for s in OPEN_STATES)):
            # A deadline window only concerns petitions whose deadline is running (and their partial index).
            stage = STAGE_OPEN
        if stage == STAGE_OPEN:
            qs = qs.filter(state__in=sorted(str(s) for s in OPEN_STATES))
        elif stage:
            qs = qs.filter(state=stage)
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("channel"):
            qs = qs.filter(channel=data["channel"])
        handler = data.get("handler")
        if handler == "none":
            qs = qs.filter(handler__isnull=True)
        elif handler:
            qs = qs.filter(handler_id=int(handler))
        if data.get("unit"):
            qs = qs.filter(organisation_id=int(data["unit"]))
        if window == "late":
            qs = qs.filter(due_on__lt=today)
        elif window:
            qs = qs.filter(due_on__gte=today, due_on__lte=today + dt.timedelta(days=int(window)))
        if data.get("q"):
            # search_text holds keyed fingerprints of the starts of words, never the identity nor the text
            # (identity.build_search_index): "hoa" finds "hoà", "hoang", not "thoai".
            qs = qs.filter(search_q(data["q"]))
        return qs.order_by(F("due_on").asc(nulls_last=True), "-received_at", "-id")
