"""Nothing about a patient is written to disk or to logs.

The CLI (a real process, HOME / TMPDIR / cwd in fresh folders) and the app's evaluation path
(`pipeline.evaluate` with uploaded bytes, in process; documents are read in worker processes that
inherit the same folders) run with a profile whose values carry long random tokens, new each run.
Checked, in the places a run can write — its own temp folder, cwd, HOME and the input folder:
- every file the Python process opens for writing (an audit hook records them) is an output the caller
  asked for;
- nothing new or modified there except those outputs;
- no new or modified file in the repository contains a token (it is shared with other processes, so
  only content is checked there);
- no log record (every logger at DEBUG) and nothing on stderr contains a token.
Random tokens, not plausible values: an unrelated file elsewhere can never match by chance.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES, opened_for_writing

SAMPLE = SAMPLES / "sbc01_named_pa.pdf"
pytestmark = pytest.mark.skipif(not SAMPLE.exists(), reason="samples not generated yet")

# One random token per value, lower case (the checks compare lower-cased text), 128 bits each.
TOKENS = {k: secrets.token_hex(16) for k in ("insurer", "diagnosis", "drug1", "drug2")}
PROFILE = {
    "treatment": "esketamine_nasal",
    "insurer": f"Mutual {TOKENS['insurer']}",
    "age": 97,
    "diagnoses": ["F33.2", f"dysthymia {TOKENS['diagnosis']}"],
    "antidepressant_trials": [
        {"drug": f"x{TOKENS['drug1']}", "weeks": 11, "improvement_pct": 13},
        {"drug": f"x{TOKENS['drug2']}", "weeks": 9, "improvement_pct": 7},
    ],
    "scores": {"PHQ-9": 23},
    "current_oral_antidepressant": True,
    "rems_certified_site": True,
    "provider_in_network": True,
}
MARKERS = tuple(TOKENS.values())
PROFILE_YAML = f"""\
treatment: esketamine_nasal
insurer: Mutual {TOKENS["insurer"]}
age: 97
diagnoses: ["F33.2", "dysthymia {TOKENS["diagnosis"]}"]
antidepressant_trials:
  - {{drug: x{TOKENS["drug1"]}, weeks: 11, improvement_pct: 13}}
  - {{drug: x{TOKENS["drug2"]}, weeks: 9, improvement_pct: 7}}
scores: {{PHQ-9: 23}}
current_oral_antidepressant: true
rems_certified_site: true
provider_in_network: true
"""

SKIP_DIRS = {".git", ".venv", "__pycache__", ".pytest_cache", ".hypothesis", "node_modules"}


def _leaks(text: str) -> list[str]:
    low = text.lower()
    return [m for m in MARKERS if m in low]


def snapshot(root: Path, limit: int = 200_000) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root, onerror=lambda e: None):
        dirnames[:] = [d for d in dirnames if d not in SKIP_DIRS and not d.startswith("pytest-of-")]
        for f in filenames:
            p = os.path.join(dirpath, f)
            try:
                st = os.lstat(p)
            except OSError:
                continue
            out[p] = (st.st_mtime_ns, st.st_size)
            if len(out) > limit:
                return out
    return out


def changed(before: dict, after: dict) -> list[str]:
    return sorted(p for p, sig in after.items() if before.get(p) != sig)


def contains_marker(path: str) -> list[str]:
    hits = _leaks(path)
    try:
        with open(path, "rb") as fh:
            data = fh.read(50_000_000)
    except OSError:
        return hits
    return hits + _leaks(data.decode("latin-1"))


# ---- the CLI, a real process ---------------------------------------------------------------------

# Runs policyeval's CLI with every logger at DEBUG to stderr and an audit hook that lists every file
# opened for writing (written to a descriptor the test gave it, not to a file).
WRAPPER = r"""
import json, logging, os, sys
logging.basicConfig(level=logging.DEBUG, stream=sys.stderr, format="LOG %(name)s %(levelname)s %(message)s")
fd = int(os.environ.pop("PRIVACY_AUDIT_FD"))
writes = []
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
def hook(event, args):
    if event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        path, mode, flags = (list(args) + [None, None])[:3]
        w = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & WRITE_FLAGS)
        if w:
            writes.append(os.path.abspath(os.fsdecode(path)))
    elif event in ("os.rename", "os.replace", "shutil.copyfile", "shutil.move", "os.mkdir", "os.symlink"):
        paths = [os.path.abspath(os.fsdecode(a)) for a in args if isinstance(a, (str, bytes, os.PathLike))]
        writes.append(event + " " + paths[-1] if paths else event)
sys.addaudithook(hook)
from policyeval.cli import main
try:
    code = main(sys.argv[1:])
finally:
    os.write(fd, json.dumps(writes).encode())
    os.close(fd)
sys.exit(code)
"""


def run_cli(args: list[str], cwd: Path, home: Path, tmp: Path) -> tuple[subprocess.CompletedProcess, list[str]]:
    r, w = os.pipe()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "POLICYEVAL_"))}
    env.update(
        HOME=str(home),
        TMPDIR=str(tmp),
        TEMP=str(tmp),
        TMP=str(tmp),
        PYTHONDONTWRITEBYTECODE="1",
        PRIVACY_AUDIT_FD=str(w),
        PYTHONWARNINGS="ignore",
    )
    proc = subprocess.run(
        [sys.executable, "-c", WRAPPER, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        pass_fds=(w,),
    )
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        raw = fh.read()
    writes = json.loads(raw) if raw else []
    return proc, [p for p in writes if not p.startswith("/dev/")]


@pytest.fixture
def places(tmp_path):
    d = {name: tmp_path / name for name in ("cwd", "home", "tmp", "inputs")}
    for p in d.values():
        p.mkdir()
    (d["inputs"] / "plan.pdf").write_bytes(SAMPLE.read_bytes())
    (d["inputs"] / "patient.yaml").write_text(PROFILE_YAML)
    return d


def test_cli_writes_only_what_was_asked(places):
    cwd, home, tmp, inputs = places["cwd"], places["home"], places["tmp"], places["inputs"]
    private = [cwd, home, tmp, inputs]
    shared = [ROOT]
    before = {p: snapshot(p) for p in private + shared}
    plan, prof = str(inputs / "plan.pdf"), str(inputs / "patient.yaml")
    runs = [
        (["evaluate", plan, "--profile", prof], set()),
        (["evaluate", plan, "--profile", prof, "--json"], set()),
        (["evaluate", plan, "--profile", prof, "--highlight", "pages"], {"pages"}),
        (["extract", plan, "-o", "plan.policy"], {"plan.policy"}),
        (["findings", plan, "--json"], set()),
    ]
    asked: set[Path] = set()
    grammar_cache = home / ".cache" / "policyeval"  # the grammar's parser tables and checked rules (dsl/)
    for argv, outputs in runs:
        proc, writes = run_cli(argv, cwd, home, tmp)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert not _leaks(proc.stderr), f"{argv[0]}: stderr/log mentions {_leaks(proc.stderr)}: {proc.stderr[-2000:]}"
        allowed = {cwd / o for o in outputs}
        asked |= allowed | {grammar_cache}
        for w in writes:
            wp = Path(w.split(" ", 1)[-1]) if w.startswith(("os.", "shutil.")) else Path(w)
            if wp in (grammar_cache, grammar_cache.parent) or grammar_cache in wp.parents:
                continue  # parser tables and checked rules: program data (checked for profile values below)
            assert any(wp == a or a in wp.parents for a in allowed), f"{argv[0]} wrote {w}"
        if argv[0] == "evaluate" and "--json" in argv:
            # The caller asked for the decision on stdout: the profile's insurer may appear there, and
            # nothing else of the profile needs to (trial drugs, diagnoses stay out of the output).
            data = json.loads(proc.stdout)
            assert data["verdict"]
    assert (cwd / "plan.policy").exists() and list((cwd / "pages").glob("*.png"))
    for p in private:
        new = [
            c for c in changed(before[p], snapshot(p)) if not any(Path(c) == a or a in Path(c).parents for a in asked)
        ]
        assert not new, f"files written in {p}: {new}"
    for p in shared:
        leaked = [(c, contains_marker(c)) for c in changed(before[p], snapshot(p))]
        leaked = [x for x in leaked if x[1]]
        assert not leaked, f"patient values written under {p}: {leaked}"
    for f in [cwd / "plan.policy", *(cwd / "pages").glob("*"), *grammar_cache.glob("*")]:
        assert not contains_marker(str(f)), f"{f} (an output) contains profile values"
    assert all(f.name.startswith(("grammar-", "rules-")) for f in grammar_cache.glob("*"))


def test_bad_profile_error_does_not_log_other_values(places):
    """A refused profile names the field; the one-line error is the only output."""
    cwd, home, tmp, inputs = places["cwd"], places["home"], places["tmp"], places["inputs"]
    (inputs / "bad.yaml").write_text(PROFILE_YAML.replace("age: 97", "age: -3"))
    proc, writes = run_cli(
        ["evaluate", str(inputs / "plan.pdf"), "--profile", str(inputs / "bad.yaml")], cwd, home, tmp
    )
    assert proc.returncode == 2
    assert "age" in proc.stderr and not _leaks(proc.stderr), proc.stderr
    assert not writes


# ---- the app's evaluation path, in process ---------------------------------------------------------

_RECORD: list[list[str]] = []


def _audit(event, args):
    path = opened_for_writing(event, args) if _RECORD else None
    if path:
        _RECORD[-1].append(path)


_HOOKED = []


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        try:
            self.lines.append(f"{record.name} {record.levelname} {record.getMessage()}")
        except Exception:  # noqa: BLE001 - a badly formatted record is still a record
            self.lines.append(f"{record.name} {record.levelname} {record.msg!r} {record.args!r}")


def test_app_path_in_process(places, monkeypatch, capfd):
    if not _HOOKED:
        sys.addaudithook(_audit)  # cannot be removed; inert while _RECORD is empty
        _HOOKED.append(True)
    import tempfile

    cwd, home, tmp = places["cwd"], places["home"], places["tmp"]
    monkeypatch.chdir(cwd)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    handler = _Capture()
    root = logging.getLogger()
    loggers = [root] + [logging.getLogger(n) for n in list(logging.root.manager.loggerDict)]
    saved = [(lg, lg.level, lg.disabled) for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.DEBUG)
        lg.disabled = False
        lg.addHandler(handler)
    from policyeval.dsl.parser import parse
    from policyeval.pipeline import default_rules

    parse("")  # parser tables and the checked rules are built (and cached: program data) before recording
    default_rules()
    before = {p: snapshot(p) for p in (cwd, home, tmp, ROOT)}
    _RECORD.append([])
    try:
        from policyeval.pipeline import evaluate
        from policyeval.profile import profile_from_dict

        data = SAMPLE.read_bytes()
        result = evaluate([("my plan.pdf", data)], profile_from_dict(dict(PROFILE)))
        d = result.decision
        text = json.dumps(d.to_json())
        try:
            from policyeval.read.render import render_evidence

            for e in d.evidence[:2]:
                doc = next(x for x in result.documents if x.name == e.document)
                assert render_evidence(doc, e.page, e.bboxes)[:4] == b"\x89PNG"
        except ImportError:
            pass
        from policyeval.advise.report import decision_text

        decision_text(d)
        assert d.verdict in ("covered", "pa_required", "experimental_exclusion", "unknown")
    finally:
        writes = _RECORD.pop()
        for lg, level, disabled in saved:
            lg.setLevel(level)
            lg.disabled = disabled
            lg.removeHandler(handler)
    out, err = capfd.readouterr()
    assert not writes, f"the evaluation opened files for writing: {writes}"
    for p, snap in before.items():
        if p == ROOT:
            leaked = [c for c in changed(snap, snapshot(p)) if contains_marker(c)]
            assert not leaked, leaked
        else:
            assert not changed(snap, snapshot(p)), f"files written under {p}"
    logged = "\n".join(handler.lines)
    assert not _leaks(logged), f"log records mention {_leaks(logged)}: {logged[-2000:]}"
    assert not _leaks(out + err), f"stdout/stderr mention {_leaks(out + err)}"
    assert text


# ---- the checks themselves catch a leak (so a green run means something) ----------------------------


def test_check_catches_a_logged_profile(places, monkeypatch, capfd):
    import policyeval.pipeline as pipeline

    real = pipeline.evaluate

    def leaky(inputs, profile, *a, **k):
        logging.getLogger("policyeval.leaky").debug("evaluating for %s", profile)
        return real(inputs, profile, *a, **k)

    monkeypatch.setattr(pipeline, "evaluate", leaky)
    with pytest.raises(AssertionError, match="log records mention"):
        test_app_path_in_process(places, monkeypatch, capfd)


def test_check_catches_a_temp_file(places, monkeypatch, capfd):
    import tempfile

    import policyeval.pipeline as pipeline

    real = pipeline.evaluate

    def leaky(inputs, profile, *a, **k):
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
            fh.write("{}")
        return real(inputs, profile, *a, **k)

    monkeypatch.setattr(pipeline, "evaluate", leaky)
    with pytest.raises(AssertionError, match="opened files for writing"):
        test_app_path_in_process(places, monkeypatch, capfd)


# ---- nothing about a patient outlives the session in memory -----------------------------------------


def _strings_reachable(roots: list, limit: int = 3_000_000) -> list[str]:
    """Every str / bytes reachable from `roots` through references (gc.get_referents), not descending into
    modules other than policyeval's own (they hold no session data) nor into this test's frames."""
    import gc
    import types

    seen: set[int] = set()
    out: list[str] = []
    stack = list(roots)
    while stack and len(seen) < limit:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, str):
            out.append(obj)
            continue
        if isinstance(obj, (bytes, bytearray)):
            out.append(bytes(obj).decode("latin-1"))
            continue
        if isinstance(obj, types.FrameType):
            continue
        if isinstance(obj, types.ModuleType) and not obj.__name__.startswith(("policyeval", "app")):
            continue
        stack.extend(gc.get_referents(obj))
    return out


def _policyeval_modules() -> list:
    return [m for n, m in list(sys.modules.items()) if n == "policyeval" or n.startswith("policyeval.")]


def _session_pdf(token: str) -> bytes:
    """A plan PDF whose own words carry a random token (a member id on the page and in a row)."""
    from pdfbuild import MH, ChartRow, build_sbc, standard_rows

    rows = standard_rows() + [
        ChartRow(MH, "Spravato (esketamine) treatment", "20% coinsurance", "Not covered", f"Member {token} only")
    ]
    return build_sbc(rows, plan=f"Gold {token}")


def test_nothing_about_a_patient_outlives_the_session_in_memory():
    """A session (the app's path: its own DocumentCache and PlanCache, uploaded bytes, a profile, the
    evidence rendered, the report) is dropped; then no string reachable from policyeval's modules — its
    module-level caches (lru caches of words, compiled rules, the reader pool) — holds a word of the
    session's document or a value of its profile. Checked first with the session alive (the check finds
    the tokens then), so a green run means something."""
    import gc

    import policyeval
    from policyeval.advise.report import decision_text
    from policyeval.read.render import render_evidence

    # the tokens exist only reversed outside the session, so the search never finds itself
    reversed_tokens = [secrets.token_hex(16)[::-1] for _ in range(3)]

    def session() -> tuple[object, ...]:
        doc_token, insurer_token, drug_token = (t[::-1] for t in reversed_tokens)
        cache, plans = policyeval.DocumentCache(), policyeval.PlanCache()
        profile = {
            "treatment": "esketamine_nasal",
            "insurer": f"Mutual {insurer_token}",
            "age": 40,
            "antidepressant_trials": [{"drug": f"x{drug_token}", "weeks": 8, "improvement_pct": 10}],
        }
        result = policyeval.evaluate([("my plan.pdf", _session_pdf(doc_token))], profile, cache=cache, plans=plans)
        for e in result.decision.evidence[:1]:
            doc = next(x for x in result.documents if x.name == e.document)
            render_evidence(doc, e.page, e.bboxes)
        decision_text(result.decision)
        return cache, plans, result

    alive = session()

    def found(roots: list) -> list[str]:
        needles = [t[::-1] for t in reversed_tokens]
        return sorted({n[:6] for s in _strings_reachable(roots) for n in needles if n in s})

    assert len(found(list(alive))) >= 2, "the check does not find the session's own values"
    assert found(_policyeval_modules()), "the word memos hold the session's words until forgotten"
    del alive
    policyeval.forget_words()  # what the app does after every run (app/main.py)
    gc.collect()
    leaked = found(_policyeval_modules())
    assert not leaked, f"module-level state keeps session values after the session ended: {leaked}"


def test_the_app_keeps_no_session_value_in_shared_memory(monkeypatch):
    """The app itself (AppTest): a session uploads a PDF carrying a random token and gets its answer;
    after the run, nothing reachable from policyeval's modules holds the token (the session's own state
    does, and goes with the session)."""
    import gc

    pytest.importorskip("streamlit")
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("POLICYEVAL_SAMPLE", str(SAMPLE))
    reversed_token = secrets.token_hex(16)[::-1]
    at = AppTest.from_file(str(ROOT / "app" / "main.py"), default_timeout=180)
    at.run()
    at.file_uploader(key="uploads").set_value(("mine.pdf", _session_pdf(reversed_token[::-1]), "application/pdf"))
    at.run()
    assert not at.exception and "Read: mine.pdf" in " ".join(c.value for c in at.caption)
    held = at.session_state["read_cache"]
    assert any(reversed_token[::-1] in s for s in _strings_reachable([held])), "the session holds its document"
    del held
    gc.collect()
    leaked = [s[:40] for s in _strings_reachable(_policyeval_modules()) if reversed_token[::-1] in s]
    assert not leaked, f"shared state keeps the session's words after its run: {leaked}"
