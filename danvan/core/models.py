"""Users, the append-only audit trail, and the abstract bases every domain model uses."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from danvan.core.events import describe
from danvan.core.readers import hidden_q
from danvan.core.scoping import ScopedQuerySet, scope_filter
from danvan.lib.fieldcrypt import EncryptedCharField


class User(AbstractUser):
    """A person who signs in; their positions live in `org.Membership` through `org.Person`."""

    # Encrypted like the identities (a copied database must not give anyone a second factor).
    totp_secret = EncryptedCharField(_("khóa TOTP"), blank=True, editable=False)
    totp_enabled = models.BooleanField(_("xác thực hai lớp"), default=False)
    preferred_language = models.CharField(_("ngôn ngữ"), max_length=8, default="vi")

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Return the name in Vietnamese order: family and middle names (last_name) before the given name."""
        return f"{self.last_name} {self.first_name}".strip()

    def get_short_name(self) -> str:
        """Return the given name, which Vietnamese use to address someone."""
        return self.first_name


class TimeStampedModel(models.Model):
    """Add creation and modification times."""

    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


class AuditedModel(TimeStampedModel):
    """Record every create, change and delete of the row in the audit trail (see core.signals).

    `audit_redact` names fields whose values never enter the trail (protected identities);
    a change to them is still recorded, as "[đã ẩn]".
    """

    audit_redact: frozenset[str] = frozenset()
    audit_ignore: frozenset[str] = frozenset({"created_at", "updated_at"})

    class Meta:
        abstract = True

    def audit_organisation(self) -> Any:
        """Return the organisation the trail entry belongs to (the tenant)."""
        return getattr(self, "organisation", None)


class OrgOwnedModel(AuditedModel):
    """A tenant-owned row: it always carries its organisation, and is fetched through `visible_to`."""

    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        abstract = True


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """Entries can be added and read, never changed or removed through the ORM."""

    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events are append-only.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")

    def for_object(self, obj: models.Model) -> AuditEventQuerySet:
        """Return the entries about one object, newest first."""
        ct = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        return self.filter(content_type=ct, object_id=str(obj.pk)).order_by("-at", "-id")

    def visible_to(self, user: Any) -> AuditEventQuerySet:
        """Return the entries of organisations where the user may read the audit trail."""
        qs = self.filter(scope_filter(user, "audit.view", "organisation"))
        hidden = hidden_q(user)
        return qs.exclude(hidden) if hidden is not None else qs


class AuditEvent(models.Model):
    """One append-only line of the audit trail: who did what, when, from where, with the changed values."""

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,  # partial index in Meta
    )
    actor_repr = models.CharField(_("người thực hiện (tên)"), max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)
    organisation = models.ForeignKey(
        "org.Organisation", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Indexed by audit_object_idx (content_type, object_id) below.
    content_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300, blank=True)
    code = models.CharField(_("sự kiện"), max_length=100, db_index=True)
    changes = models.JSONField(_("thay đổi"), default=dict, blank=True)
    message = models.TextField(_("ghi chú"), blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"], name="audit_object_idx"),
            # Entries written by citizens (public form) and by the system have no actor: not indexed.
            models.Index(fields=["actor"], name="audit_actor_idx", condition=models.Q(actor__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_repr or '—'} {self.code}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events are append-only.")

    @property
    def sentence(self) -> str:
        """Return the Vietnamese sentence for this event's code."""
        return describe(self)


class PeriodicJob(models.Model):
    """When a recurring background task is next due (claimed by one worker with a conditional UPDATE)."""

    name = models.CharField(_("tên"), max_length=100, unique=True)
    next_run_at = models.DateTimeField(_("lần chạy tới"))
    last_run_at = models.DateTimeField(_("lần chạy trước"), null=True, blank=True)

    class Meta:
        verbose_name = _("việc định kỳ")
        verbose_name_plural = _("việc định kỳ")

    def __str__(self) -> str:
        return self.name


class RateLimitBucket(models.Model):
    """The recent events of one rate-limited key (an address, an account): a sliding log, locked row by row.

    `key` is a keyed digest, never the address or user name itself (a citizen's address could point to a
    denouncer, Luật Tố cáo 2018 Điều 47); a row lives no longer than its longest window (`expires_at`).
    """

    key = models.CharField(max_length=64, unique=True)
    hits = models.JSONField(default=list)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("bộ đếm giới hạn tần suất")
        verbose_name_plural = _("bộ đếm giới hạn tần suất")

    def __str__(self) -> str:
        return self.key
