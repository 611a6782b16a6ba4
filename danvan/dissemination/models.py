"""Legal and Party documents to study (shared by every organisation) and who studied them (tenant data)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.models import AuditedModel, OrgOwnedModel
from danvan.core.scoping import ScopedQuerySet
from danvan.core.uploads import random_storage_name
from danvan.dissemination.choices import SessionFormat
from danvan.dissemination.numbers import document_type_name, normalise_number
from danvan.lib.text import fold


class LegalDocument(AuditedModel):
    """A national, provincial or sector document such as Quyết định 23-QĐ/TW of 30/7/2021.

    It is not tenant data: one row serves every school; the study sessions that cover it are.
    """

    number = models.CharField(_("số, ký hiệu"), max_length=100)
    number_key = models.CharField(max_length=100, editable=False, db_index=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    issuer_key = models.CharField(max_length=255, editable=False, default="")
    title = models.TextField(_("trích yếu"), blank=True)
    doc_type = models.CharField(_("loại văn bản"), max_length=60, blank=True)
    search_text = models.TextField(editable=False, default="")

    audit_ignore = frozenset({"created_at", "updated_at", "search_text", "number_key", "issuer_key"})

    class Meta:
        verbose_name = _("văn bản quán triệt")
        verbose_name_plural = _("văn bản quán triệt")
        ordering = ["-date", "number"]
        constraints = [
            models.UniqueConstraint(fields=["number_key", "issuer_key"], name="legal_document_unique_number_issuer"),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.number_key = normalise_number(self.number)
        self.issuer_key = fold(self.issuer or "")
        if not self.doc_type:
            self.doc_type = document_type_name(self.number)
        self.search_text = fold(f"{self.number} {self.title} {self.issuer} {self.doc_type}")
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "number_key", "issuer_key", "doc_type", "search_text"}
        super().save(*args, **kwargs)

    def audit_organisation(self) -> Any:
        return None

    @property
    def label(self) -> str:
        """Return "Quyết định số 23-QĐ/TW ngày 30/7/2021"."""
        text = f"{self.doc_type} số {self.number}" if self.doc_type else self.number
        if self.date:
            text += f" ngày {self.date.day}/{self.date.month}/{self.date.year}"
        return text


def minutes_path(instance: StudySession, filename: str) -> str:
    """Return a random storage path for a session's minutes (the uploaded name never reaches the disk)."""
    return random_storage_name(f"quan-triet/{instance.organisation_id or 'x'}", filename)


class StudySession(OrgOwnedModel):
    """A session where a school studied (quán triệt) one or more documents."""

    title = models.CharField(_("tên buổi quán triệt"), max_length=300)
    documents = models.ManyToManyField(LegalDocument, verbose_name=_("văn bản"), related_name="sessions")
    held_on = models.DateField(_("ngày tổ chức"), db_index=True)
    organiser_unit = models.ForeignKey(
        "org.Organisation",
        verbose_name=_("bộ phận tổ chức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    format = models.CharField(
        _("hình thức"), max_length=14, choices=SessionFormat.choices, default=SessionFormat.CONFERENCE
    )
    expected_count = models.PositiveIntegerField(_("số người dự kiến"), default=0)
    minutes = models.FileField(_("biên bản"), upload_to=minutes_path, blank=True, max_length=255)
    task = models.ForeignKey(
        "plans.Task",
        verbose_name=_("nhiệm vụ kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="study_sessions",
    )
    notes = models.TextField(_("ghi chú"), blank=True)

    scope_field = "organisation"

    class Meta:
        verbose_name = _("buổi quán triệt")
        verbose_name_plural = _("buổi quán triệt")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class Attendance(AuditedModel):
    """Whether a staff member attended a session."""

    session = models.ForeignKey(
        StudySession, verbose_name=_("buổi quán triệt"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey("org.Person", verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("có mặt"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_field = "session__organisation"

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        ordering = ["session", "person__full_name"]
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="attendance_once_per_session")]

    def __str__(self) -> str:
        return f"{self.person} — {'có mặt' if self.present else 'vắng'}"

    def audit_organisation(self) -> Any:
        return self.session.organisation
