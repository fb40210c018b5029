"""Which carrier's policy may decide. The profile's insurer wins. Else the documents: the carrier
the reader marked `primary` (the document's own, by weighted evidence) across the medical documents;
several different ones leave it ambiguous, and no pack applies until the patient says which. A
pharmacy benefit manager (`pbm`) is never the insurer, and a non-medical document (a dental plan)
never names the medical carrier. Plan files without `primary` marks (older readers) fall back to the
carrier named most often."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ..lexicon import Lexicon
from ..models import Finding
from ..profile import Profile


@dataclass(frozen=True)
class Carrier:
    insurer: str = ""  # canonical id ("" = unknown or ambiguous)
    source: str = ""  # "profile" | the document that names it
    candidates: tuple[str, ...] = ()  # when ambiguous: the carriers the documents name as theirs


def resolve_carrier(
    profile: Profile, findings: list[Finding], lexicon: Lexicon, kinds: dict[str, str] | None = None
) -> Carrier:
    if profile.insurer:
        known = lexicon.insurer_id(profile.insurer)
        if known:
            return Carrier(known, "profile")
        return Carrier(re.sub(r"[^a-z0-9]+", "_", profile.insurer.lower()).strip("_"), "profile")
    kinds = kinds or {}
    named = [
        f
        for f in findings
        if f.kind == "insurer"
        and "pbm" not in f.modifiers
        and kinds.get(f.evidence.document, f.evidence.document_kind) != "non_medical"
    ]
    primary = [f for f in named if "primary" in f.modifiers]
    pool = primary or named
    counts = Counter(f.concept for f in pool)
    if not counts:
        return Carrier()
    ranked = [c for c, _ in counts.most_common()]
    if primary and len(ranked) > 1:
        return Carrier("", "", tuple(ranked))
    best = ranked[0]
    return Carrier(best, next(f.evidence.document for f in pool if f.concept == best))


def resolve_insurer(profile: Profile, findings: list[Finding], lexicon: Lexicon) -> tuple[str, str]:
    """(insurer id, where it comes from): resolve_carrier without the candidates."""
    carrier = resolve_carrier(profile, findings, lexicon)
    return carrier.insurer, carrier.source
