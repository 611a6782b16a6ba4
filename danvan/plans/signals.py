"""Signals other apps listen to (the reports app turns a plan's report deadlines into obligations).

Both are sent after the transaction commits, with `plan=` (a `Plan`); receivers must be idempotent,
since a plan can be published more than once (each revision).
"""

from __future__ import annotations

from django.dispatch import Signal

plan_imported = Signal()  # kwargs: plan
plan_published = Signal()  # kwargs: plan
