"""Rows of tables other than the SBC chart (an EOC's schedule of benefits, a policy's code table).
Prose order reads such a table column by column, which would part "Infusion therapy" from its
"Prior authorization required" note; so a short label line that names a concept, with two or more
other columns' text on the same band, is read as one row.

A column whose header asks a question the cells answer ("Covered?", "Prior authorization
required?", "Service authorization needed?", "Step therapy") is an answer column: its role is
`answer_<modifier>` and find.rows reads its Yes / No through the header's meaning."""

from __future__ import annotations

import re

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
ANSWER = "answer_"  # role prefix of a column whose header carries the meaning of its Yes / No cells
# modifiers a header may ask about, and header words that ask about approval outside the lexicon
ANSWERED = ("prior_authorization", "step_therapy", "quantity_limit", "excluded", "covered")
_APPROVAL_HEAD = re.compile(r"\b(approvals?|authori[sz]ations?|pre-?approv\w*|pre-?cert\w*)\b", re.I)
# A cell that answers Yes or No (group 1: yes).
YES_NO = re.compile(r"^\s*(?:(yes|y|required|✓|✔|☑|☒|x)|(no|n|not\s+required|✗|✘|☐))(?=\s|[.,;:*(]|$)", re.I)
# Header words that make coverage conditional ("Covered only under specific conditions").
_CONDITIONAL_HEAD = re.compile(r"\b(only|specific|certain|some|limited)\b", re.I)
# A row label goes on in the next line after these words.
_GOES_ON = {"the", "of", "and", "or", "to", "for", "in", "with", "a", "an", "by", "on", "from", "at"}
_COVER_HEAD = re.compile(r"\bcover(?:ed|age)?\b", re.I)
# A cell that states a row's status by itself.
_STATUS = re.compile(r"^\s*(?:covered|not\s+covered|non-?covered|excluded|no\s+coverage)\b", re.I)
# A cost cell's line labelled by the network it prices (group 1: out of network).
_NETWORK_LABEL = re.compile(
    r"^\s*(?:(non-?\s?participating|out-?\s?of-?\s?network|non-?\s?network|non-?\s?preferred|non-?\s?plan)"
    r"|preferred|participating|in-?\s?network|network|plan|tier\s*\d)(?:\s+providers?)?\s*:",
    re.I,
)
# A header cell may wrap over this many lines; a column is followed up this many line heights at a gap.
HEADER_LINES = 3
COLUMN_GAP = 5.0
HEADER_WRAP_OTHER_BLOCK = 0.35  # line heights: a header line in another text block wraps the header only this close


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
        label = [k] + _label_wraps(k, lines, lb, block_of, used)
        cols = _row_columns(k, lb, block_of, used, set(label))
        if not cols:
            continue
        answers = _answer_roles(k, cols, lines, lb, block_of, match)
        if len(cols) < 2 and not answers[0] and not _status_cell(k, cols[0], lines, lb):
            continue  # one cell beside a label is a row only under a header that gives it meaning, or a status
        cells = _cells(cols, answers, lines, lb)
        used.update(label)
        used.update(j for js in cols for j in js)
        all_boxes = [lb[j] for j in label] + [lb[j] for js in cols for j in js]
        x0 = lb[k][0]
        service = [w for j in label for w in lines[j]]
        rows.append(
            Row(
                page.number,
                heading,
                text_of(service),
                {r: text_of(v) for r, v in cells.items()},
                (x0, min(b[1] for b in all_boxes), max(b[2] for b in all_boxes), max(b[3] for b in all_boxes)),
                False,
                {"section": [], "service": service, **cells},
            )
        )
    return rows


def _cells(
    cols: list[list[int]], answers: list[str], lines: dict[int, list[Word]], lb: dict[int, BBox]
) -> dict[str, list[Word]]:
    """A row's cells by role: an answer column by its header's meaning, a cost cell priced network by
    network split by network (other text beside it is then a note), the rest by position."""
    cells: dict[str, list[Word]] = {}
    i = 0
    networked = any(_network_lines([lines[j] for j in sorted(js, key=lambda j: lb[j][1])]) for js in cols)
    for js, answer in zip(cols, answers):
        ordered_js = sorted(js, key=lambda j: lb[j][1])
        by_network = _network_lines([lines[j] for j in ordered_js])
        if by_network and not answer:
            for role, ws in by_network.items():
                cells[role] = cells.get(role, []) + ws
            continue
        if answer:
            role = answer
        elif networked:
            role = "limitations"
        else:
            role = ROLES[min(i, 2)]
            i += 1
        cells[role] = cells.get(role, []) + [w for j in ordered_js for w in lines[j]]
    return cells


def _label_wraps(
    k: int, lines: dict[int, list[Word]], lb: dict[int, BBox], block_of: dict[int, int], used: set[int]
) -> list[int]:
    """The lines a row label wraps on to ("Ketamine infusions for" / "depression or other mental"):
    the next lines of its block, a line's gap below, that go on mid-phrase (lower case, or after a
    line ending in a function word or a comma)."""
    out: list[int] = []
    last = k
    while True:
        x0, _y0, x1, y1 = lb[last]
        h = max(MIN_LINE_HEIGHT, y1 - lb[last][1])
        nxt = [
            j
            for j, b in lb.items()
            if j not in used
            and j != last
            and block_of[j] == block_of[k]
            and 0 <= b[1] - y1 < WRAP_GAP * h
            and abs(b[0] - lb[k][0]) <= 2 * EDGE_SLACK + 1
        ]
        if len(nxt) != 1 or len(out) >= HEADER_LINES:
            return out
        j = nxt[0]
        tail = lines[last][-1].text.lower()
        if not (lines[j][0].text[:1].islower() or tail.rstrip(",") in _GOES_ON or tail.endswith((",", "-"))):
            return out
        out.append(j)
        last = j


def _row_columns(
    k: int, lb: dict[int, BBox], block_of: dict[int, int], used: set[int], label: set[int] | None = None
) -> list[list[int]]:
    """The lines right of label line `k` on its band, grouped by column (block), left to right;
    a cell that wraps runs on below the label's last line, line by line, until the next row."""
    x0, y0, x1, y1 = lb[k]
    h = max(MIN_LINE_HEIGHT, y1 - y0)
    label = label or {k}
    # the row ends where the next line of the label's own column begins
    below = [
        b[1]
        for j, b in lb.items()
        if j not in label and block_of[j] == block_of[k] and b[1] > y0 + 0.5 * h and b[0] < x1 and x0 < b[2]
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
                if j in js or j in used or j == k:
                    continue
                same_block = block_of[j] == block_of[last]
                if not same_block and abs(bb[0] - lb[last][0]) > EDGE_SLACK:
                    continue  # another block goes on the cell only left-aligned with it ...
                if (
                    0 <= bb[1] - lb[last][3] < (WRAP_GAP if same_block else HEADER_WRAP_OTHER_BLOCK) * h
                    and bb[1] < limit
                    and bb[0] < lb[last][2]
                    and lb[last][0] < bb[2]
                ):
                    js.append(j)
                    more = True
                    break
    return sorted(by_col.values(), key=lambda js: min(lb[j][0] for j in js))


def _column_above(first: int, lb: dict[int, BBox], floor: float | None = None) -> list[int]:
    """The lines stacked above line `first` in its column (left edges aligned), nearest first: up to
    a gap wider than a few line heights or, given a `floor` (y), every one down to it (a column of
    sparse check marks has wide gaps)."""
    x0, y0, _x1, y1 = lb[first]
    h = max(MIN_LINE_HEIGHT, y1 - y0)
    above = sorted(
        (j for j, b in lb.items() if b[3] <= y0 + EDGE_SLACK and abs(b[0] - x0) <= 2 * EDGE_SLACK + 1),
        key=lambda j: -lb[j][1],
    )
    out: list[int] = []
    top = y0
    for j in above:
        if (floor is None and top - lb[j][3] > COLUMN_GAP * h) or (floor is not None and lb[j][1] < floor):
            break
        out.append(j)
        top = lb[j][1]
    return out


def _header_line(k: int, first: int, lb: dict[int, BBox]) -> int | None:
    """The header of the column whose line `first` is a cell in the row labelled by line `k`: the
    topmost line above it that is level with a line above the label in the label's column (the
    table's header row)."""
    label_tops = [lb[j][1] for j in _column_above(k, lb)]
    if not label_tops:
        return None
    h = max(MIN_LINE_HEIGHT, lb[k][3] - lb[k][1])
    column = _column_above(first, lb, min(label_tops) - 0.5 * h)
    level = [j for j in column if any(abs(lb[j][1] - t) <= 0.5 * h for t in label_tops)]
    return min(level, key=lambda j: lb[j][1]) if level else None


def _network_lines(cell: list[list[Word]]) -> dict[str, list[Word]]:
    """A cost cell whose lines are labelled by network ("Preferred: $35 copayment", "Participating: 35%",
    "Non-participating: You pay all charges"): its words by network role (network tiers in order,
    then out_of_network); a line with no label goes on with the one above. Empty unless at least two
    lines carry labels and one of them is out of network."""
    out: dict[str, list[Word]] = {}
    role, tiers, labelled, oon = "", 0, 0, False
    for line in cell:
        m = _NETWORK_LABEL.match(text_of(line))
        if m:
            labelled += 1
            if m.group(1):
                role, oon = "out_of_network", True
            else:
                tiers += 1
                role = "in_network" if tiers == 1 else f"in_network_{tiers}"
        if role:
            out.setdefault(role, []).extend(line)
    return out if labelled >= 2 and oon else {}


def _status_cell(k: int, col: list[int], lines: dict[int, list[Word]], lb: dict[int, BBox]) -> bool:
    """A status column's cell ("Covered", "Excluded", "Covered – prior authorization") in a table with
    a header row (the label's column and the cell's both have a header, level with each other)."""
    first = min(col, key=lambda j: lb[j][1])
    return bool(_STATUS.match(text_of(lines[first]))) and _header_line(k, first, lb) is not None


def _answer_roles(
    k: int,
    cols: list[list[int]],
    lines: dict[int, list[Word]],
    lb: dict[int, BBox],
    block_of: dict[int, int],
    match: Matcher,
) -> list[str]:
    """Each column's answer role ('' for a column whose header asks nothing)."""
    out = []
    for js in cols:
        first = min(js, key=lambda j: lb[j][1])
        if yes_no(text_of(lines[first])) is None:
            out.append("")  # not an answer: a description column ("What we cover") keeps its place
            continue
        head = _header_line(k, first, lb)
        out.append("" if head is None else answer_role(_header_cell(head, first, lines, lb, block_of), match))
    return out


def _header_cell(
    head: int, first: int, lines: dict[int, list[Word]], lb: dict[int, BBox], block_of: dict[int, int]
) -> list[Word]:
    """The header cell's words: its first line and the lines that wrap under it (same block, a line's
    gap; another block only at a much closer gap)."""
    words = list(lines[head])
    below = [j for j in reversed(_column_above(first, lb, lb[head][1])) if lb[j][1] > lb[head][1]]
    last = head
    for j in below[:HEADER_LINES]:
        h = max(MIN_LINE_HEIGHT, lb[last][3] - lb[last][1])
        gap = lb[j][1] - lb[last][3]
        if gap > (WRAP_GAP if block_of[j] == block_of[head] else HEADER_WRAP_OTHER_BLOCK) * h:
            break
        words += lines[j]
        last = j
    return words


def answer_role(words: list[Word], match: Matcher) -> str:
    """`answer_<modifier>` when a column header asks about one modifier (a question or a bare
    requirement name: "Covered?", "Approval needed", "Step therapy", "Not covered under any
    condition"), `answer_conditional` for coverage only under conditions ("Covered only under specific
    conditions": a mark there is no exclusion, and no plain coverage either), else ''."""
    text = text_of(words)
    if len(words) > MAX_LABEL_WORDS or text.rstrip().endswith("."):
        return ""
    keys = list(dict.fromkeys(m.key for m in match(words) if m.group == "modifier" and m.key in ANSWERED))
    if not keys and _APPROVAL_HEAD.search(text):
        keys = ["prior_authorization"]
    if ("covered" in keys or "excluded" in keys or _COVER_HEAD.search(text)) and _CONDITIONAL_HEAD.search(text):
        return ANSWER + "conditional"
    if "excluded" in keys:
        return ANSWER + "excluded"  # "Not covered" reads as both
    return ANSWER + keys[0] if len(keys) == 1 else ""


def yes_no(text: str) -> bool | None:
    """A Yes / No cell: True, False, or None (N/A, blank, anything else)."""
    m = YES_NO.match(text)
    if not m:
        return None
    return m.group(1) is not None
