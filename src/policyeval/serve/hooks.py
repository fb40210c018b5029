"""CDS Hooks requests in, what the rules need out: the services this server offers (discovery), the
draft orders a request is about, the patient's plan ID and the profile facts the request carries.

Only what the decision needs is read from a request (the order's treatment and reason codes, the
patient's birth date, the Coverage's plan and payer); nothing is kept or logged.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

HOOKS = ("order-select", "order-sign")
SERVICE_IDS = {f"policyeval-{hook}": hook for hook in HOOKS}
PREFETCH = {
    "patient": "Patient/{{context.patientId}}",
    "coverage": "Coverage?patient={{context.patientId}}&status=active",
}
ESKETAMINE_CODES = {"J0013", "S0013", "G2082", "G2083"}  # HCPCS (docs/DOMAIN.md §3.1)
IV_KETAMINE_CODES = {"96365", "96366", "J3490"}  # CPT infusion + unclassified drug (ketamine)
ICD10_SYSTEMS = ("http://hl7.org/fhir/sid/icd-10-cm", "http://hl7.org/fhir/sid/icd-10")
ESKETAMINE_WORDS = re.compile(r"(?i)\b(es-?ketamine|spravato)\b")
KETAMINE_WORDS = re.compile(r"(?i)\b(ketamine|ketalar)\b")  # \b: "esketamine" is not ketamine
HIOS = re.compile(r"(\d{5}[A-Z]{2}\d{7})(-\d{2})?")  # plan ID, optional cost-sharing variant


class BadRequest(ValueError):
    """The request is not a CDS Hooks request this service can answer; the message says why."""


def discovery() -> dict[str, Any]:
    """GET /cds-services: one service per hook, each asking for the patient and the Coverage."""
    return {
        "services": [
            {
                "hook": hook,
                "id": sid,
                "title": "Ketamine and Spravato coverage (CRD)",
                "description": (
                    "Coverage requirements for esketamine (Spravato) and IV ketamine orders, decided from "
                    "the patient's plan documents and machine-readable formulary, returned as Da Vinci CRD "
                    "coverage information."
                ),
                "prefetch": dict(PREFETCH),
            }
            for sid, hook in SERVICE_IDS.items()
        ]
    }


@dataclass
class Order:
    resource: dict[str, Any]
    treatment: str  # iv_ketamine | esketamine_nasal
    diagnoses: list[str] = field(default_factory=list)  # ICD-10 codes from the order's reasons


@dataclass
class HookRequest:
    hook: str
    orders: list[Order]  # the draft orders about ketamine or esketamine (others get no card)
    coverage: dict[str, Any] | None  # the patient's Coverage, when the request gives one
    plan_id: str  # "" when the Coverage names no plan (or no Coverage is given)
    payer: str  # the Coverage's payor display, for the card's source label
    age: int | None


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise BadRequest(f"{where} must be a JSON object")
    return value


def parse_request(body: Any, hook: str, today: dt.date) -> HookRequest:
    """The parts of a CDS Hooks request the decision needs; BadRequest when its shape is wrong."""
    body = _obj(body, "the request")
    if body.get("hook") != hook:
        raise BadRequest(f"this service answers the {hook} hook; the request is for {str(body.get('hook'))[:40]!r}")
    if not isinstance(body.get("hookInstance"), str) or not body["hookInstance"]:
        raise BadRequest("hookInstance must be a non-empty string")
    context = _obj(body.get("context"), "context")
    if not isinstance(context.get("patientId"), str):
        raise BadRequest("context.patientId must be a string")
    prefetch = body.get("prefetch") or {}
    prefetch = _obj(prefetch, "prefetch")
    orders = [o for o in (_order(r) for r in _draft_orders(context, hook)) if o is not None]
    coverage = _coverage(prefetch.get("coverage"))
    patient = prefetch.get("patient")
    return HookRequest(
        hook,
        orders,
        coverage,
        plan_id(coverage) if coverage else "",
        _payer(coverage) if coverage else "",
        _age(patient, today) if isinstance(patient, dict) else None,
    )


def _draft_orders(context: dict[str, Any], hook: str) -> list[dict[str, Any]]:
    bundle = _obj(context.get("draftOrders"), "context.draftOrders")
    entries = bundle.get("entry")
    if bundle.get("resourceType") != "Bundle" or not isinstance(entries, list):
        raise BadRequest("context.draftOrders must be a FHIR Bundle with an entry list")
    resources = [
        _obj(_obj(e, "a draftOrders entry").get("resource"), "a draftOrders entry's resource") for e in entries
    ]
    if hook == "order-select":
        selections = context.get("selections")
        if not isinstance(selections, list) or not all(isinstance(s, str) for s in selections):
            raise BadRequest("context.selections must be a list of 'ResourceType/id' strings")
        chosen = set(selections)
        resources = [r for r in resources if f"{r.get('resourceType')}/{r.get('id')}" in chosen]
    return resources


def _codings(concept: Any) -> list[dict[str, Any]]:
    if not isinstance(concept, dict):
        return []
    return [c for c in concept.get("coding") or [] if isinstance(c, dict)]


def _text_of(concept: Any) -> str:
    if not isinstance(concept, dict):
        return ""
    return " ".join([str(concept.get("text") or "")] + [str(c.get("display") or "") for c in _codings(concept)])


def _order(resource: dict[str, Any]) -> Order | None:
    """The order as one of our treatments, or None when it is about something else."""
    kind = resource.get("resourceType")
    if kind == "MedicationRequest":
        concept = resource.get("medicationCodeableConcept")
    elif kind == "ServiceRequest":
        concept = resource.get("code")
    else:
        return None
    codes = {str(c.get("code", "")).upper() for c in _codings(concept)}
    text = _text_of(concept)
    if codes & ESKETAMINE_CODES or ESKETAMINE_WORDS.search(text):
        treatment = "esketamine_nasal"
    elif codes & IV_KETAMINE_CODES and (kind == "ServiceRequest" or KETAMINE_WORDS.search(text)):
        treatment = "iv_ketamine"
    elif KETAMINE_WORDS.search(text):
        treatment = "iv_ketamine"
    else:
        return None
    return Order(resource, treatment, _diagnoses(resource))


def _diagnoses(resource: dict[str, Any]) -> list[str]:
    out = []
    for concept in resource.get("reasonCode") or []:
        for c in _codings(concept):
            if c.get("system") in ICD10_SYSTEMS and isinstance(c.get("code"), str):
                out.append(c["code"].strip()[:10])
    return out


def _coverage(value: Any) -> dict[str, Any] | None:
    """A Coverage resource, or the first active one of a search Bundle."""
    if not isinstance(value, dict):
        return None
    if value.get("resourceType") == "Coverage":
        return value
    if value.get("resourceType") == "Bundle":
        for entry in value.get("entry") or []:
            res = entry.get("resource") if isinstance(entry, dict) else None
            if isinstance(res, dict) and res.get("resourceType") == "Coverage":
                return res
    return None


def plan_id(coverage: dict[str, Any]) -> str:
    """The HIOS plan ID in Coverage.class (type 'plan'), upper case, variant suffix dropped; "" if none."""
    for cls in coverage.get("class") or []:
        if not isinstance(cls, dict):
            continue
        codes = {str(c.get("code", "")).lower() for c in _codings(cls.get("type"))}
        value = str(cls.get("value") or "").strip().upper()
        if "plan" in codes:
            m = HIOS.fullmatch(value)
            return m.group(1) if m else ""
    return ""


def _payer(coverage: dict[str, Any]) -> str:
    for payor in coverage.get("payor") or []:
        if isinstance(payor, dict) and isinstance(payor.get("display"), str):
            return " ".join(payor["display"].split())[:120]
    return ""


def _age(patient: dict[str, Any], today: dt.date) -> int | None:
    born = patient.get("birthDate")
    if not isinstance(born, str):
        return None
    try:
        day = dt.date.fromisoformat(born[:10])
    except ValueError:
        return None
    age = today.year - day.year - ((today.month, today.day) < (day.month, day.day))
    return age if 0 <= age <= 130 else None
