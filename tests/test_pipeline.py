"""Pipeline behaviour that no single module owns: the document cache and multi-document plans."""

import pytest
from conftest import SAMPLES

from policyeval import pipeline
from policyeval.errors import InputError

SBC = SAMPLES / "sbc01_named_pa.pdf"


def test_same_bytes_are_read_once(monkeypatch):
    pipeline.DOCUMENT_CACHE.clear()
    calls = []
    real = pipeline.read_pdf
    monkeypatch.setattr(pipeline, "read_pdf", lambda *a, **k: calls.append(a[1]) or real(*a, **k))
    data = SBC.read_bytes()
    first = pipeline.evaluate([("a.pdf", data)], {"treatment": "esketamine_nasal"}).decision
    second = pipeline.evaluate([("a.pdf", data)], {"treatment": "esketamine_nasal", "age": 15}).decision
    assert calls == ["a.pdf"]
    assert (first.verdict, first.rule) == (second.verdict, second.rule)
    pipeline.evaluate([("a.pdf", data + b"\n%changed")], {"treatment": "esketamine_nasal"})
    assert calls == ["a.pdf", "a.pdf"]


def test_documents_of_one_plan_must_have_distinct_names():
    with pytest.raises(InputError, match="both named"):
        pipeline.evaluate([("x.pdf", SBC.read_bytes()), ("x.pdf", SBC.read_bytes())], {"treatment": "iv_ketamine"})


def test_no_inputs_is_bad_input():
    with pytest.raises(InputError, match="no plan documents"):
        pipeline.evaluate([], {"treatment": "iv_ketamine"})
