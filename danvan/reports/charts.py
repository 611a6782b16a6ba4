"""Draw the report charts as PNG images with matplotlib (Agg backend, no display needed)."""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402

from danvan.petitions.choices import kind_labels  # noqa: E402
from danvan.reports.chart_names import CHART_TITLES as TITLES  # noqa: E402
from danvan.reports.chart_names import CHARTS  # noqa: E402

# Every chart is drawn in matplotlib's own DejaVu Sans (it has every Vietnamese letter), whatever a matplotlibrc
# or the system's fonts say: a report's charts look the same on every machine.
_RC = {"font.family": ["sans-serif"], "font.sans-serif": ["DejaVu Sans"], "axes.unicode_minus": True}

_COLOURS = ["#1b6e3a", "#c98a00", "#b3261e", "#3a5f9e", "#7a4fa0", "#5f6b73", "#2a8c8c"]


def _pct(rate: float) -> str:
    """Return a percentage with a decimal comma ("77,8%"), as Vietnamese documents write it."""
    return f"{rate:.1f}%".replace(".", ",")


def _figure(width: float, height: float, bottom: float = 0.18, left: float = 0.12) -> tuple[Any, Any]:
    """Return a figure and its axes without pyplot (no global state, safe in threads; fixed margins are
    much cheaper than tight_layout)."""
    fig = Figure(figsize=(width, height))
    fig.subplots_adjust(left=left, right=0.97, top=0.88, bottom=bottom)
    return fig, fig.add_subplot()


def _png(fig: Any) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100)
    return buf.getvalue()


def _ok(figures: dict[str, Any], source: str) -> dict[str, Any] | None:
    data = figures.get(source)
    return data if isinstance(data, dict) and "unavailable" not in data else None


@matplotlib.rc_context(_RC)
def on_time_chart(figures: dict[str, Any]) -> bytes | None:
    """Draw petitions resolved on time vs late (None when nothing was resolved)."""
    p = _ok(figures, "petitions")
    if not p:
        return None
    on_time, late = p.get("resolved_on_time") or 0, p.get("resolved_late") or 0
    if on_time + late == 0:
        return None
    fig, ax = _figure(5, 3, bottom=0.16, left=0.2)
    ax.barh(["Đúng hạn", "Quá hạn"], [on_time, late], color=[_COLOURS[0], _COLOURS[2]])
    rate = p.get("on_time_rate")
    ax.set_title(f"{TITLES['on_time']}: {_pct(rate)}" if rate is not None else TITLES["on_time"], fontsize=10)
    ax.set_xlabel("Số đơn")
    return _png(fig)


@matplotlib.rc_context(_RC)
def petitions_by_month_chart(figures: dict[str, Any], labels: dict[str, str] | None = None) -> bytes | None:
    """Draw stacked bars of petitions received per month and kind."""
    p = _ok(figures, "petitions")
    by_month = (p or {}).get("by_month") or {}
    if not by_month:
        return None
    months = sorted(by_month)
    kinds = sorted({k for m in months for k in (by_month[m] or {})})
    if not kinds:
        return None
    labels = labels or {}
    fig, ax = _figure(7, 3.4, bottom=0.22)
    bottom = [0] * len(months)
    x_labels = [f"{m[5:7]}/{m[:4]}" for m in months]
    for i, kind in enumerate(kinds):
        values = [(by_month[m] or {}).get(kind, 0) for m in months]
        ax.bar(x_labels, values, bottom=bottom, label=labels.get(kind, kind), color=_COLOURS[i % len(_COLOURS)])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_title(TITLES["petitions_by_month"], fontsize=10)
    ax.set_ylabel("Số đơn")
    ax.legend(fontsize=7, loc="upper left")
    ax.tick_params(axis="x", labelsize=7, rotation=45)
    return _png(fig)


@matplotlib.rc_context(_RC)
def tasks_chart(figures: dict[str, Any]) -> bytes | None:
    """Draw tasks by progress: done on time, done late, in progress, not started."""
    t = _ok(figures, "tasks")
    if not t or not t.get("total"):
        return None
    done_late = t.get("done_late") or 0
    values = [(t.get("done") or 0) - done_late, done_late, t.get("in_progress") or 0, t.get("not_started") or 0]
    names = ["Hoàn thành đúng hạn", "Hoàn thành muộn", "Đang thực hiện", "Chưa thực hiện"]
    fig, ax = _figure(5.5, 3, bottom=0.14)
    ax.bar(names, values, color=[_COLOURS[0], _COLOURS[1], _COLOURS[3], _COLOURS[5]])
    ax.set_title(f"{TITLES['tasks']} ({t.get('total')} nhiệm vụ)", fontsize=10)
    ax.tick_params(axis="x", labelsize=7)
    return _png(fig)


@matplotlib.rc_context(_RC)
def submission_chart(figures: dict[str, Any], small: bool = False) -> bytes | None:
    """Draw the Department's schools by report status: on time, late, missing, not yet due."""
    s = figures.get("submission") or {}
    if not s.get("owed"):
        return None
    pending = s["owed"] - s.get("on_time", 0) - s.get("late", 0) - s.get("missing", 0)
    values = [s.get("on_time", 0), s.get("late", 0), s.get("missing", 0), max(pending, 0)]
    names = ["Đúng hạn", "Muộn", "Chưa gửi", "Khác"]
    fig, ax = _figure(3.2, 2.2) if small else _figure(5, 3)
    ax.bar(names, values, color=[_COLOURS[0], _COLOURS[1], _COLOURS[2], _COLOURS[5]])
    rate = s.get("on_time_rate")
    ax.set_title(f"Gửi đúng hạn: {_pct(rate)}" if rate is not None else TITLES["submission"], fontsize=9)
    ax.tick_params(axis="x", labelsize=7)
    return _png(fig)


def render(name: str, figures: dict[str, Any]) -> bytes | None:
    """Return one named chart, or None when there is nothing to draw."""
    if name == "on_time":
        return on_time_chart(figures)
    if name == "petitions_by_month":
        return petitions_by_month_chart(figures, kind_labels())
    if name == "tasks":
        return tasks_chart(figures)
    if name == "submission":
        return submission_chart(figures)
    raise KeyError(name)


def all_charts(figures: dict[str, Any], names: tuple[str, ...] = CHARTS) -> list[tuple[str, str, bytes]]:
    """Return (name, title, png) for every chart that has data."""
    out = []
    for name in names:
        png = render(name, figures)
        if png:
            out.append((name, TITLES[name], png))
    return out
