"""Which pages need the careful (slow) reading. A page that names no lexicon concept, holds no
benefits chart and no excluded-services list cannot bind a coverage statement to a treatment, so
it gets only cheap text (its lines in content order): long plan documents spend their time on the
few pages that matter. The test is `Lexicon.mentions`, a superset of the lexicon's own matching (a
search for each term's squashed form anywhere in the squashed text, one Aho-Corasick scan), so
nothing the lexicon would match is skipped."""

from __future__ import annotations

from ..lexicon import Lexicon
from .geometry import Seg


def names_a_concept(segs: list[Seg], lexicon: Lexicon) -> bool:
    """The page's text, in content order with line breaks closed up (a term may wrap), contains
    a concept term's squashed form."""
    return lexicon.mentions("".join(s.squashed for s in segs), "concept")
