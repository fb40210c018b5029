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

TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP

DUPLICATE_OVERLAP = 0.5  # fraction of a word's area a same-text word must cover to be its copy
MIN_WORD_AREA = 1e-6  # square points: a word's area never counts as less (zero-size glyph boxes)
SPACELESS_WORD = 24  # characters: a longer word (not a URL) is several words glued together
SPACELESS_MIN_CHARS = 40  # a page needs this many characters before it is judged spaceless
SPACELESS_SHARE = 0.3  # fraction of a page's characters in glued words that makes it spaceless
WORD_GAP_MIN = 0.45  # points beyond the line's usual letter gap that start a new word ...
WORD_GAP_PER_SIZE = 0.05  # ... or this fraction of the font size, whichever is larger
DEFAULT_FONT_SIZE = 10.0  # points, for a span that states none
GARBLED_SHARE = 0.3  # fraction of U+FFFD replacement characters that makes a text layer unreadable

_PLAIN = re.compile(r"^[\x21-\x7e]+$")
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


def dedupe(words: list[Word]) -> list[Word]:
    """Drop a second, slightly offset copy of a word (fake-bold / duplicated text layers)."""
    kept: list[Word] = []
    by_text: dict[str, list[Word]] = {}
    for w in words:
        dup = False
        for k in by_text.get(w.text, ()):
            ix = min(w.bbox[2], k.bbox[2]) - max(w.bbox[0], k.bbox[0])
            iy = min(w.bbox[3], k.bbox[3]) - max(w.bbox[1], k.bbox[1])
            if ix > 0 and iy > 0:
                area = max(MIN_WORD_AREA, (w.bbox[2] - w.bbox[0]) * (w.bbox[3] - w.bbox[1]))
                if ix * iy / area > DUPLICATE_OVERLAP:
                    dup = True
                    break
        if not dup:
            kept.append(w)
            by_text.setdefault(w.text, []).append(w)
    return kept


def spaceless(words: list[Word]) -> bool:
    """A text layer without space characters reads as a few very long 'words'."""
    if not words:
        return False
    chars = sum(len(w.text) for w in words)
    long_chars = sum(len(w.text) for w in words if len(w.text) > SPACELESS_WORD and not _URLISH.search(w.text))
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


def words_from_chars(page: pymupdf.Page) -> list[Word]:
    """Re-split words from character positions, breaking at gaps a space would have filled."""
    out: list[Word] = []
    raw = page.get_text("rawdict", flags=TEXT_FLAGS)
    for bno, block in enumerate(raw.get("blocks", [])):
        for lno, line in enumerate(block.get("lines", [])):
            out.extend(_line_words(line, bno, lno))
    return out


def text_words(page: pymupdf.Page) -> list[Word]:
    """The page's words in content order, positions in the page as displayed, copies dropped."""
    words = []
    for x0, y0, x1, y1, text, b, ln, _n in page.get_text("words", flags=TEXT_FLAGS, sort=False):
        text = clean(text)
        if text:
            words.append(Word(text, (x0, y0, x1, y1), b, ln))
    if spaceless(words):
        words = words_from_chars(page)
    if page.rotation:
        # text comes in the unrotated page's coordinates; the reader (and the rendered evidence)
        # work in the page as displayed
        m = page.rotation_matrix
        for w in words:
            w.bbox = rotate_box(w.bbox, m)
    return dedupe(words)


def garbled(words: list[Word]) -> bool:
    """No text, or text mostly made of replacement characters (no usable ToUnicode map)."""
    chars = "".join(w.text for w in words)
    if not chars:
        return True
    bad = sum(1 for c in chars if c == "\ufffd")
    return bad / len(chars) > GARBLED_SHARE
