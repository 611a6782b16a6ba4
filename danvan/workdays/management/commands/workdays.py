"""`danvan workdays add|between|list|check|recompute`: working-day arithmetic from the command line."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.core import audit
from danvan.workdays import services
from danvan.workdays.engine import WEEKDAY_NAMES
from danvan.workdays.management.commands._common import date_arg, fail, int_arg, organisation

RECOMPUTE_REASON = "cập nhật bảng thời hạn và lịch làm việc theo văn bản năm 2026"


def _vn(day: Any) -> str:
    return f"{WEEKDAY_NAMES[day.weekday()]}, {day:%d/%m/%Y}"


class Command(BaseCommand):
    help = (
        "Lịch làm việc: 'add NGÀY N' (ngày làm việc thứ N sau NGÀY), 'between A B' (số ngày làm việc "
        "trong (A, B]), 'list NĂM' (các ngày nghỉ), 'check NGÀY', 'recompute' (tính lại mọi thời hạn đang mở, "
        "chạy sau migrate), 'warm' (đưa ngày lễ vào bộ nhớ đệm chung; danvan serve chạy trước khi mở máy chủ). "
        "Dòng đầu là kết quả."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", help="add | between | list | check | recompute | warm")
        parser.add_argument("values", nargs="*", help="NGÀY N | A B | NĂM | NGÀY (yyyy-mm-dd hoặc dd/mm/yyyy)")
        parser.add_argument("--org", help="ký hiệu đơn vị (mặc định: lịch chung của cán bộ, công chức)")
        parser.add_argument("--all", action="store_true", help="list: kể cả các ngày nghỉ hằng tuần")
        parser.add_argument("--reason", default=RECOMPUTE_REASON, help="recompute: lý do ghi vào diễn biến đơn")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        values: list[str] = options["values"]
        org = organisation(options.get("org"))
        handler = {
            "add": self._add,
            "between": self._between,
            "list": self._list,
            "check": self._check,
            "recompute": self._recompute,
            "warm": self._warm,
        }.get(action)
        if handler is None:
            raise fail(f"Lệnh không hợp lệ: “{action}”. Dùng add, between, list, check, recompute hoặc warm.")
        try:
            handler(values, org, options)
        except services.WorkdaysError as exc:
            raise fail(exc.message) from exc

    def _warm(self, values: list[str], org: Any, options: Any) -> None:
        self._need(values, 0, "warm")
        package = services.warm_shared_cache()
        self.stdout.write(str(len(package.days_off)))
        self.stdout.write(f"Đã đưa {len(package.days_off)} ngày nghỉ lễ của gói holidays vào bộ nhớ đệm chung.")

    def _need(self, values: list[str], count: int, usage: str) -> None:
        if len(values) != count:
            raise fail(f"Cách dùng: danvan workdays {usage}")

    def _add(self, values: list[str], org: Any, options: Any) -> None:
        self._need(values, 2, "add NGÀY N")
        start, n = date_arg(values[0]), int_arg(values[1], "N")
        due = services.add_working_days(start, n, organisation=org)
        self.stdout.write(due.isoformat())
        self.stdout.write(f"Ngày làm việc thứ {n} sau {_vn(start)}: {_vn(due)}")

    def _between(self, values: list[str], org: Any, options: Any) -> None:
        self._need(values, 2, "between A B")
        a, b = date_arg(values[0]), date_arg(values[1])
        count = services.working_days_between(a, b, organisation=org)
        self.stdout.write(str(count))
        self.stdout.write(f"Số ngày làm việc sau {_vn(a)} đến hết {_vn(b)}: {count}")

    def _list(self, values: list[str], org: Any, options: Any) -> None:
        self._need(values, 1, "list NĂM")
        year = int_arg(values[0], "NĂM")
        rows = services.days_off(year, organisation=org, include_weekly_rest=options.get("all", False))
        self.stdout.write(str(len(rows)))
        for day, name in rows:
            self.stdout.write(f"{day.isoformat()}\t{name}")

    def _check(self, values: list[str], org: Any, options: Any) -> None:
        self._need(values, 1, "check NGÀY")
        day = date_arg(values[0])
        info = services.get_calendar(org).describe(day) if _in_range(day) else None
        if info is None:
            raise fail(f"{day.isoformat()} nằm ngoài lịch làm việc đã lập.")
        self.stdout.write("lam-viec" if info.working else "nghi")
        self.stdout.write(
            f"{_vn(day)}: "
            + ("ngày làm việc" if info.working else f"ngày nghỉ – {info.reason}")
            + (f" ({info.reason})" if info.working and info.reason else "")
        )

    def _recompute(self, values: list[str], org: Any, options: Any) -> None:
        self._need(values, 0, "recompute [--org KÝ_HIỆU] [--reason LÝ_DO]")
        services.invalidate()
        ids = sorted(services.subtree_ids(org)) if org is not None else None
        counts = services.recompute_open_deadlines(ids, None, options["reason"])
        audit.record(
            "workdays.deadlines.recomputed",
            changes={"organisation_ids": ids, "counts": counts, "reason": options["reason"]},
            message=options["reason"],
        )
        self.stdout.write(str(sum(c for c in counts.values() if c > 0)))
        for name, count in sorted(counts.items()):
            self.stdout.write(f"{name}\t{count}")


def _in_range(day: Any) -> bool:
    first, last = services.calendar_span()
    return first <= day.year <= last
