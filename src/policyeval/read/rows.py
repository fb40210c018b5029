"""The benefits chart's rows: the bands between its row rulings (or, in a chart drawn without
lines, the blocks its Services column starts), each cell's words by column role, and the Row
values with the Common Medical Event carried down. All distances in PDF points."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import Row, Word
from .chart import Chart, Col
from .geometry import SLACK, x_center, y_center
from .lines import cell_text, lines_of, ordered
from .rulings import Rule, Rulings, covers, distinct_ys

EDGE = SLACK  # points: words this close outside the chart's top or a row's edge still belong to it
RULE_REACH = 3.0  # points outside the chart a ruling may lie and still bound its rows
INNER = 2.0  # points: a ruling must lie this far inside the chart to split rows
MIN_ROW_HEIGHT = 2.0  # points: thinner bands between rulings are double lines, not rows
OWN_RULINGS_SHARE = 0.3  # a column with fewer of the chart's row rulings than this share has none of its own
BLOCK_GAP_LINES = 0.45  # a vertical gap wider than this many line heights starts a new block
START_ALIGN_LINES = 0.4  # a service line this close (line heights) to a cost cell's top starts a row


@dataclass
class RowDraft:
    y0: float
    y1: float
    cells: dict[str, list[Word]] = field(default_factory=dict)


def chart_rows(chart: Chart, words: list[Word], rul: Rulings) -> list[RowDraft]:
    """The chart's rows with each cell's words, from its rulings (or its text blocks if none)."""
    service = chart.col("service")
    assert service is not None
    top, bottom = chart.top, chart.bottom
    x_left, x_right = chart.cols[0].x0, chart.cols[-1].x1
    body = [w for w in words if top - EDGE <= y_center(w) <= bottom and x_left <= x_center(w) <= x_right]
    if not body:
        return []
    rules = [
        r for r in rul.horiz if top - RULE_REACH <= r.y <= bottom + RULE_REACH and r.x1 > x_left and r.x0 < x_right
    ]
    row_ys = distinct_ys([r for r in rules if covers(r, service.x0, service.x1)])
    if len([y for y in row_ys if top + INNER < y < bottom - INNER]) < 1 and rul.fills:
        fills = [
            r for r in rul.fills if top - RULE_REACH <= r.y <= bottom + RULE_REACH and covers(r, service.x0, service.x1)
        ]
        if len(fills) >= 2:
            rules = rules + fills
            row_ys = distinct_ys([r for r in rules if covers(r, service.x0, service.x1)])
    inner = [y for y in row_ys if top + INNER < y < bottom - INNER]
    by_col = {c.role: [w for w in body if c.x0 <= x_center(w) < c.x1] for c in chart.cols}
    if inner:
        return _ruled_rows(chart, by_col, rules, inner)
    return _unruled_rows(by_col, top, bottom)


def _ruled_rows(chart: Chart, by_col: dict[str, list[Word]], rules: list[Rule], inner: list[float]) -> list[RowDraft]:
    """Rows between the row rulings; a column with rulings of its own (a merged Limitations or
    Common Medical Event cell) gives each row the cell its middle lies in."""
    top, bottom = chart.top, chart.bottom
    bounds = [top] + inner + [bottom]
    drafts = [RowDraft(a, b) for a, b in zip(bounds, bounds[1:]) if b - a >= MIN_ROW_HEIGHT]
    col_ys: dict[str, list[float]] = {}
    for c in chart.cols:
        ys = distinct_ys([r for r in rules if covers(r, c.x0, c.x1)])
        ys = [y for y in ys if top + INNER < y < bottom - INNER]
        if (c.role != "section" and len(ys) < OWN_RULINGS_SHARE * len(inner)) or (c.role == "section" and not ys):
            ys = inner  # this column has no rulings of its own: cells are the rows
        col_ys[c.role] = ys
    for c in chart.cols:
        ys = [top] + col_ys[c.role] + [bottom]
        for d in drafts:
            mid = (d.y0 + d.y1) / 2
            lo = max((y for y in ys if y <= mid), default=top)
            hi = min((y for y in ys if y > mid), default=bottom)
            a = lo - EDGE if lo == top else lo
            z = hi + EDGE if hi == bottom else hi
            d.cells[c.role] = [w for w in by_col[c.role] if a <= y_center(w) < z]
    return [d for d in drafts if any(d.cells.get(c.role) for c in chart.cols)]


def _blocks(words: list[Word]) -> list[list[list[Word]]]:
    """Lines of one column grouped into blocks separated by more than ~half a line of space."""
    blocks: list[list[list[Word]]] = []
    for ln in lines_of(words):
        top = min(w.bbox[1] for w in ln)
        h = max(w.bbox[3] - w.bbox[1] for w in ln)
        if blocks:
            prev = blocks[-1][-1]
            prev_bottom = max(w.bbox[3] for w in prev)
            if top - prev_bottom < BLOCK_GAP_LINES * h:
                blocks[-1].append(ln)
                continue
        blocks.append([ln])
    return blocks


def _service_starts(by_col: dict[str, list[Word]]) -> list[tuple[float, float]]:
    """(top, bottom) of each Services block, split where a line starts beside a cost cell's top."""
    cost_tops = [min(w.bbox[1] for w in b[0]) for b in _blocks(by_col.get("in_network", []))]
    starts: list[tuple[float, float]] = []
    for blk in _blocks(by_col.get("service", [])):
        cur_top = min(w.bbox[1] for w in blk[0])
        cur_bottom = max(w.bbox[3] for w in blk[0])
        for ln in blk[1:]:
            ltop = min(w.bbox[1] for w in ln)
            h = max(w.bbox[3] - w.bbox[1] for w in ln)
            if any(abs(t - ltop) < START_ALIGN_LINES * h for t in cost_tops) and not ln[0].text[:1].islower():
                starts.append((cur_top, cur_bottom))
                cur_top = ltop
            cur_bottom = max(w.bbox[3] for w in ln)
        starts.append((cur_top, cur_bottom))
    return starts


def _unruled_rows(by_col: dict[str, list[Word]], top: float, bottom: float) -> list[RowDraft]:
    """A chart with no rulings: a row starts where a Services block starts (or where a cost cell
    starts beside a Services line); each other cell goes to the row its block starts in."""
    if not by_col.get("service"):
        return []
    starts = _service_starts(by_col)
    # let a row begin as high as the first cell that starts after the previous service text
    tops = []
    other_tops = [min(w.bbox[1] for w in b[0]) for role, ws in by_col.items() if role != "service" for b in _blocks(ws)]
    prev_bottom = top - EDGE
    for s_top, s_bottom in starts:
        cands = [t for t in other_tops if prev_bottom < t < s_top]
        tops.append(min([s_top] + cands))
        prev_bottom = s_bottom
    drafts = []
    for i, t in enumerate(tops):
        y0 = t - EDGE if i else top
        y1 = tops[i + 1] - EDGE if i + 1 < len(tops) else bottom
        drafts.append(RowDraft(y0, y1))
    for role, ws in by_col.items():
        for blk in _blocks(ws):
            btop = min(w.bbox[1] for w in blk[0])
            target = drafts[0]
            for d in drafts:
                if d.y0 <= btop + EDGE:
                    target = d
            target.cells.setdefault(role, []).extend(w for ln in blk for w in ln)
    return drafts


def _merge_into_previous(prev: Row, d: RowDraft, cost_roles: list[str]) -> None:
    """A band with no service text belongs to the row above (a cell taller than its service)."""
    for role in cost_roles:
        have = {id(x) for x in prev.cell_words.get(role, [])}
        extra = [w for w in d.cells.get(role, []) if id(w) not in have]
        if extra:
            prev.cell_words[role] = prev.cell_words.get(role, []) + ordered(extra)
            prev.cells[role] = cell_text(prev.cell_words[role])
    prev.bbox = (prev.bbox[0], prev.bbox[1], prev.bbox[2], d.y1)


class _Sections:
    """The Common Medical Event carried down the rows: a section cell starting with "If" starts a
    new one; any other adds to the current one (a cell split by a row ruling)."""

    def __init__(self, prev_rows: list[Row]):
        self.text = prev_rows[-1].section if prev_rows else ""
        self.words: list[Word] = []  # only words on this page: evidence boxes must be on its page
        self.seen: set[tuple[int, ...]] = set()
        self.start = 0

    def take(self, sec_ws: list[Word], rows: list[Row]) -> None:
        key = tuple(sorted(id(w) for w in sec_ws))
        if not sec_ws or key in self.seen:
            return
        self.seen.add(key)
        text = cell_text(sec_ws)
        first = text.split(" ", 1)[0].lower()
        if first == "if" or not self.text:
            self.text, self.words = text, ordered(sec_ws)
            self.start = len(rows)
        else:
            self.text = f"{self.text} {text}"
            self.words = self.words + ordered(sec_ws)
            for r in rows[self.start :]:  # the rows above share this Common Medical Event
                r.section = self.text
                r.cell_words["section"] = self.words


def rows_from_drafts(page_no: int, chart: Chart, drafts: list[RowDraft], prev_rows: list[Row]) -> list[Row]:
    """Row values from the drafts; a first band with no service continues the previous page's row."""
    rows: list[Row] = []
    sections = _Sections(prev_rows)
    x0, x1 = chart.cols[0].x0, chart.cols[-1].x1
    cost_roles = [c.role for c in chart.cols if c.role not in ("section", "service")]
    for i, d in enumerate(drafts):
        sections.take(d.cells.get("section", []), rows)
        svc_ws = ordered(d.cells.get("service", []))
        service = cell_text(svc_ws)
        continued = False
        if not service:
            if rows:
                _merge_into_previous(rows[-1], d, cost_roles)
                continue
            if prev_rows and i == 0:
                service = prev_rows[-1].service
                svc_ws = []
                continued = True
            elif not any(d.cells.get(r) for r in cost_roles):
                continue
        cell_words = {"section": sections.words, "service": svc_ws}
        cells = {}
        for role in cost_roles:
            ws = ordered(d.cells.get(role, []))
            cell_words[role] = ws
            cells[role] = cell_text(ws)
        rows.append(Row(page_no, sections.text, service, cells, (x0, d.y0, x1, d.y1), continued, cell_words))
    return rows


def columns_copy(cols: list[Col]) -> list[Col]:
    """Fresh copies of a chart's columns (a continued chart must not move the previous page's)."""
    return [Col(c.role, c.x0, c.x1) for c in cols]
