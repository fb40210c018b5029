"""Documents -> findings: every concept the lexicon knows, where it is, and what its own scope
says about it.

Scope is the whole point. A modifier binds to the table row it is printed in (all the cells of that
row) or, in prose, to the clause it is printed in — never to the page. So "Preauthorization is not
required for emergency admissions" says nothing about the outpatient row below it; "Failure to
obtain preauthorization for inpatient ..." does not bind an outpatient row; an out-of-network
"Not Covered" beside a priced in-network cell means covered in network, not excluded; a ketamine
mention inside an anesthesia clause is flagged non_psychiatric so the rules can ignore it.

Each page is read in this order: the reader's chart rows, its bulleted lists, other tables'
rows, then the prose left over (find.rows, find.lists, find.tables, find.prose)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..lexicon import Lexicon, load_lexicon
from ..models import Document, Finding, ListBlock, Page, Word
from .build import Builder
from .insurer import carriers
from .kinds import classify
from .legends import Legends, code_findings, collect, drug_lines, mark_findings, marked, not_listed, noted
from .lists import in_box, list_findings
from .matching import PageMatcher
from .payer import contacts
from .prose import ProseState, prose_findings, prose_sentences
from .references import follow
from .rows import row_findings
from .tables import table_rows


def find(documents: list[Document], lexicon: Lexicon | None = None) -> list[Finding]:
    """Every concept occurrence in the documents, in document order, then page, then top to bottom.

    Each document is classified first (find.kinds: its kind, plan year, what a rider amends) and its
    carriers weighed (find.insurer: `primary`, `pbm`); both are set on the Document, so a plan file
    written from these documents after `find` carries them. Each statement carries the modifiers its
    wording states and, in its `Scope`, for whom (an out-of-network-only exclusion is `excluded` with
    network out_of_network; coverage only for TRD is `covered` with indications [trd])."""
    lexicon = lexicon or load_lexicon()
    out: list[Finding] = []
    for doc in documents:
        classify(doc, lexicon, documents)
        matchers = {p.number: PageMatcher(lexicon, p.words) for p in doc.pages}  # one lexicon pass per page
        primary, named = carriers(doc, lexicon, matchers)
        doc.insurer = primary
        b = Builder(doc, lexicon)
        legends = collect(doc, lexicon, matchers)
        b.marks = _marks_reader(legends)
        b.notes = _notes_reader(legends)
        state = ProseState()
        listed: set[str] = set()
        drug_rows = 0
        for page in doc.pages:
            b.start_page(page, matchers[page.number])
            taken = _page_findings(b, page, state)
            mark_findings(b, page, legends, taken)
            listed |= code_findings(b, page, legends)
            drug_rows += drug_lines(page) if doc.kind == "formulary" else 0
        follow(b, b.refs)
        found = _once(b.out) + named + not_listed(doc, lexicon, listed, drug_rows)
        found.sort(key=lambda f: (f.evidence.page, _top(f), _left(f)))
        out.extend(found)
    return out


def _page_findings(b: Builder, page: Page, state: ProseState) -> set[int]:
    """Read one page; the ids of the words read as table rows (their marks are read with them)."""
    skip: set[int] = set()
    for row in page.rows:
        for ws in row.cell_words.values():
            skip.update(id(w) for w in ws)
    list_words: list[tuple[ListBlock, list[Word]]] = []
    for lb in page.lists:
        ws = [w for _t, box in lb.items for w in page.words if in_box(w, box)]
        skip.update(id(w) for w in ws)
        list_words.append((lb, ws))
    for row in page.rows:
        row_findings(b, page, row)
    for lb, ws in list_words:
        list_findings(b, page, lb, ws)
    for row in table_rows(page, skip, b.match, state.heading):
        row_findings(b, page, row)
        for ws in row.cell_words.values():
            skip.update(id(w) for w in ws)
    rows = set(skip)
    prose_findings(b, page, prose_sentences(page, skip, b.match, state))
    b.out += contacts(b.doc, page, b.lex)
    return rows


def _marks_reader(legends: Legends) -> Callable[[list[Word], int], tuple[set[str], list[Any]]]:
    def read(words: list[Word], page: int) -> tuple[set[str], list[Any]]:
        mods, quals = marked(words, legends, page)
        return mods, list(quals)

    return read


def _notes_reader(legends: Legends) -> Callable[[list[Word], int], tuple[set[str], list[Any]]]:
    def read(words: list[Word], page: int) -> tuple[set[str], list[Any]]:
        mods, quals = noted(words, legends, page)
        return mods, list(quals)

    return read


def _once(found: list[Finding]) -> list[Finding]:
    """A document's criteria and contacts once each (the first place it states them)."""
    seen: set[tuple[str, str, str]] = set()
    out = []
    for f in found:
        if f.kind in ("criterion", "contact"):
            key = (f.kind, f.concept, f.value)
            if key in seen:
                continue
            seen.add(key)
        out.append(f)
    return out


def _top(f: Finding) -> float:
    return min((b[1] for b in f.evidence.bboxes), default=0.0)


def _left(f: Finding) -> float:
    return min((b[0] for b in f.evidence.bboxes), default=0.0)
