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
