"""Admin screens for petitions; identity fields never appear in lists, and opening one is audited."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from danvan.core import audit
from danvan.petitions.identity import search_q, shown_subject
from danvan.petitions.models import (
    Dialogue,
    Extension,
    HeadReceptionDay,
    Mediation,
    NumberSequence,
    Petition,
    PetitionAttachment,
    PetitionDocument,
    PetitionFingerprint,
    PetitionIdentity,
    PetitionLink,
    PetitionStep,
    Reception,
    ReceptionDocument,
    ReceptionPlace,
    Suspension,
    Verification,
    Withdrawal,
)


class _AuditViewMixin:
    """Record an identity view whenever a change page with protected fields is opened."""

    def change_view(self, request: Any, object_id: str, form_url: str = "", extra_context: Any = None) -> Any:
        obj = self.get_object(request, object_id)  # type: ignore[attr-defined]
        if obj is not None:
            audit.record("petitions.identity.viewed", obj=obj, actor=request.user, message="trang quản trị")
        return super().change_view(request, object_id, form_url, extra_context)  # type: ignore[misc]


@admin.register(Reception)
class ReceptionAdmin(_AuditViewMixin, admin.ModelAdmin):
    """Sổ tiếp công dân entries (names only on the change page)."""

    list_display = (
        "serial",
        "year",
        "received_at",
        "organisation",
        "people_count",
        "outcome",
        "by_head",
        "is_denunciation",
    )
    list_filter = ("outcome", "by_head", "is_denunciation", "year")
    date_hierarchy = "received_at"
    raw_id_fields = ("organisation", "officer", "head_session")
    readonly_fields = ("year", "serial", "refusal_notice_due_on", "refusal_notice_on")


class StepInline(admin.TabularInline):
    model = PetitionStep
    extra = 0
    fields = ("at", "code", "public", "public_text", "note", "document")
    raw_id_fields = ("document",)


class DocumentInline(admin.TabularInline):
    model = PetitionDocument
    extra = 0
    fields = ("kind", "number", "symbol", "issued_on", "audience", "file")
    readonly_fields = ("number", "symbol")


@admin.register(Petition)
class PetitionAdmin(admin.ModelAdmin):
    """Petitions with their state and deadline (the identity is in its own protected table)."""

    list_display = (
        "tracking_code",
        "shown_subject",
        "kind",
        "state",
        "organisation",
        "handling_body",
        "due_on",
        "received_at",
    )
    list_filter = ("state", "kind", "channel", "closure")
    search_fields = ("tracking_code",)  # and the words of the content, through get_search_results
    date_hierarchy = "received_at"
    raw_id_fields = (
        "organisation",
        "handling_body",
        "reception",
        "accused_person",
        "handler",
        "escalated_from",
        "duplicate_of",
        "transferred_to_org",
    )
    readonly_fields = (
        "tracking_code",
        "step",
        "step_started_on",
        "due_on",
        "deadline_rule",
        "deadline_citation",
        "next_reminder_at",
    )
    exclude = ("secret_hash", "search_text", "masked_names")
    inlines = [DocumentInline, StepInline]

    @admin.display(description=_("trích yếu"))
    def shown_subject(self, obj: Any) -> str:
        """The subject masked like everywhere outside the identity page (identity.policy_for)."""
        return shown_subject(obj)

    def get_search_results(self, request: Any, queryset: Any, search_term: str) -> tuple[Any, bool]:
        """Find by code, or by words of the subject and content through their keyed fingerprints (encrypted text)."""
        if not search_term.strip():
            return queryset, False
        return queryset.filter(Q(tracking_code__iexact=search_term.strip()) | search_q(search_term)), False


@admin.register(PetitionIdentity)
class PetitionIdentityAdmin(_AuditViewMixin, admin.ModelAdmin):
    """Protected identities: superusers only; no plaintext in the list."""

    list_display = ("id", "petition", "organisation", "has_handwriting_scan")
    raw_id_fields = ("petition", "organisation")
    exclude = ("name_hmac", "phone_hmac", "phone_last4_hash", "email_hmac")

    def has_module_permission(self, request: Any) -> bool:
        return request.user.is_superuser

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return request.user.is_superuser


@admin.register(PetitionAttachment)
class PetitionAttachmentAdmin(admin.ModelAdmin):
    list_display = ("id", "petition", "kind", "size", "is_original", "contains_identity")
    list_filter = ("kind", "is_original", "contains_identity")
    raw_id_fields = ("petition", "organisation", "redacted_of", "uploaded_by")
    exclude = ("original_name",)


@admin.register(PetitionDocument)
class PetitionDocumentAdmin(admin.ModelAdmin):
    list_display = ("number", "symbol", "year", "kind", "issued_on", "petition", "audience")
    list_filter = ("kind", "year", "audience")
    raw_id_fields = ("petition", "organisation", "created_by")


@admin.register(NumberSequence)
class NumberSequenceAdmin(admin.ModelAdmin):
    list_display = ("organisation", "year", "series", "last")
    list_filter = ("year", "series")


@admin.register(PetitionStep)
class PetitionStepAdmin(admin.ModelAdmin):
    list_display = ("petition", "at", "code", "public")
    list_filter = ("code", "public")
    raw_id_fields = ("petition", "actor", "document")


@admin.register(PetitionLink)
class PetitionLinkAdmin(admin.ModelAdmin):
    list_display = ("from_petition", "to_petition", "reason", "score")
    raw_id_fields = ("from_petition", "to_petition", "created_by")


@admin.register(Verification)
class VerificationAdmin(admin.ModelAdmin):
    list_display = ("petition", "started_on", "finished_on")
    raw_id_fields = ("petition", "organisation", "verifiers")


@admin.register(Dialogue)
class DialogueAdmin(admin.ModelAdmin):
    list_display = ("petition", "held_on", "place")
    raw_id_fields = ("petition", "organisation", "document", "notice_document")


@admin.register(Mediation)
class MediationAdmin(admin.ModelAdmin):
    list_display = ("petition", "held_on", "outcome")
    list_filter = ("outcome",)
    raw_id_fields = ("petition", "organisation", "document", "board_members")


@admin.register(Extension)
class ExtensionAdmin(admin.ModelAdmin):
    list_display = ("petition", "decision_number", "decision_date", "days")
    raw_id_fields = ("petition", "organisation", "document")


@admin.register(PetitionFingerprint)
class PetitionFingerprintAdmin(admin.ModelAdmin):
    list_display = ("petition", "organisation", "band", "value")
    raw_id_fields = ("petition", "organisation")


@admin.register(HeadReceptionDay)
class HeadReceptionDayAdmin(admin.ModelAdmin):
    """The head's reception days (public: NĐ 154/2026/NĐ-CP Điều 11(2))."""

    list_display = ("date", "start_time", "end_time", "organisation", "head", "session_kind", "cancelled")
    list_filter = ("session_kind", "cancelled")
    date_hierarchy = "date"
    raw_id_fields = ("organisation", "head")


@admin.register(ReceptionDocument)
class ReceptionDocumentAdmin(_AuditViewMixin, admin.ModelAdmin):
    """Numbered Mẫu 01/TCD and 02/TCD documents of receptions (they name the citizen: opening one is audited)."""

    list_display = ("number", "symbol", "kind", "issued_on", "organisation")
    list_filter = ("kind", "year")
    raw_id_fields = ("organisation", "reception", "created_by")
    readonly_fields = ("number", "symbol", "type_abbr", "year")


@admin.register(ReceptionPlace)
class ReceptionPlaceAdmin(admin.ModelAdmin):
    """The published reception place and regular hours of each school (NĐ 154/2026/NĐ-CP Điều 11(2)(a))."""

    list_display = ("organisation", "place", "regular_hours")
    raw_id_fields = ("organisation",)


@admin.register(Suspension)
class SuspensionAdmin(admin.ModelAdmin):
    list_display = ("petition", "terminates", "ground", "decided_on", "sent_on", "resumed_on")
    list_filter = ("terminates", "ground")
    raw_id_fields = ("petition", "organisation", "document", "resume_document")


@admin.register(Withdrawal)
class WithdrawalAdmin(_AuditViewMixin, admin.ModelAdmin):
    list_display = ("petition", "whole", "mode", "withdrawn_on", "coerced")
    list_filter = ("whole", "coerced")
    raw_id_fields = ("petition", "organisation")
