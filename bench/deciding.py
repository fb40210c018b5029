"""Deciding: compiling the shipped rule set, evaluations per second of one plan against many
profiles (with the split lowering / engine / decision), and memory over many recompiles.

Evaluations per second come from the decide package's own measuring function
(`policyeval.decide.speed.measure`: a prepared plan, each profile's case, `decide`, with the split
by component), medians over repeated calls. Before that function existed the bench ran its own loop
(`CaseFacts` -> `decide`, the split timed here); `path` in the results says which was used.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from typing import Any

from corpus import make_sbc
from timing import median_timed, rss_mb

DIAGNOSES = [
    "F33.2",
    "F32.9",
    "treatment-resistant depression",
    "PTSD",
    "F41.1",
    "major depressive disorder",
    "chronic pain",
]


def random_profile(rng: random.Random, insurers: list[str]) -> dict:
    """One generated patient profile (both treatments, ages 12-90, insurers, diagnoses, trials...)."""
    p: dict[str, Any] = {"treatment": rng.choice(["iv_ketamine", "esketamine_nasal"])}
    if rng.random() < 0.8:
        p["age"] = rng.randint(12, 90)
    if rng.random() < 0.5 and insurers:
        p["insurer"] = rng.choice(insurers)
    if rng.random() < 0.8:
        p["diagnoses"] = rng.sample(DIAGNOSES, rng.randint(1, 3))
    if rng.random() < 0.5:
        p["failed_antidepressant_trials"] = rng.randint(0, 5)
    else:
        p["antidepressant_trials"] = [
            {
                "drug": rng.choice(["sertraline", "bupropion", "escitalopram"]),
                "weeks": rng.randint(2, 12),
                "improvement_pct": rng.randint(0, 60),
            }
            for _ in range(rng.randint(0, 4))
        ]
    for k in ("current_oral_antidepressant", "psychotherapy_tried", "rems_certified_site", "provider_in_network"):
        if rng.random() < 0.6:
            p[k] = rng.random() < 0.5
    if rng.random() < 0.7:
        p["scores"] = {"PHQ-9": rng.randint(0, 27)}
    return p


def _compile_figures(texts: dict[str, str], repeats: int) -> dict:
    from policyeval.decide import engine
    from policyeval.decide.ruleset import load_rules_text

    def compile_all() -> Any:
        engine.clear_cache()
        rs = load_rules_text(texts)
        rs.compiled()
        return rs

    out: dict[str, Any] = {}
    os.environ["POLICYEVAL_CACHE_DIR"] = ""  # no program cache: parse + check + lower + engine, all of it
    compile_all()
    out["compile_s"], out["compile_cpu_s"] = median_timed(compile_all, repeats)
    with tempfile.TemporaryDirectory(prefix="policyeval-bench-") as cache:
        os.environ["POLICYEVAL_CACHE_DIR"] = cache  # the checked program from the cache, as a CLI start has it
        compile_all()
        out["compile_cached_s"], out["compile_cached_cpu_s"] = median_timed(compile_all, repeats)
    os.environ["POLICYEVAL_CACHE_DIR"] = ""
    rs = load_rules_text(texts)

    def engine_only() -> None:
        engine.clear_cache()
        rs._compiled = None
        rs.compiled()

    out["engine_compile_s"], _ = median_timed(engine_only, repeats)
    out["rules"] = len(rs.rules)
    return out


def _plan_and_profiles(profiles: int) -> tuple[str, list[Any], Any]:
    from policyeval.lexicon import load_lexicon
    from policyeval.pipeline import plan_from_inputs
    from policyeval.profile import profile_from_dict

    lexicon = load_lexicon()
    plan_text, _ = plan_from_inputs([("sbc_12p.pdf", make_sbc(12))])
    rng = random.Random(20261122)
    insurers = sorted(lexicon.insurers)[:6]
    return plan_text, [profile_from_dict(random_profile(rng, insurers)) for _ in range(profiles)], lexicon


def _evaluations(profiles: int, repeats: int) -> dict:
    """Through `decide.speed.measure` when the package has it (medians of each figure), else the
    bench's own loop."""
    try:
        from policyeval.decide.speed import measure
        from policyeval.pipeline import prepared_plan
    except ImportError:
        return _evaluations_own(profiles, repeats)
    from policyeval.decide.ruleset import load_rules

    plan_text, profs, lexicon = _plan_and_profiles(profiles)
    rules = load_rules()
    plan = prepared_plan(plan_text, "sbc_12p.policy")
    runs = [measure(plan, profs, rules, lexicon) for _ in range(max(1, repeats))]
    out: dict[str, Any] = {
        "path": "decide.speed.measure",
        "plan": "sbc_12p.pdf (the bench's 12-page SBC), prepared once",
        "split_clock": "CPU",
        "measure_runs": len(runs),
    }
    for key, value in runs[0].items():
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out[key] = statistics.median(r[key] for r in runs)
        else:
            out[key] = value
    out["evaluations_per_cpu_s"] = out["evaluations_per_s"]  # measure() times CPU (process_time)
    out["case_facts_us"] = out.get("case_us", 0.0)
    out["fact_lowering_us"] = out.get("lowering_us", 0.0)
    return out


def _evaluations_own(profiles: int, repeats: int) -> dict:
    """The bench's own loop, for a package without `decide.speed`."""
    from policyeval.decide import decision as decision_module
    from policyeval.decide.carrier import resolve_insurer
    from policyeval.decide.case import CaseFacts
    from policyeval.decide.decision import decide
    from policyeval.decide.ruleset import load_rules
    from policyeval.dsl.planfile import parse_plan

    plan_text, profs, lexicon = _plan_and_profiles(profiles)
    docs, findings, _title = parse_plan(plan_text, "sbc_12p.policy")
    kinds = {d.name: d.kind for d in docs}
    rules = load_rules()
    batch = getattr(decision_module, "decide_many", None)

    def facts_of(prof: Any) -> Any:
        return CaseFacts(prof, findings, kinds, lexicon, *resolve_insurer(prof, findings, lexicon))

    def evaluate_all() -> dict[str, int]:
        verdicts: dict[str, int] = {}
        if batch is not None:
            decisions = batch(rules, [facts_of(p) for p in profs])
        else:
            decisions = (decide(rules, facts_of(p)) for p in profs)
        for d in decisions:
            verdicts[d.verdict] = verdicts.get(d.verdict, 0) + 1
        return verdicts

    verdicts = evaluate_all()
    rounds = max(1, repeats // 3)
    eval_s, eval_cpu = median_timed(evaluate_all, rounds)
    # The split (CPU): profile -> case facts (carrier resolution included), facts -> flat engine fact
    # (lowering), durable_rules alone; decision building is what remains of the whole.
    _, facts_s = median_timed(lambda: [facts_of(p) for p in profs], rounds)
    facts = [facts_of(p) for p in profs]
    _, lower_s = median_timed(lambda: [rules.fact_for(f) for f in facts], rounds)
    flat = [rules.fact_for(f) for f in facts]
    compiled = rules.compiled()
    _, match_s = median_timed(lambda: [compiled.evaluate(f) for f in flat], rounds)
    us = 1e6 / profiles
    return {
        "path": "decide_many" if batch is not None else "decide per profile",
        "plan": "sbc_12p.pdf (the bench's 12-page SBC), parsed once",
        "profiles": profiles,
        "decide_s": eval_s,
        "decide_cpu_s": eval_cpu,
        "evaluations_per_s": profiles / eval_s,
        "evaluations_per_cpu_s": profiles / eval_cpu,
        "case_facts_us": facts_s * us,
        "fact_lowering_us": lower_s * us,
        "engine_us": match_s * us,
        "engine_match_per_s": profiles / match_s,
        "decision_us": max(0.0, eval_cpu - facts_s - lower_s - match_s) * us,
        "split_clock": "CPU",
        "shards": len(getattr(compiled, "_shards", []) or []),
        "verdicts": verdicts,
    }


def _recompiles(texts: dict[str, str], recompiles: int) -> dict:
    """Memory after many recompiles: each edit changes a condition, so a new content key and a real
    compile (no program cache), never a cache hit."""
    from policyeval.decide.ruleset import load_rules_text

    os.environ["POLICYEVAL_CACHE_DIR"] = ""
    base = dict(texts)
    first = sorted(base)[0]
    rss_before = rss_mb()
    rss_at: dict[int, float] = {}
    t0 = time.perf_counter()
    for i in range(recompiles):
        edited = dict(base)
        edited[first] = base[first] + (
            f"\nrule bench_edit {{\n    priority 1\n    when age >= {i % 120}\n"
            f'    then unknown basis none\n    reason "edit {i}"\n}}\n'
        )
        load_rules_text(edited).compiled()
        if i + 1 in (100, 250, 500, recompiles):
            rss_at[i + 1] = rss_mb()
    return {
        "recompiles": recompiles,
        "recompile_s_each": (time.perf_counter() - t0) / recompiles,
        "rss_before_recompiles_mb": rss_before,
        "rss_after_recompiles_mb": rss_at,
        "rss_growth_mb": rss_at[recompiles] - rss_before,
    }


def part_rules(repeats: int, profiles: int = 10_000, recompiles: int = 1_000) -> dict:
    from policyeval import resources

    texts = {str(p): p.read_text(encoding="utf-8") for p in resources.default_rule_files()}
    out = _compile_figures(texts, repeats)
    out.update(_evaluations(profiles, repeats))
    out.update(_recompiles(texts, recompiles))
    out["runs"] = repeats
    return out
