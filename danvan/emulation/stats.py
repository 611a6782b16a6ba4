"""Figures of the "Dân vận khéo" movement for the reports app (a stable contract: keep the keys)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from danvan.emulation.choices import EvaluationPeriod
from danvan.emulation.models import EmulationModel, RewardProposal
from danvan.emulation.services import unit_evaluation_rows

# A report period longer than this is a year (the annual report: tổng kết); shorter, the 6-month one (sơ kết).
HALF_YEAR_DAYS = 200


def evaluation_period_for(start: dt.date, end: dt.date) -> str:
    """Return which unit evaluation a report period shows: year-end for a year, mid-year for six months."""
    return EvaluationPeriod.YEAR_END if (end - start).days > HALF_YEAR_DAYS else EvaluationPeriod.MID_YEAR


def emulation_stats(organisation_ids: list[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    """Return the models registered and the reward proposals made by the organisations between two dates.

    Keys: `models` [{id, name, unit, status, organisation_id}], `models_by_status` {status: n},
    `reward_proposals` [{id, kind, form, nominee, status, organisation_id}], `proposals_by_status`,
    `unit_evaluations` (the finalised sơ kết or tổng kết of the units, `services.unit_evaluation_rows`, of the
    period's last year) and `unit_evaluation_period`.
    """
    period = evaluation_period_for(start, end)
    models = list(
        EmulationModel.objects.filter(
            organisation_id__in=organisation_ids, registered_on__gte=start, registered_on__lte=end
        )
        .select_related("unit")
        .order_by("registered_on", "id")
    )
    proposals = list(
        RewardProposal.objects.filter(
            organisation_id__in=organisation_ids, proposed_on__gte=start, proposed_on__lte=end
        ).order_by("proposed_on", "id")
    )
    return {
        "models": [
            {
                "id": m.pk,
                "name": m.name,
                "unit": m.unit.name if m.unit else "",
                "status": m.status,
                "organisation_id": m.organisation_id,
            }
            for m in models
        ],
        "models_by_status": dict(Counter(m.status for m in models)),
        "reward_proposals": [
            {
                "id": p.pk,
                "kind": p.kind,
                "form": p.form,
                "nominee": p.nominee,
                "status": p.status,
                "organisation_id": p.organisation_id,
            }
            for p in proposals
        ],
        "proposals_by_status": dict(Counter(p.status for p in proposals)),
        "unit_evaluations": unit_evaluation_rows(organisation_ids, end.year, period),
        "unit_evaluation_period": str(period),
    }
