"""What a page paints, where and in which order (pymupdf's bbox log), with a spatial index so
"what lies beneath this character, what was painted over it" is a local lookup, never a scan.
Used by visibility.py to judge whether a person can see a character."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pymupdf

OPAQUE = 0.9  # fill opacity at or above which a later shape hides what it covers
FAR_PT = 100_000.0  # points: a paint reaching this far has no known extent (clipped elsewhere)
GRID_PT = 64.0  # points: cell size of the spatial index over paints (keeps every check linear)
PAINTS = {"fill-path", "fill-image", "fill-shade", "fill-imgmask"}

Box = tuple[float, float, float, float]


@dataclass
class Paint:
    seqno: int
    kind: str
    rect: tuple[float, float, float, float]
    colour: tuple[float, float, float] | None  # None: an image or shading (colour not known here)
    opaque: bool


class Grid:
    """Paints by the GRID_PT cells of the page they touch, so a lookup is local, never a scan."""

    def __init__(self, paints: list[Paint], box: tuple[float, float, float, float]):
        self.cells: dict[tuple[int, int], list[Paint]] = {}
        for p in paints:
            r = (max(p.rect[0], box[0]), max(p.rect[1], box[1]), min(p.rect[2], box[2]), min(p.rect[3], box[3]))
            if r[0] > r[2] or r[1] > r[3]:
                continue
            x0, y0, x1, y1 = (int(v // GRID_PT) for v in r)
            for gx in range(x0, x1 + 1):
                for gy in range(y0, y1 + 1):
                    self.cells.setdefault((gx, gy), []).append(p)

    def at(self, x: float, y: float) -> Iterator[Paint]:
        for p in self.cells.get((int(x // GRID_PT), int(y // GRID_PT)), ()):
            if inside(x, y, p.rect):
                yield p

    def within(self, r: tuple[float, float, float, float]) -> list[Paint]:
        """Every paint of the cells `r` touches, each once (a superset of the paints at any point of `r`)."""
        x0, y0, x1, y1 = (int(v // GRID_PT) for v in r)
        if x0 == x1 and y0 == y1:
            return self.cells.get((x0, y0), [])
        out: dict[int, Paint] = {}
        for gx in range(x0, x1 + 1):
            for gy in range(y0, y1 + 1):
                for p in self.cells.get((gx, gy), ()):
                    out[p.seqno] = p
        return list(out.values())

    def near(self, r: tuple[float, float, float, float]) -> Iterator[Paint]:
        """Paints whose rectangle meets `r` (each once)."""
        seen: set[int] = set()
        for gx in range(int(r[0] // GRID_PT), int(r[2] // GRID_PT) + 1):
            for gy in range(int(r[1] // GRID_PT), int(r[3] // GRID_PT) + 1):
                for p in self.cells.get((gx, gy), ()):
                    if p.seqno not in seen and meets(r, p.rect):
                        seen.add(p.seqno)
                        yield p


def inside(x: float, y: float, r: tuple[float, float, float, float]) -> bool:
    return r[0] <= x <= r[2] and r[1] <= y <= r[3]


def meets(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def rgb(colour: Any) -> tuple[float, float, float] | None:
    if not colour:
        return None
    c = tuple(float(v) for v in colour)
    if len(c) == 1:
        return (c[0], c[0], c[0])
    if len(c) == 3:
        return (c[0], c[1], c[2])
    if len(c) == 4:  # CMYK
        k = c[3]
        return ((1 - c[0]) * (1 - k), (1 - c[1]) * (1 - k), (1 - c[2]) * (1 - k))
    return None


@dataclass
class PaintLog:
    """The page's paint order (pymupdf's bbox log): what is painted, where, in which order."""

    paints: list[Paint]
    texts: list[tuple[int, tuple[float, float, float, float]]]  # (seqno, rect) of every text run


def paint_log(page: pymupdf.Page) -> PaintLog:
    """Every fill, shading and image painted on the page, in paint order, with colour and opacity."""
    log = page.get_bboxlog()
    texts = [(i, tuple(r)) for i, (kind, r) in enumerate(log) if kind.endswith("-text")]
    if not any(kind in PAINTS for kind, _ in log):
        return PaintLog([], texts)
    kinds = {kind for kind, _ in log}
    # each of these runs the page's content again: only when the log has what it describes
    fills = {d["seqno"]: d for d in drawings(page) if "f" in d.get("type", "")} if "fill-path" in kinds else {}
    images = page.get_image_info() if "fill-image" in kinds else []
    out: list[Paint] = []
    image_no = 0
    for seqno, (kind, rect) in enumerate(log):
        if kind == "fill-image":
            image_no += 1
        if kind not in PAINTS or max(abs(v) for v in rect) > FAR_PT:
            continue  # unbounded (a shading under a clip path): its extent is not known here
        if kind == "fill-path":
            d = fills.get(seqno)
            colour = rgb(d.get("fill")) if d else None
            opacity = d.get("fill_opacity", 1.0) if d else 1.0
            out.append(Paint(seqno, kind, tuple(rect), colour, (opacity or 0) >= OPAQUE))
        elif kind == "fill-image":
            masked = image_no <= len(images) and bool(images[image_no - 1].get("has-mask"))
            out.append(Paint(seqno, kind, tuple(rect), None, not masked))
        else:  # shadings and stencil masks: colour unknown; a shading is opaque, a stencil is not
            out.append(Paint(seqno, kind, tuple(rect), None, kind == "fill-shade"))
    return PaintLog(out, texts)


def drawings(page: pymupdf.Page) -> list[dict[str, Any]]:
    """`page.get_cdrawings()`, run once per page object: the paint log and the rulings both read it
    (each call runs the page's whole content again). Callers only read the list."""
    cached = getattr(page, _DRAWINGS, None)
    if cached is None:
        cached = page.get_cdrawings()
        setattr(page, _DRAWINGS, cached)
    return cached


_DRAWINGS = "_policyeval_drawings"  # the attribute of a pymupdf Page holding its drawings


def covered_share(box: tuple[float, float, float, float], rect: tuple[float, float, float, float]) -> float:
    ix = min(box[2], rect[2]) - max(box[0], rect[0])
    iy = min(box[3], rect[3]) - max(box[1], rect[1])
    if ix <= 0 or iy <= 0:
        return 0.0
    area = max(1e-6, (box[2] - box[0]) * (box[3] - box[1]))
    return ix * iy / area


def trace_index(trace: list[dict[str, Any]]) -> dict[tuple[int, int, int], int]:
    """(character, origin) -> the highest paint sequence number of a glyph drawn there."""
    index: dict[tuple[int, int, int], int] = {}
    for span in trace:
        seqno = span["seqno"]
        for ch in span["chars"]:
            key = (ch[0], round(ch[2][0] * 4), round(ch[2][1] * 4))
            if index.get(key, -1) < seqno:
                index[key] = seqno
    return index
