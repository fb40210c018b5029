"""Prior approval said with a verb rather than a fixed phrase: "only if the Medical Group has
authorized it in advance", "only after we have approved it", "if the Utilization Management Program
approves it before the first session". An approval verb (lexicon modifier `approval_verb`) is a
prior-authorization requirement when a timing word follows it ("in advance", "beforehand", "first":
`approval_timing`) or a gate comes before it ("only after", "only if", "unless": `approval_gate`),
each within a few words. An approval by the FDA is no plan approval. The requirement becomes a
`prior_authorization` match, so it reads like every other PA phrase (negation, scope, binding)."""

from __future__ import annotations

from collections.abc import Sequence

from ..lexicon import Match, normalize
from ..models import Word

# Words between an approval verb and its timing word ("approved it in advance", "approves the
# treatment before"), and between a gate and the verb ("only after we have approved").
TIMING_REACH = 3
GATE_REACH = 6
# An approval by one of these is a regulator's, not the plan's.
REGULATORS = {"fda", "fda-approved", "fda-approves", "food", "administration", "u.s."}
REGULATOR_REACH = 3
# An approval verb before one of these is an adjective ("an approved indication"), not a requirement.
ADJECTIVE_BEFORE = {"indication", "indications", "use", "uses", "drug", "drugs", "trial", "trials", "setting"}
ADJECTIVE_BEFORE |= {"settings", "facility", "facilities", "center", "centers", "provider", "providers", "site"}
ADJECTIVE_BEFORE |= {"sites", "program", "programs", "list", "formulary", "medication", "medications", "product"}
ADJECTIVE_BEFORE |= {"products", "device", "devices", "plan", "amount", "amounts", "charges", "claims", "days"}
# Words that end the reach of a gate or timing word.
STOP_AT = (",", ";", ":", ".")


def _tok(words: Sequence[Word], i: int) -> str:
    return normalize(words[i].text).strip(".,;:()\"'") if 0 <= i < len(words) else ""


def _clear(words: Sequence[Word], lo: int, hi: int) -> bool:
    return not any(words[i].text.endswith(STOP_AT) for i in range(lo, hi))


def requirements(words: Sequence[Word], matches: list[Match]) -> list[Match]:
    """`prior_authorization` matches for approval verbs gated or timed as a requirement."""
    mods: dict[str, list[Match]] = {}
    for m in matches:
        if m.group == "modifier":
            mods.setdefault(m.key, []).append(m)
    verbs = mods.get("approval_verb", [])
    if not verbs:
        return []
    pas = mods.get("prior_authorization", [])
    out: list[Match] = []
    for v in verbs:
        if any(p.start <= v.start < p.end for p in pas):
            continue  # already part of a PA phrase ("must be approved in advance")
        lo = max(0, v.start - REGULATOR_REACH)
        if any(_tok(words, i) in REGULATORS for i in range(lo, v.end + REGULATOR_REACH)):
            continue  # "FDA-approved", "approved by the FDA"
        timing = next(
            (
                t
                for t in mods.get("approval_timing", [])
                if 0 <= t.start - v.end <= TIMING_REACH and _clear(words, v.start, t.start)
            ),
            None,
        )
        gate = next(
            (
                g
                for g in mods.get("approval_gate", [])
                if 0 <= v.start - g.end <= GATE_REACH and _clear(words, g.start, v.start)
            ),
            None,
        )
        if timing is None and (gate is None or _tok(words, v.end) in ADJECTIVE_BEFORE):
            continue
        start = gate.start if gate is not None else v.start
        end = timing.end if timing is not None else v.end
        term = " ".join(w.text for w in words[start:end])
        out.append(Match("prior_authorization", "modifier", "prior_authorization", start, end, term, v.span))
    return out
