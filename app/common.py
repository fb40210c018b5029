"""What the pages share: the compiled rules and lexicon (one per process), samples, escaping, styles.

Threads: every browser session runs the script in its own thread; `st.cache_resource` objects are shared
by all of them, so only thread-safe, patient-free things are cached there (rules, lexicon, manifest).
Everything about a patient lives in `st.session_state`, which belongs to one session and goes with it:
the files read, their plan text and the session's own `PlanCache` of plans prepared for deciding."""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import Any

import streamlit as st

import policyeval
from policyeval.errors import PolicyEvalError
from policyeval.tools import qa

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
MANIFEST = SAMPLES / "manifest.yaml"


@st.cache_resource(show_spinner=False)
def default_rules() -> policyeval.RuleSet:
    rules = policyeval.load_rules()
    rules.compiled()
    return rules


@st.cache_resource(show_spinner=False)
def lexicon() -> Any:
    from policyeval.advise.labels import load_lexicon

    return load_lexicon()


def session_plans() -> policyeval.PlanCache:
    """This session's cache of prepared plans (re-deciding on every answer changed stays quick); it lives
    in the session's state and goes with it, never shared with another session."""
    plans = st.session_state.get("plan_cache")
    if not isinstance(plans, policyeval.PlanCache):
        plans = st.session_state["plan_cache"] = policyeval.PlanCache(size=4)
    return plans


def esc(text: object) -> str:
    """Plain text inside markdown: no accidental formatting, links or HTML."""
    out = str(text).replace("\\", "\\\\")
    for ch in "*_`[]<>#|$~":
        out = out.replace(ch, "\\" + ch)
    return out.replace("\n", " ")


def esc_html(text: object) -> str:
    return html.escape(str(text))


# Colours meet WCAG AA on their backgrounds (text #1f2328; captions #3c4043 on white: 10:1).
CSS = """
<style>
.verdict {border-left: 10px solid var(--b); background: var(--bg); border-radius: 8px; padding: 0.9rem 1.1rem;
          margin: 0 0 0.8rem 0; color: #1f2328;}
.verdict .headline {font-size: 1.55rem; font-weight: 700; margin: 0 0 0.3rem 0; line-height: 1.25;}
.verdict .sentence {font-size: 1.1rem; margin: 0 0 0.4rem 0;}
.verdict .basis {font-size: 0.98rem; margin: 0;}
.example-note {background: #fff4ce; border: 2px solid #8a6100; color: #1f2328; border-radius: 8px;
               padding: 0.6rem 0.8rem; margin: 0.3rem 0 0.8rem 0; font-weight: 600;}
.privacy {font-size: 0.9rem; color: #1f2328; background: #f1f3f4; border-radius: 6px; padding: 0.5rem 0.7rem;}
.quote {border-left: 4px solid #5f6368; margin: 0.2rem 0 0.6rem 0; padding: 0.2rem 0.8rem; color: #1f2328 !important; opacity: 1 !important;}
.quote .where {display: block; font-size: 0.9rem; color: #3c4043; margin-top: 0.3rem;}
.evidence-figure img {max-width: 100%; border: 1px solid #bdc1c6;}
.evidence-figure figcaption {font-size: 0.9rem; color: #3c4043;}
.skip-link {position: absolute; left: -10000px; top: auto; width: 1px; height: 1px; overflow: hidden;}
.skip-link:focus {position: static; width: auto; height: auto; display: inline-block; padding: 0.4rem 0.7rem;
                  background: #0b57d0; color: #ffffff; border-radius: 6px; font-weight: 700;}
.see-answer a {font-weight: 700; color: #0b57d0;}
@media (max-width: 640px) {  /* a phone: the answer comes up into the first screen */
  h1 {font-size: 1.6rem !important; line-height: 1.2 !important; padding-top: 0 !important;}
  .verdict .headline {font-size: 1.3rem;}
}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p {color: #3c4043 !important; opacity: 1 !important;}
[data-testid="stWidgetLabel"] p {color: #1f2328;}
.gutter {font-family: "Source Code Pro", ui-monospace, monospace; font-size: 14px; line-height: 21px;
         color: #5f6368; text-align: right; margin: 0; padding: 9px 0 0 0; background: none; user-select: none;}
.st-key-rule_editor_box textarea {font-family: "Source Code Pro", ui-monospace, monospace !important;
         font-size: 14px !important; line-height: 21px !important; white-space: pre !important;
         overflow-wrap: normal !important; overflow-x: auto !important; padding-top: 8px !important;}
</style>
"""


# ------------------------------------------------------------------------------------------- samples
@st.cache_resource(show_spinner=False)
def _manifest_cases(path: str, mtime: float) -> list[Any]:
    return list(qa.load_manifest(path))


def sample_cases() -> list[Any]:
    """The manifest's cases ([] when there is no manifest yet)."""
    if not MANIFEST.is_file():
        return []
    try:
        return _manifest_cases(str(MANIFEST), MANIFEST.stat().st_mtime)
    except PolicyEvalError:
        return []


def sample_options() -> tuple[list[str], dict[str, tuple[list[Path], dict[str, Any]]]]:
    """Option key -> (document paths, profile dict). Manifest cases first; loose sample PDFs after."""
    options: dict[str, tuple[list[Path], dict[str, Any]]] = {}
    for case in sample_cases():
        options[f"case:{case.id}"] = ([Path(p) for p in case.documents], case.profile.to_json())
    listed = {p.resolve() for docs, _ in options.values() for p in docs}
    for pdf in sorted(SAMPLES.glob("*.pdf")) if SAMPLES.is_dir() else []:
        if pdf.resolve() not in listed:
            options[f"file:{pdf.name}"] = ([pdf], {"treatment": "esketamine_nasal"})
    return list(options), options


def sample_label(key: str, options: dict[str, tuple[list[Path], dict[str, Any]]]) -> str:
    from policyeval.advise.labels import treatment_label

    paths, prof = options[key]
    kind, name = key.split(":", 1)
    if kind == "file":
        return name
    who = treatment_label(prof.get("treatment", "")) if prof.get("treatment") else ""
    return f"{name} — {', '.join(p.name for p in paths)}" + (f" ({who})" if who else "")


def initial_sample(keys: list[str], options: dict[str, tuple[list[Path], dict[str, Any]]]) -> str | None:
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
