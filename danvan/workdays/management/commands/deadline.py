"""`danvan deadline KIND STEP --from DATE`: the statutory due date of one step, with its citation."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danvan.workdays import services
from danvan.workdays.choices import Kind, Step
from danvan.workdays.management.commands._common import date_arg, fail, organisation


class Command(BaseCommand):
    help = (
        "Tính hạn theo luật. KIND: "
        + ", ".join(Kind.values)
        + ". STEP: "
        + ", ".join(Step.values)
        + ". Dòng đầu là ngày đến hạn (yyyy-mm-dd)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="loại việc, ví dụ khieu-nai, to-cao")
        parser.add_argument("step", help="bước, ví dụ thu-ly, giai-quyet")
        parser.add_argument("--from", dest="start", required=True, help="ngày phát sinh (yyyy-mm-dd hoặc dd/mm/yyyy)")
        parser.add_argument("--complex", action="store_true", help="vụ việc phức tạp")
        parser.add_argument("--very-complex", action="store_true", help="vụ việc đặc biệt phức tạp")
        parser.add_argument("--remote", action="store_true", help="vùng sâu, vùng xa, đi lại khó khăn")
        parser.add_argument("--json", action="store_true", help="in một đối tượng JSON")
        parser.add_argument("--org", help="ký hiệu đơn vị (mặc định: lịch chung)")

    def handle(self, *args: Any, **options: Any) -> None:
        start = date_arg(options["start"])
        org = organisation(options.get("org"))
        try:
            result = services.compute_deadline(
                options["kind"],
                options["step"],
                start,
                complex=options["complex"],
                very_complex=options["very_complex"],
                remote=options["remote"],
                organisation=org,
            )
        except services.WorkdaysError as exc:
            raise fail(exc.message) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        rule = result.rule
        self.stdout.write(result.due.isoformat())
        self.stdout.write(f"Hạn: {result.due:%d/%m/%Y} ({result.rule_text} kể từ sau ngày {start:%d/%m/%Y})")
        self.stdout.write(f"Căn cứ: {rule.citation}")
        self.stdout.write(
            f"Áp dụng từ: {rule.effective_from:%d/%m/%Y}" + ("" if rule.confirmed else " – CHƯA XÁC NHẬN")
        )
        if rule.note:
            self.stdout.write(f"Ghi chú: {rule.note}")
