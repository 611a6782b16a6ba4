"""Re-encrypt every protected field with the newest key of DANVAN_FIELD_KEYS, and refresh keyed hashes."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from danvan.core import audit
from danvan.core.context import acting_as
from danvan.lib.fieldcrypt import encrypt, encrypted_fields, is_encrypted_with_newest
from danvan.petitions.identity import fill_hashes


class Command(BaseCommand):
    help = (
        "Mã hóa lại mọi trường dữ liệu được bảo vệ bằng khóa mới nhất (khóa đầu tiên trong DANVAN_FIELD_KEYS). "
        "Chạy sau khi thêm khóa mới vào đầu danh sách; sau đó có thể bỏ khóa cũ."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm, không ghi.")
        parser.add_argument("--batch", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        dry = options["dry_run"]
        total = 0
        with acting_as(label="Xoay khóa mã hóa"):
            for model in apps.get_models():
                fields = encrypted_fields(model)
                if not fields:
                    continue
                count = self._rotate(model, fields, dry=dry, batch=options["batch"])
                total += count
                self.stdout.write(f"{model._meta.label}: {count} dòng {'cần' if dry else 'đã'} mã hóa lại")
            if not dry:
                audit.record("petitions.keys.rotated", changes={"rows": total})
        self.stdout.write(self.style.SUCCESS(f"Tổng: {total} dòng."))

    def _rotate(self, model: Any, fields: list[str], *, dry: bool, batch: int) -> int:
        table = model._meta.db_table
        columns = [model._meta.get_field(f).column for f in fields]
        pk_col = model._meta.pk.column
        changed = 0
        last_pk = None
        quote = connection.ops.quote_name
        while True:
            # Read the stored ciphertext directly (the field would decrypt it).
            sql = f"SELECT {quote(pk_col)}, {', '.join(quote(c) for c in columns)} FROM {quote(table)}"
            params: list[Any] = []
            if last_pk is not None:
                sql += f" WHERE {quote(pk_col)} > %s"
                params.append(last_pk)
            sql += f" ORDER BY {quote(pk_col)} LIMIT {int(batch)}"
            with connection.cursor() as cur:
                cur.execute(sql, params)
                rows = cur.fetchall()
            if not rows:
                break
            for pk, *stored in rows:
                last_pk = pk
                if all(is_encrypted_with_newest(v) for v in stored):
                    continue
                changed += 1
                if dry:
                    continue
                with transaction.atomic():
                    obj = model._base_manager.select_for_update().get(pk=pk)
                    values = {f: encrypt(getattr(obj, f)) for f in fields}
                    model._base_manager.filter(pk=pk).update(**values)
                    if hasattr(obj, "name_hmac"):
                        fill_hashes(obj)
                        model._base_manager.filter(pk=pk).update(
                            name_hmac=obj.name_hmac,
                            phone_hmac=obj.phone_hmac,
                            phone_last4_hash=obj.phone_last4_hash,
                            email_hmac=obj.email_hmac,
                        )
        return changed
