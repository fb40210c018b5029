"""A skewed scan laid out straight: the skew angle from the slope of OCR text lines, a rotation
about the page centre that levels them, and the way back to printed positions so that evidence
boxes land on the image."""

from __future__ import annotations

import math
from statistics import median

import pymupdf

from ..models import BBox, Page, Word
from .geometry import x_center

MIN_LINE_WORDS = 3  # words a text line needs before its slope counts
MIN_LINE_SPAN = 80.0  # points: a shorter line's slope is too noisy to count
MIN_LINES = 3  # lines with a slope a page needs before it is judged skewed
MIN_ANGLE = 0.0015  # radians (~0.09 degrees): below this a scan is laid out as it is


def skew(words: list[Word]) -> float:
    """Skew angle (radians) of a scanned page, from the slope of OCR text lines."""
    lines: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        lines.setdefault((w.block, w.line), []).append(w)
    slopes: list[float] = []
    for ws in lines.values():
        if len(ws) < MIN_LINE_WORDS:
            continue
        xs = [x_center(w) for w in ws]
        ys = [w.bbox[3] for w in ws]
        if max(xs) - min(xs) < MIN_LINE_SPAN:
            continue
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        den = sum((x - mx) ** 2 for x in xs)
        if den > 0:
            slopes.append(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den)
    if len(slopes) < MIN_LINES:
        return 0.0
    return math.atan(median(slopes))


class Deskew:
    """Rotation about the page centre that makes a skewed scan's text lines horizontal."""

    def __init__(self, theta: float, rect: pymupdf.Rect):
        self.c, self.s = math.cos(theta), math.sin(theta)
        self.cx, self.cy = (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2

    def fwd(self, x: float, y: float) -> tuple[float, float]:
        dx, dy = x - self.cx, y - self.cy
        return self.cx + dx * self.c + dy * self.s, self.cy - dx * self.s + dy * self.c

    def back(self, x: float, y: float) -> tuple[float, float]:
        dx, dy = x - self.cx, y - self.cy
        return self.cx + dx * self.c - dy * self.s, self.cy + dx * self.s + dy * self.c

    def box(self, b: BBox, forward: bool) -> BBox:
        f = self.fwd if forward else self.back
        pts = [f(b[0], b[1]), f(b[2], b[1]), f(b[0], b[3]), f(b[2], b[3])]
        return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))

    def word(self, b: BBox) -> BBox:
        """A word keeps its size; only its centre moves (a rotated box would grow)."""
        x, y = self.fwd((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
        hw, hh = (b[2] - b[0]) / 2, (b[3] - b[1]) / 2
        return (x - hw, y - hh, x + hw, y + hh)


def unskew(page: Page, desk: Deskew, printed: dict[int, BBox]) -> None:
    """Give a straightened scan's words their printed positions back (`printed`: id(word) -> box
    as scanned), and widen row and list boxes to match, so evidence boxes land on the image."""
    for w in page.words:
        if id(w) in printed:
            w.bbox = printed[id(w)]
    for r in page.rows:
        r.bbox = desk.box(r.bbox, forward=False)
    for lb in page.lists:
        lb.items = [(t, desk.box(b, forward=False)) for t, b in lb.items]
