#!/usr/bin/env python3
"""(The project's plan scorer, kept here so that the tests need nothing outside the repository.)

Score a `danvan plan parse` JSON output against a hand-checked expectation.

usage: score_plan.py EXPECTED.json GOT.json [--verbose]
Prints one line per field and, last, `score: X` (0..1, mean over the fields the expectation has).
"""

import datetime as dt
import json
import re
import sys
import unicodedata


def norm(s):
    if s is None:
        return ""
    s = unicodedata.normalize("NFC", str(s)).casefold()
    s = s.replace("đ", "đ")
    s = re.sub(r"[^\w&/\-]+", " ", s)  # punctuation to space, keep word chars and & / -
    return " ".join(s.split())


def num(s):
    s = unicodedata.normalize("NFC", str(s or "")).upper()
    return re.sub(r"\s+", "", s)


def f1(exp, got):
    exp, got = set(exp), set(got)
    if not exp and not got:
        return 1.0
    if not exp or not got:
        return 0.0
    tp = len(exp & got)
    if tp == 0:
        return 0.0
    p, r = tp / len(got), tp / len(exp)
    return 2 * p * r / (p + r)


def jacc(exp, got):
    exp, got = set(exp), set(got)
    if not exp and not got:
        return 1.0
    return len(exp & got) / len(exp | got)


def merged(periods):
    """Periods as a list of [start, end] ISO pairs, contiguous ones merged."""
    out = []
    for a, b in sorted((dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in periods):
        if out and a <= out[-1][1] + dt.timedelta(days=1):
            out[-1][1] = max(out[-1][1], b)
        else:
            out.append([a, b])
    return [(a.isoformat(), b.isoformat()) for a, b in out]


def got_periods(task):
    ps = []
    for p in task.get("periods") or []:
        if isinstance(p, dict):
            if p.get("start") and p.get("end"):
                ps.append([p["start"][:10], p["end"][:10]])
        elif isinstance(p, (list, tuple)) and len(p) == 2:
            ps.append([str(p[0])[:10], str(p[1])[:10]])
    return ps


def content_match(exp, got):
    e, g = norm(exp), norm(got)
    k = min(len(e), 40)
    return bool(e) and g.startswith(e[:k])


def score_tasks(exp_tasks, got_tasks, lines):
    if not exp_tasks:
        return 1.0 if not got_tasks else 0.0
    total = 0.0
    used = set()
    for i, et in enumerate(exp_tasks):
        # align by content; fall back to same position
        j = next(
            (j for j, gt in enumerate(got_tasks) if j not in used and content_match(et["content"], gt.get("content"))),
            None,
        )
        if j is None:
            lines.append(f"  task {i + 1}: not found ({et['content'][:50]!r})")
            continue
        used.add(j)
        gt = got_tasks[j]
        parts = {"content": 1.0}
        if "lead" in et:
            parts["lead"] = float(norm(et["lead"]) == norm(gt.get("lead")))
        if "units" in et:
            parts["units"] = jacc({norm(u) for u in et["units"]}, {norm(u) for u in (gt.get("units") or [])})
        if "timing" in et:
            parts["timing"] = float(norm(et["timing"]) == norm(gt.get("timing")))
        if "periods" in et:
            parts["periods"] = float(merged(et["periods"]) == merged(got_periods(gt)))
        s = sum(parts.values()) / len(parts)
        total += s
        if s < 1:
            bad = {k: v for k, v in parts.items() if v < 1}
            lines.append(
                f"  task {i + 1}: {s:.2f} {bad} got lead={gt.get('lead')!r} units={gt.get('units')!r} timing={gt.get('timing')!r} periods={got_periods(gt)}"
            )
    extra = len(got_tasks) - len(used)
    if extra > 0:
        lines.append(f"  {extra} extra task(s) in output")
    return total / max(len(exp_tasks), len(exp_tasks) + extra)


def main():
    exp = json.load(open(sys.argv[1], encoding="utf-8"))
    got = json.load(open(sys.argv[2], encoding="utf-8"))
    verbose = "--verbose" in sys.argv
    scores, lines = {}, []

    for key in ("number",):
        if key in exp:
            scores[key] = float(num(exp[key]) == num(got.get(key)) if exp[key] else not got.get(key))
    if "date" in exp:
        scores["date"] = float((exp["date"] or None) == ((got.get("date") or None) and str(got["date"])[:10]))
    if "issuer" in exp and exp["issuer"]:
        g = norm(got.get("issuer"))
        names = [exp["issuer"]] + list(exp.get("_issuer_aliases") or [])
        scores["issuer"] = float(bool(g) and any(norm(e) in g or g in norm(e) for e in names))
    if "year" in exp:
        scores["year"] = float(exp["year"] == got.get("year"))
    if "parent_plan" in exp:
        ep, gp = exp["parent_plan"], got.get("parent_plan") or {}
        if isinstance(gp, str):
            gp = {"number": gp}
        if ep is None:
            scores["parent_plan"] = float(not gp or not gp.get("number"))
        else:
            ok = [num(ep.get("number")) == num(gp.get("number"))]
            if ep.get("date"):
                ok.append(ep["date"] == str(gp.get("date") or "")[:10])
            scores["parent_plan"] = sum(ok) / len(ok)
    if "sections" in exp:
        gs = got.get("sections") or {}
        ok = [len(gs.get(k) or []) == n for k, n in exp["sections"].items()]
        scores["sections"] = sum(ok) / len(ok)
        if not all(ok):
            lines.append("  sections: " + str({k: len(gs.get(k) or []) for k in exp["sections"]}))
    if "tasks" in exp:
        scores["tasks"] = score_tasks(exp["tasks"], got.get("tasks") or [], lines)
    if "legal_refs" in exp:
        # whether the parent plan is listed among the references is a convention, not a fact: ignore it
        parents = {
            num((exp.get("parent_plan") or {}).get("number")),
            num(((got.get("parent_plan") or {}) if isinstance(got.get("parent_plan"), dict) else {}).get("number")),
            "",
        }
        gl = [r.get("number") if isinstance(r, dict) else r for r in (got.get("legal_refs") or [])]
        scores["legal_refs"] = f1({num(x) for x in exp["legal_refs"]} - parents, {num(x) for x in gl if x} - parents)
        if scores["legal_refs"] < 1:
            lines.append(f"  legal_refs got {gl}")
    if "legal_ref_dates" in exp:
        gd = {
            num(r.get("number")): str(r.get("date") or "")[:10]
            for r in (got.get("legal_refs") or [])
            if isinstance(r, dict)
        }
        ok = [gd.get(num(k)) == v for k, v in exp["legal_ref_dates"].items()]
        scores["legal_ref_dates"] = sum(ok) / len(ok)
    if "report_deadlines" in exp:

        def due(d):
            d = str((d.get("due") if isinstance(d, dict) else d) or "")
            m = re.match(r"\d{4}-(\d\d-\d\d)", d)
            return m.group(1) if m else norm(d)

        scores["report_deadlines"] = f1(
            {due(d) for d in exp["report_deadlines"]}, {due(d) for d in (got.get("report_deadlines") or [])}
        )
        if scores["report_deadlines"] < 1:
            lines.append(f"  report_deadlines got {got.get('report_deadlines')}")
    if "recipients" in exp:

        def items(xs):
            out = set()
            for x in xs or []:
                for part in re.split(r"[,;]", str(x)):
                    if norm(part):
                        out.add(norm(part))
            return out

        scores["recipients"] = jacc(items(exp["recipients"]), items(got.get("recipients")))
        if scores["recipients"] < 1:
            lines.append(f"  recipients got {got.get('recipients')}")
    if "signer" in exp:
        gsig = got.get("signer")
        gname = gsig.get("name") if isinstance(gsig, dict) else gsig
        scores["signer"] = float(norm(exp["signer"]) == norm(gname)) if exp["signer"] else float(not gname)

    for k, v in scores.items():
        print(f"{k}: {v:.2f}")
    if verbose or any(v < 1 for v in scores.values()):
        for line in lines:
            print(line)
    total = sum(scores.values()) / len(scores) if scores else 0.0
    print(f"score: {total:.3f}")


if __name__ == "__main__":
    main()
