"""`danvan plan parse FILE` prints the parsed plan as JSON (no database); `danvan plan import FILE --org CODE` stores it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from danvan.core.context import acting_as
from danvan.org.choices import TENANT_KINDS
from danvan.org.models import Organisation
from danvan.plans import services
from danvan.plans.parsing import PlanParseError, parse_plan

# Exit codes: 2 = bad arguments (argparse's convention), 1 = the file cannot be read or parsed.
BAD_ARGUMENTS = 2
UNREADABLE = 1


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except IsADirectoryError:
        raise CommandError(f"“{path}” là thư mục, không phải tệp.", returncode=UNREADABLE) from None
    except OSError as exc:
        raise CommandError(f"Không đọc được tệp “{path}”: {exc.strerror or exc}.", returncode=UNREADABLE) from None


class Command(BaseCommand):
    help = (
        "Kế hoạch: 'parse TỆP [--year N]' in JSON đọc được (không ghi CSDL); 'import TỆP --org KÝ_HIỆU' lưu vào CSDL."
    )
    # `parse` must work without a database: no system checks, which may open a connection.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, metavar="parse|import")
        parse = sub.add_parser("parse", help="đọc kế hoạch, in JSON")
        parse.add_argument("file")
        parse.add_argument("--year", type=int, help="năm của kế hoạch, khi văn bản không ghi rõ")
        imp = sub.add_parser("import", help="đọc và lưu kế hoạch thành dự thảo của đơn vị")
        imp.add_argument("file")
        imp.add_argument("--org", required=True, help="ký hiệu trường hoặc Sở, ví dụ THPTNK")
        imp.add_argument("--year", type=int)
        imp.add_argument(
            "--create-unit",
            action="append",
            default=[],
            dest="create_units",
            metavar="TÊN",
            help="tạo bộ phận còn thiếu có tên này (có thể lặp lại)",
        )
        imp.add_argument(
            "--accept-issuer",
            action="store_true",
            help="vẫn nhập khi cơ quan ban hành ghi trên văn bản khác tên đơn vị (đã kiểm tra)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "parse":
            self._parse(options)
        else:
            self._import(options)

    def _parse(self, options: dict[str, Any]) -> None:
        data = _read(options["file"])
        try:
            result = parse_plan(data, filename=Path(options["file"]).name, year=options.get("year"))
        except PlanParseError as exc:
            raise CommandError(f"Không đọc được kế hoạch: {exc}", returncode=UNREADABLE) from None
        self.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=2))

    def _import(self, options: dict[str, Any]) -> None:
        code = options["org"].strip()
        orgs = list(Organisation.objects.filter(code__iexact=code, kind__in=TENANT_KINDS)[:2])
        if not orgs:
            raise CommandError(f"Không có trường hoặc Sở nào có ký hiệu “{code}”.", returncode=BAD_ARGUMENTS)
        if len(orgs) > 1:
            raise CommandError(f"Có nhiều đơn vị cùng ký hiệu “{code}”.", returncode=BAD_ARGUMENTS)
        org = orgs[0]
        path = Path(options["file"])
        data = _read(str(path))
        try:
            preview = services.preview_import(data, path.name, org, year=options.get("year"))
            with acting_as(label="danvan plan import"), path.open("rb") as fh:
                plan = services.import_plan(
                    preview.data,
                    organisation=org,
                    actor=None,
                    source_file=fh,
                    source_name=path.name,
                    create_units=options["create_units"],
                    issuer_acknowledged=options["accept_issuer"],
                )
        except services.DuplicatePlan as exc:
            raise CommandError(f"{exc} (#{exc.other.pk})", returncode=BAD_ARGUMENTS) from None
        except services.PlanError as exc:
            hint = " Dùng --accept-issuer nếu đúng là kế hoạch của đơn vị." if exc.field == "acknowledge_issuer" else ""
            raise CommandError(f"{exc}{hint}", returncode=UNREADABLE) from None
        created = set(options["create_units"])
        unknown = [u for u in preview.unknown_units if u not in created]
        self.stdout.write(str(plan.pk))
        self.stdout.write(
            f"Đã nhập kế hoạch #{plan.pk} “{plan.title}” cho {org.name}: {plan.tasks.count()} nhiệm vụ, "
            f"{plan.legal_refs.count()} văn bản căn cứ, {plan.report_deadlines.count()} hạn báo cáo, "
            f"{len(preview.warnings)} cảnh báo."
        )
        if unknown:
            self.stdout.write("Bộ phận chưa có trong danh mục (dùng --create-unit để tạo): " + "; ".join(unknown))
