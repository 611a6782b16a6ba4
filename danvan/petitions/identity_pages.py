"""The identity policy applied to lists of rows at once: pages of petitions (their masked subjects) and the audit
trail (what each entry may show, and which entries a reader may not see at all).

Kept apart from `identity`, which the petition models import to fill their hashes and search index: these functions
query those models, so they live where they can import them at the top.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from danvan.core.scoping import has_perm, scope_filter
from danvan.petitions.identity import LOOK_CODES, identity_values, is_file_key, mask_event, policy_for, redact_text
from danvan.petitions.models import Petition, PetitionIdentity, Reception


def masked_subjects(petitions: Iterable[Any]) -> dict[int, str]:
    """Return {petition id: masked subject} for a page of petitions, with one query for all their identities."""

    rows = list(petitions)
    if not rows:
        return {}
    identities = {i.petition_id: i for i in PetitionIdentity.objects.filter(petition_id__in=[p.pk for p in rows])}
    marked = {p.pk: p.__dict__["masked_names"] for p in rows if "masked_names" in p.__dict__}
    missing = [p.pk for p in rows if p.pk not in marked]  # deferred on a list: one query for all of them
    if missing:
        marked.update(Petition._base_manager.filter(pk__in=missing).values_list("pk", "masked_names"))
    out = {}
    for p in rows:
        names = [line.strip() for line in (marked.get(p.pk) or "").splitlines() if len(line.strip()) >= 2]
        out[p.pk] = redact_text(p.subject, identity_values(identities.get(p.pk)) + names)
    return out


def audit_display(user: Any, events: Iterable[Any]) -> list[Any]:
    """Mask the trail entries of petitions and receptions for `user` (registered with core.audit.register_display).

    An entry about a petition or one of its rows (identity, attachment, step, document…) is masked with that
    petition's identity values; one about a reception with the citizen's; a look at the identity is kept only for
    readers who may see that identity. Entries of other apps pass unchanged, but never with a storage path.
    """

    events = list(events)
    by_model: dict[Any, set[str]] = {}
    for e in events:
        if e.content_type_id:
            by_model.setdefault(e.content_type_id, set()).add(e.object_id)
    petition_of: dict[tuple[int, str], int] = {}
    receptions: dict[str, Any] = {}
    for ct_id, ids in by_model.items():
        model = ContentType.objects.get_for_id(ct_id).model_class()
        if model is None or model._meta.app_label != "petitions":
            continue
        valid = [i for i in ids if i.isdigit()]
        if model is Petition:
            petition_of.update({(ct_id, i): int(i) for i in valid})
        elif model is Reception:
            receptions.update({str(r.pk): r for r in Reception._base_manager.filter(pk__in=valid)})
        elif any(f.name == "petition" for f in model._meta.concrete_fields):
            rows = apps.get_model("petitions", model._meta.model_name)._base_manager.filter(pk__in=valid)
            petition_of.update({(ct_id, str(pk)): pid for pk, pid in rows.values_list("pk", "petition_id")})
    petitions = {
        p.pk: p
        for p in Petition._base_manager.filter(pk__in=set(petition_of.values())).select_related(
            "identity", "handling_body"
        )
    }
    policies = {pk: policy_for(user, p) for pk, p in petitions.items()}
    out = []
    for e in events:
        policy = policies.get(petition_of.get((e.content_type_id, e.object_id), -1))
        if policy is not None:
            out.extend(policy.audit_entries([e]))
            continue
        if e.code in LOOK_CODES and not (user is not None and has_perm(user, "petitions.identity", e.organisation)):
            continue  # a register's count of looks, or a reception's: for the head of the body only
        reception = receptions.get(e.object_id) if e.content_type_id else None
        values = (
            [
                v
                for v in (
                    reception.citizen_name,
                    reception.citizen_address,
                    reception.citizen_phone,
                    reception.citizen_id_number,
                )
                if v
            ]
            if reception is not None
            else []
        )
        if reception is not None or e.code.startswith("petitions."):
            out.append(mask_event(e, sorted(set(values), key=len, reverse=True)))
        else:
            out.append(mask_event(e, []) if any(is_file_key(k) for k in (e.changes or {})) else e)
    return out


def hidden_audit_entries(user: Any) -> Any:
    """Return the trail entries the user may not read at all.

    - Those of petitions routed away from the user's school, and of every row of theirs (identity, attachments,
      steps, documents…): written at the school before or while routing, they are not read there afterwards.
    - The looks at a petitioner's identity, unless the user may see identities in that organisation: who looked
      tells who handles a denunciation (Luật Tố cáo 2018 Điều 47).
    """

    hidden = Petition.objects.filter(routed_away=True).exclude(pk__in=Petition.objects.visible_to(user).values("pk"))
    petition_ct = ContentType.objects.get_for_model(Petition, for_concrete_model=False)
    q = Q(content_type=petition_ct, object_id__in=hidden.annotate(k=Cast("pk", CharField())).values("k"))
    for model in apps.get_app_config("petitions").get_models():
        if any(f.name == "petition" for f in model._meta.concrete_fields):
            ct = ContentType.objects.get_for_model(model, for_concrete_model=False)
            rows = model._base_manager.filter(petition__in=hidden).annotate(k=Cast("pk", CharField())).values("k")
            q |= Q(content_type=ct, object_id__in=rows)
    return q | (Q(code__in=LOOK_CODES) & ~scope_filter(user, "petitions.identity", "organisation"))
