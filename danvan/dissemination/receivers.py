"""Listen to the plans app: the documents a plan cites become documents to study (quán triệt)."""

from __future__ import annotations

from typing import Any

from danvan.dissemination.services import ensure_legal_documents
from danvan.plans.signals import plan_imported, plan_published


def on_plan(sender: Any, plan: Any, **kwargs: Any) -> None:
    """Register every legal document the plan cites, so study sessions can be recorded against it."""
    refs = [{"number": r.number, "date": r.date, "issuer": r.issuer, "title": r.title} for r in plan.legal_refs.all()]
    ensure_legal_documents(refs)


def connect() -> None:
    """Connect to the plans signals (idempotent)."""
    plan_imported.connect(on_plan, dispatch_uid="dissemination.on_plan_imported")
    plan_published.connect(on_plan, dispatch_uid="dissemination.on_plan_published")
