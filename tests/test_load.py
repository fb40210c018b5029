"""Load: 8 threads x 500 evaluations over mixed plans and profiles give exactly the serial results (the
Streamlit app runs every browser session on its own thread, sharing the cached rule set), and memory
does not grow across repeated runs."""

from __future__ import annotations

import gc
import random
import threading
from pathlib import Path

import pytest
from conftest import SAMPLES

from policyeval.pipeline import evaluate, evaluate_plan_text, plan_from_inputs

pytestmark = pytest.mark.skipif(not (SAMPLES / "sbc01_named_pa.pdf").exists(), reason="samples not generated yet")

PLAN_PDFS = [
    "sbc01_named_pa.pdf",
    "sbc02_named_covered.pdf",
    "sbc03_ketamine_trd_only.pdf",
    "sbc05_infusion_pa.pdf",
    "sbc07_aetna_silent.pdf",
    "sbc15_named_excluded.pdf",
    "sbc16_named_iv_precert.pdf",
    "eoc01_tririver_certificate_2col.pdf",
]
PDF_IN_THREADS = ["sbc01_named_pa.pdf", "sbc02_named_covered.pdf", "sbc15_named_excluded.pdf"]

PROFILES = [
    {"treatment": "esketamine_nasal"},
    {"treatment": "iv_ketamine"},
    {
        "treatment": "esketamine_nasal",
        "age": 42,
        "diagnoses": ["F33.2", "treatment-resistant depression"],
        "failed_antidepressant_trials": 2,
        "scores": {"PHQ-9": 19},
        "rems_certified_site": True,
    },
    {"treatment": "iv_ketamine", "age": 35, "diagnoses": ["PTSD"], "insurer": "Aetna"},
    {
        "treatment": "esketamine_nasal",
        "age": 16,
        "diagnoses": ["F32.9"],
        "insurer": "Cigna",
        "antidepressant_trials": [
            {"drug": "sertraline", "weeks": 8, "improvement_pct": 10},
            {"drug": "bupropion", "weeks": 4, "improvement_pct": 40},
        ],
    },
    {
        "treatment": "iv_ketamine",
        "age": 61,
        "diagnoses": ["treatment-resistant depression"],
        "insurer": "Blue Cross Blue Shield of Massachusetts",
        "failed_antidepressant_trials": 3,
    },
    {
        "treatment": "esketamine_nasal",
        "age": 70,
        "diagnoses": ["F33.1"],
        "insurer": "UnitedHealthcare",
        "current_oral_antidepressant": False,
        "rems_certified_site": False,
        "scores": {"MADRS": 30},
    },
    {"treatment": "iv_ketamine", "age": 28, "insurer": "Zebra Insurance Co", "psychotherapy_tried": True},
]


def _key(decision) -> dict:
    return decision.to_json()


@pytest.fixture(scope="module")
def plans() -> list[tuple[str, str]]:
    out = []
    for name in PLAN_PDFS:
        if (SAMPLES / name).exists():
            text, _ = plan_from_inputs([SAMPLES / name])
            out.append((name, text))
    assert len(out) >= 4
    return out


@pytest.fixture(scope="module")
def serial(plans) -> dict:
    ref = {}
    for pi, (_, text) in enumerate(plans):
        for qi, prof in enumerate(PROFILES):
            ref[("plan", pi, qi)] = _key(evaluate_plan_text(text, prof)[0])
    for name in PDF_IN_THREADS:
        data = (SAMPLES / name).read_bytes()
        for qi, prof in enumerate(PROFILES[:3]):
            ref[("pdf", name, qi)] = _key(evaluate([(name, data)], prof).decision)
    return ref


def _work(plans, jobs: list[tuple], results: list, errors: list) -> None:
    pdf_bytes = {name: (SAMPLES / name).read_bytes() for name in PDF_IN_THREADS}
    for job in jobs:
        try:
            if job[0] == "plan":
                _, pi, qi = job
                results.append((job, _key(evaluate_plan_text(plans[pi][1], PROFILES[qi])[0])))
            else:
                # A unique trailing comment defeats the pipeline's document cache, so pymupdf really
                # reads on several threads at once.
                _, name, qi = job
                data = pdf_bytes[name] + f"\n% load-test {threading.get_ident()} {len(results)}\n".encode()
                results.append((job, _key(evaluate([(name, data)], PROFILES[qi]).decision)))
        except Exception as err:  # noqa: BLE001 - collected and reported with the job
            errors.append((job, f"{type(err).__name__}: {err}"))


def _jobs(plans, n: int, seed: int, pdfs: int) -> list[tuple]:
    rng = random.Random(seed)
    jobs = [("plan", rng.randrange(len(plans)), rng.randrange(len(PROFILES))) for _ in range(n - pdfs)]
    for k in range(pdfs):
        jobs.insert(rng.randrange(len(jobs) + 1), ("pdf", PDF_IN_THREADS[(seed + k) % len(PDF_IN_THREADS)], k % 3))
    return jobs


def _threaded(plans, threads: int, per_thread: int, pdfs_per_thread: int):
    results: list = []
    errors: list = []
    workers = [
        threading.Thread(target=_work, args=(plans, _jobs(plans, per_thread, seed, pdfs_per_thread), results, errors))
        for seed in range(threads)
    ]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return results, errors


def _check(results, errors, serial, expected_count: int) -> None:
    assert not errors, errors[:5]
    assert len(results) == expected_count
    wrong = [(job, got["verdict"], serial[job]["verdict"]) for job, got in results if got != serial[job]]
    assert not wrong, f"{len(wrong)} of {len(results)} threaded results differ from serial, e.g. {wrong[:5]}"


def test_threads_small(plans, serial):
    """Fast version for `make test-fast`: 8 threads x 25."""
    results, errors = _threaded(plans, 8, 25, 1)
    _check(results, errors, serial, 8 * 25)


@pytest.mark.slow
def test_threads_8x500_identical_to_serial(plans, serial):
    results, errors = _threaded(plans, 8, 500, 2)
    _check(results, errors, serial, 8 * 500)
    verdicts = {got["verdict"] for _, got in results}
    assert len(verdicts) >= 3, verdicts  # the mix really is mixed


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


@pytest.mark.slow
def test_no_memory_growth(plans, serial):
    pdf = {name: (SAMPLES / name).read_bytes() for name in PDF_IN_THREADS}

    def round_():
        for _pi, (_, text) in enumerate(plans):
            for _qi, prof in enumerate(PROFILES):
                evaluate_plan_text(text, prof)
        for name, data in pdf.items():
            evaluate([(name, data)], PROFILES[2])

    for _ in range(3):  # warm-up: caches, grammar, rule set, lexicon
        round_()
    gc.collect()
    before = _rss_mb()
    samples = []
    for _ in range(6):
        round_()
        gc.collect()
        samples.append(_rss_mb())
    growth = samples[-1] - before
    # ~400 evaluations and 18 PDF reads after warm-up; generous bound (allocator noise is a few MB).
    assert growth < 40, f"RSS grew {growth:.1f} MB after warm-up: {before:.0f} -> {[round(s) for s in samples]}"
