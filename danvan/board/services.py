"""Rules of the People's Inspection Board: who may sit on it, its programme, staff feedback,
recommendations to the head with the 15-day answer clock, and reports.

Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15 (Điều 60–63) and NĐ 59/2023/NĐ-CP (Điều 20–23).
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Case, F, IntegerField, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from danvan.board import choices as c
from danvan.board import notifications
from danvan.board.models import (
    BoardMember,
    BoardProgramme,
    BoardRecommendation,
    BoardReport,
    BoardTerm,
    ConcernSettings,
    ProgrammeItem,
    StaffFeedback,
)
from danvan.core import audit
from danvan.core.errors import DomainError
from danvan.core.scoping import has_perm
from danvan.core.transitions import apply_step
from danvan.org.models import Membership, Person
from danvan.workdays.engine import CALENDAR, WORKING, CalendarRangeError
from danvan.workdays.services import WorkdaysError, add_working_days, compute_deadline, get_calendar


class BoardError(DomainError):
    """A board rule was broken; `message` (Vietnamese, citing the article) is shown to the user."""


def _require(actor: Any, perm: str, organisation: Any) -> None:
    if actor is not None and not has_perm(actor, perm, organisation):
        raise BoardError(_("Bạn không có quyền thực hiện thao tác này."))


def is_board(user: Any, organisation: Any) -> bool:
    """Return whether the user acts for the board itself: manages it without being the head of the unit.

    The head answers the board's recommendations (Điều 63(1)); he does not write them, nor receive staff
    recommendations addressed to the board (Điều 61).
    """
    return has_perm(user, "board.manage", organisation) and not has_perm(user, "petitions.decide", organisation)


def _require_board(actor: Any, organisation: Any) -> None:
    if actor is not None and not is_board(actor, organisation):
        raise BoardError(_("Chỉ Ban thanh tra nhân dân thực hiện việc này (Điều 61 Luật 10/2022/QH15)."))


# ====================================================================== terms and members


def staff_size(organisation: Any) -> int:
    """Return the unit's staff count: the recorded figure, else its active staff in the register."""
    if organisation.staff_count is not None:
        return organisation.staff_count
    return Person.objects.filter(organisation=organisation, active=True).count()


def term_end(starts_on: dt.date) -> dt.date:
    """Return the last day of a 2-year term starting on `starts_on` (Luật 10/2022/QH15 Điều 60)."""
    try:
        anniversary = starts_on.replace(year=starts_on.year + c.TERM_YEARS)
    except ValueError:  # 29 February
        anniversary = starts_on.replace(year=starts_on.year + c.TERM_YEARS, day=28) + dt.timedelta(days=1)
    return anniversary - dt.timedelta(days=1)


def ineligibility(person: Any, organisation: Any) -> str | None:
    """Return why a person cannot sit on the school's board, or None (Điều 60)."""
    if person.organisation_id != organisation.pk or not person.active:
        return str(
            _("%(p)s không phải cán bộ, viên chức, người lao động của đơn vị (Điều 60 Luật 10/2022/QH15).")
            % {"p": person}
        )
    for m in Membership.objects.active().filter(person=person):
        title = (m.title or "").lower()
        if m.position in c.EXCLUDED_POSITIONS or any(w in title for w in c.CHIEF_ACCOUNTANT_WORDS):
            return str(
                _(
                    "%(p)s là %(pos)s: người đứng đầu, cấp phó, kế toán trưởng không được là thành viên "
                    "Ban thanh tra nhân dân (Điều 60 Luật 10/2022/QH15)."
                )
                % {"p": person, "pos": m.title or m.get_position_display()}
            )
    return None


def check_composition(organisation: Any, members: Sequence[tuple[Any, str]]) -> None:
    """Raise BoardError unless the members form a lawful board for the school."""
    if staff_size(organisation) < c.MIN_STAFF_FOR_BOARD:
        raise BoardError(
            _(
                "Đơn vị có từ 07 cán bộ, viên chức, người lao động trở xuống không thành lập "
                "Ban thanh tra nhân dân (Điều 60 Luật 10/2022/QH15)."
            )
        )
    n = len(members)
    if not c.MIN_MEMBERS <= n <= c.MAX_MEMBERS:
        raise BoardError(
            _("Ban thanh tra nhân dân có từ 3 đến 9 thành viên (Điều 60 Luật 10/2022/QH15); danh sách có %(n)d người.")
            % {"n": n}
        )
    people = [p.pk for p, _role in members]
    if len(set(people)) != n:
        raise BoardError(_("Một người chỉ giữ một chức danh trong Ban thanh tra nhân dân."))
    roles = [role for _p, role in members]
    if roles.count(c.BoardRole.HEAD) != 1:
        raise BoardError(_("Ban thanh tra nhân dân có một Trưởng ban (Điều 60 Luật 10/2022/QH15)."))
    limit = c.DEPUTIES_LARGE if n >= c.LARGE_BOARD else c.DEPUTIES_SMALL
    if roles.count(c.BoardRole.DEPUTY) > limit:
        raise BoardError(
            _(
                "Ban có %(n)d thành viên chỉ có tối đa %(k)d Phó Trưởng ban; Ban có từ 09 thành viên "
                "trở lên được có 02 Phó Trưởng ban (Điều 21 Nghị định 59/2023/NĐ-CP)."
            )
            % {"n": n, "k": limit}
        )
    for person, _role in members:
        reason = ineligibility(person, organisation)
        if reason:
            raise BoardError(reason)


def ordered_members(term: BoardTerm) -> list[BoardMember]:
    """Return a term's members: the head, the deputies, then members, each by name."""
    rank = Case(
        When(role=c.BoardRole.HEAD, then=Value(0)),
        When(role=c.BoardRole.DEPUTY, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return list(term.members.select_related("person").annotate(rank=rank).order_by("rank", "person__full_name"))


def current_term(organisation: Any, on: dt.date | None = None) -> BoardTerm | None:
    """Return the term in force on a date (today by default)."""
    on = on or timezone.localdate()
    return (
        BoardTerm.objects.filter(organisation=organisation, starts_on__lte=on, ends_on__gte=on)
        .order_by("-starts_on")
        .first()
    )


def create_term(
    organisation: Any,
    *,
    actor: Any,
    elected_on: dt.date,
    members: Sequence[tuple[Any, str]],
    starts_on: dt.date | None = None,
    conference: str = "",
) -> BoardTerm:
    """Record a board elected at the staff conference, with its members (Điều 60; NĐ 59/2023 Điều 21)."""
    _require(actor, "board.manage", organisation)
    check_composition(organisation, members)
    starts_on = starts_on or elected_on
    if starts_on < elected_on:
        raise BoardError(_("Nhiệm kỳ không bắt đầu trước ngày bầu."))
    ends_on = term_end(starts_on)
    if BoardTerm.objects.filter(organisation=organisation, starts_on__lte=ends_on, ends_on__gte=starts_on).exists():
        raise BoardError(
            _("Đơn vị đã có Ban thanh tra nhân dân trong thời gian này; nhiệm kỳ 02 năm (Điều 60 Luật 10/2022/QH15).")
        )
    try:
        # NĐ 59/2023/NĐ-CP Điều 21: recognised by the union executive within 5 working days.
        recognition_due = add_working_days(elected_on, c.RECOGNITION_WORKING_DAYS, organisation=organisation)
    except WorkdaysError as exc:
        raise BoardError(exc.message) from exc
    with transaction.atomic():
        term = BoardTerm.objects.create(
            organisation=organisation,
            elected_on=elected_on,
            starts_on=starts_on,
            ends_on=ends_on,
            recognition_due=recognition_due,
            conference=conference,
        )
        BoardMember.objects.bulk_create(BoardMember(term=term, person=p, role=r) for p, r in members)
        audit.record(
            "board.boardterm.elected",
            actor=actor,
            obj=term,
            changes={"members": [None, [f"{p} ({c.BoardRole(r).label})" for p, r in members]]},
        )
    return term


def set_members(term: BoardTerm, *, actor: Any, members: Sequence[tuple[Any, str]]) -> BoardTerm:
    """Replace the members of a term (after a by-election), keeping the composition lawful."""
    _require(actor, "board.manage", term.organisation)
    check_composition(term.organisation, members)
    before = [str(m) for m in term.members.select_related("person")]
    with transaction.atomic():
        term.members.all().delete()
        BoardMember.objects.bulk_create(BoardMember(term=term, person=p, role=r) for p, r in members)
        after = [str(m) for m in term.members.select_related("person")]
        audit.record("board.boardterm.members_changed", actor=actor, obj=term, changes={"members": [before, after]})
    return term


def recognise_term(term: BoardTerm, *, actor: Any, recognised_on: dt.date, decision: str = "") -> BoardTerm:
    """Record the union executive's recognition of the election (NĐ 59/2023/NĐ-CP Điều 21)."""
    _require(actor, "board.manage", term.organisation)
    if recognised_on < term.elected_on:
        raise BoardError(_("Ngày công nhận không thể trước ngày bầu."))
    with transaction.atomic():
        term.recognised_on, term.recognition_decision = recognised_on, decision
        term.save(update_fields=["recognised_on", "recognition_decision", "updated_at"])
        audit.record(
            "board.boardterm.recognised",
            actor=actor,
            obj=term,
            message=str(_("quá hạn 5 ngày làm việc")) if term.recognised_late else "",
        )
    return term


# ====================================================================== programme


def create_programme(
    organisation: Any,
    *,
    actor: Any,
    period: str,
    year: int,
    number: int | None,
    title: str,
    items: Iterable[str] = (),
) -> BoardProgramme:
    """Create a draft work programme with its activities, one per line (Điều 62)."""
    _require(actor, "board.manage", organisation)
    if period == c.PeriodKind.QUARTER and number not in (1, 2, 3, 4):
        raise BoardError(_("Chương trình quý cần số quý từ 1 đến 4."))
    if period == c.PeriodKind.HALF and number not in (1, 2):
        raise BoardError(_("Chương trình 6 tháng cần ghi 1 (6 tháng đầu năm) hoặc 2 (6 tháng cuối năm)."))
    if period == c.PeriodKind.YEAR:
        number = None
    with transaction.atomic():
        programme = BoardProgramme.objects.create(
            organisation=organisation,
            term=current_term(organisation),
            period=period,
            year=year,
            number=number,
            title=title,
        )
        lines = [line.strip(" -•\t") for line in items if line.strip(" -•\t")]
        ProgrammeItem.objects.bulk_create(
            ProgrammeItem(programme=programme, order=i, content=line) for i, line in enumerate(lines, start=1)
        )
    return programme


def transition_programme(programme: BoardProgramme, action: str, *, actor: Any) -> BoardProgramme:
    """Move a programme along PROGRAMME_TRANSITIONS."""
    target = c.PROGRAMME_TRANSITIONS.get((programme.status, action))
    if target is None:
        raise BoardError(
            _("Không thể “%(a)s” chương trình ở trạng thái “%(s)s”.")
            % {
                "a": c.ProgrammeAction(action).label if action in c.ProgrammeAction.values else action,
                "s": programme.get_status_display(),
            }
        )
    to, perm = target
    _require(actor, perm, programme.organisation)
    apply_step(programme, action, to, actor=actor)
    return programme


def add_item(programme: BoardProgramme, *, actor: Any, content: str, timing: str = "") -> ProgrammeItem:
    """Add an activity to a programme that is not closed."""
    _require(actor, "board.manage", programme.organisation)
    if programme.status == c.ProgrammeStatus.DONE:
        raise BoardError(_("Chương trình đã kết thúc, không thêm nội dung."))
    if not content.strip():
        raise BoardError(_("Nhập nội dung công việc."))
    last = programme.items.order_by("-order").values_list("order", flat=True).first() or 0
    return ProgrammeItem.objects.create(
        programme=programme, order=last + 1, content=content.strip(), timing=timing.strip()
    )


def set_item_done(item: ProgrammeItem, done: bool, *, actor: Any) -> ProgrammeItem:
    """Mark a programme activity done or not done."""
    _require(actor, "board.manage", item.programme.organisation)
    item.done = done
    item.save(update_fields=["done", "updated_at"])
    return item


# ====================================================================== staff feedback and concerns
#
# Luật 10/2022/QH15 Điều 61: the board receives staff kiến nghị, phản ánh; NĐ 59/2023/NĐ-CP Điều 22: the result
# goes back in writing to the person who raised it. A staff member sends a concern to the head or to the board
# ("Kiến nghị của tôi"); whoever it is sent to handles it, the board monitors them all (Điều 61: giám sát), and a
# sender who asks for confidentiality is known to the handler only (Điều 63(1): no retaliation).


def sees_identity(user: Any, organisation: Any) -> bool:
    """Return whether the user may see who raised a staff recommendation: the board, not the management.

    The board head (board.manage without the head's petitions.decide) and members of the current term see
    names; the principal and other readers see the matter only (Điều 63(1): no retaliation).
    """
    if is_board(user, organisation):
        return True
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return False
    term = current_term(organisation)
    return term is not None and term.members.filter(person=person).exists()


def can_handle(user: Any, fb: StaffFeedback) -> bool:
    """Return whether the user handles the concern: the board for one sent to it, the head for one sent to him."""
    if fb.addressee == c.Addressee.HEAD:
        return has_perm(user, "petitions.decide", fb.organisation)
    return is_board(user, fb.organisation)


def is_sender(user: Any, fb: StaffFeedback) -> bool:
    """Return whether the user is the staff member who raised the concern."""
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    return person is not None and person.pk == fb.person_id


def shows_sender(user: Any, fb: StaffFeedback) -> bool:
    """Return whether the user may see who sent the concern.

    The sender and the handler always; when the sender did not ask for confidentiality, the board too (it
    supervises the handling of a concern sent to the head), never the head for one sent to the board.
    """
    if is_sender(user, fb) or can_handle(user, fb):
        return True
    return not fb.confidential and sees_identity(user, fb.organisation)


def sender_visibility(user: Any, organisation: Any) -> Callable[[StaffFeedback], bool]:
    """Return `shows_sender` for many concerns of one school, with the user's standing computed once (for lists)."""
    board = sees_identity(user, organisation)
    handles_board, head = is_board(user, organisation), has_perm(user, "petitions.decide", organisation)
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    person_id = getattr(person, "pk", None)

    def shows(fb: StaffFeedback) -> bool:
        if fb.person_id == person_id:
            return True
        if head if fb.addressee == c.Addressee.HEAD else handles_board:
            return True
        return not fb.confidential and board

    return shows


def audit_display(user: Any, events: Iterable[Any]) -> list[Any]:
    """Hide the sender of a staff concern in its trail from readers who may not know who sent it.

    The entries a sender wrote ("gửi kiến nghị") carry their name as the actor; for a reader `shows_sender` refuses,
    the actor becomes "[đã ẩn]" (registered with core.audit.register_display; the stored entries stay).
    """
    events = list(events)
    feedback_type = ContentType.objects.get_for_model(StaffFeedback)
    ids = {int(e.object_id) for e in events if e.content_type_id == feedback_type.pk and str(e.object_id).isdigit()}
    if not ids:
        return events
    hidden: dict[str, set[int]] = {}
    for fb in StaffFeedback.objects.filter(pk__in=ids).select_related("organisation", "person"):
        if not shows_sender(user, fb):
            hidden[str(fb.pk)] = {i for i in (fb.submitted_by_id, fb.person.user_id) if i is not None}
    out = []
    for e in events:
        if e.content_type_id == feedback_type.pk and e.object_id in hidden and e.actor_id in hidden[e.object_id]:
            e = copy.copy(e)
            e.actor_repr, e.actor_id = audit.REDACTED, None
        out.append(e)
    return out


def concern_settings(organisation: Any) -> ConcernSettings:
    """Return the school's answer period (the default, unsaved, when it never set one)."""
    return ConcernSettings.objects.filter(organisation=organisation).first() or ConcernSettings(
        organisation=organisation
    )


def set_concern_settings(
    organisation: Any, *, actor: Any, answer_days: int, working_days: bool, citation: str = ""
) -> ConcernSettings:
    """Set the school's answer period for staff concerns (the head's act); open concerns keep their date."""
    _require(actor, "petitions.decide", organisation)
    if not 1 <= answer_days <= c.CONCERN_MAX_DAYS:
        raise BoardError(_("Thời hạn trả lời từ 1 đến %(max)d ngày.") % {"max": c.CONCERN_MAX_DAYS})
    settings_row = concern_settings(organisation)
    settings_row.answer_days, settings_row.working_days = answer_days, working_days
    settings_row.citation = citation.strip() or c.CONCERN_CITATION
    settings_row.save()
    return settings_row


def concern_due(organisation: Any, received_on: dt.date) -> dt.date:
    """Return the answer date of a concern received on a day (the day itself does not count, BLDS Điều 147).

    Calendar days end on the next working day when the last one is a day off (BLDS Điều 148(5)).
    """
    row = concern_settings(organisation)
    try:
        return get_calendar(organisation).due_date(
            received_on, row.answer_days, WORKING if row.working_days else CALENDAR
        )
    except CalendarRangeError as exc:
        raise BoardError(str(exc)) from exc


def send_concern(
    organisation: Any,
    *,
    actor: Any,
    subject: str,
    content: str,
    addressee: str,
    confidential: bool = False,
) -> StaffFeedback:
    """Send a staff member's own concern to the head or the board, with its answer date, and tell the handler."""
    person = getattr(actor, "person", None)
    if person is None or person.organisation_id != organisation.pk or not person.active:
        raise BoardError(
            _(
                "Chỉ cán bộ, giáo viên, nhân viên của đơn vị gửi kiến nghị, phản ánh tới đơn vị "
                "(Điều 61 Luật 10/2022/QH15)."
            )
        )
    _require(actor, "board.concern", organisation)
    if addressee not in c.Addressee.values:
        raise BoardError(_("Chọn nơi nhận: Hiệu trưởng hoặc Ban thanh tra nhân dân."))
    if not content.strip():
        raise BoardError(_("Nhập nội dung kiến nghị, phản ánh."))
    today = timezone.localdate()
    with transaction.atomic():
        fb = StaffFeedback.objects.create(
            organisation=organisation,
            person=person,
            subject=subject.strip(),
            content=content.strip(),
            received_on=today,
            channel=c.Channel.ONLINE,
            addressee=addressee,
            confidential=confidential,
            due_on=concern_due(organisation, today),
            submitted_by=actor,
        )
        audit.record("board.stafffeedback.sent", actor=actor, obj=fb)
        transaction.on_commit(lambda: notifications.concern_sent(fb))
    return fb


def receive_feedback(
    organisation: Any,
    *,
    actor: Any,
    person: Any,
    content: str,
    received_on: dt.date,
    channel: str,
) -> StaffFeedback:
    """Record a staff kiến nghị, phản ánh (Điều 61; NĐ 59/2023 Điều 22: direct, suggestion box, document)."""
    _require_board(actor, organisation)
    if person.organisation_id != organisation.pk:
        raise BoardError(
            _(
                "Ban thanh tra nhân dân chỉ tiếp nhận kiến nghị, phản ánh của cán bộ, viên chức, "
                "người lao động trong đơn vị (Điều 61 Luật 10/2022/QH15)."
            )
        )
    if received_on > timezone.localdate():
        raise BoardError(_("Ngày tiếp nhận không thể sau hôm nay."))
    with transaction.atomic():
        fb = StaffFeedback.objects.create(
            organisation=organisation,
            person=person,
            content=content,
            received_on=received_on,
            channel=channel,
            due_on=concern_due(organisation, received_on),
        )
        audit.record("board.stafffeedback.received", actor=actor, obj=fb)
    return fb


def start_verification(fb: StaffFeedback, *, actor: Any) -> StaffFeedback:
    """Start verifying a staff recommendation (Điều 61: verify specific cases at staff request)."""
    return _move_feedback(fb, c.FeedbackAction.VERIFY, actor=actor)


def send_feedback_result(fb: StaffFeedback, *, actor: Any, result: str, sent_on: dt.date) -> StaffFeedback:
    """Record the answer sent to the person who raised it (NĐ 59/2023/NĐ-CP Điều 22) and tell them."""
    if not result.strip():
        raise BoardError(_("Ghi kết quả gửi cho người kiến nghị (Điều 22 Nghị định 59/2023/NĐ-CP)."))
    if sent_on < fb.received_on:
        raise BoardError(_("Ngày gửi kết quả không thể trước ngày tiếp nhận."))
    if sent_on > timezone.localdate():
        raise BoardError(_("Ngày gửi kết quả không thể sau hôm nay."))
    fb.result, fb.result_sent_on = result.strip(), sent_on
    fb.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        _move_feedback(fb, c.FeedbackAction.ANSWER, actor=actor, fields=["result", "result_sent_on", "answered_by"])
        transaction.on_commit(lambda: notifications.concern_answered(fb))
    return fb


def route_concern(fb: StaffFeedback, *, actor: Any, note: str = "") -> StaffFeedback:
    """Pass an open concern to the other handler (head ↔ board), keeping its answer date; audited and notified."""
    if not can_handle(actor, fb):
        raise BoardError(_("Chỉ người đang giải quyết kiến nghị mới chuyển được."))
    if not fb.is_open:
        raise BoardError(_("Kiến nghị đã có kết quả, không chuyển được."))
    old = fb.addressee
    fb.addressee = c.Addressee.BOARD if old == c.Addressee.HEAD else c.Addressee.HEAD
    with transaction.atomic():
        fb.save(update_fields=["addressee", "updated_at"])
        audit.record(
            "board.stafffeedback.route",
            actor=actor,
            obj=fb,
            changes={"addressee": [old, fb.addressee]},
            message=note.strip()[:500],
        )
        transaction.on_commit(lambda: notifications.concern_sent(fb))
    return fb


def _move_feedback(fb: StaffFeedback, action: str, *, actor: Any, fields: Sequence[str] = ()) -> StaffFeedback:
    target = c.FEEDBACK_TRANSITIONS.get((fb.status, action))
    if target is None:
        raise BoardError(
            _("Kiến nghị ở trạng thái “%(s)s” không thể “%(a)s”.")
            % {"s": fb.get_status_display(), "a": c.FeedbackAction(action).label}
        )
    to, perm = target
    _require(actor, perm, fb.organisation)
    if actor is not None and not can_handle(actor, fb):
        raise BoardError(
            _("Kiến nghị gửi Hiệu trưởng do Hiệu trưởng trả lời.")
            if fb.addressee == c.Addressee.HEAD
            else _("Chỉ Ban thanh tra nhân dân thực hiện việc này (Điều 61 Luật 10/2022/QH15).")
        )
    apply_step(fb, action, to, actor=actor, fields=fields)
    return fb


def open_concerns(organisations: Iterable[Any], *, addressee: str | None = None) -> list[StaffFeedback]:
    """Return the concerns awaiting an answer, soonest due first."""
    qs = StaffFeedback.objects.filter(organisation__in=list(organisations), status__in=list(c.OPEN_FEEDBACK))
    if addressee is not None:
        qs = qs.filter(addressee=addressee)
    return list(qs.select_related("organisation").order_by(F("due_on").asc(nulls_last=True), "id"))


# ====================================================================== recommendations to the head


def answer_due(organisation: Any, sent_on: dt.date) -> tuple[dt.date, str]:
    """Return the head's answer deadline and its citation (Luật 10/2022/QH15 Điều 63(1): 15 days)."""
    try:
        deadline = compute_deadline(c.DEADLINE_KIND, c.DEADLINE_STEP, sent_on, organisation=organisation)
    except WorkdaysError as exc:
        raise BoardError(exc.message) from exc
    return deadline.due, deadline.rule.citation


def send_recommendation(
    organisation: Any,
    *,
    actor: Any,
    subject: str,
    content: str,
    sent_on: dt.date,
    feedback: StaffFeedback | None = None,
) -> BoardRecommendation:
    """Send a recommendation to the head; the answer is due 15 days later (Điều 63(1))."""
    _require_board(actor, organisation)
    if sent_on > timezone.localdate():
        raise BoardError(_("Ngày gửi không thể sau hôm nay."))
    if feedback is not None and feedback.organisation_id != organisation.pk:
        raise BoardError(_("Kiến nghị của CBVC thuộc đơn vị khác."))
    due, citation = answer_due(organisation, sent_on)
    with transaction.atomic():
        rec = BoardRecommendation(
            organisation=organisation,
            subject=subject,
            content=content,
            sent_on=sent_on,
            due_on=due,
            due_citation=citation,
            feedback=feedback,
        )
        audit.name_creation(rec, "board.boardrecommendation.sent", actor=actor)  # one entry, with the new values
        rec.save()
        notifications.recommendation_sent(rec)
    return rec


def answer_recommendation(
    rec: BoardRecommendation,
    *,
    actor: Any,
    answer: str,
    answered_on: dt.date | None = None,
) -> BoardRecommendation:
    """Record the head's answer (Luật 10/2022/QH15 Điều 63(1))."""
    answered_on = answered_on or timezone.localdate()
    if not answer.strip():
        raise BoardError(_("Nhập nội dung trả lời kiến nghị."))
    if answered_on < rec.sent_on:
        raise BoardError(_("Ngày trả lời không thể trước ngày gửi kiến nghị."))
    rec.answer, rec.answered_on = answer.strip(), answered_on
    rec.answered_by = actor if getattr(actor, "is_authenticated", False) else None
    return _move_recommendation(
        rec, c.RecommendationAction.ANSWER, actor=actor, fields=["answer", "answered_on", "answered_by"]
    )


def withdraw_recommendation(rec: BoardRecommendation, *, actor: Any) -> BoardRecommendation:
    """Withdraw a recommendation not yet answered."""
    return _move_recommendation(rec, c.RecommendationAction.WITHDRAW, actor=actor)


def _move_recommendation(
    rec: BoardRecommendation,
    action: str,
    *,
    actor: Any,
    fields: Sequence[str] = (),
) -> BoardRecommendation:
    target = c.RECOMMENDATION_TRANSITIONS.get((rec.status, action))
    if target is None:
        raise BoardError(
            _("Kiến nghị ở trạng thái “%(s)s” không thể “%(a)s”.")
            % {"s": rec.get_status_display(), "a": c.RecommendationAction(action).label},
            code="conflict",
        )
    to, perm = target
    _require(actor, perm, rec.organisation)
    if action == c.RecommendationAction.WITHDRAW:
        _require_board(actor, rec.organisation)
    message = ""
    if action == c.RecommendationAction.ANSWER and rec.answered_on > rec.due_on:
        message = str(_("trả lời quá hạn 15 ngày (Điều 63 Luật 10/2022/QH15)"))
    with transaction.atomic():
        apply_step(rec, action, to, actor=actor, fields=fields, message=message)
        if action == c.RecommendationAction.ANSWER:
            notifications.recommendation_answered(rec)
    return rec


def open_recommendations(organisations: Iterable[Any]) -> list[BoardRecommendation]:
    """Return the recommendations awaiting an answer, soonest due first."""
    return list(
        BoardRecommendation.objects.filter(
            organisation__in=list(organisations),
            status=c.RecommendationStatus.SENT,
        )
        .select_related("organisation")
        .order_by("due_on", "id")
    )


# ====================================================================== reports


def create_report(
    organisation: Any,
    *,
    actor: Any,
    period: str,
    year: int,
    number: int | None,
    title: str,
    content: str,
    recipient: str,
    sent_on: dt.date | None = None,
) -> BoardReport:
    """Record a report of the board to the union executive and the staff conference (Điều 62)."""
    _require(actor, "board.manage", organisation)
    if not content.strip():
        raise BoardError(_("Báo cáo cần có nội dung."))
    with transaction.atomic():
        report = BoardReport.objects.create(
            organisation=organisation,
            period=period,
            year=year,
            number=None if period == c.PeriodKind.YEAR else number,
            title=title,
            content=content,
            recipient=recipient,
            sent_on=sent_on,
        )
        audit.record("board.boardreport.sent" if sent_on else "board.boardreport.created", obj=report, actor=actor)
    return report
