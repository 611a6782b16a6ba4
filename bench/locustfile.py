"""Mixed load for locust: citizens on the public form and the tracking page, staff on the queue and the dashboard.

Run through bench/load.py (it prepares PostgreSQL, demo data and some thousands of petitions, starts the web
server and runs locust headless). Environment read here:
  DANVAN_LOAD_SCHOOL  code of the school whose public form is used (default THPTNK, the demo school)
  DANVAN_LOAD_CODES   a file with one tracking code per line (petitions seeded with phone ending 5678)
  DANVAN_LOAD_USER / DANVAN_LOAD_PASSWORD  the staff login (default the demo principal)
Every answer but the expected one (200 for pages, 302 for a sent form or a found petition) is a failure.
"""

from __future__ import annotations

import os
import random
import re
from pathlib import Path

from locust import HttpUser, between, task

SCHOOL = os.environ.get("DANVAN_LOAD_SCHOOL", "THPTNK")
CODES = (
    [c for c in Path(os.environ["DANVAN_LOAD_CODES"]).read_text().split() if c]
    if os.environ.get("DANVAN_LOAD_CODES")
    else []
)
USER = os.environ.get("DANVAN_LOAD_USER", "hieutruong")
PASSWORD = os.environ.get("DANVAN_LOAD_PASSWORD", "danvan2026")
CONTENT = (
    "Con tôi học lớp 10A3. Đầu năm học, lớp thu thêm tiền quỹ mà không có biên lai, không công khai chi tiêu. "
    "Đề nghị nhà trường kiểm tra, công khai các khoản thu và trả lời cho phụ huynh."
)


def _why(response) -> str:
    """Return the status and the page's own explanation (Django's 403 page says which CSRF check failed)."""
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text or ""))
    m = re.search(r"(Reason given for the failure|Lý do)[^.]*\.", text)
    return f"{response.status_code}: {m.group(0) if m else text[:160]}"


def _field(page: str, name: str) -> str:
    m = re.search(rf'name="{name}" value="([^"]*)"', page)
    return m.group(1) if m else ""


class Citizen(HttpUser):
    """A parent: opens the form, sometimes sends it, looks petitions up by code and phone."""

    weight = 3
    wait_time = between(1, 3)

    def on_start(self) -> None:
        self.mine: list[str] = []

    @task(3)
    def open_form(self) -> None:
        self.client.get(f"/don-thu/cong-khai/gui/{SCHOOL}/", name="public form GET")

    @task(2)
    def send_petition(self) -> None:
        url = f"/don-thu/cong-khai/gui/{SCHOOL}/"
        page = self.client.get(url, name="public form GET").text
        if not _field(page, "form_token"):
            return  # the GET failed (and counted); a POST without the tokens would only add a 403
        n = random.randrange(10**9)
        with self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"),
                "form_token": _field(page, "form_token"),
                "website": "",
                "kind": random.choice(["kien-nghi", "phan-anh"]),
                "subject": f"Khoản thu đầu năm {n}",
                "content": f"{CONTENT} (#{n})",
                "identity_choice": "handler-only",
                "full_name": "Trần Thị Bích",
                "address": "12 Lê Lợi",
                "phone": "0912345678",
                "email": "",
            },
            headers={"Referer": self.host + url},
            allow_redirects=False,
            name="public form POST",
            catch_response=True,
        ) as r:
            m = re.search(r"/da-gui/([^/]+)/", r.headers.get("Location", ""))
            if r.status_code != 302 or not m:
                r.failure(f"expected the 302 to the receipt, got {_why(r)}")
                return
            self.mine.append(m.group(1))

    @task(3)
    def track(self) -> None:
        pool = self.mine + CODES
        if not pool:
            return
        code = random.choice(pool)
        url = "/don-thu/cong-khai/theo-doi/"
        page = self.client.get(url, name="tracking GET").text
        if not _field(page, "csrfmiddlewaretoken"):
            return  # the GET failed (and counted)
        with self.client.post(
            url,
            data={"csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"), "code": code, "phone_last4": "5678"},
            headers={"Referer": self.host + url},
            allow_redirects=False,
            name="tracking POST",
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"petition not found: {_why(r)}")
                return
        self.client.get(r.headers["Location"], name="tracking status")


class Staff(HttpUser):
    """The principal: the petition queue (first pages, a search) and the dashboard."""

    weight = 1
    wait_time = between(1, 3)

    def on_start(self) -> None:
        url = "/tai-khoan/dang-nhap/"
        page = self.client.get(url, name="login GET").text
        with self.client.post(
            url,
            data={"csrfmiddlewaretoken": _field(page, "csrfmiddlewaretoken"), "username": USER, "password": PASSWORD},
            headers={"Referer": self.host + url},
            allow_redirects=False,
            name="login POST",
            catch_response=True,
        ) as r:
            if r.status_code != 302:
                r.failure(f"login refused: {_why(r)}")

    @task(3)
    def queue(self) -> None:
        self.client.get("/don-thu/", name="staff queue")

    @task(1)
    def queue_page_2(self) -> None:
        self.client.get("/don-thu/?page=2", name="staff queue page 2")

    @task(1)
    def queue_search(self) -> None:
        self.client.get("/don-thu/?q=kho%E1%BA%A3n+thu", name="staff queue search")

    @task(2)
    def dashboard(self) -> None:
        self.client.get("/tong-quan/", name="dashboard")
