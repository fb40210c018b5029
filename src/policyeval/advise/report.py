"""Decisions and findings as text for people (CLI) and as Markdown (downloads)."""

from __future__ import annotations

from ..decide.decision import TREATMENT_LABELS
from ..models import Decision, Finding

VERDICT_TITLES = {
    "covered": "COVERED",
    "pa_required": "PRIOR AUTHORIZATION REQUIRED",
    "experimental_exclusion": "EXCLUDED (experimental / not covered)",
    "unknown": "UNKNOWN — your documents don't settle it",
}
BASIS_TEXT = {
    "explicit": "your plan says so",
    "insurer_policy": "your insurer's published medical policy",
    "inferred": "inferred from your plan's rules for a category of care",
    "none": "your documents don't say",
}
STATUS_TEXT = {"met": "met", "not_met": "NOT MET", "not_given": "not given"}


def where(e) -> str:
    place = f"{e.document}, page {e.page}"
    ctx = " › ".join(x for x in (e.section, e.row) if x)
    if ctx:
        place += f" — {ctx}"
    if e.ocr:
        place += " (read by OCR)"
    return place


def decision_text(d: Decision) -> str:
    out = [
        f"Verdict:   {VERDICT_TITLES.get(d.verdict, d.verdict)}  [{d.verdict}]",
        f"Basis:     {d.basis} — {BASIS_TEXT.get(d.basis, '')}",
        f"Treatment: {TREATMENT_LABELS.get(d.treatment, d.treatment)}"
        + (f"    Insurer: {d.insurer}" if d.insurer else ""),
        f"Why:       {d.reason}",
    ]
    if d.source:
        out.append(f"Policy:    {d.source}")
    out.append("")
    out.append("Evidence")
    if not d.evidence:
        out.append("  (none: no passage of your documents decides this)")
    for i, e in enumerate(d.evidence, 1):
        out.append(f"  {i}. {where(e)}")
        out.append(f"     “{e.quote}”")
    out.append("")
    out.append("Rules that matched (highest priority first; * = winner)")
    for t in d.trace:
        mark = "*" if t.winner else " "
        out.append(f"  {mark} {t.rule:<40} {t.priority:>4}  {t.verdict}/{t.basis}  {t.file}:{t.line}")
        if t.note:
            out.append(f"      {t.note}")
    if d.criteria:
        out.append("")
        out.append("Prior-authorization criteria")
        for c in d.criteria:
            out.append(f"  [{STATUS_TEXT[c.status]:>9}] {c.description}")
            if c.detail:
                out.append(f"              you gave: {c.detail}")
    if d.next_steps:
        out.append("")
        out.append("Next steps")
        for s in d.next_steps:
            out.append(f"  - {s}")
    return "\n".join(out)


def findings_text(findings: list[Finding]) -> str:
    if not findings:
        return "No findings: the reader saw no treatment, category, condition, exclusion or insurer terms."
    out = []
    for f in findings:
        e = f.evidence
        mods = ", ".join(sorted(f.modifiers)) or "-"
        ctx = " › ".join(x for x in (e.section, e.row) if x)
        out.append(
            f"{e.document} p{e.page}  {f.kind}:{f.concept}  [{mods}]"
            + (f"  conditions: {', '.join(f.conditions)}" if f.conditions else "")
            + (" (ocr)" if e.ocr else "")
        )
        if ctx:
            out.append(f"    row: {ctx}")
        out.append(f"    “{e.quote}”")
    return "\n".join(out)


def decision_markdown(d: Decision, profile_summary: str = "") -> str:
    lines = [
        f"# policyeval result: {VERDICT_TITLES.get(d.verdict, d.verdict)}",
        "",
        f"- **Treatment:** {TREATMENT_LABELS.get(d.treatment, d.treatment)}",
        f"- **Verdict:** `{d.verdict}` — basis `{d.basis}` ({BASIS_TEXT.get(d.basis, '')})",
    ]
    if d.insurer:
        lines.append(f"- **Insurer:** {d.insurer}")
    if d.source:
        lines.append(f"- **Policy:** {d.source}")
    lines += ["", "## Why", "", d.reason, "", "## Evidence from your documents", ""]
    lines += [f"- {where(e)}: “{e.quote}”" for e in d.evidence] or ["- none"]
    if d.criteria:
        lines += ["", "## Prior-authorization checklist", ""]
        lines += [
            f"- [{'x' if c.status == 'met' else ' '}] {c.description} — **{STATUS_TEXT[c.status]}**"
            + (f" ({c.detail})" if c.detail else "")
            + (f"  \n  Proof: {c.proof}" if c.proof else "")
            for c in d.criteria
        ]
    lines += ["", "## Next steps", ""] + [f"1. {s}" for s in d.next_steps]
    lines += ["", "## Rules that matched", ""]
    lines += [
        f"- {'**' if t.winner else ''}{t.rule}{'** (winner)' if t.winner else ''} — priority {t.priority}, "
        f"{t.verdict}/{t.basis}"
        for t in d.trace
    ]
    if profile_summary:
        lines += ["", "## Your answers", "", profile_summary]
    lines += ["", "_This is not legal or medical advice; it reads your documents and published policies._"]
    return "\n".join(lines) + "\n"
