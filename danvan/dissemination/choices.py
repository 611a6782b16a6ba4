"""Formats of a study session (quán triệt) of legal and Party documents."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# Minutes of a session: scanned or typed records only (type sniffed from content, core.uploads).
MINUTES_KINDS = frozenset({"pdf", "docx", "jpeg", "png"})


class SessionFormat(models.TextChoices):
    """How the documents were studied."""

    CONFERENCE = "hoi-nghi", _("Hội nghị")
    GROUP = "sinh-hoat-to", _("Sinh hoạt tổ, đoàn thể")
    ONLINE = "truc-tuyen", _("Trực tuyến")
