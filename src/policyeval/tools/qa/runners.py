"""Running QA cases: in this process (``jobs=1``), in a pool of fresh processes (``jobs>1``: the
"forkserver" context where available, else "spawn" -- durable_rules keeps global C state, so a process
that already loaded a rule set is never forked), or on a Dask distributed cluster (``cluster=ADDRESS``:
documents travel as bytes, rule files as text, and each worker builds the compiled rule set once).
Results are sorted by case id, so they are the same at any job count and on any cluster."""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import threading
import time
import traceback
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from ... import resources
from ...decide.ruleset import RuleSet, load_rules_text
from ...errors import InputError, PolicyEvalError
from ...models import Decision
from ...pipeline import Input, evaluate
from ...profile import Profile
from ...textfile import read_text
from .manifest import Case, pages_text
from .reports import CaseResult, QAReport

__all__ = ["run_cases", "run_case", "rule_spec"]

RuleSpec = tuple[tuple[str, str], ...]  # ((path, text), ...): rule files as text, so remote workers need no shared disk
Payload = tuple[str, tuple[str, ...], Profile, dict[str, Any], str]  # (case id, paths, profile, expectation, plan ID)
MAX_RULE_FILE_BYTES = 1_000_000  # the parser's limit (dsl.parser.MAX_SOURCE_BYTES)

_RULESETS: dict[str, RuleSet] = {}  # spec key -> RuleSet (compiled once per process)
_BUILDS: list[str] = []  # spec keys built in this process (tests check "once per worker")
_BUILD_LOCK = threading.Lock()
_CASE_LOCK = threading.Lock()  # pymupdf must not run on several threads at once (Dask worker threads)


def rule_spec(rules_paths: Sequence[str | Path] | None = None) -> tuple[str, RuleSpec]:
    """(content key, rule files as text) for the given paths or the shipped rules."""
    files = resources.rule_files(rules_paths or ())
    spec = tuple((str(p), read_text(p, "policy", MAX_RULE_FILE_BYTES)) for p in files)
    digest = hashlib.sha256(json.dumps(spec).encode("utf-8")).hexdigest()
    return digest, spec


def _ruleset(key: str, spec: RuleSpec) -> RuleSet:
    rs = _RULESETS.get(key)
    if rs is None:
        with _BUILD_LOCK:
            rs = _RULESETS.get(key)
            if rs is None:
                rs = load_rules_text(dict(spec))
                rs.compiled()
                _RULESETS[key] = rs
                _BUILDS.append(key)
    return rs


def _worker_stats() -> dict[str, Any]:
    """This process's pid and how many times it built each rule set (for tests and diagnostics)."""
    return {"pid": os.getpid(), "builds": list(_BUILDS)}


def _first_page(decision: Decision) -> dict[str, Any] | None:
    if not decision.evidence:
        return None
    e = decision.evidence[0]
    return {"document": e.document, "page": e.page}


def _compare(expect: dict[str, Any], actual: dict[str, Any]) -> str:
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
            problems.append("evidence: expected " + pages_text(pages) + ", got none")
        elif {"document": got["document"], "page": got["page"]} not in pages:
            problems.append(f"evidence: expected {pages_text(pages)}, got {got['document']} p{got['page']}")
    return "; ".join(problems)


def _execute(
    case_id: str, inputs: Sequence[Input], profile: Profile, expect: dict[str, Any], rules: RuleSet, plan_id: str = ""
) -> CaseResult:
    start = time.perf_counter()
    expected = dict(expect)
    try:
        with _CASE_LOCK:
            result = evaluate(inputs, profile, rules, plan_id=plan_id or None)
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


def _run_local(payload: Payload, key: str, spec: RuleSpec) -> CaseResult:
    case_id, paths, profile, expect, plan_id = payload
    return _execute(case_id, list(paths), profile, expect, _ruleset(key, spec), plan_id)


def _run_remote(
    case_id: str,
    documents: list[tuple[str, bytes]],
    profile: Profile,
    expect: dict[str, Any],
    key: str,
    spec: RuleSpec,
    plan_id: str = "",
) -> CaseResult:
    """On a Dask worker: documents are (name, bytes); the rule set is built once per worker process."""
    return _execute(case_id, [(n, b) for n, b in documents], profile, expect, _ruleset(key, spec), plan_id)


_POOL_SPEC: tuple[str, RuleSpec] | None = None


def _pool_init(key: str, spec: RuleSpec) -> None:
    global _POOL_SPEC
    _POOL_SPEC = (key, spec)
    _ruleset(key, spec)


def _pool_run(payload: Payload) -> CaseResult:
    assert _POOL_SPEC is not None
    return _run_local(payload, *_POOL_SPEC)


def _mp_context() -> BaseContext:
    method = os.environ.get("POLICYEVAL_QA_START", "")
    if not method:
        method = "forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn"
    ctx = mp.get_context(method)
    if method == "forkserver":
        # Children fork from a server that imported the package but never created a rule set, so they
        # start fast without inheriting durable_rules' C state.
        ctx.set_forkserver_preload(["policyeval.pipeline"])
    return ctx


def _cost(paths: Sequence[str]) -> int:
    total = 0
    for p in paths:
        try:
            total += os.path.getsize(p)
        except OSError:
            pass
    return total


def _coverage(results: list[CaseResult], spec: RuleSpec, key: str) -> dict[str, Any]:
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
    return _run_local((case.id, tuple(case.documents), case.profile, case.expect, case.plan_id), key, spec)


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
        payloads = [(c.id, tuple(c.documents), c.profile, c.expect, c.plan_id) for c in cases]
        if jobs == 1 or len(cases) <= 1:
            results = [_run_local(p, key, spec) for p in payloads]
        else:
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
                    c.plan_id,
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
