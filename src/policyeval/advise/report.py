"""Decisions and findings as text for people (CLI) and as Markdown (downloads)."""

from __future__ import annotations

from ..models import Decision, Finding
from .labels import BASIS_TEXT, STATUS_TEXT, VERDICT_TITLES, headline, treatment_label, verdict_sentence, where

# The CLI shouts what is missing; the words themselves come from labels.
CLI_STATUS = {**STATUS_TEXT, "not_met": STATUS_TEXT["not_met"].upper()}


def decision_text(d: Decision) -> str:
    out = [
        f"Verdict:   {VERDICT_TITLES.get(d.verdict, d.verdict)}  [{d.verdict}]",
        f"Basis:     {d.basis} — {BASIS_TEXT.get(d.basis, '')}",
        f"Treatment: {treatment_label(d.treatment)}" + (f"    Insurer: {d.insurer}" if d.insurer else ""),
        f"Why:       {d.reason}",
    ]
    if d.source:
        out.append(f"Policy:    {d.source}")
    out.extend(f"Warning:   {w}" for w in d.warnings)
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
            out.append(f"  [{CLI_STATUS[c.status]:>9}] {c.description}")
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


def decision_markdown(d: Decision, profile_summary: str = "", basis: str = "") -> str:
    """The patient's copy in plain words: no verdict or rule codes (the JSON download has those)."""
    lines = [
        f"# {headline(d.verdict)}",
        "",
        verdict_sentence(d),
        "",
        f"- **Treatment:** {treatment_label(d.treatment)}",
        f"- **How we know:** {basis or BASIS_TEXT.get(d.basis, '')}",
    ]
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
    if profile_summary:
        lines += ["", "## Your answers", "", profile_summary]
    lines += ["", "_This is not legal or medical advice; it reads your documents and published policies._"]
    return "\n".join(lines) + "\n"
