"""The queue's filters, one definition for the list page and GET /petitions (core.filters), and its keyset pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import F, Q, QuerySet
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from danvan.core.filters import ListFilter
from danvan.core.params import MAX_ID, parse_int
from danvan.core.scoping import grants_for
from danvan.core.tenancy import member_tenants
from danvan.org.models import Organisation, Person
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
            format_html(
                '<option value="{}"{}>{}</option>', key, mark_safe(" selected") if str(key) == current else "", label
            )
            for key, label in self.choices
        )
        attrs_html = flatatt({k: v for k, v in final.items() if v is not False and v is not None})
        return format_html('<select name="{}"{}>{}</select>', name, attrs_html, mark_safe(options))


class QueueFilterForm(ListFilter):
    """Filters of the petition queue (all optional; none shows the open petitions by urgency).

    `stage` is "open" when not given (as on the page's first visit), "" or "all" for every state. `handlers` and
    `units` are the choices `handler` and `unit` may name: build the form with `queue_filter`, which computes them
    the same way for the page and the API.
    """

    q = forms.CharField(label=_("Tìm (có hoặc không dấu)"), required=False)
    kind = forms.ChoiceField(label=_("Loại đơn"), required=False, choices=[("", _("Tất cả")), *Kind.choices])
    stage = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        initial=STAGE_OPEN,
        choices=[(STAGE_OPEN, _("Đang xử lý")), ("", _("Tất cả")), *State.choices],
    )
    channel = forms.ChoiceField(label=_("Hình thức"), required=False, choices=[("", _("Tất cả")), *Channel.choices])
    handler = forms.ChoiceField(label=_("Cán bộ xử lý"), required=False)
    unit = forms.ChoiceField(label=_("Đơn vị"), required=False)
    window = forms.ChoiceField(label=_("Thời hạn"), required=False, choices=WINDOWS)

    def __init__(
        self,
        params: Any = None,
        *,
        handlers: Sequence[tuple[Any, str]] = (),
        units: Sequence[tuple[Any, str]] = (),
        today: dt.date | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(params, **kwargs)
        self.today = today or timezone.localdate()
        self.handlers = list(handlers)  # (id, name): the page's bulk assignment offers the same staff
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                field.widget = FastSelect(choices=field.choices)
        self.fields["handler"].choices = [
            ("", _("Tất cả")),
            ("none", _("Chưa giao")),
            *((str(k), v) for k, v in handlers),
        ]
        self.fields["unit"].choices = [("", _("Tất cả")), *((str(k), v) for k, v in units)]

    def normalise(self, data: dict[str, Any]) -> dict[str, Any]:
        # A link without a stage (a first visit, a page number, one filter) lists the open petitions, and the form
        # shows that; the API spells "every state" as `all`, the page's select as an empty value.
        stage = data.get("stage", STAGE_OPEN)
        return {**data, "stage": "" if stage == "all" else stage}

    def filter_queryset(self, qs: QuerySet, data: dict[str, Any]) -> QuerySet:
        """Apply the valid filters and the urgency order (an invalid stage lists the open petitions)."""
        today = self.today
        stage = data.get("stage", STAGE_OPEN)
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
        return qs.order_by(*QUEUE_ORDER)


def queue_choices(
    user: Any, view_orgs: Sequence[Any] | None = None
) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Return (handlers, units) the queue's `handler` and `unit` may name for this user, as the page lists them.

    Handlers: the staff with an account in the schools where the user reads petitions. Units: those schools, then
    (for a Department) the schools and Departments below it, at most 200. `view_orgs` (the tenants where the user
    holds petitions.view) saves the page a query when it already has them.
    """
    if view_orgs is None:
        view_orgs = member_tenants(user, "petitions.view", reach="own")
    units = [(o.pk, o.short_name or o.name) for o in view_orgs]
    if any("petitions.view" in g.subtree for g in grants_for(user)):
        more = (
            Organisation.objects.visible_to(user, "petitions.view")
            .filter(kind__in=["TRUONG", "SO"])
            .exclude(pk__in=[o.pk for o in view_orgs])
            .order_by("name")[:200]
        )
        units += [(o.pk, o.short_name or o.name) for o in more]
    persons = (
        Person.objects.filter(organisation__in=list(view_orgs), user__isnull=False)
        .order_by("full_name")
        .only("id", "full_name", "organisation_id")
    )
    return [(p.pk, p.full_name) for p in persons], units


def queue_filter(
    params: Any,
    user: Any,
    *,
    view_orgs: Sequence[Any] | None = None,
    today: dt.date | None = None,
    lists: bool = True,
) -> QueueFilterForm:
    """Return the queue's filters bound to `params` (the page's or the API's), with the user's choices.

    `lists=False` (the API, which draws no select) reads the choices only when `handler` or `unit` is given.
    """
    handlers: list[tuple[int, str]] = []
    units: list[tuple[int, str]] = []
    if lists or (params or {}).get("handler") or (params or {}).get("unit"):
        handlers, units = queue_choices(user, view_orgs)
    return QueueFilterForm(params, handlers=handlers, units=units, today=today)


# ---------------------------------------------------------------- keyset pagination of the queue
#
# The queue is read page after page by cursor ("after this row"), not by OFFSET: page 400 of a million petitions
# costs what page 1 costs, and a petition registered while someone pages is neither skipped nor shown twice. The
# order is total (the id breaks every tie), so a cursor names one place in it.

QUEUE_ORDER = (F("due_on").asc(nulls_last=True), "-received_at", "-id")
QUEUE_ORDER_REVERSED = (F("due_on").desc(nulls_first=True), "received_at", "id")
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_MAX_MICROS = int((dt.datetime(2200, 1, 1, tzinfo=dt.UTC) - _EPOCH).total_seconds()) * 1_000_000


@dataclass(frozen=True)
class Cursor:
    """A place in the queue's order: the (due date, received at, id) of a row."""

    due_on: dt.date | None
    received_at: dt.datetime
    id: int

    @classmethod
    def of(cls, petition: Any) -> Cursor:
        """Return the cursor of a listed petition."""
        return cls(petition.due_on, petition.received_at, petition.pk)

    def encode(self) -> str:
        """Return the cursor as a query-string value: "20261207.1796634413000000.42" ("-" for no due date)."""
        micros = (self.received_at - _EPOCH) // dt.timedelta(microseconds=1)
        return f"{self.due_on.strftime('%Y%m%d') if self.due_on else '-'}.{micros}.{self.id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor | None:
        """Return the cursor in `text`, or None for anything malformed or out of range (never an exception)."""
        parts = (text or "").split(".")
        if len(parts) != 3 or len(text or "") > 60:
            return None
        due_text, micros_text, id_text = parts
        micros = parse_int(micros_text, minimum=0, maximum=_MAX_MICROS)
        pk = parse_int(id_text, minimum=1, maximum=MAX_ID)
        if micros is None or pk is None:
            return None
        due = None
        if due_text != "-":
            if len(due_text) != 8 or not due_text.isascii() or not due_text.isdigit():
                return None
            try:
                due = dt.date(int(due_text[:4]), int(due_text[4:6]), int(due_text[6:]))
            except ValueError:
                return None
        return cls(due, _EPOCH + dt.timedelta(microseconds=micros), pk)

    def after_q(self) -> Q:
        """Return the rows that come after this place in QUEUE_ORDER."""
        later = Q(received_at__lt=self.received_at) | Q(received_at=self.received_at, id__lt=self.id)
        if self.due_on is None:
            return Q(due_on__isnull=True) & later
        # `due_on >= d` first, so that the index scan starts at the cursor's due date instead of filtering up to it.
        return (Q(due_on__gte=self.due_on) & (Q(due_on__gt=self.due_on) | later)) | Q(due_on__isnull=True)

    def before_q(self) -> Q:
        """Return the rows that come before this place in QUEUE_ORDER."""
        earlier = Q(received_at__gt=self.received_at) | Q(received_at=self.received_at, id__gt=self.id)
        if self.due_on is None:
            return Q(due_on__isnull=False) | (Q(due_on__isnull=True) & earlier)
        return Q(due_on__lte=self.due_on) & (Q(due_on__lt=self.due_on) | earlier)


@dataclass
class KeysetPage:
    """One page of the queue, read by cursor: its rows and the cursors of the pages before and after it."""

    object_list: list[Any]
    number: int
    next_cursor: str = ""
    previous_cursor: str = ""

    @property
    def has_next(self) -> bool:
        """Tell whether a page follows."""
        return bool(self.next_cursor)

    @property
    def has_previous(self) -> bool:
        """Tell whether a page comes before."""
        return bool(self.previous_cursor) or self.number > 1

    def next_page_number(self) -> int:
        """Return the next page's number (shown only: the cursor decides the rows)."""
        return self.number + 1

    def previous_page_number(self) -> int:
        """Return the previous page's number (shown only)."""
        return max(1, self.number - 1)


def keyset_page(qs: QuerySet, params: Any, per_page: int) -> KeysetPage:
    """Return the page of `qs` (ordered by QUEUE_ORDER) that `params` names: `after=` or `before=` a cursor; the page
    number `page=` is only shown. Without a valid cursor, the first page."""
    number = parse_int(params.get("page"), minimum=1, maximum=1_000_000) or 1
    after = Cursor.decode(params.get("after"))
    before = Cursor.decode(params.get("before")) if after is None else None
    if before is not None:
        rows = list(qs.filter(before.before_q()).order_by(*QUEUE_ORDER_REVERSED)[: per_page + 1])
        if len(rows) > per_page:
            rows = rows[:per_page][::-1]
            return KeysetPage(
                rows,
                max(2, number),
                next_cursor=Cursor.of(rows[-1]).encode(),
                previous_cursor=Cursor.of(rows[0]).encode(),
            )
        after = None  # back at the start: the first page, full
    if after is not None:
        qs = qs.filter(after.after_q())
    else:
        number = 1
    rows = list(qs[: per_page + 1])
    page = KeysetPage(rows[:per_page], number)
    if len(rows) > per_page:
        page.next_cursor = Cursor.of(rows[per_page - 1]).encode()
    if after is not None and rows:
        page.previous_cursor = Cursor.of(rows[0]).encode()
    return page
