"""No input, however hostile, gives exit 3 or a traceback; what the CLI prints from documents and
rule files carries no control characters or escape sequences (issue 11 §5, §6).

Each case runs the real CLI in a subprocess with an address-space cap and a timeout (test_robustness's
harness), so a hang, an allocation storm or a crash shows as a failure."""

from __future__ import annotations

import os
import re
import threading
import time

import pymupdf
import pytest
from test_robustness import assert_clean, cli

from policyeval.terminal import printable

PROFILE = "treatment: esketamine_nasal\nage: 42\ndiagnoses: [F33.2]\n"
ESCAPES = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    d = tmp_path_factory.mktemp("hostile_cli")
    (d / "profile.yaml").write_text(PROFILE)
    doc = pymupdf.open()
    page = doc.new_page()
    for i, line in enumerate(
        [
            "Summary of Benefits and Coverage: Harbor Silver PPO",
            "If you need drugs to treat your illness or condition",
            "Specialty drugs: Spravato (esketamine) nasal spray. Prior authorization required.",
        ]
    ):
        page.insert_text((54, 72 + 16 * i), line, fontsize=9)
    (d / "plan.pdf").write_bytes(doc.tobytes())
    return d


# ---- the printer ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, shown",
    [
        ("plain words", "plain words"),
        ("a\x1b[31mred\x1b[0m b", "ared b"),
        ("x\x1b]0;new title\x07y", "xy"),
        ("x\x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\y", "xlinky"),
        ("erase\x1b[2J\x1b[Hall", "eraseall"),
        ("bell\x07 back\x08 cr\r", "bell back cr"),
        ("tab\tand\nnewline", "tab\tand\nnewline"),
        ("8-bit csi\x9b31m", "8-bit csi"),
        ("bidi\u202etxt.exe\u202c", "biditxt.exe"),
        ("trailing escape\x1b", "trailing escape"),
    ],
)
def test_printable_removes_escapes_and_controls(raw, shown):
    assert printable(raw) == shown


# ---- exit codes: never 3, never a traceback ------------------------------------------------------------


def _profile_attacks(d) -> dict[str, str]:
    """name -> profile file (under d) for every profile attack class."""
    files = {
        "sexagesimal": PROFILE + "failed_antidepressant_trials: 1:30\n",
        "hex": PROFILE.replace("age: 42", "age: 0x2A"),
        "duplicate_key": PROFILE + "treatment: iv_ketamine\n",
        "digits_5000": PROFILE.replace("age: 42", "age: " + "9" * 5_000),
        "nesting_20000": PROFILE + "scores: " + "[" * 20_000 + "]" * 20_000 + "\n",
        "insurer_250kb": PROFILE + "insurer: " + "Cigna " * 42_000 + "\n",
        "json_nesting": '{"treatment": "iv_ketamine", "diagnoses": ' + "[" * 20_000 + "]" * 20_000 + "}",
        "binary_junk": "treatment: iv_ketamine\n" + "".join(chr(c) for c in range(1, 32) if c not in (9, 10, 13)),
        "escape_in_key": "treatment: iv_ketamine\n\x1b[2Jevil: 1\n",
    }
    out = {}
    for name, text in files.items():
        (d / f"{name}.yaml").write_text(text)
        out[name] = f"{name}.yaml"
    return out


@pytest.mark.slow
def test_profile_attacks_in_the_cli(work):
    """Each profile attack: exit 2, one line naming the field, quickly."""
    fields = {
        "sexagesimal": "failed_antidepressant_trials",
        "hex": "age",
        "duplicate_key": "treatment",
        "digits_5000": "age",
        "nesting_20000": "scores",
        "insurer_250kb": "insurer",
        "json_nesting": "diagnoses",
    }
    for name, path in _profile_attacks(work).items():
        t0 = time.monotonic()
        proc = cli(["evaluate", "plan.pdf", "--profile", path], work, timeout=120)
        assert_clean(proc, allowed=(2,))
        assert time.monotonic() - t0 < 60, f"{name} took {time.monotonic() - t0:.0f} s"
        if name in fields:
            assert f"'{fields[name]}'" in proc.stderr, (name, proc.stderr)
        assert not ESCAPES.search(proc.stderr.replace("\n", "")), (name, proc.stderr)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
@pytest.mark.parametrize("where", ["profile", "plan"])
def test_devices_are_refused(work, device, where):
    args = (
        ["evaluate", device, "--profile", "profile.yaml"]
        if where == "plan"
        else ["evaluate", "plan.pdf", "--profile", device]
    )
    proc = cli(args, work, timeout=60)
    assert_clean(proc, allowed=(2,))
    assert "not a regular file" in proc.stderr, proc.stderr


@pytest.mark.parametrize("where", ["profile", "plan", "rules"])
def test_a_fifo_is_refused_without_waiting(work, where):
    fifo = work / f"fifo_{where}"
    if not fifo.exists():
        os.mkfifo(fifo)
    args = {
        "profile": ["evaluate", "plan.pdf", "--profile", fifo.name],
        "plan": ["evaluate", fifo.name, "--profile", "profile.yaml"],
        "rules": ["evaluate", "plan.pdf", "--profile", "profile.yaml", "--rules", fifo.name],
    }[where]
    # a writer that never writes keeps a blocking open() waiting forever
    holder = threading.Thread(target=lambda: _hold(fifo), daemon=True)
    holder.start()
    proc = cli(args, work, timeout=60)
    assert_clean(proc, allowed=(2,))


def _hold(fifo) -> None:
    try:
        fd = os.open(fifo, os.O_WRONLY)
        time.sleep(90)
        os.close(fd)
    except OSError:
        pass


def test_directory_and_missing_inputs(work):
    for args in (
        ["evaluate", ".", "--profile", "profile.yaml"],
        ["evaluate", "plan.pdf", "--profile", "."],
        ["evaluate", "missing.pdf", "--profile", "profile.yaml"],
        ["evaluate", "plan.pdf", "--profile", "missing.yaml"],
        ["findings", "/dev/null"],
        ["extract", "/dev/zero"],
    ):
        assert_clean(cli(args, work, timeout=60), allowed=(2,))


# ---- printed text from documents and rule files ---------------------------------------------------------


def test_escapes_in_a_rule_file_are_not_printed(work):
    (work / "evil.policy").write_text("rule evil\x1b]0;pwned\x07 {\n    priority 5\n    when age >= 18\x1b[2J\n")
    proc = cli(["evaluate", "plan.pdf", "--profile", "profile.yaml", "--rules", "evil.policy"], work)
    assert_clean(proc, allowed=(2,), max_err_lines=3)
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr, repr(proc.stderr)


def test_escapes_in_a_plan_file_are_not_printed(work):
    quote = "Spravato \x1b[2J\x1b]0;pwned\x07is covered\u202e"
    (work / "evil.policy").write_text(
        'document "sbc.pdf" kind sbc pages 1\n'
        "fact treatment esketamine_nasal [covered]\n"
        '    in "sbc.pdf" page 1\n'
        f'    quote "{quote}"\n'
    )
    for args in (
        ["evaluate", "evil.policy", "--profile", "profile.yaml"],
        ["evaluate", "evil.policy", "--profile", "profile.yaml", "--json"],
    ):
        proc = cli(args, work)
        assert_clean(proc, allowed=(0, 2), max_err_lines=3)
        out = (proc.stdout + proc.stderr).replace("\n", "").replace("\t", "")
        assert not ESCAPES.search(out), repr(out[:500])


def test_escapes_in_a_pdf_are_not_printed(work):
    doc = pymupdf.open(stream=(work / "plan.pdf").read_bytes())
    doc[0].insert_text((54, 200), "Spravato \x1b[2J is covered \u202eevil", fontsize=9)
    doc.set_metadata({"title": "Plan \x1b]0;pwned\x07 title"})
    (work / "escapes.pdf").write_bytes(doc.tobytes())
    for args in (
        ["evaluate", "escapes.pdf", "--profile", "profile.yaml"],
        ["findings", "escapes.pdf"],
        ["extract", "escapes.pdf"],
    ):
        proc = cli(args, work)
        assert_clean(proc)
        out = (proc.stdout + proc.stderr).replace("\n", "").replace("\t", "")
        assert not ESCAPES.search(out), (args[0], repr(out[:500]))


@pytest.mark.slow
def test_the_hostile_pdf_corpus_through_the_cli(work):
    """Every bomb, garbled map and hiding method of the hostile corpus (test_hostile_corpus) through the
    real CLI: a verdict (exit 0) or one clean line (exit 2) — never exit 3, a traceback, a signal or a
    hang; a tampered plan gives the untampered verdict and says its hidden text was ignored. The stream
    that keeps MuPDF busy until the deadline is left to the in-process corpus (the CLI reads with the
    default 120 s limit)."""
    import json
    import sys

    sys.path.insert(0, os.path.dirname(__file__))
    from hostilebuild import HIDING_METHODS, tampered
    from test_hostile_corpus import SAMPLES, _bombs, _garbled
    from test_hostile_visibility import EXCLUDE

    def run(name: str, data: bytes, label: str = "") -> tuple[int, dict]:
        (work / name).write_bytes(data)
        t0 = time.monotonic()
        proc = cli(["evaluate", name, "--profile", "profile.yaml", "--json"], work, timeout=200)
        try:
            assert_clean(proc)
        except AssertionError as err:
            raise AssertionError(f"{label or name}: {err}") from None
        assert time.monotonic() - t0 < 150, f"{name} took {time.monotonic() - t0:.0f} s"
        return proc.returncode, json.loads(proc.stdout) if proc.returncode == 0 else {}

    base = (SAMPLES / "sbc02_named_covered.pdf").read_bytes()
    _code, untampered = run("untampered.pdf", base)
    exits: dict[int, int] = {}
    corpus = [(label, data) for label, data, _p, _o in [*_bombs(), *_garbled()] if "deadline" not in label]
    for i, (label, data) in enumerate(corpus):
        code, _out = run(f"corpus{i}.pdf", data, label)
        exits[code] = exits.get(code, 0) + 1
    for method in HIDING_METHODS:
        code, out = run(f"hidden_{method}.pdf", tampered(base, EXCLUDE, method))
        assert code == 0 and out["verdict"] == untampered["verdict"], (method, out.get("verdict"))
        assert any("hidden text" in w for w in out["warnings"]), (method, out["warnings"])
        exits[code] = exits.get(code, 0) + 1
    print(f"hostile PDF corpus through the CLI: {len(corpus) + len(HIDING_METHODS)} inputs, exit codes {exits}")
