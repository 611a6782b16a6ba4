"""`danvan national_export`: write the national database export of a school or the Department to a file.

danvan national_export --org CODE --from 2026-01-01 --to 2026-12-31 [--aggregate] --out FILE.json|FILE.xlsx
danvan national_export ... --identities --user USERNAME --purpose "<văn bản yêu cầu>"
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.context import acting_as
from danvan.nationaldb import services
from danvan.org.choices import OrgKind
from danvan.org.models import Organisation


def fail(message: Any) -> CommandError:
    """Return the error every bad input raises: a Vietnamese message and exit code 2."""
    return CommandError(str(message), returncode=2)


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise fail(f"Ngày không hợp lệ: “{text}” (viết YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = "Xuất sổ tiếp công dân và hồ sơ đơn thư cho CSDL quốc gia (JSON hoặc XLSX)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="Ký hiệu của trường hoặc Sở")
        parser.add_argument("--from", dest="start", required=True, help="Từ ngày (YYYY-MM-DD)")
        parser.add_argument("--to", dest="end", required=True, help="Đến ngày (YYYY-MM-DD), tính cả ngày này")
        parser.add_argument("--aggregate", action="store_true", help="Sở: gồm cả các trường trực thuộc")
        parser.add_argument("--out", required=True, help="Tệp ra: .json hoặc .xlsx")
        parser.add_argument(
            "--identities",
            action="store_true",
            help="Kèm danh tính người tố cáo (cần --user có thẩm quyền và --purpose)",
        )
        parser.add_argument("--user", help="Tên đăng nhập của người xuất (bắt buộc với --identities)")
        parser.add_argument("--purpose", default="", help="Mục đích, văn bản yêu cầu của cơ quan có thẩm quyền")

    def handle(self, *args: Any, **opts: Any) -> None:
        out = Path(opts["out"])
        fmt = out.suffix.lower().lstrip(".")
        if fmt not in services.FORMATS:
            raise fail("Tệp ra phải có đuôi .json hoặc .xlsx.")
        org = Organisation.objects.filter(code=opts["org"], kind__in=[OrgKind.SCHOOL, OrgKind.DEPARTMENT]).first()
        if org is None:
            raise fail(f"Không có trường hoặc Sở có ký hiệu “{opts['org']}”.")
        actor = None
        if opts["user"]:
            actor = get_user_model().objects.filter(username=opts["user"], is_active=True).first()
            if actor is None:
                raise fail(f"Không có người dùng “{opts['user']}”.")
        with acting_as(actor, label="danvan national_export"):
            try:
                job = services.open_export(
                    org,
                    actor=actor,
                    start=_day(opts["start"]),
                    end=_day(opts["end"]),
                    aggregate=opts["aggregate"],
                    include_identities=opts["identities"],
                    purpose=opts["purpose"],
                )
            except services.ExportError as exc:
                raise fail(exc.message) from None
            with out.open("wb") as fh:
                if fmt == "xlsx":
                    job.write_xlsx(fh)
                else:
                    for chunk in job.iter_json():
                        fh.write(chunk)
        self.stdout.write(f"Đã ghi {out} ({len(job.units)} đơn vị, lược đồ {services.SCHEMA_VERSION}).")
