"""Shapes the layout steps share: a run of words on one line (`Seg`), word centres, rotated boxes.

Units: every coordinate is in PDF points (1/72 inch) of the page as displayed; tolerances named
`..._SHARE` or `..._FRACTION` are fractions, `..._LINES` multiples of a line's height.
"""

from __future__ import annotations

from functools import lru_cache

import pymupdf

from ..lexicon import squash
from ..models import BBox, Word

SLACK = 1.0  # points: positions this close count as touching (rounding in PDF coordinates)
MIN_SEG_HEIGHT = 1.0  # points: a segment's height never counts as less (zero-height glyph boxes)
# Fraction of the page height below which a chart or list that reaches it is ended only by the
# page (or its footer), so it may go on at the top of the next page.
PAGE_END_FRACTION = 0.88


class Seg:
    """A run of words on one text line, with no large horizontal gap inside. Compared by
    identity: every word belongs to one segment."""

    __slots__ = ("words", "x0", "y0", "x1", "y1", "h", "yc", "_text", "_squashed")

    def __init__(self, words: list[Word], x0: float, y0: float, x1: float, y1: float):
        self.words = words
        self.x0, self.y0, self.x1, self.y1 = x0, y0, x1, y1
        self.h = max(MIN_SEG_HEIGHT, y1 - y0)
        self.yc = (y0 + y1) / 2
        self._text: str | None = None
        self._squashed: str | None = None

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = " ".join(w.text for w in self.words)
        return self._text

    @property
    def squashed(self) -> str:
        """The lexicon's squashed form of the text (lower case, no spaces or punctuation)."""
        if self._squashed is None:
            self._squashed = "".join(squash_word(w.text) for w in self.words)
        return self._squashed


@lru_cache(maxsize=65536)
def squash_word(text: str) -> str:
    """The lexicon's squashed form of one word (a line's is the join of its words')."""
    return squash(text)


def seg_of(words: list[Word]) -> Seg:
    """The segment holding `words` (its box is theirs)."""
    x0, y0, x1, y1 = words[0].bbox
    for w in words:
        b = w.bbox
        if b[0] < x0:
            x0 = b[0]
        if b[1] < y0:
            y0 = b[1]
        if b[2] > x1:
            x1 = b[2]
        if b[3] > y1:
            y1 = b[3]
    return Seg(words, x0, y0, x1, y1)


def x_center(w: Word) -> float:
    return (w.bbox[0] + w.bbox[2]) / 2


def y_center(w: Word) -> float:
    return (w.bbox[1] + w.bbox[3]) / 2


def words_box(words: list[Word]) -> BBox:
    """The box around `words` (not empty)."""
    return (
        min(w.bbox[0] for w in words),
        min(w.bbox[1] for w in words),
        max(w.bbox[2] for w in words),
        max(w.bbox[3] for w in words),
    )


def rotate_box(b: tuple[float, float, float, float], m: pymupdf.Matrix) -> BBox:
    """A box of the unrotated page in the coordinates of the page as displayed (`m`: the page's
    rotation matrix, which maps axis-parallel boxes to axis-parallel boxes)."""
    xa = m.a * b[0] + m.c * b[1] + m.e
    ya = m.b * b[0] + m.d * b[1] + m.f
    xb = m.a * b[2] + m.c * b[3] + m.e
    yb = m.b * b[2] + m.d * b[3] + m.f
    return (min(xa, xb), min(ya, yb), max(xa, xb), max(ya, yb))
