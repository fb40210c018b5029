"""A page's parts -> `Page`: prose paragraphs, chart rows and lists interleaved top to bottom into
`Page.words` (reading order) and `Page.text`. The Word objects are shared with `Row.cell_words`,
so a word's identity tells findings it is in a row."""

from __future__ import annotations

from ..models import ListBlock, Page, Row, Word
from .geometry import Seg
from .lines import lines_of
from .order import order_prose

LIST_ABOVE = 0.5  # points above its first item a list's band starts


class _Writer:
    """Page.words and Page.text in order: `block` numbers paragraphs/cells, `line` numbers lines."""

    def __init__(self) -> None:
        self.words: list[Word] = []
        self.parts: list[str] = []
        self.block = 0
        self.line = 0

    def emit(self, lines: list[list[Word]], text: str | None = None) -> None:
        """Lines as one block; `text` replaces their text in Page.text ("" = add none)."""
        lines = [ln for ln in lines if ln]
        if not lines:
            return
        for ln in lines:
            for w in ln:
                w.block, w.line = self.block, self.line
                self.words.append(w)
            self.line += 1
        self.block += 1
        if text == "":
            return
        self.parts.append(text if text is not None else "\n".join(" ".join(w.text for w in ln) for ln in lines))

    def chart(self, rows: list[Row]) -> None:
        """Each row's cells as blocks (a merged cell's words once); one "service | cost | ..." line per row."""
        shown: set[int] = set()
        for r in rows:
            sec = [w for w in r.cell_words.get("section", []) if id(w) not in shown]
            shown.update(id(w) for w in sec)
            self.emit(lines_of(sec))
            cells = []
            for role in ["service"] + [k for k in r.cell_words if k not in ("section", "service")]:
                ws = [w for w in r.cell_words.get(role, []) if id(w) not in shown]
                shown.update(id(w) for w in ws)
                cells.append(ws)
            for ws in cells:
                self.emit(lines_of(ws), "")
            self.parts.append(" | ".join(x for x in [r.service] + list(r.cells.values())))

    def list(self, lb: ListBlock, item_words: list[list[Word]]) -> None:
        self.parts.append(lb.heading)
        for (t, _b), ws in zip(lb.items, item_words):
            self.emit(lines_of(ws), "• " + t)


def assemble(
    number: int,
    width: float,
    height: float,
    ocr: bool,
    prose: list[Seg],
    rows: list[Row],
    lists: list[tuple[ListBlock, list[list[Word]]]],
    chart_span: tuple[float, float] | None,
) -> Page:
    """The Page: prose above, between and below the chart and lists, each in its place."""
    cuts: list[tuple[float, list[Row] | tuple[ListBlock, list[list[Word]]]]] = []
    if chart_span and rows:
        cuts.append((chart_span[0], rows))
    for lb, item_words in lists:
        y = min((b[1] for _, b in lb.items), default=0.0)
        cuts.append((y - LIST_ABOVE, (lb, item_words)))
    cuts.sort(key=lambda u: u[0])
    bands: list[list[Seg]] = [[] for _ in range(len(cuts) + 1)]
    for s in prose:
        bands[sum(1 for u in cuts if s.yc >= u[0])].append(s)
    out = _Writer()
    for i, band in enumerate(bands):
        for para in order_prose(band):
            out.emit([s.words for s in para])
        if i >= len(cuts):
            continue
        obj = cuts[i][1]
        if isinstance(obj, list):
            out.chart(obj)
        else:
            out.list(*obj)
    text = "\n".join(p for p in out.parts if p)
    return Page(number, width, height, text, out.words, list(rows), [lb for lb, _ in lists], ocr)
