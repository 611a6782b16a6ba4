"""Check the petition counters of the Department aggregate against the petitions, or rebuild them."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.petitions.stats import counter_differences, rebuild_counters


class Command(BaseCommand):
    help = (
        "Kiểm tra (check) hoặc tính lại (rebuild) bộ đếm đơn thư dùng cho báo cáo tổng hợp của Sở. "
        "`check` thoát với mã 1 khi bộ đếm khác số đếm trực tiếp từ đơn thư."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["check", "rebuild"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "rebuild":
            rows = rebuild_counters()
            self.stdout.write(f"Đã tính lại bộ đếm đơn thư: {rows} dòng.")
            return
        differences = counter_differences()
        for (organisation_id, measure, grain, day), stored, expected in differences[:50]:
            self.stdout.write(
                f"đơn vị {organisation_id} · {measure} · {grain} {day:%d/%m/%Y}: lưu {stored}, đếm được {expected}"
            )
        if differences:
            raise CommandError(
                f"{len(differences)} dòng bộ đếm khác số đếm từ đơn thư: chạy `petition_counters rebuild`."
            )
        self.stdout.write("Bộ đếm đơn thư khớp với số đếm từ đơn thư.")
