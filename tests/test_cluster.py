"""`policyeval qa --cluster`: the same cases on a Dask distributed cluster (a LocalCluster with two worker
processes that this test starts) give results identical to the local run; documents travel as bytes and
each worker builds the compiled rule set once."""

from __future__ import annotations

import pytest
import yaml
from conftest import SAMPLES

from policyeval.tools import qa

distributed = pytest.importorskip("dask.distributed")
MANIFEST = SAMPLES / "manifest.yaml"
# ~7-17 s on this 2-core machine (LocalCluster start included): under the 20 s line for slow-marking.
pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason="samples/manifest.yaml not written yet")
N_CASES = 8


def _subset() -> list[qa.Case]:
    """A spread of cases over every verdict, leaving out scans (OCR takes a minute on its own)."""
    cases = [c for c in qa.load_manifest(MANIFEST) if not any("scan" in d for d in c.documents)]
    by_verdict: dict[str, list] = {}
    for c in cases:
        by_verdict.setdefault(c.expect["verdict"], []).append(c)
    picked: list[qa.Case] = []
    while len(picked) < min(N_CASES, len(cases)):
        for group in by_verdict.values():
            if group and len(picked) < N_CASES:
                picked.append(group.pop(0))
    return picked


def _strip(report: qa.QAReport):
    return [(r.id, r.passed, r.expected, r.actual, r.message, r.trace) for r in report.results]


@pytest.fixture(scope="module")
def cluster():
    from dask.distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=2, processes=True, dashboard_address=None) as lc:
        yield lc


def test_cluster_same_as_local(cluster, tmp_path, capsys):
    from dask.distributed import Client

    cases = _subset()
    local = qa.run_cases(cases, jobs=1)
    remote = qa.run_cases(cases, cluster=cluster.scheduler_address)
    assert _strip(remote) == _strip(local)
    assert remote.coverage == local.coverage
    assert remote.cluster == cluster.scheduler_address

    # The CLI on the same cluster: same exit status and the same table as locally.
    manifest = tmp_path / "subset.yaml"
    manifest.write_text(
        yaml.safe_dump(
            {
                "cases": [
                    {
                        "id": c.id,
                        "documents": c.documents,
                        "profile": c.profile.to_json(),
                        "expect": {k: v for k, v in c.expect.items() if v is not None},
                    }
                    for c in cases
                ]
            },
            sort_keys=False,
        )
    )
    from policyeval.cli import main

    expected_code = 0 if local.passed else 1
    assert main(["qa", str(manifest), "--cluster", cluster.scheduler_address]) == expected_code
    out = capsys.readouterr().out
    assert f"of {len(cases)} cases" in out and f"on {cluster.scheduler_address}" in out

    with Client(cluster.scheduler_address) as client:
        again = qa.run_cases(cases[:3], cluster=client)  # a Client object works too
        stats = client.run(qa.runners._worker_stats)
    ids = {c.id for c in cases[:3]}
    assert _strip(again) == [r for r in _strip(local) if r[0] in ids]
    # Three runs on the same workers, and each worker process built the compiled rule set at most once.
    assert len(stats) == 2
    key, _ = qa.rule_spec()
    for worker, st in stats.items():
        assert st["builds"].count(key) <= 1, (worker, st)
    assert sum(st["builds"].count(key) for st in stats.values()) >= 1


def test_bad_address(monkeypatch):
    from policyeval.errors import InputError

    monkeypatch.setenv("POLICYEVAL_DASK_TIMEOUT", "3s")
    with pytest.raises(InputError, match="cannot connect"):
        qa.run_cases(_subset()[:1], cluster="tcp://127.0.0.1:1")


def test_documents_travel_as_bytes():
    """A remote worker gets (name, bytes), never a path it might not have."""
    case = _subset()[0]
    key, spec = qa.rule_spec()
    docs = [(p.rsplit("/", 1)[-1], open(p, "rb").read()) for p in case.documents]
    remote = qa.runners._run_remote(case.id, docs, case.profile, case.expect, key, spec)
    local = qa.run_case(case)
    assert (remote.passed, remote.actual, remote.trace) == (local.passed, local.actual, local.trace)
