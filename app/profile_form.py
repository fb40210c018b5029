"""The patient's answers: the form (every answer optional but the treatment), filling it from a sample
case, and the profile dict it gives. Terms a patient may not know carry their glossary entry as help."""

from __future__ import annotations

from typing import Any

import streamlit as st

from policyeval.advise.labels import GLOSSARY, TREATMENT_LABELS, insurer_label

from .common import lexicon

TREATMENTS = TREATMENT_LABELS

DIAGNOSES = {
    "treatment-resistant depression": "Treatment-resistant depression",
    "major depressive disorder": "Major depression",
    "F33.2": "F33.2 recurrent severe depression",
    "F33.1": "F33.1 recurrent moderate depression",
    "F32.2": "F32.2 severe depressive episode",
    "F32.9": "F32.9 depressive episode",
    "suicidal ideation": "Suicidal thoughts (R45.851)",
    "bipolar disorder": "Bipolar disorder (F31)",
    "post-traumatic stress disorder": "PTSD (F43.1)",
    "generalized anxiety disorder": "Anxiety disorder (F41.1)",
}
SCALES = {"PHQ-9": 27, "MADRS": 60, "HAM-D": 52, "QIDS": 27}
TRISTATE = {"yes": "Yes", "no": "No", "unsure": "Not sure"}
TRISTATE_VALUE = {"yes": True, "no": False, "unsure": None}
YESNO_FIELDS = {  # profile field -> (widget key, question)
    "current_oral_antidepressant": ("pf_current_ad", "Are you taking an antidepressant pill now?"),
    "psychotherapy_tried": ("pf_psychotherapy", "Have you had talk therapy (psychotherapy)?"),
    "rems_certified_site": ("pf_rems", "Is the clinic REMS-certified for Spravato?"),
    "provider_in_network": ("pf_in_network", "Is the clinic or doctor in your plan's network?"),
}


def _trials_frame(trials: list[dict[str, Any]] | None) -> Any:
    import pandas as pd

    rows = [
        {"drug": t.get("drug"), "weeks": t.get("weeks"), "improvement_pct": t.get("improvement_pct")}
        for t in (trials or [])
    ]
    rows += [{"drug": None, "weeks": None, "improvement_pct": None}] * max(0, 2 - len(rows))
    return pd.DataFrame(rows, columns=["drug", "weeks", "improvement_pct"]).astype(
        {"drug": "object", "weeks": "float", "improvement_pct": "float"}
    )


def apply_profile(prof: dict[str, Any]) -> None:
    """Fill the form's widgets from a profile dict (a sample's answers, or cleared)."""
    ss = st.session_state
    ss.pf_treatment = prof.get("treatment", "esketamine_nasal")
    ins = prof.get("insurer")
    known = lexicon().insurer_id(ins) if ins else None
    ss.pf_insurer = known if known else ("__other__" if ins else "")
    ss.pf_insurer_other = ins if ins and not known else ""
    ss.pf_age = prof.get("age")
    dx = list(prof.get("diagnoses") or [])
    ss.pf_diag_extra = [d for d in dx if d not in DIAGNOSES]
    ss.pf_diagnoses = dx
    if prof.get("antidepressant_trials"):
        ss.pf_trials_mode = "table"
        ss.pf_trials_base = _trials_frame(prof["antidepressant_trials"])
        ss.pf_failed = len(prof["antidepressant_trials"])
    else:
        ss.pf_trials_mode = "count"
        ss.pf_trials_base = _trials_frame(None)
        ss.pf_failed = prof.get("failed_antidepressant_trials")
    ss.pop("pf_trials_table", None)
    scores = prof.get("scores") or {}
    if scores:
        name, value = next(iter(scores.items()))
        ss.pf_score_scale = {"PHQ9": "PHQ-9", "HAMD": "HAM-D"}.get(name, name)
        ss.pf_score = int(round(value))
    else:
        ss.pf_score_scale, ss.pf_score = "PHQ-9", None
    for field, (key, _q) in YESNO_FIELDS.items():
        v = prof.get(field)
        ss[key] = "unsure" if v is None else ("yes" if v else "no")


def _clear_answers() -> None:
    apply_profile({"treatment": st.session_state.get("pf_treatment", "esketamine_nasal")})
    st.session_state.answers_from = ""


def _use_trials(mode: str) -> None:
    """Typing a count uses the count; editing the table uses the table."""
    st.session_state.pf_trials_mode = mode


def profile_form(recognised: str) -> dict[str, Any]:
    ss = st.session_state
    lex = lexicon()
    st.radio("Which treatment?", list(TREATMENTS), format_func=TREATMENTS.get, key="pf_treatment", horizontal=True)
    auto = (
        f"Recognise it from my documents (found: {insurer_label(recognised, lexicon())})"
        if recognised
        else "Recognise it from my documents (none found yet)"
    )
    ins_ids = sorted(lex.insurers, key=lambda i: lex.insurers[i].label.lower())
    st.selectbox(
        "Your insurer",
        ["", *ins_ids, "__other__"],
        key="pf_insurer",
        format_func=lambda i: (
            auto if i == "" else ("Other / not listed" if i == "__other__" else lex.insurers[i].label)
        ),
        help="The company on your insurance card. We recognise it from your documents when they name it.",
    )
    if ss.get("pf_insurer") == "__other__":
        st.text_input("Insurer's name", key="pf_insurer_other")
    c1, c2 = st.columns(2)
    c1.number_input("Age", min_value=0, max_value=120, step=1, value=None, key="pf_age", placeholder="e.g. 42")
    c2.number_input(
        "Antidepressants tried that did not help enough",
        min_value=0,
        max_value=50,
        step=1,
        value=None,
        key="pf_failed",
        placeholder="e.g. 2",
        on_change=_use_trials,
        args=("count",),
        help="Count each medicine you took for at least about 6 weeks that helped 25% or less.",
    )
    options = list(DIAGNOSES)
    for d in [*ss.get("pf_diag_extra", []), *(ss.get("pf_diagnoses") or [])]:
        if d not in options:
            options.append(d)
    st.multiselect(
        "Diagnoses (names or ICD-10 codes)",
        options,
        key="pf_diagnoses",
        accept_new_options=True,
        format_func=lambda d: DIAGNOSES.get(d, d),
        placeholder="Pick or type, e.g. F33.2",
        help="ICD-10 codes are on bills and visit summaries, e.g. F33.2. There is no ICD-10 code for "
        "treatment-resistant depression: pick it by name together with your F32/F33 code.",
    )
    with st.expander("Antidepressants drug by drug (optional)", expanded=ss.get("pf_trials_mode") == "table"):
        st.caption("Some insurers count only trials of 6+ weeks with 25% improvement or less.")
        st.radio(
            "How to count them",
            ["count", "table"],
            key="pf_trials_mode",
            horizontal=True,
            format_func={"count": "Use the number above", "table": "Use this table"}.get,
        )
        base = ss.get("pf_trials_base")
        if base is None:
            base = ss.pf_trials_base = _trials_frame(None)
        st.data_editor(
            base,
            key="pf_trials_table",
            num_rows="dynamic",
            hide_index=True,
            width="stretch",
            on_change=_use_trials,
            args=("table",),
            column_config={
                "drug": st.column_config.TextColumn("Medicine", help="e.g. sertraline"),
                "weeks": st.column_config.NumberColumn("Weeks taken", min_value=0, max_value=520),
                "improvement_pct": st.column_config.NumberColumn("Improvement %", min_value=-100, max_value=100),
            },
        )
    c1, c2 = st.columns([1, 1])
    c1.selectbox("Depression score (if you know it)", list(SCALES), key="pf_score_scale")
    scale = ss.get("pf_score_scale", "PHQ-9")
    c2.number_input(
        f"{scale} score",
        min_value=0,
        max_value=SCALES.get(scale, 60),
        step=1,
        value=None,
        key="pf_score",
        placeholder="e.g. 19",
        help=GLOSSARY["PHQ-9"],
    )
    for field, (key, question) in YESNO_FIELDS.items():
        if field == "rems_certified_site" and ss.get("pf_treatment") != "esketamine_nasal":
            continue
        help_text = {"rems_certified_site": GLOSSARY["REMS"], "provider_in_network": GLOSSARY["in-network"]}.get(field)
        st.radio(question, list(TRISTATE), format_func=TRISTATE.get, key=key, horizontal=True, help=help_text)
    return build_profile()


def _trial_rows() -> list[dict[str, Any]]:
    ss = st.session_state
    base = ss.get("pf_trials_base")
    if base is None:
        return []
    df = base.copy()
    edits = ss.get("pf_trials_table") or {}
    for idx, changes in (edits.get("edited_rows") or {}).items():
        for col, val in changes.items():
            df.at[int(idx), col] = val
    rows = df.to_dict("records")
    rows += list(edits.get("added_rows") or [])
    deleted = set(edits.get("deleted_rows") or [])
    out = []
    for i, r in enumerate(rows):
        if i in deleted:
            continue
        drug = r.get("drug")
        if not isinstance(drug, str) or not drug.strip():
            continue
        t: dict[str, Any] = {"drug": drug.strip()}
        for k in ("weeks", "improvement_pct"):
            v = r.get(k)
            if v is not None and v == v:
                t[k] = float(v)
        out.append(t)
    return out


def build_profile() -> dict[str, Any]:
    ss = st.session_state
    prof: dict[str, Any] = {"treatment": ss.get("pf_treatment") or "esketamine_nasal"}
    ins = ss.get("pf_insurer")
    if ins == "__other__":
        if (ss.get("pf_insurer_other") or "").strip():
            prof["insurer"] = ss.pf_insurer_other.strip()
    elif ins:
        prof["insurer"] = lexicon().insurers[ins].label if ins in lexicon().insurers else ins
    if ss.get("pf_age") is not None:
        prof["age"] = int(ss.pf_age)
    if ss.get("pf_diagnoses"):
        prof["diagnoses"] = list(ss.pf_diagnoses)
    if ss.get("pf_trials_mode") == "table":
        trials = _trial_rows()
        if trials:
            prof["antidepressant_trials"] = trials
    elif ss.get("pf_failed") is not None:
        prof["failed_antidepressant_trials"] = int(ss.pf_failed)
    if ss.get("pf_score") is not None:
        prof["scores"] = {ss.get("pf_score_scale", "PHQ-9"): float(ss.pf_score)}
    for field, (key, _q) in YESNO_FIELDS.items():
        if field == "rems_certified_site" and prof["treatment"] != "esketamine_nasal":
            continue
        v = TRISTATE_VALUE.get(ss.get(key, "unsure"))
        if v is not None:
            prof[field] = v
    return prof


def profile_summary(prof: dict[str, Any]) -> str:
    names = {
        "treatment": "Treatment",
        "insurer": "Insurer",
        "age": "Age",
        "diagnoses": "Diagnoses",
        "failed_antidepressant_trials": "Failed antidepressant trials",
        "antidepressant_trials": "Antidepressant trials",
        "current_oral_antidepressant": "Taking an oral antidepressant",
        "psychotherapy_tried": "Psychotherapy tried",
        "scores": "Severity score",
        "rems_certified_site": "REMS-certified site",
        "provider_in_network": "Provider in network",
    }
    lines = []
    for k, v in prof.items():
        if k == "treatment":
            v = TREATMENTS.get(v, v)
        elif isinstance(v, bool):
            v = "yes" if v else "no"
        elif isinstance(v, list):
            v = "; ".join(
                ", ".join(f"{a}: {b:g}" if isinstance(b, float) else f"{b}" for a, b in x.items())
                if isinstance(x, dict)
                else str(x)
                for x in v
            )
        elif isinstance(v, dict):
            v = ", ".join(f"{a} {b:g}" for a, b in v.items())
        lines.append(f"- {names.get(k, k)}: {v}")
    return "\n".join(lines)
