"""Running headers and footers: lines repeated at the same place on many pages, and page numbers,
are marked as furniture so they neither read as plan text nor break a chart or list."""

from __future__ import annotations

import re

from ..lexicon import squash
from .geometry import Seg
from .layout import PageData
from .lines import PAGE_NUMBER

TOP_MARGIN = 0.2  # fraction of the page height: a line above this is in the top margin ...
BOTTOM_MARGIN = 0.85  # ... and below this in the bottom margin
POSITION_BUCKET = 4  # points: a repeated line's y is compared in buckets this tall (± one bucket)
REPEAT_SHARE = 3  # a line repeated on at least 1/REPEAT_SHARE of the pages (and 2) is furniture
NUMBER_TOP = 0.08  # fraction of the page height: "Page 3 of 8" inside a short line above this ...
NUMBER_BOTTOM = 0.9  # ... or below this is a page number
NUMBER_LINE_WORDS = 4  # a page-number line has at most this many words

_PAGE_OF = re.compile(r"^page\s*\d+\s*of\s*\d+$", re.I)
_DIGITS = re.compile(r"^\d+$")
Key = tuple[str, int]


def _margin_lines(p: PageData, header_ids: set[int], counts: dict[Key, set[int]], i: int) -> list[tuple[Key, Seg]]:
    """The page's margin lines keyed by text (digits masked) and position; page numbers are
    marked furniture at once."""
    items = []
    for s in p.segs:
        in_margin = s.y1 < p.height * TOP_MARGIN or s.y0 > p.height * BOTTOM_MARGIN
        if not in_margin or id(s) in header_ids:
            continue
        text = s.text.strip()
        lone_number = PAGE_NUMBER.match(text) and (s.y1 < p.height * NUMBER_TOP or s.y0 > p.height * NUMBER_BOTTOM)
        if lone_number or _PAGE_OF.match(text):
            p.furniture.update(id(w) for w in s.words)  # (a lone digit lower down may be a table cell: a tier)
            continue
        key = (re.sub(r"\d+", "#", squash(text)), int(round(s.yc / POSITION_BUCKET)))
        if not key[0]:
            continue
        items.append((key, s))
        for b in (key[1] - 1, key[1], key[1] + 1):
            counts.setdefault((key[0], b), set()).add(i)
    return items


def _embedded_numbers(p: PageData) -> None:
    """Page numbers inside a short footer or header line ("Page 3 of 8")."""
    for s in p.segs:
        for w in s.words:
            if (
                _DIGITS.match(w.text)
                and (s.y1 < p.height * NUMBER_TOP or s.y0 > p.height * NUMBER_BOTTOM)
                and len(s.words) <= NUMBER_LINE_WORDS
                and any(x.text.lower() in ("page", "of") for x in s.words)
            ):
                p.furniture.update(id(x) for x in s.words)


def mark_furniture(pages: list[PageData]) -> None:
    """Running headers and footers: lines repeated at the same place on most pages, and page
    numbers. A repeated line is kept on the first page it appears on (it is the plan's title)."""
    n = len(pages)
    counts: dict[Key, set[int]] = {}
    keyed = [_margin_lines(p, {id(s) for s in (p.header_band or [])}, counts, i) for i, p in enumerate(pages)]
    if n < 2:
        return
    need = max(2, -(-n // REPEAT_SHARE))
    first_seen: dict[str, int] = {}
    for i, items in enumerate(keyed):
        for key, s in items:
            if len(counts.get(key, set())) >= need:
                first = first_seen.setdefault(key[0], i)
                if i != first:
                    pages[i].furniture.update(id(w) for w in s.words)
    for p in pages:
        _embedded_numbers(p)
