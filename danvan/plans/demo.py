"""Demo data: the seed plan of Trường THPT Nguyễn Khuyến for 2023, published, with realistic progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction

from danvan.lib.text import fold
from danvan.org.choices import OrgKind
from danvan.org.models import Organisation

DEMO_PLAN = Path(__file__).resolve().parent / "data" / "demo_plan_2023.txt"
DEMO_SCHOOL = "THPTNK"
DEMO_YEAR = 2023


def _evidence_pdf(title: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.multi_cell(0, 10, title)
    return bytes(pdf.output())


def load_demo_plan() -> None:
    """Import the seed plan into THPTNK unless the school already has a 2023 plan; publish it and add progress."""
    from danvan.plans import services
    from danvan.plans.choices import PlanAction, TaskStatus
    from danvan.plans.models import Plan, Task, TaskUpdate

    school = Organisation.objects.filter(code=DEMO_SCHOOL, kind=OrgKind.SCHOOL).first()
    if school is None or Plan.objects.filter(organisation=school, year=DEMO_YEAR).exists():
        return
    raw = DEMO_PLAN.read_bytes()
    preview = services.preview_import(raw, DEMO_PLAN.name, school, year=DEMO_YEAR)
    with transaction.atomic():
        # The clerk ticked "Bộ phận giúp việc" in the preview; "Phó hiệu trưởng phụ trách" is a person, not a unit.
        create = [u for u in preview.unknown_units if "giup viec" in fold(u)]
        plan = services.import_plan(preview.data, organisation=school, actor=None,
                                    source_file=ContentFile(raw, name=DEMO_PLAN.name), source_name=DEMO_PLAN.name,
                                    create_units=create)
        # The seed carries no date: the school signed it in February, after the Department's plan of 31/01/2023.
        services.update_plan(plan, {"date": dt.date(2023, 2, 10)}, actor=None)
        services.transition(plan, PlanAction.APPROVE, actor=None)
        services.transition(plan, PlanAction.PUBLISH, actor=None)
        tasks = list(plan.tasks.order_by("order"))
        if len(tasks) >= 4:
            # The fourth task stays not started: past its due date, it shows as late.
            first, second, third = tasks[:3]
            pdf = ContentFile(_evidence_pdf("Bien ban hop trien khai Ke hoach cong tac dan van nam 2023"),
                              name="bien-ban-trien-khai-ke-hoach.pdf")
            services.record_task_update(first, actor=None, status=TaskStatus.DONE, progress=100,
                                        note="Đã ban hành kế hoạch, họp triển khai toàn trường.", files=[pdf])
            services.record_task_update(second, actor=None, status=TaskStatus.IN_PROGRESS, progress=60,
                                        note="Đã quán triệt Quyết định 23-QĐ/TW và Chỉ thị 26/CT-UBND.")
            services.record_task_update(third, actor=None, status=TaskStatus.IN_PROGRESS, progress=40,
                                        note="Tiếp công dân định kỳ hằng tháng; 2 đơn kiến nghị đã trả lời.")
            Task.objects.filter(pk=first.pk).update(completed_on=dt.date(2023, 3, 20))
            TaskUpdate.objects.filter(task=first).update(at=dt.datetime(2023, 3, 20, 9, tzinfo=dt.UTC))
            TaskUpdate.objects.filter(task=second).update(at=dt.datetime(2023, 5, 12, 9, tzinfo=dt.UTC))
            TaskUpdate.objects.filter(task=third).update(at=dt.datetime(2023, 6, 2, 9, tzinfo=dt.UTC))
