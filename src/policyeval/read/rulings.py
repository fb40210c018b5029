"""Rulings: the horizontal and vertical lines of a page (table borders, row separators), from its
vector drawings or, on a scan, from runs of dark pixels. Filled boxes (row shading) are kept apart
as a fallback for charts drawn without lines. All distances in PDF points."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Any

import pymupdf

from ..models import Word
from .deskew import Deskew
from .geometry import rotate_box, y_center
from .paint import drawings as page_drawings

FLAT = 1.5  # points: a line whose ends differ less than this in y (x) is horizontal (vertical)
MIN_LENGTH = 2.0  # points: shorter lines and boxes are dots, not rulings
THIN = 2.5  # points: a box no thicker than this is a ruling
ROTATED_HALF_THICKNESS = 0.1  # points: half-thickness of a ruling turned into a box to rotate it
MERGE_Y = 1.0  # points: pieces this close in y lie on one ruling ...
MERGE_GAP = 2.0  # ... when their x ranges overlap or are this close
MERGE_LOOKBACK = 6  # rulings back (in y order) a piece is tried against
UNDERLINE_REACH = 4.0  # points: words whose bottom is this close to a ruling may be underlined by it
UNDERLINE_SLACK = 3.0  # points an underline may stick out past its words
COVERS_SHARE = 0.85  # fraction of a column's width a ruling must span to bound its cells
MIN_WIDTH = 1.0  # points: a column's width never counts as less
DISTINCT_Y = 2.5  # points: rulings closer than this in y are one row boundary
# Scans
IMAGE_DPI = 100  # render resolution for finding rulings in a scan (dots per inch)
DARK = 170  # grey level (0-255) below which a pixel is ink
MIN_RUN = 12  # pixels: a shorter dark run is a letter stroke, not a line
MIN_IMAGE_RULE = 50.0  # points: shorter joined runs are not rulings
IN_TEXT_MARGIN = 1.0  # points inside a word's box where a dark run is part of the letters
THICK_LINE = 1.6  # points: pixel rows this close are one (thick) line


@dataclass
class Rule:
    """A horizontal ruling: y and x extent."""

    y: float
    x0: float
    x1: float


@dataclass
class Rulings:
    horiz: list[Rule] = field(default_factory=list)
    vert: list[tuple[float, float, float]] = field(default_factory=list)  # x, y0, y1
    fills: list[Rule] = field(default_factory=list)  # edges of filled boxes


def _add_line(out: Rulings, p: tuple[float, float], q: tuple[float, float]) -> None:
    (px, py), (qx, qy) = p, q
    if abs(py - qy) < FLAT and abs(px - qx) > MIN_LENGTH:
        out.horiz.append(Rule((py + qy) / 2, min(px, qx), max(px, qx)))
    elif abs(px - qx) < FLAT and abs(py - qy) > MIN_LENGTH:
        out.vert.append(((px + qx) / 2, min(py, qy), max(py, qy)))


def _add_box(out: Rulings, item: tuple[Any, ...], stroked: bool) -> None:
    """A rectangle or quad: thin ones are rulings; a stroked box gives its four edges; a filled
    one its top and bottom edges as fills."""
    if item[0] == "re":
        x0, y0, x1, y1 = item[1]
    else:
        pts = item[1]
        xs = [p[0] for p in pts]
        ys = [p[1] for p in pts]
        x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
    x0, x1 = min(x0, x1), max(x0, x1)
    y0, y1 = min(y0, y1), max(y0, y1)
    w, h = x1 - x0, y1 - y0
    if h <= THIN and w > MIN_LENGTH:
        out.horiz.append(Rule((y0 + y1) / 2, x0, x1))
    elif w <= THIN and h > MIN_LENGTH:
        out.vert.append(((x0 + x1) / 2, y0, y1))
    elif w > MIN_LENGTH and h > MIN_LENGTH:
        edges = out.horiz if stroked else out.fills
        edges.append(Rule(y0, x0, x1))
        edges.append(Rule(y1, x0, x1))
        if stroked:
            out.vert.append((x0, y0, y1))
            out.vert.append((x1, y0, y1))


def _rotated(out: Rulings, page: pymupdf.Page) -> Rulings:
    """Rulings of the unrotated page in the coordinates of the page as displayed."""
    m = page.rotation_matrix
    flips = page.rotation in (90, 270)
    horiz, vert, fills = out.horiz, out.vert, out.fills
    out = Rulings()
    half = ROTATED_HALF_THICKNESS
    for r in horiz + fills:
        x0, y0, x1, y1 = rotate_box((r.x0, r.y - half, r.x1, r.y + half), m)
        if flips:
            out.vert.append(((x0 + x1) / 2, y0, y1))
        else:
            (out.fills if r in fills else out.horiz).append(Rule((y0 + y1) / 2, x0, x1))
    for x, a, b in vert:
        x0, y0, x1, y1 = rotate_box((x - half, a, x + half, b), m)
        if flips:
            out.horiz.append(Rule((y0 + y1) / 2, x0, x1))
        else:
            out.vert.append(((x0 + x1) / 2, y0, y1))
    return out


def page_rulings(page: pymupdf.Page) -> Rulings:
    """Lines and boxes of the page: thin ones are rulings, filled boxes are kept apart as a fallback."""
    out = Rulings()
    try:
        drawings = page_drawings(page)
    except Exception:
        return out
    for d in drawings:
        stroked = d.get("color") is not None and d.get("type") in ("s", "fs")
        for item in d.get("items", ()):
            if item[0] == "l":
                _add_line(out, item[1], item[2])
            elif item[0] in ("re", "qu"):
                _add_box(out, item, stroked)
    if page.rotation:
        out = _rotated(out, page)
    out.horiz = merge_rules(out.horiz)
    out.fills = merge_rules(out.fills)
    return out


def image_rulings(page: pymupdf.Page, desk: Deskew | None = None, words: list[Word] | None = None) -> Rulings:
    """Horizontal rulings of a scanned page from runs of dark pixels, straightened with the
    page's skew and joined into lines; runs lying inside text are letters, not rulings."""
    pix = page.get_pixmap(dpi=IMAGE_DPI, colorspace=pymupdf.csGRAY)
    table = bytes(1 if i < DARK else 0 for i in range(256))
    samples = pix.samples.translate(table)
    run = re.compile(b"\x01{%d,}" % MIN_RUN)
    sx = page.rect.width / pix.width
    sy = page.rect.height / pix.height
    pieces: list[Rule] = []
    for y in range(pix.height):
        row = samples[y * pix.stride : y * pix.stride + pix.width]
        for m in run.finditer(row):
            x0 = page.rect.x0 + m.start() * sx
            x1 = page.rect.x0 + m.end() * sx
            yy = page.rect.y0 + (y + 0.5) * sy
            if desk is not None:
                (x0, ya), (x1, yb) = desk.fwd(x0, yy), desk.fwd(x1, yy)
                yy = (ya + yb) / 2
            pieces.append(Rule(yy, x0, x1))
    rules = [r for r in merge_rules(pieces) if r.x1 - r.x0 >= MIN_IMAGE_RULE]
    if words:

        def in_text(r: Rule) -> bool:
            return any(
                w.bbox[1] + IN_TEXT_MARGIN < r.y < w.bbox[3] - IN_TEXT_MARGIN and w.bbox[0] < r.x1 and r.x0 < w.bbox[2]
                for w in words
            )

        rules = [r for r in rules if not in_text(r)]
    # a thick line is several pixel rows: keep one ruling per line
    out: list[Rule] = []
    for r in sorted(rules, key=lambda r: (r.y, r.x0)):
        if out and abs(out[-1].y - r.y) <= THICK_LINE and r.x0 < out[-1].x1 and out[-1].x0 < r.x1:
            o = out[-1]
            o.x0, o.x1 = min(o.x0, r.x0), max(o.x1, r.x1)
            continue
        out.append(r)
    return Rulings(horiz=out)


def merge_rules(rules: list[Rule]) -> list[Rule]:
    """Join collinear pieces (one ruling is often drawn cell by cell)."""
    rules = sorted(rules, key=lambda r: (round(r.y), r.x0))
    out: list[Rule] = []
    for r in rules:
        for o in reversed(out[-MERGE_LOOKBACK:]):
            if abs(o.y - r.y) <= MERGE_Y and r.x0 <= o.x1 + MERGE_GAP and o.x0 <= r.x1 + MERGE_GAP:
                o.x0, o.x1 = min(o.x0, r.x0), max(o.x1, r.x1)
                break
        else:
            out.append(Rule(r.y, r.x0, r.x1))
    return out


def drop_underlines(rules: list[Rule], words: list[Word]) -> list[Rule]:
    """An underline sits just under the words it underlines and ends with them; a table ruling
    runs on past the cell's text."""
    if not rules or not words:
        return rules
    by_bottom = sorted(words, key=lambda w: w.bbox[3])
    bottoms = [w.bbox[3] for w in by_bottom]
    out = []
    for r in rules:
        lo, hi = bisect_left(bottoms, r.y - UNDERLINE_REACH), bisect_right(bottoms, r.y + UNDERLINE_REACH)
        above = [w for w in by_bottom[lo:hi] if w.bbox[0] < r.x1 and r.x0 < w.bbox[2] and y_center(w) < r.y]
        if above:
            x0 = min(w.bbox[0] for w in above)
            x1 = max(w.bbox[2] for w in above)
            if r.x0 >= x0 - UNDERLINE_SLACK and r.x1 <= x1 + UNDERLINE_SLACK:
                continue
        out.append(r)
    return out


def covers(rule: Rule, x0: float, x1: float, share: float = COVERS_SHARE) -> bool:
    """`rule` spans at least `share` of the range x0..x1."""
    width = max(MIN_WIDTH, x1 - x0)
    return (min(rule.x1, x1) - max(rule.x0, x0)) / width >= share


def distinct_ys(rules: list[Rule]) -> list[float]:
    """The y of each row boundary the rulings draw, top to bottom (near-equal ys are one)."""
    out: list[float] = []
    for y in sorted(r.y for r in rules):
        if not out or y - out[-1] > DISTINCT_Y:
            out.append(y)
    return out
