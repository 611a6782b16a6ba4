"""Send N public petitions at the same instant from one address and print what happened, as JSON.

Run by tests/core/test_ratelimit.py as a separate process on a real database (a SQLite file in WAL mode, or the
PostgreSQL test database): N threads, each with its own database connection, wait on a barrier and post the
form together, as a burst of citizens' browsers would.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
django.setup()

# The app registry must be ready before models load.
from django.db import connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from danvan.core.testing import make_personas  # noqa: E402
from danvan.petitions import antispam  # noqa: E402
from danvan.petitions.models import Petition  # noqa: E402

CONTENT = "Con tôi học lớp 10A3, bị thu tiền học thêm không có biên lai. Đề nghị nhà trường làm rõ và trả lời."


def main(n: int) -> None:
    school = make_personas().school
    url = reverse("petitions:public_submit", args=[school.code])
    barrier = threading.Barrier(n)
    statuses: list[int] = []
    lock = threading.Lock()

    def send(i: int) -> None:
        data = {
            "kind": "kien-nghi",
            "subject": f"Thu tiền học thêm {i}",
            "content": CONTENT,
            "accused_text": "",
            "identity_choice": "handler-only",
            "full_name": "Trần Thị Bích",
            "address": "12 Lê Lợi",
            "phone": "0912 345 678",
            "email": "",
            "website": "",
            "form_token": antispam.issue_token(time.time() - 60),  # every browser has its own form
        }
        client = Client(REMOTE_ADDR="203.0.113.50")
        barrier.wait()
        try:
            status = client.post(url, data).status_code
        finally:
            connections.close_all()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=send, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    print(
        json.dumps(
            {
                "accepted": statuses.count(302),
                "refused": statuses.count(400),
                "other": sorted(s for s in statuses if s not in (400, 302)),
                "petitions": Petition.objects.count(),
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]))
