"""Timing for the bench: wall and CPU seconds of a call, medians, memory.

CPU time is the figure that holds on this shared 2-core machine (a busy neighbour stretches wall time,
not CPU time). `cpu_seconds()` counts this process, every live descendant (the reader's worker pool,
Dask workers, a forkserver and its pool) and every finished, reaped child (tesseract), each from the
kernel's own nanosecond run-time counters, so a read done in a worker process is charged to the read
that caused it.
"""

from __future__ import annotations

import os
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any


def _threads_cpu(pid: int) -> float:
    """CPU seconds of every thread of a live process, in nanoseconds of scheduler run time
    (/proc/PID/task/*/schedstat): exact, where psutil's clock ticks are 10 ms."""
    total = 0
    for tid in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{tid}/schedstat") as fh:
            total += int(fh.read().split()[0])
    return total / 1e9


def cpu_seconds() -> float:
    """CPU seconds so far of this process tree: this process (all threads) and its reaped children,
    and every live descendant (all threads) with its own reaped children. Without psutil: this
    process and its reaped children only."""
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    total = time.process_time() + kids.ru_utime + kids.ru_stime
    try:
        import psutil
    except ImportError:
        return total
    for kid in psutil.Process().children(recursive=True):
        try:
            t = kid.cpu_times()  # its reaped children (tesseract under a reader worker), 10 ms ticks
            total += _threads_cpu(kid.pid) + t.children_user + t.children_system
        except (psutil.Error, OSError):  # ended between the listing and the reading: its parent has it
            pass
    return total


def timed(fn: Callable[[], Any]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process tree) of one call."""
    c0 = cpu_seconds()
    t0 = time.perf_counter()
    fn()
    wall = time.perf_counter() - t0
    return wall, cpu_seconds() - c0


def median_timed(fn: Callable[[], Any], repeats: int) -> tuple[float, float]:
    """Median wall and median CPU seconds over `repeats` calls."""
    runs = [timed(fn) for _ in range(max(1, repeats))]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def interleaved(fns: dict[str, Callable[[], Any]], repeats: int) -> dict[str, tuple[float, float]]:
    """Median (wall, CPU) of each function, the functions run in turn in every round, so all of
    them see the same machine state (a neighbour's burst hits every one alike)."""
    runs: dict[str, list[tuple[float, float]]] = {k: [] for k in fns}
    for _ in range(max(1, repeats)):
        for k, fn in fns.items():
            runs[k].append(timed(fn))
    return {k: (statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs)) for k, rs in runs.items()}


def rss_mb() -> float:
    """Resident memory of this process now (MB)."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb() -> float:
    """Peak resident memory of this process (MB; Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
