"""Write the default narrative of a report from its figures, in Vietnamese, with `{figure}` placeholders.

The numbers stay placeholders ("{petitions.received}") so that recompiling the figures updates the text;
only the choice of sentences depends on the values at the time of writing.
"""

from __future__ import annotations

from typing import Any

from danvan.petitions.choices import kind_labels
from danvan.reports.choices import TEMPLATE_SOURCES, ReportTemplate, Section


def _ok(figures: dict[str, Any], source: str) -> dict[str, Any] | None:
    data = figures.get(source)
    if not isinstance(data, dict) or "unavailable" in data:
        return None
    return data


def _kinds(p: dict[str, Any]) -> str:
    by_kind = p.get("by_kind") or {}
    if not isinstance(by_kind, dict) or not any(by_kind.values()):
        return ""
    labels = kind_labels()
    keys = [k for k in labels if by_kind.get(k)] + sorted(k for k in by_kind if k not in labels and by_kind[k])
    return " (" + ", ".join(f"{labels.get(k, k).lower()}: {{petitions.by_kind.{k}}}" for k in keys) + ")"


def _nonzero(data: dict[str, Any], clauses: list[tuple[str, str]]) -> list[str]:
    """Return the clauses whose figure is not zero: a report says what happened, not "chuyển 0 đơn"."""
    return [text for key, text in clauses if data.get(key)]


def _submission(s: dict[str, Any]) -> str:
    if s.get("sent") == s.get("owed") and not s.get("late"):
        return "Về chế độ báo cáo: cả {submission.owed} trường đã gửi báo cáo đúng hạn."
    if not s.get("sent"):
        return "Về chế độ báo cáo: {submission.owed} trường chưa gửi báo cáo."
    text = "Về chế độ báo cáo: {submission.sent}/{submission.owed} trường đã gửi báo cáo"
    details = _nonzero(
        s,
        [
            ("on_time", "{submission.on_time} trường gửi đúng hạn (đạt {submission.on_time_rate}%)"),
            ("late", "{submission.late} trường gửi muộn"),
            ("missing", "{submission.missing} trường chưa gửi"),
        ],
    )
    return text + (", trong đó " + ", ".join(details) if details else "") + "."


def _results(figures: dict[str, Any], wanted: tuple[str, ...]) -> str:
    parts: list[str] = []
    n = 0
    if figures.get("department") and figures.get("submission", {}).get("owed"):
        parts.append(_submission(figures["submission"]))
    if "tasks" in wanted:
        n += 1
        t = _ok(figures, "tasks")
        if t is None:
            parts.append(f"{n}. Thực hiện các nhiệm vụ theo kế hoạch: {figures['tasks']['unavailable']}")
        elif figures.get("department"):
            parts.append(
                f"{n}. Thực hiện các nhiệm vụ theo kế hoạch: trong kỳ (từ ngày {{period.start}} đến ngày "
                "{period.end}), {schools.count} trường triển khai {tasks.total} nhiệm vụ; đã hoàn thành "
                "{tasks.done} nhiệm vụ (đạt {tasks.done_rate}%); {tasks.late} nhiệm vụ chậm tiến độ."
            )
        else:
            text = (
                f"{n}. Thực hiện các nhiệm vụ theo kế hoạch: trong kỳ báo cáo (từ ngày {{period.start}} đến ngày "
                "{period.end}), đơn vị triển khai {tasks.total} nhiệm vụ"
            )
            if t.get("total"):
                text += "; đã hoàn thành {tasks.done} nhiệm vụ (đạt {tasks.done_rate}%)"
                if t.get("done_late"):
                    text += ", trong đó {tasks.done_late} nhiệm vụ hoàn thành sau thời hạn"
                text += "".join(
                    "; " + c
                    for c in _nonzero(
                        t,
                        [
                            ("in_progress", "{tasks.in_progress} nhiệm vụ đang thực hiện"),
                            ("not_started", "{tasks.not_started} nhiệm vụ chưa triển khai"),
                        ],
                    )
                )
            parts.append(text + ".")
    if "dissemination" in wanted:
        n += 1
        d = _ok(figures, "dissemination")
        if d is None:
            parts.append(f"{n}. Công tác tuyên truyền, quán triệt: {figures['dissemination']['unavailable']}")
        else:
            text = (
                f"{n}. Công tác tuyên truyền, quán triệt: tổ chức {{dissemination.session_count}} buổi quán triệt "
                "{dissemination.document_count} văn bản của Trung ương, thành phố và của ngành về công tác "
                "dân vận"
            )
            documents = d.get("documents_studied")
            if isinstance(documents, list) and documents:
                text += " (" + ", ".join(str(x) for x in documents[:15]) + ")"
            text += ", với {dissemination.attendance_total} lượt cán bộ, giáo viên, nhân viên tham dự"
            if d.get("attendance_expected_total"):
                text += " (đạt {dissemination.attendance_rate}% so với số phải tham dự)"
            parts.append(text + ".")
    if "petitions" in wanted:
        n += 1
        p = _ok(figures, "petitions")
        if p is None:
            parts.append(f"{n}. Công tác tiếp công dân, giải quyết đơn thư: {figures['petitions']['unavailable']}")
        elif figures.get("department") and "accepted" not in p:
            text = (
                f"{n}. Công tác tiếp công dân, giải quyết đơn thư: các trường tiếp nhận {{petitions.received}} "
                "đơn; đã giải quyết {petitions.resolved} đơn, trong đó đúng hạn {petitions.resolved_on_time} đơn"
            )
            if p.get("resolved"):
                text += " (đạt {petitions.on_time_rate}%)"
            parts.append(
                text + ", quá hạn {petitions.resolved_late} đơn; đến cuối kỳ còn {petitions.overdue_at_end} "
                "đơn quá hạn giải quyết."
            )
        else:
            text = (
                f"{n}. Công tác tiếp công dân, giải quyết đơn thư: trong kỳ, đơn vị tiếp {{petitions.receptions}} "
                "lượt công dân; tiếp nhận {petitions.received} đơn" + _kinds(p)
            )
            handled = _nonzero(
                p,
                [
                    ("accepted", "thụ lý {petitions.accepted} đơn"),
                    ("not_accepted", "không thụ lý {petitions.not_accepted} đơn"),
                    ("transferred", "chuyển {petitions.transferred} đơn"),
                    ("guided", "hướng dẫn {petitions.guided} trường hợp"),
                    ("filed", "lưu {petitions.filed} đơn"),
                ],
            )
            text += ("; " + ", ".join(handled) if handled else "") + "."
            if p.get("resolved"):
                text += (
                    " Đã giải quyết {petitions.resolved} đơn, trong đó đúng hạn {petitions.resolved_on_time} đơn "
                    "(đạt {petitions.on_time_rate}%)"
                )
                text += ", quá hạn {petitions.resolved_late} đơn." if p.get("resolved_late") else "."
            if p.get("mediations"):
                text += " Tổ chức {petitions.mediations} buổi hòa giải tại đơn vị"
                done = (p.get("mediation_outcomes") or {}).get("thanh")
                text += ", hòa giải thành {petitions.mediation_outcomes.thanh} vụ việc." if done else "."
            parts.append(text)
    if "emulation" in wanted:
        n += 1
        e = _ok(figures, "emulation")
        if e is None:
            parts.append(f"{n}. Phong trào thi đua “Dân vận khéo”: {figures['emulation']['unavailable']}")
        else:
            text = f"{n}. Phong trào thi đua “Dân vận khéo”: "
            text += (
                "đơn vị có {emulation.model_count} mô hình “Dân vận khéo” được đăng ký, triển khai"
                if e.get("model_count")
                else "đơn vị chưa đăng ký mô hình “Dân vận khéo” nào trong kỳ"
            )
            text += (
                "; đề nghị khen thưởng {emulation.proposal_count} tập thể, cá nhân có thành tích tiêu biểu."
                if e.get("proposal_count")
                else "."
            )
            text += _unit_evaluations(e)
            parts.append(text)
    return "\n".join(parts)


UNIT_RATING_WORDS = (
    ("xuat-sac", "hoàn thành xuất sắc nhiệm vụ"),
    ("tot", "hoàn thành tốt nhiệm vụ"),
    ("hoan-thanh", "hoàn thành nhiệm vụ"),
    ("khong-hoan-thanh", "không hoàn thành nhiệm vụ"),
)


def _unit_evaluations(e: dict[str, Any]) -> str:
    """Return the sentence on the units' sơ kết / tổng kết ratings (numbers written out: they are not figures)."""
    rows = [r for r in e.get("unit_evaluations") or [] if isinstance(r, dict)]
    if not rows:
        return ""
    what = "sơ kết 6 tháng" if e.get("unit_evaluation_period") == "so-ket" else "tổng kết năm"
    counts = {k: sum(1 for r in rows if r.get("rating") == k) for k, _w in UNIT_RATING_WORDS}
    levels = ", ".join(f"{counts[k]} {w}" for k, w in UNIT_RATING_WORDS if counts[k])
    return f" Đánh giá {what} công tác dân vận của {len(rows)} tổ chức, bộ phận: {levels}."


def _limitations(figures: dict[str, Any], wanted: tuple[str, ...]) -> str:
    lines: list[str] = []
    t = _ok(figures, "tasks") if "tasks" in wanted else None
    p = _ok(figures, "petitions") if "petitions" in wanted else None
    if t and (t.get("late") or t.get("done_late")):
        lines.append(
            "- Còn {tasks.late} nhiệm vụ chậm tiến độ và {tasks.done_late} nhiệm vụ hoàn thành sau thời hạn; "
            "nguyên nhân chủ yếu do khối lượng công việc chuyên môn lớn, việc phân công, đôn đốc "
            "có lúc chưa kịp thời."
        )
    if p and (p.get("resolved_late") or p.get("overdue_at_end")):
        facts = []
        if p.get("resolved_late"):
            facts.append("có {petitions.resolved_late} đơn giải quyết quá hạn")
        if p.get("overdue_at_end"):
            facts.append("đến cuối kỳ còn {petitions.overdue_at_end} đơn quá hạn giải quyết")
        text = "; ".join(facts)
        lines.append(f"- {text[:1].upper()}{text[1:]}; nguyên nhân do nội dung phức tạp, cần thêm thời gian xác minh.")
    if not lines:
        lines.append(
            "- Một số nội dung triển khai còn chậm so với kế hoạch; việc cập nhật minh chứng chưa thường xuyên."
        )
    return "\n".join(lines)


LESSONS = (
    "- Người đứng đầu trực tiếp lãnh đạo, chỉ đạo, gương mẫu thực hiện công tác dân vận.\n"
    "- Phát huy vai trò của Công đoàn, Đoàn Thanh niên, Ban thanh tra nhân dân; lắng nghe, tiếp thu ý kiến "
    "của cán bộ, giáo viên, nhân viên, cha mẹ học sinh và nhân dân.\n"
    "- Tiếp công dân, giải quyết đơn thư kịp thời, đúng quy định ngay từ cơ sở."
)

PROPOSALS = "Không."


def _next_tasks(figures: dict[str, Any]) -> str:
    t = _ok(figures, "tasks")
    lines = ["- Tiếp tục thực hiện hiệu quả các nhiệm vụ trong kế hoạch công tác dân vận của đơn vị."]
    if t:
        open_tasks = [x for x in t.get("tasks") or [] if x.get("status") != "done"]
        for x in open_tasks[:10]:
            content = str(x.get("content") or "").strip()
            if content:
                lines.append(f"- {content[:300]}")
    lines.append(
        "- Tiếp nhận, giải quyết kịp thời đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh; duy trì tiếp công "
        "dân định kỳ theo quy định."
    )
    lines.append("- Đẩy mạnh phong trào thi đua “Dân vận khéo”, nhân rộng các mô hình hiệu quả.")
    return "\n".join(lines)


def default_sections(figures: dict[str, Any], template: str = ReportTemplate.DAN_VAN) -> dict[str, str]:
    """Return the five narrative sections written from the figures."""
    wanted = TEMPLATE_SOURCES.get(template, TEMPLATE_SOURCES[ReportTemplate.DAN_VAN])
    return {
        Section.RESULTS.value: _results(figures, wanted),
        Section.LIMITATIONS.value: _limitations(figures, wanted),
        Section.LESSONS.value: LESSONS,
        Section.NEXT_TASKS.value: _next_tasks(figures),
        Section.PROPOSALS.value: PROPOSALS,
    }
