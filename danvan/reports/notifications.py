"""Tell the people concerned when a report is asked for, sent, returned or accepted (through danvan.notify)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from danvan.notify.services import notify
from danvan.org.services import users_by_tenant
from danvan.reports.models import ObligationCampaign, Report


def obligation_path(obligation_id: int) -> str:
    """Return the URL path of an obligation's page (the report lives there)."""
    return reverse("reports:obligation_detail", args=[obligation_id])


def campaign_launched(campaign_id: int) -> None:
    """Tell the people who write and sign reports in each school of a campaign what is asked and by when."""
    campaign = ObligationCampaign.objects.select_related("organisation").filter(pk=campaign_id).first()
    if campaign is None:
        return
    rows = list(campaign.obligations.select_related("organisation").only("id", "organisation"))
    people = users_by_tenant([o.organisation_id for o in rows], ("reports.edit", "reports.sign"))
    subject = f"{campaign.organisation.name} giao báo cáo: {campaign.title}"
    body = (
        f"Kỳ số liệu: {campaign.period_start:%d/%m/%Y} – {campaign.period_end:%d/%m/%Y}. "
        f"Hạn gửi: {campaign.due:%d/%m/%Y}."
    )
    for o in rows:
        notify(people.get(o.organisation_id, []), subject, body, url=obligation_path(o.pk), organisation=o.organisation)


def report_moved(report_id: int, action: str, comment: str = "") -> None:
    """Tell the Department's reviewers a report was sent, and the school's signers it was returned or accepted."""
    report = (
        Report.objects.select_related("obligation__organisation", "obligation__recipient", "reviewed_by")
        .filter(pk=report_id)
        .first()
    )
    if report is None:
        return
    obligation = report.obligation
    school = obligation.organisation
    url = obligation_path(obligation.pk)
    if action == "submit":
        recipient = obligation.recipient
        if recipient is None:
            recipient = school.tenant_above()
        if recipient is None:
            return
        when = report.submitted_at
        late = " (gửi muộn)" if report.submitted_late else ""
        sent = f"{_local(when):%H:%M ngày %d/%m/%Y}" if when else ""
        notify(
            users_by_tenant([recipient.pk], ("reports.review",), reach="subtree")[recipient.pk],
            f"{school.name} đã gửi báo cáo: {obligation.title}",
            f"Gửi lúc {sent}{late}; hạn gửi {obligation.due:%d/%m/%Y}. Mời tiếp nhận hoặc trả lại.",
            url=url,
            organisation=recipient,
        )
        return
    signers = users_by_tenant([school.pk], ("reports.sign",))[school.pk]
    reviewer = str(getattr(obligation.recipient, "name", "") or "Sở")
    if action == "return":
        notify(
            signers,
            f"{reviewer} trả lại báo cáo: {obligation.title}",
            f"Lý do: {comment.strip()}\nHãy sửa lại, ký và gửi lại.",
            url=url,
            organisation=school,
        )
    elif action == "accept":
        note = f"\nÝ kiến: {comment.strip()}" if comment.strip() else ""
        notify(
            signers,
            f"{reviewer} đã tiếp nhận báo cáo: {obligation.title}",
            f"Báo cáo đã được tiếp nhận.{note}",
            url=url,
            organisation=school,
        )


def _local(value: Any) -> Any:
    return timezone.localtime(value)
