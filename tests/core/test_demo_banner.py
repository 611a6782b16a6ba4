"""`make demo` ends with the address and the logins (e-mails go to files, the servers' output to a log), and the
site has an icon of its own, also at /favicon.ico."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail
from django.core.mail import get_connection

from danvan import cli
from danvan.org.demo import DEMO_PASSWORD, demo_logins


def test_the_banner_ends_with_the_address_after_every_login_and_says_where_mail_and_logs_go(
    settings, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    text = cli.demo_banner(8123, tmp_path, log=tmp_path / "demo.log")
    lines = [line for line in text.splitlines() if line.strip() and not set(line) <= {"="}]
    assert "http://127.0.0.1:8123/" in lines[-1] and "Ctrl+C" in lines[-1]
    assert "xem các tệp trong outbox/" in text and "demo.log" in text
    assert DEMO_PASSWORD in text
    for username, label in demo_logins():
        assert f"  {username:<16} {label}" in text


def test_demo_mail_is_written_to_the_outbox_folder_not_the_console(settings, tmp_path, capsys):
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    backend = get_connection("django.core.mail.backends.filebased.EmailBackend")
    mail.EmailMessage("Giấy biên nhận", "Nội dung", to=["cong.dan@example.invalid"], connection=backend).send()
    written = list(Path(settings.EMAIL_FILE_PATH).iterdir())
    assert len(written) == 1 and "cong.dan@example.invalid" in written[0].read_text()
    assert capsys.readouterr().out == ""


@pytest.mark.django_db
def test_the_site_has_its_own_icon_also_at_favicon_ico(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    data = b"".join(icon.streaming_content) if icon.streaming else icon.content
    assert data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    page = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert 'href="/static/danvan/favicon.svg"' in page or "favicon.svg" in page
    assert client.get("/static/danvan/favicon.svg").status_code == 200
