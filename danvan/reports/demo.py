"""Demo data: the Department asks its schools for the 6-month report of 2023; THPTNK compiles its own."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from danvan.core.models import User
from danvan.org.models import Organisation
from danvan.plans.models import Plan
from danvan.reports import services
from danvan.reports.models import ObligationCampaign, ReportObligation


@transaction.atomic
def load() -> None:
    """Create the campaign (linking THPTNK's obligation from its plan) and compile THPTNK's draft (idempotent)."""
    department = Organisation.objects.filter(code="SGDĐT", parent__isnull=True).first()
    if department is None:
        return
    for plan in Plan.objects.filter(organisation__parent=department, year=2023):
        services.obligations_from_plan(plan)
    campaign = ObligationCampaign.objects.filter(
        organisation=department, kind="6_thang", period_end=dt.date(2023, 6, 14)
    ).first()
    if campaign is None:
        officer = User.objects.filter(is_superuser=True).first() or User.objects.filter(username="so.lanhdao").first()
        if officer is None:
            return
        campaign = services.create_campaign(
            department,
            actor=officer,
            kind="6_thang",
            title="",
            period_start=dt.date(2022, 12, 15),
            period_end=dt.date(2023, 6, 14),
            due=dt.date(2023, 6, 15),
        )
    ours = ReportObligation.objects.filter(campaign=campaign, organisation__code="THPTNK").first()
    if ours is not None and ours.report_or_none is None:
        services.compile_report(ours, actor=None)
