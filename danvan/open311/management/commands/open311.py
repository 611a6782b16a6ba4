"""`danvan open311`: create, list and revoke partner apps' Open311 keys from the console.

danvan open311 key create --org CODE --name "<ứng dụng>"   prints the key once
danvan open311 key list [--org CODE]
danvan open311 key revoke <id>
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from danvan.core.context import acting_as
from danvan.open311 import services
from danvan.open311.models import PartnerKey


def fail(message: Any) -> CommandError:
    """Return the error every bad input raises: a Vietnamese message and exit code 2."""
    return CommandError(str(message), returncode=2)


class Command(BaseCommand):
    help = "Cấp, liệt kê, thu hồi khóa Open311 của ứng dụng đối tác."

    def add_arguments(self, parser: CommandParser) -> None:
        groups = parser.add_subparsers(dest="group", required=True)
        key = groups.add_parser("key", help="Khóa của ứng dụng đối tác.")
        sub = key.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Cấp khóa gửi đơn đến một trường hoặc Sở (khóa chỉ in ra một lần).")
        create.add_argument("--org", required=True, help="Ký hiệu của trường hoặc Sở")
        create.add_argument("--name", required=True, help="Tên ứng dụng đối tác")
        listing = sub.add_parser("list", help="Liệt kê khóa (không bao giờ in khóa).")
        listing.add_argument("--org")
        revoke = sub.add_parser("revoke", help="Thu hồi một khóa theo mã số.")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label="danvan open311"):
            getattr(self, f"do_{opts['action']}")(opts)

    def _org(self, code: str) -> Any:
        org = services.jurisdictions().filter(code=code).first()
        if org is None:
            raise fail(f"Không có trường hoặc Sở có ký hiệu “{code}”.")
        return org

    def do_create(self, opts: dict[str, Any]) -> None:
        try:
            partner, key = services.create_key(self._org(opts["org"]), actor=None, name=opts["name"])
        except services.Open311Error as exc:
            raise fail(exc) from None
        self.stderr.write(
            f"Đã cấp khóa #{partner.pk} “{partner.name}” cho {partner.organisation.name}. Khóa chỉ in ra một lần:"
        )
        self.stdout.write(key)

    def do_list(self, opts: dict[str, Any]) -> None:
        keys = PartnerKey.objects.select_related("organisation").order_by("organisation__code", "-created_at")
        if opts.get("org"):
            keys = keys.filter(organisation=self._org(opts["org"]))
        for k in keys:
            state = f"thu hồi {timezone.localtime(k.revoked_at):%d/%m/%Y}" if k.revoked_at else "đang dùng"
            self.stdout.write(f"{k.pk}\t{k.organisation.code}\t{k.prefix}…\t{k.name}\t{state}")

    def do_revoke(self, opts: dict[str, Any]) -> None:
        partner = PartnerKey.objects.select_related("organisation").filter(pk=opts["id"]).first()
        if partner is None:
            raise fail(f"Không có khóa #{opts['id']}.")
        services.revoke_key(partner, actor=None)
        self.stdout.write(f"Đã thu hồi khóa #{partner.pk} “{partner.name}”.")
