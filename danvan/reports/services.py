"""Reporting services: obligations from plans and campaigns, compiling, the workflow and the Department aggregate."""

from __future__ import annotations

import base64
import datetime as dt
import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from danvan.core import audit
from danvan.core.errors import DomainError, refusals_are_conflicts
from danvan.core.scoping import has_perm
from danvan.core.storage import accept_upload, save_upload
from danvan.lib.lazy import lazy_module
from danvan.lib.text import fold
from danvan.org.models import Organisation
from danvan.reports import narrative, sources, tasks
from danvan.reports.choices import (
    REPORT_TRANSITIONS,
    SCAN_STATES,
    SENT_STATUSES,
    TEMPLATE_SOURCES,
    JobStatus,
    ObligationKind,
    ObligationStatus,
    ReportAction,
    ReportTemplate,
    default_period,
    last_day_before_month,
    standard_period,
)
from danvan.reports.models import (
    CompileJob,
    ObligationCampaign,
    Report,
    ReportObligation,
    ReportVersion,
)
from danvan.reports.notifications import campaign_launched, report_moved

if TYPE_CHECKING:
    from danvan.reports import charts
else:  # loaded on first use (danvan/lib/lazy.py): building a document needs heavy libraries
    charts = lazy_module("danvan.reports.charts")

log = logging.getLogger(__name__)

Progress = Callable[[int, str], None]

PERIODIC_KINDS = frozenset({ObligationKind.SIX_MONTH, ObligationKind.ANNUAL, ObligationKind.QUARTER})
NOTABLE_MODEL_STATUSES = frozenset({"cong-nhan", "khen-thuong", "nhan-rong"})


class ReportError(DomainError):
    """A reporting rule was broken; `message` is the Vietnamese sentence shown to the user."""


# ------------------------------------------------------------------------------------------ obligations


def kind_from_name(name: str) -> str:
    """Guess the obligation kind from a report name in a plan ("Báo cáo 6 tháng" → 6 tháng).

    "Đầu năm" (a start-of-year report, usually on the plan itself) is not an annual report; "học kỳ",
    "sơ kết" and "6 tháng" are half-year reports; "cuối năm", "tổng kết" and "năm" are annual.
    """
    key = fold(name or "")
    words = key.split()
    if "dau nam" in key:
        return ObligationKind.AD_HOC
    if "6 thang" in key or "sau thang" in key or "so ket" in key or "hoc ky" in key:
        return ObligationKind.SIX_MONTH
    if "quy" in words:
        return ObligationKind.QUARTER
    if "nam" in words or "tong ket" in key:
        return ObligationKind.ANNUAL
    return ObligationKind.AD_HOC


def period_label(kind: str, period_end: dt.date) -> str:
    """Return how a trích yếu names a calendar period ("6 tháng đầu năm 2023", "năm 2023", "quý 2 năm 2023")."""
    year = period_end.year
    if kind == ObligationKind.SIX_MONTH:
        return f"6 tháng đầu năm {year}"
    if kind == ObligationKind.QUARTER:
        return f"quý {(period_end.month - 1) // 3 + 1} năm {year}"
    return f"năm {year}"


def default_title(kind: str, period_end: dt.date, subject: str = "công tác dân vận") -> str:
    """Return the trích yếu of a report ("Kết quả thực hiện công tác dân vận 6 tháng đầu năm 2023")."""
    if kind in (ObligationKind.SIX_MONTH, ObligationKind.ANNUAL, ObligationKind.QUARTER):
        return f"Kết quả thực hiện {subject} {period_label(kind, period_end)}"
    return f"Kết quả thực hiện {subject}"


_SCHOOL_YEAR = re.compile(r"nam hoc (\d{4}) (\d{4})")  # on fold()ed text: "năm học 2020-2021"
_TRAILING_YEAR = re.compile(r"\s*(?:năm học\s*\d{4}\s*[-–—/]\s*\d{4}|năm\s*\d{4}|\d{4})\s*$", re.IGNORECASE)
_LEADING_DOING = re.compile(r"^(?:kế hoạch\s+)?thực hiện\s+", re.IGNORECASE)
# Dates of a school year used for the data periods of a school-year plan's reports: a house convention
# (the Ministry's yearly time frame varies), UNCONFIRMED, editable per obligation.
SCHOOL_YEAR_START = (9, 1)
SEMESTER_ONE_END = (12, 31)
SCHOOL_YEAR_END = (5, 31)
# A periodic report whose data would stop more than this before the standard end is not that report.
MAX_SHORTENING = dt.timedelta(days=45)


def school_year(plan: Any) -> tuple[int, int] | None:
    """Return (2020, 2021) for a plan "… năm học 2020-2021", None for a calendar-year plan."""
    match = _SCHOOL_YEAR.search(fold(getattr(plan, "title", "") or ""))
    if match is None:
        return None
    first, second = int(match.group(1)), int(match.group(2))
    return (first, second) if second == first + 1 else None


def plan_subject(plan: Any) -> str:
    """Return what a plan is about, for the trích yếu of its reports ("công tác dân vận", "nhiệm vụ pháp chế")."""
    title = " ".join((getattr(plan, "title", "") or "").split())
    title = _TRAILING_YEAR.sub("", title).strip(" ,.;:-–")
    if not title:
        return "công tác dân vận"
    doing = _LEADING_DOING.match(title)
    if doing:
        rest = title[doing.end() :]
        return rest[:1].lower() + rest[1:]
    if fold(title).startswith("ke hoach"):
        return title[:1].lower() + title[1:]
    return "kế hoạch " + title[:1].lower() + title[1:]


def _calendar_period(kind: str, due: dt.date) -> tuple[dt.date, dt.date] | None:
    """Return the standard period a 6-month or annual report due on `due` is about, or None when none fits.

    The period that ended within two months before the due date (6-month due 15/6; annual due in January),
    else the due year's when it has not ended by then (the caller shortens it to end before the due date).
    """
    for year in (due.year, due.year - 1):
        start, end = standard_period(kind, year)
        if end < due and (due - end).days <= 62:
            return start, end
    start, end = standard_period(kind, due.year)
    return (start, end) if end >= due else None


def plan_report(plan: Any, name: str, due: dt.date) -> tuple[str, dt.date, dt.date, str]:
    """Return (kind, data start, data end, trích yếu) of a plan's report deadline; the data end before `due`.

    A calendar-year plan follows NĐ 09/2019 (`default_period`); a school-year plan ("năm học 2020-2021")
    reports on its school year: semester I to 31/12, the year to 31/5, a start-of-year or other report from
    the start of the school year to its due date. A periodic report whose data would have to stop well
    before its standard end (a "báo cáo cuối năm" due in May of a calendar-year plan) is kept as an ad-hoc
    report named after the deadline rather than passed off as the annual report.
    """
    kind = kind_from_name(name)
    subject = plan_subject(plan)
    years = school_year(plan)
    key = fold(name)
    semester_two = "hoc ky ii" in key or "hoc ky 2" in key
    if years:
        y1, y2 = years
        start = dt.date(y1, *SCHOOL_YEAR_START)
        year_phrase = f"năm học {y1}-{y2}"
        if kind == ObligationKind.SIX_MONTH:
            if semester_two:
                start, standard_end = dt.date(y2, 1, 1), dt.date(y2, *SCHOOL_YEAR_END)
            else:
                standard_end = dt.date(y1, *SEMESTER_ONE_END)
            label = f"học kỳ {'II' if semester_two else 'I'} {year_phrase}"
        elif kind == ObligationKind.ANNUAL:
            standard_end, label = dt.date(y2, *SCHOOL_YEAR_END), year_phrase
        else:
            standard_end, label = due, year_phrase
    elif kind in (ObligationKind.SIX_MONTH, ObligationKind.ANNUAL) and _calendar_period(kind, due):
        start, standard_end = _calendar_period(kind, due)  # type: ignore[misc]
        year_phrase, label = f"năm {standard_end.year}", period_label(kind, standard_end)
    elif kind == ObligationKind.QUARTER:
        start, standard_end = default_period(kind, due)
        year_phrase, label = f"năm {standard_end.year}", period_label(kind, standard_end)
    else:
        kind = ObligationKind.AD_HOC if kind != ObligationKind.THEMATIC else kind
        start, standard_end = dt.date(plan.year or due.year, 1, 1), due
        year_phrase = label = f"năm {plan.year or due.year}"
    end = standard_end
    if kind in (ObligationKind.SIX_MONTH, ObligationKind.ANNUAL) and end >= due:
        end = last_day_before_month(due)
        if end < start or standard_end - end > MAX_SHORTENING:
            kind = ObligationKind.AD_HOC
    if kind in (ObligationKind.AD_HOC, ObligationKind.THEMATIC):
        end = due
        if start > end:
            start = dt.date(end.year, 1, 1)
        if "dau nam" in key:
            return kind, start, end, f"Tình hình triển khai {subject} đầu {year_phrase}"[:300]
        return kind, start, end, f"Kết quả thực hiện {subject} {year_phrase} ({' '.join(name.split())})"[:300]
    return kind, start, end, f"Kết quả thực hiện {subject} {label}"[:300]


IN_FORCE_PLAN_STATUSES = frozenset({"approved", "published"})


def plan_in_force(plan: Any) -> bool:
    """Return whether a plan binds the school: approved or published, never a draft (an import is a draft)."""
    return str(getattr(plan, "status", "")) in IN_FORCE_PLAN_STATUSES


def same_report(organisation_id: int, kind: str, start: dt.date, end: dt.date, title: str = "") -> Any:
    """Return the obligations the organisation already has for the same report: same kind and data period.

    Periodic reports (6 tháng, năm, quý) are one per data period whatever their source (a plan, a campaign,
    a clerk); a thematic or ad-hoc report is the same only with the same title as well.
    """
    qs = ReportObligation.objects.filter(organisation_id=organisation_id, kind=kind, period_start=start, period_end=end)
    if kind not in PERIODIC_KINDS:
        qs = qs.filter(title=title)
    return qs


def _lock_organisation(organisation_id: int) -> None:
    """Serialise obligation creation per organisation (two imports at once must not both create)."""
    list(Organisation.objects.select_for_update().filter(pk=organisation_id).values_list("pk", flat=True))


def obligations_from_plan(plan: Any, *, actor: Any = None) -> list[ReportObligation]:
    """Create one obligation per report deadline of a plan in force (idempotent, never twice for one report).

    A draft (what an import gives) creates nothing: the obligations come when the plan is approved or
    published. A deadline whose report the school already owes (same kind and data period, from another
    plan, a re-imported copy of this one, or a Department campaign) is linked to it or skipped.
    """
    created: list[ReportObligation] = []
    if not plan_in_force(plan):
        return created
    recipient = plan.organisation.tenant_above()
    with transaction.atomic():
        _lock_organisation(plan.organisation_id)
        for deadline in plan.report_deadlines.all():
            key = f"plans.deadline:{deadline.pk}"
            kind, start, end, title = plan_report(plan, deadline.name, deadline.due)
            known = ReportObligation.objects.filter(organisation_id=plan.organisation_id, source_key=key).first()
            if known is not None:
                if deadline.updated_at > known.updated_at:  # revised since: a clerk's later edit is kept
                    _follow_deadline(known, kind, start, end, title, deadline.due, actor=actor)
                continue
            try:
                _check_period(start, end, deadline.due)
            except ReportError as exc:  # never expected: the rules above keep the data before the due date
                log.warning("reports: deadline %s of plan %s skipped: %s", deadline.pk, plan.pk, exc.message)
                continue
            same = same_report(plan.organisation_id, kind, start, end, title).order_by("id").first()
            if same is not None:
                # The Department may already have asked for the same report (a campaign): link, do not duplicate.
                if same.deadline_id is None and not same.source_key:
                    same.deadline, same.source_key = deadline, key
                    same.save(update_fields=["deadline", "source_key", "updated_at"])
                continue
            obligation = ReportObligation.objects.create(
                organisation_id=plan.organisation_id,
                kind=kind,
                title=title,
                period_start=start,
                period_end=end,
                due=deadline.due,
                recipient=recipient,
                source_key=key,
                deadline=deadline,
            )
            obligation.refresh_status()
            audit.record(
                "reports.obligation.from_plan",
                obj=obligation,
                actor=actor,
                message=f"{deadline.name} ({deadline.due:%d/%m/%Y})",
            )
            created.append(obligation)
    return created


def _follow_deadline(
    obligation: ReportObligation,
    kind: str,
    start: dt.date,
    end: dt.date,
    title: str,
    due: dt.date,
    *,
    actor: Any = None,
) -> None:
    """Bring an obligation made from a plan's deadline up to the deadline as revised (a new revision of the plan
    moved its due date or renamed it, after the obligation was last changed), unless its report is already
    signed or sent (then it is a record)."""
    values = {"kind": kind, "period_start": start, "period_end": end, "title": title, "due": due}
    changed = [k for k, v in values.items() if getattr(obligation, k) != v]
    if not changed or end < start or due < end:
        return
    report = obligation.report_or_none
    if report is not None and not report.is_editable:
        return
    old = {k: str(getattr(obligation, k)) for k in changed}
    for k in changed:
        setattr(obligation, k, values[k])
    obligation.save(update_fields=[*changed, "updated_at"])
    obligation.refresh_status()
    audit.record(
        "reports.obligation.from_plan",
        obj=obligation,
        actor=actor,
        changes={k: [old[k], str(values[k])] for k in changed},
    )


def _check_period(start: dt.date, end: dt.date, due: dt.date) -> None:
    if end < start:
        raise ReportError(_("Ngày kết thúc kỳ số liệu phải sau ngày bắt đầu."))
    if due < end:
        raise ReportError(_("Hạn gửi không thể trước ngày kết thúc kỳ số liệu."))


def create_obligation(
    organisation: Any,
    *,
    actor: Any,
    kind: str,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    due: dt.date,
    template: str = ReportTemplate.DAN_VAN,
    recipient: Any = None,
) -> ReportObligation:
    """Create an obligation for one organisation (a thematic or ad-hoc report, or a periodic one by hand)."""
    if not has_perm(actor, "reports.edit", organisation) and not has_perm(actor, "reports.obligations", organisation):
        raise ReportError(_("Bạn không có quyền giao báo cáo cho đơn vị này."))
    _check_period(period_start, period_end, due)
    with transaction.atomic():
        obligation = ReportObligation.objects.create(
            organisation=organisation,
            kind=kind,
            title=title or default_title(kind, period_end),
            period_start=period_start,
            period_end=period_end,
            due=due,
            template=template,
            recipient=recipient if recipient is not None else organisation.tenant_above(),
        )
        obligation.refresh_status()
    return obligation


def update_obligation(obligation: ReportObligation, *, actor: Any, **fields: Any) -> ReportObligation:
    """Change an obligation's title, period, due date or template (not once its report is sent)."""
    if not has_perm(actor, "reports.edit", obligation.organisation) and not has_perm(
        actor, "reports.obligations", obligation.organisation
    ):
        raise ReportError(_("Bạn không có quyền sửa nghĩa vụ báo cáo này."))
    report = obligation.report_or_none
    if report is not None and not report.is_editable:
        raise ReportError(_("Báo cáo đã ký hoặc đã gửi: không sửa được kỳ báo cáo."))
    allowed = {"title", "kind", "period_start", "period_end", "due", "template"}
    for name, value in fields.items():
        if name in allowed and value is not None:
            setattr(obligation, name, value)
    _check_period(obligation.period_start, obligation.period_end, obligation.due)
    with transaction.atomic():
        obligation.save(update_fields=[f for f in fields if f in allowed])
        obligation.refresh_status()
    return obligation


def campaign_preview(
    department: Any, *, kind: str, title: str, period_start: dt.date, period_end: dt.date
) -> dict[str, list[Any]]:
    """Return what a campaign would do, school by school: {"create", "adopt", "skip"} lists of schools.

    "adopt": the school already owes this report (same kind and data period, from its plan or by hand) and
    that obligation joins the campaign; "skip": the school already received it in an earlier campaign, so
    it is not asked twice.
    """
    title = title or default_title(kind, period_end)
    schools = list(
        Organisation.objects.schools()
        .subtree(department)
        .exclude(pk=department.pk)
        .order_by("name")
        .only("id", "name", "code")
    )
    existing: dict[int, list[ReportObligation]] = {}
    for o in ReportObligation.objects.filter(
        organisation__in=[s.id for s in schools], kind=kind, period_start=period_start, period_end=period_end
    ).order_by("id"):
        if kind in PERIODIC_KINDS or o.title == title:
            existing.setdefault(o.organisation_id, []).append(o)
    out: dict[str, list[Any]] = {"create": [], "adopt": [], "skip": []}
    for school in schools:
        rows = existing.get(school.id, [])
        if any(o.campaign_id for o in rows):
            out["skip"].append(school)
        elif rows:
            out["adopt"].append(school)
        else:
            out["create"].append(school)
    return out


def create_campaign(
    department: Any,
    *,
    actor: Any,
    kind: str,
    title: str,
    period_start: dt.date,
    period_end: dt.date,
    due: dt.date,
    template: str = ReportTemplate.DAN_VAN,
) -> ObligationCampaign:
    """Set one obligation for every school below the Department at once (bulk, one audit entry per campaign).

    A school already asked for the same report (same kind and data period) in an earlier campaign is skipped
    (`campaign.skipped` lists them); when every school has it, nothing is created and the error names them.
    Each school's report writers and signers are notified after the commit.
    """
    if not has_perm(actor, "reports.obligations", department):
        raise ReportError(_("Bạn không có quyền giao báo cáo cho các đơn vị trực thuộc."))
    _check_period(period_start, period_end, due)
    title = title or default_title(kind, period_end)
    today = timezone.localdate()
    with transaction.atomic():
        _lock_organisation(department.pk)
        plan = campaign_preview(department, kind=kind, title=title, period_start=period_start, period_end=period_end)
        skipped = [s.name for s in plan["skip"]]
        if not plan["create"] and not plan["adopt"]:
            raise ReportError(
                _("Các trường đã được giao báo cáo này (cùng loại và kỳ số liệu): %(schools)s.")
                % {"schools": ", ".join(skipped) or "—"}
            )
        campaign = ObligationCampaign.objects.create(
            organisation=department,
            kind=kind,
            title=title,
            period_start=period_start,
            period_end=period_end,
            due=due,
            template=template,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        # A school that already owes the same report (from its own plan's deadline) keeps that obligation,
        # now attached to the campaign and due when the Department says.
        adopt_ids = [s.id for s in plan["adopt"]]
        existing = list(
            ReportObligation.objects.filter(
                organisation_id__in=adopt_ids,
                kind=kind,
                period_start=period_start,
                period_end=period_end,
                campaign__isnull=True,
            ).order_by("organisation_id", "id")
        )
        seen: set[int] = set()
        for o in existing:  # saved one by one so each school's trail shows its new due date (a few rows at most)
            if o.organisation_id in seen or (kind not in PERIODIC_KINDS and o.title != title):
                continue
            seen.add(o.organisation_id)
            o.campaign, o.due, o.recipient = campaign, due, department
            o.save(update_fields=["campaign", "due", "recipient", "updated_at"])
            o.refresh_status()
        status = ObligationStatus.MISSING if due < today else ObligationStatus.NOT_STARTED
        ReportObligation.objects.bulk_create(
            [
                ReportObligation(
                    organisation_id=s.id,
                    kind=kind,
                    title=title,
                    period_start=period_start,
                    period_end=period_end,
                    due=due,
                    template=template,
                    recipient=department,
                    campaign=campaign,
                    status=status,
                )
                for s in plan["create"]
            ],
            batch_size=500,
        )
        audit.record(
            "reports.campaign.launched",
            obj=campaign,
            actor=actor,
            changes={"schools": [None, campaign.obligations.count()]},
            message=f"Bỏ qua (đã được giao): {', '.join(skipped)}" if skipped else "",
        )
        campaign_id = campaign.pk
        transaction.on_commit(lambda: campaign_launched(campaign_id))
    campaign.skipped = skipped  # type: ignore[attr-defined]
    return campaign


# ------------------------------------------------------------------------------------------ compiling


def gather_figures(
    organisation_ids: list[int],
    start: dt.date,
    end: dt.date,
    template: str = ReportTemplate.DAN_VAN,
    progress: Progress | None = None,
    skip: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Return the figures of the period from every source the template uses, with the derived rates."""
    wanted = tuple(s for s in TEMPLATE_SOURCES.get(template, TEMPLATE_SOURCES[ReportTemplate.DAN_VAN]) if s not in skip)
    figures: dict[str, Any] = {
        "period": {"start": start.strftime("%d/%m/%Y"), "end": end.strftime("%d/%m/%Y")},
        "sources": list(wanted),
        "notes": [],
    }
    for i, source in enumerate(wanted):
        if progress:
            progress(
                10 + int(70 * i / len(wanted)), _("Đang lấy số liệu: %(s)s") % {"s": sources.SOURCE_LABELS[source]}
            )
        data = sources.fetch(source, organisation_ids, start, end)
        figures[source] = data
        if "unavailable" in data:
            figures["notes"].append(data["unavailable"])
    sources.add_rates(figures)
    return figures


def _get_or_create_report(obligation: ReportObligation) -> Report:
    report, _created = Report.objects.get_or_create(
        obligation=obligation, defaults={"organisation_id": obligation.organisation_id}
    )
    return report


def compile_report(
    obligation: ReportObligation,
    *,
    actor: Any,
    progress: Progress | None = None,
    regenerate_text: bool = False,
) -> ReportVersion:
    """Assemble a new draft version from the data of the obligation's period.

    The narrative keeps the previous version's text (its `{figure}` placeholders are refilled with the
    new figures) unless there is none or `regenerate_text` is set.
    """
    if actor is not None and not has_perm(actor, "reports.edit", obligation.organisation):
        raise ReportError(_("Bạn không có quyền soạn báo cáo của đơn vị này."))
    existing = obligation.report_or_none
    if existing is not None and not existing.is_editable:
        raise ReportError(_("Báo cáo đã ký hoặc đã gửi: không tổng hợp lại được."))
    figures = gather_figures(
        [obligation.organisation_id], obligation.period_start, obligation.period_end, obligation.template, progress
    )
    figures["organisation"] = obligation.organisation.name
    if progress:
        progress(80, _("Đang vẽ biểu đồ"))
    drawn = charts.all_charts(figures)
    chart_data = {name: base64.b64encode(png).decode() for name, _t, png in drawn} or {"_": ""}
    if progress:
        progress(90, _("Đang soạn nội dung báo cáo"))
    with transaction.atomic():
        report = _get_or_create_report(obligation)
        report = Report.objects.select_for_update().get(pk=report.pk)
        previous = report.current_version
        if previous is not None and not regenerate_text:
            sections = dict(previous.sections)
        else:
            sections = narrative.default_sections(figures, obligation.template)
        number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ReportVersion.objects.create(
            organisation_id=obligation.organisation_id,
            report=report,
            number=number,
            figures=figures,
            sections=sections,
            charts=chart_data,
            author=actor if getattr(actor, "pk", None) else None,
        )
        report.current_version = version
        report.save(update_fields=["current_version", "updated_at"])
        obligation.refresh_status()
        audit.record("reports.report.compiled", obj=report, actor=actor, changes={"version": [None, number]})
    if progress:
        progress(100, _("Đã tổng hợp xong bản %(n)s") % {"n": number})
    return version


def save_narrative(report: Report, *, actor: Any, sections: dict[str, str]) -> ReportVersion:
    """Save edited narrative sections as a new version (same figures)."""
    if not has_perm(actor, "reports.edit", report.organisation):
        raise ReportError(_("Bạn không có quyền soạn báo cáo của đơn vị này."))
    if not report.is_editable:
        raise ReportError(_("Báo cáo đã ký hoặc đã gửi: không sửa được nội dung."))
    current = report.current_version
    if current is None:
        raise ReportError(_("Chưa có số liệu: hãy tổng hợp báo cáo trước."))
    with transaction.atomic():
        number = (report.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        merged = {**current.sections, **{k: (v or "").strip() for k, v in sections.items()}}
        version = ReportVersion.objects.create(
            organisation_id=report.organisation_id,
            report=report,
            number=number,
            figures=current.figures,
            sections=merged,
            charts=current.charts,
            author=actor if getattr(actor, "pk", None) else None,
        )
        report.current_version = version
        report.save(update_fields=["current_version", "updated_at"])
        audit.record("reports.report.edited", obj=report, actor=actor, changes={"version": [current.number, number]})
    return version


@refusals_are_conflicts
def start_compile(obligation: ReportObligation, *, actor: Any) -> CompileJob:
    """Queue a background compile of the obligation's report and return the job the page polls."""
    if not has_perm(actor, "reports.edit", obligation.organisation):
        raise ReportError(_("Bạn không có quyền soạn báo cáo của đơn vị này."))
    report = obligation.report_or_none
    if report is not None and not report.is_editable:
        raise ReportError(_("Báo cáo đã ký hoặc đã gửi: không tổng hợp lại được."))
    # A second click while a compile is queued or running follows the same job.
    recent = timezone.now() - dt.timedelta(minutes=10)
    running = obligation.jobs.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING], created_at__gte=recent).first()
    if running is not None:
        return running
    with transaction.atomic():
        job = CompileJob.objects.create(
            organisation_id=obligation.organisation_id,
            obligation=obligation,
            message=_("Đang chờ tổng hợp"),
            requested_by=actor if getattr(actor, "pk", None) else None,
        )
        transaction.on_commit(lambda: tasks.compile_obligation.enqueue(job.pk))
    return job


def job_progress(job_id: int) -> Progress:
    """Return a callback that stores progress on the job row (a plain UPDATE, no audit entry)."""

    def tick(percent: int, message: str) -> None:
        CompileJob.objects.filter(pk=job_id).update(
            percent=min(max(percent, 0), 100), message=str(message)[:300], status=JobStatus.RUNNING
        )

    return tick


# ------------------------------------------------------------------------------------------ workflow


@refusals_are_conflicts
def transition(report: Report, action: str, *, actor: Any, comment: str = "", now: dt.datetime | None = None) -> Report:
    """Move a report along the transitions table (sign, submit, accept, return, revise)."""
    key = (report.state, action)
    if key not in REPORT_TRANSITIONS:
        raise ReportError(
            _("Không thể “%(action)s” báo cáo ở trạng thái “%(state)s”.")
            % {
                "action": ReportAction(action).label if action in ReportAction.values else action,
                "state": report.get_state_display(),
            }
        )
    target, perm = REPORT_TRANSITIONS[key]
    if not has_perm(actor, perm, report.organisation):
        raise ReportError(_("Bạn không có quyền thực hiện thao tác này."))
    if action == ReportAction.SIGN and report.current_version_id is None:
        raise ReportError(_("Chưa có nội dung: hãy tổng hợp báo cáo trước khi ký."))
    if action == ReportAction.RETURN and not comment.strip():
        raise ReportError(_("Hãy ghi rõ lý do trả lại báo cáo."))
    now = now or timezone.now()
    obligation = report.obligation
    before = audit.snapshot(report)
    fields = ["state", "updated_at"]
    report.state = target
    if action == ReportAction.SIGN:
        report.signed_at, report.signed_by = now, actor
        fields += ["signed_at", "signed_by"]
        if report.number is None:
            # Numbered when signed, from 01 each year per issuer (NĐ 30/2020 Điều 15); kept if re-signed.
            year = timezone.localtime(now).year
            top = Report.objects.filter(organisation_id=report.organisation_id, number_year=year).aggregate(
                n=Max("number")
            )["n"]
            report.number, report.number_year = (top or 0) + 1, year
            fields += ["number", "number_year"]
    elif action == ReportAction.UNSIGN:
        report.signed_at, report.signed_by = None, None
        fields += ["signed_at", "signed_by"]
    if action in (ReportAction.UNSIGN, ReportAction.REVISE) and report.signed_scan:
        # The scan shows the text that was signed; once the text may change, it no longer does (the stored
        # file, referenced by nothing, goes with the orphan sweep).
        report.signed_scan, report.signed_scan_size, report.signed_scan_at, report.signed_scan_by = "", 0, None, None
        fields += ["signed_scan", "signed_scan_size", "signed_scan_at", "signed_scan_by"]
    elif action == ReportAction.SUBMIT:
        # On time when sent on or before the due day, in local time (the Department's clock).
        report.submitted_at = now
        report.submitted_late = timezone.localtime(now).date() > obligation.due
        fields += ["submitted_at", "submitted_late"]
    elif action in (ReportAction.ACCEPT, ReportAction.RETURN):
        report.reviewed_at, report.reviewed_by, report.review_comment = now, actor, comment.strip()
        fields += ["reviewed_at", "reviewed_by", "review_comment"]
    with transaction.atomic():
        # One entry: the step's code with every value it changed (no second "changed" entry, no re-read).
        audit.save_and_record(
            report,
            fields,
            f"reports.report.{ReportAction(action).name.lower()}",
            before=before,
            actor=actor,
            message=comment.strip(),
        )
        if action == ReportAction.SUBMIT and report.current_version_id:
            ReportVersion.objects.filter(pk=report.current_version_id, submitted_at__isnull=True).update(
                submitted_at=now
            )
        obligation.refresh_status()
        if action in (ReportAction.SUBMIT, ReportAction.RETURN, ReportAction.ACCEPT):
            report_id, said = report.pk, comment.strip()
            transaction.on_commit(lambda: report_moved(report_id, str(action), said))
    return report


def attach_signed_scan(report: Report, upload: Any, *, actor: Any, now: dt.datetime | None = None) -> Report:
    """Store the scan (a PDF, checked by the form) of the paper copy the head signed; a later scan replaces it."""
    if report.state not in SCAN_STATES:
        raise ReportError(
            _("Chỉ tải bản ký lên được sau khi báo cáo đã được ký (trạng thái hiện tại: “%(state)s”).")
            % {"state": report.get_state_display()}
        )
    if not (
        has_perm(actor, "reports.edit", report.organisation) or has_perm(actor, "reports.sign", report.organisation)
    ):
        raise ReportError(_("Bạn không có quyền thực hiện thao tác này."))
    try:
        accepted = accept_upload(upload, allowed={"pdf"})
    except ValidationError as exc:
        raise ReportError(" ".join(exc.messages)) from None
    replaced = bool(report.signed_scan)
    with transaction.atomic():
        save_upload(report.signed_scan, accepted, fallback_name="ban-ky.pdf")
        report.signed_scan_size = accepted.size
        report.signed_scan_at, report.signed_scan_by = now or timezone.now(), actor
        report.save(update_fields=["signed_scan", "signed_scan_size", "signed_scan_at", "signed_scan_by", "updated_at"])
        audit.record(
            "reports.report.scan_attached",
            obj=report,
            actor=actor,
            message=_("Thay bản ký đã quét.") if replaced else "",
        )
    return report


# ------------------------------------------------------------------------------------------ Department


def department_aggregate(
    department: Any,
    start: dt.date,
    end: dt.date,
    *,
    campaign: ObligationCampaign | None = None,
    progress: Progress | None = None,
    detailed: bool = False,
) -> dict[str, Any]:
    """Return the figures of every school below the Department for a period, one grouped query per source.

    Sums and rates over all schools, a per-school table, notable "Dân vận khéo" models, and the schools
    late or missing for the campaign (or for obligations whose period matches). Tasks and petitions are
    summed from the grouped `*_by_org` functions; `detailed` adds the full petition statistics of all
    schools (by kind, channel and month, handling outcomes) at the cost of several more scans.
    """
    schools = list(
        Organisation.objects.schools()
        .subtree(department)
        .exclude(pk=department.pk)
        .order_by("name")
        .values("id", "name", "code")
    )
    ids = [s["id"] for s in schools]
    if progress:
        progress(10, _("Đang lấy số liệu các trường"))
    # Tasks come from the grouped per-school query only (the full task list of every school is not needed).
    skip = ("tasks",) if detailed else ("tasks", "petitions")
    figures = gather_figures(ids, start, end, ReportTemplate.DAN_VAN, skip=skip)
    figures["sources"] = [*skip, *figures["sources"]]
    figures["organisation"] = department.name
    figures["department"] = True
    figures["schools"] = {"count": len(ids)}
    by_tasks = sources.fetch_by_org("tasks", ids, start, end)
    by_petitions = sources.fetch_by_org("petitions", ids, start, end)
    totals = {k: sum(v.get(k, 0) for v in by_tasks.values()) for k in ("total", "done", "late")}
    figures["tasks"] = {**totals, "done_rate": sources.rate(totals["done"], totals["total"]), "tasks": []}
    if not detailed:
        keys = ("received", "resolved_on_time", "resolved_late", "overdue_at_end", "overdue_now")
        figures["petitions"] = {k: sum(v.get(k, 0) for v in by_petitions.values()) for k in keys}
        sources.add_rates(figures)
    if progress:
        progress(60, _("Đang tổng hợp tình hình gửi báo cáo"))
    obligations = ReportObligation.objects.filter(organisation_id__in=ids)
    if campaign is not None:
        obligations = obligations.filter(campaign=campaign)
    else:
        obligations = obligations.filter(period_start=start, period_end=end)
    obligations.refresh_overdue()
    status_by_org: dict[int, str] = {}
    for org_id, status in obligations.values_list("organisation_id", "status"):
        status_by_org[org_id] = status
    rows = []
    for s in schools:
        t = (by_tasks or {}).get(s["id"], {})
        p = (by_petitions or {}).get(s["id"], {})
        rows.append(
            {
                "id": s["id"],
                "name": s["name"],
                "code": s["code"],
                "tasks_total": t.get("total", 0),
                "tasks_done": t.get("done", 0),
                "tasks_late": t.get("late", 0),
                "petitions_received": p.get("received", 0),
                "resolved_on_time": p.get("resolved_on_time", 0),
                "resolved_late": p.get("resolved_late", 0),
                "overdue_at_end": p.get("overdue_at_end", 0),
                "status": status_by_org.get(s["id"], ""),
            }
        )
    owed = [r for r in rows if r["status"]]
    sent = [r for r in owed if r["status"] in SENT_STATUSES]
    on_time = [r for r in owed if r["status"] in (ObligationStatus.ON_TIME, ObligationStatus.ACCEPTED)]
    figures["submission"] = {
        "owed": len(owed),
        "sent": len(sent),
        "on_time": len(on_time),
        "late": sum(1 for r in owed if r["status"] == ObligationStatus.LATE),
        "missing": sum(1 for r in owed if r["status"] == ObligationStatus.MISSING),
        "on_time_rate": sources.rate(len(on_time), len(owed)),
    }
    figures["school_rows"] = rows
    figures["late_or_missing"] = [
        {"name": r["name"], "status": str(ObligationStatus(r["status"]).label)}
        for r in rows
        if r["status"] in (ObligationStatus.LATE, ObligationStatus.MISSING)
    ]
    em = figures.get("emulation") or {}
    models = [m for m in em.get("models") or [] if isinstance(m, dict)] if isinstance(em.get("models"), list) else []
    names = {s["id"]: s["name"] for s in schools}
    # Notable = recognised, rewarded or replicated ("công nhận → khen thưởng → nhân rộng", domain.md §5).
    notable = [m for m in models if m.get("status") in NOTABLE_MODEL_STATUSES] or models
    figures["notable_models"] = [{**m, "organisation": names.get(m.get("organisation_id"), "")} for m in notable[:30]]
    if progress:
        progress(100, _("Đã tổng hợp xong"))
    return figures


def refresh_statuses(queryset: Any = None) -> int:
    """Mark overdue unsent obligations as missing (the one status that changes with time alone)."""
    return (queryset if queryset is not None else ReportObligation.objects.all()).refresh_overdue()
