"""Pipeline behaviour that no single module owns: the document cache and multi-document plans."""

import pytest
from conftest import SAMPLES

from policyeval import pipeline
from policyeval.errors import InputError

SBC = SAMPLES / "sbc01_named_pa.pdf"


def test_same_bytes_are_read_once_per_cache(monkeypatch):
    """A caller's own cache (a session, a QA run) reads the same bytes once; without one, or with
    another caller's cache, they are read again (no document outlives its caller)."""
    calls = []
    real = pipeline.read_in_worker
    monkeypatch.setattr(pipeline, "read_in_worker", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    data = SBC.read_bytes()
    mine = pipeline.DocumentCache()
    first = pipeline.evaluate([("a.pdf", data)], {"treatment": "esketamine_nasal"}, cache=mine).decision
    second = pipeline.evaluate([("a.pdf", data)], {"treatment": "esketamine_nasal", "age": 15}, cache=mine).decision
    assert calls == ["a.pdf"]
    assert (first.verdict, first.rule) == (second.verdict, second.rule)
    pipeline.evaluate([("a.pdf", data + b"\n%changed")], {"treatment": "esketamine_nasal"}, cache=mine)
    assert calls == ["a.pdf", "a.pdf"]
    pipeline.evaluate([("a.pdf", data)], {"treatment": "esketamine_nasal"}, cache=pipeline.DocumentCache())
    pipeline.evaluate([("a.pdf", data)], {"treatment": "esketamine_nasal"})
    assert calls == ["a.pdf"] * 4


def test_documents_of_one_plan_must_have_distinct_names():
    with pytest.raises(InputError, match="both named"):
        pipeline.evaluate([("x.pdf", SBC.read_bytes()), ("x.pdf", SBC.read_bytes())], {"treatment": "iv_ketamine"})


def test_no_inputs_is_bad_input():
    with pytest.raises(InputError, match="no plan documents"):
        pipeline.evaluate([], {"treatment": "iv_ketamine"})


def test_what_the_reader_could_not_read_reaches_the_decision(monkeypatch):
    """Document warnings (pages skipped or doubted) are shown with the verdict, once each."""
    real = pipeline.plan_from_inputs

    def with_warnings(*args, **kwargs):
        text, docs = real(*args, **kwargs)
        for d in docs:
            d.warnings = [f"pages 3-4 of {d.name} do not read as text and were skipped"] * 2
        return text, docs

    monkeypatch.setattr(pipeline, "plan_from_inputs", with_warnings)
    d = pipeline.evaluate([SBC], {"treatment": "esketamine_nasal"}, cache=pipeline.DocumentCache()).decision
    assert d.warnings == ["pages 3-4 of sbc01_named_pa.pdf do not read as text and were skipped"]
    assert d.to_json()["warnings"] == d.warnings


def test_a_plan_cache_serves_the_same_plan_for_every_answer():
    plans = pipeline.PlanCache()
    docs = pipeline.DocumentCache()
    first = pipeline.evaluate([SBC], {"treatment": "esketamine_nasal"}, cache=docs, plans=plans).decision
    again = pipeline.evaluate([SBC], {"treatment": "esketamine_nasal", "age": 40}, cache=docs, plans=plans).decision
    assert len(plans) == 1
    assert (first.verdict, first.rule) == (again.verdict, again.rule)
