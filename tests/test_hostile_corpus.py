"""The hostile corpus (issue 11 §7): every class of attack, generated here, run end to end.

Each class runs in its own process (this file as a script) so its figures are its own: how many
inputs, their outcomes (a verdict, the untampered verdict, or a clean one-line error), the worst
time per input and the peak memory of the reading workers and of the caller. Bombs run with a
10 s reading limit (the worker is killed at 10 s + grace). The README's "Hostile input" table
comes from `pytest -s -m slow tests/test_hostile_corpus.py`."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
SAMPLES = HERE.parent / "samples"
BOMB_SECONDS = 10.0
PROFILE = {"treatment": "esketamine_nasal", "age": 40, "diagnoses": ["F33.2", "treatment-resistant depression"]}


def _hidden_text():
    from hostilebuild import HIDING_METHODS, tampered
    from test_hostile_visibility import TAMPERS

    for name, sentence, treatment in TAMPERS:
        data = (SAMPLES / name).read_bytes()
        for method in HIDING_METHODS:
            yield f"{method}:{name}", tampered(data, sentence, method), {**PROFILE, "treatment": treatment}, data


def _garbled():
    from hostilebuild import garbled_tounicode

    for name in ("sbc01_named_pa.pdf", "sbc02_named_covered.pdf", "sbc15_named_excluded.pdf", "sbc05_infusion_pa.pdf"):
        data = (SAMPLES / name).read_bytes()
        yield f"garbled:{name}", garbled_tounicode(data), PROFILE, data


def _bombs():
    from hostilebuild import inflate_bomb, lying_page_count, nested_xobjects, tiny_words

    yield "nested_xobjects:60x4", nested_xobjects(60, 4), PROFILE, None
    yield "nested_xobjects:30x16", nested_xobjects(30, 16), PROFILE, None
    yield "inflate:100MB", inflate_bomb(100), PROFILE, None
    yield "inflate:15MB (inside the structural limits: killed at the deadline)", inflate_bomb(15), PROFILE, None
    yield "tiny_words:20000", tiny_words(20_000), PROFILE, None
    yield "lying_count:2e9", lying_page_count(2_000_000_000), PROFILE, None
    yield "lying_count:301", lying_page_count(301), PROFILE, None


CLASSES = {"hidden_text": _hidden_text, "garbled_tounicode": _garbled, "bombs": _bombs}


def run_class(name: str) -> dict:
    """Evaluate every input of one class; figures as JSON."""
    sys.path.insert(0, str(HERE))
    from policyeval.errors import PolicyEvalError
    from policyeval.pipeline import evaluate
    from policyeval.read.document import ReadLimits
    from policyeval.read.worker import pool

    limits = ReadLimits(max_seconds=BOMB_SECONDS) if name == "bombs" else None
    outcomes: dict[str, int] = {}
    worst = (0.0, "")
    bad: list[str] = []
    for label, data, profile, original in CLASSES[name]():
        t0 = time.monotonic()
        try:
            d = evaluate([("plan.pdf", data)], profile, limits=limits).decision
            if original is not None:
                before = evaluate([("plan.pdf", original)], profile).decision.verdict
                outcome = "untampered verdict" if d.verdict == before else f"CHANGED {before}->{d.verdict}"
                if d.verdict != before:
                    bad.append(label)
            else:
                outcome = f"verdict {d.verdict}"
        except PolicyEvalError as err:
            msg = str(err)
            outcome = "clean error" if msg and "\n" not in msg else "MESSY ERROR"
            if outcome != "clean error":
                bad.append(label)
        except Exception as err:  # noqa: BLE001 - counted as a bug
            outcome = f"BUG {type(err).__name__}"
            bad.append(f"{label}: {err}")
        took = time.monotonic() - t0
        worst = max(worst, (took, label))
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    pool().close()
    return {
        "class": name,
        "count": sum(outcomes.values()),
        "outcomes": outcomes,
        "worst_seconds": round(worst[0], 1),
        "worst_input": worst[1],
        "worker_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
        "caller_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "bad": bad,
    }


def _profile_attacks() -> dict:
    """Profile attacks, in process: each must be a ProfileError naming a field, quickly."""
    from policyeval.errors import ProfileError
    from policyeval.profile import parse_profile_text

    base = "treatment: esketamine_nasal\n"
    attacks = {
        "sexagesimal": base + "age: 1:30\n",
        "hex": base + "age: 0x2A\n",
        "octal": base + "age: 0o52\n",
        "yes_no": base + "rems_certified_site: yes\n",
        "duplicate_key": base + "treatment: iv_ketamine\n",
        "digits_5000": base + "age: " + "9" * 5_000 + "\n",
        "nesting_20000": base + "diagnoses: " + "[" * 20_000 + "]" * 20_000 + "\n",
        "json_nesting_20000": '{"treatment": "iv_ketamine", "scores": '
        + "{" * 1
        + '"a": '
        + "[" * 20_000
        + "]" * 20_000
        + "}}",
        "insurer_250kb": base + "insurer: " + "Cigna " * 42_000 + "\n",
        "aliases": "a: &a [x, x]\nb: &b [*a, *a]\n" + base,
        "many_values": base + "diagnoses: [" + ", ".join(["x"] * 5_000) + "]\n",
        "tagged_int": base + "age: !!int 0x2A\n",
        "bad_timestamp": base + "age: !!timestamp 2020-99-99\n",
    }
    outcomes: dict[str, int] = {}
    worst = (0.0, "")
    bad = []
    for label, text in attacks.items():
        t0 = time.monotonic()
        try:
            parse_profile_text(text, "p.yaml")
            outcome = "accepted"
            bad.append(label)
        except ProfileError as err:
            outcome = "clean error" if "\n" not in str(err) and "'" in str(err) else "MESSY ERROR"
        except Exception as err:  # noqa: BLE001 - counted as a bug
            outcome = f"BUG {type(err).__name__}"
            bad.append(label)
        worst = max(worst, (time.monotonic() - t0, label))
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return {
        "class": "profile_attacks",
        "count": len(attacks),
        "outcomes": outcomes,
        "worst_seconds": round(worst[0], 2),
        "worst_input": worst[1],
        "worker_peak_mb": 0,
        "caller_peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
        "bad": bad,
    }


def _run(name: str) -> dict:
    proc = subprocess.run(
        [sys.executable, __file__, name], capture_output=True, text=True, timeout=3000, cwd=str(HERE.parent)
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.skipif(not (SAMPLES / "sbc01_named_pa.pdf").exists(), reason="samples not generated yet")
@pytest.mark.parametrize("name", [*CLASSES, "profile_attacks"])
def test_hostile_class(name):
    figures = _run(name)
    print(json.dumps(figures))
    assert not figures["bad"], figures
    if name == "bombs":
        # killed at the deadline: BOMB_SECONDS + grace, plus starting a fresh worker
        assert figures["worst_seconds"] < BOMB_SECONDS + 40, figures
    assert figures["caller_peak_mb"] < 1500, figures


if __name__ == "__main__":
    which = sys.argv[1]
    print(json.dumps(_profile_attacks() if which == "profile_attacks" else run_class(which)))
