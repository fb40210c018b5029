"""Shapes the layout steps share: a run of words on one line (`Seg`), word centres, rotated boxes.

Units: every coordinate is in PDF points (1/72 inch) of the page as displayed; tolerances named
`..._SHARE` or `..._FRACTION` are fractions, `..._LINES` multiples of a line's height.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pymupdf

from ..lexicon import squash
from ..models import BBox, Word

SLACK = 1.0  # points: positions this close count as touching (rounding in PDF coordinates)
MIN_SEG_HEIGHT = 1.0  # points: a segment's height never counts as less (zero-height glyph boxes)
# Fraction of the page height below which a chart or list that reaches it is ended only by the
# page (or its footer), so it may go on at the top of the next page.
PAGE_END_FRACTION = 0.88


@dataclass
class Seg:
    """A run of words on one text line, with no large horizontal gap inside."""

    words: list[Word]
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def h(self) -> float:
        return max(MIN_SEG_HEIGHT, self.y1 - self.y0)

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @cached_property
    def squashed(self) -> str:
        """The lexicon's squashed form of the text (lower case, no spaces or punctuation)."""
        return squash(self.text)


def seg_of(words: list[Word]) -> Seg:
    """The segment holding `words` (its box is theirs)."""
    return Seg(
        words,
        min(w.bbox[0] for w in words),
        min(w.bbox[1] for w in words),
        max(w.bbox[2] for w in words),
        max(w.bbox[3] for w in words),
    )


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
    """A box of the unrotated page in the coordinates of the page as displayed."""
    r = pymupdf.Rect(b) * m
    r.normalize()
    return (r.x0, r.y0, r.x1, r.y1)
