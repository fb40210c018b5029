"""policyeval in the browser: `streamlit run app.py` (or `make run`).

Three pages: **Patients** (upload a plan's PDFs, answer a short profile, get the verdict with the deciding
page highlighted, next steps, cost and an appeal draft), **Rule authors** (edit a rule file, check it on every
change, run it against the samples, compare verdicts before/after, download it) and **QA** (run the samples
manifest, see failures first and rule coverage, download JSON / JUnit).

Privacy: uploaded files and answers live only in this session's memory (`st.session_state`); nothing is
written to disk or logged. Threads: every browser session runs this script in its own thread. The compiled
default rules are shared (`st.cache_resource`; the engine serialises durable_rules itself); pymupdf is not
thread-safe, so every read or render of a PDF holds the library's `PDF_LOCK`, one lock for the whole process.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import streamlit as st

from policyeval.advise import appeal, costs, report
from policyeval.decide.ruleset import load_rules, load_rules_text
from policyeval.errors import DSLError, PolicyEvalError
from policyeval.lexicon import load_lexicon
from policyeval.pipeline import evaluate_plan_text, plan_from_inputs
from policyeval.profile import parse_profile_text, profile_from_dict
from policyeval.read.document import PDF_LOCK, ReadLimits
from policyeval.resources import default_rule_files, rules_dir

ROOT = Path(__file__).resolve().parent
SAMPLES = ROOT / "samples"
MANIFEST = SAMPLES / "manifest.yaml"
MAX_MB = 20
MAX_PAGES = 300
LIMITS = ReadLimits(max_bytes=MAX_MB * 1024 * 1024, max_pages=MAX_PAGES)
PAGES = ("Patients", "Rule authors", "QA")


# The library's process-wide pymupdf lock (reentrant): reading and rendering already hold it; the app
# takes it too around multi-step PDF work so one session's pages are read without interleaving.
DOC_LOCK = PDF_LOCK


@st.cache_resource(show_spinner=False)
def default_rules():
    rules = load_rules()
    rules.compiled()
    return rules


@st.cache_resource(show_spinner=False)
def lexicon():
    return load_lexicon()


# ------------------------------------------------------------------------------------------- wording
TREATMENTS = {"esketamine_nasal": "Spravato (esketamine nasal spray)", "iv_ketamine": "IV ketamine infusion"}
VERDICT_LOOK = {  # background, border, headline (no emoji: a browser without an emoji font shows boxes)
    "covered": ("#e6f4ea", "#1e8e3e", "Covered"),
    "pa_required": ("#fef7e0", "#e37400", "Covered only with prior authorization"),
    "experimental_exclusion": ("#fce8e6", "#c5221f", "Not covered: excluded"),
    "unknown": ("#eef1f5", "#5f6368", "Not settled by your documents"),
}
STATUS_BADGE = {"met": ":green-badge[met]", "not_met": ":red-badge[not met]", "not_given": ":gray-badge[not given]"}
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


def sentence(decision) -> str:
    name = TREATMENTS.get(decision.treatment, decision.treatment)
    if decision.verdict == "covered":
        return f"Your plan covers {name}."
    if decision.verdict == "pa_required":
        return f"Your plan can pay for {name}, but only if your insurer approves it first (prior authorization)."
    if decision.verdict == "experimental_exclusion":
        return f"Your plan does not pay for {name} as things stand. You can ask for it in writing and appeal."
    return f"Your documents don't say whether your plan pays for {name}. Below is what would settle it."


def category(decision, findings=()) -> str:
    """The category an inferred verdict rests on, in the lexicon's words ('infusion therapy')."""
    lex = lexicon()
    for e in decision.evidence:
        for f in findings:
            if (
                f.kind in ("category", "exclusion")
                and (f.evidence.document, f.evidence.page, f.evidence.quote) == (e.document, e.page, e.quote)
                and f.concept in lex.concepts
            ):
                return lex.concepts[f.concept].label
    rule = decision.rule.lower()
    if "infusion" in rule:
        return "infusion therapy"
    if "experimental" in rule:
        return "experimental or investigational services"
    row = next((e.row for e in decision.evidence if e.row), "")
    return row.lower() if row else "a category of care"


def basis_text(decision, findings=()) -> str:
    if decision.basis == "explicit":
        return "your plan says so"
    if decision.basis == "insurer_policy":
        return "your insurer's policy" + (f" ({decision.source})" if decision.source else "")
    if decision.basis == "inferred":
        return f"inferred from your plan's rules for {category(decision, findings)}"
    return "your documents don't say"


def insurer_label(insurer_id: str) -> str:
    lex = lexicon()
    return lex.insurers[insurer_id].label if insurer_id in lex.insurers else insurer_id


def short(text: str, limit: int = 60) -> str:
    """A chart section as a person would say it: 'If you need drugs to treat your illness or condition'."""
    import re

    text = re.split(r"\s+(?=More information|See |For more)|[.;:]\s", text or "")[0].strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def where(e) -> str:
    ctx = " › ".join(x for x in (short(e.section), e.row) if x)
    return f"{e.document}, page {e.page}" + (f" ({ctx})" if ctx else "") + (" — read by OCR" if e.ocr else "")


def esc(text: str) -> str:
    """Plain text inside markdown: no accidental formatting, links or HTML."""
    out = str(text).replace("\\", "\\\\")
    for ch in "*_`[]<>#|$~":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


CSS = """
<style>
.verdict {border-left: 10px solid var(--b); background: var(--bg); border-radius: 8px; padding: 0.9rem 1.1rem;
          margin: 0 0 0.8rem 0; color: #202124;}
.verdict .headline {font-size: 1.55rem; font-weight: 700; margin: 0 0 0.3rem 0; line-height: 1.25;}
.verdict .sentence {font-size: 1.1rem; margin: 0 0 0.4rem 0;}
.verdict .basis {font-size: 0.98rem; margin: 0;}
.privacy {font-size: 0.9rem; color: #3c4043; background: #f1f3f4; border-radius: 6px; padding: 0.5rem 0.7rem;}
.gutter {font-family: "Source Code Pro", ui-monospace, monospace; font-size: 14px; line-height: 21px;
         color: #80868b; text-align: right; margin: 0; padding: 9px 0 0 0; background: none; user-select: none;}
.st-key-rule_editor_box textarea {font-family: "Source Code Pro", ui-monospace, monospace !important;
         font-size: 14px !important; line-height: 21px !important; white-space: pre !important;
         overflow-wrap: normal !important; overflow-x: auto !important; padding-top: 8px !important;}
</style>
"""


# ------------------------------------------------------------------------------------------- samples
@st.cache_resource(show_spinner=False)
def _manifest_cases(path: str, mtime: float):
    from policyeval.tools import qa

    return qa.load_manifest(path)


def sample_cases() -> list:
    """The manifest's cases ([] when there is no manifest yet)."""
    if not MANIFEST.is_file():
        return []
    try:
        return _manifest_cases(str(MANIFEST), MANIFEST.stat().st_mtime)
    except PolicyEvalError:
        return []


def sample_options() -> tuple[list[str], dict[str, tuple[list[Path], dict]]]:
    """Option key -> (document paths, profile dict). Manifest cases first; loose sample PDFs after."""
    options: dict[str, tuple[list[Path], dict]] = {}
    for case in sample_cases():
        options[f"case:{case.id}"] = ([Path(p) for p in case.documents], case.profile.to_json())
    listed = {p.resolve() for docs, _ in options.values() for p in docs}
    for pdf in sorted(SAMPLES.glob("*.pdf")) if SAMPLES.is_dir() else []:
        if pdf.resolve() not in listed:
            options[f"file:{pdf.name}"] = ([pdf], {"treatment": "esketamine_nasal"})
    return list(options), options


def sample_label(key: str, options: dict) -> str:
    paths, prof = options[key]
    kind, name = key.split(":", 1)
    docs = ", ".join(p.name for p in paths)
    who = TREATMENTS.get(prof.get("treatment", ""), "")
    if kind == "file":
        return name
    return f"{name} — {docs}" + (f" ({who})" if who else "")


def initial_sample(keys: list[str], options: dict) -> str | None:
    """POLICYEVAL_SAMPLE (make run) picks the first case using that file; else the first manifest case."""
    env = os.environ.get("POLICYEVAL_SAMPLE", "").strip()
    if env:
        want = Path(env) if Path(env).is_absolute() else (ROOT / env)
        for key in keys:
            if any(p.resolve() == want.resolve() for p in options[key][0]):
                return key
        for key in keys:
            if any(p.name == want.name for p in options[key][0]):
                return key
    return keys[0] if keys else None


# ------------------------------------------------------------------------------------------- profile
def _trials_frame(trials: list[dict] | None):
    import pandas as pd

    rows = [
        {"drug": t.get("drug"), "weeks": t.get("weeks"), "improvement_pct": t.get("improvement_pct")}
        for t in (trials or [])
    ]
    rows += [{"drug": None, "weeks": None, "improvement_pct": None}] * max(0, 2 - len(rows))
    return pd.DataFrame(rows, columns=["drug", "weeks", "improvement_pct"]).astype(
        {"drug": "object", "weeks": "float", "improvement_pct": "float"}
    )


def apply_profile(prof: dict) -> None:
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


def _on_sample_change() -> None:
    key = st.session_state.get("pf_sample")
    _keys, options = sample_options()
    if key in options:
        apply_profile(options[key][1])
        st.session_state.answers_from = key


def _clear_answers() -> None:
    apply_profile({"treatment": st.session_state.get("pf_treatment", "esketamine_nasal")})
    st.session_state.answers_from = ""


def _use_trials(mode: str) -> None:
    """Typing a count uses the count; editing the table uses the table."""
    st.session_state.pf_trials_mode = mode


def profile_form(recognised: str) -> dict:
    ss = st.session_state
    lex = lexicon()
    st.radio("Which treatment?", list(TREATMENTS), format_func=TREATMENTS.get, key="pf_treatment", horizontal=True)
    auto = (
        f"Recognise it from my documents (found: {insurer_label(recognised)})"
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
    )
    for field, (key, question) in YESNO_FIELDS.items():
        if field == "rems_certified_site" and ss.get("pf_treatment") != "esketamine_nasal":
            continue
        st.radio(question, list(TRISTATE), format_func=TRISTATE.get, key=key, horizontal=True)
    return build_profile()


def _trial_rows() -> list[dict]:
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


def build_profile() -> dict:
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


def profile_summary(prof: dict) -> str:
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


# ------------------------------------------------------------------------------------------- reading
def _key_of(inputs: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in inputs:
        h.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def read_plan(inputs: list[tuple[str, bytes]]) -> tuple[str, list, str]:
    """(plan text, documents, key); read once per set of files per session, with a progress bar."""
    key = _key_of(inputs)
    cache = st.session_state.setdefault("read_cache", {})
    if key in cache:
        plan_text, documents = cache[key]
        return plan_text, documents, key
    bar = st.progress(0.0, text="Reading your documents…")
    total_files = max(1, len(inputs))
    names = [n for n, _ in inputs]

    def progress(name: str, done: int, total: int) -> None:
        i = names.index(name) if name in names else 0
        frac = (i + (done / total if total else 1)) / total_files
        bar.progress(min(1.0, frac), text=f"Reading {name}: page {done} of {total}")

    try:
        with DOC_LOCK:
            plan_text, documents = plan_from_inputs(inputs, lexicon(), LIMITS, progress)
    finally:
        bar.empty()
    # Keep the latest two sets only: a session holds its own files, not a history of them.
    while len(cache) >= 2:
        cache.pop(next(iter(cache)))
    cache[key] = (plan_text, documents)
    return plan_text, documents, key


def recognised_insurer(plan_text: str, documents: list) -> str:
    found = Counter(d.insurer for d in documents if getattr(d, "insurer", ""))
    if found:
        return found.most_common(1)[0][0]
    try:
        from policyeval.dsl.planfile import parse_plan

        _docs, findings, _title = parse_plan(plan_text, "<plan>")
    except PolicyEvalError:
        return ""
    named = Counter(f.concept for f in findings if f.kind == "insurer")
    return named.most_common(1)[0][0] if named else ""


EVIDENCE_DPI = 150


def evidence_png(doc_key: str, document, page: int, bboxes) -> tuple[bytes, bytes] | None:
    """(close-up around the boxed phrases, whole page) as PNG bytes; None without the highlight module."""
    try:
        from policyeval.read.render import render_evidence
    except ImportError:
        return None
    cache = st.session_state.setdefault("png_cache", {})
    k = (doc_key, document.name, page, tuple(tuple(round(v, 1) for v in b) for b in bboxes))
    if k not in cache:
        with DOC_LOCK:
            full = render_evidence(document, page, list(bboxes), dpi=EVIDENCE_DPI)
        cache[k] = (close_up(full, bboxes, document.pages[page - 1]), full)
        while len(cache) > 12:
            cache.pop(next(iter(cache)))
    return cache[k]


def close_up(png: bytes, bboxes, page, margin_x: float = 140, margin_y: float = 60) -> bytes:
    """The part of the page around the boxes, so the boxed words are big enough to read."""
    if not bboxes:
        return png
    from PIL import Image

    img = Image.open(io.BytesIO(png))
    sx = img.width / max(page.width, 1)
    sy = img.height / max(page.height, 1)
    x0 = min(min(b[0], b[2]) for b in bboxes) - margin_x
    x1 = max(max(b[0], b[2]) for b in bboxes) + margin_x
    y0 = min(min(b[1], b[3]) for b in bboxes) - margin_y
    y1 = max(max(b[1], b[3]) for b in bboxes) + margin_y
    box = (max(0, int(x0 * sx)), max(0, int(y0 * sy)), min(img.width, int(x1 * sx)), min(img.height, int(y1 * sy)))
    if box[2] - box[0] < 20 or box[3] - box[1] < 20:
        return png
    out = io.BytesIO()
    img.crop(box).save(out, format="PNG")
    return out.getvalue()


# ------------------------------------------------------------------------------------------- patients
def patients_page() -> None:
    st.title("Will my health plan pay for ketamine or Spravato?")
    st.markdown(
        "Give us your plan's documents and a few answers. You get a plain answer, the page of **your** "
        "plan that decides it, and what to do next."
    )
    left, right = st.columns([5, 7], gap="large")
    with left:
        st.subheader("1. Your plan's documents")
        keys, options = sample_options()
        ss = st.session_state
        # Streamlit forgets the value of a widget that is not drawn in a run (the sample picker while files
        # are uploaded, the REMS question for IV ketamine); writing it back keeps the answers.
        for k in [k for k in ss.keys() if str(k).startswith("pf_") and k != "pf_trials_table"]:
            ss[k] = ss[k]
        if not ss.get("patients_ready"):
            ss.patients_ready = True
            first = initial_sample(keys, options)
            ss.pf_sample = first
            apply_profile(options[first][1] if first else {"treatment": "esketamine_nasal"})
            ss.answers_from = first or ""
        if ss.get("pf_sample") not in options and keys:
            ss.pf_sample = keys[0]
        uploads = st.file_uploader(
            f"Upload PDFs of one plan — up to {MAX_MB} MB and {MAX_PAGES} pages each",
            type=["pdf"],
            accept_multiple_files=True,
            key="uploads",
            max_upload_size=MAX_MB,
            help="The Summary of Benefits and Coverage (SBC), the Evidence of Coverage, and your insurer's "
            "medical policy all help. Several files of the same plan are fine.",
        )
        st.markdown(
            "<div class='privacy'><b>Private:</b> your files and answers stay in this browser session's memory only. "
            "Nothing is saved to disk or written to logs; closing the tab discards them.</div>",
            unsafe_allow_html=True,
        )
        inputs: list[tuple[str, bytes]] = []
        too_big = []
        for uf in uploads or []:
            if uf.size > MAX_MB * 1024 * 1024:
                too_big.append(f"{uf.name} is {uf.size / 1048576:.1f} MB; the limit is {MAX_MB} MB per file.")
            else:
                inputs.append((uf.name, uf.getvalue()))
        for msg in too_big:
            st.error(msg)
        if uploads and ss.get("answers_from"):
            # The patient's own plan: the sample patient's answers must not be taken for theirs.
            apply_profile({"treatment": ss.get("pf_treatment", "esketamine_nasal")})
            ss.answers_from = ""
            st.info("We cleared the sample patient's answers: please give yours below.")
        if not uploads:
            if keys:
                st.selectbox(
                    "No PDF at hand? Try a sample plan",
                    keys,
                    key="pf_sample",
                    format_func=lambda k: sample_label(k, options),
                    on_change=_on_sample_change,
                )
                paths = options[st.session_state.pf_sample][0] if st.session_state.pf_sample in options else []
                for p in paths:
                    try:
                        inputs.append((p.name, p.read_bytes()))
                    except OSError as err:
                        st.error(f"Sample {p.name} cannot be read ({err.strerror}).")
                        inputs = []
                        break
                if st.session_state.get("answers_from"):
                    st.caption(
                        "Showing a sample plan with its sample patient's answers. Upload your own PDF "
                        "and change the answers to yours."
                    )
            else:
                st.info("Upload your plan's PDF to start.")
        plan = None
        if inputs:
            try:
                plan = read_plan(inputs)
            except PolicyEvalError as err:
                st.error(f"We could not read your documents: {err}")
            except Exception as err:  # never a traceback for a patient
                st.error(
                    f"We could not read your documents ({type(err).__name__}). Try another copy of the PDF, "
                    "for example downloaded again from your insurer's website."
                )
        if plan:
            names = ", ".join(f"{d.name} ({len(d.pages)} pages)" for d in plan[1]) or "plan file"
            st.caption(f"Read: {names}.")
        st.subheader("2. About you")
        st.caption(
            "Every answer is optional except the treatment. “Not sure” is fine: it is reported as "
            "“not given”, never as “not met”."
        )
        recognised = recognised_insurer(plan[0], plan[1]) if plan else ""
        prof = profile_form(recognised)
        st.session_state.last_profile = prof
        st.button("Clear my answers", on_click=_clear_answers)
    with right:
        if not plan:
            st.subheader("Your answer")
            st.info("Your answer appears here once your documents are read.")
            return
        try:
            profile = profile_from_dict(prof)
        except PolicyEvalError as err:
            st.error(f"Please check your answers: {err}")
            return
        try:
            decision, findings = evaluate_plan_text(plan[0], profile, default_rules(), lexicon())
        except PolicyEvalError as err:
            st.error(f"We could not decide: {err}")
            return
        except Exception as err:
            st.error(f"Something went wrong while deciding ({type(err).__name__}). Please try again.")
            return
        show_result(decision, findings, plan[1], plan[2], prof, profile)


def show_result(decision, findings, documents, doc_key: str, prof: dict, profile) -> None:
    bg, border, headline = VERDICT_LOOK.get(decision.verdict, VERDICT_LOOK["unknown"])
    st.markdown(
        f"<div class='verdict verdict-{decision.verdict}' style='--bg:{bg};--b:{border}'>"
        f"<p class='headline'>{esc_html(headline)}</p>"
        f"<p class='sentence'>{esc_html(sentence(decision))}</p>"
        f"<p class='basis'><b>How we know:</b> {esc_html(basis_text(decision, findings))}.</p></div>",
        unsafe_allow_html=True,
    )
    reason = decision.reason
    for e in decision.evidence[:1]:
        if e.quote and f"“{e.quote}”" in reason:
            reason = reason.replace(f"“{e.quote}”", "the passage shown below")
    st.markdown(f"**Why:** {esc(reason)}")
    ins = insurer_label(decision.insurer) if decision.insurer else ""
    if ins:
        st.caption(f"Insurer: {ins}")

    st.subheader("The page of your plan that decides this")
    docs = {d.name: d for d in documents}
    if not decision.evidence:
        st.markdown("No passage of your documents decides this — that is why the answer is what it is.")
    for _i, e in enumerate(decision.evidence[:3]):
        st.markdown(f"> “{esc(e.quote)}”\n>\n> — {esc(where(e))}")
        doc = docs.get(e.document)
        if doc is not None and doc.data and 1 <= e.page <= len(doc.pages):
            try:
                png = evidence_png(doc_key, doc, e.page, e.bboxes)
            except PolicyEvalError as err:
                png = None
                st.caption(f"(The page could not be drawn: {err})")
            except Exception:
                png = None
                st.caption("(The page could not be drawn.)")
            if png:
                crop, full = png
                st.image(
                    crop, caption=f"{e.document}, page {e.page} — the deciding words are boxed in red", width="stretch"
                )
                with st.expander(f"See all of page {e.page}"):
                    st.image(full, width="stretch")

    st.subheader("What to do next")
    if decision.criteria:
        st.markdown("**Prior-authorization checklist** — what your insurer will look for:")
        rows = ["| Criterion | Your answers | What proves it |", "|---|---|---|"]
        for c in decision.criteria:
            rows.append(
                f"| {esc(c.description)} | {STATUS_BADGE.get(c.status, esc(c.status))} | {esc(c.proof) or '—'} |"
            )
        st.markdown("\n".join(rows))
        if decision.criteria[0].source:
            st.caption(f"Criteria from: {decision.criteria[0].source}")
    steps = [s for s in decision.next_steps]
    if steps:
        st.markdown("\n".join(f"{i}. {esc(s)}" for i, s in enumerate(steps, 1)))
    if decision.verdict == "unknown":
        st.markdown("**Documents that would settle it:**")
        kinds = [d.kind for d in documents]
        st.markdown("\n".join(f"- {esc(x)}" for x in appeal.documents_to_request(decision, kinds, ins)))
    with st.expander("Questions to ask your insurer on the phone", expanded=decision.verdict == "unknown"):
        st.caption("Call the member-services number on the back of your insurance card.")
        st.markdown("\n".join(f"- {esc(q)}" for q in appeal.phone_questions(decision, profile)))
    letter = ""
    if decision.verdict in ("experimental_exclusion", "pa_required"):
        title = (
            "How to appeal"
            if decision.verdict == "experimental_exclusion"
            else "If the prior authorization is denied: how to appeal"
        )
        with st.expander(title, expanded=decision.verdict == "experimental_exclusion"):
            st.markdown("\n".join(f"{i}. {esc(s)}" for i, s in enumerate(appeal.appeal_route(decision, ins), 1)))
            letter = appeal.appeal_letter(decision, profile, ins)
            st.markdown("**Appeal letter draft** — fill in the [brackets]; your doctor's letter makes it stronger.")
            st.text_area(
                "Appeal letter draft",
                letter,
                height=320,
                key=f"letter_{decision.verdict}",
                label_visibility="collapsed",
            )
            st.download_button(
                "Download the letter (.txt)", letter, file_name="appeal-letter.txt", mime="text/plain", key="dl_letter"
            )

    st.subheader("What it may cost")
    est = costs.estimate(decision, documents)
    if est is not None:
        st.markdown(esc(est.summary))
        cost_chart(est)
        for note in est.notes:
            st.caption(note)

    st.subheader("Keep a copy")
    md = report.decision_markdown(decision, profile_summary(prof))
    if est is not None:
        md += "\n## What it may cost\n\n" + est.summary + "\n\n" + "\n".join(f"- {n}" for n in est.notes) + "\n"
    if letter:
        md += "\n## Appeal letter draft\n\n```\n" + letter + "```\n"
    c1, c2 = st.columns(2)
    c1.download_button(
        "Download summary (Markdown)",
        md,
        file_name="policyeval-result.md",
        mime="text/markdown",
        key="dl_md",
        icon=":material/download:",
    )
    c2.download_button(
        "Download result (JSON)",
        json.dumps(decision.to_json(), indent=2, ensure_ascii=False),
        file_name="policyeval-result.json",
        mime="application/json",
        key="dl_json",
    )
    with st.expander("For the curious: the rules that matched"):
        import pandas as pd

        st.table(
            pd.DataFrame(
                [
                    {
                        "rule": t.rule,
                        "priority": t.priority,
                        "verdict": t.verdict,
                        "basis": t.basis,
                        "winner": "★" if t.winner else "",
                        "note": t.note,
                    }
                    for t in decision.trace
                ]
            )
        )
    st.caption("This reads your documents and published insurer policies; it is not legal or medical advice.")


def esc_html(text: str) -> str:
    import html

    return html.escape(str(text))


def cost_chart(est) -> None:
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
                "range": f"${b.low:,.0f}" if b.low == b.high else f"${b.low:,.0f}–${b.high:,.0f}",
            }
            for b in bars
        ]
    )
    order = list(df["what"])
    base = alt.Chart(df).encode(y=alt.Y("what:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)))
    chart = (
        base.mark_bar(size=16, cornerRadius=3).encode(
            x=alt.X("low:Q", title="US dollars", axis=alt.Axis(format="$,.0f")),
            x2="high:Q",
            color=alt.Color(
                "who:N", legend=None, scale=alt.Scale(domain=["Self-pay", "Plan"], range=["#c5221f", "#1e8e3e"])
            ),
        )
        + base.transform_filter("datum.low == datum.high")
        .mark_tick(thickness=3, size=16, color="#1e8e3e")
        .encode(x="low:Q")
        + base.mark_text(align="left", dx=6).encode(x="high:Q", text="range:N")
    )
    st.altair_chart(chart.properties(height=36 * len(df) + 30), width="stretch")


# ------------------------------------------------------------------------------------------- rule authors
def _rule_name(p: Path) -> str:
    try:
        return str(p.relative_to(rules_dir().parent))
    except ValueError:
        return p.name


def original_rules() -> dict[str, str]:
    files = sorted(default_rule_files(), key=lambda p: (p.name != "default.policy", p.parent != rules_dir(), str(p)))
    return {_rule_name(p): p.read_text(encoding="utf-8") for p in files}


def check(texts: dict[str, str]) -> list:
    """Diagnostics for the edited files (authoring's checker; the rule loader's first error without it),
    computed once per distinct set of texts in this session."""
    key = hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()
    held = st.session_state.get("rule_diags")
    if held and held[0] == key:
        return held[1]
    try:
        from policyeval.tools import check_texts
    except ImportError:
        try:
            load_rules_text(texts, lexicon())
            diags = []
        except DSLError as err:
            diags = [err]
    else:
        diags = check_texts(texts)
    st.session_state.rule_diags = (key, diags)
    return diags


def diag_text(d) -> str:
    return d.render() if hasattr(d, "render") else str(d)


def diag_where(d) -> str:
    return f"{d.file}:{d.line}:{d.column}" if getattr(d, "line", 0) else str(getattr(d, "file", ""))


@st.cache_resource(show_spinner=False, max_entries=64)
def _sample_plan_text(paths: tuple[str, ...], stamp: tuple[float, ...]) -> str:
    with DOC_LOCK:
        text, _docs = plan_from_inputs(list(paths), lexicon(), LIMITS)
    return text


def sample_plan_text(case) -> str:
    paths = tuple(str(p) for p in case.documents)
    return _sample_plan_text(paths, tuple(Path(p).stat().st_mtime for p in paths))


def _edited_rules(texts: dict[str, str]):
    """The edited rule set, built once per distinct text (kept in this session only)."""
    key = hashlib.sha256(json.dumps(texts, sort_keys=True).encode()).hexdigest()
    held = st.session_state.get("edited_rules")
    if held and held[0] == key:
        return held[1]
    rs = load_rules_text(texts, lexicon())
    st.session_state.edited_rules = (key, rs)
    return rs


def rules_page() -> None:
    st.title("Rule authors")
    st.markdown(
        "Edit a rule file, see errors as you go, try it on a sample, and see which sample verdicts your "
        "edit changes. **Nothing is saved to the repository from the browser** — download the file and "
        "commit it yourself."
    )
    ss = st.session_state
    if "rule_texts" not in ss:
        ss.rule_texts = original_rules()
        ss.rule_originals = dict(ss.rule_texts)
    names = list(ss.rule_texts)
    if not names:
        st.error("No rule files found.")
        return
    c1, c2 = st.columns([3, 1])
    c1.selectbox("Rule file", names, key="rule_file")
    name = ss.rule_file
    if c2.button("Revert this file", help="Back to the repository's version"):
        ss.rule_texts[name] = ss.rule_originals.get(name, "")
        ss[f"ed::{name}"] = ss.rule_texts[name]
    ed_key = f"ed::{name}"
    if ed_key not in ss:
        ss[ed_key] = ss.rule_texts[name]

    def _changed() -> None:
        ss.rule_texts[name] = ss[ed_key]

    def _format() -> None:
        try:
            from policyeval.tools import format_text
        except ImportError:
            return
        try:
            ss[ed_key] = format_text(ss[ed_key], name)
            ss.rule_texts[name] = ss[ed_key]
        except Exception as err:  # noqa: BLE001 - a file with errors cannot be formatted; say so
            ss.format_error = str(err)

    texts = dict(ss.rule_texts)
    texts[name] = ss[ed_key]
    diags = check(texts)
    errors = [d for d in diags if getattr(d, "severity", "error") == "error"]
    warnings = [d for d in diags if getattr(d, "severity", "error") != "error"]
    changed = [n for n in texts if texts[n] != ss.rule_originals.get(n)]
    if errors:
        st.error(
            f"{len(errors)} error(s): "
            + "; ".join(f"{diag_where(d)}: {getattr(d, 'message', str(d))}" for d in errors[:5])
        )
        for d in errors[:10]:
            st.code(diag_text(d), language=None)
    else:
        st.success("No errors: the rule files check." + (f" Edited: {', '.join(changed)}." if changed else ""))
    for d in warnings[:10]:
        st.warning(diag_text(d))
    if ss.pop("format_error", None):
        st.error("Format needs a file without errors; fix the errors first.")

    text = ss[ed_key]
    nlines = max(1, text.count("\n") + 1)
    st.caption("Edit below; the check runs on every change (click outside the editor or press Ctrl+Enter).")
    # Gutter and text share one scrolling box, so the line numbers stay beside their lines.
    with st.container(height=520, key="rule_editor_scroll", border=True):
        gut, box = st.columns([0.05, 0.95], gap=None)
        with gut:
            st.html(
                "<div class='gutter' style='font-family: \"Source Code Pro\", ui-monospace, monospace; "
                "font-size: 14px; line-height: 21px; color: #80868b; text-align: right; padding-top: 9px; "
                "white-space: pre; user-select: none'>" + "\n".join(str(i) for i in range(1, nlines + 1)) + "</div>"
            )
        with box.container(key="rule_editor_box"):
            st.text_area(
                "Rule file text", key=ed_key, height=21 * nlines + 24, on_change=_changed, label_visibility="collapsed"
            )
    b1, b2, _b3 = st.columns(3)
    b1.button("Format", on_click=_format)
    b2.download_button("Download this file", texts[name], file_name=Path(name).name, mime="text/plain")
    if errors:
        st.info("Fix the errors to run the rules against the samples.")
        return
    try:
        rules = _edited_rules(texts)
    except PolicyEvalError as err:
        st.error(str(err))
        return

    cases = sample_cases()
    st.subheader("Try it on a sample")
    if not cases:
        st.info("No samples manifest (samples/manifest.yaml) yet.")
        return
    by_id = {c.id: c for c in cases}
    st.selectbox(
        "Sample case", list(by_id), key="rule_case", format_func=lambda i: f"{i} — {', '.join(by_id[i].document_names)}"
    )
    case = by_id[ss.rule_case]
    import yaml

    prof_key = f"rule_prof::{case.id}"
    if prof_key not in ss:
        ss[prof_key] = yaml.safe_dump(case.profile.to_json(), sort_keys=False, allow_unicode=True)
    st.text_area("Profile (YAML)", key=prof_key, height=150)
    try:
        profile = parse_profile_text(ss[prof_key], "profile")
        plan_text = sample_plan_text(case)
        decision, _f = evaluate_plan_text(plan_text, profile, rules, lexicon())
    except PolicyEvalError as err:
        st.error(str(err))
    else:
        st.markdown(
            f"**Verdict:** `{decision.verdict}` — basis `{decision.basis}` — rule `{decision.rule}`  \n"
            f"{esc(decision.reason)}"
        )
        import pandas as pd

        st.table(
            pd.DataFrame(
                [
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
            )
        )

    st.subheader("What your edit changes across all samples")
    if not changed:
        st.caption(
            "No edits yet: every sample keeps its verdict. Edit a rule and the table compares the "
            "verdicts before and after your edit."
        )
        if not st.button("Show every sample's verdict now"):
            return
    rows = []
    bar = st.progress(0.0, text="Deciding every sample with the shipped rules and with yours…")
    for i, c in enumerate(cases):
        try:
            pt = sample_plan_text(c)
            before, _ = evaluate_plan_text(pt, c.profile, default_rules(), lexicon())
            after = before if not changed else evaluate_plan_text(pt, c.profile, rules, lexicon())[0]
            b, a = f"{before.verdict} / {before.basis}", f"{after.verdict} / {after.basis}"
        except PolicyEvalError as err:
            b = a = f"error: {err}"
        bar.progress((i + 1) / len(cases), text=f"Sample {i + 1} of {len(cases)}")
        exp = f"{c.expect.get('verdict')} / {c.expect.get('basis')}"
        rows.append(
            {
                "case": c.id,
                "before": b,
                "after": a,
                "changed": "CHANGED" if a != b else "",
                "expected": exp,
                "after matches expected": "yes" if a == exp else "NO",
            }
        )
    bar.empty()
    rows.sort(key=lambda r: (r["changed"] == "", r["case"]))
    import pandas as pd

    n = sum(1 for r in rows if r["changed"])
    st.markdown(f"**{n}** of {len(rows)} sample verdicts change with your edit.")
    st.table(pd.DataFrame(rows))


# ------------------------------------------------------------------------------------------- QA
def qa_page() -> None:
    from policyeval.tools import qa

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
                ss.qa_report = qa.run_cases(cases, jobs=1)  # each read takes the PDF lock itself
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
    st.subheader("Rule coverage")
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


# ------------------------------------------------------------------------------------------- main
def main() -> None:
    st.set_page_config(
        page_title="policyeval — will my plan cover ketamine or Spravato?", page_icon="🩺", layout="wide"
    )
    try:  # an error that escapes anyway shows as a short message, never a traceback
        st.set_option("client.showErrorDetails", "none")
    except Exception:  # noqa: BLE001 - an older Streamlit may refuse to set it at run time
        pass
    st.markdown(CSS, unsafe_allow_html=True)
    ss = st.session_state
    if "page" not in ss:
        wanted = str(st.query_params.get("page", "")).lower()
        ss.page = {"rules": "Rule authors", "rule authors": "Rule authors", "qa": "QA"}.get(wanted, "Patients")
    with st.sidebar:
        st.radio(
            "I am…",
            PAGES,
            key="page",
            format_func={
                "Patients": "A patient (check my coverage)",
                "Rule authors": "A rule author",
                "QA": "QA (run the samples)",
            }.get,
        )
        st.caption(
            "policyeval reads health-plan documents and decides whether IV ketamine or Spravato is "
            "covered, with the evidence. Not legal or medical advice."
        )
    page = ss.page
    try:
        if page == "Rule authors":
            rules_page()
        elif page == "QA":
            qa_page()
        else:
            patients_page()
    except PolicyEvalError as err:
        st.error(str(err))
    except Exception as err:  # noqa: BLE001 - never show a patient a traceback
        st.error(f"Something went wrong ({type(err).__name__}). Please reload the page and try again.")


main()
