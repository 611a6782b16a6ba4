"""Send due petition deadline reminders now (run from cron or a systemd timer every 15 minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danvan.core.context import acting_as
from danvan.petitions.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Gửi e-mail nhắc hạn xử lý đơn đến cán bộ xử lý (3 ngày làm việc trước hạn và đúng ngày hạn)."

    def handle(self, *args: Any, **options: Any) -> None:
        with acting_as(label="Nhắc hạn đơn thư"):
            sent = send_due_reminders()
        self.stdout.write(f"Đã gửi {sent} e-mail nhắc hạn.")
