"""`danvan backup FILE`: the database and the uploaded files in one tar file, with a proof of the keys."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from danvan.core.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sao lưu CSDL (SQLite: backup API; PostgreSQL: pg_dump) và các tệp tải lên vào một tệp .tar; dữ liệu "
        "được bảo vệ vẫn ở dạng mã hóa. Cất giữ khóa DANVAN_FIELD_KEYS riêng: thiếu khóa thì không khôi phục được."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", help="Tệp sao lưu sẽ tạo (chưa có), ví dụ danvan-2026-12-07.tar")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = backup(Path(options["file"]), progress=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("Xong: CSDL %(engine)s và %(files)d tệp (%(mb).1f MB).")
                % {"engine": result.engine, "files": result.files, "mb": result.bytes / 1048576}
            )
        )
