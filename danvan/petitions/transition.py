"""Record which rules apply to petitions open when the 01/7/2026 reform came into force, and recompute them.

- Complaints accepted before 01/7/2026 and not yet decided: the new withdrawal, suspension, termination and
  dialogue rules apply (NĐ 155/2026/NĐ-CP Điều 22 khoản 1). Complaints received before and not yet accepted
  keep the acceptance period of the day they were received (the rule version in force on that day) and then
  follow the new rules.
- Denunciations accepted (quyết định thụ lý) before 01/7/2026 and still being resolved follow NĐ 31/2019 as
  amended by NĐ 156/2026 (NĐ 156/2026 Điều 10 khoản 1); discipline for violations found before then follows
  whichever decree is more favourable (Điều 10 khoản 2). Read in the diepxuan transcription.

Idempotent: a petition that already has the timeline line `TRANSITION_CODE` is skipped. Run by the petitions
migration (historical models) and by the command `petitions_transition_2026` (current models).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.db.models import Q
from django.utils import timezone

from danvan.core import audit
from danvan.petitions.deadlines import apply_deadline
from danvan.petitions.models import Petition, PetitionStep

logger = logging.getLogger(__name__)

TRANSITION_CODE = "rules_2026"
REFORM_2026 = dt.date(2026, 7, 1)
_COMPLAINTS = {"khieu-nai", "khieu-nai-lan-2", "khieu-nai-ky-luat", "kn-ky-luat-lan-2"}
_OPEN = {"received", "classified", "accepted", "verifying", "resolved", "suspended"}

ACCEPTED_NOTE = (
    "Vụ việc khiếu nại đã thụ lý trước ngày 01/7/2026 và chưa ban hành quyết định giải quyết: việc rút khiếu nại, "
    "tạm đình chỉ, đình chỉ giải quyết khiếu nại và đối thoại thực hiện theo Nghị định 124/2020/NĐ-CP đã được sửa "
    "đổi, bổ sung bởi Nghị định 155/2026/NĐ-CP (Nghị định 155/2026/NĐ-CP, Điều 22 khoản 1). Thời hạn thụ lý giữ "
    "theo ngày nhận đơn."
)
RECEIVED_NOTE = (
    "Đơn khiếu nại nhận trước ngày 01/7/2026, chưa thụ lý: thời hạn thụ lý tính theo quy định có hiệu lực tại ngày "
    "nhận đơn; sau khi thụ lý, việc rút khiếu nại, tạm đình chỉ, đình chỉ và đối thoại theo Nghị định "
    "155/2026/NĐ-CP."
)
DENUNCIATION_NOTE = (
    "Tố cáo đã có quyết định thụ lý trước ngày 01/7/2026 và đang giải quyết: áp dụng quy định về giải quyết tố cáo "
    "của Nghị định 31/2019/NĐ-CP đã được sửa đổi, bổ sung bởi Nghị định 156/2026/NĐ-CP (Nghị định 156/2026/NĐ-CP, "
    "Điều 10 khoản 1); xử lý kỷ luật vi phạm phát hiện trước ngày đó theo quy định có lợi hơn (Điều 10 khoản 2)."
)


def note_for(petition: Any) -> str:
    """Return the timeline text for one petition open on 01/7/2026, or "" when the reform changes nothing for it."""
    accepted = petition.accepted_on
    decided = petition.resolved_on
    if petition.kind in _COMPLAINTS:
        if decided is not None and decided < REFORM_2026:
            return ""
        if accepted is not None and accepted < REFORM_2026:
            return ACCEPTED_NOTE
        if accepted is None:
            return RECEIVED_NOTE
        return ""
    if (
        petition.kind == "to-cao"
        and accepted is not None
        and accepted < REFORM_2026
        and (decided is None or decided >= REFORM_2026)
    ):
        return DENUNCIATION_NOTE
    return ""


def apply_2026_transition(petition_model: Any = None, step_model: Any = None, *, recompute: bool = True) -> int:
    """Add the transition line to each petition received before 01/7/2026 and open then; return how many.

    Petitions still open also get their deadline recomputed (acceptance stays counted from the day received,
    because the rule version is chosen by the start date).
    """

    current = petition_model is None or step_model is None
    if current:
        petition_model, step_model = Petition, PetitionStep
    reform_start = timezone.make_aware(dt.datetime.combine(REFORM_2026, dt.time(0, 0)))
    qs = (
        petition_model._base_manager.filter(received_at__lt=reform_start)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=reform_start))
        .exclude(steps__code=TRANSITION_CODE)
    )
    done = 0
    for petition in qs.iterator(chunk_size=500):
        note = note_for(petition)
        if not note:
            continue
        step_model.objects.create(petition=petition, code=TRANSITION_CODE, note=note, public=False)
        if current:
            audit.record("petitions.petition.rules_2026", obj=petition, message=note)
        done += 1
        if recompute and petition.state in _OPEN:
            _recompute(petition_model, petition)
    return done


def _recompute(petition_model: Any, petition: Any) -> None:
    try:
        changed = apply_deadline(petition)
    except Exception:  # a historical model may lack what the current rules read: the command recomputes later
        logger.warning("petitions: deadline of petition %s not recomputed during the 2026 transition", petition.pk)
        return
    if changed and petition_model is Petition:
        petition.write_columns(changed)  # the counters follow (a migration's historical model has none yet)
    elif changed:
        petition_model._base_manager.filter(pk=petition.pk).update(**{f: getattr(petition, f) for f in changed})
