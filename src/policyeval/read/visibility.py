"""Only text a person can see reaches the reader.

A PDF can carry text nobody sees: drawn in invisible render mode, with fill alpha 0, in the colour of
what lies beneath it, below a legible size, squeezed to a sliver, painted over by a later opaque
shape or image, clipped away or placed outside the page box. Read like any other text, one hidden
"covered" would decide a verdict. So every character is judged from what pymupdf says about how it
is painted (cheap, every page), and every word the judgement keeps is then confirmed from the
rendered pixels of its box (one low-resolution render per page): a word whose box shows no ink
against its surroundings is not seen, whatever the reason.

One exception: scanned PDFs carry an invisible OCR text layer (render mode 3 over the page image,
as tesseract and ocrmypdf write it). That text is what the image shows, so invisible text is kept
where it lies over an image painted before it and its box on the rendered image holds ink; it is
dropped over blank paper or over no image at all.

`read_page_text(page, flags)` is the one entry point the reader calls where it extracts words: it
returns the page's words (as `page.get_text("words")` would give them, hidden characters removed),
the rawdict with hidden characters blanked (for re-splitting words from characters) and the hidden
words themselves (so the answer can say the document contains hidden text).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pymupdf

from ..models import Word
from .paint import FAR_PT, GRID_PT, Box, Grid, Paint, PaintLog, covered_share, inside, meets, paint_log, trace_index

LEGIBLE_PT = 2.0  # points: a character set smaller than this is not read by a person
MIN_ADVANCE_EM = 0.1  # ems: a word whose glyphs average a narrower advance is squeezed out of sight
MIN_ALPHA = 26  # of 255 (10 %): fill alpha below this is see-through
SAME_COLOUR = 0.12  # 0-1 per RGB channel: text this close to the colour beneath it does not show
COVERED_SHARE = 0.6  # share of a character's box a later opaque fill or image must cover to hide it
RENDER_DPI = 72  # dots per inch of the page render that confirms ink under each word
MIN_CONTRAST = 40  # of 255 grey levels: the darkest and lightest pixel of a word's box must differ this much
MAX_RENDER_PIXELS = 16_000_000  # a page larger than this at RENDER_DPI is rendered coarser (memory)

_FILLED, _STROKED = 16, 32  # MuPDF stext char flags (FZ_STEXT_FILLED, FZ_STEXT_STROKED)

# Why a word was judged hidden (kept on the hidden Word's text for tests and messages).
INVISIBLE = "invisible render mode"
TRANSPARENT = "transparent"
SAME_AS_BACKGROUND = "same colour as the background"
TOO_SMALL = "too small to read"
SQUEEZED = "squeezed"
COVERED = "covered by a later shape or image"
OFF_PAGE = "outside the page"
CLIPPED = "clipped away"
NO_INK = "no ink on the rendered page"
LAYER_OVER_BLANK = "invisible text over no matching image"


@dataclass
class HiddenWord:
    """A word a person cannot see, where it is, and why."""

    text: str
    bbox: tuple[float, float, float, float]  # unrotated page coordinates, like the words
    reason: str


@dataclass
class PageText:
    """What the reader may use of a page's text layer."""

    words: list[tuple[float, float, float, float, str, int, int, int]]  # as page.get_text("words")
    textpage: Any  # the pymupdf TextPage the words come from
    kept: list[Any]  # the boxes of the visible words (for `raw`)
    hidden: list[HiddenWord] = field(default_factory=list)
    layer: bool = False  # some kept words are an invisible OCR layer over a scanned image

    def raw(self) -> dict[str, Any]:
        """page.get_text("rawdict") with every hidden character turned into a space."""
        return _blank_hidden(self.textpage.extractRAWDICT(), self.kept)

    def hidden_words(self, rotation: pymupdf.Matrix | None = None) -> list[Word]:
        """The hidden words as `Word`s, boxes in the page as displayed when a rotation is given."""
        out = []
        for h in self.hidden:
            box = h.bbox
            if rotation is not None:
                r = pymupdf.Rect(box) * rotation
                r.normalize()
                box = (r.x0, r.y0, r.x1, r.y1)
            out.append(Word(h.text, box))
        return out


# ============================================================================ characters
@dataclass
class _Char:
    c: str
    bbox: tuple[float, float, float, float]
    size: float
    reason: str  # "" = visible so far
    layer: bool = False  # invisible text over an image (an OCR layer candidate)


def _span_reason(span: dict[str, Any]) -> str:
    """What hides every character of a span, whatever lies around it."""
    if not span["char_flags"] & (_FILLED | _STROKED):
        return INVISIBLE
    if span["alpha"] < MIN_ALPHA:
        return TRANSPARENT
    if span["size"] < LEGIBLE_PT:
        return TOO_SMALL
    return ""


def _span_rgb(span: dict[str, Any]) -> tuple[float, float, float]:
    colour = span["color"]
    return ((colour >> 16) & 255) / 255, ((colour >> 8) & 255) / 255, (colour & 255) / 255


_PAPER = (1.0, 1.0, 1.0)  # the colour under text that lies on no paint


def _close(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    return abs(a[0] - b[0]) < SAME_COLOUR and abs(a[1] - b[1]) < SAME_COLOUR and abs(a[2] - b[2]) < SAME_COLOUR


class _Judge:
    """Per character: visible, or the reason it is not (paint order, page box, colour beneath)."""

    def __init__(
        self, log: PaintLog, box: tuple[float, float, float, float], trace: Callable[[], list[dict[str, Any]]]
    ):
        self.grid = Grid(log.paints, box)
        self._trace = trace
        self._index: dict[tuple[int, int, int], int] | None = None
        self.box = box

    def seqno(self, ch: dict[str, Any]) -> int | None:
        """The paint sequence number of the glyph drawn at the character's origin (the page's text
        trace is indexed on the first character that lies on a paint)."""
        if self._index is None:
            self._index = trace_index(self._trace())
        return self._index.get((ord(ch["c"]), round(ch["origin"][0] * 4), round(ch["origin"][1] * 4)))

    def span(self, span: dict[str, Any], span_reason: str) -> list[_Char]:
        """Every character of a span, visible or why not (off the page box, painted over by an opaque
        shape, the colour of what lies beneath it; invisible text over an image is an OCR layer
        candidate). What is the same for the whole span (the paints near it, its colour against
        white paper) is looked up once; what depends only on the paints under a character and its
        paint order, once per such combination."""
        chars = span.get("chars", [])
        if not chars:
            return []
        near: list[Paint] = []
        if self.grid.cells:
            xs = [(ch["bbox"][0] + ch["bbox"][2]) / 2 for ch in chars]
            ys = [(ch["bbox"][1] + ch["bbox"][3]) / 2 for ch in chars]
            x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
            near = [
                p
                for p in self.grid.within((x0, y0, x1, y1))
                if p.rect[0] <= x1 and x0 <= p.rect[2] and p.rect[1] <= y1 and y0 <= p.rect[3]
            ]
        if near:
            return self._on_paints(chars, span, span_reason, near)
        # no paint under any character: each is judged by the page box and the paper alone
        size = span["size"]
        box = self.box
        on_paper = SAME_AS_BACKGROUND if not span_reason and _close(_span_rgb(span), _PAPER) else span_reason
        out = []
        for ch in chars:
            bbox = tuple(ch["bbox"])
            c = ch["c"]
            if _delimiter(c):
                out.append(_Char(c, bbox, size, ""))
            elif not inside((bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2, box):
                out.append(_Char(c, bbox, size, OFF_PAGE))
            else:
                out.append(_Char(c, bbox, size, on_paper))
        return out

    def _on_paints(
        self, chars: list[dict[str, Any]], span: dict[str, Any], span_reason: str, near: list[Paint]
    ) -> list[_Char]:
        """`span` for a span with paints near it (`near`: a superset of those under any character)."""
        size = span["size"]
        box = self.box
        rgb = _span_rgb(span)
        seen: dict[tuple[int | None, tuple[int, ...]], tuple[bool, list[Box], bool]] = {}
        out = []
        for ch in chars:
            bbox = tuple(ch["bbox"])
            c = ch["c"]
            x, y = (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
            if _delimiter(c):
                out.append(_Char(c, bbox, size, ""))
                continue
            if not inside(x, y, box):
                out.append(_Char(c, bbox, size, OFF_PAGE))
                continue
            here = [p for p in near if inside(x, y, p.rect)]
            seqno = self.seqno(ch) if here else None
            key = (seqno, tuple(p.seqno for p in here))
            judged = seen.get(key)
            if judged is None:
                judged = seen[key] = _beneath(here, seqno, rgb)
            layer, covers, same = judged
            if span_reason == INVISIBLE:
                out.append(_Char(c, bbox, size, span_reason, layer))
            elif span_reason:
                out.append(_Char(c, bbox, size, span_reason))
            elif any(covered_share(bbox, r) >= COVERED_SHARE for r in covers):
                out.append(_Char(c, bbox, size, COVERED))
            else:
                out.append(_Char(c, bbox, size, SAME_AS_BACKGROUND if same else ""))
        return out


def _beneath(here: list[Paint], seqno: int | None, rgb: tuple[float, float, float]) -> tuple[bool, list[Box], bool]:
    """For a glyph painted at `seqno` over the paints `here` (those under its centre): whether an
    image lies beneath it (an OCR layer candidate), the opaque paints drawn over it (their
    rectangles), and whether the paint right beneath it has the glyph's colour."""
    beneath: list[Paint] = []
    above: list[Paint] = []
    if seqno is not None:
        for p in here:
            (beneath if p.seqno < seqno else above).append(p)
    layer = any(p.kind == "fill-image" for p in beneath)
    covers = [p.rect for p in above if p.opaque]
    under = max(beneath, key=lambda p: p.seqno, default=None)
    ground = _PAPER if under is None else under.colour
    return layer, covers, ground is not None and _close(rgb, ground)


def _suspect(spans: list[dict[str, Any]], log: PaintLog, box: tuple[float, float, float, float]) -> bool:
    """Whether any text on the page might be hidden by its attributes, its place or its paints, so
    the page needs the character-by-character check (most pages do not: they take the fast path)."""
    grid = Grid(log.paints, box)
    for span in spans:
        text = span.get("text", "")
        if not text.strip():
            continue
        if _span_reason(span):
            return True
        x0, y0, x1, y1 = span["bbox"]
        if x0 < box[0] or y0 < box[1] or x1 > box[2] or y1 > box[3]:
            return True
        glyphs = len(text) - text.count(" ")
        if glyphs and max(x1 - x0, y1 - y0) / (glyphs * span["size"]) < MIN_ADVANCE_EM:
            return True
        rgb = _span_rgb(span)
        for x, y in ((x0 + 1, (y0 + y1) / 2), ((x0 + x1) / 2, (y0 + y1) / 2), (x1 - 1, (y0 + y1) / 2)):
            under = max(grid.at(x, y), key=lambda p: p.seqno, default=None)
            ground = (1.0, 1.0, 1.0) if under is None else under.colour
            if ground is None or _close(rgb, ground):
                return True
    # a paint that covers most of the height of text painted before it
    for seqno, r in log.texts:
        for p in grid.near(r):
            if p.seqno > seqno and p.opaque:
                iy = min(r[3], p.rect[3]) - max(r[1], p.rect[1])
                if iy >= COVERED_SHARE * (r[3] - r[1]):
                    return True
    return False


# ============================================================================ words
def _delimiter(c: str) -> bool:
    """pymupdf's word delimiters: control characters, spaces, no-break space, bidi controls."""
    o = ord(c) if c else 0
    return o <= 32 or o == 160 or 0x202A <= o <= 0x202E


def _rtl(c: str) -> bool:
    return 0x590 <= ord(c) <= 0x900


@dataclass
class _Word:
    chars: list[_Char]
    block: int
    line: int
    number: int = 0
    bbox: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)

    def __post_init__(self) -> None:
        boxes = [c.bbox for c in self.chars]
        self.bbox = (
            min(b[0] for b in boxes),
            min(b[1] for b in boxes),
            max(b[2] for b in boxes),
            max(b[3] for b in boxes),
        )

    @property
    def text(self) -> str:
        return "".join(c.c for c in self.chars)


def _squeezed(word: _Word) -> bool:
    """Glyphs narrower on average than MIN_ADVANCE_EM of their size: text scaled to a sliver."""
    size = max(c.size for c in word.chars)
    x0, y0, x1, y1 = word.bbox
    advance = max(x1 - x0, y1 - y0)  # vertical writing runs down, not across
    return size > 0 and advance / (len(word.chars) * size) < MIN_ADVANCE_EM


def _split(chars: list[_Char], block: int, line: int) -> list[_Word]:
    """Words of one line, split where pymupdf splits them (delimiters, a change of writing direction)."""
    words: list[_Word] = []
    cur: list[_Char] = []
    last_rtl = False
    for c in chars:
        if not cur and c.c == "\u200d":
            continue  # a zero-width joiner cannot start a word
        delim, rtl = _delimiter(c.c), _rtl(c.c) if c.c else False
        if delim or rtl != last_rtl:
            if cur:
                words.append(_Word(cur, block, line))
            cur = []
            if delim:
                continue
        cur.append(c)
        last_rtl = rtl
    if cur:
        words.append(_Word(cur, block, line))
    return words


class _Ink:
    """One low-resolution greyscale render of the page: does a box show ink against its surroundings?"""

    def __init__(self, page: pymupdf.Page):
        r = page.rect
        dpi = min(RENDER_DPI, RENDER_DPI * math.sqrt(MAX_RENDER_PIXELS / max(1.0, r.width * r.height)))
        pix = page.get_pixmap(dpi=max(1, int(dpi)), colorspace=pymupdf.csGRAY, alpha=False, annots=True)
        self.scale = pix.width / max(1.0, r.width)
        m = page.rotation_matrix
        self.rotation = None if page.rotation == 0 else (m.a, m.b, m.c, m.d, m.e, m.f)
        # grey levels row by row (bytes, not numpy: the reader's worker then starts without numpy)
        self.pixels, self.width, self.height, self.stride = pix.samples, pix.width, pix.height, pix.stride

    def shows(self, bbox: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = bbox[0], bbox[1], bbox[2], bbox[3]
        if self.rotation is not None:
            a, b, c, d, e, f = self.rotation
            xs = (x0 * a + y0 * c + e, x1 * a + y1 * c + e)
            ys = (x0 * b + y0 * d + f, x1 * b + y1 * d + f)
            x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
        k = self.scale
        i0, j0 = max(0, int(x0 * k)), max(0, int(y0 * k))
        i1, j1 = min(self.width, int(x1 * k + 0.999)), min(self.height, int(y1 * k + 0.999))
        if i1 <= i0 or j1 <= j0:
            return False
        # the darkest and lightest pixel of the box differ by MIN_CONTRAST (stop at the first row that shows it)
        px, stride = self.pixels, self.stride
        lo, hi = 255, 0
        for start in range(j0 * stride + i0, j1 * stride + i0, stride):
            row = px[start : start + i1 - i0]
            lo, hi = min(lo, min(row)), max(hi, max(row))
            if hi - lo >= MIN_CONTRAST:
                return True
        return False


_WordTuple = tuple[float, float, float, float, str, int, int, int]


def read_page_text(page: pymupdf.Page, flags: int) -> PageText:
    """The page's visible words; see the module docstring. Coordinates are those of the unrotated
    page, as pymupdf's own text extraction gives them."""
    cb = page.cropbox
    box = (0.0, 0.0, cb.width, cb.height)
    tp = page.get_textpage(flags=flags | pymupdf.TEXT_CLIP)
    log = paint_log(page)
    spans = [
        span
        for block in tp.extractDICT().get("blocks", [])
        for line in block.get("lines", [])
        for span in line["spans"]
    ]
    hidden: list[HiddenWord] = []
    layer = False
    traced: list[list[dict[str, Any]]] = []

    def trace() -> list[dict[str, Any]]:  # the page's text trace, run once when first needed
        if not traced:
            traced.append(page.get_texttrace())
        return traced[0]

    if not _suspect(spans, log, box):
        words, seen = _fast_words(page, tp, hidden)
    else:
        candidates = _judged_words(tp.extractRAWDICT(), log, box, trace)
        seen = {(w.text, tuple(round(v) for v in w.bbox)) for w in candidates}
        kept = _confirm_ink(page, candidates, hidden)
        words = [(*w.bbox, w.text, w.block, w.line, w.number) for w in kept]
        layer = any(c.layer for w in kept for c in w.chars)
    if _dropped(log.texts, spans):
        _clipped(page, flags, seen, hidden, trace)
    return PageText(words, tp, [w[:4] for w in words], hidden, layer)


def _fast_words(page: pymupdf.Page, tp: Any, hidden: list[HiddenWord]) -> tuple[list[_WordTuple], set[Any]]:
    """A page with nothing suspect: pymupdf's own words, each confirmed by the ink in its box."""
    words: list[_WordTuple] = [tuple(w) for w in tp.extractWORDS()]
    seen = {(w[4], (round(w[0]), round(w[1]), round(w[2]), round(w[3]))) for w in words}
    if not words:
        return words, seen
    ink = _Ink(page)
    kept = [w for w in words if ink.shows(w[:4])]
    if len(kept) < len(words):
        shown = set(map(id, kept))
        hidden.extend(HiddenWord(w[4], (w[0], w[1], w[2], w[3]), NO_INK) for w in words if id(w) not in shown)
        counts: dict[tuple[int, int], int] = {}  # words numbered within their line, as pymupdf numbers them
        for i, w in enumerate(kept):
            n = counts.get((w[5], w[6]), 0)
            counts[(w[5], w[6])] = n + 1
            kept[i] = (w[0], w[1], w[2], w[3], w[4], w[5], w[6], n)
    return kept, seen


def _judged_words(
    raw: dict[str, Any],
    log: PaintLog,
    box: tuple[float, float, float, float],
    trace: Callable[[], list[dict[str, Any]]],
) -> list[_Word]:
    """Every word of the page, each character judged (the slow path, for suspect pages)."""
    judge = _Judge(log, box, trace)
    candidates: list[_Word] = []
    for bno, block in enumerate(raw.get("blocks", [])):
        for lno, line in enumerate(block.get("lines", [])):
            chars = [c for span in line.get("spans", []) for c in judge.span(span, _span_reason(span))]
            for word in _split(chars, bno, lno):
                reasons = {c.reason for c in word.chars}
                if reasons == {""} and _squeezed(word):
                    for c in word.chars:
                        c.reason = SQUEEZED
                elif reasons == {INVISIBLE} and all(c.layer for c in word.chars):
                    for c in word.chars:
                        c.reason = ""  # an OCR layer candidate: the rendered image must show it
                candidates.append(word)
    return candidates


def _confirm_ink(page: pymupdf.Page, candidates: list[_Word], hidden: list[HiddenWord]) -> list[_Word]:
    """Words whose characters all passed and whose box shows ink; the rest (or their hidden parts)
    go to `hidden`. A word with some hidden characters keeps only its visible runs."""
    ink: _Ink | None = None
    kept: list[_Word] = []
    for word in candidates:
        parts: list[list[_Char]] = [[]]
        gone: list[_Char] = []
        for c in word.chars:
            if c.reason:
                gone.append(c)
                if parts[-1]:
                    parts.append([])
            else:
                parts[-1].append(c)
        if gone:
            hidden.append(HiddenWord("".join(c.c for c in gone), _Word(gone, 0, 0).bbox, gone[0].reason))
        for part in (p for p in parts if p):
            piece = _Word(part, word.block, word.line) if len(part) < len(word.chars) else word
            if ink is None:
                ink = _Ink(page)
            if ink.shows(piece.bbox):
                kept.append(piece)
                continue
            reason = LAYER_OVER_BLANK if any(c.layer for c in part) else NO_INK
            for c in part:
                c.reason = reason
            hidden.append(HiddenWord(piece.text, piece.bbox, reason))
    counts: dict[tuple[int, int], int] = {}  # words numbered within their line, as pymupdf numbers them
    for w in kept:
        k = (w.block, w.line)
        w.number = counts.get(k, 0)
        counts[k] = w.number + 1
    return kept


def _dropped(texts: list[tuple[int, tuple[float, float, float, float]]], spans: list[dict[str, Any]]) -> bool:
    """Whether some text was painted where the clipped extraction found none (so some was clipped)."""
    cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
    for span in spans:
        b = tuple(span["bbox"])
        for gx in range(int(b[0] // GRID_PT), int(b[2] // GRID_PT) + 1):
            for gy in range(int(b[1] // GRID_PT), int(b[3] // GRID_PT) + 1):
                cells.setdefault((gx, gy), []).append(b)
    for _, r in texts:
        if max(abs(v) for v in r) > FAR_PT or r[2] - r[0] < 0.5:
            continue
        x, y = (r[0] + r[2]) / 2, (r[1] + r[3]) / 2
        near = cells.get((int(x // GRID_PT), int(y // GRID_PT)), ())
        if not any(meets(r, b) for b in near):
            return True
    return False


def _clipped(
    page: pymupdf.Page,
    flags: int,
    seen: set[Any],
    hidden: list[HiddenWord],
    trace: Callable[[], list[dict[str, Any]]],
) -> None:
    """Words MuPDF extracts when not clipping to the clip path and page box, but not when clipping:
    drawn, then clipped away or placed off the visible page."""
    cb = page.cropbox
    for x0, y0, x1, y1, text, *_ in page.get_text("words", flags=flags & ~pymupdf.TEXT_CLIP, sort=False):
        if (text, (round(x0), round(y0), round(x1), round(y1))) not in seen:
            x, y = (x0 + x1) / 2, (y0 + y1) / 2
            reason = CLIPPED if inside(x, y, (0.0, 0.0, cb.width, cb.height)) else OFF_PAGE
            hidden.append(HiddenWord(text, (x0, y0, x1, y1), reason))
    for span in trace():  # text wholly off the page box is not extracted at all
        x0, y0, x1, y1 = span["bbox"]
        if x1 < 0 or y1 < 0 or x0 > cb.width or y0 > cb.height:
            for word in "".join(chr(ch[0]) for ch in span["chars"]).split():
                hidden.append(HiddenWord(word, (x0, y0, x1, y1), OFF_PAGE))


def _blank_hidden(raw: dict[str, Any], kept: list[Box]) -> dict[str, Any]:
    """`raw` with every character outside the kept words turned into a space, so re-splitting words
    from characters sees only visible text."""
    grid: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
    for b in kept:
        for gx in range(int(b[0] // GRID_PT), int(b[2] // GRID_PT) + 1):
            for gy in range(int(b[1] // GRID_PT), int(b[3] // GRID_PT) + 1):
                grid.setdefault((gx, gy), []).append(b)
    for block in raw.get("blocks", []):
        for line in block.get("lines", []):
            for span in line.get("spans", []):
                for ch in span.get("chars", []):
                    if _delimiter(ch["c"]):
                        continue
                    x0, y0, x1, y1 = ch["bbox"]
                    x, y = (x0 + x1) / 2, (y0 + y1) / 2
                    if not any(inside(x, y, b) for b in grid.get((int(x // GRID_PT), int(y // GRID_PT)), ())):
                        ch["c"] = " "
    return raw
