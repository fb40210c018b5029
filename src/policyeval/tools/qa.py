"""`policyeval qa`: run every sample case (documents + profile -> expected verdict, basis and evidence
page) and report pass / fail, the trace of each failure and which rules the cases never exercise.

Cases run in this process (``jobs=1``), in a pool of fresh processes (``jobs>1``: the "forkserver"
context where available, else "spawn" — durable_rules keeps global C state, so a process that already
loaded a rule set is never forked), or on a Dask distributed cluster (``cluster=ADDRESS``: documents
travel as bytes, rule files as text, and each worker builds the compiled rule set once). Results are
sorted by case id, so they are the same at any job count and on any cluster.

The Streamlit app calls ``load_manifest``, ``run_cases``, ``report_json`` and ``report_junit``.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
import traceback
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, PolicyEvalError
from ..models import BASES, VERDICTS

__all__ = [
    "Case",
    "CaseResult",
    "QAReport",
    "load_manifest",
    "load_manifests",
    "run_cases",
    "report_json",
    "report_junit",
    "report_text",
    "run_case",
    "failure_text",
    "register",
    "DEFAULT_MANIFEST",
]

DEFAULT_MANIFEST = Path("samples") / "manifest.yaml"
MAX_MANIFEST_BYTES = 10_000_000
CASE_KEYS = {"id", "step", "documents", "profile", "expect", "why", "tags", "note", "notes", "title", "treatment"}
EXPECT_KEYS = {"verdict", "basis", "pages"}


# ---- values -----------------------------------------------------------------------------------------


@dataclass
class Case:
    id: str
    documents: list[str]  # absolute paths
    profile: Any  # a validated policyeval.profile.Profile
    expect: dict  # {"verdict", "basis", "pages": [{"document", "page"}] or None (not checked)}
    why: str = ""
    step: Any = None
    manifest: str = ""  # the manifest file the case came from

    @property
    def document_names(self) -> list[str]:
        return [Path(d).name for d in self.documents]


@dataclass
class CaseResult:
    id: str
    passed: bool
    expected: dict
    actual: dict
    message: str = ""  # what differs (empty when passed)
    trace: list = field(default_factory=list)  # every matched rule in order, the winner marked (dicts)
    seconds: float = 0.0

    def to_json(self) -> dict:
        return asdict(self)


@dataclass
class QAReport:
    results: list[CaseResult]
    coverage: dict  # never_won: [...], never_matched: [...], wins: {rule: n}, matches: {rule: n}
    seconds: float = 0.0
    jobs: int = 1
    cluster: str = ""

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failures(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]


# ---- manifest ------------------------------------------------------------------------------------


def _bad(manifest: Path, where: str, problem: str) -> InputError:
    return InputError(f"{manifest}: {where}: {problem}")


def load_manifest(path: str | Path) -> list[Case]:
    """Read and check a manifest; every problem is an InputError naming the file and the case."""
    from ..profile import load_profile, profile_from_dict
    from ..textfile import read_text

    manifest = Path(path)
    text = read_text(manifest, "manifest", MAX_MANIFEST_BYTES)
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise InputError(f"{manifest}: not valid YAML{where}: {getattr(err, 'problem', None) or err}") from None
    if not isinstance(doc, dict) or "cases" not in doc:
        raise InputError(f"{manifest}: expected a mapping with a 'cases:' list")
    raw_cases = doc["cases"]
    if not isinstance(raw_cases, list) or not raw_cases:
        raise InputError(f"{manifest}: 'cases' must be a non-empty list")
    base = manifest.resolve().parent
    cases: list[Case] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_cases, 1):
        where = f"case #{index}"
        if not isinstance(raw, dict):
            raise _bad(
                manifest, where, f"expected a mapping (id, documents, profile, expect), got {type(raw).__name__}"
            )
        cid = raw.get("id")
        if not isinstance(cid, str) or not cid.strip():
            raise _bad(manifest, where, "'id' is missing or not text")
        cid = cid.strip()
        where = f"case {cid!r} (#{index})"
        if cid in seen:
            raise _bad(manifest, where, "duplicate case id")
        seen.add(cid)
        unknown = sorted(set(map(str, raw)) - CASE_KEYS)
        if unknown:
            raise _bad(manifest, where, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(CASE_KEYS))})")
        # documents
        docs = raw.get("documents")
        if isinstance(docs, str):
            docs = [docs]
        if not isinstance(docs, list) or not docs or not all(isinstance(d, str) and d.strip() for d in docs):
            raise _bad(manifest, where, "'documents' must be a non-empty list of file names")
        paths = []
        for d in docs:
            p = Path(d) if Path(d).is_absolute() else base / d
            if not p.is_file():
                raise _bad(manifest, where, f"document {d!r} not found (looked for {p})")
            paths.append(str(p))
        names = [Path(p).name for p in paths]
        if len(set(names)) != len(names):
            raise _bad(manifest, where, "two documents have the same file name; evidence could not tell them apart")
        # profile
        prof = raw.get("profile")
        try:
            if isinstance(prof, str):
                p = Path(prof) if Path(prof).is_absolute() else base / prof
                profile = load_profile(p)
            elif isinstance(prof, dict):
                profile = profile_from_dict(prof)
            else:
                raise _bad(manifest, where, "'profile' must be a profile file path or an inline mapping")
        except InputError as err:
            if str(err).startswith(f"{manifest}: "):
                raise
            raise _bad(manifest, where, str(err)) from None
        # expect
        exp = raw.get("expect")
        if not isinstance(exp, dict):
            raise _bad(manifest, where, "'expect' must be a mapping with verdict, basis and pages")
        unknown = sorted(set(map(str, exp)) - EXPECT_KEYS)
        if unknown:
            raise _bad(manifest, where, f"unknown key 'expect.{unknown[0]}' (known: verdict, basis, pages)")
        verdict, basis = exp.get("verdict"), exp.get("basis")
        if verdict not in VERDICTS:
            raise _bad(manifest, where, f"'expect.verdict' is {verdict!r}; use one of {', '.join(VERDICTS)}")
        if basis not in BASES:
            raise _bad(manifest, where, f"'expect.basis' is {basis!r}; use one of {', '.join(BASES)}")
        pages = None
        if "pages" in exp:
            raw_pages = exp["pages"]
            if raw_pages is None:
                raw_pages = []
            if not isinstance(raw_pages, list):
                raise _bad(manifest, where, "'expect.pages' must be a list of {document, page} ([] = no evidence)")
            pages = []
            for j, item in enumerate(raw_pages):
                if not isinstance(item, dict) or set(item) != {"document", "page"}:
                    raise _bad(manifest, where, f"'expect.pages[{j}]' must be a mapping with exactly document and page")
                dname, page = item["document"], item["page"]
                if not isinstance(dname, str) or Path(dname).name not in names:
                    raise _bad(
                        manifest,
                        where,
                        f"'expect.pages[{j}].document' {dname!r} is not one of the case's "
                        f"documents ({', '.join(names)})",
                    )
                if not isinstance(page, int) or isinstance(page, bool) or page < 1:
                    raise _bad(manifest, where, f"'expect.pages[{j}].page' must be a page number >= 1, got {page!r}")
                pages.append({"document": Path(dname).name, "page": page})
        why = raw.get("why") or ""
        cases.append(
            Case(
                cid,
                paths,
                profile,
                {"verdict": verdict, "basis": basis, "pages": pages},
                str(why).strip(),
                raw.get("step"),
                str(manifest),
            )
        )
    return cases


def load_manifests(paths: Iterable[str | Path]) -> list[Case]:
    cases: list[Case] = []
    where: dict[str, str] = {}
    for path in paths:
        for case in load_manifest(path):
            if case.id in where:
                raise InputError(f"{path}: case {case.id!r}: id already used in {where[case.id]}")
            where[case.id] = str(path)
            cases.append(case)
    return cases


# ---- running one case (in this process, a pool worker or a Dask worker) -----------------------------

RuleSpec = tuple  # ((path, text), ...): rule files as text, so remote workers need no shared disk

_RULESETS: dict[str, Any] = {}  # spec key -> RuleSet (compiled once per process)
_BUILDS: list[str] = []  # spec keys built in this process (tests check "once per worker")
_BUILD_LOCK = threading.Lock()
_CASE_LOCK = threading.Lock()  # pymupdf must not run on several threads at once (Dask worker threads)


def rule_spec(rules_paths: Sequence[str | Path] | None = None) -> tuple[str, RuleSpec]:
    """(content key, rule files as text) for the given paths or the shipped rules."""
    from .. import resources
    from ..decide.ruleset import expand_paths

    files = expand_paths(rules_paths) if rules_paths else resources.default_rule_files()
    spec = []
    for p in files:
        try:
            spec.append((str(p), Path(p).read_bytes().decode("utf-8")))
        except UnicodeDecodeError as err:
            from ..errors import DSLError

            raise DSLError(f"not UTF-8 text (byte {err.start}); save the file as UTF-8", str(p)) from None
        except OSError as err:
            raise InputError(f"{p}: cannot read ({err.strerror})") from None
    digest = hashlib.sha256(json.dumps(spec).encode("utf-8")).hexdigest()
    return digest, tuple(spec)


def _ruleset(key: str, spec: RuleSpec):
    rs = _RULESETS.get(key)
    if rs is None:
        with _BUILD_LOCK:
            rs = _RULESETS.get(key)
            if rs is None:
                from ..decide.ruleset import load_rules_text

                rs = load_rules_text(dict(spec))
                rs.compiled()
                _RULESETS[key] = rs
                _BUILDS.append(key)
    return rs


def _worker_stats() -> dict:
    """This process's pid and how many times it built each rule set (for tests and diagnostics)."""
    return {"pid": os.getpid(), "builds": list(_BUILDS)}


def _first_page(decision) -> dict | None:
    if not decision.evidence:
        return None
    e = decision.evidence[0]
    return {"document": e.document, "page": e.page}


def _compare(expect: dict, actual: dict) -> str:
    problems = []
    if actual.get("verdict") != expect["verdict"]:
        problems.append(f"verdict: expected {expect['verdict']}, got {actual.get('verdict')}")
    if actual.get("basis") != expect["basis"]:
        problems.append(f"basis: expected {expect['basis']}, got {actual.get('basis')}")
    pages = expect.get("pages")
    if pages is not None:
        got = actual.get("evidence")
        if not pages:
            if got is not None:
                problems.append(f"evidence: expected none, got {got['document']} p{got['page']}")
        elif got is None:
            problems.append("evidence: expected " + _pages_text(pages) + ", got none")
        elif {"document": got["document"], "page": got["page"]} not in pages:
            problems.append(f"evidence: expected {_pages_text(pages)}, got {got['document']} p{got['page']}")
    return "; ".join(problems)


def _pages_text(pages: list | None) -> str:
    if pages is None:
        return "(not checked)"
    if not pages:
        return "no evidence"
    return " or ".join(f"{p['document']} p{p['page']}" for p in pages)


def _execute(case_id: str, inputs: list, profile, expect: dict, rules) -> CaseResult:
    from ..pipeline import evaluate

    start = time.perf_counter()
    expected = dict(expect)
    try:
        with _CASE_LOCK:
            result = evaluate(inputs, profile, rules)
    except PolicyEvalError as err:
        return CaseResult(
            case_id,
            False,
            expected,
            {"error": f"{type(err).__name__}: {err}"},
            f"error: {err}",
            [],
            time.perf_counter() - start,
        )
    except Exception as err:  # a bug: keep running the other cases, show where it happened
        tb = traceback.format_exc(limit=6)
        return CaseResult(
            case_id,
            False,
            expected,
            {"error": f"{type(err).__name__}: {err}"},
            f"internal error: {type(err).__name__}: {err}",
            [{"traceback": tb}],
            time.perf_counter() - start,
        )
    d = result.decision
    actual = {
        "verdict": d.verdict,
        "basis": d.basis,
        "evidence": _first_page(d),
        "rule": d.rule,
        "reason": d.reason,
        "evidence_all": [{"document": e.document, "page": e.page, "quote": e.quote[:200]} for e in d.evidence],
    }
    message = _compare(expect, actual)
    return CaseResult(
        case_id, not message, expected, actual, message, [t.to_json() for t in d.trace], time.perf_counter() - start
    )


def _run_local(payload: tuple, key: str, spec: RuleSpec) -> CaseResult:
    case_id, paths, profile, expect = payload
    return _execute(case_id, list(paths), profile, expect, _ruleset(key, spec))


def _run_remote(case_id: str, documents: list, profile, expect: dict, key: str, spec: RuleSpec) -> CaseResult:
    """On a Dask worker: documents are (name, bytes); the rule set is built once per worker process."""
    return _execute(case_id, [(n, b) for n, b in documents], profile, expect, _ruleset(key, spec))


_POOL_SPEC: tuple[str, RuleSpec] | None = None


def _pool_init(key: str, spec: RuleSpec) -> None:
    global _POOL_SPEC
    _POOL_SPEC = (key, spec)
    _ruleset(key, spec)


def _pool_run(payload: tuple) -> CaseResult:
    assert _POOL_SPEC is not None
    return _run_local(payload, *_POOL_SPEC)


def _mp_context():
    import multiprocessing as mp

    method = os.environ.get("POLICYEVAL_QA_START", "")
    if not method:
        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    if method == "forkserver":
        # Children fork from a server that imported the package but never created a rule set, so they
        # start fast without inheriting durable_rules' C state.
        ctx.set_forkserver_preload(["policyeval.pipeline"])
    return ctx


def _cost(paths) -> int:
    total = 0
    for p in paths:
        try:
            total += os.path.getsize(p)
        except OSError:
            pass
    return total


def _coverage(results: list[CaseResult], spec: RuleSpec, key: str) -> dict:
    rs = _ruleset(key, spec)
    names = [r.name for r in rs.rules]
    wins = {n: 0 for n in names}
    matches = {n: 0 for n in names}
    for res in results:
        for t in res.trace:
            rule = t.get("rule")
            if rule in matches:
                matches[rule] += 1
                if t.get("winner"):
                    wins[rule] += 1
    return {
        "rules": len(names),
        "never_won": [n for n in names if not wins[n]],
        "never_matched": [n for n in names if not matches[n]],
        "wins": wins,
        "matches": matches,
    }


def run_case(case: Case, rules_paths: Sequence[str | Path] | None = None) -> CaseResult:
    """One case in this process (the end-to-end test runs each manifest case through this)."""
    key, spec = rule_spec(rules_paths)
    return _run_local((case.id, tuple(case.documents), case.profile, case.expect), key, spec)


def failure_text(result: CaseResult) -> str:
    """What differs and the trace: the text a failing test or report shows for one case."""
    report = QAReport([result], {"rules": 0, "never_won": [], "never_matched": []})
    text = report_text(report)
    return text[text.find(f"FAIL {result.id}") : text.find("\n\nRule coverage")] if not result.passed else ""


def run_cases(
    cases: Sequence[Case], jobs: int = 1, rules_paths: Sequence[str | Path] | None = None, cluster: Any = None
) -> QAReport:
    """Run cases; results sorted by case id. `cluster`: a Dask scheduler address, "local" / "local:N"
    (a LocalCluster started here), or a dask.distributed.Client."""
    if jobs < 1:
        raise InputError(f"--jobs must be at least 1, got {jobs}")
    key, spec = rule_spec(rules_paths)
    _ruleset(key, spec)  # bad rule files fail here, before any case runs (DSLError)
    start = time.perf_counter()
    cases = sorted(cases, key=lambda c: c.id)
    if cluster is not None:
        results = _run_on_cluster(cases, key, spec, cluster, jobs)
        where = cluster if isinstance(cluster, str) else str(getattr(cluster, "scheduler", "client"))
    else:
        payloads = [(c.id, tuple(c.documents), c.profile, c.expect) for c in cases]
        if jobs == 1 or len(cases) <= 1:
            results = [_run_local(p, key, spec) for p in payloads]
        else:
            from concurrent.futures import ProcessPoolExecutor

            workers = min(jobs, len(cases))
            # Longest first (document bytes as the cost estimate: a scan or a long EOC dominates), one case
            # per task, so one slow case does not hold a chunk of quick ones behind it.
            payloads.sort(key=lambda p: (-_cost(p[1]), p[0]))
            with ProcessPoolExecutor(
                workers, mp_context=_mp_context(), initializer=_pool_init, initargs=(key, spec)
            ) as pool:
                results = list(pool.map(_pool_run, payloads, chunksize=1))
        where = ""
    results.sort(key=lambda r: r.id)
    return QAReport(results, _coverage(results, spec, key), time.perf_counter() - start, jobs, where)


def _run_on_cluster(cases: Sequence[Case], key: str, spec: RuleSpec, cluster: Any, jobs: int) -> list[CaseResult]:
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--cluster needs dask.distributed: pip install 'policyeval[cluster]'") from None
    own_cluster = own_client = None
    if isinstance(cluster, str):
        if cluster == "local" or cluster.startswith("local:"):
            n = int(cluster.split(":", 1)[1]) if ":" in cluster else jobs
            own_cluster = LocalCluster(
                n_workers=max(1, n), threads_per_worker=1, processes=True, dashboard_address=None
            )
            address = own_cluster.scheduler_address
        else:
            address = cluster
        try:
            own_client = client = Client(address, timeout=os.environ.get("POLICYEVAL_DASK_TIMEOUT", "20s"))
        except (OSError, TimeoutError) as err:
            if own_cluster is not None:
                own_cluster.close()
            raise InputError(f"--cluster {cluster}: cannot connect to the Dask scheduler ({err})") from None
    else:
        client = cluster
    try:
        # Each distinct document goes to the cluster once, as bytes; cases refer to it by future.
        blobs: dict[str, tuple[str, bytes]] = {}
        for c in cases:
            for p in c.documents:
                if p not in blobs:
                    blobs[p] = (Path(p).name, Path(p).read_bytes())
        keys = {p: f"qa-doc-{hashlib.sha256(b[1]).hexdigest()[:16]}-{i}" for i, (p, b) in enumerate(blobs.items())}
        doc_futures = client.scatter({keys[p]: b for p, b in blobs.items()}) if blobs else {}
        spec_future = client.scatter(spec, broadcast=True)
        futures = []
        for c in sorted(cases, key=lambda c: (-_cost(c.documents), c.id)):
            docs = [doc_futures[keys[p]] for p in c.documents]
            futures.append(
                client.submit(
                    _run_remote,
                    c.id,
                    docs,
                    c.profile,
                    c.expect,
                    key,
                    spec_future,
                    pure=False,
                    key=f"qa-case-{c.id}-{os.getpid()}-{time.time_ns()}",
                )
            )
        return list(client.gather(futures))
    finally:
        if own_client is not None:
            own_client.close()
        if own_cluster is not None:
            own_cluster.close()


# ---- reports -------------------------------------------------------------------------------------


def _expected_text(e: dict) -> str:
    return f"{e['verdict']}/{e['basis']} @ {_pages_text(e.get('pages'))}"


def _actual_text(a: dict) -> str:
    if "error" in a:
        return "ERROR " + a["error"][:80]
    ev = a.get("evidence")
    where = f"{ev['document']} p{ev['page']}" if ev else "no evidence"
    return f"{a['verdict']}/{a['basis']} @ {where}"


def report_text(report: QAReport) -> str:
    rows = sorted(report.results, key=lambda r: (r.passed, r.id))
    header = ("case", "expected", "actual", "pass")
    table = [header] + [
        (r.id, _expected_text(r.expected), _actual_text(r.actual), "ok" if r.passed else "FAIL") for r in rows
    ]
    widths = [min(60, max(len(row[i]) for row in table)) for i in range(3)]
    lines = []
    for i, row in enumerate(table):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths)) + "  " + row[3])
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  ----")
    for r in report.failures:
        lines += ["", f"FAIL {r.id}: {r.message}"]
        for t in r.trace:
            if "traceback" in t:
                lines.append("    " + t["traceback"].rstrip().replace("\n", "\n    "))
                continue
            mark = "*" if t.get("winner") else " "
            lines.append(
                f"  {mark} {t['rule']} (priority {t['priority']}) -> {t['verdict']}/{t['basis']}"
                f"  [{Path(t.get('file') or '').name}:{t.get('line')}] {t.get('note', '')}".rstrip()
            )
        if not r.trace and "error" not in r.actual:
            lines.append("    (no rule matched)")
        for e in r.actual.get("evidence_all", [])[:3]:
            lines.append(f"    evidence: {e['document']} p{e['page']}: {e['quote'][:100]!r}")
    cov = report.coverage
    matched_not_won = [n for n in cov["never_won"] if n not in cov["never_matched"]]
    lines += [
        "",
        f"Rule coverage ({cov['rules']} rules):",
        f"  never matched ({len(cov['never_matched'])}): {', '.join(cov['never_matched']) or '-'}",
        f"  matched but never won ({len(matched_not_won)}): {', '.join(matched_not_won) or '-'}",
    ]
    n, bad = len(report.results), len(report.failures)
    where = f" on {report.cluster}" if report.cluster else f", --jobs {report.jobs}"
    lines += ["", f"{n - bad} passed, {bad} failed of {n} cases in {report.seconds:.1f} s{where}"]
    return "\n".join(lines)


def report_json(report: QAReport) -> dict:
    return {
        "schema": "policyeval.qa/1",
        "summary": {
            "cases": len(report.results),
            "passed": sum(r.passed for r in report.results),
            "failed": len(report.failures),
            "seconds": round(report.seconds, 3),
            "jobs": report.jobs,
            "cluster": report.cluster,
        },
        "cases": [r.to_json() for r in report.results],
        "coverage": report.coverage,
    }


def report_junit(report: QAReport) -> str:
    import xml.etree.ElementTree as ET

    suite = ET.Element(
        "testsuite",
        name="policyeval.qa",
        tests=str(len(report.results)),
        failures=str(sum(1 for r in report.failures if "error" not in r.actual)),
        errors=str(sum(1 for r in report.failures if "error" in r.actual)),
        time=f"{report.seconds:.3f}",
    )
    for r in report.results:
        tc = ET.SubElement(suite, "testcase", classname="policyeval.qa", name=r.id, time=f"{r.seconds:.3f}")
        if not r.passed:
            tag = "error" if "error" in r.actual else "failure"
            el = ET.SubElement(tc, tag, message=r.message)
            lines = [f"expected: {_expected_text(r.expected)}", f"actual:   {_actual_text(r.actual)}"]
            for t in r.trace:
                if "traceback" in t:
                    lines.append(t["traceback"])
                else:
                    lines.append(
                        f"{'*' if t.get('winner') else ' '} {t['rule']} ({t['priority']}) -> "
                        f"{t['verdict']}/{t['basis']} {t.get('note', '')}"
                    )
            el.text = "\n".join(lines)
    props = ET.SubElement(suite, "properties")
    for name in ("never_won", "never_matched"):
        ET.SubElement(props, "property", name=name, value=",".join(report.coverage.get(name, [])))
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


# ---- CLI -----------------------------------------------------------------------------------------


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "qa",
        help="run the sample cases against their expected outcomes",
        description="Runs every case of the manifest(s): documents + profile -> expected "
        "verdict, basis and evidence page. Exit 1 when any case fails.",
    )
    p.add_argument(
        "manifests",
        nargs="*",
        metavar="MANIFEST",
        help=f"manifest YAML file(s) (default: {DEFAULT_MANIFEST} when present)",
    )
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--json", metavar="FILE", help="write the report as JSON (schema policyeval.qa/1); '-' = stdout")
    p.add_argument("--junit", metavar="FILE", help="write a JUnit XML report (for CI)")
    p.add_argument(
        "--rules",
        "-r",
        action="append",
        default=[],
        metavar="PATH",
        help="rule files or directories (default: the shipped rules); repeatable",
    )
    p.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="run on a Dask distributed cluster (scheduler address, or 'local[:N]' for a local one)",
    )
    p.set_defaults(func=cmd_qa)


def _write(path: str, text: str) -> None:
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot write ({err.strerror})") from None


def cmd_qa(args) -> int:
    manifests = list(args.manifests)
    if not manifests:
        if not DEFAULT_MANIFEST.is_file():
            raise InputError(
                f"no manifest given and {DEFAULT_MANIFEST} not found here; "
                "pass the manifest file, e.g. policyeval qa samples/manifest.yaml"
            )
        manifests = [str(DEFAULT_MANIFEST)]
    cases = load_manifests(manifests)
    report = run_cases(cases, jobs=args.jobs, rules_paths=args.rules or None, cluster=args.cluster)
    data = report_json(report) if args.json else None
    if args.json == "-":
        print(json.dumps(data, indent=2, ensure_ascii=False))
        print(report_text(report), file=sys.stderr)
    else:
        print(report_text(report))
        if args.json:
            _write(args.json, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    if args.junit:
        _write(args.junit, report_junit(report))
    return 0 if report.passed else 1
