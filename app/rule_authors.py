"""The rule authors' page: edit a rule file with a check on every change, try it on a sample case or on a
PDF of your own, and see which verdicts the edit changes (before / after, from `advise.compare`).
Nothing is saved from the browser: the author downloads the file and commits it."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import streamlit as st

import policyeval
from policyeval.advise import compare
from policyeval.advise.documents import MAX_UPLOAD_MB, read_limits, upload_problem
from policyeval.errors import PolicyEvalError

from .common import default_rules, esc, lexicon, sample_cases, session_plans


def _digest(texts: dict[str, str]) -> str:
    return hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()


def check(texts: dict[str, str]) -> list[compare.Diagnostic]:
    """Diagnostics for the edited files, computed once per distinct set of texts in this session."""
    key = _digest(texts)
    held = st.session_state.get("rule_diags")
    if held and held[0] == key:
        return list(held[1])
    diags = compare.check_rule_texts(texts, lexicon())
    st.session_state.rule_diags = (key, diags)
    return diags


def _edited_rules(texts: dict[str, str]) -> policyeval.RuleSet:
    """The edited rule set, built once per distinct text (kept in this session only)."""
    key = _digest(texts)
    held = st.session_state.get("edited_rules")
    if held and held[0] == key:
        return held[1]  # type: ignore[no-any-return]
    rs = compare.rules_from_texts(texts, lexicon())
    st.session_state.edited_rules = (key, rs)
    return rs


@st.cache_resource(show_spinner=False, max_entries=64)
def _sample_plan_text(paths: tuple[str, ...], stamp: tuple[float, ...]) -> str:
    text, _docs = policyeval.plan_from_inputs(list(paths), lexicon(), read_limits())
    return text


def sample_plan_text(case: Any) -> str:
    paths = tuple(str(p) for p in case.documents)
    return _sample_plan_text(paths, tuple(Path(p).stat().st_mtime for p in paths))


def _editor(name: str) -> None:
    """The editor with line numbers beside it (gutter and text scroll together)."""
    ss = st.session_state
    ed_key = f"ed::{name}"

    def _changed() -> None:
        ss.rule_texts[name] = ss[ed_key]

    text = ss[ed_key]
    nlines = max(1, text.count("\n") + 1)
    st.caption("Edit below; the check runs on every change (click outside the editor or press Ctrl+Enter).")
    with st.container(height=520, key="rule_editor_scroll", border=True):
        gut, box = st.columns([0.05, 0.95], gap=None)
        with gut:
            st.html(
                "<div class='gutter' style='white-space: pre'>" + "\n".join(map(str, range(1, nlines + 1))) + "</div>"
            )
        with box.container(key="rule_editor_box"):
            st.text_area(
                "Rule file text", key=ed_key, height=21 * nlines + 24, on_change=_changed, label_visibility="collapsed"
            )


def _format(name: str) -> None:
    ss = st.session_state
    try:
        ss[f"ed::{name}"] = compare.format_rule_text(ss[f"ed::{name}"], name)
        ss.rule_texts[name] = ss[f"ed::{name}"]
    except PolicyEvalError as err:
        ss.format_error = str(err)


def _revert(name: str) -> None:
    ss = st.session_state
    ss.rule_texts[name] = ss.rule_originals.get(name, "")
    ss[f"ed::{name}"] = ss.rule_texts[name]


def _diagnostics(texts: dict[str, str], changed: list[str]) -> bool:
    """Show the check's result; True when there are errors."""
    diags = check(texts)
    errors = [d for d in diags if d.severity == "error"]
    if errors:
        where = "; ".join(f"{d.file}:{d.line}:{d.column}: {d.message}" for d in errors[:5])
        st.error(f"{len(errors)} error(s): {where}")
        for d in errors[:10]:
            st.code(d.render(), language=None)
    else:
        st.success("No errors: the rule files check." + (f" Edited: {', '.join(changed)}." if changed else ""))
    for d in [d for d in diags if d.severity != "error"][:10]:
        st.warning(d.render())
    if st.session_state.pop("format_error", None):
        st.error("Format needs a file without errors; fix the errors first.")
    return bool(errors)


def page() -> None:
    st.title("Rule authors")
    st.markdown(
        "Edit a rule file, see errors as you go, try it on a sample or on a PDF of your own, and see which "
        "verdicts your edit changes. **Nothing is saved to the repository from the browser** — download the "
        "file and commit it yourself."
    )
    ss = st.session_state
    if "rule_texts" not in ss:
        ss.rule_texts = compare.shipped_rule_texts()
        ss.rule_originals = dict(ss.rule_texts)
    names = list(ss.rule_texts)
    if not names:
        st.error("No rule files found.")
        return
    c1, c2 = st.columns([3, 1])
    c1.selectbox("Rule file", names, key="rule_file")
    name = ss.rule_file
    c2.button("Revert this file", help="Back to the repository's version", on_click=_revert, args=(name,))
    if f"ed::{name}" not in ss:
        ss[f"ed::{name}"] = ss.rule_texts[name]
    texts = dict(ss.rule_texts)
    texts[name] = ss[f"ed::{name}"]
    changed = [n for n in texts if texts[n] != ss.rule_originals.get(n)]
    has_errors = _diagnostics(texts, changed)
    _editor(name)
    b1, b2, _b3 = st.columns(3)
    b1.button("Format", on_click=_format, args=(name,))
    b2.download_button("Download this file", texts[name], file_name=Path(name).name, mime="text/plain")
    if has_errors:
        st.info("Fix the errors to run the rules against the samples.")
        return
    try:
        rules = _edited_rules(texts)
    except PolicyEvalError as err:
        st.error(str(err))
        return
    try_it(rules, bool(changed))
    across_samples(rules, bool(changed))


def _own_pdf() -> tuple[str, str] | None:
    """(name, plan text) of the author's uploaded PDF, read once per file in this session."""
    up = st.file_uploader(
        f"A plan PDF (up to {MAX_UPLOAD_MB} MB)", type=["pdf"], key="rule_upload", max_upload_size=MAX_UPLOAD_MB
    )
    if up is None:
        return None
    data = up.getvalue()
    problem = upload_problem(up.name, data)
    if problem:
        st.error(problem)
        return None
    key = hashlib.sha256(data).hexdigest()
    held = st.session_state.get("rule_upload_plan")
    if held and held[0] == key:
        return up.name, held[1]
    with st.spinner(f"Reading {up.name}…"):
        text, _docs = policyeval.plan_from_inputs([(up.name, data)], lexicon(), read_limits())
    st.session_state.rule_upload_plan = (key, text)
    return up.name, text


def try_it(rules: policyeval.RuleSet, changed: bool) -> None:
    """One case — a sample or the author's own PDF — decided with the edited rules, before/after and trace."""
    import pandas as pd
    import yaml

    ss = st.session_state
    st.header("Try it on one case")
    cases = sample_cases()
    st.radio(
        "On",
        ["sample", "upload"],
        key="rule_source",
        horizontal=True,
        format_func={"sample": "A sample case", "upload": "A PDF of my own"}.get,
    )
    if ss.rule_source == "upload":
        own = _own_pdf()
        if own is None:
            st.caption("Upload a plan PDF to try the rules on it.")
            return
        case_id, plan_text = own[0], own[1]
        # the usual patient: an in-network provider (an open network question makes most rows "it depends")
        profile_default = {"treatment": "esketamine_nasal", "provider_in_network": True}
    else:
        if not cases:
            st.info("No samples manifest (samples/manifest.yaml) yet.")
            return
        by_id = {c.id: c for c in cases}
        st.selectbox(
            "Sample case",
            list(by_id),
            key="rule_case",
            format_func=lambda i: f"{i} — {', '.join(by_id[i].document_names)}",
        )
        case = by_id[ss.rule_case]
        case_id, plan_text, profile_default = case.id, sample_plan_text(case), case.profile.to_json()
    prof_key = f"rule_prof::{case_id}"
    if prof_key not in ss:
        ss[prof_key] = yaml.safe_dump(profile_default, sort_keys=False, allow_unicode=True)
    st.text_area("Profile (YAML)", key=prof_key, height=150)
    try:
        profile = compare.profile_from_text(ss[prof_key], "profile")
        decision, _f = policyeval.evaluate_plan_text(plan_text, profile, rules, lexicon(), plans=session_plans())
    except PolicyEvalError as err:
        st.error(str(err))
        return
    st.markdown(
        f"**Verdict:** `{decision.verdict}` — basis `{decision.basis}` — rule `{decision.rule}`  \n{esc(decision.reason)}"
    )
    diff = compare.compare([compare.Case(case_id, plan_text, profile)], default_rules(), rules, lexicon())
    st.table(pd.DataFrame([c.row() for c in diff]))
    trace = [
        {
            "": "★" if t.winner else "",
            "rule": t.rule,
            "priority": t.priority,
            "verdict": t.verdict,
            "basis": t.basis,
            "where": f"{t.file}:{t.line}",
            "note": t.note,
        }
        for t in decision.trace
    ]
    st.table(pd.DataFrame(trace))


def across_samples(rules: policyeval.RuleSet, changed: bool) -> None:
    import pandas as pd

    cases = sample_cases()
    st.header("What your edit changes across all samples")
    if not cases:
        return
    if not changed:
        st.caption(
            "No edits yet: every sample keeps its verdict. Edit a rule and the table compares the verdicts before and after your edit."
        )
        if not st.button("Show every sample's verdict now"):
            return
    bar = st.progress(0.0, text="Deciding every sample with the shipped rules and with yours…")
    items = []
    for c in cases:
        try:
            text = sample_plan_text(c)
        except PolicyEvalError as err:
            text = f"# unreadable: {err}\n"
        expected = f"{c.expect.get('verdict')} / {c.expect.get('basis')}"
        items.append(compare.Case(c.id, text, c.profile, expected))
    diff = compare.compare(
        items,
        default_rules(),
        rules if changed else default_rules(),
        lexicon(),
        lambda done, total: bar.progress(done / total, text=f"Sample {done} of {total}"),
    )
    bar.empty()
    st.markdown(f"**{sum(c.changed for c in diff)}** of {len(diff)} sample verdicts change with your edit.")
    st.table(pd.DataFrame([c.row() for c in diff]))
