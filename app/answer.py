"""The patient's answer: the verdict first, then the words of their plan that decide it (with the page
image and its alt text), what to do next (checklist, whom to call with the numbers their documents give,
the appeal), what it may cost (chart with its table), and copies to keep (a one-page PDF, Markdown,
JSON). All wording comes from `policyeval.advise`; document text is escaped and never becomes a link."""

from __future__ import annotations

import base64
import json
from typing import Any

import streamlit as st

import policyeval
from policyeval.advise import appeal, costs, documents, labels, printable, report
from policyeval.errors import PolicyEvalError

from .common import esc, esc_html, lexicon
from .profile_form import profile_summary

VERDICT_LOOK = {  # background, border (no emoji: a browser without an emoji font shows boxes)
    "covered": ("#e6f4ea", "#1e7e34"),
    "pa_required": ("#fef7e0", "#a14a00"),
    "experimental_exclusion": ("#fce8e6", "#b3261e"),
    "unknown": ("#eef1f5", "#4a4f55"),
}
STATUS_BADGE = {"met": ":green-badge[met]", "not_met": ":red-badge[not met]", "not_given": ":gray-badge[not given]"}
ANSWER_ANCHOR = "your-answer"


def glossary_note(text: str) -> None:
    """Inline help for the terms in `text`: a small expander naming them, definitions inside."""
    found = labels.glossary_for(text)
    if found:
        with st.expander("What these words mean: " + ", ".join(found)):
            st.markdown("\n".join(f"- **{esc(t)}**: {esc(m)}" for t, m in found.items()))


def banner(decision: policyeval.Decision, findings: list[policyeval.Finding], example: bool) -> None:
    bg, border = VERDICT_LOOK.get(decision.verdict, VERDICT_LOOK["unknown"])
    head = labels.headline(decision.verdict)
    sentence = labels.verdict_sentence(decision)
    if example:
        head = f"Example answer for a sample plan: {head}"
        sentence = sentence.replace("Your plan", "This sample plan").replace("Your documents", "The sample's documents")
    basis = labels.basis_text(decision, findings, lexicon())
    st.markdown(
        f"<div class='verdict verdict-{decision.verdict}' role='status' style='--bg:{bg};--b:{border}'>"
        f"<p class='headline'>{esc_html(head)}</p>"
        f"<p class='sentence'>{esc_html(sentence)}</p>"
        f"<p class='basis'><b>How we know:</b> {esc_html(basis)}.</p></div>",
        unsafe_allow_html=True,
    )


def _figure(png: bytes, alt: str, caption: str) -> None:
    data = base64.b64encode(png).decode("ascii")
    st.html(
        f"<figure class='evidence-figure'><img src='data:image/png;base64,{data}' alt='{esc_html(alt)}'>"
        f"<figcaption>{esc_html(caption)}</figcaption></figure>"
    )


def _page_images(key: str, doc: policyeval.Document, e: policyeval.Evidence) -> tuple[bytes, bytes]:
    cache = st.session_state.setdefault("png_cache", {})
    k = (key, doc.name, e.page, tuple(tuple(round(v, 1) for v in b) for b in e.bboxes))
    if k not in cache:
        cache[k] = documents.page_images(doc, e)
        while len(cache) > 12:
            cache.pop(next(iter(cache)))
    return cache[k]


def evidence(decision: policyeval.Decision, findings: list[policyeval.Finding], docs: list[Any], key: str) -> None:
    st.header("The words in your plan that decide this")
    passages = documents.deciding_passages(decision, findings)
    if not passages:
        st.markdown("No passage of your documents decides this — that is why the answer is what it is.")
    by_name = {d.name: d for d in docs}
    for e in passages[:3]:
        st.markdown(
            f"<blockquote class='quote'>“{esc_html(e.quote)}”<span class='where'>— {esc_html(labels.where(e))}"
            "</span></blockquote>",
            unsafe_allow_html=True,
        )
        doc = by_name.get(e.document)
        if doc is None or not doc.data or not 1 <= e.page <= len(doc.pages):
            continue
        try:
            crop, full = _page_images(key, doc, e)
        except PolicyEvalError as err:
            st.caption(f"(The page could not be drawn: {err})")
            continue
        _figure(crop, labels_alt(e), f"{e.document}, page {e.page} — the deciding words are boxed in red")
        with st.expander(f"See all of page {e.page}"):
            _figure(full, labels_alt(e, whole=True), f"{e.document}, page {e.page}")


def labels_alt(e: policyeval.Evidence, whole: bool = False) -> str:
    text = documents.alt_text(e)
    return text.replace("Page", "The whole of page", 1) if whole else text


def next_steps(
    decision: policyeval.Decision, findings: list[policyeval.Finding], docs: list[Any], profile: policyeval.Profile
) -> str:
    """The checklist, steps, call script and appeal; returns the appeal letter ('' when none)."""
    st.header("What to do next")
    ins = labels.insurer_label(decision.insurer, lexicon())
    if decision.criteria:
        st.subheader("Prior-authorization checklist")
        st.markdown("What your insurer will look for:")
        rows = ["| Criterion | Your answers | What proves it |", "|---|---|---|"]
        for c in decision.criteria:
            badge = STATUS_BADGE.get(c.status, esc(c.status))
            rows.append(f"| {esc(c.description)} | {badge} | {esc(c.proof) or '—'} |")
        st.markdown("\n".join(rows))
        if not decision.source and decision.criteria[0].source:
            st.caption(f"Criteria from: {decision.criteria[0].source}")
        glossary_note(" ".join(c.description for c in decision.criteria) + " prior authorization")
    if decision.next_steps:
        st.markdown("\n".join(f"{i}. {esc(s)}" for i, s in enumerate(decision.next_steps, 1)))
    kinds = {d.name: d.kind for d in docs}
    if decision.verdict == "unknown":
        st.markdown("**Documents that would settle it:**")
        wanted = appeal.documents_to_request(decision, kinds.values(), ins)
        st.markdown("\n".join(f"- {esc(x)}" for x in wanted))
    whom, questions = appeal.call_script(decision, findings, profile)
    st.subheader("Whom to call and what to ask")
    st.markdown(esc(whom))
    with st.expander("Questions to ask your insurer on the phone", expanded=decision.verdict == "unknown"):
        st.markdown("\n".join(f"- {esc(q)}" for q in questions))
    if decision.verdict not in ("experimental_exclusion", "pa_required"):
        return ""
    title = "How to appeal" if decision.verdict == "experimental_exclusion" else "If the prior authorization is denied"
    letter = appeal.appeal_letter(decision, profile, ins)
    with st.expander(title, expanded=decision.verdict == "experimental_exclusion"):
        steps = appeal.appeal_route(decision, ins, kinds)
        st.markdown("\n".join(f"{i}. {esc(s)}" for i, s in enumerate(steps, 1)))
        st.markdown("**Appeal letter draft** — fill in the [brackets]; your doctor's letter makes it stronger.")
        st.text_area("Appeal letter draft", letter, height=320, key=f"letter_{decision.verdict}")
        st.download_button(
            "Download the letter (.txt)", letter, file_name="appeal-letter.txt", mime="text/plain", key="dl_letter"
        )
    return letter


def cost_chart(est: costs.CostEstimate) -> None:
    """The ranges as bars, described for screen readers, with the same figures as a table beside it."""
    import altair as alt
    import pandas as pd

    bars = est.bars()
    df = pd.DataFrame(
        [
            {
                "what": b.label,
                "low": b.low,
                "high": max(b.high, b.low),
                "who": "Self-pay" if b.label.startswith("Self") else "Plan",
                "range": b.range_text,
            }
            for b in bars
        ]
    )
    described = "; ".join(f"{b.label}: {b.range_text}" for b in bars)
    base = alt.Chart(df, description=f"Cost ranges in US dollars. {described}").encode(
        y=alt.Y("what:N", sort=list(df["what"]), title=None, axis=alt.Axis(labelLimit=260))
    )
    chart = base.mark_bar(size=16, cornerRadius=3).encode(
        x=alt.X("low:Q", title="US dollars", axis=alt.Axis(format="$,.0f")),
        x2="high:Q",
        color=alt.Color(
            "who:N", legend=None, scale=alt.Scale(domain=["Self-pay", "Plan"], range=["#b3261e", "#1e7e34"])
        ),
    ) + base.mark_text(align="left", dx=6, color="#1f2328").encode(x="high:Q", text="range:N")
    st.altair_chart(chart.properties(height=34 * len(df) + 30), width="stretch")
    st.table(pd.DataFrame(est.table()).rename(columns={"what": "What", "cost": "Cost"}))


def cost_section(decision: policyeval.Decision, findings: list[policyeval.Finding]) -> costs.CostEstimate | None:
    st.header("What it may cost")
    est = costs.estimate(decision, findings)
    if est is None:
        return None
    st.markdown(esc(est.summary))
    cost_chart(est)
    for note in est.notes:
        st.caption(note)
    with st.expander("Where the prices come from"):
        st.markdown("\n".join(f"- {esc(s.what)}: {esc(s.where)}" for s in costs.price_sources(decision.treatment)))
    glossary_note(est.summary + " " + " ".join(est.notes) + " deductible coinsurance")
    return est


def downloads(
    decision: policyeval.Decision,
    findings: list[policyeval.Finding],
    docs: list[Any],
    profile: policyeval.Profile,
    prof: dict[str, Any],
    letter: str,
    est: costs.CostEstimate | None,
) -> None:
    st.header("Keep a copy")
    basis = labels.basis_text(decision, findings, lexicon())
    md = report.decision_markdown(decision, profile_summary(prof), basis)
    if est is not None:
        md += "\n## What it may cost\n\n" + est.summary + "\n\n" + "\n".join(f"- {n}" for n in est.notes) + "\n"
    if letter:
        md += "\n## Appeal letter draft\n\n```\n" + letter + "```\n"
    try:
        pdf = printable.summary_pdf(decision, findings, docs, profile, lexicon())
    except PolicyEvalError:
        pdf = b""
    c1, c2, c3 = st.columns(3)
    if pdf:
        c1.download_button(
            "Download a one-page summary (PDF)",
            pdf,
            file_name="coverage-summary.pdf",
            mime="application/pdf",
            key="dl_pdf",
        )
    c2.download_button(
        "Download summary (Markdown)", md, file_name="coverage-summary.md", mime="text/markdown", key="dl_md"
    )
    c3.download_button(
        "Download result (JSON)",
        json.dumps(decision.to_json(), indent=2, ensure_ascii=False),
        file_name="policyeval-result.json",
        mime="application/json",
        key="dl_json",
    )


def show(
    decision: policyeval.Decision,
    findings: list[policyeval.Finding],
    docs: list[Any],
    key: str,
    prof: dict[str, Any],
    profile: policyeval.Profile,
    example: bool,
) -> None:
    """The whole answer, verdict first."""
    st.header("Your answer" if not example else "Example answer", anchor=ANSWER_ANCHOR)
    banner(decision, findings, example)
    for line in decision.warnings:  # hidden text ignored, pages the reader skipped or doubted
        st.warning(esc(line))
    for w in documents.document_warnings(docs, findings, lexicon()):
        st.warning(w.text)
    reason = decision.reason
    for e in decision.evidence[:1]:
        if e.quote and f"“{e.quote}”" in reason:
            reason = reason.replace(f"“{e.quote}”", "the passage shown below")
    st.markdown(f"**Why:** {esc(reason)}")
    glossary_note(labels.verdict_sentence(decision) + " " + reason)
    evidence(decision, findings, docs, key)
    letter = next_steps(decision, findings, docs, profile)
    est = cost_section(decision, findings)
    downloads(decision, findings, docs, profile, prof, letter, est)
    with st.expander("For the curious: the rules that matched"):
        import pandas as pd

        st.table(
            pd.DataFrame(
                [
                    {"rule": t.rule, "priority": t.priority, "winner": "★" if t.winner else "", "note": t.note}
                    for t in decision.trace
                ]
            )
        )
    st.caption("This reads your documents and published insurer policies; it is not legal or medical advice.")
