"""How fast one plan is decided for many profiles, split by component: what `make bench` reports
(issue 13 §2). CPU time (process_time), so a busy machine slows the figures less than wall time."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from ..lexicon import Lexicon
from ..profile import Profile
from .case import CaseFacts
from .decision import decide
from .plan import PreparedPlan
from .ruleset import RuleSet

DURABLE_SAMPLE = 500  # distinct encoded facts timed through durable without the per-fact memo


def _cpu(fn: Callable[[], Any]) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def measure(plan: PreparedPlan, profiles: Sequence[Profile], rules: RuleSet, lexicon: Lexicon) -> dict[str, Any]:
    """Decide every profile against the plan and report evaluations/s and µs per evaluation for:
    case (the profile's case from the prepared plan), lowering (the engine fact), engine (encoding
    and the engine's answer, kept per encoded fact), decision (winner, evidence, trace, checklist,
    next steps, scenarios), and durable (one durable_rules evaluation of a fact not seen before)."""
    n = len(profiles)
    rules.compiled()

    def cases() -> list[CaseFacts]:
        return [plan.case(p, rules, lexicon) for p in profiles]

    verdicts: dict[str, int] = {}

    def decide_all() -> None:
        for p in profiles:
            d = decide(rules, plan.case(p, rules, lexicon))
            verdicts[d.verdict] = verdicts.get(d.verdict, 0) + 1

    decide_all()  # warm: the plan's share is computed once, as in use
    verdicts.clear()
    total = _cpu(decide_all)
    case_s = _cpu(cases)
    fresh = cases()
    lowering_s = _cpu(lambda: [rules.fact_for(f) for f in fresh])
    fresh = cases()
    matched_s = _cpu(lambda: [rules.matched(f) for f in fresh])
    compiled = rules.compiled()
    distinct = {compiled.encode(rules.fact_for(f)): f for f in cases()}
    sample = list(distinct)[:DURABLE_SAMPLE]
    durable_s = _cpu(lambda: [compiled.evaluate_encoded(c) for c in sample])
    return {
        "profiles": n,
        "evaluations_per_s": n / total,
        "evaluation_us": 1e6 * total / n,
        "case_us": 1e6 * case_s / n,
        "lowering_us": 1e6 * lowering_s / n,
        "engine_us": 1e6 * max(matched_s - lowering_s, 0.0) / n,
        "decision_us": 1e6 * max(total - case_s - matched_s, 0.0) / n,
        "distinct_engine_facts": len(distinct),
        "durable_us_per_new_fact": 1e6 * durable_s / max(len(sample), 1),
        "verdicts": dict(verdicts),
    }
