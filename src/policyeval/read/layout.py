"""One page's layout: what the page-reading pass found (`PageData`), and the analysis that turns
it into a `Page` — the benefits chart's rows, the lists, and the prose in reading order. A chart
or list still open at the page's end is handed to the next page. Distances in PDF points."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import BBox, Page, Row, Word
from .assemble import assemble
from .chart import Chart, Col, chart_bottom, header_columns
from .deskew import Deskew
from .geometry import SLACK, Seg, seg_of, y_center
from .lists import lists
from .order import size_change, split_heading
from .rows import chart_rows, columns_copy, rows_from_drafts
from .rulings import Rulings, covers

HEADER_GAP = 0.5  # points between the header's last line and the chart's first row
TOP_RULE_ABOVE = 8.0  # points above the header's bottom a ruling may lie and still be the chart's top ...
TOP_RULE_BELOW = 12.0  # ... or below it
TOP_RULE_SHARE = 0.6  # fraction of the chart's width that ruling must span
CROSS_SLACK = 3.0  # points a line must run past a column boundary to cross it
CONTINUED_ABOVE = 2.0  # points above its first line a continued chart starts (without a ruling)
CONTINUED_RULE = 0.5  # points above the last ruling over the first line a continued chart starts
MIN_CONTINUED = 20.0  # points: a shorter continued chart is not one


@dataclass
class PageData:
    """A page as the page-reading pass left it: words, lines, rulings and the chart header."""

    number: int
    width: float
    height: float
    words: list[Word]
    rul: Rulings
    ocr: bool
    segs: list[Seg] = field(default_factory=list)
    header_band: list[Seg] | None = None
    furniture: set[int] = field(default_factory=set)  # id() of running header/footer words
    deskew: Deskew | None = None
    printed: dict[int, BBox] = field(default_factory=dict)  # id(word) -> bbox as scanned
    hidden: list[Word] = field(default_factory=list)  # text a person cannot see (never read; visibility.py)


def _without_furniture(pd: PageData) -> tuple[list[Word], list[Seg]]:
    words = [w for w in pd.words if id(w) not in pd.furniture]
    segs = [s for s in pd.segs if not all(id(w) in pd.furniture for w in s.words)]
    segs = [
        seg_of([w for w in s.words if id(w) not in pd.furniture]) if any(id(w) in pd.furniture for w in s.words) else s
        for s in segs
    ]
    return words, segs


def _headed_chart(pd: PageData, band: list[Seg], words: list[Word], segs: list[Seg]) -> Chart | None:
    """The chart under the header band on this page."""
    hb = max(s.y1 for s in band)
    cols = header_columns(band, pd.rul, pd.width)
    if not cols:
        return None
    # refine the columns with the chart's own words (its end judged by the first guess)
    end = chart_bottom(segs, cols, hb + SLACK, pd.height)
    cols = header_columns(band, pd.rul, pd.width, [w for w in words if hb < y_center(w) < end]) or cols
    top = hb + HEADER_GAP
    below_rules = [
        r.y
        for r in pd.rul.horiz
        if top - TOP_RULE_ABOVE < r.y < top + TOP_RULE_BELOW and covers(r, cols[0].x0, cols[-1].x1, TOP_RULE_SHARE)
    ]
    if below_rules:
        top = max(top, min(below_rules))
    bottom = chart_bottom(segs, cols, top, pd.height, pd.rul)
    header_ids = {id(w) for s in band for w in s.words}
    return Chart(top, bottom, cols, header_ids, min(s.y0 for s in band))


def _continued_chart(pd: PageData, carry: list[Col], segs: list[Seg]) -> Chart | None:
    """A chart continued from the previous page without repeating its header."""
    first = min(segs, key=lambda s: s.y0)
    bounds = [c.x1 for c in carry[:-1]]
    crossed = sum(1 for b in bounds if first.x0 < b - CROSS_SLACK and first.x1 > b + CROSS_SLACK)
    if crossed >= 2:
        return None
    top = first.y0 - CONTINUED_ABOVE
    rule_tops = [r.y for r in pd.rul.horiz if r.y < first.y0 and covers(r, carry[0].x0, carry[-1].x1, TOP_RULE_SHARE)]
    if rule_tops:
        top = max(rule_tops) - CONTINUED_RULE
    bottom = chart_bottom(segs, carry, top, pd.height, pd.rul)
    if bottom - top <= MIN_CONTINUED:
        return None
    return Chart(top, bottom, columns_copy(carry), set(), top)


def plain_page(pd: PageData) -> Page:
    """A page no coverage statement can come from: its lines in content order, running headers
    and footers dropped, no chart, list or column analysis. Paragraphs are pymupdf's blocks,
    split where the type size changes and below a heading line (the rules `order` uses), so a
    heading carried on to later pages is seen as one."""
    _, segs = _without_furniture(pd)
    units: list[list[Seg]] = []
    for s in segs:
        last = units[-1][-1] if units else None
        if last is None or s.words[0].block != last.words[0].block or size_change(s, last):
            units.append([s])
        else:
            units[-1].append(s)
    words: list[Word] = []
    line = 0
    for block, unit in enumerate(part for u in units for part in split_heading(u)):
        for s in unit:
            for w in s.words:
                w.block, w.line = block, line
                words.append(w)
            line += 1
    text = "\n".join(s.text for s in segs)
    return Page(pd.number, pd.width, pd.height, text, words, [], [], pd.ocr)


def analyse(
    pd: PageData, prev_rows: list[Row], carry: list[Col] | None = None, carry_list: tuple[str, str] | None = None
) -> tuple[Page, list[Col] | None, tuple[str, str] | None]:
    """One page -> Page; also the chart columns when the chart runs on to the next page, and
    the list still open at the page's end."""
    words, segs = _without_furniture(pd)
    rows: list[Row] = []
    chart_words: set[int] = set()
    chart_span: tuple[float, float] | None = None
    runs_on: list[Col] | None = None
    band = pd.header_band
    chart: Chart | None = None
    if band:
        chart = _headed_chart(pd, band, words, segs)
    elif carry and segs:
        chart = _continued_chart(pd, carry, segs)
    if chart is not None:
        body_words = [w for w in words if id(w) not in chart.header_words]
        drafts = chart_rows(chart, body_words, pd.rul)
        rows = rows_from_drafts(pd.number, chart, drafts, prev_rows)
        if band or any(r.service and not r.continued for r in rows) or (rows and rows[0].continued):
            chart_words = chart.header_words | {id(w) for r in rows for ws in r.cell_words.values() for w in ws}
            chart_span = (chart.header_y0, chart.bottom)
            if rows and not any(s.y0 > chart.bottom for s in segs):
                runs_on = chart.cols  # nothing after the chart on this page: it may go on
        else:
            rows = []
    rest_segs = [s for s in segs if not all(id(w) in chart_words for w in s.words)]
    if chart_span:
        rest_segs = [s for s in rest_segs if not (chart_span[0] - SLACK <= s.yc <= chart_span[1])]
    found, list_words, open_list = lists(pd.number, rest_segs, pd.height, carry_list)
    prose_segs = [s for s in rest_segs if not all(id(w) in list_words for w in s.words)]
    page = assemble(pd.number, pd.width, pd.height, pd.ocr, prose_segs, rows, found, chart_span)
    page.hidden = pd.hidden
    return page, runs_on, open_list
