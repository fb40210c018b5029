"""The service's plan documents, keyed by plan ID, and their plan files read once.

Layout of the folder given to `policyeval serve --plans DIR`:

    DIR/12345NY0010001/   a folder named by the HIOS plan ID: that plan's PDFs and plan files
    DIR/drugs.json        issuer-wide formulary files (any name; recognised by content): they
    DIR/plans.json        speak for every plan ID they list

Reading a plan's documents (OCR, a formulary of hundreds of MB) is slow, so each plan's plan text is
kept in memory (never on disk) until a file in its set changes. Plan texts hold no patient data.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import policyeval

PLAN_FOLDER = re.compile(r"\d{5}[A-Z]{2}\d{7}")  # a HIOS plan ID (14 characters)
DOCUMENT_SUFFIXES = (".pdf", ".policy", ".plan", ".json")
CACHED_PLANS = 32  # plan texts kept in memory


@dataclass(frozen=True)
class PlanFiles:
    plan_id: str
    files: tuple[Path, ...]
    signature: tuple[tuple[str, int, int], ...]  # (path, size, mtime) of each file: changes invalidate


class PlanLibrary:
    """Finds a plan's documents in the folder and gives its plan text (cached, thread-safe)."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise policyeval.InputError(f"{folder}: not a folder; give the folder that holds the plans' documents")
        self._lock = threading.Lock()  # the indexes below
        self._reading: dict[str, threading.Lock] = {}  # one per plan: a plan is read once, plans in parallel
        self._texts: OrderedDict[str, tuple[tuple[tuple[str, int, int], ...], str]] = OrderedDict()
        self._shared: tuple[tuple[tuple[str, int, int], ...], dict[str, list[Path]]] | None = None

    def _documents(self, folder: Path) -> list[Path]:
        return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENT_SUFFIXES)

    def _shared_formularies(self) -> dict[str, list[Path]]:
        """Plan ID -> the top-level formulary files that list it (indexed once per change of files)."""
        top = [p for p in self._documents(self.folder) if p.suffix.lower() == ".json"]
        signature = _signature(top)
        if self._shared is None or self._shared[0] != signature:
            index: dict[str, list[Path]] = {}
            for path in top:
                for plan in policyeval.formulary_plans([path]):
                    index.setdefault(plan.plan_id, []).append(path)
            self._shared = (signature, index)
        return self._shared[1]

    def files(self, plan_id: str) -> PlanFiles | None:
        """The plan's documents, or None when the folder has none for this plan ID."""
        with self._lock:
            shared = self._shared_formularies().get(plan_id, [])
        own_folder = self.folder / plan_id
        own = self._documents(own_folder) if PLAN_FOLDER.fullmatch(plan_id) and own_folder.is_dir() else []
        files = tuple(own + shared)
        return PlanFiles(plan_id, files, _signature(list(files))) if files else None

    def plan_text(self, plan: PlanFiles) -> str:
        """The plan file of these documents (read once; again when one of them changes)."""
        with self._lock:
            reading = self._reading.setdefault(plan.plan_id, threading.Lock())
        with reading:
            with self._lock:
                cached = self._texts.get(plan.plan_id)
                if cached and cached[0] == plan.signature:
                    self._texts.move_to_end(plan.plan_id)
                    return cached[1]
            text, _ = policyeval.plan_from_inputs(list(plan.files), plan_id=plan.plan_id)
            with self._lock:
                self._texts[plan.plan_id] = (plan.signature, text)
                while len(self._texts) > CACHED_PLANS:
                    self._texts.popitem(last=False)
            return text


def _signature(files: list[Path]) -> tuple[tuple[str, int, int], ...]:
    out = []
    for p in files:
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(out)
