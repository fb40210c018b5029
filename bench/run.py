"""`make bench`: how fast policyeval reads, decides, starts and scales on this machine, against the
physical floor (pymupdf's raw words) and against structured peers, measured side by side in one run.

A benchmark, not a test: nothing here asserts a time. Each part runs in its own subprocess (its own
peak RSS, no warm caches shared); every figure is a median of repeated runs, CPU time of the process
tree first (what a busy neighbour on this shared 2-core machine does not inflate), wall time beside
it, the load average before and after each part. Writes bench/results.json and prints the tables;
bench/README.md explains each figure.

    .venv/bin/python bench/run.py                  # everything (15-30 minutes on an idle machine)
    .venv/bin/python bench/run.py --quick          # fewer repeats, profiles and cases (smoke run)
    .venv/bin/python bench/run.py --part rules     # one part, JSON on stdout
    .venv/bin/python bench/run.py --table --readme # tables from results.json into both READMEs
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))  # the bench's sibling modules, also when imported from elsewhere

from corpus import GROUPS, ROOT  # noqa: E402
from table import table, write_into  # noqa: E402
from timing import peak_rss_mb  # noqa: E402

RESULTS = HERE / "results.json"
READMES = (HERE / "README.md", ROOT / "README.md")
os.environ.setdefault("TESSDATA_PREFIX", "/usr/share/tesseract-ocr/5/tessdata")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

PARTS = ("reading", "peer", "hotspots", "ocr", "rules", "coldstart", "scale")
PEERS = ("find_tables", "pdfplumber", "pymupdf4llm")


def machine() -> dict:
    import pymupdf

    info = {
        "python": platform.python_version(),
        "pymupdf": pymupdf.VersionBind,
        "cores": os.cpu_count(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    from importlib.metadata import PackageNotFoundError, version

    for pkg in ("durable_rules", "policyeval", "pdfplumber", "pymupdf4llm", "dask", "psutil"):
        try:
            info[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    if shutil.which("tesseract"):
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
        text = out.stdout or out.stderr
        info["tesseract"] = text.splitlines()[0] if text else ""
    try:
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        pass
    return info


def run_part(name: str, args: list[str], cache_dir: str) -> dict:
    """One part in a fresh subprocess; its JSON (last stdout line) plus wall time and load before/after."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--part", name, *args]
    env = dict(os.environ, POLICYEVAL_CACHE_DIR=cache_dir)  # never the user's own cache
    before = round(os.getloadavg()[0], 2)
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, cwd=ROOT, env=env)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        data = {"error": f"exit {proc.returncode}: {proc.stderr.decode(errors='replace').strip()[-2000:]}"}
    else:
        data = json.loads(proc.stdout.decode().strip().splitlines()[-1])
    data.update(part_wall_s=wall, loadavg_before=before, loadavg_after=round(os.getloadavg()[0], 2))
    return data


def one_part(args: argparse.Namespace, repeats: int) -> dict:
    import warnings

    warnings.filterwarnings("ignore", category=DeprecationWarning)
    groups = tuple(args.groups.split(",")) if args.groups else GROUPS
    if args.part == "reading":
        from reading import part_reading

        data = part_reading(repeats, groups)
    elif args.part == "peer":
        from reading import part_peer

        data = part_peer(args.peer, args.peer_repeats or (1 if args.quick else 3), groups)
    elif args.part == "hotspots":
        from hotspots import part_hotspots

        data = part_hotspots()
    elif args.part == "ocr":
        from ocr import part_ocr

        data = part_ocr(max(1, repeats // 2))
    elif args.part == "rules":
        from deciding import part_rules

        data = part_rules(repeats, 1_000 if args.quick else 10_000, 200 if args.quick else 1_000)
    elif args.part == "coldstart":
        from coldstart import part_coldstart

        data = part_coldstart(repeats)
    else:
        from scale import part_scale

        sizes = (
            tuple(int(x) for x in args.sizes.split(",")) if args.sizes else ((6, 24) if args.quick else (12, 48, 192))
        )
        data = part_scale(sizes, args.jobs)
    data["peak_rss_mb"] = peak_rss_mb()
    return data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--part", choices=PARTS, help="run one part in this process, JSON on stdout")
    ap.add_argument("--peer", choices=PEERS, default="find_tables", help="with --part peer")
    ap.add_argument("--only", help="comma-separated parts to run (default: all), e.g. reading,peer,rules")
    ap.add_argument("--groups", help=f"comma-separated document groups (default: all of {','.join(GROUPS)})")
    ap.add_argument("--jobs", type=int, default=2, help="scale part: the N of --jobs N and local:N")
    ap.add_argument("--sizes", help="scale part: comma-separated case counts")
    ap.add_argument("--quick", action="store_true", help="fewer repeats, profiles and cases (smoke run)")
    ap.add_argument("--repeats", type=int, default=0, help="runs per figure (default 5; --quick 3)")
    ap.add_argument("--peer-repeats", type=int, default=0, help="runs per peer figure (default 3; --quick 1)")
    ap.add_argument("--out", default=str(RESULTS))
    ap.add_argument("--table", action="store_true", help="print the tables of an existing results file and exit")
    ap.add_argument("--readme", action="store_true", help="with --table: write them into bench/README.md and README.md")
    args = ap.parse_args(argv)
    if args.table:
        text = table(json.loads(Path(args.out).read_text()))
        print(text)
        if args.readme:
            for readme in READMES:
                if not write_into(readme, text):
                    print(f"{readme}: no generated bench block to replace", file=sys.stderr)
        return 0
    repeats = args.repeats or (3 if args.quick else 5)
    if args.part:
        print(json.dumps(one_part(args, repeats)))
        return 0
    passed = [a for a in argv or sys.argv[1:] if a in ("--quick",)]
    for flag, value in (("--repeats", args.repeats), ("--peer-repeats", args.peer_repeats), ("--groups", args.groups)):
        if value:
            passed += [flag, str(value)]
    only = set(args.only.split(",")) if args.only else set(PARTS)
    # --only: the other parts' figures stay as the results file had them (each part records when it ran).
    old = json.loads(Path(args.out).read_text()) if args.only and Path(args.out).exists() else {}
    res: dict = {
        **old,
        "generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "repeats": repeats,
        "peer_repeats": args.peer_repeats or (1 if args.quick else 3),
        "machine": machine(),
    }
    with tempfile.TemporaryDirectory(prefix="policyeval-bench-cache-") as cache_dir:
        plan: list[tuple[str, str, list[str]]] = [("reading", "reading", [])]
        plan += [(f"peer_{p}", "peer", ["--peer", p]) for p in PEERS]
        plan += [(p, p, []) for p in ("hotspots", "rules", "coldstart", "ocr")]
        plan += [("scale", "scale", ["--jobs", str(args.jobs)] + (["--sizes", args.sizes] if args.sizes else []))]
        for key, part, extra in plan:
            if part not in only:
                continue
            print(f"bench: {key} (load {os.getloadavg()[0]:.1f}) ...", file=sys.stderr, flush=True)
            res[key] = run_part(part, passed + extra, cache_dir)
            res[key]["measured_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
            res[key]["commit"] = res["machine"].get("commit", "")
            Path(args.out).write_text(json.dumps(res, indent=2) + "\n")  # a stopped run keeps what it measured
    res["machine"]["loadavg_at_end"] = [round(x, 2) for x in os.getloadavg()]
    Path(args.out).write_text(json.dumps(res, indent=2) + "\n")
    print(table(res))
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
