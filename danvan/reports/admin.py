"""Admin pages for obligations, campaigns, reports, versions and compile jobs."""

from __future__ import annotations

from django.contrib import admin

from danvan.reports.models import CompileJob, ObligationCampaign, Report, ReportObligation, ReportVersion


@admin.register(ObligationCampaign)
class ObligationCampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "kind", "period_start", "period_end", "due")
    list_filter = ("kind",)
    search_fields = ("title",)
    raw_id_fields = ("organisation", "created_by")


@admin.register(ReportObligation)
class ReportObligationAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "kind", "period_start", "period_end", "due", "status")
    list_filter = ("kind", "status")
    search_fields = ("title", "organisation__name")
    raw_id_fields = ("organisation", "recipient", "campaign", "deadline")


class ReportVersionInline(admin.TabularInline):
    model = ReportVersion
    extra = 0
    fields = ("number", "author", "created_at")
    readonly_fields = ("number", "author", "created_at")
    show_change_link = True


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("obligation", "organisation", "state", "submitted_at", "submitted_late")
    list_filter = ("state", "submitted_late")
    raw_id_fields = ("organisation", "obligation", "current_version", "signed_by", "reviewed_by")
    inlines = [ReportVersionInline]


@admin.register(ReportVersion)
class ReportVersionAdmin(admin.ModelAdmin):
    list_display = ("report", "number", "author", "created_at")
    raw_id_fields = ("organisation", "report", "author")


@admin.register(CompileJob)
class CompileJobAdmin(admin.ModelAdmin):
    list_display = ("obligation", "status", "percent", "message", "created_at")
    list_filter = ("status",)
    raw_id_fields = ("organisation", "obligation", "version", "requested_by")
