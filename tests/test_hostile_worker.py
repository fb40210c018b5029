"""Reading runs in worker processes with limits enforced from outside (issue 11 §3, §4).

A read past its deadline is killed inside the page it is stuck on, a worker's address space is
limited, a dead or killed worker is replaced, progress reaches the caller's thread, and two reads
run side by side: a long scan does not hold up a text PDF."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import SAMPLES
from hostilebuild import inflate_bomb

from policyeval.errors import DocumentError
from policyeval.pipeline import read_documents
from policyeval.read.document import ReadLimits
from policyeval.read.worker import QUEUED, ReaderPool, pool

SBC = SAMPLES / "sbc01_named_pa.pdf"
pytestmark = pytest.mark.skipif(not SBC.exists(), reason="samples not generated yet")


@pytest.fixture(scope="module")
def small_pool():
    p = ReaderPool(max_workers=2, grace_seconds=1.0)
    yield p
    p.close()


def test_a_read_in_a_worker_gives_the_document_and_its_bytes(small_pool):
    data = SBC.read_bytes()
    pages: list[tuple[int, int]] = []
    doc = small_pool.read(data, "plan.pdf", None, lambda done, total: pages.append((done, total)))
    assert doc.name == "plan.pdf" and doc.data == data and len(doc.pages) == 5
    assert pages == [(i, 5) for i in range(1, 6)], "progress is relayed page by page"


def test_a_page_that_never_ends_is_stopped_at_the_deadline(small_pool):
    """One page whose 15 MB of path operators (inside the reader's structural limits) keep MuPDF busy
    for half a minute: the reader's between-pages check never runs; the worker is killed at
    max_seconds + grace, and the next read gets a fresh worker."""
    bomb = inflate_bomb(15)
    t0 = time.monotonic()
    with pytest.raises(DocumentError, match=r"bomb\.pdf: reading took longer than 2 s and was stopped"):
        small_pool.read(bomb, "bomb.pdf", ReadLimits(max_seconds=2))
    assert time.monotonic() - t0 < 60
    assert len(small_pool.read(SBC.read_bytes(), "after.pdf").pages) == 5


def test_the_worker_memory_limit_holds(tmp_path):
    """A worker gets RLIMIT_AS: with a limit too small to read anything the read fails cleanly (one
    DocumentError), the caller lives on."""
    tiny = ReaderPool(max_workers=1, memory_bytes=64 * 1024**2, grace_seconds=1.0)
    try:
        with pytest.raises(DocumentError):
            tiny.read(SBC.read_bytes(), "plan.pdf", ReadLimits(max_seconds=20))
    finally:
        tiny.close()


def test_the_limit_is_set_on_the_worker_process(small_pool):
    small_pool.read(SBC.read_bytes(), "plan.pdf")
    worker = small_pool._idle[-1]
    limits = Path(f"/proc/{worker.process.pid}/limits").read_text()
    line = next(ln for ln in limits.splitlines() if ln.startswith("Max address space"))
    assert str(small_pool.memory_bytes) in line


def test_a_worker_that_dies_mid_read_is_a_clean_error(small_pool):
    result: list[BaseException] = []

    def read():
        try:
            small_pool.read(inflate_bomb(15), "bomb.pdf", ReadLimits(max_seconds=60))
        except BaseException as err:  # noqa: BLE001 - the test inspects it
            result.append(err)

    t = threading.Thread(target=read)
    t.start()
    for _ in range(600):
        if small_pool.busy:
            break
        time.sleep(0.05)
    time.sleep(1.0)
    for w in list(small_pool.busy):
        w.process.kill()
    t.join(60)
    assert result and isinstance(result[0], DocumentError), result
    assert "bomb.pdf" in str(result[0])


def test_a_worker_killed_while_idle_is_replaced(small_pool):
    small_pool.read(SBC.read_bytes(), "one.pdf")
    for w in small_pool._idle:
        w.process.kill()
        w.process.wait()
    assert len(small_pool.read(SBC.read_bytes(), "two.pdf").pages) == 5


def test_a_read_that_finds_every_worker_busy_says_it_is_queued():
    """One worker, taken by another read: the second read reports (0, QUEUED) before it waits, then
    its pages once it has the worker (the app shows "Queued" from this)."""
    p = ReaderPool(max_workers=1, grace_seconds=1.0)
    seen: list[tuple[int, int]] = []
    queued = threading.Event()

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if total == QUEUED:
            queued.set()

    p._slots.acquire()  # another session's read holds the only worker
    reader = threading.Thread(target=lambda: p.read(SBC.read_bytes(), "second.pdf", None, progress))
    try:
        reader.start()
        assert queued.wait(30), "the waiting read did not say it was queued"
        assert seen == [(0, QUEUED)]
    finally:
        p._slots.release()
    reader.join(120)
    try:
        assert seen == [(0, QUEUED)] + [(i, 5) for i in range(1, 6)]
        seen.clear()
        p.read(SBC.read_bytes(), "third.pdf", None, lambda d, t: seen.append((d, t)))
        assert (0, QUEUED) not in seen, "a read that finds a free worker is not queued"
    finally:
        p.close()


def test_the_pool_size_comes_from_the_environment(monkeypatch):
    from policyeval.read import worker

    monkeypatch.setenv("POLICYEVAL_READERS", "3")
    assert worker._readers() == 3
    monkeypatch.setenv("POLICYEVAL_READERS", "many")
    assert worker._readers() == worker.MAX_WORKERS


def test_read_documents_uses_the_shared_pool_and_no_lock():
    docs = read_documents([SBC])
    assert docs[0].name == SBC.name and pool()._idle


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tesseract") is None, reason="tesseract not installed")
def test_a_long_scan_does_not_hold_up_a_text_pdf():
    """Two sessions: one uploads a scanned plan (OCR, tens of seconds), the other a text PDF a moment
    later. The text PDF finishes first, in about the time it takes alone."""
    scan = (SAMPLES / "sbc01_named_pa_scanned.pdf").read_bytes()
    text = SBC.read_bytes()
    p = ReaderPool(max_workers=4)
    try:
        p.read(text, "warm.pdf")  # one warm worker, as in a running app
        t0 = time.monotonic()
        p.read(text, "alone.pdf")
        alone = time.monotonic() - t0
        done: dict[str, float] = {}
        start = time.monotonic()

        def run(name, data):
            p.read(data, name)
            done[name] = time.monotonic() - start

        threads = [threading.Thread(target=run, args=("scan.pdf", scan))]
        threads[0].start()
        time.sleep(0.5)
        threads.append(threading.Thread(target=run, args=("text.pdf", text)))
        threads[1].start()
        for t in threads:
            t.join(600)
        assert set(done) == {"scan.pdf", "text.pdf"}
        assert done["text.pdf"] < done["scan.pdf"], done
        print(
            f"text alone {alone:.1f} s; with a scan running: text {done['text.pdf'] - 0.5:.1f} s, scan {done['scan.pdf']:.1f} s"
        )
    finally:
        p.close()
