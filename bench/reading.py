"""Reading per page: ours against the floor and against structured peers, on the same pages.

- `ours_evaluate`: `pipeline.evaluate` of one document, cold (no document cache): open, words, rows
  and lists, findings, plan text, parse, facts, engine, decision. Reading runs wherever the pipeline
  runs it (in the reader's worker processes once that pool is wired in): CPU is the whole process tree.
- `ours_read`: `read_pdf` alone, in this process.
- `raw`: `pymupdf.open` + `page.get_text("words")` on every page: the floor any text reader pays.
- peers, one per subprocess (`--peer NAME`) so one library's imports and caches never touch another's:
  pymupdf `find_tables` (+ words), pdfplumber words + tables, pymupdf4llm `to_markdown`. Each peer
  is timed interleaved with its own `raw` run on the same pages, so its ratio is measured side by side.
  On long documents the peers read an evenly spaced sample of pages (`PEER_PAGES`), and the raw run
  beside them reads the same sample.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from corpus import GROUPS, documents
from timing import interleaved, median_timed

PROFILE = {"treatment": "esketamine_nasal", "age": 42, "diagnoses": ["F33.2"], "failed_antidepressant_trials": 2}
PEERS = ("find_tables", "pdfplumber", "pymupdf4llm")
PEER_PAGES = 16  # pages a peer reads of one long document (evenly spaced); every page below that
BENCH_SECONDS = 900.0  # the reader's time limit in the bench (s): a loaded machine must not refuse eoc07


def _raw(data: bytes, pages: list[int] | None = None) -> Callable[[], None]:
    import pymupdf

    def run() -> None:
        with pymupdf.open(stream=data, filetype="pdf") as doc:
            for i in pages if pages is not None else range(len(doc)):
                doc[i].get_text("words")

    return run


def _evaluate(rules: Any, limits: Any, name: str, data: bytes) -> Callable[[], None]:
    import inspect

    from policyeval import pipeline

    takes_cache = "cache" in inspect.signature(pipeline.evaluate).parameters

    def run() -> None:
        old_cache = getattr(pipeline, "DOCUMENT_CACHE", None)
        if old_cache is not None:  # before per-caller caches: a process-wide one, cleared = cold
            old_cache.clear()
        kwargs = {"cache": None} if takes_cache else {}
        pipeline.evaluate([(name, data)], PROFILE, rules, limits=limits, **kwargs)

    return run


def _agg(rows: list[dict], keys: tuple[str, ...]) -> dict:
    """A group's figures: total pages, per-page ms of each measure (sum of per-document medians over
    the sum of pages), and each measure's ratio to raw words."""
    ok = [r for r in rows if "error" not in r]
    pages = sum(r["pages"] for r in ok)
    out: dict[str, Any] = {"documents": len(ok), "pages": pages, "failed": [r["name"] for r in rows if "error" in r]}
    if not pages:
        return out
    for clock in ("cpu", "wall"):
        raw = sum(r[f"raw_{clock}_s"] for r in ok)
        for k in keys:
            total = sum(r[f"{k}_{clock}_s"] for r in ok)
            out[f"{k}_{clock}_ms_per_page"] = 1000 * total / pages
            out[f"{k}_{clock}_ratio"] = total / raw if raw else None
        out[f"raw_{clock}_ms_per_page"] = 1000 * raw / pages
    return out


def part_reading(repeats: int, groups: tuple[str, ...] = GROUPS) -> dict:
    """Ours (evaluate, read only) and raw words, interleaved, per document; groups aggregated."""
    from policyeval.decide.ruleset import load_rules
    from policyeval.dsl.planfile import to_plan_text
    from policyeval.find.findings import find
    from policyeval.pipeline import evaluate_plan_text
    from policyeval.read.document import ReadLimits, read_pdf

    rules = load_rules()
    rules.compiled()
    limits = ReadLimits(max_seconds=BENCH_SECONDS)
    docs = documents(groups)
    rows: list[dict] = []
    for d in docs:
        row: dict[str, Any] = {"name": d.name, "group": d.group, "pages": d.pages, "bytes": len(d.data)}
        fns = {
            "raw": _raw(d.data),
            "ours_evaluate": _evaluate(rules, limits, d.name, d.data),
            "ours_read": lambda d=d: read_pdf(d.data, d.name, limits),
        }
        try:
            for fn in fns.values():  # warm: imports, the worker pool, the lexicon, the engine
                fn()
            # Long documents: fewer rounds (each takes seconds); the median of 3 still drops one outlier.
            rounds = repeats if d.pages < 100 else min(repeats, 3)
            for k, (wall, cpu) in interleaved(fns, rounds).items():
                row[f"{k}_wall_s"], row[f"{k}_cpu_s"] = wall, cpu
            # Where the time goes: read (above), find, plan text -> parse -> decide.
            doc = read_pdf(d.data, d.name, limits)
            split = max(1, rounds // 2)
            row["find_wall_s"], row["find_cpu_s"] = median_timed(lambda doc=doc: find([doc]), split)
            plan_text = to_plan_text([doc], find([doc]))
            row["decide_wall_s"], row["decide_cpu_s"] = median_timed(
                lambda t=plan_text: evaluate_plan_text(t, PROFILE, rules), split
            )
            row["runs"] = rounds
        except Exception as exc:  # one document's failure is a figure to report, not the end of the bench
            row["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        rows.append(row)
    keys = ("ours_evaluate", "ours_read")
    return {
        "documents": rows,
        "groups": {g: _agg([r for r in rows if r["group"] == g], keys) for g in groups},
        "cpu_clock": "process tree: this process, live descendants (reader workers) and reaped children",
    }


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """stdout (the part's JSON channel) to /dev/null meanwhile, for Python and C writers alike."""
    sys.stdout.flush()
    saved = os.dup(1)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            yield
    finally:
        sys.stdout.flush()
        os.dup2(saved, 1)
        os.close(saved)
        os.close(null)


def _sample(pages: int) -> list[int]:
    if pages <= PEER_PAGES:
        return list(range(pages))
    step = pages / PEER_PAGES
    return sorted({int(i * step) for i in range(PEER_PAGES)})


def _peer_fn(peer: str, data: bytes, pages: list[int]) -> Callable[[], None]:
    if peer == "find_tables":
        import pymupdf

        def run() -> None:
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                for i in pages:
                    page = doc[i]
                    page.get_text("words")
                    page.find_tables()

        return run
    if peer == "pdfplumber":
        import pdfplumber

        def run() -> None:
            with pdfplumber.open(io.BytesIO(data)) as pdf:
                for i in pages:
                    page = pdf.pages[i]
                    page.extract_words()
                    page.extract_tables()
                    page.flush_cache()

        return run
    if peer == "pymupdf4llm":
        import pymupdf
        import pymupdf4llm

        def run() -> None:
            with pymupdf.open(stream=data, filetype="pdf") as doc:
                # Its default path (1.28: the layout model); OCR off, as for every other figure here.
                pymupdf4llm.to_markdown(doc, pages=pages, show_progress=False, use_ocr=False)

        return run
    raise ValueError(f"unknown peer {peer!r}")


def peer_version(peer: str) -> str:
    from importlib.metadata import version

    return version({"find_tables": "pymupdf"}.get(peer, peer))


def part_peer(peer: str, repeats: int, groups: tuple[str, ...] = GROUPS) -> dict:
    """One peer on every bench document (a page sample of long ones), interleaved with raw words on
    the same pages."""
    try:
        _peer_fn(peer, b"", [])
    except ImportError as exc:
        return {"skipped": f"{peer} is not installed ({exc.name}): pip install -e '.[bench]'"}
    except Exception:
        pass
    rows: list[dict] = []
    docs = documents(groups)
    if docs:  # warm once (imports, a layout model's load), not per document: each document is read cold
        with _quiet():
            _peer_fn(peer, docs[0].data, [0])()
    for d in docs:
        pages = _sample(d.pages)
        row: dict[str, Any] = {"name": d.name, "group": d.group, "pages": len(pages), "of_pages": d.pages}
        fns = {"raw": _raw(d.data, pages), peer: _peer_fn(peer, d.data, pages)}
        try:
            with _quiet():  # some peers print progress or notices, at the file-descriptor level too
                for k, (wall, cpu) in interleaved(fns, repeats).items():
                    row[f"{k}_wall_s"], row[f"{k}_cpu_s"] = wall, cpu
        except Exception as exc:
            row["error"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        rows.append(row)
    return {
        "peer": peer,
        "version": peer_version(peer),
        "peer_pages_per_long_document": PEER_PAGES,
        "documents": rows,
        "groups": {g: _agg([r for r in rows if r["group"] == g], (peer,)) for g in groups},
    }
