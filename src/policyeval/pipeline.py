"""The data flow of DESIGN.md, end to end: PDFs or plan files -> plan text -> facts + profile ->
engine -> decision. Every PDF goes through its plan file, so both give the same decision."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .decide.carrier import resolve_insurer as resolve_insurer  # public: tools and bench use it
from .decide.case import CaseFacts
from .decide.decision import decide
from .decide.plan import PreparedPlan, prepare_plan
from .decide.ruleset import RuleSet, load_rules
from .dsl.planfile import parse_plan, to_plan_text
from .errors import InputError
from .find.findings import find
from .find.formulary import formulary_findings
from .lexicon import Lexicon, load_lexicon
from .models import Decision, Document, Finding
from .profile import Profile, profile_from_dict
from .read.document import ReadLimits
from .read.formulary_plan import FormularyPlan, Source, formulary_source, plans_covered, read_formularies
from .read.worker import read_in_worker
from .textfile import read_bytes

# An input is a path, or (name, bytes) as uploaded.
Input = str | Path | tuple[str, bytes]
PLAN_SUFFIXES = (".policy", ".plan")


@dataclass
class Evaluation:
    decision: Decision
    documents: list[Document] = field(default_factory=list)  # PDFs read (for rendering evidence)
    findings: list[Finding] = field(default_factory=list)
    plan_text: str = ""


def _load_input(item: Input, limits: ReadLimits | None = None) -> tuple[str, bytes]:
    """(name, bytes) of an input; a path is read with the reader's size limit (textfile.read_bytes)."""
    if isinstance(item, tuple):
        name, data = item
        return Path(name).name, data
    limit = (limits or ReadLimits()).max_bytes
    hint = "upload only the plan's summary or the pages you need"
    return Path(item).name, read_bytes(item, "plan document (PDF or plan)", limit, hint=hint)


def _is_plan(name: str, data: bytes) -> bool:
    if data.lstrip()[:5] == b"%PDF-":
        return False
    return name.lower().endswith(PLAN_SUFFIXES)


class DocumentCache:
    """Documents already read, by content hash, in memory only (never on disk): the app re-decides the
    same PDF on every profile change, and QA meets the same PDF in many cases. One cache per caller
    (a session, a QA run), dropped with it: plans a patient uploads are never kept for anyone else.
    Small LRU, thread-safe; the lock is never held during a read."""

    def __init__(self, size: int = 16):
        self.size = size
        self._items: OrderedDict[tuple, Document] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple) -> Document | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        return None

    def put(self, key: tuple, doc: Document) -> None:
        with self._lock:
            self._items[key] = doc
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def read_document(
    data: bytes,
    name: str,
    limits: ReadLimits | None = None,
    progress: Callable[[int, int], None] | None = None,
    cache: DocumentCache | None = None,
) -> Document:
    """One PDF read in the reader's worker pool (read/worker.py: memory limit, deadline)."""
    key = (hashlib.sha256(data).hexdigest(), name, repr(limits))
    doc = cache.get(key) if cache is not None else None
    if doc is None:
        doc = read_in_worker(data, name, limits, progress)
        if cache is not None:
            cache.put(key, doc)
    return doc


def read_documents(
    inputs: Iterable[Input],
    limits: ReadLimits | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    cache: DocumentCache | None = None,
) -> list[Document]:
    """The PDFs read (in worker processes); `cache` (the caller's own) skips bytes read before.
    `progress(name, done, total)` gets each page read; `total` < 0 (read.worker.QUEUED) first when every
    reader is busy with other callers' documents and this one waits its turn."""
    docs = []
    for item in inputs:
        name, data = _load_input(item, limits)
        cb = (lambda done, total, _n=name: progress(_n, done, total)) if progress else None
        docs.append(read_document(data, name, limits, cb, cache))
    names = [d.name for d in docs]
    dupes = [n for n, c in Counter(names).items() if c > 1]
    if dupes:
        raise InputError(f"two documents are both named {dupes[0]!r}; rename one so evidence can tell them apart")
    return docs


# What hidden text must name for the answer to mention it: a treatment, a category or exclusion of
# services, or coverage wording. Hidden page numbers or decoration pass without a word.
_TELLING_KINDS = {"treatment", "category", "exclusion"}
_TELLING_MODIFIERS = {"covered", "excluded", "experimental", "prior_authorization", "pa_negation"}


def hidden_text_warnings(documents: Iterable[Document], lexicon: Lexicon) -> list[str]:
    """One line per document whose hidden (never read) text names a treatment or coverage wording."""
    out = []
    for doc in documents:
        pages = []
        for page in doc.pages:
            if not page.hidden:
                continue
            found = lexicon.match([w.text for w in page.hidden], groups=("concept", "modifier"))
            if any((m.group == "concept" and m.kind in _TELLING_KINDS) or m.key in _TELLING_MODIFIERS for m in found):
                pages.append(page.number)
        if pages:
            where = f"page {pages[0]}" if len(pages) == 1 else f"pages {', '.join(map(str, pages[:10]))}"
            out.append(f"{doc.name} contains hidden text ({where}); it was ignored")
    return out


def plan_from_inputs(
    inputs: Iterable[Input],
    lexicon: Lexicon | None = None,
    limits: ReadLimits | None = None,
    progress=None,
    plan_id: str | None = None,
    cache: DocumentCache | None = None,
) -> tuple[str, list[Document]]:
    """PDFs are read and found; plan files pass through; formulary files (drugs.json, plans.json,
    recognised by content) are read streaming for `plan_id`; the result is one plan text."""
    lexicon = lexicon or load_lexicon()
    pdfs: list[tuple[str, bytes]] = []
    plan_texts: list[tuple[str, str]] = []
    formularies: list[Source] = []
    items = list(inputs)
    if not items:
        raise InputError("no plan documents given: pass at least one PDF or plan file")
    for item in items:
        source = formulary_source(item)
        if source is not None:
            formularies.append(source)
            continue
        name, data = _load_input(item, limits)
        if _is_plan(name, data):
            try:
                plan_texts.append((name, data.decode("utf-8")))
            except UnicodeDecodeError:
                raise InputError(f"{name}: not UTF-8 text; a plan file must be UTF-8") from None
        else:
            pdfs.append((name, data))
    documents = read_documents(pdfs, limits, progress, cache) if pdfs else []
    parts = []
    if documents:
        parts.append(to_plan_text(documents, find(documents, lexicon)))
    if formularies:
        listed = read_formularies(formularies, plan_id, lexicon, progress=progress)
        parts.append(to_plan_text(listed.documents, formulary_findings(listed)))
    parts.extend(text for _, text in plan_texts)
    return "\n".join(parts), documents


def formulary_plans(inputs: Iterable[Input]) -> list[FormularyPlan]:
    """The plans the formulary files among `inputs` cover (none when there are none), to choose from."""
    sources = [s for s in (formulary_source(item) for item in inputs) if s is not None]
    return plans_covered(sources) if sources else []


def evaluate_plan_text(
    plan_text: str,
    profile: Profile | dict,
    rules: RuleSet | None = None,
    lexicon: Lexicon | None = None,
    plan_name: str = "<plan>",
    plans: PlanCache | None = None,
) -> tuple[Decision, list[Finding]]:
    """Plan text + a patient profile -> (decision, the plan's findings). `plans`: the caller's cache of
    prepared plans, for deciding one plan for many profiles."""
    lexicon = lexicon or load_lexicon()
    rules = rules or default_rules()
    facts = case_facts(plan_text, profile, rules, lexicon, plan_name, plans)
    return decide(rules, facts), list(facts.findings)


def case_facts(
    plan_text: str,
    profile: Profile | dict,
    rules: RuleSet,
    lexicon: Lexicon,
    plan_name: str = "<plan>",
    plans: PlanCache | None = None,
) -> CaseFacts:
    """One case: the plan's statements (kinds, riders, scope), its carrier and the profile."""
    if isinstance(profile, dict):
        profile = profile_from_dict(profile)
    prepared = plans.get(plan_text, plan_name) if plans is not None else prepared_plan(plan_text, plan_name)
    return prepared.case(profile, rules, lexicon)


def prepared_plan(plan_text: str, plan_name: str = "<plan>") -> PreparedPlan:
    """The plan text parsed and prepared for deciding many profiles."""
    docs, findings, _title = parse_plan(plan_text, plan_name)
    return prepare_plan(docs, findings)


class PlanCache:
    """Plans already parsed and prepared, by their text, in memory only. One per caller (a session, a
    QA run, the benchmark), dropped with it: a plan someone uploads is never kept for anyone else.
    Small LRU, thread-safe; the lock is never held while a plan is parsed."""

    def __init__(self, size: int = 8):
        self.size = size
        self._items: OrderedDict[tuple[str, str], PreparedPlan] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, plan_text: str, plan_name: str = "<plan>") -> PreparedPlan:
        key = (plan_text, plan_name)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        prepared = prepared_plan(plan_text, plan_name)
        with self._lock:
            self._items[key] = prepared
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return prepared

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)


_DEFAULT: list[RuleSet] = []


def default_rules() -> RuleSet:
    if not _DEFAULT:
        _DEFAULT.append(load_rules())
    return _DEFAULT[0]


def evaluate(
    inputs: Iterable[Input],
    profile: Profile | dict,
    rules: RuleSet | None = None,
    lexicon: Lexicon | None = None,
    limits: ReadLimits | None = None,
    progress=None,
    plan_id: str | None = None,
    cache: DocumentCache | None = None,
    plans: PlanCache | None = None,
) -> Evaluation:
    """Documents of one plan + a patient profile -> Evaluation (decision, documents, findings, plan text).
    `plan_id` (HIOS) picks the plan in machine-readable formulary files that cover several; `cache` and
    `plans` are the caller's caches of documents read and plans prepared (one per session or run).
    What the reader could not read or ignored reaches the decision's warnings."""
    lexicon = lexicon or load_lexicon()
    if isinstance(profile, dict):
        profile = profile_from_dict(profile)
    plan_text, documents = plan_from_inputs(inputs, lexicon, limits, progress, plan_id, cache)
    decision, findings = evaluate_plan_text(plan_text, profile, rules, lexicon, plans=plans)
    decision.warnings.extend(hidden_text_warnings(documents, lexicon))
    decision.warnings.extend(w for w in document_warnings(documents) if w not in decision.warnings)
    return Evaluation(decision, documents, findings, plan_text)


def document_warnings(documents: Iterable[Document]) -> list[str]:
    """The reader's own warnings (pages skipped or doubted), each document's in order, once each."""
    return list(dict.fromkeys(w for d in documents for w in d.warnings))
