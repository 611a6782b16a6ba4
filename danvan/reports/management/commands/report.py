"""`danvan report compile --org CODE (--obligation ID | --from DATE --to DATE) --out FILE.docx`.

`danvan report refresh` marks unsent obligations whose due date has passed as missing (run it daily from cron,
or let the worker run the `refresh_overdue_obligations` task).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.context import acting_as
from danvan.org.models import Organisation
from danvan.reports import export, services
from danvan.reports.models import ReportObligation
from danvan.reports.narrative import default_sections
from danvan.reports.services import refresh_statuses


def fail(message: str) -> CommandError:
    """Return the error every bad input raises: a Vietnamese message and exit code 2."""
    return CommandError(message, returncode=2)


def parse_date(text: str, what: str) -> dt.date:
    """Parse an ISO (yyyy-mm-dd) or Vietnamese (dd/mm/yyyy) date, or fail with exit code 2."""
    text = (text or "").strip()
    try:
        if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
            return dt.date.fromisoformat("-".join(p.zfill(2) for p in text.split("-")))
        m = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})", text)
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        pass
    raise fail(f"{what} không hợp lệ: “{text}” (dùng yyyy-mm-dd hoặc dd/mm/yyyy).")


class Command(BaseCommand):
    help = (
        "Báo cáo: `report compile` tổng hợp báo cáo của một đơn vị và ghi ra tệp .docx (hoặc .xlsx, .pdf); "
        "`report refresh` đánh dấu các báo cáo quá hạn chưa gửi."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        c = sub.add_parser("compile", help="tổng hợp một báo cáo")
        c.add_argument("--org", required=True, help="ký hiệu đơn vị, ví dụ THPTNK")
        c.add_argument("--obligation", type=str, help="mã nghĩa vụ báo cáo (số)")
        c.add_argument("--from", dest="date_from", help="số liệu từ ngày (yyyy-mm-dd hoặc dd/mm/yyyy)")
        c.add_argument("--to", dest="date_to", help="số liệu đến ngày")
        c.add_argument("--title", default="", help="trích yếu (khi dùng --from/--to)")
        c.add_argument("--out", required=True, help="tệp kết quả .docx, .xlsx hoặc .pdf")
        sub.add_parser("refresh", help="đánh dấu các báo cáo quá hạn chưa gửi")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "compile":
            self.compile(options)
        elif options["action"] == "refresh":
            self.stdout.write(f"Đã đánh dấu {refresh_statuses()} báo cáo quá hạn chưa gửi.")

    def compile(self, options: dict[str, Any]) -> None:
        out = Path(options["out"])
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in ("docx", "xlsx", "pdf"):
            raise fail(f"Tệp kết quả phải có đuôi .docx, .xlsx hoặc .pdf: “{out}”.")
        if not out.parent.exists():
            raise fail(f"Thư mục không tồn tại: “{out.parent}”.")
        code = options["org"].strip()
        orgs = list(Organisation.objects.filter(code__iexact=code, kind__in=["TRUONG", "SO"]))
        if not orgs:
            raise fail(f"Không tìm thấy đơn vị có ký hiệu “{code}”.")
        if len(orgs) > 1:
            raise fail(f"Có nhiều đơn vị cùng ký hiệu “{code}”.")
        org = orgs[0]
        has_obligation = bool(options.get("obligation"))
        has_dates = bool(options.get("date_from") or options.get("date_to"))
        if has_obligation == has_dates:
            raise fail("Dùng --obligation ID hoặc --from NGÀY --to NGÀY (một trong hai).")
        with acting_as(None, label="danvan report"):
            if has_obligation:
                if not str(options["obligation"]).isdigit():
                    raise fail(f"--obligation phải là số: “{options['obligation']}”.")
                obligation = ReportObligation.objects.filter(pk=int(options["obligation"]), organisation=org).first()
                if obligation is None:
                    raise fail(f"Đơn vị {org.code} không có nghĩa vụ báo cáo số {options['obligation']}.")
                report = obligation.report_or_none
                if report is None or report.is_editable:
                    version = services.compile_report(obligation, actor=None)
                else:
                    version = report.current_version
                    self.stderr.write("Báo cáo đã ký hoặc đã gửi: xuất bản hiện hành, không tổng hợp lại.")
                title, figures = obligation.title, version.figures
                document = export.report_document(version) if fmt != "xlsx" else None
            else:
                if not (options.get("date_from") and options.get("date_to")):
                    raise fail("Cần cả --from và --to.")
                start = parse_date(options["date_from"], "--from")
                end = parse_date(options["date_to"], "--to")
                if end < start:
                    raise fail("--to phải sau --from.")
                figures = services.gather_figures([org.id], start, end)
                figures["organisation"] = org.name
                title = options["title"] or (
                    f"Kết quả thực hiện công tác dân vận từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
                )
                document = (
                    export.build_document(org, title, figures, default_sections(figures)) if fmt != "xlsx" else None
                )
        if fmt == "xlsx":
            data = export.to_xlsx(title, figures)
        elif fmt == "docx":
            data = export.to_docx(document)
        else:
            data = export.to_pdf(document)
        out.write_bytes(data)
        for note in figures.get("notes") or []:
            self.stderr.write(f"Ghi chú: {note}")
        self.stdout.write(f"Đã ghi {out} ({len(data)} byte).")
