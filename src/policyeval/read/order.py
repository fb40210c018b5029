"""Reading order of prose: paragraphs (units of stacked lines), columns split at whitespace
gutters, and Breuel's ordering rules. All distances in PDF points; `..._LINES` values are
multiples of a line's height."""

from __future__ import annotations

import heapq

from .geometry import Seg
from .lines import by_lines

FULL_WIDTH_SHARE = 0.7  # lines wider than this share of the text's width cut bands, not columns
MIN_COLUMN_LINES = 4  # fewer (narrow) lines are never split into columns
GUTTER_NOISE_SHARE = 0.04  # a gutter may be crossed by up to this share of the narrow lines
MIN_GUTTER = 7  # points: a narrower white gap is a word space, not a gutter
MIN_SIDE_LINES = 2  # lines each side of a gutter needs
SIDE_OVERLAP_SHARE = 0.3  # the two sides must overlap vertically by this share of the shorter
COLUMN_SLACK = 1.0  # points a line may start left of a column edge and stay in that column
UNIT_LOOKBACK = 40  # recent paragraphs a line is tried against
STACK_ABOVE_LINES = 0.35  # a line may overlap the one above by this many line heights ...
STACK_BELOW_LINES = 0.6  # ... or sit this far below it and still be the same paragraph
SAME_LINE_LINES = 0.5  # centres within this many line heights: side by side, not stacked
X_OVERLAP_SHARE = 0.2  # stacked lines overlap in x by more than this share of the narrower ...
SAME_INDENT = 3.0  # ... or start within this many points of each other
SIZE_CHANGE_SHARE = 0.25  # a height change larger than this share is a heading above a paragraph
HEADING_MAX_WORDS = 10  # a paragraph's first line this short ...
HEADING_WIDTH_SHARE = 0.7  # ... and narrower than this share of the paragraph is its heading
MAX_ORDERED_UNITS = 120  # more paragraphs than this: plain top-to-bottom order (the rules are pairwise)
OVERLAP_MIN = 1.0  # points two paragraphs must overlap in x to be above/below each other
ORDER_SLACK = 0.5  # points of tolerance when comparing paragraph centres
BETWEEN_SLACK = 1.0  # points a spanning paragraph may overlap the two it lies between
SIDE_SLACK = 1.0  # points a paragraph may overlap the one to its right and still be left of it


def _gutters(narrow: list[Seg], x0: float, width: int) -> list[tuple[float, float]]:
    """White vertical runs at least MIN_GUTTER wide that almost no narrow line crosses."""
    cover = [0] * width
    for s in narrow:
        for x in range(int(s.x0 - x0), min(width, int(s.x1 - x0) + 1)):
            cover[x] += 1
    limit = max(0, int(GUTTER_NOISE_SHARE * len(narrow)))
    gutters: list[tuple[float, float]] = []
    x = 0
    while x < width:
        if cover[x] <= limit:
            start = x
            while x < width and cover[x] <= limit:
                x += 1
            if x - start >= MIN_GUTTER and start > 0 and x < width:
                gutters.append((x0 + start, x0 + x))
        x += 1
    return gutters


def columns(segs: list[Seg]) -> list[list[Seg]]:
    """Split segments into side-by-side columns at whitespace gutters (left to right)."""
    if len(segs) < MIN_COLUMN_LINES:
        return [segs]
    x0 = min(s.x0 for s in segs)
    x1 = max(s.x1 for s in segs)
    width = int(x1 - x0) + 2
    narrow = [s for s in segs if s.x1 - s.x0 < FULL_WIDTH_SHARE * (x1 - x0)]
    if len(narrow) < MIN_COLUMN_LINES:
        return [segs]
    good = []
    for g0, g1 in _gutters(narrow, x0, width):
        left = [s for s in narrow if s.x1 <= g0 + COLUMN_SLACK]
        right = [s for s in narrow if s.x0 >= g1 - COLUMN_SLACK]
        if len(left) < MIN_SIDE_LINES or len(right) < MIN_SIDE_LINES:
            continue
        ly0, ly1 = min(s.y0 for s in left), max(s.y1 for s in left)
        ry0, ry1 = min(s.y0 for s in right), max(s.y1 for s in right)
        overlap = min(ly1, ry1) - max(ly0, ry0)
        if overlap > SIDE_OVERLAP_SHARE * min(ly1 - ly0, ry1 - ry0):
            good.append((g0, g1))
    if not good:
        return [segs]
    edges = [(g0 + g1) / 2 for g0, g1 in good]
    cols: list[list[Seg]] = [[] for _ in range(len(edges) + 1)]
    for s in segs:
        i = sum(1 for e in edges if s.x0 >= e - COLUMN_SLACK)
        cols[i].append(s)
    return [c for c in cols if c]


def _stacks_on(s: Seg, last: Seg) -> float | None:
    """The gap from `last` down to `s` when `s` continues `last`'s paragraph, else None."""
    gap = s.y0 - last.y1
    h = max(s.h, last.h)
    if not (-STACK_ABOVE_LINES * h < gap < STACK_BELOW_LINES * h):
        return None
    if abs(s.yc - last.yc) < SAME_LINE_LINES * min(s.h, last.h):
        return None  # same line: side by side, not stacked
    overlap = min(s.x1, last.x1) - max(s.x0, last.x0)
    if overlap <= X_OVERLAP_SHARE * min(s.x1 - s.x0, last.x1 - last.x0) and abs(s.x0 - last.x0) > SAME_INDENT:
        return None
    if size_change(s, last):
        return None  # a heading above a paragraph
    return gap


def _units(segs: list[Seg]) -> list[list[Seg]]:
    """Paragraph-like units: lines stacked close under each other, overlapping in x, same size.
    A line joins the nearest of the last UNIT_LOOKBACK paragraphs it stacks on (`_stacks_on`;
    the vertical gap is tested inline first: it rules out almost all)."""
    units: list[list[Seg]] = []
    for s in sorted(segs, key=lambda s: (s.y0, s.x0)):
        best, best_gap = None, None
        y0, sh = s.y0, s.h
        for u in units[-UNIT_LOOKBACK:]:
            last = u[-1]
            h = sh if sh > last.h else last.h
            gap = y0 - last.y1
            if gap >= STACK_BELOW_LINES * h or gap <= -STACK_ABOVE_LINES * h:
                continue
            if _stacks_on(s, last) is not None and (best_gap is None or gap < best_gap):
                best, best_gap = u, gap
        if best is not None:
            best.append(s)
        else:
            units.append([s])
    return [part for u in units for part in split_heading(u)]


def split_heading(unit: list[Seg]) -> list[list[Seg]]:
    """A short first line without closing punctuation, above a paragraph, is its heading: the
    unit as [heading], [rest]; else as it is."""
    if len(unit) >= 2:
        first, rest = unit[0], unit[1:]
        text = first.text.rstrip()
        wide = max(r.x1 - r.x0 for r in rest)
        if (
            len(first.words) <= HEADING_MAX_WORDS
            and (first.x1 - first.x0) < HEADING_WIDTH_SHARE * wide
            and not text.endswith((".", ",", ";", "-", "\u00ad"))
            and rest[0].words[0].text[:1].isupper()
        ):
            return [[first], rest]
    return [unit]


def size_change(s: Seg, last: Seg) -> bool:
    """`s` is set in a different size from `last` (a heading above a paragraph, or below one)."""
    return abs(s.h - last.h) > SIZE_CHANGE_SHARE * max(s.h, last.h)


Box = tuple[float, float, float, float]


def _precedence(boxes: list[Box]) -> list[list[int]]:
    """succ[i]: the paragraphs that must come after paragraph i (Breuel's two rules)."""
    n = len(boxes)
    # ov[i]: bitmask of the units overlapping unit i in x
    ov = [0] * n
    for i in range(n):
        a = boxes[i]
        m = 0
        for j in range(n):
            b = boxes[j]
            if min(a[2], b[2]) - max(a[0], b[0]) > OVERLAP_MIN:
                m |= 1 << j
        ov[i] = m
    succ: list[list[int]] = [[] for _ in range(n)]
    for i in range(n):
        a = boxes[i]
        for j in range(n):
            if i == j:
                continue
            b = boxes[j]
            edge = False
            if ov[i] >> j & 1:
                edge = (a[1] + a[3]) < (b[1] + b[3]) - ORDER_SLACK
            elif a[2] <= b[0] + SIDE_SLACK:
                lo, hi = min(a[3], b[3]), max(a[1], b[1])
                between = ov[i] & ov[j] & ~((1 << i) | (1 << j))
                edge = True
                k = 0
                while between:
                    if between & 1 and boxes[k][1] >= lo - BETWEEN_SLACK and boxes[k][3] <= hi + BETWEEN_SLACK:
                        edge = False
                        break
                    between >>= 1
                    k += 1
            if edge:
                succ[i].append(j)
    return succ


def _topological(boxes: list[Box], succ: list[list[int]]) -> list[int]:
    """Paragraph indices in an order that keeps every precedence, top-left first among the free."""
    n = len(boxes)
    indeg = [0] * n
    for js in succ:
        for j in js:
            indeg[j] += 1
    heap = [((boxes[i][1], boxes[i][0]), i) for i in range(n) if indeg[i] == 0]
    heapq.heapify(heap)
    done = [False] * n
    order: list[int] = []
    while len(order) < n:
        if not heap:  # a cycle (odd overlaps): take the top-left remaining unit
            i = min((k for k in range(n) if not done[k]), key=lambda k: (boxes[k][1], boxes[k][0]))
        else:
            _, i = heapq.heappop(heap)
            if done[i]:
                continue
        done[i] = True
        order.append(i)
        for j in succ[i]:
            indeg[j] -= 1
            if indeg[j] == 0 and not done[j]:
                heapq.heappush(heap, ((boxes[j][1], boxes[j][0]), j))
    return order


def order_prose(segs: list[Seg]) -> list[list[Seg]]:
    """Paragraphs in reading order (Breuel's rules): a unit comes before one below it that it
    overlaps in x, and before one to its right unless something spanning both lies between them.
    This reads two-column pages column by column and keeps full-width headings in place."""
    if not segs:
        return []
    units = _units(segs)
    if len(units) == 1:
        return units
    if len(units) > MAX_ORDERED_UNITS:
        return [[s] for s in by_lines(segs)]
    boxes = [(min(s.x0 for s in u), min(s.y0 for s in u), max(s.x1 for s in u), max(s.y1 for s in u)) for u in units]
    return [by_lines(units[i]) for i in _topological(boxes, _precedence(boxes))]
