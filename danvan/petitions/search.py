"""Petitions in the global search: by tracking code, or by the words of their content through the keyed index.

The index (`identity.build_search_index`) holds fingerprints of the words with the petitioner's identity taken
out, so nobody finds a petition by the denouncer's name; what is shown is the masked subject of the queue.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.core.registry import SearchHit, search
from danvan.lib.tracking import is_valid, normalise_code
from danvan.petitions.identity import search_q
from danvan.petitions.identity_pages import masked_subjects
from danvan.petitions.models import Petition


def find_petitions(user: Any, query: str, offset: int, limit: int) -> list[SearchHit]:
    """Return the petitions the queue would list to the user, matching the code or every word of the query."""
    base = Petition.objects.visible_to(user, "petitions.view")
    code = normalise_code(query)
    qs = base.filter(tracking_code=code) if is_valid(code) else base.filter(search_q(query))
    rows = list(
        qs.only("id", "tracking_code", "subject", "masked_names", "kind", "state", "received_at").order_by(
            "-received_at", "-id"
        )[offset : offset + limit + 1]
    )
    subjects = masked_subjects(rows)
    return [
        SearchHit(
            title=f"{p.tracking_code} — {subjects[p.pk]}",
            url=reverse("petitions:detail", args=[p.pk]),
            detail=f"{p.get_kind_display()} · {p.get_state_display()} · {timezone.localtime(p.received_at):%d/%m/%Y}",
        )
        for p in rows
    ]


search.register("petitions", _("Đơn thư"), find_petitions, perm="petitions.view", order=30)
