"""Demo data: the seed plan of Trường THPT Nguyễn Khuyến for 2023, published, with realistic progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from danvan.lib.lazy import lazy_module
from danvan.lib.text import fold
from danvan.org.choices import OrgKind
from danvan.org.models import Organisation
from danvan.plans import services
from danvan.plans.choices import PlanAction, TaskStatus
from danvan.plans.models import Plan, Task, TaskUpdate

if TYPE_CHECKING:
    import fpdf
else:  # loaded on first use (danvan/lib/lazy.py): only `danvan demo` draws evidence files
    fpdf = lazy_module("fpdf")

DEMO_PLAN = Path(__file__).resolve().parent / "data" / "demo_plan_2023.txt"
DEMO_SCHOOL = "THPTNK"
DEMO_YEAR = 2023


def _evidence_pdf(title: str) -> bytes:
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.multi_cell(0, 10, title)
    return bytes(pdf.output())


def load_demo_plan() -> None:
    """Import the seed plan into THPTNK unless the school already has a 2023 plan; publish it and add progress."""
    school = Organisation.objects.filter(code=DEMO_SCHOOL, kind=OrgKind.SCHOOL).first()
    if school is None or Plan.objects.filter(organisation=school, year=DEMO_YEAR).exists():
        return
    raw = DEMO_PLAN.read_bytes()
    preview = services.preview_import(raw, DEMO_PLAN.name, school, year=DEMO_YEAR)
    with transaction.atomic():
        # The clerk ticked "Bộ phận giúp việc" in the preview; "Phó hiệu trưởng phụ trách" is a person, not a unit.
        create = [u for u in preview.unknown_units if "giup viec" in fold(u)]
        plan = services.import_plan(
            preview.data,
            organisation=school,
            actor=None,
            source_file=ContentFile(raw, name=DEMO_PLAN.name),
            source_name=DEMO_PLAN.name,
            create_units=create,
        )
        # The seed carries no date: the school signed it in February, after the Department's plan of 31/01/2023.
        services.update_plan(plan, {"date": dt.date(2023, 2, 10)}, actor=None)
        services.transition(plan, PlanAction.APPROVE, actor=None)
        services.transition(plan, PlanAction.PUBLISH, actor=None)
        # 2023 is history: every task was finished that year.
        finished = [
            (dt.date(2023, 3, 20), "Đã ban hành kế hoạch, họp triển khai toàn trường."),
            (dt.date(2023, 6, 12), "Đã quán triệt Quyết định 23-QĐ/TW và Chỉ thị 26/CT-UBND."),
            (dt.date(2023, 12, 15), "Tiếp công dân định kỳ hằng tháng; các đơn đã trả lời đúng hạn."),
            (dt.date(2023, 12, 8), "Đã sơ kết 6 tháng, tổng kết năm và xây dựng kế hoạch năm 2024."),
        ]
        for i, (task, (on, note)) in enumerate(zip(plan.tasks.order_by("order"), finished, strict=False)):
            files = (
                [
                    ContentFile(
                        _evidence_pdf("Bien ban hop trien khai Ke hoach cong tac dan van nam 2023"),
                        name="bien-ban-trien-khai-ke-hoach.pdf",
                    )
                ]
                if i == 0
                else []
            )
            services.record_task_update(task, actor=None, status=TaskStatus.DONE, progress=100, note=note, files=files)
            Task.objects.filter(pk=task.pk).update(completed_on=on)
            TaskUpdate.objects.filter(task=task).update(at=dt.datetime(on.year, on.month, on.day, 2, tzinfo=dt.UTC))
    load_current_plan()


def load_current_plan() -> None:
    """Carry the 2023 plan forward to this year (as schools do each January), published with this year's progress.

    Without it every demo task would be years overdue; with it the dashboards show what a school sees in
    November: most tasks done, the year-round ones still in progress.
    """
    school = Organisation.objects.filter(code=DEMO_SCHOOL, kind=OrgKind.SCHOOL).first()
    year = timezone.localdate().year
    if school is None or year <= DEMO_YEAR or Plan.objects.filter(organisation=school, year=year).exists():
        return
    source = Plan.objects.filter(organisation=school, year=DEMO_YEAR).first()
    if source is None:
        return
    with transaction.atomic():
        plan = source
        while plan.year < year:
            previous, plan = plan, services.clone_plan(plan, actor=None)
            if previous is not source:
                previous.delete()  # only the carried-forward draft of an intermediate year
        services.update_plan(plan, {"date": dt.date(year, 1, 15)}, actor=None)
        services.transition(plan, PlanAction.APPROVE, actor=None)
        services.transition(plan, PlanAction.PUBLISH, actor=None)
        # One done with evidence, one past its due date (the second quarter ended), two running all year.
        progress = [
            (TaskStatus.DONE, 100, "Kế hoạch đã ban hành và triển khai tại hội nghị viên chức."),
            (TaskStatus.IN_PROGRESS, 70, "Đã quán triệt Quyết định 23-QĐ/TW; còn Chỉ thị 15-CT/TU chưa tổ chức."),
            (TaskStatus.IN_PROGRESS, 80, "Tiếp công dân hằng tháng; đơn thư được vào sổ và theo dõi thời hạn."),
            (TaskStatus.IN_PROGRESS, 50, "Đã sơ kết 6 tháng; chuẩn bị tổng kết năm."),
        ]
        for i, (task, (status, percent, note)) in enumerate(zip(plan.tasks.order_by("order"), progress, strict=False)):
            files = (
                [
                    ContentFile(
                        _evidence_pdf(f"Bien ban trien khai Ke hoach cong tac dan van nam {year}"),
                        name="bien-ban-trien-khai-ke-hoach.pdf",
                    )
                ]
                if i == 0
                else []
            )
            services.record_task_update(task, actor=None, status=status, progress=percent, note=note, files=files)
