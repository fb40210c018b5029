"""What makes deciding fast must not change a decision: the engine's answer kept per encoded fact is
durable's own answer, a prepared (cached) plan decides like a freshly parsed one, and the figures
`make bench` reports come out of `decide.speed.measure` (speed itself is measured there, never here)."""

from __future__ import annotations

import random

from conftest import plan

from policyeval.decide.case import CaseFacts
from policyeval.decide.decision import decide
from policyeval.decide.speed import measure
from policyeval.dsl.planfile import parse_plan
from policyeval.lexicon import load_lexicon
from policyeval.pipeline import PlanCache, case_facts, default_rules, evaluate_plan_text, prepared_plan
from policyeval.profile import profile_from_dict

PLAN = plan(
    'fact treatment iv_ketamine [excluded] in "eoc.pdf" page 40 network out_of_network quote "not covered out of network"',
    'fact treatment iv_ketamine [covered, prior_authorization] in "eoc.pdf" page 12 indications [trd] quote "TRD only, PA"',
    'fact treatment esketamine_nasal [covered] in "eoc.pdf" page 14 age_min 18 quote "adults"',
    'fact category specialty_drugs [prior_authorization] in "sbc.pdf" page 3 quote "PA required"',
    'fact insurer aetna [primary] in "sbc.pdf" page 1 quote "Aetna"',
    docs='document "sbc.pdf" kind sbc pages 4\ndocument "eoc.pdf" kind eoc pages 60',
)


def _profiles(n: int, seed: int = 7) -> list[dict[str, object]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        p: dict[str, object] = {"treatment": rng.choice(["iv_ketamine", "esketamine_nasal"])}
        if rng.random() < 0.7:
            p["age"] = rng.randint(12, 80)
        if rng.random() < 0.7:
            p["diagnoses"] = rng.sample(["F33.2", "PTSD", "treatment-resistant depression", "F41.1"], rng.randint(1, 2))
        if rng.random() < 0.6:
            p["failed_antidepressant_trials"] = rng.randint(0, 4)
        if rng.random() < 0.6:
            p["provider_in_network"] = rng.random() < 0.5
        if rng.random() < 0.3:
            p["insurer"] = rng.choice(["Cigna", "Oscar", "Aetna"])
        out.append(p)
    return out


def test_the_engines_kept_answer_is_durables_own():
    rules = default_rules()
    lexicon = load_lexicon()
    compiled = rules.compiled()
    by_id = {rules.rule_id(r): r for r in rules.rules}
    plans = PlanCache()
    for p in _profiles(300):
        facts = case_facts(PLAN, p, rules, lexicon, plans=plans)
        fresh = [by_id[i] for i in compiled.evaluate(rules.fact_for(facts))]
        assert rules.matched(case_facts(PLAN, p, rules, lexicon, plans=plans)) == fresh


def test_a_prepared_plan_decides_like_a_freshly_parsed_one():
    rules = default_rules()
    lexicon = load_lexicon()
    docs, findings, _ = parse_plan(PLAN)
    kinds = {d.name: d.kind for d in docs}
    for p in _profiles(120, seed=11):
        profile = profile_from_dict(p)
        cached = decide(rules, prepared_plan(PLAN).case(profile, rules, lexicon)).to_json()
        insurer = cached["insurer"]
        fresh = CaseFacts(profile, findings, kinds, lexicon, insurer, "", packs=rules.pack_treatments)
        if not profile.insurer and insurer == "aetna":
            fresh.insurer_source = "sbc.pdf"
        assert decide(rules, fresh).to_json() == cached


def test_decisions_from_one_cached_plan_are_independent():
    plans = PlanCache()
    profile = {"treatment": "iv_ketamine", "diagnoses": ["PTSD"], "provider_in_network": True}
    d1, f1 = evaluate_plan_text(PLAN, profile, plans=plans)
    f1.clear()
    d1.next_steps.append("scribbled on by a caller")
    d2, f2 = evaluate_plan_text(PLAN, profile, plans=plans)
    assert f2 and "scribbled on by a caller" not in d2.next_steps
    assert d2.to_json() == {**d1.to_json(), "next_steps": d1.next_steps[:-1]}


def test_a_plan_cache_belongs_to_its_caller():
    mine, theirs = PlanCache(), PlanCache()
    assert mine.get(PLAN) is mine.get(PLAN)
    assert theirs.get(PLAN) is not mine.get(PLAN)
    mine.clear()
    assert mine.get(PLAN) is not theirs.get(PLAN)


def test_measure_reports_every_component():
    rules = default_rules()
    lexicon = load_lexicon()
    profiles = [profile_from_dict(p) for p in _profiles(60, seed=3)]
    figures = measure(prepared_plan(PLAN), profiles, rules, lexicon)
    assert figures["profiles"] == 60 and sum(figures["verdicts"].values()) == 60
    for key in ("evaluations_per_s", "case_us", "lowering_us", "engine_us", "decision_us", "durable_us_per_new_fact"):
        assert figures[key] >= 0, key
    assert 1 <= figures["distinct_engine_facts"] <= 60
