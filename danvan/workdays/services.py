"""Load each organisation's working calendar and the rule table, compute deadlines, trigger recomputes.

Views, commands and tasks call these functions; the arithmetic itself is in `engine.py`.

Caching: a built `WorkCalendar` (a few compact arrays over 2000–2060+) is kept per organisation in
this process, keyed by a version number stored in Django's cache. Any change to a
`CalendarChange`, `WorkWeek` or `DeadlineRule` bumps that version (signals.py), so every process
sharing the cache rebuilds on its next use; with the default per-process cache the signal also
clears this process's copy at once. What the `holidays` package says about Vietnam is kept in
Django's cache too (`package_calendar`): the package imports every country's module when asked
for one (some 15 MB), so a web worker reads Vietnam's days from the cache `danvan serve` fills
before starting the workers, and loads the package only if the cache is empty.
"""

from __future__ import annotations

import datetime as dt
import inspect
import logging
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib.metadata import version as package_version
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from danvan.core.errors import DomainError
from danvan.lib.lazy import lazy_module
from danvan.org.models import Organisation
from danvan.workdays.choices import ChangeKind, Kind, Step, Unit, Variant
from danvan.workdays.engine import DEFAULT_REST_DAYS, WEEKDAY_NAMES, CalendarRangeError, WorkCalendar
from danvan.workdays.models import CalendarChange, DeadlineRule, WorkWeek
from danvan.workdays.official import OFFICIAL_CHANGES
from danvan.workdays.rules import RuleRow, default_rules, select_rule
from danvan.workdays.tasks import recompute_deadlines

if TYPE_CHECKING:
    import holidays
    from holidays.countries import vietnam as holidays_vietnam
else:  # loaded on first use (danvan/lib/lazy.py): only when the cache holds no package calendar (see above)
    holidays = lazy_module("holidays")
    holidays_vietnam = lazy_module("holidays.countries.vietnam")

logger = logging.getLogger(__name__)
_P = ParamSpec("_P")
_R = TypeVar("_R")

FIRST_YEAR = 2000
LAST_YEAR_AHEAD = 30  # years after the current one the calendar covers
_VERSION_KEY = "workdays:calendar-version"


class WorkdaysError(DomainError):
    """A calendar or deadline request that cannot be answered; `message` is shown to the user."""


# ====================================================================== input parsing

_DMY = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_date(text: str) -> dt.date:
    """Return the date written as YYYY-MM-DD or dd/mm/yyyy, or raise WorkdaysError."""
    m = _ISO.match(text or "")
    try:
        if m:
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        m = _DMY.match(text or "")
        if m:
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
    except ValueError:
        pass
    raise WorkdaysError(_("Ngày không hợp lệ: “%(text)s” (dùng dạng dd/mm/yyyy hoặc yyyy-mm-dd).") % {"text": text})


def parse_kind(text: str) -> str:
    """Return the kind code, or raise WorkdaysError listing the valid ones."""
    if text in Kind.values:
        return text
    raise WorkdaysError(
        _("Loại việc không hợp lệ: “%(text)s”. Chọn một trong: %(valid)s.")
        % {"text": text, "valid": ", ".join(Kind.values)}
    )


def parse_step(text: str) -> str:
    """Return the step code, or raise WorkdaysError listing the valid ones."""
    if text in Step.values:
        return text
    raise WorkdaysError(
        _("Bước không hợp lệ: “%(text)s”. Chọn một trong: %(valid)s.") % {"text": text, "valid": ", ".join(Step.values)}
    )


def find_organisation(code: str) -> Any:
    """Return the organisation with this code, or raise WorkdaysError."""

    if shipped_calendar_only():
        raise WorkdaysError(
            _(
                "Không có cơ sở dữ liệu của danvan nên không tra được đơn vị “%(code)s”: bỏ --org để "
                "dùng lịch chung, hoặc chạy lệnh trên máy chủ danvan (DATABASE_URL)."
            )
            % {"code": code}
        )
    matches = list(Organisation.objects.filter(code=code)[:2])
    if not matches:
        raise WorkdaysError(_("Không tìm thấy đơn vị có ký hiệu “%(code)s”.") % {"code": code})
    if len(matches) > 1:
        raise WorkdaysError(_("Có nhiều đơn vị cùng ký hiệu “%(code)s”.") % {"code": code})
    return matches[0]


# ====================================================================== the holidays package


@dataclass(frozen=True)
class PackageCalendar:
    """What `holidays.VN` knows for a span of years, with its swaps marked."""

    days_off: dict[dt.date, str]
    working_days: dict[dt.date, str]
    swap_days: frozenset[dt.date]  # swapped days off and swapped working Saturdays


# Bump when the way a PackageCalendar is derived from the package changes (the package's version is in the key).
_PACKAGE_FORMAT = 1


@lru_cache(maxsize=4)
def package_calendar(first_year: int, last_year: int) -> PackageCalendar:
    """Return the Vietnamese public holidays, observed days and swaps from the `holidays` package.

    Kept in this process and in Django's cache (shared by the processes of a deployment), per version of the
    package: the package itself is imported only by the process that finds the cache empty.
    """
    key = (
        f"workdays:package-calendar:{_PACKAGE_FORMAT}:{package_version('holidays')}:"
        f"{first_year}-{last_year}:{get_language()}"
    )
    found = cache.get(key)
    if isinstance(found, PackageCalendar):
        return found
    computed = _package_calendar(first_year, last_year)
    cache.set(key, computed, None)
    return computed


def warm_shared_cache() -> PackageCalendar:
    """Put the package's days of the whole calendar span into the shared cache (`danvan serve` does it before the
    workers start, so they never import the `holidays` package and its 300 country modules)."""
    return package_calendar(*calendar_span())


def _package_calendar(first_year: int, last_year: int) -> PackageCalendar:
    years = range(first_year, last_year + 1)
    vn = holidays.country_holidays("VN", years=years, language="vi")
    days_off = {d: name for d, name in vn.items() if first_year <= d.year <= last_year}
    working = {d: gettext("Làm bù (theo lịch hoán đổi)") for d in vn.weekend_workdays}
    swaps: set[dt.date] = set(vn.weekend_workdays)
    # Substituted days off are stored as (to_month, to_day, from_month, from_day[, from_year]).
    try:
        for year, entries in holidays_vietnam.VietnamStaticHolidays.special_public_holidays.items():
            items = entries if isinstance(entries[0], tuple) else (entries,)
            for entry in items:
                if len(entry) >= 4:
                    swaps.add(dt.date(year, entry[0], entry[1]))
    except (ImportError, AttributeError, IndexError, TypeError):  # pragma: no cover - package layout changed
        logger.warning("holidays: cannot read Vietnam's substituted days; swaps will apply to every week")
    _drop_culture_day_make_up(days_off, years)
    return PackageCalendar(days_off, working, frozenset(swaps))


def _drop_culture_day_make_up(days_off: dict[dt.date, str], years: Iterable[int]) -> None:
    """Remove the package's make-up day for a Ngày Văn hóa Việt Nam (24/11) that falls on a weekend.

    NQ 28/2026/QH16 Điều 2 makes 24/11 a paid day off from 2026 without adding it to BLLĐ 2019
    Điều 112(1), so the make-up rule of Điều 111(3) does not reach it (shared law-2026.md §3);
    `holidays` 0.109 gives one anyway (e.g. Monday 26/11/2029).
    """
    for year in years:
        culture = dt.date(year, 11, 24)
        name = days_off.get(culture)
        if year < 2026 or name is None or culture.weekday() < 5:
            continue
        for k in (1, 2, 3):
            other = culture + dt.timedelta(days=k)
            if other in days_off and days_off[other] != name and days_off[other].startswith(name):
                del days_off[other]


# ====================================================================== calendars per organisation


def calendar_span() -> tuple[int, int]:
    """Return the first and last year every calendar covers."""
    return FIRST_YEAR, timezone.localdate().year + LAST_YEAR_AHEAD


def _version() -> int:
    v = cache.get(_VERSION_KEY)
    if v is None:
        cache.add(_VERSION_KEY, 1, None)
        v = cache.get(_VERSION_KEY) or 1
    return int(v)


_calendars: dict[int | None, tuple[int, WorkCalendar]] = {}
_rules: dict[str, tuple[int, list[RuleRow]]] = {}
_lock = threading.Lock()


def invalidate() -> None:
    """Forget every cached calendar and rule table, here and (through the shared cache) elsewhere."""
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:
        cache.set(_VERSION_KEY, 2, None)
    with _lock:
        _calendars.clear()
        _rules.clear()


def _chain_ids(organisation: Any) -> list[int]:
    """Return the ids from the organisation up to its root, nearest first."""
    if organisation is None:
        return []
    path = getattr(organisation, "path", "") or ""
    ids = [int(x) for x in path.strip("/").split("/") if x]
    if not ids or ids[-1] != organisation.pk:
        ids.append(organisation.pk)
    return list(reversed(ids))


def rest_days_for(organisation: Any) -> frozenset[int]:
    """Return the weekly rest days: the organisation's own, else its nearest ancestor's, else Sat+Sun."""

    chain = _chain_ids(organisation)
    if not chain:
        return DEFAULT_REST_DAYS
    weeks = {w.organisation_id: w for w in WorkWeek.objects.filter(organisation_id__in=chain)}
    for org_id in chain:
        if org_id in weeks:
            return weeks[org_id].rest_weekdays
    return DEFAULT_REST_DAYS


def compose_calendar(
    changes: Iterable[Any] = (),
    *,
    rest_weekdays: Iterable[int] = DEFAULT_REST_DAYS,
    span: tuple[int, int] | None = None,
) -> WorkCalendar:
    """Build a calendar from the `holidays` package plus official changes, applied in the given order.

    Each change has `date`, `kind` ("nghi"/"lam-viec"), `name` and `is_swap`; later ones win.
    Swaps (the package's and the flagged changes) are skipped unless Saturday and Sunday are both
    rest days: they only concern units with that week (domain.md §8).
    """
    first, last = span or calendar_span()
    applied = tuple((c.date, str(c.kind), c.name, bool(c.is_swap)) for c in changes)
    return _composed(first, last, frozenset(rest_weekdays), applied)


@lru_cache(maxsize=16)
def _composed(
    first: int, last: int, rest: frozenset[int], changes: tuple[tuple[dt.date, str, str, bool], ...]
) -> WorkCalendar:
    """The calendar of these inputs, built once per process: a WorkCalendar is never changed after it is built,
    and organisations (and each new version of the tables) mostly apply the same official changes, so the
    indexes (some 5 ms of work) are built once and shared by every organisation with the same days, instead of
    one copy per organisation (a Department's 500 schools hold one calendar, not 500)."""
    pkg = package_calendar(first, last)
    sat_sun_week = {5, 6} <= rest
    days_off = dict(pkg.days_off)
    working = dict(pkg.working_days)
    if not sat_sun_week:
        for d in pkg.swap_days:
            days_off.pop(d, None)
            working.pop(d, None)
    for date, kind, name, is_swap in changes:
        if is_swap and not sat_sun_week:
            continue
        if kind == ChangeKind.DAY_OFF:
            days_off[date] = name
            working.pop(date, None)
        else:
            working[date] = name
            days_off.pop(date, None)
    return WorkCalendar(first_year=first, last_year=last, days_off=days_off, working_days=working, rest_weekdays=rest)


def shipped_calendar_only() -> bool:
    """Tell whether to use the rules and calendar shipped in the package instead of the database's tables (set
    by the offline CLI commands when there is no danvan database)."""
    return bool(getattr(settings, "DANVAN_SHIPPED_CALENDAR", False))


def build_calendar(organisation: Any = None) -> WorkCalendar:
    """Build (without cache) the calendar of an organisation, or the national one for None."""

    if shipped_calendar_only():
        return compose_calendar(sorted(OFFICIAL_CHANGES, key=lambda c: c.date))

    chain = _chain_ids(organisation)
    changes = CalendarChange.objects.filter(Q(organisation__isnull=True) | Q(organisation_id__in=chain))
    # National rows first, then from the root down, so the nearest organisation's row wins.
    rank = {org_id: len(chain) - i for i, org_id in enumerate(chain)}
    ordered = sorted(changes, key=lambda c: (0 if c.organisation_id is None else rank[c.organisation_id], c.date))
    return compose_calendar(ordered, rest_weekdays=rest_days_for(organisation))


def get_calendar(organisation: Any = None) -> WorkCalendar:
    """Return the cached calendar of an organisation (None: the national civil-servant calendar)."""
    key = getattr(organisation, "pk", None)
    version = _version()
    hit = _calendars.get(key)
    if hit is not None and hit[0] == version:
        return hit[1]
    cal = build_calendar(organisation)
    with _lock:
        _calendars[key] = (version, cal)
    return cal


def _call(fn: Callable[_P, _R], *args: _P.args, **kwargs: _P.kwargs) -> _R:
    try:
        return fn(*args, **kwargs)
    except CalendarRangeError as exc:
        raise WorkdaysError(str(exc)) from exc


def is_working_day(day: dt.date, *, organisation: Any = None) -> bool:
    """Return whether `day` is a working day for the organisation."""
    return _call(get_calendar(organisation).is_working_day, day)


def add_working_days(day: dt.date, n: int, *, organisation: Any = None) -> dt.date:
    """Return the n-th working day after `day` (BLDS Điều 147: `day` itself does not count)."""
    return _call(get_calendar(organisation).add_working_days, day, n)


def working_days_between(a: dt.date, b: dt.date, *, organisation: Any = None) -> int:
    """Return the number of working days in (a, b] (negative when b is before a)."""
    return _call(get_calendar(organisation).working_days_between, a, b)


@dataclass(frozen=True)
class YearChange:
    """A holiday or a worked rest day of the year, with the document that announces it ("" if none recorded)."""

    day: dt.date
    working: bool
    name: str
    document: str


def year_changes(year: int, *, organisation: Any = None) -> list[YearChange]:
    """Return the year's days off and worked rest days in date order, each with its announcing document."""

    cal = get_calendar(organisation)
    off = _call(cal.days_off_in_year, year)
    worked = [(d, n) for d, n in cal.working_days.items() if d.year == year and cal.is_working_day(d)]
    chain = _chain_ids(organisation)
    rank = {org_id: len(chain) - i for i, org_id in enumerate(chain)}
    rows = CalendarChange.objects.filter(date__year=year).filter(
        Q(organisation__isnull=True) | Q(organisation_id__in=chain)
    )
    documents: dict[dt.date, str] = {}
    for change in sorted(rows, key=lambda c: 0 if c.organisation_id is None else rank[c.organisation_id]):
        documents[change.date] = change.document  # the nearest organisation's row wins, as in the calendar
    out = [YearChange(d, False, name, documents.get(d, "")) for d, name in off]
    out += [YearChange(d, True, name, documents.get(d, "")) for d, name in worked]
    return sorted(out, key=lambda c: c.day)


def days_off(year: int, *, organisation: Any = None, include_weekly_rest: bool = False) -> list[tuple[dt.date, str]]:
    """Return the year's days off with their Vietnamese names."""
    return _call(get_calendar(organisation).days_off_in_year, year, include_weekly_rest=include_weekly_rest)


# ====================================================================== rules and deadlines


def load_rules() -> list[RuleRow]:
    """Return every rule version in the table (cached like the calendars)."""

    if shipped_calendar_only():
        return default_rules()
    version = _version()
    hit = _rules.get("all")
    if hit is not None and hit[0] == version:
        return hit[1]
    rows = [r.as_row() for r in DeadlineRule.objects.all()]
    with _lock:
        _rules["all"] = (version, rows)
    return rows


@dataclass(frozen=True)
class Deadline:
    """A computed due date with the rule version it came from."""

    kind: str
    step: str
    start: dt.date
    due: dt.date
    rule: RuleRow

    @property
    def rule_text(self) -> str:
        """Return "30 ngày (phức tạp)" in Vietnamese."""

        text = f"{self.rule.amount} {Unit(self.rule.unit).label}"
        if self.rule.variant != "thuong":
            text += f" ({Variant(self.rule.variant).label.lower()})"
        return text

    def as_dict(self) -> dict[str, Any]:
        """Return a JSON-ready description."""
        return {
            "due": self.due.isoformat(),
            "rule": self.rule_text,
            "citation": self.rule.citation,
            "kind": self.kind,
            "step": self.step,
            "variant": self.rule.variant,
            "amount": self.rule.amount,
            "unit": self.rule.unit,
            "from": self.start.isoformat(),
            "effective_from": self.rule.effective_from.isoformat(),
            "confirmed": self.rule.confirmed,
            "note": self.rule.note,
        }


def find_rule(
    kind: str, step: str, on: dt.date, *, complex: bool = False, very_complex: bool = False, remote: bool = False
) -> RuleRow:
    """Return the rule version in force on `on`, or raise WorkdaysError."""
    rule = select_rule(load_rules(), kind, step, on, complex=complex, very_complex=very_complex, remote=remote)
    if rule is None:
        steps = sorted({r.step for r in load_rules() if r.kind == kind})
        raise WorkdaysError(
            _("Không có thời hạn cho “%(kind)s – %(step)s” áp dụng ngày %(date)s. Các bước có thời hạn: %(steps)s.")
            % {"kind": kind, "step": step, "date": on.strftime("%d/%m/%Y"), "steps": ", ".join(steps) or "—"}
        )
    return rule


def compute_deadline(
    kind: str,
    step: str,
    start: dt.date,
    *,
    complex: bool = False,
    very_complex: bool = False,
    remote: bool = False,
    organisation: Any = None,
) -> Deadline:
    """Return the due date of a step that starts on `start` (the triggering day, which does not count)."""
    kind, step = parse_kind(kind), parse_step(step)
    rule = find_rule(kind, step, start, complex=complex, very_complex=very_complex, remote=remote)
    due = _call(get_calendar(organisation).due_date, start, rule.amount, rule.unit)
    return Deadline(kind=kind, step=step, start=start, due=due, rule=rule)


def due_dates_batch(starts: Any, amounts: Any, units: Any, *, organisation: Any = None) -> Any:
    """Return due dates for NumPy arrays of starts (datetime64[D]), amounts and units, for a recompute."""
    return _call(get_calendar(organisation).due_dates_batch, starts, amounts, units)


def working_days_left(due: dt.date, *, today: dt.date | None = None, organisation: Any = None) -> int:
    """Return the working days from today (exclusive) to `due` (inclusive); negative when overdue."""
    today = today or timezone.localdate()
    return working_days_between(today, due, organisation=organisation)


# ====================================================================== recompute hooks

DateRange = tuple[dt.date, dt.date] | None
Recompute = Callable[..., int]
_sources: dict[str, Recompute] = {}


def register_deadline_source(name: str, recompute: Recompute) -> None:
    """Register a function that recomputes its open deadlines after a calendar or rule change.

    It is called as ``recompute(organisation_ids, date_range, reason=reason)``: `organisation_ids`
    is the set of organisations whose calendar changed (None: all), `date_range` the changed days
    (None: any, e.g. a rule or a weekly rest change), `reason` the change in one Vietnamese phrase
    ("ngày 24/11/2026 chuyển thành ngày nghỉ — Ngày Văn hóa Việt Nam (NQ 28/2026/QH16, Điều 2, hiệu lực 01/7/2026)"),
    for the source's timeline and audit. A source that takes no `reason` is called without it. A
    deadline is affected by a changed day d only when start < d ≤ its current due date. The source
    recomputes, saves, audits and notifies, and returns how many deadlines it changed.
    Registering a name again replaces it.
    """
    _sources[name] = recompute


def _takes_reason(fn: Recompute) -> bool:
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False
    return "reason" in params or any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values())


def unregister_deadline_source(name: str) -> None:
    """Remove a registered source (tests)."""
    _sources.pop(name, None)


def deadline_sources() -> dict[str, Recompute]:
    """Return the registered sources."""
    return dict(_sources)


def recompute_open_deadlines(
    organisation_ids: Iterable[int] | None = None, date_range: DateRange = None, reason: str = ""
) -> dict[str, int]:
    """Call every registered source with the reason of the change; return how many deadlines each changed."""
    ids = set(organisation_ids) if organisation_ids is not None else None
    invalidate_local()
    out: dict[str, int] = {}
    for name, fn in list(_sources.items()):
        try:
            out[name] = int(fn(ids, date_range, reason=reason) if _takes_reason(fn) else fn(ids, date_range))
        except Exception:  # one broken source must not stop the others
            logger.exception("workdays: deadline source %s failed", name)
            out[name] = -1
    return out


def invalidate_local() -> None:
    """Drop this process's cached calendars (the shared version is left alone)."""
    with _lock:
        _calendars.clear()
        _rules.clear()


def subtree_ids(organisation: Any) -> set[int]:
    """Return the ids of an organisation and everything below it."""

    return set(Organisation.objects.filter(path__startswith=organisation.path).values_list("id", flat=True)) | {
        organisation.pk
    }


def schedule_recompute(*, organisation: Any = None, date_range: DateRange = None, reason: str = "") -> None:
    """Invalidate the caches now and enqueue the recompute task once the transaction commits."""
    invalidate()
    ids = sorted(subtree_ids(organisation)) if organisation is not None else None
    date_from = date_range[0].isoformat() if date_range else None
    date_to = date_range[1].isoformat() if date_range else None

    def _enqueue() -> None:
        try:
            recompute_deadlines.enqueue(organisation_ids=ids, date_from=date_from, date_to=date_to, reason=reason)
        except Exception:
            logger.exception("workdays: could not enqueue the deadline recompute")

    transaction.on_commit(_enqueue)


# ====================================================================== pages


@dataclass(frozen=True)
class MonthView:
    """One month of the year view: weeks of days (None pads the first and last week)."""

    year: int
    month: int
    weeks: list[list[Any]]
    days_off: int


def year_view(year: int, *, organisation: Any = None) -> list[MonthView]:
    """Return the twelve month grids of a year, Monday first, for the calendar page."""
    first, last = calendar_span()
    if not first <= year <= last:
        raise WorkdaysError(
            _("Năm %(year)s nằm ngoài lịch làm việc đã lập (%(first)s–%(last)s).")
            % {"year": year, "first": first, "last": last}
        )

    # The engine names a weekly rest day in Vietnamese ("Thứ Bảy"); the page names it in the reader's language.
    weekday = dict(
        zip(
            WEEKDAY_NAMES,
            (_("Thứ Hai"), _("Thứ Ba"), _("Thứ Tư"), _("Thứ Năm"), _("Thứ Sáu"), _("Thứ Bảy"), _("Chủ nhật")),
            strict=True,
        )
    )
    cal = get_calendar(organisation)
    months = []
    for month in range(1, 13):
        days = [
            replace(d, reason=str(weekday[d.reason])) if d.reason in weekday else d for d in cal.month_days(year, month)
        ]
        cells: list[Any] = [None] * days[0].day.weekday() + list(days)
        cells += [None] * (-len(cells) % 7)
        weeks = [cells[i : i + 7] for i in range(0, len(cells), 7)]
        months.append(MonthView(year, month, weeks, sum(1 for d in days if not d.working)))
    return months
