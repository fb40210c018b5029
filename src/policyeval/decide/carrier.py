"""Which carrier's policy may decide: the profile's insurer, else the one the documents name."""

from __future__ import annotations

import re
from collections import Counter

from ..lexicon import Lexicon
from ..models import Finding
from ..profile import Profile


def resolve_insurer(profile: Profile, findings: list[Finding], lexicon: Lexicon) -> tuple[str, str]:
    """The profile's insurer wins; else the insurer the documents name most often."""
    if profile.insurer:
        known = lexicon.insurer_id(profile.insurer)
        if known:
            return known, "profile"
        return re.sub(r"[^a-z0-9]+", "_", profile.insurer.lower()).strip("_"), "profile"
    named = Counter(f.concept for f in findings if f.kind == "insurer")
    if named:
        best = named.most_common(1)[0][0]
        doc = next(f.evidence.document for f in findings if f.kind == "insurer" and f.concept == best)
        return best, doc
    return "", ""
