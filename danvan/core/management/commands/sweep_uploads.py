"""`danvan sweep_uploads`: delete uploaded files that no row names (left by a crash), tighten loose modes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from danvan.core.storage import sweep_orphans


class Command(BaseCommand):
    help = (
        "Xóa các tệp tải lên không thuộc bản ghi nào (do một lần lưu bị hủy hoặc tiến trình dừng đột ngột); "
        "tệp mới hơn --older-than giờ được giữ lại. Lịch chạy tự động: mỗi ngày một lần."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--older-than", type=float, default=1.0, help="Chỉ xóa tệp cũ hơn số giờ này (mặc định 1).")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không xóa.")

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep_orphans(older_than=dt.timedelta(hours=options["older_than"]), dry_run=options["dry_run"])
        for name in result.deleted:
            self.stdout.write(name)
        if options["dry_run"]:
            text = _("%(checked)d tệp đã kiểm tra, sẽ xóa %(deleted)d tệp mồ côi, %(new)d tệp quá mới để xét.")
        else:
            text = _("%(checked)d tệp đã kiểm tra, đã xóa %(deleted)d tệp mồ côi, %(new)d tệp quá mới để xét.")
        self.stdout.write(
            self.style.SUCCESS(
                text % {"checked": result.checked, "deleted": len(result.deleted), "new": result.too_new}
            )
        )
