"""Which pages and lines need the careful (slow) reading. A page that names no lexicon concept,
holds no benefits chart and no excluded-services list cannot bind a coverage statement to a
treatment, so it gets only cheap text (its lines in content order): long plan documents spend
their time on the few pages that matter. A line that contains no insurer name needs no insurer
match. Both tests are `Lexicon.mentions`, a superset of the lexicon's own matching (a search for
each term's squashed form anywhere in the squashed text, one Aho-Corasick scan), so nothing the
lexicon would match is skipped."""

from __future__ import annotations

from ..lexicon import Lexicon
from .geometry import Seg


def may_name_insurer(seg: Seg, lexicon: Lexicon) -> bool:
    """The line contains an insurer term's squashed form."""
    return lexicon.mentions(seg.squashed, "insurer")


def names_a_concept(segs: list[Seg], lexicon: Lexicon) -> bool:
    """The page's text, in content order with line breaks closed up (a term may wrap), contains
    a concept term's squashed form."""
    return lexicon.mentions("".join(s.squashed for s in segs), "concept")
