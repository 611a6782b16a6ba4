"""`danvan api_token`: create, list and revoke personal API tokens from the console (for integrations).

danvan api_token create <username> "<name>" [--days 90]   prints the key once
danvan api_token list [<username>]
danvan api_token revoke <id>
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from danvan.api import services
from danvan.api.models import ApiToken
from danvan.core.context import acting_as


def fail(message: Any) -> CommandError:
    """Return the error every bad input raises: a Vietnamese message and exit code 2."""
    return CommandError(str(message), returncode=2)


class Command(BaseCommand):
    help = "Tạo, liệt kê, thu hồi khóa API cá nhân."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Tạo khóa cho một người dùng (khóa chỉ in ra một lần).")
        create.add_argument("username")
        create.add_argument("name")
        create.add_argument("--days", type=int, default=90)
        listing = sub.add_parser("list", help="Liệt kê khóa (không bao giờ in khóa).")
        listing.add_argument("username", nargs="?")
        revoke = sub.add_parser("revoke", help="Thu hồi một khóa theo mã số.")
        revoke.add_argument("id", type=int)

    def handle(self, *args: Any, **opts: Any) -> None:
        with acting_as(label="danvan api_token"):
            getattr(self, f"do_{opts['action']}")(opts)

    def do_create(self, opts: dict[str, Any]) -> None:
        user = get_user_model().objects.filter(username=opts["username"]).first()
        if user is None:
            raise fail(f"Không có người dùng “{opts['username']}”.")
        try:
            new = services.create_token(user, name=opts["name"], days=opts["days"])
        except services.TokenError as exc:
            raise fail(exc.message) from None
        self.stderr.write(
            f"Đã tạo khóa #{new.token.pk} “{new.token.name}” cho {user.username}, hết hạn "
            f"{timezone.localtime(new.token.expires_at):%d/%m/%Y}. Khóa chỉ in ra một lần:"
        )
        self.stdout.write(new.key)

    def do_list(self, opts: dict[str, Any]) -> None:
        qs = ApiToken.objects.select_related("user").order_by("user__username", "-created_at")
        if opts.get("username"):
            qs = qs.filter(user__username=opts["username"])
        for t in qs:
            state = "đã thu hồi" if t.revoked else ("hết hạn" if t.is_expired else "đang dùng")
            used = f"{timezone.localtime(t.last_used_at):%d/%m/%Y %H:%M}" if t.last_used_at else "chưa dùng"
            self.stdout.write(f"{t.pk}\t{t.user.username}\t{t.prefix}…\t{t.name}\t{state}\t{used}")

    def do_revoke(self, opts: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(pk=opts["id"]).first()
        if token is None:
            raise fail(f"Không có khóa #{opts['id']}.")
        try:
            services.revoke_token(token, actor=None)
        except services.TokenError as exc:
            raise fail(exc.message) from None
        self.stdout.write(f"Đã thu hồi khóa #{token.pk} “{token.name}”.")
