"""Record the 01/7/2026 transition rules on petitions open then, and recompute their deadlines (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danvan.core.context import acting_as
from danvan.petitions.transition import apply_2026_transition


class Command(BaseCommand):
    help = (
        "Ghi vào diễn biến các đơn đang giải quyết ngày 01/7/2026 quy định nào áp dụng (NĐ 155/2026 Điều 22; "
        "NĐ 156/2026 Điều 10) và tính lại thời hạn. Chạy lại nhiều lần không ghi trùng."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(label="Chuyển tiếp quy định 01/7/2026"):
            count = apply_2026_transition()
        self.stdout.write(f"Đã ghi quy định áp dụng cho {count} đơn.")
