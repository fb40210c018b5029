"""Values that cross module lines: what the reader saw, what the rules decided."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

BBox = tuple[float, float, float, float]

VERDICTS = ("covered", "pa_required", "experimental_exclusion", "unknown")
BASES = ("explicit", "insurer_policy", "inferred", "none")
TREATMENTS = ("iv_ketamine", "esketamine_nasal")
# How a patient reads each treatment's name (decision reasons, the app, letters): one home for it.
TREATMENT_LABELS = {"iv_ketamine": "IV ketamine infusion", "esketamine_nasal": "Spravato (esketamine nasal spray)"}
# What a document is decides what it may decide: a non_medical document (dental, vision, life,
# disability, EAP, enrollment form) never decides a verdict; a rider replaces what it amends; a
# policy (insurer medical policy, payer PA criteria, pharmacy guidance) is the insurer's word, not
# the plan's; a formulary (PDF drug list or machine-readable drugs.json) speaks for drugs only.
DOCUMENT_KINDS = ("sbc", "eoc", "rider", "policy", "formulary", "medicare_summary", "non_medical", "other")
# Networks, routes and settings a statement's scope can name (Scope below).
NETWORKS = ("in_network", "out_of_network")
ROUTES = ("intravenous", "intranasal", "oral", "sublingual", "intramuscular", "subcutaneous", "compounded")
SETTINGS = (
    "rems_certified_site",  # a REMS-certified healthcare setting (Spravato)
    "certified_treatment_center",  # a plan-designated / certified treatment center
    "psychiatrist",  # prescribed or given by a psychiatrist
    "facility",  # a hospital outpatient department or facility
    "office",  # a provider's office
    "home",  # at home (home infusion)
)
# The document device that produced a statement (how the reader bound wording to the concept).
DEVICES = (
    "row",  # a benefits-chart row: the service cell and its cost/limitations cells
    "sentence",  # the same sentence or clause
    "adjacent_sentence",  # a subject-less requirement in the sentence right after the name
    "list_heading",  # an item under an exclusions/limitations heading (carried across pages)
    "mark_legend",  # a mark (†, *, ¹ ...) on the row or drug, explained by a legend
    "formulary_code",  # a requirement code column (PA, ST, QL ...) of a drug list, read via its legend
    "reference",  # "see the Prior Authorization section": the statement pointed at
    "formulary_file",  # an entry of a machine-readable formulary (drugs.json)
    "document",  # the document as a whole (its kind, title or carrier)
)
# Finding modifiers the reader may set; the DSL's mentions(...) tests them by these names.
MODIFIERS = (
    "prior_authorization",  # PA / preauthorization / precertification ... binds to this finding's scope
    "pa_not_required",  # the scope says PA is NOT required (negated PA)
    "excluded",  # not covered / excluded / no benefits / listed in the excluded-services box
    "experimental",  # experimental / investigational / investigative / unproven
    "covered",  # the scope states coverage (a priced in-network cell, "covered", "benefits are provided")
    "non_psychiatric",  # anesthetic / surgical / controlled-substance context: not the psychiatric treatment
    "step_therapy",  # another drug must be tried first (formulary ST code, "step therapy required")
    "quantity_limit",  # a quantity / supply limit applies (formulary QL code)
    "not_listed",  # a drug list (formulary) for this plan does not list the drug
    "listed",  # a drug list (formulary) for this plan lists the drug (drugs.json entry, drug-list row)
    # insurer facts only: the role of a carrier named in a document
    "primary",  # the carrier the document is from, by weighted evidence (title, header, legal entity)
    "pbm",  # a pharmacy benefit manager (CVS Caremark, Express Scripts ...), not an insurer
)


# What a finding is about. treatment / category / condition / exclusion name lexicon concepts; insurer
# names a carrier; criterion and contact are read from payer documents (ids below, value in Finding.value).
FINDING_KINDS = ("treatment", "category", "condition", "exclusion", "insurer", "criterion", "contact")
# Prior-authorization criteria an insurer policy or payer criteria page states ("medically necessary
# when all of the following are met: ..."). When such a document is given, these replace the generic
# criteria in the checklist, each citing its page. Value formats are in the comments.
CRITERIA = {
    "min_age": "youngest age covered, in years (value '18')",
    "diagnosis": "diagnoses required (scope.indications; value empty)",
    "failed_trials": "failed antidepressant trials required (value '2')",
    "trial_classes": "different antidepressant classes among the failed trials (value '2')",
    "trial_weeks": "weeks each trial must last (value '6')",
    "max_improvement": "largest improvement that still counts as failure, percent (value '25')",
    "min_score": "severity score at or above a threshold (value 'PHQ-9 15', 'MADRS 28')",
    "prescriber": "who must prescribe or supervise (scope.settings, e.g. psychiatrist)",
    "rems_setting": "treatment in a REMS-certified setting (value empty)",
    "concurrent_antidepressant": "an oral antidepressant alongside (value 'required' or 'not required')",
    "psychotherapy": "psychotherapy tried or ongoing (value 'required')",
    "approval_months": "initial approval period, months (value '6')",
    "renewal_months": "renewal approval period, months (value '12')",
}
# Contacts a document prints (value: the number or address as printed; never turned into a link).
CONTACTS = {
    "member_services": "member services / customer service phone",
    "precertification": "prior authorization / precertification phone or fax",
    "pharmacy": "pharmacy benefit phone",
    "behavioral_health": "behavioral / mental health line",
}


@dataclass(frozen=True)
class Scope:
    """For whom, how and where a statement holds. Empty fields mean "no limit stated".

    Only explicit limits are recorded; the decision applies them to the patient (a statement whose
    scope excludes the patient never decides; one the profile leaves open names the question)."""

    indications: tuple[str, ...] = ()  # condition ids the statement is limited to ("only for TRD")
    other_indications: bool = False  # True: about every indication EXCEPT `indications` ("any other use")
    network: str = ""  # "" any network; else one of NETWORKS
    routes: tuple[str, ...] = ()  # routes/forms the statement is limited to (ROUTES)
    other_routes: bool = False  # True: about every route EXCEPT `routes` ("any route other than IV")
    age_min: int | None = None  # inclusive bounds in years
    age_max: int | None = None
    settings: tuple[str, ...] = ()  # setting / prescriber the statement requires (SETTINGS)
    limits: tuple[str, ...] = ()  # quantity / frequency limits as printed
    consequence: str = ""  # the consequence clause as printed ("claims ... will be denied")

    def is_empty(self) -> bool:
        return self == Scope()


@dataclass
class Word:
    text: str
    bbox: BBox
    block: int = 0
    line: int = 0


@dataclass
class Row:
    """One row of an SBC benefits chart; `cells` keyed by column role."""

    page: int
    section: str  # Common Medical Event (carried down from the row that names it)
    service: str  # Services You May Need
    cells: dict[str, str]  # keys: "in_network", "out_of_network", "limitations"
    bbox: BBox
    continued: bool = False  # row continues from the previous page
    # The words of each cell (keys: "section", "service" and the `cells` keys), so findings can box
    # the exact phrase even when a merged Limitations cell lies outside this row's own band.
    cell_words: dict[str, list[Word]] = field(default_factory=dict)


@dataclass
class ListBlock:
    """A bulleted list such as the 'Services Your Plan Generally Does NOT Cover' box."""

    page: int
    heading: str
    role: str  # "excluded" | "other_covered" | "other"
    items: list[tuple[str, BBox]]


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    text: str  # reading-order text without running headers/footers
    words: list[Word]
    rows: list[Row] = field(default_factory=list)
    lists: list[ListBlock] = field(default_factory=list)
    ocr: bool = False
    hidden: list[Word] = field(default_factory=list)  # text on the page a person cannot see: never read


@dataclass
class Document:
    name: str  # file name as the user gave it (no directories)
    kind: str  # one of DOCUMENT_KINDS
    pages: list[Page]
    title: str = ""  # plan name when recognised
    insurer: str = ""  # canonical insurer id when recognised in the text ("" if not)
    data: bytes = b""  # the PDF bytes, kept in memory only (for rendering evidence)
    kind_detail: str = ""  # what kind of document, in words ("dental plan", "rider", "drug list")
    amends: str = ""  # a rider/amendment: the name of the document it amends ("" = unknown/none)
    plan_year: str = ""  # the plan year or coverage period start it states ("2025")
    # What the reader could not read and skipped or doubted, one sentence each, for the patient
    # ("pages 93-96 of plan.pdf do not read as text and were skipped"); decide shows them.
    warnings: list[str] = field(default_factory=list)


@dataclass
class Evidence:
    document: str
    page: int
    quote: str
    bboxes: list[BBox] = field(default_factory=list)
    section: str = ""
    row: str = ""
    ocr: bool = False
    document_kind: str = "other"
    # A benefits-chart row's cost cells by column role (in_network, out_of_network, limitations, ...),
    # so the cost estimate reads the plan file, not the PDF.
    cells: dict[str, str] = field(default_factory=dict)
    pointer: str = ""  # a JSON pointer into a machine-readable file (formulary entries)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["bboxes"] = [[round(v, 1) for v in b] for b in self.bboxes]
        return data


@dataclass
class Finding:
    """One thing the reader saw: a concept, where, and what its scope says about it."""

    concept: str  # lexicon concept id: iv_ketamine, infusion_therapy, experimental_services ...
    kind: str  # lexicon kind: treatment | category | condition | exclusion | insurer
    evidence: Evidence
    modifiers: frozenset[str] = frozenset()
    conditions: tuple[str, ...] = ()  # condition concepts the passage names (no limit: that is scope.indications)
    matched: str = ""  # the text that matched the concept, as printed
    scope: Scope = Scope()  # for whom / how / where the statement holds
    device: str = ""  # one of DEVICES: how the wording was bound to the concept
    tier: str = ""  # a formulary's drug tier for this drug ("4", "Specialty")
    value: str = ""  # criterion and contact facts: the number or text they state (see CRITERIA)

    def to_json(self) -> dict[str, Any]:
        return {
            "concept": self.concept,
            "kind": self.kind,
            "matched": self.matched,
            "modifiers": sorted(self.modifiers),
            "conditions": list(self.conditions),
            "scope": {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(self.scope).items()},
            "device": self.device,
            "tier": self.tier,
            "value": self.value,
            **self.evidence.to_json(),
        }


@dataclass
class TraceEntry:
    rule: str
    priority: int
    verdict: str
    basis: str
    file: str = ""
    line: int = 0
    winner: bool = False
    note: str = ""  # why the winner won / why this one lost
    version: str = ""  # date of the insurer-policy version this rule belongs to, if any

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class CriterionResult:
    name: str
    description: str
    status: str  # "met" | "not_met" | "not_given"
    detail: str = ""  # the profile value that decided it
    proof: str = ""  # the document that proves it to the insurer
    source: str = ""  # policy the criterion comes from

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Decision:
    treatment: str
    verdict: str
    basis: str
    reason: str
    evidence: list[Evidence] = field(default_factory=list)
    trace: list[TraceEntry] = field(default_factory=list)
    criteria: list[CriterionResult] = field(default_factory=list)
    next_steps: list[str] = field(default_factory=list)
    insurer: str = ""
    rule: str = ""  # the winning rule
    source: str = ""  # policy citation of the winning rule, if any
    documents: list[str] = field(default_factory=list)
    # Things the patient must know about the documents themselves ("plan.pdf contains hidden text
    # (page 3); it was ignored"): shown with the verdict by every face.
    warnings: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "policyeval.decision/1",
            "treatment": self.treatment,
            "verdict": self.verdict,
            "basis": self.basis,
            "reason": self.reason,
            "rule": self.rule,
            "source": self.source,
            "insurer": self.insurer,
            "documents": list(self.documents),
            "evidence": [e.to_json() for e in self.evidence],
            "trace": [t.to_json() for t in self.trace],
            "criteria": [c.to_json() for c in self.criteria],
            "next_steps": list(self.next_steps),
            "warnings": list(self.warnings),
        }
