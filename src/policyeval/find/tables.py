"""Rows of tables other than the SBC chart (an EOC's schedule of benefits, a policy's code table).
Prose order reads such a table column by column, which would part "Infusion therapy" from its
"Prior authorization required" note; so a short label line that names a concept, with two or more
other columns' text on the same band, is read as one row."""

from __future__ import annotations

from ..models import BBox, Page, Row, Word
from .sentences import SUBJECT_KINDS, Matcher, text_of

# A label line longer than this (words) is prose, not a row label.
MAX_LABEL_WORDS = 10
# Smallest line height assumed (points), for bands of tiny text.
MIN_LINE_HEIGHT = 4.0
# A cell's next line starts within this many line heights below its last line.
WRAP_GAP = 0.8
# Slack (points) when comparing column edges.
EDGE_SLACK = 1.0
ROLES = ["in_network", "out_of_network", "limitations"]


def _box(ws: list[Word]) -> BBox:
    return (
        min(w.bbox[0] for w in ws),
        min(w.bbox[1] for w in ws),
        max(w.bbox[2] for w in ws),
        max(w.bbox[3] for w in ws),
    )


def table_rows(page: Page, skip: set[int], match: Matcher, heading: str) -> list[Row]:
    """Rows read from the page's words not already in a chart row or list (`skip`: word ids)."""
    lines: dict[int, list[Word]] = {}
    for w in page.words:
        if id(w) not in skip:
            lines.setdefault(w.line, []).append(w)
    if len(lines) < 3:
        return []
    lb = {k: _box(ws) for k, ws in lines.items()}
    block_of = {k: ws[0].block for k, ws in lines.items()}
    rows: list[Row] = []
    used: set[int] = set()
    for k, ws in lines.items():
        if k in used or len(ws) > MAX_LABEL_WORDS:
            continue
        ms = match(ws)
        if not any(m.group == "concept" and m.kind in SUBJECT_KINDS for m in ms) or any(
            m.group == "modifier" and m.key in ("prior_authorization", "excluded", "covered") for m in ms
        ):
            continue
        cols = _row_columns(k, lb, block_of, used)
        if len(cols) < 2:
            continue
        cells: dict[str, list[Word]] = {}
        for i, js in enumerate(cols):
            role = ROLES[min(i, 2)]
            cells[role] = cells.get(role, []) + [w for j in sorted(js, key=lambda j: lb[j][1]) for w in lines[j]]
        used.add(k)
        used.update(j for js in cols for j in js)
        all_boxes = [lb[k]] + [lb[j] for js in cols for j in js]
        x0 = lb[k][0]
        rows.append(
            Row(
                page.number,
                heading,
                text_of(ws),
                {r: text_of(v) for r, v in cells.items()},
                (x0, min(b[1] for b in all_boxes), max(b[2] for b in all_boxes), max(b[3] for b in all_boxes)),
                False,
                {"section": [], "service": ws, **cells},
            )
        )
    return rows


def _row_columns(k: int, lb: dict[int, BBox], block_of: dict[int, int], used: set[int]) -> list[list[int]]:
    """The lines right of label line `k` on its band, grouped by column (block), left to right;
    a cell that wraps runs on below the label's last line, line by line, until the next row."""
    x0, y0, x1, y1 = lb[k]
    h = max(MIN_LINE_HEIGHT, y1 - y0)
    # the row ends where the next line of the label's own column begins
    below = [
        b[1]
        for j, b in lb.items()
        if j != k and block_of[j] == block_of[k] and b[1] > y0 + 0.5 * h and b[0] < x1 and x0 < b[2]
    ]
    end = min(below) - 0.5 if below else y1 + 0.5 * h
    right = [
        j
        for j, b in lb.items()
        if j != k and j not in used and b[0] >= x1 - EDGE_SLACK and y0 - 0.5 * h <= (b[1] + b[3]) / 2 < end
    ]
    by_col: dict[int, list[int]] = {}
    for j in right:
        by_col.setdefault(block_of[j], []).append(j)
    limit = min(below) - 0.5 if below else float("inf")
    for js in by_col.values():
        more = True
        while more:
            more = False
            last = max(js, key=lambda j: lb[j][3])
            for j, bb in lb.items():
                if j in js or j in used or j == k or block_of[j] != block_of[last]:
                    continue
                if (
                    0 <= bb[1] - lb[last][3] < WRAP_GAP * h
                    and bb[1] < limit
                    and bb[0] < lb[last][2]
                    and lb[last][0] < bb[2]
                ):
                    js.append(j)
                    more = True
                    break
    return sorted(by_col.values(), key=lambda js: min(lb[j][0] for j in js))
