"""The QA page: run a samples manifest, failures first, rule coverage, and the report as JSON / JUnit."""

from __future__ import annotations

import json

import streamlit as st

from policyeval.errors import PolicyEvalError
from policyeval.tools import qa

from .common import ROOT, SAMPLES


def page() -> None:
    st.title("QA: every sample against its expected outcome")
    ss = st.session_state
    manifests = sorted(str(p.relative_to(ROOT)) for p in SAMPLES.glob("*.yaml")) if SAMPLES.is_dir() else []
    if not manifests:
        st.info("No manifest in samples/ yet.")
        return
    default = "samples/manifest.yaml" if "samples/manifest.yaml" in manifests else manifests[0]
    st.selectbox("Manifest", manifests, index=manifests.index(default), key="qa_manifest")
    if st.button("Run all samples", type="primary"):
        try:
            cases = qa.load_manifest(ROOT / ss.qa_manifest)
            with st.spinner(f"Running {len(cases)} cases…"):
                ss.qa_report = qa.run_cases(cases, jobs=1)
        except PolicyEvalError as err:
            st.error(str(err))
            ss.pop("qa_report", None)
    rep = ss.get("qa_report")
    if rep is None:
        st.caption("Press “Run all samples” to run the manifest.")
        return
    failed = [r for r in rep.results if not r.passed]
    (st.error if failed else st.success)(
        f"{len(rep.results) - len(failed)} of {len(rep.results)} cases pass"
        + (f"; {len(failed)} fail" if failed else "")
        + f" ({rep.seconds:.1f} s)."
    )
    import pandas as pd

    def cell(d: dict, k: str) -> str:
        return str(d.get(k, "")) if d else ""

    rows = []
    for r in sorted(rep.results, key=lambda r: (r.passed, r.id)):
        actual = r.actual or {}
        rows.append(
            {
                "case": r.id,
                "expected": f"{cell(r.expected, 'verdict')} / {cell(r.expected, 'basis')}",
                "actual": actual.get("error") or cell(actual, "verdict"),
                "basis": cell(actual, "basis"),
                "pass": "PASS" if r.passed else "FAIL",
                "what differs": r.message,
            }
        )
    st.table(pd.DataFrame(rows))
    cov = rep.coverage or {}
    st.header("Rule coverage")
    st.markdown(
        f"Rules: {cov.get('rules', '?')}. **Never won:** "
        + (", ".join(f"`{x}`" for x in cov.get("never_won", [])) or "none")
        + ". **Never matched:** "
        + (", ".join(f"`{x}`" for x in cov.get("never_matched", [])) or "none")
        + "."
    )
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download report (JSON)",
        json.dumps(qa.report_json(rep), indent=2),
        file_name="qa-report.json",
        mime="application/json",
    )
    c2.download_button(
        "Download report (JUnit XML)", qa.report_junit(rep), file_name="qa-junit.xml", mime="application/xml"
    )
