"""Admin pages for plans, tasks, updates, evidence, revisions and the unit dictionary."""

from __future__ import annotations

from django.contrib import admin

from danvan.plans.models import (
    Evidence,
    LegalReference,
    Plan,
    PlanReportDeadline,
    PlanRevision,
    Task,
    TaskComment,
    TaskPeriod,
    TaskUpdate,
    UnitAbbreviation,
)


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ("order", "no", "content", "lead", "timing", "status", "progress", "due_on")
    show_change_link = True


class LegalReferenceInline(admin.TabularInline):
    model = LegalReference
    extra = 0
    fields = ("order", "number", "date", "issuer", "title")


class PlanReportDeadlineInline(admin.TabularInline):
    model = PlanReportDeadline
    extra = 0
    fields = ("name", "due", "to")


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    """Plans with their tasks, references and report deadlines."""

    list_display = ("title", "organisation", "year", "number", "symbol", "status", "revision")
    list_filter = ("status", "year")
    search_fields = ("title", "symbol", "search_text")
    raw_id_fields = ("organisation", "parent", "created_by")
    readonly_fields = ("revision", "published_at")
    inlines = [TaskInline, LegalReferenceInline, PlanReportDeadlineInline]


class TaskPeriodInline(admin.TabularInline):
    model = TaskPeriod
    extra = 0


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    """Tasks with their periods."""

    list_display = ("__str__", "plan", "organisation", "status", "progress", "due_on", "completed_on")
    list_filter = ("status",)
    search_fields = ("content", "search_text")
    raw_id_fields = ("organisation", "plan", "lead_person")
    filter_horizontal = ("units",)
    inlines = [TaskPeriodInline]


@admin.register(TaskPeriod)
class TaskPeriodAdmin(admin.ModelAdmin):
    """Task periods."""

    list_display = ("task", "start", "end")
    raw_id_fields = ("task",)


@admin.register(TaskUpdate)
class TaskUpdateAdmin(admin.ModelAdmin):
    """Progress updates."""

    list_display = ("task", "author", "at", "status", "progress")
    raw_id_fields = ("organisation", "task", "author")


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    """Evidence files."""

    list_display = ("name", "task", "kind", "size", "uploaded_by", "created_at")
    raw_id_fields = ("organisation", "task", "update", "uploaded_by")


@admin.register(TaskComment)
class TaskCommentAdmin(admin.ModelAdmin):
    """Internal comments on tasks."""

    list_display = ("task", "author", "created_at")
    raw_id_fields = ("organisation", "task", "author")


@admin.register(LegalReference)
class LegalReferenceAdmin(admin.ModelAdmin):
    """Documents cited by plans."""

    list_display = ("number", "doc_type", "date", "issuer", "plan")
    search_fields = ("number", "title")
    raw_id_fields = ("organisation", "plan")


@admin.register(PlanReportDeadline)
class PlanReportDeadlineAdmin(admin.ModelAdmin):
    """Report deadlines set by plans."""

    list_display = ("name", "due", "to", "plan", "organisation")
    raw_id_fields = ("organisation", "plan")


@admin.register(PlanRevision)
class PlanRevisionAdmin(admin.ModelAdmin):
    """Published versions of plans (read-only)."""

    list_display = ("plan", "number", "author", "created_at")
    raw_id_fields = ("organisation", "plan", "author")
    readonly_fields = ("snapshot",)

    def has_change_permission(self, request, obj=None) -> bool:  # noqa: ANN001
        return False


@admin.register(UnitAbbreviation)
class UnitAbbreviationAdmin(admin.ModelAdmin):
    """Each organisation's dictionary of unit abbreviations."""

    list_display = ("abbreviation", "unit", "organisation")
    search_fields = ("abbreviation",)
    raw_id_fields = ("organisation", "unit")
