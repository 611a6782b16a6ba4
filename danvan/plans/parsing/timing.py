"""Turn a timing as written ("Quý 1, quý 2", "tháng 9/2023", "trước ngày 15/6/2023") into date periods."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .dates import make_date, month_end
from .textnorm import fold


@dataclass(frozen=True)
class TimeContext:
    """The year a timing without a year refers to; a school year starts in August of `year`."""

    year: int | None
    school_year: bool = False

    def month_year(self, month: int) -> int | None:
        """Return the calendar year of a month written without a year."""
        if self.year is None:
            return None
        # In "năm học 2020-2021" months 8-12 belong to 2020 and months 1-7 to 2021.
        if self.school_year and month < 8:
            return self.year + 1
        return self.year

    def whole(self) -> tuple[dt.date, dt.date] | None:
        """Return the whole plan period: the calendar year, or 1/9 to 31/5 of a school year."""
        if self.year is None:
            return None
        if self.school_year:
            return dt.date(self.year, 9, 1), dt.date(self.year + 1, 5, 31)
        return dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_NUM = r"(?:[1-4]|iv|i{1,3})"
_YEAR = r"(?:\s*(?:/|-|nam)\s*(?P<y>\d{4}))?"
_DATE = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}))?|(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?"

_DATE_RANGE = re.compile(rf"(?:tu\s+)?(?:ngay\s+)?(?:{_DATE})\s*(?:den|-|–|toi)\s*(?:het\s+)?(?:ngay\s+)?(?:{_DATE})")
_DEADLINE = re.compile(
    r"(?:truoc|cham nhat|han chot|han cuoi|khong qua|hoan thanh truoc|xong truoc|den|xong)(?:\s+(?:la|vao|truoc))*\s+"
    rf"(?:ngay\s+)?(?:{_DATE})"
)
_DAY = re.compile(
    rf"(?:ngay\s+)(?:{_DATE})|(?<![\d/.\-])(\d{{1,2}})(?P<sep>[/.\-])(\d{{1,2}})(?P=sep)(\d{{4}})(?![\d/])"
    r"|(?<![\d/])(?<!thang )(\d{1,2})/(\d{1,2})(?![\d/])"
)
_MONTH_RANGE = re.compile(
    r"(?:tu\s+)?thang\s+(?P<m1>\d{1,2})(?:\s*(?:/|nam)\s*(?P<y1>\d{4}))?\s*(?:den|-|–|toi)\s*(?:het\s+)?(?:thang\s+)?"
    r"(?P<m2>\d{1,2})(?:\s*(?:/|nam)\s*(?P<y2>\d{4}))?"
)
_MONTH_LIST = re.compile(
    r"thang\s+(?P<ms>\d{1,2}(?:\s*(?:,|;|&|va)\s*(?:thang\s+)?\d{1,2}(?!\d)(?!/\d{1,2}(?!\d)))*)"
    r"(?:\s*(?:/|nam)\s*(?P<y>\d{4}))?"
)
_SCHOOL_YEAR_SPAN = re.compile(r"\bnam hoc\s*(\d{4})\s*[-–]\s*(\d{4})\b")
_QUARTER = re.compile(rf"quy\s+(?P<qs>{_NUM}\b(?:\s*(?:,|;|&|va|-|–|den)\s*(?:quy\s+)?{_NUM}\b)*){_YEAR}")
_SEMESTER = re.compile(r"(?:hoc ky|hk)\s*(?P<s>ii|2|i|1)\b")
_HALF = re.compile(r"6 thang (?P<h>dau|cuoi) nam")
_WHOLE = re.compile(
    r"\b(?:ca nam|thuong xuyen|hang (?:ngay|tuan|thang|quy|nam)|suot nam|quanh nam|lien tuc|trong nam|dinh ky)\b"
)
_YEAR_ONLY = re.compile(r"\bnam\s+(\d{4})\b")


def _quarter_number(token: str) -> int:
    return int(token) if token.isdigit() else _ROMAN[token]


def _date_from(groups: tuple[str | None, ...], ctx: TimeContext) -> dt.date | None:
    d, m, y, d2, m2, y2 = groups
    day, month, year = (d, m, y) if d else (d2, m2, y2)
    if not day or not month:
        return None
    year_value = int(year) if year else ctx.month_year(int(month))
    if year_value is None:
        return None
    return make_date(year_value, int(month), int(day))


def _month_period(month: int, year: int | None, ctx: TimeContext) -> tuple[dt.date, dt.date] | None:
    if not 1 <= month <= 12:
        return None
    year = year or ctx.month_year(month)
    if year is None:
        return None
    return dt.date(year, month, 1), month_end(year, month)


def periods_for(timing: str | None, ctx: TimeContext) -> list[tuple[dt.date, dt.date]]:
    """Return the periods a timing text covers, in order; [] when it states no recognisable time."""
    if not timing:
        return []
    text = fold(timing)
    periods: list[tuple[dt.date, dt.date]] = []

    def blank(match: re.Match[str]) -> None:
        nonlocal text
        text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]

    for match in list(_DATE_RANGE.finditer(text)):
        start = _date_from(match.groups()[0:6], ctx)
        end = _date_from(match.groups()[6:12], ctx)
        if start and end and start <= end:
            periods.append((start, end))
        blank(match)
    for match in list(_DEADLINE.finditer(text)):
        end = _date_from(match.groups()[0:6], ctx)
        whole = ctx.whole()
        if end:
            start = whole[0] if whole and whole[0] <= end else end
            periods.append((start, end))
        blank(match)
    for match in list(_DAY.finditer(text)):
        groups = match.groups()
        if any(groups[0:6]):
            day = _date_from(groups[0:6], ctx)
        elif groups[6]:
            day = _date_from((groups[6], groups[8], groups[9], None, None, None), ctx)
        else:
            day = _date_from((groups[10], groups[11], None, None, None, None), ctx)
        if day:
            periods.append((day, day))
        blank(match)
    for match in list(_MONTH_RANGE.finditer(text)):
        year2 = int(match.group("y2")) if match.group("y2") else None
        year1 = int(match.group("y1")) if match.group("y1") else None
        m1, m2 = int(match.group("m1")), int(match.group("m2"))
        if year1 is None and year2 is not None and not ctx.school_year:
            year1 = year2 if m1 <= m2 else year2 - 1
        first = _month_period(m1, year1, ctx)
        last = _month_period(m2, year2, ctx)
        if first and last and first[0] <= last[1]:
            periods.append((first[0], last[1]))
        blank(match)
    for match in list(_MONTH_LIST.finditer(text)):
        year = int(match.group("y")) if match.group("y") else None
        for month in re.findall(r"\d{1,2}", match.group("ms")):
            period = _month_period(int(month), year, ctx)
            if period:
                periods.append(period)
        blank(match)
    for match in list(_QUARTER.finditer(text)):
        tokens = re.findall(rf"{_NUM}\b|-|–|den", match.group("qs"))
        numbers: list[int] = []
        ranged = False
        for token in tokens:
            if token in ("-", "–", "den"):
                ranged = True
                continue
            number = _quarter_number(token)
            if ranged and numbers:
                numbers.extend(range(numbers[-1] + 1, number + 1))
            else:
                numbers.append(number)
            ranged = False
        year = int(match.group("y")) if match.group("y") else None
        for quarter in numbers:
            # Both ends in the year of the quarter's first month (a school year splits the calendar in August).
            quarter_year = year or ctx.month_year(3 * quarter - 2)
            first = _month_period(3 * quarter - 2, quarter_year, ctx)
            last = _month_period(3 * quarter, quarter_year, ctx)
            if first and last:
                periods.append((first[0], last[1]))
        blank(match)
    for match in list(_SEMESTER.finditer(text)):
        if ctx.year is not None:
            first_half = match.group("s") in ("i", "1")
            base = ctx.year
            if ctx.school_year:
                periods.append(
                    (dt.date(base, 9, 1), dt.date(base + 1, 1, 15))
                    if first_half
                    else (dt.date(base + 1, 1, 16), dt.date(base + 1, 5, 31))
                )
            else:
                periods.append(
                    (dt.date(base, 1, 1), dt.date(base, 5, 31))
                    if not first_half
                    else (dt.date(base, 9, 1), dt.date(base, 12, 31))
                )
        blank(match)
    for match in list(_HALF.finditer(text)):
        if ctx.year is not None:
            first_half = match.group("h") == "dau"
            periods.append(
                (dt.date(ctx.year, 1, 1), dt.date(ctx.year, 6, 30))
                if first_half
                else (dt.date(ctx.year, 7, 1), dt.date(ctx.year, 12, 31))
            )
        blank(match)
    for match in list(_SCHOOL_YEAR_SPAN.finditer(text)):
        first_year, second_year = int(match.group(1)), int(match.group(2))
        if second_year == first_year + 1:
            periods.append((dt.date(first_year, 9, 1), dt.date(second_year, 5, 31)))
        blank(match)
    if not periods and _WHOLE.search(text):
        whole = ctx.whole()
        if whole:
            periods.append(whole)
    if not periods:
        match = _YEAR_ONLY.search(text)
        if match:
            year = int(match.group(1))
            periods.append((dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return sorted(set(periods))
