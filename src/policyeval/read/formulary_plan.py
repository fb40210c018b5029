"""Formulary files (drugs.json, plans.json) given with a plan -> that plan's documents and the
esketamine (Spravato) entries they list for it (find.formulary turns those into statements).
IV ketamine is not a pharmacy drug: a formulary is searched for esketamine only.

Inputs are recognised by content (`formulary_source`), and read streaming from their path, so a
file of hundreds of MB is never held in memory."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ..errors import DocumentError, InputError
from ..lexicon import Lexicon
from ..models import Document
from .formulary import (
    SNIFF_BYTES,
    DrugsRead,
    FormularyLimits,
    PlanInfo,
    PlansRead,
    formulary_kind,
    looks_like_json,
    normalise_plan_id,
    read_drugs,
    read_plans,
)

FORMULARY_CONCEPT = "esketamine_nasal"  # the one treatment a pharmacy formulary can speak for
PLAN_CHOICES_SHOWN = 5  # plans named in the one-line "choose a plan" message

Item = str | Path | tuple[str, bytes]


@dataclass
class Source:
    """A formulary input: its name, kind ("drugs" | "plans"), size and a way to open it for streaming."""

    name: str
    kind: str
    size: int
    open: Callable[[], IO[bytes]]


@dataclass(frozen=True)
class FormularyPlan:
    """A plan a formulary file covers (for a person to choose from)."""

    plan_id: str
    name: str = ""  # marketing name (plans.json)
    drugs: int = 0  # drugs drugs.json lists for it


@dataclass
class PlanFormulary:
    """What the formulary files hold for one plan: their documents, each drug list's entries for the
    plan, and the plan's own entry (tiers and cost sharing) from plans.json when one was given."""

    documents: list[Document]
    drug_lists: list[DrugsRead]
    plan: PlanInfo | None


class PlanChoiceNeeded(InputError):
    """Formulary files cover several plans and no plan ID was given; `plans` lists them."""

    def __init__(self, message: str, plans: list[FormularyPlan]):
        super().__init__(message)
        self.plans = plans


def formulary_source(item: Item) -> Source | None:
    """The input as a formulary source when its content is a drugs.json or plans.json; None when it is
    something else (a PDF, a plan file). JSON of another shape is refused here with a clear line."""
    opener: Callable[[], IO[bytes]]
    if isinstance(item, tuple):
        name, data = Path(item[0]).name, item[1]
        head = data[:SNIFF_BYTES]
        size, opener = len(data), (lambda: io.BytesIO(data))
    else:
        path = Path(item)
        if not path.is_file():
            return None  # the document reader says what is wrong with it
        try:
            with path.open("rb") as fh:
                head = fh.read(SNIFF_BYTES)
            size = path.stat().st_size
        except OSError:
            return None
        name, opener = path.name, (lambda: path.open("rb"))
    kind = formulary_kind(head)
    if kind:
        return Source(name, kind, size, opener)
    if looks_like_json(head):
        raise DocumentError(
            f"{name} is JSON but not a CMS machine-readable formulary (a drugs.json or plans.json: an array "
            "of drugs with rxnorm_id, drug_name and plans, or of plans with plan_id and marketing_name)"
        )
    return None


def drug_pattern(lexicon: Lexicon, concept: str = FORMULARY_CONCEPT) -> re.Pattern[str]:
    """The concept's names (lexicon terms: ingredient and brand) as whole words, any case."""
    terms = sorted({t for t in lexicon.concepts[concept].terms if t}, key=len, reverse=True)
    return re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(re.escape(t) for t in terms) + r")(?![A-Za-z0-9])", re.I)


def _open(source: Source) -> IO[bytes]:
    try:
        return source.open()
    except OSError as err:
        raise InputError(f"{source.name}: cannot read ({err.strerror})") from None


def _progress_for(
    source: Source, progress: Callable[[str, int, int], None] | None
) -> Callable[[int, int], None] | None:
    return (lambda done, total: progress(source.name, done, total)) if progress else None


def _drugs(
    source: Source,
    plan: str,
    pattern: re.Pattern[str],
    limits: FormularyLimits | None,
    progress: Callable[[str, int, int], None] | None,
) -> DrugsRead:
    with _open(source) as fh:
        return read_drugs(fh, source.name, plan, pattern, source.size, limits, _progress_for(source, progress))


def _plans(
    source: Source, plan: str, limits: FormularyLimits | None, progress: Callable[[str, int, int], None] | None
) -> PlansRead:
    with _open(source) as fh:
        return read_plans(fh, source.name, plan, source.size, limits, _progress_for(source, progress))


NO_DRUG = re.compile("$^")  # matches no drug name (listing plans only)


def plans_covered(
    sources: list[Source],
    limits: FormularyLimits | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> list[FormularyPlan]:
    """The plans the files cover: plans.json's list (with names) when given, else drugs.json's plan IDs."""
    named: dict[str, str] = {}
    counts: dict[str, int] = {}
    for s in sources:
        if s.kind == "plans":
            for pid, label in _plans(s, "", limits, progress).plans:
                named.setdefault(pid, label)
    drug_sources = [s for s in sources if s.kind == "drugs"]
    if not named:  # plans.json names the plans; else drugs.json's plan IDs
        for s in drug_sources:
            for pid, n in _drugs(s, "", NO_DRUG, limits, progress).plans.items():
                counts[pid] = counts.get(pid, 0) + n
    ids = list(named) + [pid for pid in sorted(counts) if pid not in named]
    return [FormularyPlan(pid, named.get(pid, ""), counts.get(pid, 0)) for pid in ids]


def _choose(sources: list[Source], limits: FormularyLimits | None, progress) -> str:
    plans = plans_covered(sources, limits, progress)
    names = ", ".join(s.name for s in sources)
    if len(plans) == 1:
        return plans[0].plan_id
    if not plans:
        raise DocumentError(f"{names}: the formulary lists no plans")
    shown = "; ".join(f"{p.plan_id}" + (f" ({p.name})" if p.name else "") for p in plans[:PLAN_CHOICES_SHOWN])
    more = f" and {len(plans) - PLAN_CHOICES_SHOWN:,} more" if len(plans) > PLAN_CHOICES_SHOWN else ""
    raise PlanChoiceNeeded(
        f"{names} covers {len(plans):,} plans: {shown}{more}; say which is yours with its plan ID (--plan-id)",
        plans,
    )


def read_formularies(
    sources: list[Source],
    plan_id: str | None,
    lexicon: Lexicon,
    limits: FormularyLimits | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> PlanFormulary:
    """The formulary files' documents and what they list for the plan (find.formulary states it).
    Without a plan ID a file that covers one plan is read for it; one that covers several raises
    PlanChoiceNeeded."""
    if not sources:
        return PlanFormulary([], [], None)
    plan = normalise_plan_id(plan_id) if plan_id else _choose(sources, limits, progress)
    info: PlanInfo | None = None
    plans_reads: list[PlansRead] = []
    for s in sources:
        if s.kind == "plans":
            read = _plans(s, plan, limits, progress)
            plans_reads.append(read)
            info = info or read.plan
    pattern = drug_pattern(lexicon)
    documents = [_plans_document(r, plan) for r in plans_reads]
    drug_lists: list[DrugsRead] = []
    for s in sources:
        if s.kind == "drugs":
            drugs = _drugs(s, plan, pattern, limits, progress)
            documents.append(_drugs_document(drugs, info))
            drug_lists.append(drugs)
    return PlanFormulary(documents, drug_lists, info)


def _plans_document(read: PlansRead, plan: str) -> Document:
    if read.plan is None:
        about = f"machine-readable plan list (plans.json) of {len(read.plans):,} plans; plan {plan} is not in it"
        return Document(read.name, "formulary", [], kind_detail=about)
    info = read.plan
    about = "machine-readable plan list (plans.json)"
    if info.summary_url:
        about += f"; the plan's SBC is published at {info.summary_url}"
    return Document(read.name, "formulary", [], title=info.marketing_name, kind_detail=about)


def _drugs_document(read: DrugsRead, info: PlanInfo | None) -> Document:
    about = f"machine-readable drug list (drugs.json): {read.plan_drugs:,} drugs for plan {read.plan_id}"
    return Document(read.name, "formulary", [], title=info.marketing_name if info else "", kind_detail=about)
