"""What a CDS Hooks / CRD answer must look like, for the CRD and service tests: the response's JSON
Schema (CDS Hooks 2.0 cards and system actions, as far as this service fills them), the CRD code
value sets, and the coverage-information invariants crd-ci-q1..q4 checked independently of the code
that writes them."""

from __future__ import annotations

from policyeval.advise.crd import CRD_EXTENSION

# CDS Hooks 2.0 response (cards and systemActions), as far as this service fills it.
CDS_HOOKS_RESPONSE = {
    "type": "object",
    "required": ["cards"],
    "additionalProperties": False,
    "properties": {
        "cards": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["summary", "indicator", "source"],
                "properties": {
                    "uuid": {"type": "string", "minLength": 1},
                    "summary": {"type": "string", "minLength": 1, "maxLength": 140},
                    "detail": {"type": "string"},
                    "indicator": {"enum": ["info", "warning", "critical"]},
                    "source": {
                        "type": "object",
                        "required": ["label"],
                        "properties": {
                            "label": {"type": "string", "minLength": 1},
                            "topic": {"type": "object", "required": ["code"]},
                        },
                        "not": {"required": ["url"]},
                    },
                    "links": {"type": "array", "maxItems": 0},
                    "suggestions": {"type": "array"},
                },
            },
        },
        "systemActions": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["type", "description", "resource"],
                "properties": {
                    "type": {"enum": ["create", "update", "delete"]},
                    "description": {"type": "string"},
                    "resource": {"type": "object", "required": ["resourceType"]},
                },
            },
        },
    },
}
CODES = {
    "covered": {"covered", "not-covered", "conditional"},
    "pa-needed": {"no-auth", "auth-needed", "satisfied", "performpa", "conditional"},
    "doc-needed": {"clinical", "admin", "conditional"},
    "doc-purpose": {"withpa", "withclaim", "withorder", "retain-doc"},
    "info-needed": {"performer", "location", "timeframe", "contract-window", "detail-code"},
}


def coverage_information(resource: dict) -> dict[str, list]:
    (ext,) = [e for e in resource["extension"] if e["url"] == CRD_EXTENSION]
    out: dict[str, list] = {}
    for sub in ext["extension"]:
        value = next(v for k, v in sub.items() if k.startswith("value"))
        out.setdefault(sub["url"], []).append(value)
    return out


def check_invariants(info: dict[str, list]) -> None:
    """crd-ci-q1..q4 and the required parts of the extension (CRD 2.x)."""
    for key in ("coverage", "covered", "date", "coverage-assertion-id"):
        assert len(info.get(key, [])) == 1, key
    for key, allowed in CODES.items():
        assert set(info.get(key, [])) <= allowed, key
    assert "questionnaire" not in info or "doc-needed" in info  # q1
    if info["covered"] == ["not-covered"]:
        assert "pa-needed" not in info  # q2
    conditional = any("conditional" in info.get(k, []) for k in ("covered", "pa-needed", "doc-needed"))
    assert ("info-needed" in info) == conditional  # q3
    if info.get("pa-needed") == ["satisfied"]:
        assert "withpa" not in info.get("doc-purpose", [])  # q4
