"""A page's text layer as words: cleaned text, positions in the page as displayed, duplicate
copies (fake bold, doubled text layers) dropped, and words re-split from character positions
where a text layer carries no spaces."""

from __future__ import annotations

import re
from statistics import median
from typing import Any

import pymupdf

from ..models import BBox, Word
from .geometry import rotate_box
from .plausible import Glyphs
from .visibility import read_page_text

TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP

DUPLICATE_OVERLAP = 0.5  # fraction of a word's area a same-text word must cover to be its copy
DEDUPE_CELL = 16.0  # points: grid cell size of the duplicate-word index
DEDUPE_SCAN = 16  # same-text words compared one by one before they are filed in a grid
DEDUPE_MAX_CELLS = 8  # grid cells along one side a filed box may span (larger boxes go on a short list)
MIN_WORD_AREA = 1e-6  # square points: a word's area never counts as less (zero-size glyph boxes)
SPACELESS_WORD = 24  # characters: a longer word (not a URL) is several words glued together
SPACELESS_RUN = 20  # letters: a longer run without a separator is several words glued together
SPACELESS_MIN_CHARS = 40  # a page needs this many characters before it is judged spaceless
SPACELESS_SHARE = 0.3  # fraction of a page's characters in glued words that makes it spaceless
WORD_GAP_MIN = 0.45  # points beyond the line's usual letter gap that start a new word ...
WORD_GAP_PER_SIZE = 0.05  # ... or this fraction of the font size, whichever is larger
DEFAULT_FONT_SIZE = 10.0  # points, for a span that states none

_PLAIN = re.compile(r"^[\x21-\x7e]+$")
_GLUED = re.compile(r"[^\W_]{" + str(SPACELESS_RUN) + ",}")  # letters and digits, no separator
_URLISH = re.compile(r"(www\.|https?:|\.com|\.org|@)", re.I)


def clean(text: str) -> str:
    """A word's text without no-break/soft hyphens, control characters or private-use glyphs."""
    if _PLAIN.match(text):
        return text
    text = text.replace("\u00a0", " ").replace("\u00ad", "-" if text.endswith("\u00ad") else "")
    text = "".join(ch for ch in text if ch >= " " or ch == "\t")
    if text and all("\ue000" <= ch <= "\uf8ff" or ch == "\ufffd" for ch in text):
        return "•"
    return text.strip()


def _any_copy(w: Word, kept: list[Word]) -> bool:
    """Some word of `kept` covers more than DUPLICATE_OVERLAP of `w`'s area (inlined: hot)."""
    x0, y0, x1, y1 = w.bbox
    need = DUPLICATE_OVERLAP * max(MIN_WORD_AREA, (x1 - x0) * (y1 - y0))
    for k in kept:
        kx0, ky0, kx1, ky1 = k.bbox
        iy = (y1 if y1 < ky1 else ky1) - (y0 if y0 > ky0 else ky0)
        if iy <= 0:
            continue
        ix = (x1 if x1 < kx1 else kx1) - (x0 if x0 > kx0 else kx0)
        if ix > 0 and ix * iy > need:
            return True
    return False


class _Grid:
    """Kept words of one text filed in DEDUPE_CELL cells, for a text met more than DEDUPE_SCAN
    times: a word then meets only those sharing a cell with it (any overlapping pair does).
    Boxes wider or taller than DEDUPE_MAX_CELLS cells stay on a short list every word is compared
    with: a copy of a small word cannot be one of them unless it is large too, and a large
    word's copy overlaps the first cells its box touches."""

    __slots__ = ("cells", "large")

    def __init__(self, words: list[Word]) -> None:
        self.cells: dict[tuple[int, int], list[Word]] = {}
        self.large: list[Word] = []
        for w in words:
            self.add(w)

    def has_copy_of(self, w: Word) -> bool:
        if _any_copy(w, self.large):
            return True
        seen: set[int] = set()
        for cell in _cells(w.bbox):
            for k in self.cells.get(cell, ()):
                if id(k) not in seen:
                    seen.add(id(k))
                    if _any_copy(w, [k]):
                        return True
        return False

    def add(self, w: Word) -> None:
        b = w.bbox
        reach = DEDUPE_CELL * DEDUPE_MAX_CELLS
        if b[2] - b[0] > reach or b[3] - b[1] > reach:
            self.large.append(w)
            return
        for cell in _cells(b):
            self.cells.setdefault(cell, []).append(w)


def _cells(b: BBox) -> list[tuple[int, int]]:
    """The grid cells a box touches, at most DEDUPE_MAX_CELLS + 1 along each side."""
    try:
        x0, y0 = int(b[0] // DEDUPE_CELL), int(b[1] // DEDUPE_CELL)
        x1 = min(int(b[2] // DEDUPE_CELL), x0 + DEDUPE_MAX_CELLS)
        y1 = min(int(b[3] // DEDUPE_CELL), y0 + DEDUPE_MAX_CELLS)
    except (OverflowError, ValueError):  # an infinite or NaN coordinate
        return [(0, 0)]
    return [(cx, cy) for cx in range(x0, x1 + 1) for cy in range(y0, y1 + 1)]


def dedupe(words: list[Word]) -> list[Word]:
    """Drop a second, slightly offset copy of a word (fake-bold / duplicated text layers).
    Linear in the words of the page: a word is compared with the few earlier words of its text,
    or, for a text met many times, with those near it (`_Grid`)."""
    kept: list[Word] = []
    by_text: dict[str, list[Word]] = {}
    grids: dict[str, _Grid] = {}
    for w in words:
        same = by_text.get(w.text)
        if same is None:
            by_text[w.text] = [w]
            kept.append(w)
            continue
        grid = grids.get(w.text)
        if grid is None:
            if _any_copy(w, same):
                continue
            same.append(w)
            if len(same) > DEDUPE_SCAN:
                grids[w.text] = _Grid(same)
        elif grid.has_copy_of(w):
            continue
        else:
            grid.add(w)
        kept.append(w)
    return kept


def spaceless(words: list[Word]) -> bool:
    """A text layer without space characters reads as a few very long 'words'. A word counts as
    glued only when a run of letters inside it is longer than any real word: dot leaders
    ("Benefits......33") and hyphenated compounds ("amlodipine-valsartan-...") are not glued."""
    if not words:
        return False
    chars = sum(len(w.text) for w in words)
    long_chars = sum(
        len(w.text)
        for w in words
        if len(w.text) > SPACELESS_WORD and _GLUED.search(w.text) and not _URLISH.search(w.text)
    )
    return chars > SPACELESS_MIN_CHARS and long_chars / chars > SPACELESS_SHARE


def _line_words(line: dict[str, Any], block: int, number: int) -> list[Word]:
    """One rawdict line's characters as words: a word gap is one clearly wider than the line's
    usual letter gap."""
    out: list[Word] = []
    cur: list[tuple[str, BBox]] = []

    def flush() -> None:
        if cur:
            text = clean("".join(c for c, _ in cur))
            if text:
                boxes = [b for _, b in cur]
                box = (
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
                out.append(Word(text, box, block, number))
        cur.clear()

    letter_gaps = []
    last = None
    for span in line.get("spans", []):
        for ch in span.get("chars", []):
            if last is not None and not ch["c"].isspace():
                letter_gaps.append(ch["bbox"][0] - last)
            last = ch["bbox"][2]
    base = median(letter_gaps) if letter_gaps else 0.0
    prev_x1 = None
    for span in line.get("spans", []):
        gap = base + max(WORD_GAP_MIN, WORD_GAP_PER_SIZE * span.get("size", DEFAULT_FONT_SIZE))
        for ch in span.get("chars", []):
            c, box = ch["c"], ch["bbox"]
            if c.isspace():
                flush()
                prev_x1 = box[2]
                continue
            if prev_x1 is not None and box[0] - prev_x1 > gap and cur:
                flush()
            cur.append((c, tuple(box)))
            prev_x1 = box[2]
    flush()
    return out


def words_from_chars(page: pymupdf.Page, raw: dict[str, Any] | None = None) -> list[Word]:
    """Re-split words from character positions (of `raw`, the page's rawdict, when given), breaking
    at gaps a space would have filled."""
    out: list[Word] = []
    raw = raw if raw is not None else page.get_text("rawdict", flags=TEXT_FLAGS)
    for bno, block in enumerate(raw.get("blocks", [])):
        for lno, line in enumerate(block.get("lines", [])):
            out.extend(_line_words(line, bno, lno))
    return out


def text_words(page: pymupdf.Page, hidden: list[Word] | None = None) -> tuple[list[Word], Glyphs]:
    """The page's visible words in content order, positions in the page as displayed, copies
    dropped; and what the text layer gave before cleaning (to judge whether it reads as text).
    Words a person cannot see are never read (visibility.py); they go to `hidden` when given."""
    words = []
    glyphs = Glyphs()
    plain_chars = plain_words = 0  # plain ASCII words: nothing to clean, nothing unreadable
    visible = read_page_text(page, TEXT_FLAGS)
    for x0, y0, x1, y1, text, b, ln, _n in visible.words:
        if text and text.isascii() and text.isprintable() and " " not in text:
            plain_chars += len(text)
            plain_words += 1
            words.append(Word(text, (x0, y0, x1, y1), b, ln))
            continue
        glyphs.add(text)
        text = clean(text)
        if text:
            words.append(Word(text, (x0, y0, x1, y1), b, ln))
    glyphs.total += plain_chars
    glyphs.words += plain_words
    if spaceless(words):
        words = words_from_chars(page, visible.raw())
    if page.rotation:
        # text comes in the unrotated page's coordinates; the reader (and the rendered evidence)
        # work in the page as displayed
        m = page.rotation_matrix
        for w in words:
            w.bbox = rotate_box(w.bbox, m)
    if hidden is not None:
        hidden.extend(visible.hidden_words(page.rotation_matrix if page.rotation else None))
    return dedupe(words), glyphs
