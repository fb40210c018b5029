"""Term matching on "squashed" text, the machinery under `lexicon.Lexicon`.

A text is case-folded, ligatures and odd spaces normalised, every separator (space, hyphen, slash,
comma, line break) removed, but the places where words begin remembered. A term matches when its
squashed form occurs starting and ending at such a place. That one rule makes "pre-authorization",
"pre-\\nauthorization", "preauthori-\\nzation" and "Preauthorization" the same term, keeps
"ketamine" from matching inside "esketamine", and survives soft hyphens, non-breaking spaces, curly
quotes and ﬁ/ﬂ ligatures. Sentence punctuation becomes a barrier no term crosses. All terms of a
vocabulary sit in one Aho-Corasick automaton (pyahocorasick), so a text is scanned once whatever
the number of terms."""

from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

import ahocorasick

BARRIER = "|"
_BARRIER_CHARS = set(".;:!?()[]{}|•◦▪▫●○■□►▸‣⁃∙·")
_APOSTROPHES = set("'’ʼ`´")
# Superscript marks ("Spravato¹") are separate from the word they mark, not its last letter.
_MARK_SPACES = str.maketrans({ch: " " for ch in "¹²³⁴⁵⁶⁷⁸⁹⁰"})


class Match(NamedTuple):
    """One term found in a token sequence: tokens [start, end) of the sequence given to match().
    A named tuple, not a dataclass: pages make tens of thousands of them, and a tuple is built
    several times faster than a frozen dataclass."""

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
    text = unicodedata.normalize("NFKC", text.translate(_MARK_SPACES))
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


def forget_words() -> None:
    """Drop the memos of words seen so far (normalize, squash): they hold words of the documents and
    profiles of earlier calls. A long-running server calls this after each request (the app after every
    run, the reader's workers after every document), so no one's words stay in memory after it."""
    normalize.cache_clear()
    _squash_word.cache_clear()
    _word_parts.cache_clear()


class Squashed:
    """A token sequence prepared for matching: squashed text, token starts, char -> token index."""

    __slots__ = ("text", "starts", "n", "first_char")

    def __init__(self, tokens: Sequence[str]):
        parts: list[str] = []
        starts: list[int] = []
        first: list[int] = []  # per token: offset of its first char in `text`
        pos = 0
        parts_of = _word_parts
        for tok in tokens:
            chars, rel = parts_of(tok)
            first.append(pos)
            if chars:
                if len(rel) == 1:  # the usual word: one token start, at its first char
                    starts.append(pos)
                else:
                    starts.extend([pos + r for r in rel])
                parts.append(chars)
                pos += len(chars)
        self.text = "".join(parts)
        self.n = len(first)
        self.starts = starts  # ascending, unique
        self.first_char = first

    def token_at(self, pos: int) -> int:
        """The token that owns the squashed char at `pos` (a token that squashes to nothing owns none)."""
        return bisect_right(self.first_char, pos) - 1

    def is_end(self, pos: int, start_set: set[int]) -> bool:
        return pos == len(self.text) or pos in start_set


def squash_words(tokens: Sequence[str]) -> str:
    """The squashed text of a token sequence (what `Squashed(tokens).text` holds)."""
    return "".join([_word_parts(t)[0] for t in tokens])


def contains_automaton(words: set[str]) -> Any:
    """An Aho-Corasick automaton that finds any of `words` in a text (never empty: an automaton
    needs a word, so an empty set gets one that never occurs in squashed text)."""
    automaton = ahocorasick.Automaton()
    for w in words:
        if w:
            automaton.add_word(w, w)
    if len(automaton) == 0:
        automaton.add_word("\0", "\0")
    automaton.make_automaton()
    return automaton


@dataclass(frozen=True)
class _Entry:
    sq: str
    key: str
    group: str
    kind: str
    term: str
    plural: bool
    seq: int  # insertion order: ties between matches of one span keep the lexicon's order


class TermIndex:
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
        token_at = sq.token_at
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
                match = Match(e.key, e.group, e.kind, token_at(pos), token_at(end - 1) + 1, e.term, (pos, end))
                found.append((pos, e.seq, match))
        found.sort(key=lambda t: (t[0], t[1]))
        return [m for _, _, m in found]


def resolve_overlaps(raw: Sequence[Match]) -> list[Match]:
    """A reader's reading of overlapping matches: identical ones once, a match inside a longer one
    it gives way to dropped (`_dominates`), overlapping matches of one key joined."""
    if len(raw) < 2:
        return list(raw)
    # dedupe identical key+span (several terms can squash alike), keep the first
    seen: set[tuple[str, str, tuple[int, int]]] = set()
    uniq = []
    for m in sorted(raw, key=_span_order):
        k = (m.group, m.key, m.span)
        if k not in seen:
            seen.add(k)
            uniq.append(m)
    keep = [m for m in uniq if not any(o is not m and _dominates(o, m) for o in uniq)]
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


def _span_order(m: Match) -> tuple[int, int]:
    return (m.span[0], m.span[0] - m.span[1])


def _dominates(o: Match, m: Match) -> bool:
    """`o` strictly contains `m` and `m` gives way to it: a concept of the same kind, an insurer
    inside a longer insurer name, a modifier inside a longer one of its name, "covered" or "cost"
    inside an exclusion ("not covered")."""
    (o0, o1), (m0, m1) = o.span, m.span
    if not (o0 <= m0 and m1 <= o1 and o1 - o0 > m1 - m0):
        return False
    if m.group == "concept":
        return o.group == "concept" and o.kind == m.kind
    if m.group == "insurer":
        return o.group == "insurer"
    if m.group == "modifier":
        return o.group == "modifier" and (o.key == m.key or (m.key in ("covered", "cost") and o.key == "excluded"))
    return False
