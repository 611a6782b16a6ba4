"""The one table `make bench` writes into docs/performance.md: figure, danvan, peer/baseline, ratio, target.

Each bench calls `table_row(...)` for its headline figures; with DANVAN_BENCH_TABLE set (a JSON-lines file, as
`make bench` does) the row is appended there, and always printed. `python bench/table.py FILE DOC` then replaces
the part of DOC between the two marker lines with the table, the machine's load average and the date.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path

BEGIN = "<!-- bench table: begin (written by `make bench`, bench/table.py) -->"
END = "<!-- bench table: end -->"


def table_row(
    figure: str, danvan: float, peer: float | None, target: str, *, note: str = "", higher_is_better: bool = False
) -> None:
    """Record one figure: danvan's value, the peer's or baseline's (None when there is none), and the target."""
    if peer and danvan:
        ratio = danvan / peer if higher_is_better else peer / danvan
    else:
        ratio = None
    row = {
        "figure": figure,
        "danvan": danvan,
        "peer": peer,
        "ratio": ratio,
        "target": target,
        "note": note,
        "load": round(os.getloadavg()[0], 1),
    }
    print("TABLE " + json.dumps(row, ensure_ascii=False))
    path = os.environ.get("DANVAN_BENCH_TABLE")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def _fmt(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.3f}" if abs(value) < 10 else f"{value:,.0f}"


def render(rows: list[dict]) -> str:
    """Return the Markdown table of the rows (ratio: how many times better danvan is; > 1 is better)."""
    loads = [r["load"] for r in rows]
    lines = [
        f"Run {dt.datetime.now(dt.UTC):%d/%m/%Y %H:%M} UTC, `make bench` (`--quick`); load average during the run "
        f"{min(loads, default=0):.1f}–{max(loads, default=0):.1f} on {os.cpu_count()} cores.",
        "",
        "| figure | danvan | peer / baseline | ratio (× better) | target | load | note |",
        "|---|---:|---:|---:|---|---:|---|",
    ]
    for r in rows:
        ratio = f"{r['ratio']:.2f}×" if r.get("ratio") else "—"
        lines.append(
            f"| {r['figure']} | {_fmt(r['danvan'])} | {_fmt(r.get('peer'))} | {ratio} | {r['target']} | "
            f"{r['load']} | {r.get('note', '')} |"
        )
    return "\n".join(lines)


def write(table_file: str, doc: str) -> None:
    """Put the rows of `table_file` into `doc` between the markers (appended with them when absent)."""
    rows = [json.loads(line) for line in Path(table_file).read_text(encoding="utf-8").splitlines() if line.strip()]
    text = Path(doc).read_text(encoding="utf-8") if Path(doc).exists() else "# Performance\n"
    block = f"{BEGIN}\n{render(rows)}\n{END}"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    Path(doc).write_text(text, encoding="utf-8")
    print(f"{len(rows)} figures written into {doc}")


if __name__ == "__main__":
    write(sys.argv[1], sys.argv[2])
