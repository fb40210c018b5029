"""Which pages and lines need the careful (slow) reading. A page that names no lexicon concept,
holds no benefits chart and no excluded-services list cannot bind a coverage statement to a
treatment, so it gets only cheap text (its lines in content order): long plan documents spend
their time on the few pages that matter. A line that contains no insurer name needs no insurer
match. Both tests are supersets of the lexicon's own matching (a search for each term's squashed
form anywhere in the squashed text, one Aho-Corasick scan), so nothing the lexicon would match is
skipped."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import ahocorasick

from ..lexicon import Lexicon, squash
from .geometry import Seg


def _automaton(words: set[str]) -> Any:
    automaton = ahocorasick.Automaton()
    for w in words:
        if w:
            automaton.add_word(w, w)
    if len(automaton) == 0:
        automaton.add_word("\0", "\0")  # an automaton needs a word; this one never occurs
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=4)
def _insurer_names(lexicon: Lexicon) -> Any:
    return _automaton({squash(t) for c in lexicon.insurers.values() for t in c.terms})


@lru_cache(maxsize=4)
def _concept_names(lexicon: Lexicon) -> Any:
    return _automaton({squash(t) for c in lexicon.concepts.values() for t in c.terms})


def _contains(automaton: Any, text: str) -> bool:
    return next(automaton.iter(text), None) is not None


def may_name_insurer(seg: Seg, lexicon: Lexicon) -> bool:
    """The line contains an insurer term's squashed form."""
    return _contains(_insurer_names(lexicon), seg.squashed)


def names_a_concept(segs: list[Seg], lexicon: Lexicon) -> bool:
    """The page's text, in content order with line breaks closed up (a term may wrap), contains
    a concept term's squashed form."""
    return _contains(_concept_names(lexicon), "".join(s.squashed for s in segs))
