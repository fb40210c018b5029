"""The term lexicon lives in rules/lexicon.yaml so a rule author can add a synonym without touching
code; this module loads and validates it, finds its terms in the words the reader extracted (the
matching itself, on squashed text, is in `terms`), and answers the questions other stages ask of it
(which conditions a diagnosis names, which insurer a name or web domain means)."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import InputError
from .models import CONTACTS, DOCUMENT_KINDS, ROUTES, SETTINGS
from .resources import lexicon_path
from .terms import (
    BARRIER,
    Match,
    Squashed,
    TermIndex,
    contains_automaton,
    normalize,
    resolve_overlaps,
    squash,
    squash_words,
)

__all__ = [
    "BARRIER",
    "KINDS",
    "Concept",
    "Lexicon",
    "Match",
    "Squashed",
    "load_lexicon",
    "normalize",
    "squash",
    "squash_words",
]

CONTACT_IDS = tuple(CONTACTS)
KINDS = ("treatment", "category", "condition", "exclusion", "insurer")
_ALL_GROUPS = frozenset({"concept", "exclude", "insurer", "modifier"})
_DOCUMENT = frozenset({"document"})
_ROW = frozenset({"section", "row"})
_EXCLUDE = frozenset({"exclude"})
_ICD = re.compile(r"^[A-Z][0-9]{2}(\.?[0-9A-Z]{0,4})?$")
_DOMAIN = re.compile(r"((?:[a-z0-9-]+\.)+[a-z]{2,})", re.I)


@dataclass(frozen=True)
class Concept:
    id: str
    kind: str
    label: str
    terms: tuple[str, ...]
    icd10: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    section_terms: tuple[str, ...] = ()
    row_terms: tuple[str, ...] = ()
    implies: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    role: str = ""  # insurers: "pbm" for a pharmacy benefit manager
    route: str = ""  # treatments: the route the name implies (models.ROUTES)


# ------------------------------------------------------------------------------------ lexicon
class Lexicon:
    """Concepts, insurers and modifier vocabularies, with one matcher over all of them."""

    def __init__(
        self,
        concepts: dict[str, Concept],
        insurers: dict[str, Concept],
        modifiers: dict[str, tuple[str, ...]],
        source: str = "<lexicon>",
        scope: dict[str, dict[str, tuple[str, ...]]] | None = None,
        documents: dict[str, dict[str, tuple[str, ...]]] | None = None,
    ):
        self.concepts = concepts
        self.insurers = insurers
        # scope vocabularies ("routes", "settings") join the modifiers as "route:<id>" / "setting:<id>"
        self.scope = scope or {}
        self.modifiers = dict(modifiers)
        for section, prefix in (("routes", "route:"), ("settings", "setting:")):
            for ident, terms in self.scope.get(section, {}).items():
                self.modifiers[prefix + ident] = terms
        self.documents = documents or {}
        self.source = source
        self._index = TermIndex()
        self._row_index = TermIndex()
        for c in concepts.values():
            for t in c.terms:
                self._index.add(t, c.id, "concept", c.kind, plural=True)
            for t in c.exclude:
                self._index.add(t, c.id, "exclude", c.kind, plural=True)
            for t in c.section_terms:
                self._row_index.add(t, c.id, "section", c.kind, plural=True)
            for t in c.row_terms:
                if t != "*":
                    self._row_index.add(t, c.id, "row", c.kind, plural=True)
        for c in insurers.values():
            for t in c.terms:
                self._index.add(t, c.id, "insurer", "insurer", plural=False)
        for name, terms in self.modifiers.items():
            for t in terms:
                self._index.add(t, name, "modifier", name, plural=False)
        self._doc_index = TermIndex()
        for section, names in self.documents.items():
            for name, terms in names.items():
                for t in terms:
                    self._doc_index.add(t, f"{section}:{name}", "document", section, plural=False)
        self._domains: dict[str, str] = {}  # web domain -> insurer (the first insurer naming it)
        for c in insurers.values():
            for d in c.domains:
                self._domains.setdefault(d.lower(), c.id)
        self._mentions: dict[str, Any] = {}  # group -> automaton of its squashed terms (`mentions`)

    # ---------------------------------------------------------------- matching
    def _raw(self, sq: Squashed, index: TermIndex, groups: frozenset[str]) -> list[Match]:
        return index.raw(sq, groups)

    def match(
        self, tokens: Sequence[str] | Squashed, groups: Iterable[str] = ("concept", "insurer", "modifier")
    ) -> list[Match]:
        """Every term occurrence in `tokens` (a list of words in reading order).

        Overlaps are resolved the way a reader would: a concept inside a longer concept of the same
        kind ("ketamine" in "es-ketamine", "depression" in "treatment-resistant depression") is
        dropped, as is a concept overlapped by one of its `exclude` phrases, an insurer inside a
        longer insurer name, a modifier inside a longer one of the same name, and "covered" inside
        an exclusion ("not covered")."""
        sq = tokens if isinstance(tokens, Squashed) else Squashed(tokens)
        groups = groups if isinstance(groups, tuple) else tuple(groups)
        want = set(groups)
        if "concept" in want:
            want.add("exclude")
        return self.resolve(self._raw(sq, self._index, frozenset(want)), groups)

    def raw_matches(self, sq: Squashed) -> list[Match]:
        """Every term occurrence of every group (exclude phrases too), unresolved, in text order:
        scan a long text once, then `resolve` the matches of each part of it."""
        return self._raw(sq, self._index, _ALL_GROUPS)

    @staticmethod
    def resolve(raw: Sequence[Match], groups: Iterable[str], shift: int = 0, char_shift: int = 0) -> list[Match]:
        """`match`'s result from raw matches of one token run; token and char positions are made
        relative to the run (`shift` tokens / `char_shift` chars into the scanned text)."""
        if not raw:
            return []
        want = set(groups)
        if "concept" in want:
            want.add("exclude")
        found = [m for m in raw if m.group in want]
        if shift or char_shift:
            found = [
                Match(
                    m.key,
                    m.group,
                    m.kind,
                    m.start - shift,
                    m.end - shift,
                    m.term,
                    (m.span[0] - char_shift, m.span[1] - char_shift),
                )
                for m in found
            ]
        excl = [m for m in found if m.group == "exclude"]
        if excl:
            found = [
                m
                for m in found
                if m.group != "exclude"
                and not (
                    m.group == "concept"
                    and any(x.key == m.key and x.span[0] < m.span[1] and m.span[0] < x.span[1] for x in excl)
                )
            ]
        return resolve_overlaps(found)

    def match_documents(self, tokens: Sequence[str] | Squashed) -> list[Match]:
        """Phrases that say what a document is: key "kinds:<kind>" or "non_medical:<what>"."""
        sq = tokens if isinstance(tokens, Squashed) else Squashed(tokens)
        return resolve_overlaps(self._raw(sq, self._doc_index, _DOCUMENT))

    def match_row_terms(self, tokens: Sequence[str] | Squashed) -> list[Match]:
        """Matches of the section_terms/row_terms vocabularies (group "section" or "row")."""
        sq = tokens if isinstance(tokens, Squashed) else Squashed(tokens)
        return self._raw(sq, self._row_index, _ROW)

    def mentions(self, squashed: str, group: str) -> bool:
        """True when the squashed text (`squash`, or the join of its words' squashed forms) contains
        the squashed form of some term of `group` ("concept" or "insurer") anywhere. A superset of
        `match` (no word-boundary test, one Aho-Corasick scan): a text for which this is False has
        no match of the group, so callers skip it."""
        automaton = self._mentions.get(group)
        if automaton is None:
            vocabulary = self.insurers if group == "insurer" else self.concepts
            automaton = contains_automaton({squash(t) for c in vocabulary.values() for t in c.terms})
            self._mentions[group] = automaton
        return next(automaton.iter(squashed), None) is not None

    def excluded_in(self, concept_id: str, tokens: Sequence[str] | Squashed) -> bool:
        """True when `tokens` contain one of the concept's exclude phrases."""
        sq = tokens if isinstance(tokens, Squashed) else Squashed(tokens)
        return any(m.key == concept_id for m in self._raw(sq, self._index, _EXCLUDE))

    # ---------------------------------------------------------------- questions others ask
    def conditions_for(self, diagnosis: str) -> set[str]:
        """Condition concepts a diagnosis (ICD-10 code or words) names, with what they imply."""
        text = (diagnosis or "").strip()
        if not text:
            return set()
        found: set[str] = set()
        code = text.upper().replace(" ", "")
        if _ICD.match(code):
            flat = code.replace(".", "")
            for c in self.concepts.values():
                if c.kind == "condition" and any(flat.startswith(p.upper().replace(".", "")) for p in c.icd10):
                    found.add(c.id)
        else:
            for m in self.match(text.split(), groups=("concept",)):
                if m.kind == "condition":
                    found.add(m.key)
            for c in self.concepts.values():
                if c.kind == "condition" and squash(c.id) == squash(text):
                    found.add(c.id)
        return self._closure(found)

    def _closure(self, ids: set[str]) -> set[str]:
        out = set(ids)
        todo = list(ids)
        while todo:
            c = self.concepts.get(todo.pop())
            for other in c.implies if c else ():
                if other not in out:
                    out.add(other)
                    todo.append(other)
        return out

    def implied(self, concept_id: str) -> set[str]:
        return self._closure({concept_id}) - {concept_id}

    def insurer_id(self, name: str) -> str | None:
        """The canonical insurer id a free-text name refers to, or None."""
        text = (name or "").strip()
        if not text:
            return None
        if text.lower() in self.insurers:
            return text.lower()
        matches = [m for m in self.match(text.split(), groups=("insurer",))]
        if matches:
            best = max(matches, key=lambda m: (m.span[1] - m.span[0], -m.span[0]))
            return best.key
        return self.insurer_for_domain(text)

    def insurer_for_domain(self, text: str) -> str | None:
        """The insurer whose web domain appears in `text` ("www.welcometouhc.com/uhcwest" -> uhc): a
        host names the insurer of its longest listed domain (the host itself or a parent domain)."""
        if "." not in text:
            return None
        for host in _DOMAIN.findall(text.lower()):
            labels = host.split(".")
            for i in range(len(labels)):
                ins = self._domains.get(".".join(labels[i:]))
                if ins is not None:
                    return ins
        return None


# ------------------------------------------------------------------------------------ loading
def _tuple(value, where: str, file: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise InputError(f"{file}: {where} must be a list of phrases")
    return tuple(str(v) for v in value)


def _concepts(data: dict[str, Any], file: Path) -> dict[str, Concept]:
    if not isinstance(data, dict):
        raise InputError(f"{file}: the lexicon must be a mapping with 'concepts', 'insurers' and 'modifiers'")
    concepts: dict[str, Concept] = {}
    raw_concepts = data.get("concepts") or {}
    if not isinstance(raw_concepts, dict):
        raise InputError(f"{file}: 'concepts' must be a mapping of concept id to its definition")
    for cid, spec in raw_concepts.items():
        if not isinstance(spec, dict):
            raise InputError(f"{file}: concept '{cid}' must be a mapping")
        kind = spec.get("kind")
        if kind not in KINDS or kind == "insurer":
            raise InputError(
                f"{file}: concept '{cid}' has kind {kind!r}; use one of treatment, category, condition, exclusion"
            )
        terms = _tuple(spec.get("terms"), f"concept '{cid}' terms", file)
        if not terms:
            raise InputError(f"{file}: concept '{cid}' has no terms")
        concepts[str(cid)] = Concept(
            id=str(cid),
            kind=kind,
            label=str(spec.get("label") or cid),
            terms=terms,
            icd10=_tuple(spec.get("icd10"), f"concept '{cid}' icd10", file),
            exclude=_tuple(spec.get("exclude"), f"concept '{cid}' exclude", file),
            section_terms=_tuple(spec.get("section_terms"), f"concept '{cid}' section_terms", file),
            row_terms=_tuple(spec.get("row_terms"), f"concept '{cid}' row_terms", file),
            implies=_tuple(spec.get("implies"), f"concept '{cid}' implies", file),
            route=_route(spec.get("route"), cid, file),
        )
    for c in concepts.values():
        for other in c.implies:
            if other not in concepts:
                raise InputError(f"{file}: concept '{c.id}' implies unknown concept '{other}'")
    return concepts


def _parse(data, file: Path) -> Lexicon:
    if not isinstance(data, dict):
        raise InputError(f"{file}: the lexicon must be a mapping with 'concepts', 'insurers' and 'modifiers'")
    concepts = _concepts(data, file)
    insurers: dict[str, Concept] = {}
    raw_ins = data.get("insurers") or {}
    if not isinstance(raw_ins, dict):
        raise InputError(f"{file}: 'insurers' must be a mapping of insurer id to its names")
    for iid, spec in raw_ins.items():
        if not isinstance(spec, dict):
            raise InputError(f"{file}: insurer '{iid}' must be a mapping")
        terms = _tuple(spec.get("terms"), f"insurer '{iid}' terms", file)
        label = str(spec.get("label") or (terms[0] if terms else iid))
        role = str(spec.get("role") or "")
        if role not in ("", "pbm"):
            raise InputError(f"{file}: insurer '{iid}' has role {role!r}; the only role is pbm")
        insurers[str(iid)] = Concept(
            id=str(iid),
            kind="insurer",
            label=label,
            terms=terms or (label,),
            domains=_tuple(spec.get("domains"), f"insurer '{iid}' domains", file),
            role=role,
        )
    modifiers: dict[str, tuple[str, ...]] = {}
    raw_mod = data.get("modifiers") or {}
    if not isinstance(raw_mod, dict):
        raise InputError(f"{file}: 'modifiers' must be a mapping of modifier name to phrases")
    for name, terms in raw_mod.items():
        modifiers[str(name)] = _tuple(terms, f"modifier '{name}'", file)
    scope = _sections(data.get("scope"), "scope", file, {"routes": ROUTES, "settings": SETTINGS})
    documents = _sections(
        data.get("documents"),
        "documents",
        file,
        {"kinds": DOCUMENT_KINDS, "non_medical": None, "contacts": CONTACT_IDS},
    )
    return Lexicon(concepts, insurers, modifiers, source=str(file), scope=scope, documents=documents)


def _route(value: Any, cid: str, file: Path) -> str:
    if value in (None, ""):
        return ""
    if value not in ROUTES:
        raise InputError(f"{file}: concept '{cid}' has route {value!r}; use one of {', '.join(ROUTES)}")
    return str(value)


def _sections(
    value: Any, where: str, file: Path, allowed: dict[str, tuple[str, ...] | None]
) -> dict[str, dict[str, tuple[str, ...]]]:
    """A mapping of sections (each: id -> phrases); ids checked against the contract where it has one."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{file}: '{where}' must be a mapping")
    out: dict[str, dict[str, tuple[str, ...]]] = {}
    for section, ids in value.items():
        if section not in allowed:
            raise InputError(f"{file}: '{where}' has an unknown section '{section}'; use {', '.join(allowed)}")
        if not isinstance(ids, dict):
            raise InputError(f"{file}: '{where}.{section}' must be a mapping of id to phrases")
        known = allowed[section]
        for ident, terms in ids.items():
            if known is not None and ident not in known:
                raise InputError(f"{file}: '{where}.{section}' has unknown id '{ident}'; use one of {', '.join(known)}")
            out.setdefault(str(section), {})[str(ident)] = _tuple(terms, f"{where}.{section}.{ident}", file)
    return out


_lock = threading.Lock()
_cache: dict[tuple[str, float], Lexicon] = {}


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Load (once per file version) and validate the lexicon; a bad file raises InputError."""
    file = Path(path) if path is not None else lexicon_path()
    try:
        stamp = file.stat().st_mtime
    except OSError:
        raise InputError(f"{file}: lexicon file not found") from None
    key = (str(file.resolve()), stamp)
    with _lock:
        lex = _cache.get(key)
        if lex is not None:
            return lex
    try:
        data = yaml.load(file.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise InputError(f"{file}:{where}: {problem}; fix the YAML syntax") from None
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"{file}: cannot read the lexicon ({err.__class__.__name__})") from None
    lex = _parse(data, file)
    with _lock:
        _cache[key] = lex
    return lex
