"""The term lexicon lives in rules/lexicon.yaml so a rule author can add a synonym without touching
code; this module loads it and finds its terms in the words the reader extracted.

Matching works on a "squashed" form of the text: case-folded, ligatures and odd spaces normalised,
every separator (space, hyphen, slash, comma, line break) removed, but the places where words begin
remembered. A term matches when its squashed form occurs starting and ending at such a place. That
one rule makes "pre-authorization", "pre-\\nauthorization", "preauthori-\\nzation" and
"Preauthorization" the same term, keeps "ketamine" from matching inside "esketamine", and survives
soft hyphens, non-breaking spaces, curly quotes and ﬁ/ﬂ ligatures. Sentence punctuation becomes a
barrier no term crosses.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import ahocorasick
import yaml

from .errors import InputError
from .resources import lexicon_path

KINDS = ("treatment", "category", "condition", "exclusion", "insurer")
BARRIER = "|"
_BARRIER_CHARS = set(".;:!?()[]{}|•◦▪▫●○■□►▸‣⁃∙·")
_APOSTROPHES = set("'’ʼ`´")
_ALL_GROUPS = frozenset({"concept", "exclude", "insurer", "modifier"})
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


@dataclass(frozen=True)
class Match:
    """One term found in a token sequence: tokens [start, end) of the sequence given to match()."""

    key: str  # concept id, insurer id or modifier name
    group: str  # "concept" | "insurer" | "modifier"
    kind: str  # concept kind; for modifiers the modifier name
    start: int
    end: int
    term: str
    span: tuple[int, int]  # character span in the squashed text (for overlap decisions)


# ------------------------------------------------------------------------------------ squashing
def _char_class(ch: str) -> str:
    """'a' keep, 'x' skip silently, 'b' barrier, 's' separator."""
    if ch.isalnum():
        return "a"
    if ch in _APOSTROPHES:
        return "x"
    cat = unicodedata.category(ch)
    if cat == "Cf" or cat == "Mn":  # soft hyphen, zero-width space, combining marks
        return "x"
    if ch in _BARRIER_CHARS or cat == "Co":  # private-use glyphs are bullets in real PDFs
        return "b"
    return "s"


@lru_cache(maxsize=65536)
def normalize(text: str) -> str:
    """Case-folded NFKC text with typographic variants mapped to plain ASCII punctuation."""
    text = unicodedata.normalize("NFKC", text)
    text = (
        text.replace("\u2019", "'")
        .replace("\u2018", "'")
        .replace("\u201c", '"')
        .replace("\u201d", '"')
        .replace("\u00ad", "")
        .replace("\u200b", "")
    )
    for dash in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212":
        text = text.replace(dash, "-")
    return text.casefold()


@lru_cache(maxsize=65536)
def _squash_word(text: str) -> tuple[str, tuple[bool, ...]]:
    """Squashed chars of one word and, per char, whether a token starts there."""
    out: list[str] = []
    starts: list[bool] = []
    boundary = True
    # a lower-to-upper case change inside a word is where a lost space was ("dayNon-Network")
    raw = unicodedata.normalize("NFKC", text)
    camel = (
        {i for i in range(1, len(raw)) if raw[i].isupper() and raw[i - 1].islower()}
        if len(raw) == len(normalize(text))
        else set()
    )
    for i, ch in enumerate(normalize(text)):
        cls = _char_class(ch)
        if cls == "a":
            out.append(ch)
            starts.append(boundary or i in camel)
            boundary = False
        elif cls == "b":
            out.append(BARRIER)
            starts.append(True)
            boundary = True
        elif cls == "s":
            boundary = True
    return "".join(out), tuple(starts)


def squash(text: str) -> str:
    """The squashed form of a phrase (what a term is compared as)."""
    return "".join(_squash_word(w)[0] for w in text.split())


@lru_cache(maxsize=65536)
def _word_parts(text: str) -> tuple[str, tuple[int, ...]]:
    """Squashed chars of one word and the offsets inside them where a token starts (the first char,
    a lost space, the char after a barrier)."""
    chars, flags = _squash_word(text)
    starts = {j for j, flag in enumerate(flags) if flag or j == 0}
    starts.update(k + 1 for k, ch in enumerate(chars) if ch == BARRIER and k + 1 < len(chars))
    return chars, tuple(sorted(starts))


class Squashed:
    """A token sequence prepared for matching: squashed text, token starts, char -> token index."""

    __slots__ = ("text", "starts", "owner", "n", "first_char")

    def __init__(self, tokens: Sequence[str]):
        parts: list[str] = []
        owner: list[int] = []
        starts: list[int] = []
        first: list[int] = []  # per token: offset of its first char in `text`
        pos = 0
        for i, tok in enumerate(tokens):
            chars, rel = _word_parts(tok)
            first.append(pos)
            if chars:
                starts.extend(map(pos.__add__, rel))
                parts.append(chars)
                owner.extend([i] * len(chars))
                pos += len(chars)
        self.text = "".join(parts)
        self.owner = owner
        self.n = len(tokens)
        self.starts = starts  # ascending, unique
        self.first_char = first

    def is_end(self, pos: int, start_set: set[int]) -> bool:
        return pos == len(self.text) or pos in start_set


@dataclass(frozen=True)
class _Entry:
    sq: str
    key: str
    group: str
    kind: str
    term: str
    plural: bool
    seq: int  # insertion order: ties between matches of one span keep the lexicon's order


class _Terms:
    """Every term of one vocabulary in one Aho-Corasick automaton (pyahocorasick): a text is
    scanned once for all terms, whatever their number. A plural-capable term is also stored with
    "s" and "es" appended, which match only where the bare term does not end on a word boundary."""

    def __init__(self) -> None:
        self._by_key: dict[str, list[tuple[_Entry, int]]] = {}
        self._count = 0
        self._automaton: Any = None

    def add(self, term: str, key: str, group: str, kind: str, plural: bool) -> None:
        sq = squash(term)
        if len(sq) < 2:
            return
        entry = _Entry(sq, key, group, kind, term, plural, self._count)
        self._count += 1
        self._by_key.setdefault(sq, []).append((entry, 0))
        if plural:
            self._by_key.setdefault(sq + "s", []).append((entry, 1))
            self._by_key.setdefault(sq + "es", []).append((entry, 2))
        self._automaton = None

    def _built(self) -> Any:
        if self._automaton is None:
            auto = ahocorasick.Automaton()
            for sq, entries in self._by_key.items():
                auto.add_word(sq, (len(sq), tuple(entries)))
            auto.make_automaton()
            self._automaton = auto
        return self._automaton

    def raw(self, sq: Squashed, groups: frozenset[str]) -> list[Match]:
        """Every term occurrence that starts and ends on a token boundary, in text order."""
        text = sq.text
        if not text or not self._by_key:
            return []
        start_set = set(sq.starts)
        found: list[tuple[int, int, Match]] = []
        for last, (length, entries) in self._built().iter(text):
            pos = last - length + 1
            end = last + 1
            if pos not in start_set or not sq.is_end(end, start_set):
                continue
            for e, suffix in entries:
                if e.group not in groups:
                    continue
                bare = end - suffix
                if suffix and sq.is_end(bare, start_set):
                    continue  # the bare term already ends on a boundary here
                match = Match(e.key, e.group, e.kind, sq.owner[pos], sq.owner[end - 1] + 1, e.term, (pos, end))
                found.append((pos, e.seq, match))
        found.sort(key=lambda t: (t[0], t[1]))
        return [m for _, _, m in found]


# ------------------------------------------------------------------------------------ lexicon
class Lexicon:
    """Concepts, insurers and modifier vocabularies, with one matcher over all of them."""

    def __init__(
        self,
        concepts: dict[str, Concept],
        insurers: dict[str, Concept],
        modifiers: dict[str, tuple[str, ...]],
        source: str = "<lexicon>",
    ):
        self.concepts = concepts
        self.insurers = insurers
        self.modifiers = modifiers
        self.source = source
        self._index = _Terms()
        self._row_index = _Terms()
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
        for name, terms in modifiers.items():
            for t in terms:
                self._index.add(t, name, "modifier", name, plural=False)
        self._domains = sorted(
            ((d.lower(), c.id) for c in insurers.values() for d in c.domains), key=lambda x: -len(x[0])
        )

    # ---------------------------------------------------------------- matching
    def _raw(self, sq: Squashed, index: _Terms, groups: frozenset[str]) -> list[Match]:
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
        want = set(groups)
        if "concept" in want:
            want.add("exclude")
        raw = [m for m in raw if m.group in want]
        if shift or char_shift:
            raw = [
                Match(
                    m.key,
                    m.group,
                    m.kind,
                    m.start - shift,
                    m.end - shift,
                    m.term,
                    (m.span[0] - char_shift, m.span[1] - char_shift),
                )
                for m in raw
            ]
        excl = [m for m in raw if m.group == "exclude"]
        raw = [m for m in raw if m.group != "exclude"]
        if excl:
            raw = [
                m
                for m in raw
                if not (
                    m.group == "concept"
                    and any(x.key == m.key and x.span[0] < m.span[1] and m.span[0] < x.span[1] for x in excl)
                )
            ]
        return _resolve(raw)

    def match_row_terms(self, tokens: Sequence[str] | Squashed) -> list[Match]:
        """Matches of the section_terms/row_terms vocabularies (group "section" or "row")."""
        sq = tokens if isinstance(tokens, Squashed) else Squashed(tokens)
        return self._raw(sq, self._row_index, frozenset({"section", "row"}))

    def excluded_in(self, concept_id: str, tokens: Sequence[str] | Squashed) -> bool:
        """True when `tokens` contain one of the concept's exclude phrases."""
        sq = tokens if isinstance(tokens, Squashed) else Squashed(tokens)
        return any(m.key == concept_id for m in self._raw(sq, self._index, frozenset({"exclude"})))

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
        """The insurer whose web domain appears in `text` ("www.welcometouhc.com/uhcwest" -> uhc)."""
        for host in _DOMAIN.findall(text.lower()):
            for domain, ins in self._domains:
                if host == domain or host.endswith("." + domain):
                    return ins
        return None


def _resolve(raw: list[Match]) -> list[Match]:
    def contains(a: Match, b: Match) -> bool:
        return a.span[0] <= b.span[0] and b.span[1] <= a.span[1] and (a.span[1] - a.span[0]) > (b.span[1] - b.span[0])

    keep: list[Match] = []
    # dedupe identical key+span (several terms can squash alike), keep the first
    seen: set[tuple[str, str, tuple[int, int]]] = set()
    uniq = []
    for m in sorted(raw, key=lambda m: (m.span[0], -(m.span[1] - m.span[0]))):
        k = (m.group, m.key, m.span)
        if k not in seen:
            seen.add(k)
            uniq.append(m)
    for m in uniq:
        dominated = False
        for o in uniq:
            if o is m or not contains(o, m):
                continue
            if m.group == "concept" and o.group == "concept" and o.kind == m.kind:
                dominated = True
            elif m.group == "insurer" and o.group == "insurer":
                dominated = True
            elif (
                m.group == "modifier"
                and o.group == "modifier"
                and (o.key == m.key or (m.key in ("covered", "cost") and o.key == "excluded"))
            ):
                dominated = True
            if dominated:
                break
        if not dominated:
            keep.append(m)
    # one phrase, one match: overlapping matches of the same key become their union
    merged: list[Match] = []
    for m in keep:
        prev = next(
            (
                p
                for p in reversed(merged)
                if p.group == m.group and p.key == m.key and m.span[0] < p.span[1] and p.span[0] < m.span[1]
            ),
            None,
        )
        if prev is None:
            merged.append(m)
            continue
        merged[merged.index(prev)] = Match(
            prev.key,
            prev.group,
            prev.kind,
            min(prev.start, m.start),
            max(prev.end, m.end),
            prev.term if len(prev.term) >= len(m.term) else m.term,
            (min(prev.span[0], m.span[0]), max(prev.span[1], m.span[1])),
        )
    return merged


# ------------------------------------------------------------------------------------ loading
def _tuple(value, where: str, file: Path) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise InputError(f"{file}: {where} must be a list of phrases")
    return tuple(str(v) for v in value)


def _parse(data, file: Path) -> Lexicon:
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
        )
    for c in concepts.values():
        for other in c.implies:
            if other not in concepts:
                raise InputError(f"{file}: concept '{c.id}' implies unknown concept '{other}'")
    insurers: dict[str, Concept] = {}
    raw_ins = data.get("insurers") or {}
    if not isinstance(raw_ins, dict):
        raise InputError(f"{file}: 'insurers' must be a mapping of insurer id to its names")
    for iid, spec in raw_ins.items():
        if not isinstance(spec, dict):
            raise InputError(f"{file}: insurer '{iid}' must be a mapping")
        terms = _tuple(spec.get("terms"), f"insurer '{iid}' terms", file)
        label = str(spec.get("label") or (terms[0] if terms else iid))
        insurers[str(iid)] = Concept(
            id=str(iid),
            kind="insurer",
            label=label,
            terms=terms or (label,),
            domains=_tuple(spec.get("domains"), f"insurer '{iid}' domains", file),
        )
    modifiers: dict[str, tuple[str, ...]] = {}
    raw_mod = data.get("modifiers") or {}
    if not isinstance(raw_mod, dict):
        raise InputError(f"{file}: 'modifiers' must be a mapping of modifier name to phrases")
    for name, terms in raw_mod.items():
        modifiers[str(name)] = _tuple(terms, f"modifier '{name}'", file)
    return Lexicon(concepts, insurers, modifiers, source=str(file))


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
