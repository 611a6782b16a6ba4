"""Demo data of the "Dân vận khéo năm 2023" campaign at THPT Nguyễn Khuyến (idempotent)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from danvan.emulation import services
from danvan.emulation.choices import (
    EvaluationPeriod,
    ModelAction,
    ModelKind,
    ProposalAction,
    RewardForm,
    RewardKind,
    UnitEvaluationAction,
    UnitRating,
)
from danvan.emulation.models import Campaign, UnitEvaluation
from danvan.org.models import Organisation, Person

TITLE = "Dân vận khéo năm 2023"
CRITERIA = """Sáng tạo, tiết kiệm, phù hợp thực tiễn nhà trường
Vận động được cán bộ, giáo viên, học sinh, cha mẹ học sinh tự giác thực hiện
Huy động được nhiều lực lượng tham gia
Hài hòa lợi ích tập thể, cá nhân và xã hội
Bền vững, có khả năng nhân rộng"""


def _school() -> Any:
    return Organisation.objects.filter(code="THPTNK", parent__code="SGDĐT").first()


@transaction.atomic
def load() -> None:
    """Create the 2023 campaign with 3 models at different stages and 2 reward proposals."""
    school = _school()
    load_unit_evaluations()
    if school is None or Campaign.objects.filter(organisation=school, title=TITLE).exists():
        return
    campaign = services.create_campaign(
        school,
        actor=None,
        title=TITLE,
        year=2023,
        criteria=CRITERIA,
        description="Triển khai phong trào thi đua “Dân vận khéo” gắn với chủ đề năm 2023 của thành phố.",
        registration_opens=dt.date(2023, 2, 1),
        registration_closes=dt.date(2023, 3, 31),
        starts_on=dt.date(2023, 2, 1),
        ends_on=dt.date(2023, 12, 15),
    )
    union = Organisation.objects.filter(parent=school, code="CD").first()
    youth = Organisation.objects.filter(parent=school, code="DOAN").first()
    subjects = Organisation.objects.filter(parent=school, code="TOCM").first()
    people = list(Person.objects.filter(organisation=school).order_by("full_name")[:3])
    m1 = services.register_model(
        campaign,
        school,
        actor=None,
        unit=youth,
        people=people[:2],
        registered_on=dt.date(2023, 2, 20),
        name="Thanh niên tình nguyện hỗ trợ học sinh khó khăn",
        kind=ModelKind.MODEL,
        situation="Nhiều học sinh có hoàn cảnh khó khăn thiếu điều kiện học tập.",
        objectives="Hỗ trợ 30 học sinh khó khăn; 100% được kèm cặp học tập.",
        content="Đoàn viên nhận đỡ đầu, kèm học; vận động cha mẹ học sinh, doanh nghiệp ủng hộ.",
        area="Học sinh toàn trường",
        forces="Đoàn trường (chủ trì), giáo viên chủ nhiệm, Hội cha mẹ học sinh",
        resources="Xã hội hóa, quỹ Đoàn",
        timeline="Tháng 3 – tháng 12/2023",
        outputs="Danh sách học sinh được hỗ trợ, sổ theo dõi kèm cặp",
        sustainability="Duy trì hằng năm",
    )
    m2 = services.register_model(
        campaign,
        school,
        actor=None,
        unit=union,
        registered_on=dt.date(2023, 3, 1),
        name="Công khai, minh bạch các khoản thu đầu năm học",
        kind=ModelKind.MODEL,
        objectives="Không có đơn thư về các khoản thu",
        content="Niêm yết, họp cha mẹ học sinh, hòm thư góp ý.",
    )
    services.register_model(
        campaign,
        school,
        actor=None,
        unit=subjects,
        registered_on=dt.date(2023, 3, 15),
        name="Tổ Toán: giáo viên giỏi, gần gũi học sinh",
        kind=ModelKind.EXEMPLAR,
    )
    services.transition_model(m1, ModelAction.START, actor=None)
    services.evaluate_model(
        m1,
        actor=None,
        scores=dict.fromkeys(campaign.criteria_list, 9),
        comment="Mô hình hiệu quả, lan tỏa",
        evaluated_on=dt.date(2023, 11, 20),
    )
    services.transition_model(m1, ModelAction.EVALUATE, actor=None)
    services.transition_model(m1, ModelAction.RECOGNISE, actor=None)
    services.transition_model(m2, ModelAction.START, actor=None)
    p1 = services.propose_reward(
        campaign,
        school,
        actor=None,
        kind=RewardKind.COLLECTIVE,
        unit=youth,
        model=m1,
        form=RewardForm.DIRECTOR_CERT,
        reason="Có mô hình “Dân vận khéo” tiêu biểu năm 2023.",
        proposed_on=dt.date(2023, 12, 1),
    )
    services.decide_proposal(
        p1, ProposalAction.APPROVE, actor=None, decision_number="125/QĐ-SGDĐT", on=dt.date(2023, 12, 10)
    )
    services.propose_reward(
        campaign,
        school,
        actor=None,
        kind=RewardKind.INDIVIDUAL,
        person=people[0] if people else None,
        nominee="" if people else "Bí thư Đoàn trường",
        form=RewardForm.PRINCIPAL_CERT,
        reason="Tích cực vận động học sinh, cha mẹ học sinh tham gia mô hình.",
        proposed_on=dt.date(2023, 12, 1),
    )


def load_unit_evaluations() -> None:
    """Add the 2023 year-end evaluation of three units: two rated by the principal, one waiting for him."""
    school = _school()
    if school is None or UnitEvaluation.objects.filter(organisation=school).exists():
        return
    units = {u.code: u for u in Organisation.objects.filter(parent=school, code__in=["CD", "DOAN", "TOCM"])}
    criteria = services.unit_criteria(school)
    rows = [
        (
            "CD",
            0.95,
            "Phối hợp tổ chức Hội nghị cán bộ, viên chức; giám sát công khai tài chính.",
            "",
            UnitRating.EXCELLENT,
        ),
        (
            "TOCM",
            0.7,
            "Quán triệt đầy đủ các văn bản về công tác dân vận.",
            "Chưa kịp thời trả lời kiến nghị của giáo viên trong tổ; minh chứng cập nhật chậm.",
            UnitRating.DONE,
        ),
        ("DOAN", 0.85, "Duy trì mô hình “Thanh niên tình nguyện hỗ trợ học sinh khó khăn”.", "", None),
    ]
    with transaction.atomic():
        for code, share, results, weaknesses, rating in rows:
            if code not in units:
                continue
            evaluation = services.save_unit_evaluation(
                units[code],
                actor=None,
                year=2023,
                period=EvaluationPeriod.YEAR_END,
                scores={name: round(points * share) for name, points in criteria},
                results=results,
                weaknesses=weaknesses,
            )
            services.transition_unit_evaluation(evaluation, UnitEvaluationAction.SUBMIT, actor=None)
            if rating is not None:
                services.transition_unit_evaluation(
                    evaluation,
                    UnitEvaluationAction.FINALISE,
                    actor=None,
                    rating=rating,
                    comment="Ghi nhận kết quả năm 2023.",
                    on=dt.date(2023, 12, 5),
                )
