"""Which pages need layout analysis. A page that names no lexicon concept, holds no benefits
chart and no excluded-services list cannot bind a coverage statement to a treatment, so it gets
only cheap text (its lines in content order): long plan documents spend their time on the few
pages that matter. The tests are supersets of the lexicon's own matching (a squashed substring
search), so no page the lexicon would match is skipped."""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import Lexicon, squash
from .geometry import Seg


def trie_pattern(words: set[str]) -> str:
    """A regex matching any of `words`, factored by common prefixes, so the engine tries one
    branch per character instead of every word at every position."""
    trie: dict[str, dict] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        ends = "" in node
        alts = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if ends else body

    return emit(trie) or "(?!)"


@lru_cache(maxsize=4)
def insurer_names(lexicon: Lexicon) -> re.Pattern[str]:
    """Every insurer term's squashed form: a line that contains none cannot name an insurer."""
    return re.compile(trie_pattern({squash(t) for c in lexicon.insurers.values() for t in c.terms} - {""}))


@lru_cache(maxsize=4)
def concept_names(lexicon: Lexicon) -> re.Pattern[str]:
    """Every concept term's squashed form (treatments, categories, conditions, exclusions)."""
    return re.compile(trie_pattern({squash(t) for c in lexicon.concepts.values() for t in c.terms} - {""}))


def names_a_concept(segs: list[Seg], lexicon: Lexicon) -> bool:
    """The page's text, in content order with line breaks closed up (a term may wrap), contains
    a concept term somewhere."""
    return concept_names(lexicon).search("".join(s.squashed for s in segs)) is not None
