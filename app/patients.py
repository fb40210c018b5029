"""The patients page: upload the plan's PDFs, get the answer first, refine it with a short profile.

Only the patient's answer is shown as theirs: before an upload the page says plainly that it shows an
example plan; a rejected upload (too large, not a PDF, damaged, not medical coverage) shows its message as
an alert and no earlier answer stays on screen; while a document is read the answer area shows the
reading state with pages done of total. Files and answers live in this session's `st.session_state` only.
"""

from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

import policyeval
from policyeval.advise import documents
from policyeval.advise.documents import MAX_PAGES, MAX_UPLOAD_MB, read_limits, recognised_insurer, upload_problem
from policyeval.errors import PolicyEvalError

from . import answer
from .common import default_rules, esc, initial_sample, lexicon, sample_label, sample_options, session_plans
from .profile_form import apply_profile, profile_form

PRIVACY = (
    "<div class='privacy'><b>Private:</b> your files, what was read from them and your answers are kept in "
    "this server's memory for this browser session only, never shown to another session, and dropped when the "
    "session ends (close the tab). Each file is read in a separate reader process that keeps nothing once it "
    "has read it. Nothing is written to disk or to logs.</div>"
)
QUEUED_TEXT = "Queued: other people's documents are being read; yours starts as soon as a reader is free"
SEE_ANSWER = f"<p class='see-answer'><a href='#{answer.ANSWER_ANCHOR}'>See your answer ↓</a></p>"
EXAMPLE_NOTE = (
    "<div class='example-note' role='note'>This is an example: a sample plan and a sample patient, not you. "
    "Upload your plan's PDF above to see your own answer.</div>"
)
# The browser refuses a file over the upload cap before the server sees it; this watches for Streamlit's
# refusal and turns it into an alert in the page, hiding any earlier answer until the file is removed.
WATCH_REJECTED = """
<script>
const doc = window.parent.document;
function check() {
  const chips = [...doc.querySelectorAll('[data-testid="stFileChip"]')]
    .filter(c => c.querySelector('[data-testid="stFileChipIconError"]'));
  let alert = doc.getElementById('upload-rejected');
  const answers = doc.querySelectorAll('.st-key-answer');
  if (chips.length) {
    const names = chips.map(c => (c.querySelector('[data-testid="stFileChipName"]') || c).innerText.trim());
    if (!alert) {
      alert = doc.createElement('div');
      alert.id = 'upload-rejected';
      alert.setAttribute('role', 'alert');
      alert.style.cssText = 'background:#fce8e6;border:2px solid #b3261e;color:#1f2328;border-radius:8px;' +
        'padding:0.6rem 0.8rem;margin:0.4rem 0;font-weight:600';
      const up = doc.querySelector('[data-testid="stFileUploader"]');
      (up || doc.body).after(alert);
    }
    const text = 'We could not use ' + names.join(', ') + ': a file must be a PDF of at most __MB__ MB. ' +
      'No answer is shown until you remove it and upload a file we can read.';
    if (alert.textContent !== text) alert.textContent = text;  // change the page only when needed:
    answers.forEach(a => { if (a.style.display !== 'none') a.style.display = 'none'; });  // no loop
  } else {
    if (alert) alert.remove();
    answers.forEach(a => { if (a.style.display) a.style.display = ''; });
  }
}
new MutationObserver(check).observe(doc.body, {subtree: true, childList: true});
check();
</script>
"""


def _key_of(inputs: list[tuple[str, bytes]]) -> str:
    h = hashlib.sha256()
    for name, data in inputs:
        h.update(name.encode("utf-8", "replace") + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def read_plan(
    inputs: list[tuple[str, bytes]], slot: Any, reading: Any, plan_id: str | None = None
) -> tuple[str, list[policyeval.Document], str]:
    """(plan text, documents, key), read once per set of files (and formulary plan) per session. While
    reading, the answer area shows only what is happening: queued when every reader is busy with other
    people's documents, then pages done of total for each file."""
    key = _key_of(inputs) + (f"#{plan_id}" if plan_id else "")
    cache = st.session_state.setdefault("read_cache", {})
    if key in cache:
        plan_text, docs = cache[key]
        return plan_text, docs, key
    # The earlier answer goes now, not when this run ends (Streamlit keeps what a run has not redrawn yet,
    # faded, until the run ends); the reading state has a placeholder of its own, so the two messages are
    # never merged into one before they reach the browser.
    slot.empty()
    box = reading.container()
    box.header("Reading your plan…", anchor=answer.ANSWER_ANCHOR)
    bar = box.progress(0.0, text="Starting to read your plan…")
    names = [n for n, _ in inputs]

    def progress(name: str, done: int, total: int) -> None:
        i = names.index(name) if name in names else 0
        if total < 0:  # every reader is busy with other people's documents
            bar.progress(i / max(1, len(names)), text=f"{QUEUED_TEXT} ({name})")
            return
        frac = (i + (done / total if total else 1)) / max(1, len(names))
        unit = f"{done / 1e6:.0f} of {total / 1e6:.0f} MB" if name in formulary else f"page {done} of {total}"
        bar.progress(min(1.0, frac), text=f"Reading {name}: {unit}")

    formulary = {n for n, data in inputs if data.lstrip()[:1] == b"["}  # read by bytes, not pages
    try:
        plan_text, docs = policyeval.plan_from_inputs(inputs, lexicon(), read_limits(), progress, plan_id)
    finally:
        reading.empty()
    while len(cache) >= 2:  # this session's latest two sets of files, not a history of them
        cache.pop(next(iter(cache)))
    cache[key] = (plan_text, docs)
    return plan_text, docs, key


def _start() -> None:
    """First visit: a sample plan and its sample patient's answers, labelled as an example."""
    ss = st.session_state
    keys, options = sample_options()
    # Streamlit forgets a widget's value when it is not drawn in a run; writing it back keeps the answers.
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


def _on_sample_change() -> None:
    key = st.session_state.get("pf_sample")
    _keys, options = sample_options()
    if key in options:
        apply_profile(options[key][1])
        st.session_state.answers_from = key


def _inputs(uploads: list[Any]) -> tuple[list[tuple[str, bytes]], list[str]]:
    """(files to read, problems): uploads checked before reading; else the chosen sample's files."""
    ss = st.session_state
    if uploads:
        if ss.get("answers_from"):
            # The patient's own plan: the sample patient's answers must not be taken for theirs.
            apply_profile({"treatment": ss.get("pf_treatment", "esketamine_nasal")})
            ss.answers_from = ""
            st.info("We cleared the sample patient's answers: give yours under “About you”.")
        inputs, problems = [], []
        for uf in uploads:
            data = uf.getvalue()
            problem = upload_problem(uf.name, data)
            if problem:
                problems.append(problem)
            else:
                inputs.append((uf.name, data))
        return ([], problems) if problems else (inputs, [])
    keys, options = sample_options()
    if not keys:
        return [], []
    st.selectbox(
        "No PDF at hand? Try a sample plan",
        keys,
        key="pf_sample",
        format_func=lambda k: sample_label(k, options),
        on_change=_on_sample_change,
    )
    out = []
    for p in options[ss.pf_sample][0] if ss.pf_sample in options else []:
        try:
            out.append((p.name, p.read_bytes()))
        except OSError as err:
            return [], [f"Sample {p.name} cannot be read ({err.strerror})."]
    return out, []


def _findings_of(plan: tuple[str, list[policyeval.Document], str], treatment: str) -> list[policyeval.Finding]:
    """The plan file's findings (profile-free), to name the insurer the documents give."""
    held = st.session_state.get("plan_findings")
    if held and held[0] == plan[2]:
        return list(held[1])
    _d, findings = policyeval.evaluate_plan_text(
        plan[0], {"treatment": treatment}, default_rules(), lexicon(), plans=session_plans()
    )
    st.session_state.plan_findings = (plan[2], findings)
    return findings


def page() -> None:
    """Long because it is the page's order from top to bottom: title, upload, answer, profile."""
    st.markdown(f"<a class='skip-link' href='#{answer.ANSWER_ANCHOR}'>Skip to your answer</a>", unsafe_allow_html=True)
    st.title("Will my health plan pay for ketamine or Spravato?")
    st.markdown(
        "Give us your plan's documents. You get a plain answer first, the words of **your** plan that decide "
        "it, and what to do next; a few optional answers about you refine it."
    )
    _start()
    ss = st.session_state
    uploads = st.file_uploader(
        f"Upload PDFs of one plan — up to {MAX_UPLOAD_MB} MB and {MAX_PAGES} pages each",
        type=["pdf", "json"],  # json: the plan's machine-readable formulary (drugs.json, plans.json)
        accept_multiple_files=True,
        key="uploads",
        max_upload_size=MAX_UPLOAD_MB,
        help="The Summary of Benefits and Coverage (SBC), the Evidence of Coverage, and your insurer's "
        "medical policy all help. Several files of the same plan are fine.",
    )
    st.iframe(WATCH_REJECTED.replace("__MB__", str(MAX_UPLOAD_MB)), height=1, alt="Watches for refused uploads")
    with st.container():  # one slot whatever it holds, so the widgets below keep their place
        inputs, problems = _inputs(list(uploads or []))
    see = st.empty()
    left, right = st.columns([7, 5], gap="large")
    with left:
        area = st.container(key="answer")
        reading = area.empty()  # "Reading your plan…" while a file is read
        slot = area.empty()  # the answer, or why there is none
    if problems:
        with slot.container():
            for p in problems:
                st.error(f"We could not use your upload: {p}")
    example = not uploads
    plan = None
    if inputs:
        try:
            plan = read_plan(inputs, slot, reading, formulary_plan_picker(inputs))
        except PolicyEvalError as err:
            slot.error(f"We could not read your documents: {err}")
        except Exception as err:  # noqa: BLE001 - never a traceback for a patient
            slot.error(
                f"We could not read your documents ({type(err).__name__}). Try another copy of the PDF, "
                "for example downloaded again from your insurer's website."
            )
    if plan and uploads:
        see.markdown(SEE_ANSWER, unsafe_allow_html=True)
    with right:
        st.header("About you")
        st.caption(
            "Optional except the treatment: each answer refines the answer. “Not sure” is fine: it is reported "
            "as “not given”, never as “not met”."
        )
        findings = _findings_of(plan, ss.get("pf_treatment") or "esketamine_nasal") if plan else []
        recognised = recognised_insurer(plan[1], findings) if plan else ""
        prof = profile_form(recognised)
        ss.last_profile = prof
        st.button("Clear my answers", on_click=_clear_answers)
        st.markdown(PRIVACY, unsafe_allow_html=True)
    if plan and plan[1] and all(d.kind == "non_medical" for d in plan[1]):
        with slot.container():  # nothing here can decide medical coverage: say so, show no answer
            for w in documents.document_warnings(plan[1], [], lexicon()):
                st.error(w.text)
    elif plan:
        names = ", ".join(f"{d.name} ({len(d.pages)} pages)" for d in plan[1]) or "plan file"
        ocr = [f"{d.name} p. {p.number}" for d in plan[1] for p in d.pages if p.ocr]
        with slot.container():
            _decide_and_show(plan, prof, example)
            st.caption(f"Read: {names}." + (f" Read by OCR (scanned pages): {', '.join(ocr[:8])}." if ocr else ""))
    elif not problems and not inputs:
        slot.info("Your answer appears here once your documents are read.")


def formulary_plan_picker(inputs: list[tuple[str, bytes]]) -> str | None:
    """When uploaded formulary files (drugs.json, plans.json) cover several plans: the patient picks theirs."""
    if not any(data.lstrip()[:1] == b"[" for _, data in inputs):
        return None
    plans = policyeval.formulary_plans(inputs)
    if len(plans) <= 1:
        return None
    names = {p.plan_id: f"{p.name} ({p.plan_id})" if p.name else p.plan_id for p in plans}
    picked: str = st.selectbox(
        "Your plan — the formulary lists several; the plan ID is on your member card",
        list(names),
        key="pf_formulary_plan",
        format_func=lambda pid: names.get(pid, pid),
    )
    return picked


def _decide_and_show(plan: tuple[str, list[policyeval.Document], str], prof: dict[str, Any], example: bool) -> None:
    try:
        profile = policyeval.profile_from_dict(prof)
    except PolicyEvalError as err:
        st.error(f"Please check your answers: {err}")
        return
    try:
        decision, findings = policyeval.evaluate_plan_text(
            plan[0], profile, default_rules(), lexicon(), plans=session_plans()
        )
    except PolicyEvalError as err:
        st.error(f"We could not decide: {esc(err)}")
        return
    # what reading left out (hidden text ignored, pages skipped) is part of the answer and its downloads
    decision.warnings.extend(w for w in documents.reading_warnings(plan[1], lexicon()) if w not in decision.warnings)
    if example:
        st.markdown(EXAMPLE_NOTE, unsafe_allow_html=True)
    answer.show(decision, findings, plan[1], plan[2], prof, profile, example)


def _clear_answers() -> None:
    apply_profile({"treatment": st.session_state.get("pf_treatment", "esketamine_nasal")})
    st.session_state.answers_from = ""
