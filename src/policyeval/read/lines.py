"""Words into text lines: a page's segments, a cell's lines, a cell's text.

All distances in PDF points; `..._LINES` values are multiples of a line's height.
"""

from __future__ import annotations

import re

from ..models import Word
from .geometry import Seg, seg_of, y_center

# A line that is only a page number ("3", "Page 3", "3 of 8", "page 3/8").
PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)

SEG_MIN_HEIGHT = 4.0  # points: a word's height for the gap test never counts as less
SEG_GAP_LINES = 0.9  # a horizontal gap wider than this many line heights splits a segment ...
SEG_MIN_GAP = 5.0  # ... and wider than this many points
SEG_BASELINE_LINES = 0.5  # words whose centres differ by more than this many line heights are on two lines
CELL_MIN_HEIGHT = 3.0  # points: a cell word's height for the same-line test never counts as less
SAME_LINE_LINES = 0.5  # centres within this many line heights: the same text line


def segments(words: list[Word]) -> list[Seg]:
    """Words grouped by pymupdf line, split wherever a horizontal gap is far wider than a space."""
    groups: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        groups.setdefault((w.block, w.line), []).append(w)
    segs: list[Seg] = []
    for ws in groups.values():
        ws.sort(key=lambda w: w.bbox[0])
        # one pymupdf "line" can hold words at different heights (rare); split those too
        cur = [ws[0]]
        for w in ws[1:]:
            p = cur[-1]
            h = max(SEG_MIN_HEIGHT, min(p.bbox[3] - p.bbox[1], w.bbox[3] - w.bbox[1]))
            gap = w.bbox[0] - p.bbox[2]
            if gap > max(SEG_GAP_LINES * h, SEG_MIN_GAP) or abs(y_center(w) - y_center(p)) > SEG_BASELINE_LINES * h:
                segs.append(seg_of(cur))
                cur = [w]
            else:
                cur.append(w)
        segs.append(seg_of(cur))
    return segs


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Words of one cell as text lines, top to bottom, left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (y_center(w), w.bbox[0])):
        if lines:
            last = lines[-1]
            h = max(CELL_MIN_HEIGHT, min(last[0].bbox[3] - last[0].bbox[1], w.bbox[3] - w.bbox[1]))
            if abs(y_center(w) - y_center(last[0])) < SAME_LINE_LINES * h:
                last.append(w)
                continue
        lines.append([w])
    for ln in lines:
        ln.sort(key=lambda w: w.bbox[0])
    return lines


def cell_text(words: list[Word]) -> str:
    """A cell's text, lines joined; a word hyphenated across lines is joined back."""
    out = ""
    for ln in lines_of(words):
        text = " ".join(w.text for w in ln)
        if not out:
            out = text
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and text[:1].isalpha():
            out += text  # "Non-" / "Network" -> "Non-Network"
        else:
            out += " " + text
    return out.strip()


def ordered(words: list[Word]) -> list[Word]:
    """A cell's words in reading order."""
    return [w for ln in lines_of(words) for w in ln]


def by_lines(segs: list[Seg]) -> list[Seg]:
    """Sort segments top to bottom, left to right, treating near-equal baselines as one line."""
    lines: list[list[Seg]] = []
    for s in sorted(segs, key=lambda s: s.y0):
        if lines and abs(s.yc - lines[-1][0].yc) < SAME_LINE_LINES * min(s.h, lines[-1][0].h):
            lines[-1].append(s)
        else:
            lines.append([s])
    return [s for ln in lines for s in sorted(ln, key=lambda s: s.x0)]
