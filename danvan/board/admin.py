from __future__ import annotations

from django.contrib import admin

from danvan.board.models import (
    BoardMember,
    BoardProgramme,
    BoardRecommendation,
    BoardReport,
    BoardTerm,
    ProgrammeItem,
    StaffFeedback,
)


class BoardMemberInline(admin.TabularInline):
    model = BoardMember
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(BoardTerm)
class BoardTermAdmin(admin.ModelAdmin):
    """Board terms and their members."""

    list_display = ("__str__", "organisation", "elected_on", "starts_on", "ends_on", "recognised_on")
    list_filter = ("organisation",)
    inlines = [BoardMemberInline]


@admin.register(BoardMember)
class BoardMemberAdmin(admin.ModelAdmin):
    list_display = ("person", "role", "term")
    list_filter = ("role",)
    autocomplete_fields = ("person",)


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0


@admin.register(BoardProgramme)
class BoardProgrammeAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "period", "year", "number", "status")
    list_filter = ("period", "status", "organisation")
    inlines = [ProgrammeItemInline]


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(admin.ModelAdmin):
    list_display = ("content", "programme", "order", "done")


@admin.register(StaffFeedback)
class StaffFeedbackAdmin(admin.ModelAdmin):
    list_display = ("__str__", "organisation", "addressee", "channel", "status", "due_on", "result_sent_on")
    list_filter = ("addressee", "channel", "status", "organisation")
    autocomplete_fields = ("person",)


@admin.register(BoardRecommendation)
class BoardRecommendationAdmin(admin.ModelAdmin):
    list_display = ("subject", "organisation", "sent_on", "due_on", "status", "answered_on")
    list_filter = ("status", "organisation")
    readonly_fields = ("due_on", "due_citation")


@admin.register(BoardReport)
class BoardReportAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "period", "year", "recipient", "sent_on")
    list_filter = ("period", "recipient", "organisation")
