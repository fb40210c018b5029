"""Reading PDFs in worker processes, with limits enforced from outside.

A hostile PDF can make MuPDF spin inside one page (nested Form XObjects), inflate a few hundred KB
into gigabytes of operators, or crash. The reader's own checks run between pages; these limits hold
inside a page too, because each read runs in a worker process that

- has an address-space limit (RLIMIT_AS, `memory_bytes`): an allocation past it fails inside the
  worker, never in the caller;
- is killed when the read passes its wall-clock deadline (the document's `max_seconds` plus
  `GRACE_SECONDS`, so the reader's own page-by-page message usually comes first) and replaced by
  a fresh one for the next read.

So a hostile file costs one worker, never the CLI, the QA run or the app. A worker is a fresh Python
interpreter started with subprocess and spoken to over a socket pair with multiprocessing's
`Connection` (pickled messages): safe in a process with threads (Streamlit serves each session in
its own thread), nothing written to disk (multiprocessing's forkserver puts a socket in the temp
folder) and the caller's `__main__` never re-imported (multiprocessing's spawn does that, and a
script without a main guard would start itself again). Workers are kept for the next read
(starting one costs a second or two: Python, pymupdf, numpy), and a read still running after
SPARE_AFTER_SECONDS has a spare started beside it; up to `max_workers` reads run at once
(`POLICYEVAL_READERS` sets it), so a long scan in one session does not delay a text PDF in another;
a read that finds every worker busy says so through its progress callback (`progress(0, QUEUED)`)
before it waits its turn. No lock is held during a read: the pool's lock guards only its list of idle
workers.

`multiprocessing.Pool` and `concurrent.futures` cannot kill one task's process at its deadline (a
pool breaks or waits), nor relay a read's page-by-page progress to the caller's thread.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..errors import DocumentError
from ..models import Document
from .document import ReadLimits

MEMORY_BYTES = 2 * 1024**3  # address space of one worker (bytes); pymupdf + numpy + Python take ~0.5 GB
GRACE_SECONDS = 10.0  # past a document's max_seconds before its worker is killed (seconds)
MAX_WORKERS = 4  # reads at once; more wait for a worker (POLICYEVAL_READERS overrides)
QUEUED = -1  # progress(0, QUEUED): every worker is busy, this read waits its turn
START_SECONDS = 60.0  # a worker that has not said it is ready by then has failed to start (seconds)
SPARE_AFTER_SECONDS = 2.0  # a read still running by then (a scan, a long EOC) gets a spare worker started
PING_SECONDS = 5.0  # an idle worker that does not answer a ping by then is replaced (seconds)
POLL_SECONDS = 0.25  # how often a waiting caller checks its deadline (seconds)


@dataclass
class _Job:
    data: bytes
    name: str
    limits: ReadLimits | None


def _serve(fd: int, memory_bytes: int) -> None:
    """A worker (its own Python process, see _BOOT): limit its own memory, then read documents until
    the socket closes. A kept worker reads other people's documents next, so after each one it keeps
    nothing of it: the job and the document go with `_answer`'s frame, and the word memos (the reader's
    and terms') are cleared."""
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ValueError, OSError):  # a lower hard limit already holds
        pass
    from ..terms import forget_words
    from .geometry import squash_word

    conn = Connection(fd)
    conn.send(("ready",))
    while True:
        try:
            job: _Job = conn.recv()
        except (EOFError, OSError):
            return
        if job == "ping":
            conn.send(("pong",))
            continue
        _answer(conn, job)
        del job
        squash_word.cache_clear()
        forget_words()


def _answer(conn: Connection, job: _Job) -> None:
    """Read one document and send the reply: the document, or why it was refused, or the bug."""
    from ..errors import PolicyEvalError
    from .document import read_pdf

    try:
        doc = read_pdf(job.data, job.name, job.limits, lambda done, total: conn.send(("progress", done, total)))
        doc.data = b""  # the caller has the bytes; do not send them back
        conn.send(("done", doc))
    except PolicyEvalError as err:
        conn.send(("refused", type(err).__name__, str(err)))
    except MemoryError:
        conn.send(("memory",))
    except RuntimeError as err:
        if not str(err).startswith("code="):  # MuPDF's own errors are about the file
            conn.send(("bug", type(err).__name__, str(err)[:500]))
            return
        conn.send(
            (
                "refused",
                "DocumentError",
                f"{job.name} is damaged and cannot be read ({str(err)[:120]}); "
                "download it again or print it to a new PDF",
            )
        )
    except Exception as err:  # noqa: BLE001 - a bug: the caller says so in one line
        conn.send(("bug", type(err).__name__, str(err)[:500]))


# A fresh interpreter that imports only the reader (never the caller's __main__, as multiprocessing's
# spawn would: a script without a main guard would start itself again).
_BOOT = "import sys; from policyeval.read.worker import _serve; _serve(int(sys.argv[1]), int(sys.argv[2]))"


class _Worker:
    def __init__(self, memory_bytes: int):
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", _BOOT, str(theirs.fileno()), str(memory_bytes)],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
                close_fds=True,
            )
        finally:
            theirs.close()
        self.conn = Connection(ours.detach())
        if not self.conn.poll(START_SECONDS) or self.conn.recv() != ("ready",):
            self.kill()
            raise DocumentError("the document reader could not be started; try again")

    def alive(self) -> bool:
        """Running and answering (a kept worker may have been killed while idle)."""
        if self.process.poll() is not None:
            return False
        try:
            self.conn.send("ping")
            return bool(self.conn.poll(PING_SECONDS)) and self.conn.recv() == ("pong",)
        except (EOFError, OSError):
            return False

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        self.conn.close()


class ReaderPool:
    """Worker processes that read PDFs; see the module docstring. Thread-safe."""

    def __init__(
        self,
        max_workers: int = MAX_WORKERS,
        memory_bytes: int = MEMORY_BYTES,
        grace_seconds: float = GRACE_SECONDS,
    ):
        self.memory_bytes = memory_bytes
        self.grace_seconds = grace_seconds
        self.max_workers = max_workers
        self._starting = 0  # spare workers being started
        self._slots = threading.BoundedSemaphore(max_workers)
        self._idle: list[_Worker] = []
        self.busy: set[_Worker] = set()  # workers reading now
        self._lock = threading.Lock()  # guards _idle and busy only; never held during a read
        self._owner = os.getpid()

    def _take(self) -> _Worker:
        """A worker for one read: a kept one that still answers, else a new one."""
        worker = None
        while worker is None:
            with self._lock:
                kept = self._idle.pop() if self._idle else None
            if kept is None:
                worker = _Worker(self.memory_bytes)
            elif kept.alive():
                worker = kept
            else:
                kept.kill()
        with self._lock:
            self.busy.add(worker)
        return worker

    def _give_back(self, worker: _Worker, keep: bool) -> None:
        with self._lock:
            self.busy.discard(worker)
            if keep:
                self._idle.append(worker)

    def read(
        self,
        data: bytes,
        name: str,
        limits: ReadLimits | None = None,
        progress: Callable[[int, int], None] | None = None,
    ) -> Document:
        """The document read in a worker; DocumentError naming `name` when it cannot be read within
        the limits (time, memory) or the worker dies. `progress(done, total)` gets each page read, and
        `(0, QUEUED)` first when every worker is busy and this read waits its turn."""
        limits = limits or ReadLimits()
        if not self._slots.acquire(blocking=False):
            if progress:
                progress(0, QUEUED)
            self._slots.acquire()
        try:
            try:
                reply = self._run(_Job(data, name, limits), progress)
            except _TimedOut:
                raise DocumentError(
                    f"{name}: reading took longer than {limits.max_seconds:g} s and was stopped; "
                    "upload fewer pages or a text (not scanned) PDF"
                ) from None
            except _Died:
                raise DocumentError(
                    f"{name} could not be read: the reader stopped on it (a damaged or hostile file); "
                    "download it again or print it to a new PDF"
                ) from None
        finally:
            self._slots.release()
        return _result(reply, data, name)

    def _run(self, job: _Job, progress: Callable[[int, int], None] | None) -> tuple[Any, ...]:
        """The worker's reply to `job`; a worker that dies on the job is the job's fault."""
        assert job.limits is not None
        worker = self._take()
        deadline = time.monotonic() + job.limits.max_seconds + self.grace_seconds
        try:
            worker.conn.send(job)
            reply = self._wait(worker, deadline, progress)
        except (EOFError, OSError):
            worker.kill()
            self._give_back(worker, keep=False)
            raise _Died from None
        except BaseException:
            worker.kill()
            self._give_back(worker, keep=False)
            raise
        self._give_back(worker, keep=True)
        return reply

    def _wait(self, worker: _Worker, deadline: float, progress: Callable[[int, int], None] | None) -> tuple[Any, ...]:
        spare_at = time.monotonic() + SPARE_AFTER_SECONDS
        while True:
            if spare_at and time.monotonic() > spare_at:
                spare_at = 0.0
                self._start_spare()
            left = deadline - time.monotonic()
            if left <= 0:
                worker.kill()
                raise _TimedOut
            if worker.conn.poll(min(left, POLL_SECONDS)):
                message = worker.conn.recv()
                if message[0] == "progress":
                    if progress:
                        progress(message[1], message[2])
                    continue
                return tuple(message)
            if worker.process.poll() is not None:
                raise EOFError

    def _start_spare(self) -> None:
        """A long read is running: start a worker in the background, so that a read another session
        starts meanwhile does not wait a second or two for a new interpreter."""
        with self._lock:
            if self._idle or self._starting or len(self.busy) + self._starting >= self.max_workers:
                return
            self._starting += 1

        def start() -> None:
            try:
                worker = _Worker(self.memory_bytes)
            except DocumentError:
                worker = None
            with self._lock:
                self._starting -= 1
                if worker is not None:
                    self._idle.append(worker)

        threading.Thread(target=start, name="policyeval-spare-reader", daemon=True).start()

    def close(self) -> None:
        """Stop the idle workers (busy ones stop when their read ends)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


class _TimedOut(Exception):
    pass


class _Died(Exception):
    pass


def _result(reply: tuple[Any, ...], data: bytes, name: str) -> Document:
    kind = reply[0]
    if kind == "done":
        doc: Document = reply[1]
        doc.data = data
        return doc
    if kind == "refused":
        raise DocumentError(reply[2])
    if kind == "memory":
        raise DocumentError(
            f"{name} needs more memory to read than a document may use; "
            "upload only the plan's summary or the pages you need"
        )
    raise RuntimeError(f"reading {name} failed inside the reader: {reply[1]}: {reply[2]}")


_POOL: list[ReaderPool] = []
_POOL_LOCK = threading.Lock()


def pool() -> ReaderPool:
    """The process's shared pool (the CLI, QA and the app all read through it)."""
    with _POOL_LOCK:
        if not _POOL or _POOL[0]._owner != os.getpid():
            _POOL[:] = [ReaderPool(max_workers=_readers())]
        return _POOL[0]


def _readers() -> int:
    """POLICYEVAL_READERS (reads at once: size it to the machine's cores and memory), else MAX_WORKERS."""
    try:
        return max(1, int(os.environ.get("POLICYEVAL_READERS", "")))
    except ValueError:
        return MAX_WORKERS


def read_in_worker(
    data: bytes, name: str, limits: ReadLimits | None = None, progress: Callable[[int, int], None] | None = None
) -> Document:
    """Read one PDF in the shared pool; a read past its deadline is a DocumentError, not a hang."""
    return pool().read(data, name, limits, progress)
