"""Shared test helpers: paths, and plan texts written directly in the DSL (no PDF reader needed)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
REAL_SBC = ROOT.parent / "shared" / "real-sbc"

os.environ.setdefault("TESSDATA_PREFIX", "/usr/share/tesseract-ocr/5/tessdata")


@pytest.fixture(scope="session")
def default_rules():
    from policyeval.ruleset import load_rules
    return load_rules()


def plan(*facts: str, docs: str = 'document "sbc.pdf" kind sbc pages 4') -> str:
    """A plan file: the documents line(s), then one fact per argument."""
    return docs + "\n" + "\n".join(facts) + "\n"
