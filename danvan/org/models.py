"""Organisations of any depth, the people in them and the positions they hold."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.models import AuditedModel
from danvan.core.scoping import ScopedQuerySet, scope_filter
from danvan.org.choices import TENANT_KINDS, OrgKind, Position, SchoolLevel


class OrganisationQuerySet(ScopedQuerySet["Organisation"]):
    """Organisations, scoped by the tree."""

    def visible_to(self, user: Any, perm: str | None = None) -> OrganisationQuerySet:
        """Return organisations the user may access with `perm` (default org.view)."""

        return self.filter(scope_filter(user, perm or "org.view", ""))

    def subtree(self, root: Organisation) -> OrganisationQuerySet:
        """Return the root and everything below it."""
        return self.filter(path__startswith=root.path)

    def schools(self) -> OrganisationQuerySet:
        """Return only schools."""
        return self.filter(kind=OrgKind.SCHOOL)


class Organisation(AuditedModel):
    """A node of the tree: Department → school → unit, of any depth (levels are data, not code).

    `path` ("/1/4/9/") makes subtree queries one indexed prefix match; `tenant` is the nearest
    school or Department at or above the node, the owner of its data.
    """

    kind = models.CharField(_("loại"), max_length=10, choices=OrgKind.choices)
    name = models.CharField(_("tên"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    code = models.CharField(
        _("ký hiệu"), max_length=40, help_text=_("Dùng trong số, ký hiệu văn bản, ví dụ THPTNK, SGDĐT.")
    )
    abbreviations = models.JSONField(
        _("tên viết tắt"), default=list, blank=True, help_text=_("Các cách viết tắt trong văn bản, ví dụ BGH, BCH CĐ.")
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    tenant = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    place = models.CharField(_("địa danh"), max_length=100, blank=True, help_text=_("Ví dụ: Hải Phòng"))
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    superior_name = models.CharField(
        _("cơ quan chủ quản (in trên văn bản)"),
        max_length=255,
        blank=True,
        help_text=_("Dòng trên tên cơ quan trong văn bản, ví dụ: SỞ GD&ĐT HẢI PHÒNG"),
    )
    school_level = models.CharField(
        _("cấp học"),
        max_length=4,
        blank=True,
        choices=SchoolLevel.choices,
        help_text=_(
            "Quyết định cơ quan quản lý: THPT — Sở GD&ĐT; THCS, tiểu học, mầm non — UBND xã/phường (NĐ 142/2025/NĐ-CP)."
        ),
    )
    managing_body = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan quản lý trực tiếp"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_units",
        limit_choices_to={"kind": OrgKind.DEPARTMENT},
        help_text=_(
            "Cơ quan giải quyết khiếu nại lần hai và tố cáo người đứng đầu, cấp phó và nhà trường "
            "(Luật Tố cáo 2018 Điều 12, 13(3), 18). Để trống: cơ quan quản lý gần nhất trên cây tổ chức."
        ),
    )
    staff_count = models.PositiveIntegerField(_("số cán bộ, viên chức"), null=True, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("tổ chức")
        verbose_name_plural = _("tổ chức")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "code"], name="org_unique_code_per_parent"),
        ]

    def __str__(self) -> str:
        return self.name

    def audit_organisation(self) -> Organisation | None:
        return self if self.pk else None

    @property
    def is_tenant(self) -> bool:
        """Return whether this node owns data (a school or a Department)."""
        return self.kind in TENANT_KINDS

    def ancestors(self) -> list[Organisation]:
        """Return the chain from the root down to the parent."""
        ids = [int(x) for x in self.path.strip("/").split("/") if x][:-1]
        by_id = {o.id: o for o in Organisation.objects.filter(id__in=ids)}
        return [by_id[i] for i in ids if i in by_id]

    def tenant_above(self) -> Organisation | None:
        """Return the nearest tenant above this organisation (the Department a school reports to), if any."""
        parent = self.parent
        while parent is not None and not parent.is_tenant:
            parent = parent.parent
        return parent

    def competent_superior(self) -> Organisation | None:
        """Return the managing body that handles what this unit's head may not: the recorded one, else the tree's.

        The recorded `managing_body` wins (a THCS school's commune People's Committee, NĐ 142/2025/NĐ-CP);
        otherwise the nearest ancestor of kind "Sở / cơ quan quản lý" (Luật Tố cáo 2018 Điều 12(1), 13(3), 18).
        """
        if self.managing_body_id is not None and self.managing_body_id != self.pk:
            return self.managing_body
        for ancestor in reversed(self.ancestors()):
            if ancestor.kind == OrgKind.DEPARTMENT:
                return ancestor
        return None

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Keep `path` and `tenant` consistent with the parent (and refresh the subtree if moved)."""
        old_path = self.path
        super().save(*args, **kwargs)
        parent_path = self.parent.path if self.parent_id else "/"
        new_path = f"{parent_path}{self.pk}/"
        if self.is_tenant:
            tenant_id = self.pk
        elif self.parent_id:
            tenant_id = self.parent.tenant_id or self.parent_id
        else:
            tenant_id = self.pk
        if new_path != self.path or tenant_id != self.tenant_id:
            self.path, self.tenant_id = new_path, tenant_id
            Organisation.objects.filter(pk=self.pk).update(path=new_path, tenant_id=tenant_id)
            if old_path and old_path != new_path:
                for child in Organisation.objects.filter(path__startswith=old_path).exclude(pk=self.pk):
                    child.save()


class Person(AuditedModel):
    """Someone working in the tree; may or may not have a login."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="people",
        help_text=_("Trường hoặc Sở nơi người này công tác."),
    )
    full_name = models.CharField(_("họ và tên"), max_length=200)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    active = models.BooleanField(_("đang công tác"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["full_name"]

    def __str__(self) -> str:
        return self.full_name


class MembershipQuerySet(ScopedQuerySet["Membership"]):
    """Memberships, with the active ones on a date."""

    scope_field = "organisation"

    def active(self, on: dt.date | None = None) -> MembershipQuerySet:
        """Return memberships in force on a date (today by default)."""
        on = on or timezone.localdate()
        return self.filter(Q(start__isnull=True) | Q(start__lte=on), Q(end__isnull=True) | Q(end__gte=on))

    def visible_to(self, user: Any, perm: str | None = None) -> MembershipQuerySet:
        return self.filter(scope_filter(user, perm or "org.view", "organisation"))


class Membership(AuditedModel):
    """A person holding a position in an organisation (a unit or the school itself) for a period."""

    person = models.ForeignKey(Person, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="memberships"
    )
    position = models.CharField(_("chức vụ"), max_length=20, choices=Position.choices)
    title = models.CharField(
        _("chức danh ghi trên văn bản"), max_length=200, blank=True, help_text=_("Ví dụ: Phó hiệu trưởng phụ trách")
    )
    start = models.DateField(_("từ ngày"), null=True, blank=True)
    end = models.DateField(_("đến ngày"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["organisation__path", "position"]
        indexes = [models.Index(fields=["organisation", "position"], name="membership_org_pos_idx")]

    def __str__(self) -> str:
        return f"{self.person} — {self.title or self.get_position_display()} ({self.organisation})"

    def audit_organisation(self) -> Organisation:
        return self.organisation.tenant or self.organisation
