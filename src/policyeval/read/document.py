"""PDF bytes -> Document: words with positions in reading order, the SBC benefits chart as rows,
the excluded-services box as lists, scanned pages through OCR.

Why geometry rather than pymupdf's text order: SBCs are tables, and the content-stream order of
real ones puts a row's cost before its service, a merged Limitations cell after the first row it
covers, and running headers in the middle of the page. Rows are rebuilt from the chart's rulings
(lines and thin rectangles) where there are any and from the header words' column positions where
there are none; prose is ordered by columns found from whitespace gutters. `find_tables()` is not
used: it is ~50x slower than this and finds nothing on a scanned page.

Nothing is written to disk: OCR pipes a PNG to `tesseract stdin stdout` and reads TSV back.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from statistics import median

import pymupdf

from ..errors import DocumentError
from ..lexicon import Lexicon, load_lexicon, squash
from ..models import Document, ListBlock, Page, Row, Word

pymupdf.TOOLS.mupdf_display_errors(False)
pymupdf.TOOLS.mupdf_display_warnings(False)

OCR_DPI = 300
_TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
_BULLETS = set("•◦▪▫●○■□►▸‣⁃∙·❖➢➤✓✔-–*")
_PAGE_NO = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)


@dataclass
class ReadLimits:
    max_bytes: int = 50_000_000
    max_pages: int = 300
    max_seconds: float = 120.0
    ocr: bool = True


# ============================================================================ geometry helpers
@dataclass
class _Seg:
    """A run of words on one text line, with no large horizontal gap inside."""

    words: list[Word]
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def h(self) -> float:
        return max(1.0, self.y1 - self.y0)

    @property
    def yc(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def _seg(words: list[Word]) -> _Seg:
    return _Seg(
        words,
        min(w.bbox[0] for w in words),
        min(w.bbox[1] for w in words),
        max(w.bbox[2] for w in words),
        max(w.bbox[3] for w in words),
    )


def _xc(w: Word) -> float:
    return (w.bbox[0] + w.bbox[2]) / 2


def _yc(w: Word) -> float:
    return (w.bbox[1] + w.bbox[3]) / 2


@dataclass
class _Rule:
    """A horizontal ruling: y and x extent."""

    y: float
    x0: float
    x1: float


@dataclass
class _Rulings:
    horiz: list[_Rule] = field(default_factory=list)
    vert: list[tuple[float, float, float]] = field(default_factory=list)  # x, y0, y1
    fills: list[_Rule] = field(default_factory=list)  # edges of filled boxes


# ============================================================================ opening
_MAGIC = [
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a Word/zip file"),
    (b"\xd0\xcf\x11\xe0", "an old Office file"),
    (b"{\\rtf", "an RTF file"),
    (b"<", "an HTML/XML file"),
]


def _not_pdf(data: bytes, name: str) -> DocumentError:
    what = next((label for magic, label in _MAGIC if data.lstrip()[:8].startswith(magic)), None)
    detail = f" (it looks like {what})" if what else ""
    return DocumentError(f"{name} is not a PDF{detail}; save or export the plan document as PDF and try again")


def _open(data: bytes, name: str, limits: ReadLimits) -> pymupdf.Document:
    if not data:
        raise DocumentError(f"{name} is empty (0 bytes); download the plan document again")
    if len(data) > limits.max_bytes:
        raise DocumentError(
            f"{name} is too large ({len(data) / 1e6:.1f} MB; the limit is "
            f"{limits.max_bytes / 1e6:.0f} MB); upload only the plan's summary or the pages you need"
        )
    if b"%PDF" not in data[:1024]:
        raise _not_pdf(data, name)
    try:
        doc = pymupdf.open(stream=data, filetype="pdf")
    except Exception:
        raise DocumentError(f"{name} is damaged and cannot be opened; download it again") from None
    if not doc.is_pdf:
        raise _not_pdf(data, name)
    if doc.needs_pass:
        raise DocumentError(f"{name} is password-protected; remove the password and try again")
    if doc.is_repaired and _truncated(data):
        raise DocumentError(f"{name} is damaged (the file is cut short); download it again")
    if doc.page_count == 0:
        raise DocumentError(f"{name} has no pages; download it again")
    if doc.page_count > limits.max_pages:
        raise DocumentError(
            f"{name} has too many pages ({doc.page_count}; the limit is {limits.max_pages}); "
            "upload only the plan's summary or the pages you need"
        )
    return doc


def _truncated(data: bytes) -> bool:
    """A repaired PDF whose end is missing: no %%EOF near the end, or an object cut mid-way."""
    tail = data[-2048:].rstrip(b"\x00\r\n\t ")
    return b"%%EOF" not in tail


# ============================================================================ words
def _dedupe(words: list[Word]) -> list[Word]:
    """Drop a second, slightly offset copy of a word (fake-bold / duplicated text layers)."""
    kept: list[Word] = []
    by_text: dict[str, list[Word]] = {}
    for w in words:
        dup = False
        for k in by_text.get(w.text, ()):
            ix = min(w.bbox[2], k.bbox[2]) - max(w.bbox[0], k.bbox[0])
            iy = min(w.bbox[3], k.bbox[3]) - max(w.bbox[1], k.bbox[1])
            if ix > 0 and iy > 0:
                area = max(1e-6, (w.bbox[2] - w.bbox[0]) * (w.bbox[3] - w.bbox[1]))
                if ix * iy / area > 0.5:
                    dup = True
                    break
        if not dup:
            kept.append(w)
            by_text.setdefault(w.text, []).append(w)
    return kept


_PLAIN = re.compile(r"^[\x21-\x7e]+$")


def _clean(text: str) -> str:
    if _PLAIN.match(text):
        return text
    text = text.replace("\u00a0", " ").replace("\u00ad", "-" if text.endswith("\u00ad") else "")
    text = "".join(ch for ch in text if ch >= " " or ch == "\t")
    if text and all("\ue000" <= ch <= "\uf8ff" or ch == "\ufffd" for ch in text):
        return "•"
    return text.strip()


def _spaceless(words: list[Word]) -> bool:
    """A text layer without space characters reads as a few very long 'words'."""
    if not words:
        return False
    chars = sum(len(w.text) for w in words)
    long_chars = sum(len(w.text) for w in words if len(w.text) > 24 and not _URLISH.search(w.text))
    return chars > 40 and long_chars / chars > 0.3


_URLISH = re.compile(r"(www\.|https?:|\.com|\.org|@)", re.I)


def _words_from_chars(page: pymupdf.Page) -> list[Word]:
    """Re-split words from character positions, breaking at gaps a space would have filled."""
    out: list[Word] = []
    raw = page.get_text("rawdict", flags=_TEXT_FLAGS)
    for bno, block in enumerate(raw.get("blocks", [])):
        for lno, line in enumerate(block.get("lines", [])):
            cur: list[tuple[str, tuple]] = []
            prev_x1 = None

            def flush():
                if cur:
                    text = _clean("".join(c for c, _ in cur))
                    if text:
                        boxes = [b for _, b in cur]
                        out.append(
                            Word(
                                text,
                                (
                                    min(b[0] for b in boxes),
                                    min(b[1] for b in boxes),
                                    max(b[2] for b in boxes),
                                    max(b[3] for b in boxes),
                                ),
                                bno,
                                lno,
                            )
                        )
                cur.clear()

            # a word gap is one clearly wider than the line's usual letter gap
            letter_gaps = []
            last = None
            for span in line.get("spans", []):
                for ch in span.get("chars", []):
                    if last is not None and not ch["c"].isspace():
                        letter_gaps.append(ch["bbox"][0] - last)
                    last = ch["bbox"][2]
            base = median(letter_gaps) if letter_gaps else 0.0
            for span in line.get("spans", []):
                gap = base + max(0.45, 0.05 * span.get("size", 10))
                for ch in span.get("chars", []):
                    c, box = ch["c"], ch["bbox"]
                    if c.isspace():
                        flush()
                        prev_x1 = box[2]
                        continue
                    if prev_x1 is not None and box[0] - prev_x1 > gap and cur:
                        flush()
                    cur.append((c, box))
                    prev_x1 = box[2]
            flush()
    return out


def _text_words(page: pymupdf.Page) -> list[Word]:
    words = []
    for x0, y0, x1, y1, text, b, ln, _n in page.get_text("words", flags=_TEXT_FLAGS, sort=False):
        text = _clean(text)
        if text:
            words.append(Word(text, (x0, y0, x1, y1), b, ln))
    if _spaceless(words):
        words = _words_from_chars(page)
    if page.rotation:
        # text comes in the unrotated page's coordinates; the reader (and the rendered evidence)
        # work in the page as displayed
        m = page.rotation_matrix
        for w in words:
            w.bbox = _rot_box(w.bbox, m)
    return _dedupe(words)


def _rot_box(b: tuple, m: pymupdf.Matrix) -> tuple[float, float, float, float]:
    r = pymupdf.Rect(b) * m
    r.normalize()
    return (r.x0, r.y0, r.x1, r.y1)


def _garbled(words: list[Word]) -> bool:
    chars = "".join(w.text for w in words)
    if not chars:
        return True
    bad = sum(1 for c in chars if c == "\ufffd")
    return bad / len(chars) > 0.3


# ============================================================================ OCR
def _tesseract() -> str | None:
    return shutil.which("tesseract")


def _ocr_words(page: pymupdf.Page, name: str, timeout: float) -> list[Word]:
    exe = _tesseract()
    if exe is None:
        raise DocumentError(f"{name}: this PDF is a scan; install tesseract-ocr to read it")
    png = page.get_pixmap(dpi=OCR_DPI, colorspace=pymupdf.csGRAY).tobytes("png")
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    if "TESSDATA_PREFIX" not in env and Path("/usr/share/tesseract-ocr/5/tessdata").is_dir():
        env["TESSDATA_PREFIX"] = "/usr/share/tesseract-ocr/5/tessdata"
    try:
        proc = subprocess.run(
            [exe, "stdin", "stdout", "--psm", "3", "tsv"],
            input=png,
            capture_output=True,
            timeout=max(5.0, timeout),
            env=env,
        )
    except subprocess.TimeoutExpired:
        raise DocumentError(
            f"{name}: reading the scanned page {page.number + 1} took too long; "
            "upload a text PDF of the plan if you have one"
        ) from None
    except OSError:
        raise DocumentError(
            f"{name}: this PDF is a scan and tesseract-ocr could not run; reinstall tesseract-ocr and try again"
        ) from None
    if proc.returncode != 0:
        raise DocumentError(
            f"{name}: tesseract-ocr failed on scanned page {page.number + 1} "
            "(check that its English language data is installed)"
        )
    scale = 72.0 / OCR_DPI
    x_off, y_off = page.rect.x0, page.rect.y0
    words: list[Word] = []
    for line in proc.stdout.decode("utf-8", "replace").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) < 12 or parts[0] != "5":
            continue
        text = _clean(parts[11])
        try:
            conf = float(parts[10])
        except ValueError:
            conf = -1
        if (
            not text
            or conf < 10
            or (len(text) <= 2 and conf < 50)
            or not any(ch.isalnum() for ch in text)
            and text not in ("•", "$", "%", "&", "/", "-")
        ):
            continue  # table rules read as '|', speckle read as ';'
        left, top, width, height = (int(v) for v in parts[6:10])
        block = int(parts[2]) * 1000 + int(parts[3])
        words.append(
            Word(
                text,
                (
                    x_off + left * scale,
                    y_off + top * scale,
                    x_off + (left + width) * scale,
                    y_off + (top + height) * scale,
                ),
                block,
                int(parts[4]),
            )
        )
    return words


def _skew(words: list[Word]) -> float:
    """Skew angle (radians) of a scanned page, from the slope of OCR text lines."""
    lines: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        lines.setdefault((w.block, w.line), []).append(w)
    slopes: list[float] = []
    for ws in lines.values():
        if len(ws) < 3:
            continue
        xs = [_xc(w) for w in ws]
        ys = [w.bbox[3] for w in ws]
        if max(xs) - min(xs) < 80:
            continue
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        den = sum((x - mx) ** 2 for x in xs)
        if den > 0:
            slopes.append(sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / den)
    if len(slopes) < 3:
        return 0.0
    import math

    return math.atan(median(slopes))


class _Deskew:
    """Rotation about the page centre that makes a skewed scan's text lines horizontal."""

    def __init__(self, theta: float, rect: pymupdf.Rect):
        import math

        self.c, self.s = math.cos(theta), math.sin(theta)
        self.cx, self.cy = (rect.x0 + rect.x1) / 2, (rect.y0 + rect.y1) / 2

    def fwd(self, x: float, y: float) -> tuple[float, float]:
        dx, dy = x - self.cx, y - self.cy
        return self.cx + dx * self.c + dy * self.s, self.cy - dx * self.s + dy * self.c

    def back(self, x: float, y: float) -> tuple[float, float]:
        dx, dy = x - self.cx, y - self.cy
        return self.cx + dx * self.c - dy * self.s, self.cy + dx * self.s + dy * self.c

    def box(self, b: tuple, forward: bool) -> tuple[float, float, float, float]:
        f = self.fwd if forward else self.back
        pts = [f(b[0], b[1]), f(b[2], b[1]), f(b[0], b[3]), f(b[2], b[3])]
        return (min(p[0] for p in pts), min(p[1] for p in pts), max(p[0] for p in pts), max(p[1] for p in pts))

    def word(self, b: tuple) -> tuple[float, float, float, float]:
        """A word keeps its size; only its centre moves (a rotated box would grow)."""
        x, y = self.fwd((b[0] + b[2]) / 2, (b[1] + b[3]) / 2)
        hw, hh = (b[2] - b[0]) / 2, (b[3] - b[1]) / 2
        return (x - hw, y - hh, x + hw, y + hh)


def _image_rulings(page: pymupdf.Page, desk: _Deskew | None = None, words: list[Word] | None = None) -> _Rulings:
    """Horizontal rulings of a scanned page from runs of dark pixels (100 dpi), straightened
    with the page's skew and joined into lines; runs lying inside text are letters, not rulings."""
    dpi = 100
    pix = page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
    table = bytes(1 if i < 170 else 0 for i in range(256))
    samples = pix.samples.translate(table)
    run = re.compile(b"\x01{12,}")
    sx = page.rect.width / pix.width
    sy = page.rect.height / pix.height
    pieces: list[_Rule] = []
    for y in range(pix.height):
        row = samples[y * pix.stride : y * pix.stride + pix.width]
        for m in run.finditer(row):
            x0 = page.rect.x0 + m.start() * sx
            x1 = page.rect.x0 + m.end() * sx
            yy = page.rect.y0 + (y + 0.5) * sy
            if desk is not None:
                (x0, ya), (x1, yb) = desk.fwd(x0, yy), desk.fwd(x1, yy)
                yy = (ya + yb) / 2
            pieces.append(_Rule(yy, x0, x1))
    rules = [r for r in _merge_rules(pieces) if r.x1 - r.x0 >= 50]
    if words:

        def in_text(r: _Rule) -> bool:
            return any(w.bbox[1] + 1 < r.y < w.bbox[3] - 1 and w.bbox[0] < r.x1 and r.x0 < w.bbox[2] for w in words)

        rules = [r for r in rules if not in_text(r)]
    # a thick line is several pixel rows: keep one ruling per line
    out: list[_Rule] = []
    for r in sorted(rules, key=lambda r: (r.y, r.x0)):
        if out and abs(out[-1].y - r.y) <= 1.6 and r.x0 < out[-1].x1 and out[-1].x0 < r.x1:
            o = out[-1]
            o.x0, o.x1 = min(o.x0, r.x0), max(o.x1, r.x1)
            continue
        out.append(r)
    return _Rulings(horiz=out)


# ============================================================================ drawings
def _rulings(page: pymupdf.Page) -> _Rulings:
    """Lines and boxes of the page: thin ones are rulings, filled boxes are kept apart as a fallback."""
    out = _Rulings()
    try:
        drawings = page.get_cdrawings()
    except Exception:
        return out
    for d in drawings:
        stroked = d.get("color") is not None and d.get("type") in ("s", "fs")
        for item in d.get("items", ()):
            op = item[0]
            if op == "l":
                (px, py), (qx, qy) = item[1], item[2]
                if abs(py - qy) < 1.5 and abs(px - qx) > 2:
                    out.horiz.append(_Rule((py + qy) / 2, min(px, qx), max(px, qx)))
                elif abs(px - qx) < 1.5 and abs(py - qy) > 2:
                    out.vert.append(((px + qx) / 2, min(py, qy), max(py, qy)))
            elif op in ("re", "qu"):
                if op == "re":
                    x0, y0, x1, y1 = item[1]
                else:
                    pts = item[1]
                    xs = [p[0] for p in pts]
                    ys = [p[1] for p in pts]
                    x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
                x0, x1 = min(x0, x1), max(x0, x1)
                y0, y1 = min(y0, y1), max(y0, y1)
                w, h = x1 - x0, y1 - y0
                if h <= 2.5 and w > 2:
                    out.horiz.append(_Rule((y0 + y1) / 2, x0, x1))
                elif w <= 2.5 and h > 2:
                    out.vert.append(((x0 + x1) / 2, y0, y1))
                elif w > 2 and h > 2:
                    edges = out.horiz if stroked else out.fills
                    edges.append(_Rule(y0, x0, x1))
                    edges.append(_Rule(y1, x0, x1))
                    if stroked:
                        out.vert.append((x0, y0, y1))
                        out.vert.append((x1, y0, y1))
    if page.rotation:
        m = page.rotation_matrix
        flips = page.rotation in (90, 270)
        horiz, vert, fills = out.horiz, out.vert, out.fills
        out = _Rulings()
        for r in horiz + fills:
            x0, y0, x1, y1 = _rot_box((r.x0, r.y - 0.1, r.x1, r.y + 0.1), m)
            if flips:
                out.vert.append(((x0 + x1) / 2, y0, y1))
            else:
                (out.fills if r in fills else out.horiz).append(_Rule((y0 + y1) / 2, x0, x1))
        for x, a, b in vert:
            x0, y0, x1, y1 = _rot_box((x - 0.1, a, x + 0.1, b), m)
            if flips:
                out.horiz.append(_Rule((y0 + y1) / 2, x0, x1))
            else:
                out.vert.append(((x0 + x1) / 2, y0, y1))
    out.horiz = _merge_rules(out.horiz)
    out.fills = _merge_rules(out.fills)
    return out


def _merge_rules(rules: list[_Rule]) -> list[_Rule]:
    """Join collinear pieces (one ruling is often drawn cell by cell)."""
    rules = sorted(rules, key=lambda r: (round(r.y), r.x0))
    out: list[_Rule] = []
    for r in rules:
        for o in reversed(out[-6:]):
            if abs(o.y - r.y) <= 1.0 and r.x0 <= o.x1 + 2.0 and o.x0 <= r.x1 + 2.0:
                o.x0, o.x1 = min(o.x0, r.x0), max(o.x1, r.x1)
                break
        else:
            out.append(_Rule(r.y, r.x0, r.x1))
    return out


def _drop_underlines(rules: list[_Rule], words: list[Word]) -> list[_Rule]:
    """An underline sits just under the words it underlines and ends with them; a table ruling
    runs on past the cell's text."""
    if not rules or not words:
        return rules
    by_bottom = sorted(words, key=lambda w: w.bbox[3])
    bottoms = [w.bbox[3] for w in by_bottom]
    from bisect import bisect_left, bisect_right

    out = []
    for r in rules:
        lo, hi = bisect_left(bottoms, r.y - 4.0), bisect_right(bottoms, r.y + 4.0)
        above = [w for w in by_bottom[lo:hi] if w.bbox[0] < r.x1 and r.x0 < w.bbox[2] and _yc(w) < r.y]
        if above:
            x0 = min(w.bbox[0] for w in above)
            x1 = max(w.bbox[2] for w in above)
            if r.x0 >= x0 - 3 and r.x1 <= x1 + 3:
                continue
        out.append(r)
    return out


def _covers(rule: _Rule, x0: float, x1: float, frac: float = 0.85) -> bool:
    width = max(1.0, x1 - x0)
    return (min(rule.x1, x1) - max(rule.x0, x0)) / width >= frac


# ============================================================================ lines
def _segments(words: list[Word]) -> list[_Seg]:
    """Words grouped by pymupdf line, split wherever a horizontal gap is far wider than a space."""
    groups: dict[tuple[int, int], list[Word]] = {}
    for w in words:
        groups.setdefault((w.block, w.line), []).append(w)
    segs: list[_Seg] = []
    for ws in groups.values():
        ws.sort(key=lambda w: w.bbox[0])
        # one pymupdf "line" can hold words at different heights (rare); split those too
        cur = [ws[0]]
        for w in ws[1:]:
            p = cur[-1]
            h = max(4.0, min(p.bbox[3] - p.bbox[1], w.bbox[3] - w.bbox[1]))
            gap = w.bbox[0] - p.bbox[2]
            if gap > max(0.9 * h, 5.0) or abs(_yc(w) - _yc(p)) > 0.6 * h:
                segs.append(_seg(cur))
                cur = [w]
            else:
                cur.append(w)
        segs.append(_seg(cur))
    return segs


def _sq(seg: _Seg) -> str:
    cached = seg.__dict__.get("_sq")
    if cached is None:
        cached = seg.__dict__["_sq"] = squash(seg.text)
    return cached


# ============================================================================ chart
_HEADER_VOCAB = set(
    """common medical event events services service you may need what will pay your cost costs
if use a an the network in out of innetwork outofnetwork nonnetwork non provider providers participating
nonparticipating preferred nonpreferred plan nonplan limitations limitation exceptions exception and other
important information least most standard enhanced benefits benefit contracted noncontracted designated par
nonpar for at or with member responsibility tier tier1 tier2 inn oon level""".split()
)

_POST_CHART = (
    "excludedservices",
    "servicesyourplan",
    "othercoveredservices",
    "yourrightstocontinue",
    "yourgrievanceandappeal",
    "aboutthesecoverageexamples",
    "coverageexamples",
    "doesthiscoverageprovide",
    "doesthisplanprovide",
    "languageaccessservices",
)


@dataclass
class _Col:
    role: str
    x0: float
    x1: float


@dataclass
class _Chart:
    top: float
    bottom: float
    cols: list[_Col]
    header_words: set[int]  # id() of header words
    header_y0: float = 0.0

    def col(self, role: str) -> _Col | None:
        return next((c for c in self.cols if c.role == role), None)


_FUNCTION_WORDS = set("if you your a an the and or of in for at with to by".split())


def _vocab_line(seg: _Seg) -> bool:
    toks = [squash(w.text).strip("|") for w in seg.words]
    toks = [t for t in toks if t and t not in _FUNCTION_WORDS]
    if not toks:
        return False
    hits = sum(1 for t in toks if t in _HEADER_VOCAB or t.rstrip("s") in _HEADER_VOCAB)
    return hits / len(toks) >= 0.6


def _has_chart_anchor(segs: list[_Seg]) -> bool:
    return any("servicesyoumay" in _sq(s) for s in segs)


def _find_header(segs: list[_Seg], rul: _Rulings | None = None) -> list[_Seg] | None:
    """The chart's header lines ('Common Medical Event | Services You May Need | ...'), if any."""
    anchors = [s for s in segs if "servicesyoumayneed" in _sq(s)]
    if not anchors:
        # "Services You May" / "Need" wrapped over two lines
        for s in segs:
            if _sq(s).endswith("servicesyoumay"):
                below = [
                    t
                    for t in segs
                    if 0.4 * s.h < t.yc - s.yc < 2.2 * s.h and t.x0 < s.x1 and s.x0 < t.x1 and _sq(t).startswith("need")
                ]
                if below:
                    anchors.append(s)
    for anchor in anchors:
        # the header ends at the first ruling (or filled box edge) under it that spans the table
        limit = anchor.yc + 60
        if rul is not None:
            width = max(200.0, anchor.x1 - anchor.x0)
            for r in sorted(rul.horiz + rul.fills, key=lambda r: r.y):
                if r.y > anchor.y1 - 1 and r.x1 - r.x0 > 2.5 * width:
                    limit = min(limit, r.y + 1)
                    break
        near = [s for s in segs if anchor.yc - 60 < s.yc < limit and _vocab_line(s)]
        if anchor not in near:
            near.append(anchor)
        band = [anchor]
        y0, y1 = anchor.y0, anchor.y1
        changed = True
        while changed:
            changed = False
            for s in near:
                if s in band:
                    continue
                if s.y0 <= y1 + 0.9 * s.h and s.y1 >= y0 - 0.9 * s.h:
                    band.append(s)
                    y0, y1 = min(y0, s.y0), max(y1, s.y1)
                    changed = True
        text = " ".join(_sq(s) for s in band)
        if "limitation" in text or "common" in text or "medicalevent" in text or "provider" in text:
            return band
    return None


def _header_columns(
    band: list[_Seg], rul: _Rulings, page_width: float, body: list[Word] | None = None
) -> list[_Col] | None:
    y1 = max(s.y1 for s in band)
    words = [w for s in band for w in s.words]
    xs_left = min(s.x0 for s in band)
    xs_right = max(s.x1 for s in band)
    # rulings crossing the lower part of the header band split it into columns
    verts = sorted({round(x, 1) for x, a, b in rul.vert if a <= y1 - 2 and b >= y1 - 6 and -1 <= x <= page_width + 1})
    xs: list[float] = []
    for x in verts:
        if not xs or x - xs[-1] > 3:
            xs.append(x)
    groups: list[tuple[float, float, list[Word]]] = []
    if len(xs) >= 3:
        bounds = xs[:]
        if xs_left < bounds[0] - 3:
            bounds.insert(0, xs_left - 1)
        if xs_right > bounds[-1] + 3:
            bounds.append(xs_right + 1)
        for a, b in zip(bounds, bounds[1:]):
            if b - a < 12:
                continue
            ws = [w for w in words if a <= _xc(w) <= b]
            groups.append((a, b, ws))
    else:
        groups = _cluster_header(band)
    if len(groups) < 3:
        return None
    cols: list[_Col] = []
    roles: list[str] = []
    for a, b, ws in groups:
        t = squash(" ".join(w.text for w in sorted(ws, key=lambda w: (round(_yc(w) / 3), w.bbox[0]))))
        if "servicesyou" in t or t.startswith("services") or "mayneed" in t:
            role = "service"
        elif "common" in t or "medicalevent" in t or t == "event" or "medical" in t:
            role = "section"
        elif "limitation" in t or "exception" in t or "importantinformation" in t:
            role = "limitations"
        else:
            role = "cost"
        roles.append(role)
        cols.append(_Col(role, a, b))
    if "service" not in roles:
        return None
    si = roles.index("service")
    # everything left of the service column is the Common Medical Event column
    left = cols[:si]
    out: list[_Col] = []
    if left:
        out.append(_Col("section", min(c.x0 for c in left), max(c.x1 for c in left)))
    out.append(cols[si])
    rest = cols[si + 1 :]
    lim_i = next((i for i, c in enumerate(rest) if c.role == "limitations"), None)
    costs = rest if lim_i is None else rest[:lim_i]
    cost_roles = ["in_network", "out_of_network"]
    for i, c in enumerate(costs[:2]):
        out.append(_Col(cost_roles[i], c.x0, c.x1))
    if len(costs) > 2:  # a third cost column: fold it into out-of-network
        out[-1].x1 = costs[-1].x1
    if lim_i is not None:
        tail = rest[lim_i:]
        out.append(_Col("limitations", tail[0].x0, max(c.x1 for c in tail)))
    # make the columns contiguous; with no rulings, put each boundary in the whitespace valley the
    # chart's own words leave between the two header groups
    if len(xs) < 3:
        cover = _coverage(body or [], page_width)
        for a, b in zip(out, out[1:]):
            mid = (a.x1 + b.x0) / 2
            lo, hi = int((a.x0 + a.x1) / 2), int((b.x0 + b.x1) / 2)
            valley = _valley(cover, lo, hi) if body else None
            x = valley if valley is not None else mid
            a.x1, b.x0 = x, x
        out[0].x0 = 0.0  # nothing sits left of the chart's first column
        out[-1].x1 = page_width
    else:
        for a, b in zip(out, out[1:]):
            if b.x0 - a.x1 > 1:
                mid = (a.x1 + b.x0) / 2
                a.x1, b.x0 = mid, mid
    return out


def _coverage(words: list[Word], width: float) -> list[int]:
    cover = [0] * (int(width) + 2)
    for w in words:
        for x in range(max(0, int(w.bbox[0])), min(len(cover), int(w.bbox[2]) + 1)):
            cover[x] += 1
    return cover


def _valley(cover: list[int], lo: int, hi: int) -> float | None:
    """Middle of the widest run of least coverage in [lo, hi)."""
    lo, hi = max(0, lo), min(len(cover), hi)
    if hi - lo < 3:
        return None
    least = min(cover[lo:hi])
    best, best_len, x = None, 0, lo
    while x < hi:
        if cover[x] == least:
            start = x
            while x < hi and cover[x] == least:
                x += 1
            if x - start > best_len:
                best, best_len = (start + x) / 2, x - start
        x += 1
    return best


def _cluster_header(band: list[_Seg]) -> list[tuple[float, float, list[Word]]]:
    """Columns from header words alone: stack phrases that overlap in x, bottom line first; a
    phrase spanning two stacks ('Your cost if you use a') belongs to neither."""
    phrases: list[_Seg] = []
    for s in band:
        cur = [s.words[0]]
        for w in s.words[1:]:
            if w.bbox[0] - cur[-1].bbox[2] > max(6.0, 0.55 * (w.bbox[3] - w.bbox[1])):
                phrases.append(_seg(cur))
                cur = [w]
            else:
                cur.append(w)
        phrases.append(_seg(cur))
    phrases.sort(key=lambda p: -p.yc)
    stacks: list[list] = []  # [x0, x1, words]
    for p in phrases:
        hits = [st for st in stacks if p.x0 < st[1] + 1 and st[0] < p.x1 + 1]
        if not hits:
            stacks.append([p.x0, p.x1, list(p.words)])
        elif len(hits) == 1:
            st = hits[0]
            st[0], st[1] = min(st[0], p.x0), max(st[1], p.x1)
            st[2].extend(p.words)
    stacks.sort(key=lambda st: st[0])
    return [(st[0], st[1], st[2]) for st in stacks]


# ============================================================================ rows
@dataclass
class _RowDraft:
    y0: float
    y1: float
    cells: dict[str, list[Word]] = field(default_factory=dict)


def _lines_of(words: list[Word]) -> list[list[Word]]:
    """Words of one cell as text lines, top to bottom, left to right."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (_yc(w), w.bbox[0])):
        if lines:
            last = lines[-1]
            h = max(3.0, min(last[0].bbox[3] - last[0].bbox[1], w.bbox[3] - w.bbox[1]))
            if abs(_yc(w) - _yc(last[0])) < 0.5 * h:
                last.append(w)
                continue
        lines.append([w])
    for ln in lines:
        ln.sort(key=lambda w: w.bbox[0])
    return lines


def _cell_text(words: list[Word]) -> str:
    out = ""
    for ln in _lines_of(words):
        text = " ".join(w.text for w in ln)
        if not out:
            out = text
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha() and text[:1].isalpha():
            out += text  # "Non-" / "Network" -> "Non-Network"
        else:
            out += " " + text
    return out.strip()


def _ordered(words: list[Word]) -> list[Word]:
    return [w for ln in _lines_of(words) for w in ln]


def _chart_rows(chart: _Chart, words: list[Word], rul: _Rulings) -> list[_RowDraft]:
    cols = chart.cols
    service = chart.col("service")
    assert service is not None
    top, bottom = chart.top, chart.bottom
    x_left, x_right = cols[0].x0, cols[-1].x1
    body = [w for w in words if top - 1 <= _yc(w) <= bottom and x_left <= _xc(w) <= x_right]
    if not body:
        return []
    rules = [r for r in rul.horiz if top - 3 <= r.y <= bottom + 3 and r.x1 > x_left and r.x0 < x_right]
    row_ys = _ys([r for r in rules if _covers(r, service.x0, service.x1)])
    if len([y for y in row_ys if top + 2 < y < bottom - 2]) < 1 and rul.fills:
        fills = [r for r in rul.fills if top - 3 <= r.y <= bottom + 3 and _covers(r, service.x0, service.x1)]
        if len(fills) >= 2:
            rules = rules + fills
            row_ys = _ys([r for r in rules if _covers(r, service.x0, service.x1)])
    inner = [y for y in row_ys if top + 2 < y < bottom - 2]
    by_col = {c.role: [w for w in body if c.x0 <= _xc(w) < c.x1] for c in cols}
    if inner:
        bounds = [top] + inner + [bottom]
        drafts = []
        for a, b in zip(bounds, bounds[1:]):
            if b - a < 2:
                continue
            drafts.append(_RowDraft(a, b))
        col_ys: dict[str, list[float]] = {}
        for c in cols:
            ys = _ys([r for r in rules if _covers(r, c.x0, c.x1)])
            ys = [y for y in ys if top + 2 < y < bottom - 2]
            if (c.role != "section" and len(ys) < 0.3 * len(inner)) or (c.role == "section" and not ys):
                ys = inner  # this column has no rulings of its own: cells are the rows
            col_ys[c.role] = ys
        for c in cols:
            ys = [top] + col_ys[c.role] + [bottom]
            for d in drafts:
                mid = (d.y0 + d.y1) / 2
                lo = max((y for y in ys if y <= mid), default=top)
                hi = min((y for y in ys if y > mid), default=bottom)
                a = lo - 1 if lo == top else lo
                z = hi + 1 if hi == bottom else hi
                d.cells[c.role] = [w for w in by_col[c.role] if a <= _yc(w) < z]
        if chart.col("section") is not None:
            # section cells are split only by their own rulings; show the text once per cell
            pass
        return [d for d in drafts if any(d.cells.get(c.role) for c in cols)]
    return _unruled_rows(chart, by_col, top, bottom)


def _ys(rules: list[_Rule]) -> list[float]:
    out: list[float] = []
    for y in sorted(r.y for r in rules):
        if not out or y - out[-1] > 2.5:
            out.append(y)
    return out


def _blocks(words: list[Word]) -> list[list[list[Word]]]:
    """Lines of one column grouped into blocks separated by more than ~half a line of space."""
    blocks: list[list[list[Word]]] = []
    for ln in _lines_of(words):
        top = min(w.bbox[1] for w in ln)
        h = max(w.bbox[3] - w.bbox[1] for w in ln)
        if blocks:
            prev = blocks[-1][-1]
            prev_bottom = max(w.bbox[3] for w in prev)
            if top - prev_bottom < 0.45 * h:
                blocks[-1].append(ln)
                continue
        blocks.append([ln])
    return blocks


def _unruled_rows(chart: _Chart, by_col: dict[str, list[Word]], top: float, bottom: float) -> list[_RowDraft]:
    """A chart with no rulings: a row starts where a Services block starts (or where a cost cell
    starts beside a Services line); each other cell goes to the row its block starts in."""
    svc_blocks = _blocks(by_col.get("service", []))
    if not svc_blocks:
        return []
    cost_tops = [min(w.bbox[1] for w in b[0]) for role in ("in_network",) for b in _blocks(by_col.get(role, []))]
    starts: list[tuple[float, float]] = []  # (top, bottom) of each service block (after splitting)
    for blk in svc_blocks:
        cur_top = min(w.bbox[1] for w in blk[0])
        cur_bottom = max(w.bbox[3] for w in blk[0])
        for ln in blk[1:]:
            ltop = min(w.bbox[1] for w in ln)
            h = max(w.bbox[3] - w.bbox[1] for w in ln)
            if any(abs(t - ltop) < 0.4 * h for t in cost_tops) and not ln[0].text[:1].islower():
                starts.append((cur_top, cur_bottom))
                cur_top = ltop
            cur_bottom = max(w.bbox[3] for w in ln)
        starts.append((cur_top, cur_bottom))
    # let a row begin as high as the first cell that starts after the previous service text
    tops = []
    other_tops = [min(w.bbox[1] for w in b[0]) for role, ws in by_col.items() if role != "service" for b in _blocks(ws)]
    prev_bottom = top - 1
    for s_top, s_bottom in starts:
        cands = [t for t in other_tops if prev_bottom < t < s_top]
        tops.append(min([s_top] + cands))
        prev_bottom = s_bottom
    drafts = []
    for i, t in enumerate(tops):
        y0 = t - 1 if i else top
        y1 = tops[i + 1] - 1 if i + 1 < len(tops) else bottom
        drafts.append(_RowDraft(y0, y1))
    for role, ws in by_col.items():
        for blk in _blocks(ws):
            btop = min(w.bbox[1] for w in blk[0])
            target = drafts[0]
            for d in drafts:
                if d.y0 <= btop + 1:
                    target = d
            target.cells.setdefault(role, []).extend(w for ln in blk for w in ln)
    return drafts


def _chart_bottom(
    segs: list[_Seg], cols: list[_Col], top: float, page_bottom: float, rul: _Rulings | None = None
) -> float:
    """Where the chart ends: a heading that follows it, a line running across its columns (prose,
    a footer), or — in a ruled chart whose frame stops — the last ruling."""
    bounds = [c.x1 for c in cols[:-1]]
    end = page_bottom
    for s in sorted(segs, key=lambda s: s.y0):
        if s.y0 < top - 1:
            continue
        sq = _sq(s)
        if any(sq.startswith(p) for p in _POST_CHART):
            end = s.y0 - 1
            break
        crossed = sum(1 for b in bounds if s.x0 < b - 3 and s.x1 > b + 3)
        if crossed >= 2 or (crossed and s.y0 > 0.88 * page_bottom):
            end = s.y0 - 1
            break
    if rul is not None and rul.horiz:
        x0, x1 = cols[0].x0, cols[-1].x1
        width = min(x1, max(r.x1 for r in rul.horiz)) - max(x0, min(r.x0 for r in rul.horiz))
        spanning = [r.y for r in rul.horiz if top - 2 < r.y < end and r.x1 - r.x0 > 0.5 * max(width, 1)]
        if len(spanning) >= 2:
            last = max(spanning)
            frame = max((b for x, a, b in rul.vert if x0 - 2 <= x <= x1 + 2 and a < last), default=last)
            end = min(end, max(last, frame) + 1)
    return end


# ============================================================================ lists (excluded box)
_LIST_HEADS = (
    ("servicesyourplangenerallydoesnotcover", "excluded"),
    ("servicesyourplandoesnotcover", "excluded"),
    ("servicesyourplandoesntcover", "excluded"),
    ("servicesnotcovered", "excluded"),
    ("excludedservices", "excluded"),
    ("othercoveredservices", "other_covered"),
)
_LIST_ENDS = (
    "questions|call",
    "questionscall",
    "yourrightstocontinue",
    "yourgrievanceandappeal",
    "doesthiscoverageprovide",
    "doesthisplanprovide",
    "languageaccessservices",
    "aboutthesecoverageexamples",
    "coverageexamples",
    "toseeexamplesofhow",
    "thisisnotacostestimator",
)


def _list_heads(segs: list[_Seg]) -> list[tuple[_Seg, str]]:
    heads = []
    for s in segs:
        sq = _sq(s)
        for key, role in _LIST_HEADS:
            i = sq.find(key)
            if i == -1:
                continue
            if key == "excludedservices" and (
                "othercoveredservices" in sq or sq.startswith("excludedservicesothercovered")
            ):
                break  # the section title "Excluded Services & Other Covered Services:"
            if key == "excludedservices" and i > 0:
                break  # "...for other excluded services." inside a heading's parenthesis
            if key == "othercoveredservices" and i > 0 and not sq.startswith("excluded"):
                if "foryour" in sq[:i] or "check" in sq[:i]:
                    break
            heads.append((s, role))
            break
    return heads


def _lists(
    page_no: int, segs: list[_Seg], page_bottom: float, carry: tuple[str, str] | None = None
) -> tuple[list[tuple[ListBlock, list[list[Word]]]], set[int], tuple[str, str] | None]:
    """The excluded-services and other-covered boxes; the third value is a list still open at the
    page's end (its items go on at the top of the next page)."""
    heads = _list_heads(segs)
    ends = sorted([s.y0 for s in segs if any(_sq(s).startswith(e) for e in _LIST_ENDS)])
    blocks: list[tuple[ListBlock, list[list[Word]]]] = []
    used: set[int] = set()
    open_list: tuple[str, str] | None = None
    if carry and segs:
        stop = min([h.y0 for h, _ in heads] + ends + [page_bottom])
        region = [s for s in segs if s.yc < stop and not _PAGE_NO.match(s.text.strip())]
        if region and _is_bullet(min(region, key=lambda s: (s.y0, s.x0)).words[0], True):
            items = _list_items(region)
            blocks.append(
                (ListBlock(page_no, carry[0], carry[1], [(t, b) for t, b, _ in items]), [ws for _, _, ws in items])
            )
            for s in region:
                used.update(id(w) for w in s.words)
            if stop >= 0.88 * page_bottom:
                open_list = carry
    if not heads:
        return blocks, used, open_list
    heads.sort(key=lambda h: h[0].y0)
    for i, (head, role) in enumerate(heads):
        # the heading runs on through its parenthesis "(This isn't a complete list. ...)"
        head_segs = [head]
        htext = head.text
        if "(" in htext and ")" not in htext.split("(", 1)[1]:
            for s in sorted(segs, key=lambda s: (round(s.yc), s.x0)):
                if s is head or s.yc < head.yc - 0.5 * head.h or s.y0 > head.y1 + 3 * head.h:
                    continue
                same_line = abs(s.yc - head.yc) < 0.5 * head.h and s.x0 > head.x1 - 2
                if same_line or s.yc > head.yc + 0.5 * head.h:
                    if _is_bullet(s.words[0]):
                        break
                    head_segs.append(s)
                    if ")" in s.text:
                        break
        else:
            head_segs += [
                s
                for s in segs
                if s is not head
                and abs(s.yc - head.yc) < 0.5 * head.h
                and s.x0 >= head.x1 - 2
                and s.text.startswith("(")
            ]
        head_bottom = max(s.y1 for s in head_segs)
        nxt = [h.y0 for h, _ in heads[i + 1 :]] + [y for y in ends if y > head_bottom]
        end = min(nxt) if nxt else page_bottom
        region = [
            s
            for s in segs
            if s not in head_segs and head_bottom - 1 <= s.yc < end and not _PAGE_NO.match(s.text.strip())
        ]
        items = _list_items(region)
        heading = " ".join(s.text for s in _by_lines(head_segs))
        blocks.append((ListBlock(page_no, heading, role, [(t, b) for t, b, _ in items]), [ws for _, _, ws in items]))
        for s in head_segs:
            used.update(id(w) for w in s.words)
        for _, _, ws in items:
            used.update(id(w) for w in ws)
        for s in region:
            used.update(id(w) for w in s.words)
        # ended only by the page (or its footer): the box goes on at the top of the next page
        open_list = (heading, role) if end >= 0.88 * page_bottom else None
    return blocks, used, open_list


def _is_bullet(w: Word, in_list: bool = False) -> bool:
    """A bullet glyph; a lone dash, asterisk or 'o' counts only where a list is expected."""
    if in_list and w.text in ("-", "–", "—", "*", "o", "▫"):
        return True
    return (
        len(w.text) <= 2
        and all(c in _BULLETS or "\ue000" <= c <= "\uf8ff" for c in w.text)
        and w.text not in ("-", "--", "–", "*")
    )


_CONTINUES = {
    "the",
    "of",
    "and",
    "or",
    "to",
    "for",
    "in",
    "with",
    "when",
    "outside",
    "a",
    "an",
    "by",
    "on",
    "from",
    "at",
}


def _list_items(region: list[_Seg]) -> list[tuple[str, tuple, list[Word]]]:
    if not region:
        return []
    bullets = [
        (s, s.words[0])
        for s in region
        if _is_bullet(s.words[0], True) and len(s.words) > 1 or (_is_bullet(s.words[0]) and len(s.words) == 1)
    ]
    items: list[list[Word]] = []
    if bullets:
        # reading order: bullet columns left to right, top to bottom within each
        xs = sorted(w.bbox[0] for _, w in bullets)
        col_edges = [b for a, b in zip(xs, xs[1:]) if b - a > 40]
        starts = sorted(
            ((w.bbox[0], w.bbox[1], s) for s, w in bullets),
            key=lambda t: (sum(1 for e in col_edges if t[0] >= e - 1), t[1]),
        )
        groups: list[list[_Seg]] = [[s] for _, _, s in starts]
        heads = [s for _, _, s in starts]
        for s in region:
            if s in heads:
                continue
            # the nearest bullet item above whose column this segment sits in
            best = None
            for gi, h in enumerate(heads):
                if h.y0 <= s.y0 + 1 and h.x0 - 4 <= s.x0 and s.x0 < h.x0 + 0.6 * max(40.0, h.x1 - h.x0) + 20:
                    if best is None or heads[best].y0 < h.y0 or (heads[best].y0 == h.y0 and heads[best].x0 < h.x0):
                        best = gi
            if best is not None:
                groups[best].append(s)
        for g in groups:
            ws = [
                w
                for s in sorted(g, key=lambda s: (s.y0, s.x0))
                for w in s.words
                if not (w is s.words[0] and _is_bullet(w, True))
            ]
            if ws:
                items.append(ws)
    else:
        cols = _columns(region)
        for col in cols:
            cur: list[Word] = []
            for s in sorted(col, key=lambda s: s.y0):
                ws = [w for w in s.words if not (w is s.words[0] and _is_bullet(w, True))]
                if not ws:
                    continue
                last = cur[-1].text.lower().rstrip(",") if cur else ""
                if cur and (ws[0].text[:1].islower() or last in _CONTINUES or cur[-1].text.endswith(("-", ","))):
                    cur.extend(ws)
                else:
                    if cur:
                        items.append(cur)
                    cur = list(ws)
            if cur:
                items.append(cur)
    out = []
    for ws in items:
        text = _cell_text(ws)
        box = (
            min(w.bbox[0] for w in ws),
            min(w.bbox[1] for w in ws),
            max(w.bbox[2] for w in ws),
            max(w.bbox[3] for w in ws),
        )
        out.append((text, box, ws))
    return out


# ============================================================================ reading order
def _columns(segs: list[_Seg]) -> list[list[_Seg]]:
    """Split segments into side-by-side columns at whitespace gutters (left to right)."""
    if len(segs) < 4:
        return [segs]
    x0 = min(s.x0 for s in segs)
    x1 = max(s.x1 for s in segs)
    width = int(x1 - x0) + 2
    cover = [0] * width
    narrow = [s for s in segs if s.x1 - s.x0 < 0.7 * (x1 - x0)]  # full-width lines cut bands, not columns
    if len(narrow) < 4:
        return [segs]
    for s in narrow:
        for x in range(int(s.x0 - x0), min(width, int(s.x1 - x0) + 1)):
            cover[x] += 1
    limit = max(0, int(0.04 * len(narrow)))
    gutters: list[tuple[float, float]] = []
    x = 0
    while x < width:
        if cover[x] <= limit:
            start = x
            while x < width and cover[x] <= limit:
                x += 1
            if x - start >= 7 and start > 0 and x < width:
                gutters.append((x0 + start, x0 + x))
        x += 1
    good = []
    for g0, g1 in gutters:
        left = [s for s in narrow if s.x1 <= g0 + 1]
        right = [s for s in narrow if s.x0 >= g1 - 1]
        if len(left) < 2 or len(right) < 2:
            continue
        ly0, ly1 = min(s.y0 for s in left), max(s.y1 for s in left)
        ry0, ry1 = min(s.y0 for s in right), max(s.y1 for s in right)
        overlap = min(ly1, ry1) - max(ly0, ry0)
        if overlap > 0.3 * min(ly1 - ly0, ry1 - ry0):
            good.append((g0, g1))
    if not good:
        return [segs]
    edges = [(g0 + g1) / 2 for g0, g1 in good]
    cols: list[list[_Seg]] = [[] for _ in range(len(edges) + 1)]
    for s in segs:
        i = sum(1 for e in edges if s.x0 >= e - 1)
        cols[i].append(s)
    return [c for c in cols if c]


def _units(segs: list[_Seg]) -> list[list[_Seg]]:
    """Paragraph-like units: lines stacked close under each other, overlapping in x, same size."""
    units: list[list[_Seg]] = []
    for s in sorted(segs, key=lambda s: (s.y0, s.x0)):
        best, best_gap = None, None
        for u in units[-40:]:
            last = u[-1]
            gap = s.y0 - last.y1
            h = max(s.h, last.h)
            if not (-0.35 * h < gap < 0.6 * h):
                continue
            if abs(s.yc - last.yc) < 0.5 * min(s.h, last.h):
                continue  # same line: side by side, not stacked
            overlap = min(s.x1, last.x1) - max(s.x0, last.x0)
            if overlap <= 0.2 * min(s.x1 - s.x0, last.x1 - last.x0) and abs(s.x0 - last.x0) > 3:
                continue
            if abs(s.h - last.h) > 0.25 * h:
                continue  # a heading above a paragraph
            if best_gap is None or gap < best_gap:
                best, best_gap = u, gap
        if best is not None:
            best.append(s)
        else:
            units.append([s])
    # a short first line without closing punctuation, above a paragraph, is its heading
    out: list[list[_Seg]] = []
    for u in units:
        if len(u) >= 2:
            first, rest = u[0], u[1:]
            text = first.text.rstrip()
            wide = max(r.x1 - r.x0 for r in rest)
            if (
                len(first.words) <= 10
                and (first.x1 - first.x0) < 0.7 * wide
                and not text.endswith((".", ",", ";", "-", "\u00ad"))
                and rest[0].words[0].text[:1].isupper()
            ):
                out.append([first])
                out.append(rest)
                continue
        out.append(u)
    return out


def _order_prose(segs: list[_Seg]) -> list[list[_Seg]]:
    """Paragraphs in reading order (Breuel's rules): a unit comes before one below it that it
    overlaps in x, and before one to its right unless something spanning both lies between them.
    This reads two-column pages column by column and keeps full-width headings in place."""
    if not segs:
        return []
    units = _units(segs)
    n = len(units)
    boxes = [(min(s.x0 for s in u), min(s.y0 for s in u), max(s.x1 for s in u), max(s.y1 for s in u)) for u in units]
    if n == 1:
        return units
    if n > 120:  # too many pieces for the pairwise rules: plain top-to-bottom order
        return [[s] for s in _by_lines(segs)]

    # ov[i]: bitmask of the units overlapping unit i in x
    ov = [0] * n
    for i in range(n):
        a = boxes[i]
        m = 0
        for j in range(n):
            b = boxes[j]
            if min(a[2], b[2]) - max(a[0], b[0]) > 1.0:
                m |= 1 << j
        ov[i] = m
    succ: list[list[int]] = [[] for _ in range(n)]
    indeg = [0] * n
    for i in range(n):
        a = boxes[i]
        for j in range(n):
            if i == j:
                continue
            b = boxes[j]
            edge = False
            if ov[i] >> j & 1:
                edge = (a[1] + a[3]) < (b[1] + b[3]) - 0.5
            elif a[2] <= b[0] + 1.0:
                lo, hi = min(a[3], b[3]), max(a[1], b[1])
                between = ov[i] & ov[j] & ~((1 << i) | (1 << j))
                edge = True
                k = 0
                while between:
                    if between & 1 and boxes[k][1] >= lo - 1 and boxes[k][3] <= hi + 1:
                        edge = False
                        break
                    between >>= 1
                    k += 1
            if edge:
                succ[i].append(j)
                indeg[j] += 1
    import heapq

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
    return [_by_lines(units[i]) for i in order]


def _by_lines(segs: list[_Seg]) -> list[_Seg]:
    """Sort segments top to bottom, left to right, treating near-equal baselines as one line."""
    out: list[_Seg] = []
    for s in sorted(segs, key=lambda s: s.y0):
        out.append(s)
    lines: list[list[_Seg]] = []
    for s in out:
        if lines and abs(s.yc - lines[-1][0].yc) < 0.5 * min(s.h, lines[-1][0].h):
            lines[-1].append(s)
        else:
            lines.append([s])
    return [s for ln in lines for s in sorted(ln, key=lambda s: s.x0)]


# ============================================================================ page analysis
@dataclass
class _PageData:
    number: int
    width: float
    height: float
    words: list[Word]
    rul: _Rulings
    ocr: bool
    segs: list[_Seg] = field(default_factory=list)
    header_band: list[_Seg] | None = None
    furniture: set[int] = field(default_factory=set)
    deskew: _Deskew | None = None
    printed: dict[int, tuple] = field(default_factory=dict)  # id(word) -> bbox as scanned


def _furniture(pages: list[_PageData]) -> None:
    """Running headers and footers: lines repeated at the same place on most pages, and page
    numbers. A repeated line is kept on the first page it appears on (it is the plan's title)."""
    n = len(pages)
    header_ids = [set(id(s) for s in (p.header_band or [])) for p in pages]
    keyed: list[list[tuple[tuple[str, int], _Seg]]] = []
    counts: dict[tuple[str, int], set[int]] = {}
    for i, p in enumerate(pages):
        items = []
        for s in p.segs:
            in_margin = s.y1 < p.height * 0.2 or s.y0 > p.height * 0.85
            if not in_margin or id(s) in header_ids[i]:
                continue
            text = s.text.strip()
            if _PAGE_NO.match(text) or re.match(r"^page\s*\d+\s*of\s*\d+$", text, re.I):
                p.furniture.update(id(w) for w in s.words)
                continue
            key = (re.sub(r"\d+", "#", squash(text)), int(round(s.yc / 4)))
            if not key[0]:
                continue
            items.append((key, s))
            for b in (key[1] - 1, key[1], key[1] + 1):
                counts.setdefault((key[0], b), set()).add(i)
        keyed.append(items)
    if n < 2:
        return
    need = max(2, -(-n // 3))
    first_seen: dict[str, int] = {}
    for i, items in enumerate(keyed):
        for key, s in items:
            pages_with = counts.get(key, set())
            if len(pages_with) >= need:
                first = first_seen.setdefault(key[0], i)
                if i != first:
                    pages[i].furniture.update(id(w) for w in s.words)
            # embedded page numbers ("Page 3 of 8" at the end of a footer line)
    for p in pages:
        for s in p.segs:
            for w in s.words:
                if (
                    re.match(r"^\d+$", w.text)
                    and (s.y1 < p.height * 0.08 or s.y0 > p.height * 0.9)
                    and len(s.words) <= 4
                    and any(x.text.lower() in ("page", "of") for x in s.words)
                ):
                    p.furniture.update(id(x) for x in s.words)


def _unskew(page: Page, pd: _PageData) -> None:
    """Give a straightened scan's words their printed positions back, and widen row and list boxes
    to match, so evidence boxes land on the image."""
    for w in page.words:
        if id(w) in pd.printed:
            w.bbox = pd.printed[id(w)]
    for r in page.rows:
        r.bbox = pd.deskew.box(r.bbox, forward=False)
    for lb in page.lists:
        lb.items = [(t, pd.deskew.box(b, forward=False)) for t, b in lb.items]


def _analyse(
    pd: _PageData, prev_rows: list[Row], carry: list[_Col] | None = None, carry_list: tuple[str, str] | None = None
) -> tuple[Page, list[_Col] | None, tuple[str, str] | None]:
    """One page -> Page; also the chart columns when the chart runs on to the next page."""
    words = [w for w in pd.words if id(w) not in pd.furniture]
    segs = [s for s in pd.segs if not all(id(w) in pd.furniture for w in s.words)]
    segs = [
        _seg([w for w in s.words if id(w) not in pd.furniture]) if any(id(w) in pd.furniture for w in s.words) else s
        for s in segs
    ]
    rows: list[Row] = []
    chart_words: set[int] = set()
    chart_span: tuple[float, float] | None = None
    runs_on: list[_Col] | None = None
    band = pd.header_band
    chart: _Chart | None = None
    if band:
        hb = max(s.y1 for s in band)
        cols = _header_columns(band, pd.rul, pd.width)
        if cols:
            # refine the columns with the chart's own words (its end judged by the first guess)
            end = _chart_bottom(segs, cols, hb + 1, pd.height)
            cols = _header_columns(band, pd.rul, pd.width, [w for w in words if hb < _yc(w) < end]) or cols
        if cols:
            top = max(s.y1 for s in band) + 0.5
            below_rules = [
                r.y for r in pd.rul.horiz if top - 8 < r.y < top + 12 and _covers(r, cols[0].x0, cols[-1].x1, 0.6)
            ]
            if below_rules:
                top = max(top, min(below_rules))
            bottom = _chart_bottom(segs, cols, top, pd.height, pd.rul)
            header_ids = {id(w) for s in band for w in s.words}
            chart = _Chart(top, bottom, cols, header_ids, min(s.y0 for s in band))
    elif carry and segs:
        # a chart continued from the previous page without repeating its header
        first = min(segs, key=lambda s: s.y0)
        bounds = [c.x1 for c in carry[:-1]]
        crossed = sum(1 for b in bounds if first.x0 < b - 3 and first.x1 > b + 3)
        if crossed < 2:
            top = first.y0 - 2
            rule_tops = [r.y for r in pd.rul.horiz if r.y < first.y0 and _covers(r, carry[0].x0, carry[-1].x1, 0.6)]
            if rule_tops:
                top = max(rule_tops) - 0.5
            bottom = _chart_bottom(segs, carry, top, pd.height, pd.rul)
            if bottom - top > 20:
                chart = _Chart(top, bottom, [_Col(c.role, c.x0, c.x1) for c in carry], set(), top)
    if chart is not None:
        body_words = [w for w in words if id(w) not in chart.header_words]
        drafts = _chart_rows(chart, body_words, pd.rul)
        rows = _rows_from_drafts(pd.number, chart, drafts, prev_rows)
        if band or any(r.service and not r.continued for r in rows) or (rows and rows[0].continued):
            chart_words = chart.header_words | {id(w) for r in rows for ws in r.cell_words.values() for w in ws}
            chart_span = (chart.header_y0, chart.bottom)
            if rows and not any(s.y0 > chart.bottom for s in segs):
                runs_on = chart.cols  # nothing after the chart on this page: it may go on
        else:
            rows = []
    rest_segs = [s for s in segs if not all(id(w) in chart_words for w in s.words)]
    if chart_span:
        rest_segs = [s for s in rest_segs if not (chart_span[0] - 1 <= s.yc <= chart_span[1])]
    lists, list_words, open_list = _lists(pd.number, rest_segs, pd.height, carry_list)
    prose_segs = [s for s in rest_segs if not all(id(w) in list_words for w in s.words)]
    return _assemble(pd, prose_segs, rows, lists, chart_span), runs_on, open_list


def _rows_from_drafts(page_no: int, chart: _Chart, drafts: list[_RowDraft], prev_rows: list[Row]) -> list[Row]:
    rows: list[Row] = []
    section = prev_rows[-1].section if prev_rows else ""
    section_words: list[Word] = []  # only words on this page: evidence boxes must be on its page
    seen_section_cells: set[tuple[int, ...]] = set()
    section_start = 0
    x0, x1 = chart.cols[0].x0, chart.cols[-1].x1
    cost_roles = [c.role for c in chart.cols if c.role not in ("section", "service")]
    for i, d in enumerate(drafts):
        sec_ws = d.cells.get("section", [])
        key = tuple(sorted(id(w) for w in sec_ws))
        if sec_ws and key not in seen_section_cells:
            seen_section_cells.add(key)
            text = _cell_text(sec_ws)
            first = text.split(" ", 1)[0].lower()
            if first == "if" or not section:
                section, section_words = text, _ordered(sec_ws)
                section_start = len(rows)
            else:
                section = f"{section} {text}"
                section_words = section_words + _ordered(sec_ws)
                for r in rows[section_start:]:  # the rows above share this Common Medical Event
                    r.section = section
                    r.cell_words["section"] = section_words
        svc_ws = _ordered(d.cells.get("service", []))
        service = _cell_text(svc_ws)
        continued = False
        if not service:
            if rows:
                # a band with no service text belongs to the row above (a cell taller than its service)
                prev = rows[-1]
                for role in cost_roles:
                    extra = [
                        w for w in d.cells.get(role, []) if id(w) not in {id(x) for x in prev.cell_words.get(role, [])}
                    ]
                    if extra:
                        prev.cell_words[role] = prev.cell_words.get(role, []) + _ordered(extra)
                        prev.cells[role] = _cell_text(prev.cell_words[role])
                prev.bbox = (prev.bbox[0], prev.bbox[1], prev.bbox[2], d.y1)
                continue
            if prev_rows and i == 0:
                service = prev_rows[-1].service
                svc_ws = []
                continued = True
            elif not any(d.cells.get(r) for r in cost_roles):
                continue
        cell_words = {"section": section_words, "service": svc_ws}
        cells = {}
        for role in cost_roles:
            ws = _ordered(d.cells.get(role, []))
            cell_words[role] = ws
            cells[role] = _cell_text(ws)
        rows.append(Row(page_no, section, service, cells, (x0, d.y0, x1, d.y1), continued, cell_words))
    return rows


def _assemble(
    pd: _PageData,
    prose: list[_Seg],
    rows: list[Row],
    lists: list[tuple[ListBlock, list[list[Word]]]],
    chart_span: tuple[float, float] | None,
) -> Page:
    """Page.words in reading order (prose, chart rows, lists interleaved top to bottom) and
    Page.text to match; `block` numbers paragraphs/cells, `line` numbers text lines. The Word
    objects are shared with Row.cell_words, so a word's identity tells findings it is in a row."""
    units: list[tuple[float, str, object]] = []
    if chart_span and rows:
        units.append((chart_span[0], "chart", rows))
    for lb, item_words in lists:
        y = min((b[1] for _, b in lb.items), default=0.0)
        units.append((y - 0.5, "list", (lb, item_words)))
    cuts = sorted(units, key=lambda u: u[0])
    bands: list[list[_Seg]] = [[] for _ in range(len(cuts) + 1)]
    for s in prose:
        bands[sum(1 for u in cuts if s.yc >= u[0])].append(s)
    out_words: list[Word] = []
    text_parts: list[str] = []
    counter = {"block": 0, "line": 0}

    def emit(lines: list[list[Word]], text: str | None = None) -> None:
        lines = [ln for ln in lines if ln]
        if not lines:
            return
        for ln in lines:
            for w in ln:
                w.block, w.line = counter["block"], counter["line"]
                out_words.append(w)
            counter["line"] += 1
        counter["block"] += 1
        if text == "":
            return
        text_parts.append(text if text is not None else "\n".join(" ".join(w.text for w in ln) for ln in lines))

    for i, band in enumerate(bands):
        for para in _order_prose(band):
            emit([s.words for s in para])
        if i >= len(cuts):
            continue
        _, kind, obj = cuts[i]
        if kind == "chart":
            shown: set[int] = set()
            for r in obj:  # type: ignore[union-attr]
                sec = [w for w in r.cell_words.get("section", []) if id(w) not in shown]
                shown.update(id(w) for w in sec)
                emit(_lines_of(sec))
                cells = []
                for role in ["service"] + [k for k in r.cell_words if k not in ("section", "service")]:
                    ws = [w for w in r.cell_words.get(role, []) if id(w) not in shown]
                    shown.update(id(w) for w in ws)
                    cells.append(ws)
                for ws in cells:
                    emit(_lines_of(ws), "")
                text_parts.append(" | ".join(x for x in [r.service] + list(r.cells.values())))
        else:
            lb, item_words = obj  # type: ignore[misc]
            text_parts.append(lb.heading)
            for (t, _b), ws in zip(lb.items, item_words):
                emit(_lines_of(ws), "• " + t)
    # prose paragraph texts are already in text_parts; the chart added one line per row after its cells
    text = "\n".join(p for p in text_parts if p)
    return Page(pd.number, pd.width, pd.height, text, out_words, [r for r in rows], [lb for lb, _ in lists], pd.ocr)


# ============================================================================ document facts
_KIND_PATTERNS = [
    ("sbc", ("summaryofbenefitsandcoverage",)),
    (
        "policy",
        (
            "clinicalpolicybulletin",
            "medicalpolicy",
            "coveragepolicy",
            "clinicalpolicy",
            "drugpolicy",
            "medicalbenefitdrugpolicy",
            "policynumber",
            "coveragedeterminationguideline",
            "medicalcoverageguideline",
            "pharmacypolicy",
            "utilizationmanagementpolicy",
            "coverageguideline",
        ),
    ),
    (
        "eoc",
        (
            "evidenceofcoverage",
            "certificateofcoverage",
            "summaryplandescription",
            "certificateofinsurance",
            "benefitbooklet",
            "memberhandbook",
            "subscriberagreement",
            "membershipagreement",
            "policycertificate",
            "combinedevidenceofcoverage",
            "planbooklet",
        ),
    ),
]


def _kind(pages: list[_PageData]) -> str:
    best: tuple[int, float, str] | None = None
    for pd in pages[:3]:
        for s in sorted(pd.segs, key=lambda s: s.y0):
            sq = _sq(s)
            for kind, pats in _KIND_PATTERNS:
                if any(p in sq for p in pats):
                    cand = (pd.number, s.y0, kind)
                    if best is None or cand[:2] < best[:2]:
                        best = cand
                    break
        if best is not None:
            break
    if best is not None:
        return best[2]
    for pd in pages[:3]:
        if any("plandocument" in _sq(s) for s in pd.segs):
            return "eoc"
    return "other"


_GENERIC_TITLE = (
    "summaryofbenefitsandcoverage",
    "coverageperiod",
    "coveragefor",
    "plantype",
    "questions",
    "ifyouarentclear",
    "ifyouaren",
    "thisisonlyasummary",
    "importantquestions",
    "page",
    "atwww",
    "orcall",
    "glossary",
    "whatthisplancovers",
)


def _title(pages: list[_PageData], kind: str) -> str:
    if not pages:
        return ""
    pd = pages[0]
    segs = sorted([s for s in pd.segs if s.y1 < pd.height * 0.3], key=lambda s: (round(s.y0), s.x0))
    parts: list[str] = []
    for s in segs:
        sq = _sq(s)
        text = s.text.strip()
        if not sq or _PAGE_NO.match(text):
            continue
        if any(sq.startswith(g) for g in _GENERIC_TITLE):
            if parts and (sq.startswith("summaryofbenefits") or sq.startswith("importantquestions")):
                break
            continue
        if "coverageperiod" in sq.replace(" ", ""):
            text = re.split(r"coverage\s+period", text, flags=re.I)[0].strip()
        if len(text) < 3 or sum(ch.isalpha() for ch in text) < 2:
            continue  # a stray date or number from the coverage-period line
        parts.append(text.rstrip(":").strip())
        if kind != "sbc" or len(" ".join(parts)) > 80:
            break
    return re.sub(r"\s+", " ", " ".join(parts))[:160].strip(" :|-")


def _insurer(pages: list[_PageData], lexicon: Lexicon) -> str:
    scores: dict[str, float] = {}
    for pd in pages[:12]:
        seen: set[str] = set()
        for s in pd.segs:
            ids = set()
            for m in lexicon.match([w.text for w in s.words], groups=("insurer",)):
                ids.add(m.key)
            for w in s.words:
                if "." in w.text:
                    d = lexicon.insurer_for_domain(w.text)
                    if d:
                        ids.add(d)
            for iid in ids:
                weight = 1.0
                if pd.number == 1:
                    weight = 4.0 if s.y1 < pd.height * 0.25 else 2.0
                if iid == "bcbs":
                    weight *= 0.5
                if (iid, pd.number) not in seen:
                    scores[iid] = scores.get(iid, 0.0) + weight
                    seen.add(iid)
    if not scores:
        return ""
    return max(sorted(scores), key=lambda k: scores[k])


# ============================================================================ entry points
# pymupdf must not be used from several threads at once (its docs; the app serves each browser
# session in its own thread): every open/read/render in policyeval holds this lock.
PDF_LOCK = threading.RLock()


def read_pdf(
    data: bytes, name: str, limits: ReadLimits | None = None, progress: Callable[[int, int], None] | None = None
) -> Document:
    """Read one plan document from memory. Bad input raises DocumentError naming `name`."""
    with PDF_LOCK:
        return _read_pdf(data, name, limits, progress)


def _read_pdf(
    data: bytes, name: str, limits: ReadLimits | None, progress: Callable[[int, int], None] | None
) -> Document:
    limits = limits or ReadLimits()
    name = Path(name).name or "document.pdf"
    started = time.monotonic()
    doc = _open(data, name, limits)
    try:
        return _read(doc, data, name, limits, progress, started)
    except DocumentError:
        raise
    except Exception as err:  # a malformed page deep inside mupdf
        if "Limit" in err.__class__.__name__:  # mupdf's resource limits (huge pages or images)
            raise DocumentError(
                f"{name} has a page or image too large to read; export the plan as a normal-size "
                "PDF (e.g. print it to PDF) and try again"
            ) from None
        raise DocumentError(
            f"{name} is damaged and cannot be read ({err.__class__.__name__}); "
            "download it again or print it to a new PDF"
        ) from None
    finally:
        doc.close()


# mupdf's own words when a page's content stream cannot be decoded. Clean documents (all samples and
# real SBCs) give no warning at all; a damaged page would otherwise read as blank and quietly turn a
# verdict into "your plan is silent".
_DAMAGE_WARNINGS = ("format error", "read error", "premature end of data", "syntax error", "corrupt")


def _refuse_damaged_content(warnings: str, name: str, page: int) -> None:
    if any(w in warnings.lower() for w in _DAMAGE_WARNINGS):
        raise DocumentError(
            f"{name} is damaged: page {page}'s text cannot be decoded, so the plan cannot be "
            "read reliably; download it again or print it to a new PDF"
        )


def _read(
    doc: pymupdf.Document,
    data: bytes,
    name: str,
    limits: ReadLimits,
    progress: Callable[[int, int], None] | None,
    started: float,
) -> Document:
    lexicon = load_lexicon()
    total = doc.page_count
    pages: list[_PageData] = []
    scanned: list[int] = []
    for i in range(total):
        if time.monotonic() - started > limits.max_seconds:
            raise DocumentError(
                f"{name}: reading took longer than {limits.max_seconds:g} s "
                f"(stopped at page {i + 1} of {total}); upload fewer pages"
            )
        try:
            pymupdf.TOOLS.mupdf_warnings(reset=True)
            page = doc.load_page(i)
            words = _text_words(page)
            _refuse_damaged_content(pymupdf.TOOLS.mupdf_warnings(reset=True), name, i + 1)
        except DocumentError:
            raise
        except Exception:
            if doc.is_repaired:
                raise DocumentError(f"{name} is damaged (page {i + 1} cannot be read); download it again") from None
            raise
        ocr = False
        if len(words) < 3 or _garbled(words):
            # a scan, or text drawn as outlines: either way only OCR can read it
            has_images = bool(page.get_images(full=False)) or bool(words) or len(page.get_cdrawings()) > 150
            if has_images or not words:
                if limits.ocr and _tesseract() is not None and has_images:
                    remaining = limits.max_seconds - (time.monotonic() - started)
                    words = _ocr_words(page, name, remaining)
                    ocr = True
                elif has_images:
                    scanned.append(i + 1)
        rect = page.rect
        pd = _PageData(i + 1, rect.width, rect.height, words, _Rulings(), ocr)
        if ocr and words:
            theta = _skew(words)
            if abs(theta) > 0.0015:
                # lay the page out straightened; the words get their printed positions back afterwards
                pd.deskew = _Deskew(theta, rect)
                for w in words:
                    pd.printed[id(w)] = w.bbox
                    w.bbox = pd.deskew.word(w.bbox)
        pd.segs = _segments(words) if words else []
        if pd.segs and _has_chart_anchor(pd.segs):  # drawings are slow to read: only where a chart is
            rul = _image_rulings(page, pd.deskew, words) if ocr else _rulings(page)
            rul.horiz = _drop_underlines(rul.horiz, words)
            pd.rul = rul
            pd.header_band = _find_header(pd.segs, rul)
        pages.append(pd)
        if progress:
            progress(i + 1, total)
    if scanned:
        text_pages = [p for p in pages if p.words]
        if not text_pages:
            if limits.ocr:
                raise DocumentError(f"{name}: this PDF is a scan; install tesseract-ocr to read it")
            raise DocumentError(
                f"{name} has no text layer (it is a scan) and OCR is turned off; turn OCR on or upload a text PDF"
            )
        if limits.ocr:
            raise DocumentError(
                f"{name}: pages {', '.join(map(str, scanned[:5]))} are scans; install tesseract-ocr to read them"
            )
    if not any(p.words for p in pages):
        if doc.is_repaired:
            raise DocumentError(f"{name} is damaged (its contents cannot be read); download it again")
        raise DocumentError(f"{name} contains no text; upload the plan document itself, not a blank or image-only file")
    _furniture(pages)
    kind = _kind(pages)
    title = _title(pages, kind)
    insurer = _insurer(pages, lexicon)
    out_pages: list[Page] = []
    prev_rows: list[Row] = []
    carry: list[_Col] | None = None
    carry_list: tuple[str, str] | None = None
    for pd in pages:
        if carry and pd.header_band is None and pd.segs and not pd.rul.horiz:
            page_obj = doc.load_page(pd.number - 1)
            pd.rul = _image_rulings(page_obj, pd.deskew, pd.words) if pd.ocr else _rulings(page_obj)
            pd.rul.horiz = _drop_underlines(pd.rul.horiz, pd.words)
        page, carry, carry_list = _analyse(pd, prev_rows, carry, carry_list)
        if pd.deskew is not None:
            _unskew(page, pd)
        out_pages.append(page)
        if page.rows:
            prev_rows = page.rows
        elif any(p for p in page.words):
            prev_rows = []
    return Document(name=name, kind=kind, pages=out_pages, title=title, insurer=insurer, data=data)


def read_path(path: str | Path, limits: ReadLimits | None = None) -> Document:
    """Read a plan document from a file; a missing, unreadable or non-file path raises DocumentError."""
    p = Path(path)
    name = p.name or str(path)
    if not p.exists():
        raise DocumentError(f"{name}: file not found ({path}); check the path")
    if p.is_dir():
        raise DocumentError(f"{name} is a folder, not a PDF; give the path of the PDF file inside it")
    limits = limits or ReadLimits()
    try:
        size = p.stat().st_size
        if size > limits.max_bytes:
            raise DocumentError(
                f"{name} is too large ({size / 1e6:.1f} MB; the limit is "
                f"{limits.max_bytes / 1e6:.0f} MB); upload only the plan's summary or the pages you need"
            )
        data = p.read_bytes()
    except PermissionError:
        raise DocumentError(f"{name}: permission denied; check that you can open the file") from None
    except OSError as err:
        raise DocumentError(f"{name} cannot be read ({err.strerror or err.__class__.__name__})") from None
    return read_pdf(data, name, limits)
