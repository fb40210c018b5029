"""The decision as a CDS Hooks response with the HL7 Da Vinci CRD coverage information
(docs/DOMAIN.md §4.1, §6.1, §8.2): what an EHR shows the clinic that orders the treatment.

One card (summary, indicator from the clinician's view, the insurer as source label, the deciding
quote and where it is as detail, no links) and one system action that annotates the order — a
MedicationRequest for esketamine (HCPCS J0013, and the RxNorm code the plan's formulary entry gives),
a ServiceRequest for an IV ketamine infusion (CPT 96365, HCPCS J3490) — with the
`ext-coverage-information` extension. The extension keeps the CRD invariants: crd-ci-q1 (no
questionnaire without doc-needed: none is sent), q2 (not-covered carries no pa-needed), q3
(info-needed exactly when something is conditional), q4 (never pa-needed `satisfied` with doc-purpose
`withpa`). Document text is untrusted: in the card's Markdown it is escaped and its web addresses
defanged, so the card links to nothing. Plain dicts (JSON), no FHIR library at run time; the tests
validate the shape with `fhir.resources` (R4B models) and a JSON Schema of the CDS Hooks response.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from typing import Any

from ..models import Decision, Evidence
from .labels import insurer_label, treatment_label

CRD_EXTENSION = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/ext-coverage-information"
CRD_CODES = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/coverage-information-codes"  # CRD 2.2
CRD_TEMP = "http://hl7.org/fhir/us/davinci-crd/CodeSystem/temp"  # card types (coverage-info)
HCPCS = "http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
CPT = "http://www.ama-assn.org/go/cpt"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
SUMMARY_MAX = 140  # characters: CDS Hooks caps a card's summary
ASSERTION_NAMESPACE = uuid.UUID("5b0e9a1e-6b2a-4f57-9a57-6f0d3c1a7c21")  # coverage-assertion-id namespace

# Billing codes per treatment (docs/DOMAIN.md §3.1): what the order is coded with, and what is billed.
ORDER_CODES: dict[str, list[dict[str, str]]] = {
    "esketamine_nasal": [{"system": HCPCS, "code": "J0013", "display": "Esketamine, nasal spray, 1 mg"}],
    "iv_ketamine": [
        {
            "system": CPT,
            "code": "96365",
            "display": "Intravenous infusion, for therapy, prophylaxis, or diagnosis; initial, up to 1 hour",
        },
        {"system": HCPCS, "code": "J3490", "display": "Unclassified drugs (ketamine)"},
    ],
}
ORDER_TEXT = {
    "esketamine_nasal": "esketamine nasal spray (Spravato)",
    "iv_ketamine": "intravenous ketamine infusion",
}
# Verdict -> CRD coverage information (docs/DOMAIN.md §6.1). `unknown` is conditional + info-needed.
COVERAGE = {
    "covered": {"covered": "covered", "pa-needed": "no-auth"},
    "pa_required": {
        "covered": "covered",
        "pa-needed": "auth-needed",
        "doc-needed": "clinical",
        "doc-purpose": "withpa",
    },
    "experimental_exclusion": {"covered": "not-covered"},
    "unknown": {"covered": "conditional"},
}
SUMMARIES = {
    "covered": "{treatment}: covered, no prior authorization",
    "pa_required": "{treatment}: prior authorization required",
    "experimental_exclusion": "{treatment}: not covered (excluded)",
    "unknown": "{treatment}: coverage not settled by the plan's documents",
}
# The order of the sub-extensions as CRD defines them.
SUB_ORDER = ("coverage", "covered", "pa-needed", "doc-needed", "doc-purpose", "info-needed", "billingCode", "reason")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~!])")  # inline markup; "(" only links after "]", escaped
_MD_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")  # a list or heading marker where a line starts
_LINKY = re.compile(r"(?i)(://|\bwww\.|@)")
_RXNORM_IN_QUOTE = re.compile(r"\(RxNorm (\d{1,10})\)")  # read/formulary.py Listing.text()


def info_needed(decision: Decision) -> str:
    """What information would settle a conditional answer, as a CRD info-needed code: the performer
    (network status, prescriber) or the location (REMS-certified site); otherwise the performer, whose
    office gathers the plan's documents and answers (the reason's text says which)."""
    asked = decision.reason.split(":", 1)[0].lower()  # "It depends on whether your provider is in ..."
    if "network" in asked:
        return "performer"
    text = " ".join([decision.reason, *decision.next_steps]).lower()
    if re.search(r"rems|certified (site|setting|center)|treatment center|location", text):
        return "location"
    return "performer"


def coverage_information(
    decision: Decision, coverage_ref: dict[str, Any], today: dt.date, order_ref: str = ""
) -> dict[str, Any]:
    """The ext-coverage-information extension for this decision about one order (one assertion)."""
    values = dict(COVERAGE[decision.verdict])
    if "conditional" in values.values():
        values["info-needed"] = info_needed(decision)
    subs: list[dict[str, Any]] = [{"url": "coverage", "valueReference": coverage_ref}]
    subs += [{"url": key, "valueCode": values[key]} for key in SUB_ORDER if key in values]
    subs += [{"url": "billingCode", "valueCoding": code} for code in ORDER_CODES[decision.treatment]]
    subs.append({"url": "reason", "valueCodeableConcept": {"text": _plain(decision.reason)}})
    subs.append({"url": "date", "valueDate": today.isoformat()})
    subs.append({"url": "coverage-assertion-id", "valueString": assertion_id(decision, today, order_ref, coverage_ref)})
    return {"url": CRD_EXTENSION, "extension": subs}


def assertion_id(
    decision: Decision, today: dt.date, order_ref: str = "", coverage_ref: dict[str, Any] | None = None
) -> str:
    """Stable for the same answer about the same order and coverage on the same day (a retried request
    gets the same id); different orders or coverages get different ids."""
    body = json.dumps([decision.to_json(), order_ref, coverage_ref or {}], sort_keys=True) + today.isoformat()
    return uuid.uuid5(ASSERTION_NAMESPACE, body).hex


def draft_order(decision: Decision, evidence: list[Evidence] | None = None) -> dict[str, Any]:
    """The order a clinic would place for this treatment, when the request gives none (the CLI)."""
    codes = list(ORDER_CODES[decision.treatment])
    rxnorm = _rxnorm(evidence if evidence is not None else decision.evidence)
    concept: dict[str, Any] = {"text": ORDER_TEXT[decision.treatment]}
    subject = {"display": "the patient"}
    if decision.treatment == "esketamine_nasal":
        concept["coding"] = ([{"system": RXNORM, "code": rxnorm}] if rxnorm else []) + codes[:1]
        return {
            "resourceType": "MedicationRequest",
            "id": "esketamine-order",
            "status": "draft",
            "intent": "order",
            "medicationCodeableConcept": concept,
            "subject": subject,
        }
    concept["coding"] = codes
    return {
        "resourceType": "ServiceRequest",
        "id": "iv-ketamine-order",
        "status": "draft",
        "intent": "order",
        "code": concept,
        "subject": subject,
    }


def _rxnorm(evidence: list[Evidence]) -> str:
    for e in evidence:
        m = _RXNORM_IN_QUOTE.search(e.quote) if e.pointer else None
        if m:
            return m.group(1)
    return ""


def annotate(order: dict[str, Any], extension: dict[str, Any]) -> dict[str, Any]:
    """A copy of the order with the coverage information added (earlier CRD annotations replaced)."""
    out = json.loads(json.dumps(order))
    kept = [e for e in out.get("extension", []) if isinstance(e, dict) and e.get("url") != CRD_EXTENSION]
    out["extension"] = [*kept, extension]
    return out


def indicator(decision: Decision) -> str:
    """From the clinician's perspective (CRD card guidance): an exclusion or a prior-authorization
    criterion not met is a warning; every other coverage requirement is information; never critical."""
    if decision.verdict == "experimental_exclusion":
        return "warning"
    if decision.verdict == "pa_required" and any(c.status == "not_met" for c in decision.criteria):
        return "warning"
    return "info"


def card(decision: Decision, source_label: str) -> dict[str, Any]:
    summary = SUMMARIES[decision.verdict].format(treatment=treatment_label(decision.treatment))
    return {
        "uuid": uuid.uuid5(ASSERTION_NAMESPACE, "card" + json.dumps(decision.to_json(), sort_keys=True)).hex,
        "summary": summary[:SUMMARY_MAX],
        "indicator": indicator(decision),
        "detail": card_detail(decision),
        "source": {
            "label": source_label,
            "topic": {"system": CRD_TEMP, "code": "coverage-info", "display": "Coverage Information"},
        },
    }


def card_detail(decision: Decision) -> str:
    """Markdown: the reason, the deciding passage and where it is, the checklist and next steps. All
    document and rule text is escaped, so nothing in it becomes a link or markup."""
    lines = [_md(decision.reason)]
    for e in decision.evidence[:3]:
        lines += ["", f"> “{_md(e.quote)}”", f"> — {_md(_where(e))}"]
    if decision.criteria:
        lines += ["", "**Prior-authorization criteria**", ""]
        lines += [f"- {_md(c.description)}: {c.status.replace('_', ' ')}" for c in decision.criteria]
    if decision.next_steps:
        lines += ["", "**Next steps**", ""]
        lines += [f"- {_md(step)}" for step in decision.next_steps]
    return "\n".join(lines)


def _where(e: Evidence) -> str:
    place = f"entry {e.pointer}" if e.pointer else f"page {e.page}"
    context = ", ".join(x for x in (e.section, e.row) if x)
    return f"{e.document}, {place}" + (f" ({context})" if context else "")


def _plain(text: str) -> str:
    return " ".join((text or "").split())


def _md(text: str) -> str:
    """Untrusted text as Markdown that renders as itself: markup characters escaped, and web and mail
    addresses broken with a zero-width space so no renderer turns them into links."""
    text = _LINKY.sub(lambda m: m.group(1)[:1] + "\u200b" + m.group(1)[1:], _plain(text))
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", text)


def crd_response(
    decision: Decision,
    order: dict[str, Any] | None = None,
    coverage: dict[str, Any] | None = None,
    payer: str = "",
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The CDS Hooks response: one card and one `update` system action annotating the order.

    `order` is the draft MedicationRequest / ServiceRequest from the hook's context (a default one is
    built when absent); `coverage` the patient's Coverage resource (referenced by id) or None; `payer`
    the card's source label (default: the insurer the decision names)."""
    today = today or dt.date.today()
    coverage_ref: dict[str, Any]
    if coverage and coverage.get("id"):
        coverage_ref = {"reference": f"Coverage/{coverage['id']}"}
    else:
        coverage_ref = {"display": "the patient's coverage (not given)"}
    label = payer or insurer_label(decision.insurer) or "Health plan (from the plan's documents)"
    target = order if order is not None else draft_order(decision)
    order_ref = f"{target.get('resourceType', '')}/{target.get('id', '')}"
    extension = coverage_information(decision, coverage_ref, today, order_ref)
    return {
        "cards": [card(decision, label)],
        "systemActions": [
            {
                "type": "update",
                "description": f"Coverage information: {SUMMARIES[decision.verdict].format(treatment=treatment_label(decision.treatment))}",
                "resource": annotate(target, extension),
            }
        ],
    }
