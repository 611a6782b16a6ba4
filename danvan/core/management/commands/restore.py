"""`danvan restore FILE [--yes]`: replace the database and the uploaded files by a backup's."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danvan.core.backup import BackupError, plan_restore, restore


class Command(BaseCommand):
    help = (
        "Khôi phục CSDL và tệp tải lên từ một bản sao lưu của `danvan backup`. Kiểm tra khóa mã hóa và mã kiểm "
        "tra trước khi ghi đè; hỏi xác nhận trừ khi có --yes. Dừng máy chủ web và tiến trình nền trước."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Tệp sao lưu (.tar) do `danvan backup` tạo")
        parser.add_argument("--yes", action="store_true", help="Không hỏi lại trước khi ghi đè.")

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["file"])
        try:
            plan = plan_restore(source)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            _("Bản sao lưu lúc %(at)s: CSDL %(engine)s, %(files)d tệp; khóa mã hóa khớp.")
            % {"at": plan.created_at, "engine": plan.engine, "files": plan.files}
        )
        if not options["yes"]:
            question = _("Ghi đè CSDL %(db)s và thư mục tệp tải lên? Gõ “yes” để tiếp tục: ") % {"db": plan.database}
            if not sys.stdin.isatty():
                raise CommandError(_("Cần xác nhận trước khi ghi đè: chạy lại với --yes."))
            if input(question).strip().lower() not in ("yes", "y", "có", "co"):
                raise CommandError(_("Đã hủy: không thay đổi gì."))
        try:
            result = restore(source, progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        if result.problems:
            raise CommandError(
                _("Đã khôi phục nhưng không giải mã được dữ liệu của: %(models)s.")
                % {"models": ", ".join(result.problems)}
            )
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Xong: đã khôi phục CSDL và %(files)d tệp; %(rows)d dòng dữ liệu mã hóa đọc lại được. Chạy "
                    "`danvan manage migrate` nếu phiên bản danvan mới hơn bản sao lưu."
                )
                % {"files": result.files, "rows": result.decrypted_rows}
            )
        )
