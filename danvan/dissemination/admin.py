from __future__ import annotations

from django.contrib import admin

from danvan.dissemination.models import Attendance, LegalDocument, StudySession


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    list_display = ("number", "date", "issuer", "doc_type", "title")
    search_fields = ("number", "title", "issuer", "search_text")
    readonly_fields = ("number_key", "issuer_key")


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ("person",)


@admin.register(StudySession)
class StudySessionAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "held_on", "format", "expected_count")
    list_filter = ("format", "organisation")
    filter_horizontal = ("documents",)
    raw_id_fields = ("task",)
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ("person", "session", "present")
    list_filter = ("present",)
