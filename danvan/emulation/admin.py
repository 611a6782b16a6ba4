from __future__ import annotations

from django.contrib import admin

from danvan.emulation.models import (
    Campaign,
    EmulationModel,
    Evaluation,
    RewardProposal,
    UnitCriterion,
    UnitEvaluation,
)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "year",
        "kind",
        "organisation",
        "registration_opens",
        "registration_closes",
        "for_subordinates",
    )
    list_filter = ("year", "kind", "for_subordinates")
    search_fields = ("title",)


class EvaluationInline(admin.TabularInline):
    model = Evaluation
    extra = 0


@admin.register(EmulationModel)
class EmulationModelAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "organisation", "campaign", "status", "score", "registered_on")
    list_filter = ("status", "kind", "campaign")
    search_fields = ("name",)
    filter_horizontal = ("people",)
    inlines = [EvaluationInline]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ("model", "evaluator", "total", "evaluated_on")


@admin.register(RewardProposal)
class RewardProposalAdmin(admin.ModelAdmin):
    list_display = ("nominee", "kind", "form", "organisation", "campaign", "status", "proposed_on", "decided_on")
    list_filter = ("status", "kind", "form")
    search_fields = ("nominee", "reason")


@admin.register(UnitCriterion)
class UnitCriterionAdmin(admin.ModelAdmin):
    list_display = ("name", "max_points", "order", "organisation")
    list_filter = ("organisation",)


@admin.register(UnitEvaluation)
class UnitEvaluationAdmin(admin.ModelAdmin):
    list_display = ("unit", "year", "period", "organisation", "status", "total", "max_total", "rating")
    list_filter = ("year", "period", "status", "rating")
