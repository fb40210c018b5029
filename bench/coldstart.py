"""Cold start: what a fresh `policyeval` process costs, in CPU seconds of the whole process tree.

Each command runs as a fresh subprocess. The bench process makes itself a child subreaper
(prctl PR_SET_CHILD_SUBREAPER) and reaps every descendant after each run, so the CPU of processes the
command leaves behind (the reader's worker processes outlive the CLI by a moment) is counted in
`RUSAGE_CHILDREN` with the command's own. The user cache (lark tables, checked rule programs) lives
in a directory of the bench's own: the first run fills it (reported as `first_*`), the median of the
following runs is the figure a user sees on every start after the first.
"""

from __future__ import annotations

import ctypes
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import SHARED, make_sbc

PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h
PROFILE_YAML = "treatment: esketamine_nasal\nage: 42\ndiagnoses: [F33.2]\nfailed_antidepressant_trials: 2\n"


def become_subreaper() -> bool:
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _reap_all() -> None:
    """Wait for every remaining descendant (re-parented to us as the subreaper)."""
    while True:
        try:
            os.wait()
        except ChildProcessError:
            return


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run_once(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    """(wall s, CPU s of the command and all its descendants, exit code)."""
    c0 = _children_cpu()
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _reap_all()
    wall = time.perf_counter() - t0
    return wall, _children_cpu() - c0, proc.returncode


def _commands(work: Path) -> dict[str, list[str]]:
    exe = str(Path(sys.executable).with_name("policyeval"))
    root = Path(__file__).resolve().parent.parent
    rules = work / "default.policy"
    shutil.copy(root / "rules" / "default.policy", rules)
    profile = work / "profile.yaml"
    profile.write_text(PROFILE_YAML)
    sbc = work / "sbc_12p.pdf"
    sbc.write_bytes(make_sbc(12))
    cmds = {
        "version": [exe, "--version"],
        "rules_fmt": [exe, "rules", "fmt", str(rules)],
        "evaluate_highlight_sbc_12p": [exe, "evaluate", str(sbc), "-p", str(profile), "--highlight", str(work / "hl")],
    }
    real = SHARED / "real-sbc" / "BlueCross_PPO.pdf"  # a real 12-page SBC, when the folder is there
    if real.exists():
        cmds["evaluate_highlight_real_12p"] = [
            exe,
            "evaluate",
            str(real),
            "-p",
            str(profile),
            "--highlight",
            str(work / "hl2"),
        ]
    return cmds


def _imports(env: dict[str, str], cwd: Path) -> dict[str, bool]:
    """Whether `--version` / `rules fmt` load pymupdf or durable_rules (they should not: issue 13 §3)."""
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['policyeval'] + sys.argv[1:]\n"
        "try:\n    runpy.run_module('policyeval.cli', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print('MODS', 'pymupdf' in sys.modules, 'durable' in sys.modules, 'lark' in sys.modules)\n"
    )
    out = {}
    for label, args in (("version", ["--version"]), ("rules_fmt", ["rules", "fmt", "--check"])):
        res = subprocess.run([sys.executable, "-c", probe, *args], env=env, cwd=cwd, capture_output=True, text=True)
        _reap_all()
        line = next((x for x in res.stdout.splitlines() if x.startswith("MODS")), "")
        if line:
            _, pym, dur, lark = line.split()
            out[label] = {"pymupdf": pym == "True", "durable": dur == "True", "lark": lark == "True"}
    return out


def part_coldstart(repeats: int) -> dict:
    subreaper = become_subreaper()
    out: dict = {"subreaper": subreaper, "runs": repeats}
    with tempfile.TemporaryDirectory(prefix="policyeval-bench-cold-") as tmp:
        work = Path(tmp)
        env = dict(os.environ, POLICYEVAL_CACHE_DIR=str(work / "cache"), PYTHONDONTWRITEBYTECODE="0")
        cmds = _commands(work)
        for label, cmd in cmds.items():
            first_wall, first_cpu, code = run_once(cmd, env, work)
            runs = [run_once(cmd, env, work) for _ in range(repeats)]
            out[label] = {
                "first_wall_s": first_wall,
                "first_cpu_s": first_cpu,
                "wall_s": statistics.median(r[0] for r in runs),
                "cpu_s": statistics.median(r[1] for r in runs),
                "exit": code,
            }
        out["imports"] = _imports(env, work)
    return out
