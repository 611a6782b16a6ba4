from __future__ import annotations

from django.contrib import admin

from danvan.org.models import Membership, Organisation, Person


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ("organisation",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    """Organisation tree."""

    list_display = ("name", "kind", "code", "parent", "school_level", "managing_body", "path")
    list_filter = ("kind", "school_level")
    autocomplete_fields = ("managing_body",)
    search_fields = ("name", "code")
    readonly_fields = ("path", "tenant")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """People and their positions."""

    list_display = ("full_name", "organisation", "email", "phone", "user", "active")
    search_fields = ("full_name", "email")
    list_filter = ("active",)
    autocomplete_fields = ("organisation", "user")
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Positions held."""

    list_display = ("person", "position", "title", "organisation", "start", "end")
    list_filter = ("position",)
    search_fields = ("person__full_name", "title")
    autocomplete_fields = ("person", "organisation")
