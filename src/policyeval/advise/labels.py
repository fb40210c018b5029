"""The one home for the words a person reads about a decision: treatment names, verdict headlines and
sentences, the basis in plain words, criterion status, and a short glossary. The CLI, the Markdown and
PDF downloads, the appeal letter and the app all take their wording from here, so a verdict is never
worded two ways."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..lexicon import Lexicon, load_lexicon
from ..models import TREATMENT_LABELS, Decision, Evidence, Finding

# Short names (headlines, tables) and full names (letters, phone questions).
TREATMENT_NAMES = {
    "iv_ketamine": "intravenous (IV) ketamine infusion",
    "esketamine_nasal": "Spravato (esketamine nasal spray)",
}
# The app's banner headline, and the CLI's upper-case title, per verdict.
VERDICT_HEADLINES = {
    "covered": "Covered",
    "pa_required": "Covered only with prior authorization",
    "experimental_exclusion": "Not covered: excluded",
    "unknown": "Not settled by your documents",
}
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
STATUS_TEXT = {"met": "met", "not_met": "not met", "not_given": "not given"}
STATUS_MARKS = {"met": "✅", "not_met": "❌", "not_given": "❔"}
DOCUMENT_KIND_NAMES = {
    "sbc": "Summary of Benefits and Coverage",
    "eoc": "Evidence of Coverage",
    "rider": "rider or amendment",
    "policy": "insurer's medical policy",
    "formulary": "drug list (formulary)",
    "medicare_summary": "Medicare summary of benefits",
    "non_medical": "document that is not about medical coverage",
    "other": "plan document",
}

# Plain-words help for the terms a patient meets on the page (shown where each term appears).
GLOSSARY = {
    "prior authorization": "Approval your insurer must give before the treatment, or it may not pay. Your "
    "doctor's office usually asks for it. Also called preauthorization, precertification or prior approval.",
    "coinsurance": "Your share of the cost as a percentage of the plan's allowed amount, e.g. 20%. You pay it "
    "after your deductible is met.",
    "copay": "A fixed amount you pay for a covered service, e.g. $30 per visit.",
    "deductible": "What you pay each year for covered care before the plan starts to share the cost.",
    "specialty tier": "The drug-list tier for expensive drugs such as Spravato; it usually has the highest "
    "cost share and needs prior authorization.",
    "REMS": "Risk Evaluation and Mitigation Strategy: an FDA safety program. Spravato is given only at "
    "REMS-certified clinics, where you are watched for 2 hours after each dose.",
    "PHQ-9": "A 9-question depression questionnaire scored 0–27; 15 or more means moderately severe "
    "depression. MADRS is a clinician's depression scale scored 0–60; insurers often ask for 28 or more.",
    "in-network": "Clinics and doctors that have a contract with your plan. Out-of-network care costs more or "
    "is not covered at all.",
    "out-of-pocket limit": "The most you pay in a year for covered in-network care; after that the plan pays all.",
}


def treatment_label(treatment: str) -> str:
    return TREATMENT_LABELS.get(treatment, treatment)


def treatment_name(treatment: str) -> str:
    return TREATMENT_NAMES.get(treatment, treatment)


def headline(verdict: str) -> str:
    return VERDICT_HEADLINES.get(verdict, VERDICT_HEADLINES["unknown"])


def verdict_sentence(decision: Decision) -> str:
    """One plain sentence saying what the verdict means for the patient."""
    name = treatment_label(decision.treatment)
    if decision.verdict == "covered":
        return f"Your plan covers {name}."
    if decision.verdict == "pa_required":
        return f"Your plan can pay for {name}, but only if your insurer approves it first (prior authorization)."
    if decision.verdict == "experimental_exclusion":
        return f"Your plan does not pay for {name} as things stand. You can ask for it in writing and appeal."
    return f"Your documents don't say whether your plan pays for {name}. Below is what would settle it."


def insurer_label(insurer: str, lexicon: Lexicon | None = None) -> str:
    """An insurer id as people write it ('aetna' -> 'Aetna'); an unknown id is returned as given."""
    if not insurer:
        return ""
    lex = lexicon or load_lexicon()
    return lex.insurers[insurer].label if insurer in lex.insurers else insurer


def category_label(decision: Decision, findings: Iterable[Finding] = (), lexicon: Lexicon | None = None) -> str:
    """The category an inferred verdict rests on, in the lexicon's words ('infusion therapy'): the concept
    of the finding behind the deciding evidence, else the deciding row's name."""
    lex = lexicon or load_lexicon()
    findings = list(findings)
    for e in decision.evidence:
        for f in findings:
            same = (f.evidence.document, f.evidence.page, f.evidence.quote) == (e.document, e.page, e.quote)
            if same and f.kind in ("category", "exclusion") and f.concept in lex.concepts:
                return lex.concepts[f.concept].label
    row = next((e.row for e in decision.evidence if e.row), "")
    return row.lower() if row else "a category of care"


def basis_text(decision: Decision, findings: Iterable[Finding] = (), lexicon: Lexicon | None = None) -> str:
    """How we know, in plain words: 'your plan says so', 'your insurer's policy (Aetna CPB 0938)' ..."""
    if decision.basis == "explicit":
        return BASIS_TEXT["explicit"]
    if decision.basis == "insurer_policy":
        return "your insurer's policy" + (f" ({decision.source})" if decision.source else "")
    if decision.basis == "inferred":
        return f"inferred from your plan's rules for {category_label(decision, findings, lexicon)}"
    return BASIS_TEXT["none"]


def document_kind_name(kind: str) -> str:
    return DOCUMENT_KIND_NAMES.get(kind, DOCUMENT_KIND_NAMES["other"])


def glossary_for(text: str) -> dict[str, str]:
    """The glossary entries whose term appears in `text` (case-insensitive), for inline help."""
    low = text.lower()
    found = {}
    for term, meaning in GLOSSARY.items():
        variants = [term.lower()]
        if term == "prior authorization":
            variants += ["preauthorization", "precertification", "prior approval"]
        if term == "PHQ-9":
            variants += ["madrs"]
        if term == "in-network":
            variants += ["in network", "out-of-network", "out of network"]
        if any(v in low for v in variants):
            found[term] = meaning
    return found


def short_section(text: str, limit: int = 60) -> str:
    """A chart section as a person would say it: 'If you need drugs to treat your illness or condition'
    (without the 'More information ... at www...' tail the SBC prints in the same cell)."""
    text = re.split(r"\s+(?=More information|See |For more)|[.;:]\s", text or "")[0].strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"


def where(e: Evidence) -> str:
    """'sbc.pdf, page 2 (If you need drugs … › Specialty drugs)', noting OCR; 'drugs.json, entry /812/plans/3'."""
    ctx = " › ".join(x for x in (short_section(e.section), e.row) if x)
    place = f"entry {e.pointer}" if e.pointer else f"page {e.page}"  # a formulary file's entry has no page
    return f"{e.document}, {place}" + (f" ({ctx})" if ctx else "") + (" — read by OCR" if e.ocr else "")
