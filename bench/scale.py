"""Scale: `policyeval qa` at `--jobs 1`, `--jobs N` and on a 2-worker Dask LocalCluster
(`--cluster local:N`), each a fresh CLI process on the same cases, and the case count at which the
cluster overtakes `--jobs N`.

The cases are the sample manifest's text-PDF cases of short documents (no scan: one OCR case is a
long pole that hides parallelism; no document over MAX_DOC_PAGES for the same reason), repeated with
each copy's documents made distinct (a PDF comment appended after `%%EOF`: same text, new bytes, so
no cache anywhere serves a copy). Every run is a fresh `policyeval qa` process, so each pays its own
start (imports, rule set, the pool's or the cluster's processes) as a user does; a least-squares fit
`wall = start + cases x per_case` over the case counts gives both costs, and the crossover.
Wall time is the figure parallelism is about; CPU of the whole process tree (the bench is a child
subreaper, see coldstart.py) says what the parallel runners add. The load average before and after
each run is recorded: `--jobs 2` can only be linear when the other core is idle.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from coldstart import become_subreaper, run_once
from corpus import ROOT

MAX_DOC_PAGES = 60  # documents longer than this leave the scale cases (seconds each: a long pole)


def _text_and_short(path: Path) -> bool:
    import pymupdf

    with pymupdf.open(path) as doc:
        return len(doc) <= MAX_DOC_PAGES and any(page.get_text("words") for page in doc)


def write_manifest(n: int, folder: Path) -> Path:
    """A manifest of n cases cycling over the usable sample cases, each copy's documents distinct."""
    samples = ROOT / "samples"
    raw = yaml.safe_load((samples / "manifest.yaml").read_text(encoding="utf-8"))["cases"]
    usable = [c for c in raw if all(_text_and_short(samples / d) for d in c["documents"])]
    cases = []
    for i in range(n):
        c = usable[i % len(usable)]
        sub = folder / f"c{i:04d}"
        sub.mkdir(parents=True, exist_ok=True)
        for d in c["documents"]:
            data = (samples / d).read_bytes() + f"\n% policyeval bench copy {i}\n".encode()
            (sub / Path(d).name).write_bytes(data)
        profile = c["profile"]
        if isinstance(profile, str):
            profile = str((samples / profile).resolve())
        cases.append(
            {
                "id": f"{c['id']}~{i:04d}",
                "documents": [f"{sub.name}/{Path(d).name}" for d in c["documents"]],
                "profile": profile,
                "expect": c["expect"],
            }
        )
    path = folder / "manifest.yaml"
    path.write_text(yaml.safe_dump({"cases": cases}, sort_keys=False), encoding="utf-8")
    return path


def _run(manifest: Path, args: list[str], env: dict[str, str]) -> dict:
    exe = str(Path(sys.executable).with_name("policyeval"))
    report = manifest.parent / "report.json"
    load_before = os.getloadavg()[0]
    wall, cpu, code = run_once([exe, "qa", str(manifest), "--json", str(report), *args], env, manifest.parent)
    data = json.loads(report.read_text()) if report.exists() else {}
    summary = data.get("summary", {})
    cases = int(summary.get("cases", 0))
    return {
        "cases": cases,
        "passed": int(summary.get("passed", 0)),
        "qa_seconds": summary.get("seconds"),  # run_cases' own clock: without the process start
        "exit": code,
        "wall_s": wall,
        "cpu_s": cpu,
        "cases_per_s": cases / wall if wall else 0.0,
        "load_before": round(load_before, 2),
        "load_after": round(os.getloadavg()[0], 2),
    }


def _fit(points: list[tuple[int, float]]) -> tuple[float, float]:
    """Least squares t = start + n * per_case."""
    k = len(points)
    sx = sum(n for n, _ in points)
    sy = sum(t for _, t in points)
    sxx = sum(n * n for n, _ in points)
    sxy = sum(n * t for n, t in points)
    den = k * sxx - sx * sx
    per = (k * sxy - sx * sy) / den if den else 0.0
    return (sy - per * sx) / k, per


def part_scale(sizes: tuple[int, ...], jobs: int) -> dict:
    """Each size: --jobs 1, --jobs `jobs`, --cluster local:`jobs` on the same distinct cases."""
    try:
        import dask.distributed  # noqa: F401

        has_dask = True
    except ImportError:
        has_dask = False
    runners: list[tuple[str, list[str]]] = [("jobs1", ["--jobs", "1"]), (f"jobs{jobs}", ["--jobs", str(jobs)])]
    if has_dask:
        runners.append((f"cluster_local{jobs}", ["--cluster", f"local:{jobs}"]))
    out: dict[str, Any] = {"jobs": jobs, "sizes": list(sizes), "dask": has_dask, "subreaper": become_subreaper()}
    out["runs"] = {label: [] for label, _ in runners}
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="policyeval-bench-qa-") as tmp:
        for n in sizes:
            manifest = write_manifest(n, Path(tmp) / f"n{n}")
            for label, args in runners:
                out["runs"][label].append(_run(manifest, args, env))
    fits = {label: _fit([(r["cases"], r["wall_s"]) for r in rs]) for label, rs in out["runs"].items()}
    out["fit"] = {k: {"start_s": s, "per_case_s": p} for k, (s, p) in fits.items()}
    pool, cl = fits.get(f"jobs{jobs}"), fits.get(f"cluster_local{jobs}")
    if pool and cl:
        (s_p, p_p), (s_c, p_c) = pool, cl
        out["cluster_overtakes_at_cases"] = max(0.0, (s_c - s_p) / (p_p - p_c)) if p_c < p_p else None
    last = {label: rs[-1] for label, rs in out["runs"].items()}
    if f"jobs{jobs}" in last:
        out["speedup"] = last["jobs1"]["wall_s"] / last[f"jobs{jobs}"]["wall_s"]
        out["efficiency"] = out["speedup"] / jobs
        p1, pn = fits["jobs1"][1], fits[f"jobs{jobs}"][1]
        out["speedup_per_case"] = p1 / pn if pn > 0 else None  # start costs left out
    return out
