"""The PDF of a published plan for its public page: built once per revision off the request, kept in the cache.

Building the Nghị định 30 PDF of a plan takes about 0.7 s of CPU (the seed plan, measured on the 2-core machine);
the public page would pay it on every download. Publication enqueues `tasks.build_public_pdf`, which stores the
bytes under a key naming the plan's revision and publication time, so a revised plan never serves the old text.
A download that finds nothing (the cache was cleared, the worker is behind) enqueues the build once (a short lock
in the cache) and asks the reader to retry.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache

from danvan.plans import export

PDF_TIMEOUT = 30 * 24 * 3600  # seconds; a miss rebuilds it
LOCK_TIMEOUT = 120


def pdf_key(plan: Any) -> str:
    """Return the cache key of the plan's public PDF (changes with each publication)."""
    stamp = int(plan.published_at.timestamp()) if plan.published_at else 0
    return f"plans:public-pdf:{plan.pk}:{plan.revision}:{stamp}"


def build_pdf(plan: Any) -> bytes:
    """Return the plan's PDF in the Nghị định 30 layout."""
    org = plan.organisation
    return export.export_plan_pdf(
        plan.as_document_dict(), issuer_superior=org.superior_name, issuer_code=org.code, place=org.place
    )


def store_pdf(plan: Any) -> bytes:
    """Build the plan's PDF and keep it in the cache; return it."""
    data = build_pdf(plan)
    cache.set(pdf_key(plan), data, PDF_TIMEOUT)
    cache.delete(f"{pdf_key(plan)}:lock")
    return data


def cached_pdf(plan: Any) -> bytes | None:
    """Return the plan's PDF if it has been built."""
    return cache.get(pdf_key(plan))


def claim_build(plan: Any) -> bool:
    """Return True for the one caller who should enqueue the build now (the others wait for it)."""
    return cache.add(f"{pdf_key(plan)}:lock", 1, LOCK_TIMEOUT)
