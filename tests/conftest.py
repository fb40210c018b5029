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
    from policyeval.decide.ruleset import load_rules

    return load_rules()


_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def opened_for_writing(event: str, args) -> str | None:
    """For a sys.audit hook: the path an `open` event opens for writing (devices aside), else None."""
    if event != "open" or not args or not isinstance(args[0], (str, bytes, os.PathLike)):
        return None
    mode = args[1] if len(args) > 1 else None
    flags = args[2] if len(args) > 2 else None
    if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & _WRITE_FLAGS):
        path = os.fsdecode(args[0])
        return None if path.startswith("/dev/") else path
    return None


def plan(*facts: str, docs: str = 'document "sbc.pdf" kind sbc pages 4') -> str:
    """A plan file: the documents line(s), then one fact per argument."""
    return docs + "\n" + "\n".join(facts) + "\n"
