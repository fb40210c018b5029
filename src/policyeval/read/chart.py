"""The SBC benefits chart's frame: its header lines ('Common Medical Event | Services You May
Need | What You Will Pay | Limitations...'), the column each header names (by role: section,
service, in_network, out_of_network, limitations), and where the chart ends on the page.

Columns come from the rulings crossing the header where there are any, else from the header's
words stacked into phrases, with each boundary put in the whitespace valley the chart's own words
leave. All distances in PDF points; `..._LINES` values are multiples of a line's height.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lexicon import squash
from ..models import Word
from .geometry import PAGE_END_FRACTION, SLACK, Seg, seg_of, x_center, y_center
from .rulings import Rulings

_HEADER_VOCAB = set(
    """common medical event events services service you may need what will pay your cost costs
if use a an the network in out of innetwork outofnetwork nonnetwork non provider providers participating
nonparticipating preferred nonpreferred plan nonplan limitations limitation exceptions exception and other
important information least most standard enhanced benefits benefit contracted noncontracted designated par
nonpar for at or with member responsibility tier tier1 tier2 inn oon level""".split()
)
_FUNCTION_WORDS = set("if you your a an the and or of in for at with to by".split())
# Headings that come after the chart: the chart ends above them.
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

HEADER_VOCAB_SHARE = 0.6  # fraction of a line's content words that must be header words
WRAP_MIN_LINES = 0.4  # "Need" wrapped under "Services You May": between this ...
WRAP_MAX_LINES = 2.2  # ... and this many line heights below it
HEADER_REACH = 60.0  # points above and below the anchor line the header may reach
HEADER_MIN_WIDTH = 200.0  # points: the anchor's width never counts as less ...
HEADER_RULE_SPAN = 2.5  # ... and a ruling this many anchor widths long closes the header
BAND_GAP_LINES = 0.9  # header lines this close (in line heights) belong to one band
VERT_BELOW = 2.0  # points: a vertical ruling must reach this close above the header's bottom ...
VERT_ABOVE = 6.0  # ... and start no lower than this above it, to split the header into columns
PAGE_SLACK = 1.0  # points a ruling may lie outside the page and still count
DISTINCT_X = 3.0  # points: vertical rulings closer than this are one column boundary
EDGE_SLACK = 3.0  # points header words may stick out past the outer rulings before they get a column
MIN_COL_WIDTH = 12.0  # points: narrower gaps between rulings are not columns
MIN_COLUMNS = 3  # a chart header names at least this many columns
PHRASE_GAP = 6.0  # points: a wider gap between header words splits a phrase ...
PHRASE_GAP_LINES = 0.55  # ... or wider than this many line heights
STACK_SLACK = 1.0  # points: phrases this close in x stack into one column
CROSS_SLACK = 3.0  # points a line must run past a column boundary to cross it
SPANNING_SHARE = 0.5  # fraction of the chart's width a ruling must span to be one of its row lines
FRAME_SLACK = 2.0  # points: a vertical frame line this close outside the chart is its frame
RULE_ABOVE_TOP = 2.0  # points above the chart's top a row ruling may lie
ROLE_LINE_BUCKET = 3.0  # points: header words are read line by line in bands this tall
MIN_VALLEY_RANGE = 3  # points: a narrower range between two header groups has no valley to find


@dataclass
class Col:
    role: str
    x0: float
    x1: float


@dataclass
class Chart:
    top: float
    bottom: float
    cols: list[Col]
    header_words: set[int]  # id() of header words
    header_y0: float = 0.0

    def col(self, role: str) -> Col | None:
        return next((c for c in self.cols if c.role == role), None)


def _vocab_line(seg: Seg) -> bool:
    toks = [squash(w.text).strip("|") for w in seg.words]
    toks = [t for t in toks if t and t not in _FUNCTION_WORDS]
    if not toks:
        return False
    hits = sum(1 for t in toks if t in _HEADER_VOCAB or t.rstrip("s") in _HEADER_VOCAB)
    return hits / len(toks) >= HEADER_VOCAB_SHARE


ANCHOR = "servicesyoumayneed"
ANCHOR_MIN = len("services")  # a line must end with at least this much of the anchor phrase to start it


def _completes(s: Seg, rest: str, segs: list[Seg], depth: int = 2) -> bool:
    """The lines stacked under `s` (within a wrapped line's reach, overlapping it in x) go on
    with `rest` of the anchor phrase, over at most `depth` more lines."""
    for t in segs:
        if not (WRAP_MIN_LINES * s.h < t.yc - s.yc < WRAP_MAX_LINES * s.h and t.x0 < s.x1 and s.x0 < t.x1):
            continue
        if t.squashed.startswith(rest):
            return True
        if (
            depth > 1
            and t.squashed
            and rest.startswith(t.squashed)
            and _completes(t, rest[len(t.squashed) :], segs, depth - 1)
        ):
            return True
    return False


def _wrapped_start(s: Seg) -> int:
    """How much of the anchor phrase line `s` ends with (0: none, or too little to count)."""
    for n in range(len(ANCHOR) - 1, ANCHOR_MIN - 1, -1):
        if s.squashed.endswith(ANCHOR[:n]):
            return n
    return 0


def has_chart_anchor(segs: list[Seg]) -> bool:
    """The page may hold a chart header ('Services You May ...'): only then are drawings read."""
    return any("servicesyoumay" in s.squashed for s in segs) or bool(_anchors(segs))


def _anchors(segs: list[Seg]) -> list[Seg]:
    """Lines that hold 'Services You May Need', or start it and the lines below finish it ('Services
    You' over 'May Need', 'Services' over 'You May' over 'Need')."""
    anchors = [s for s in segs if ANCHOR in s.squashed]
    if not anchors:
        for s in segs:
            n = _wrapped_start(s)
            if n and _completes(s, ANCHOR[n:], segs):
                anchors.append(s)
    return anchors


def _band(anchor: Seg, segs: list[Seg], rul: Rulings | None) -> list[Seg]:
    """The header lines around `anchor`: header-vocabulary lines stacked close to it, down to the
    first ruling (or filled box edge) under it that spans the table."""
    limit = anchor.yc + HEADER_REACH
    if rul is not None:
        width = max(HEADER_MIN_WIDTH, anchor.x1 - anchor.x0)
        for r in sorted(rul.horiz + rul.fills, key=lambda r: r.y):
            if r.y > anchor.y1 - SLACK and r.x1 - r.x0 > HEADER_RULE_SPAN * width:
                limit = min(limit, r.y + SLACK)
                break
    near = [s for s in segs if anchor.yc - HEADER_REACH < s.yc < limit and _vocab_line(s)]
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
            if s.y0 <= y1 + BAND_GAP_LINES * s.h and s.y1 >= y0 - BAND_GAP_LINES * s.h:
                band.append(s)
                y0, y1 = min(y0, s.y0), max(y1, s.y1)
                changed = True
    return band


def find_header(segs: list[Seg], rul: Rulings | None = None) -> list[Seg] | None:
    """The chart's header lines ('Common Medical Event | Services You May Need | ...'), if any."""
    for anchor in _anchors(segs):
        band = _band(anchor, segs, rul)
        text = " ".join(s.squashed for s in band)
        if "limitation" in text or "common" in text or "medicalevent" in text or "provider" in text:
            return band
    return None


def _ruled_groups(
    band: list[Seg], rul: Rulings, page_width: float
) -> tuple[list[float], list[tuple[float, float, list[Word]]]]:
    """Vertical rulings crossing the lower part of the header band, and the header words between
    each pair of them (empty when fewer than three rulings cross)."""
    y1 = max(s.y1 for s in band)
    words = [w for s in band for w in s.words]
    xs_left = min(s.x0 for s in band)
    xs_right = max(s.x1 for s in band)
    verts = sorted(
        {
            round(x, 1)
            for x, a, b in rul.vert
            if a <= y1 - VERT_BELOW and b >= y1 - VERT_ABOVE and -PAGE_SLACK <= x <= page_width + PAGE_SLACK
        }
    )
    xs: list[float] = []
    for x in verts:
        if not xs or x - xs[-1] > DISTINCT_X:
            xs.append(x)
    groups: list[tuple[float, float, list[Word]]] = []
    if len(xs) >= MIN_COLUMNS:
        bounds = xs[:]
        if xs_left < bounds[0] - EDGE_SLACK:
            bounds.insert(0, xs_left - SLACK)
        if xs_right > bounds[-1] + EDGE_SLACK:
            bounds.append(xs_right + SLACK)
        for a, b in zip(bounds, bounds[1:]):
            if b - a < MIN_COL_WIDTH:
                continue
            ws = [w for w in words if a <= x_center(w) <= b]
            groups.append((a, b, ws))
    return xs, groups


def _header_text(words: list[Word]) -> str:
    """A header column's words read line by line, squashed."""
    return squash(
        " ".join(w.text for w in sorted(words, key=lambda w: (round(y_center(w) / ROLE_LINE_BUCKET), w.bbox[0])))
    )


def _role(words: list[Word]) -> str:
    """What a header column is, from its words."""
    t = _header_text(words)
    if "servicesyou" in t or t.startswith("services") or "mayneed" in t:
        return "service"
    if "common" in t or "medicalevent" in t or t == "event" or "medical" in t:
        return "section"
    if "limitation" in t or "exception" in t or "importantinformation" in t:
        return "limitations"
    if any(k in t for k in _APPROVAL_HEADS):
        return "answer_prior_authorization"  # a Yes / No column: "Prior authorization required?"
    return "cost"


# A cost column whose header says one of these is the out-of-network column.
_OUT_OF_NETWORK_HEADS = (
    "outofnetwork",
    "nonnetwork",
    "nonparticipating",
    "nonpar",
    "noncontracted",
    "nonpreferred",
    "nonplan",
    "nondesignated",
    "outsidethenetwork",
)


# A column whose header names approval holds Yes / No answers about prior authorization.
_APPROVAL_HEADS = ("authorization", "authorisation", "approval", "precert", "preauth", "preapprov")


def cost_column_roles(costs: list[Col], heads: list[str]) -> list[str]:
    """Each cost column's role by its header: out-of-network where the header says so, every other
    one a network tier (in_network, in_network_2, ...: 'Tier 1 Network Provider | Tier 2 Network
    Provider | Out-of-Network Provider'). With no header saying out-of-network, by position: the
    first in network, the rest out of network."""
    oon = [any(k in h for k in _OUT_OF_NETWORK_HEADS) for h in heads]
    if not any(oon) or all(oon):
        return ["in_network"] + ["out_of_network"] * (len(costs) - 1)
    roles, tier = [], 0
    for is_oon in oon:
        if is_oon:
            roles.append("out_of_network")
        else:
            tier += 1
            roles.append("in_network" if tier == 1 else f"in_network_{tier}")
    return roles


def _fold_roles(cols: list[Col], heads: list[str] | None = None) -> list[Col] | None:
    """Header groups -> the chart's columns: everything left of the service column is the
    Common Medical Event column, the cost columns are network tiers or out-of-network by their
    headers (`heads`: each group's squashed header text; see `cost_column_roles`), adjacent columns of
    one role merge, a Yes / No approval column keeps its own role, and the rest is limitations."""
    roles = [c.role for c in cols]
    if "service" not in roles:
        return None
    heads = heads or [""] * len(cols)
    si = roles.index("service")
    left = cols[:si]
    out: list[Col] = []
    if left:
        out.append(Col("section", min(c.x0 for c in left), max(c.x1 for c in left)))
    out.append(cols[si])
    rest = cols[si + 1 :]
    lim_i = next((i for i, c in enumerate(rest) if c.role == "limitations"), None)
    body = rest if lim_i is None else rest[:lim_i]
    costs = [(c, h) for c, h in zip(body, heads[si + 1 :]) if c.role == "cost"]
    named = cost_column_roles([c for c, _h in costs], [h for _c, h in costs])
    by_col = {id(c): role for (c, _h), role in zip(costs, named)}
    for c in body:
        role = by_col.get(id(c), c.role)
        if out[-1].role == role:
            out[-1].x1 = c.x1
        else:
            out.append(Col(role, c.x0, c.x1))
    if lim_i is not None:
        tail = rest[lim_i:]
        out.append(Col("limitations", tail[0].x0, max(c.x1 for c in tail)))
    return out


def header_columns(
    band: list[Seg], rul: Rulings, page_width: float, body: list[Word] | None = None
) -> list[Col] | None:
    """The chart's columns from its header band, contiguous across the page's width."""
    xs, groups = _ruled_groups(band, rul, page_width)
    if len(xs) < MIN_COLUMNS:
        groups = _cluster_header(band)
    if len(groups) < MIN_COLUMNS:
        return None
    out = _fold_roles([Col(_role(ws), a, b) for a, b, ws in groups], [_header_text(ws) for _a, _b, ws in groups])
    if out is None:
        return None
    # make the columns contiguous; with no rulings, put each boundary in the whitespace valley the
    # chart's own words leave between the two header groups
    if len(xs) < MIN_COLUMNS:
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
            if b.x0 - a.x1 > SLACK:
                mid = (a.x1 + b.x0) / 2
                a.x1, b.x0 = mid, mid
    return out


def _coverage(words: list[Word], width: float) -> list[int]:
    """How many words cover each whole point of x (a profile across the page)."""
    cover = [0] * (int(width) + 2)
    for w in words:
        for x in range(max(0, int(w.bbox[0])), min(len(cover), int(w.bbox[2]) + 1)):
            cover[x] += 1
    return cover


def _valley(cover: list[int], lo: int, hi: int) -> float | None:
    """Middle of the widest run of least coverage in [lo, hi)."""
    lo, hi = max(0, lo), min(len(cover), hi)
    if hi - lo < MIN_VALLEY_RANGE:
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


def _cluster_header(band: list[Seg]) -> list[tuple[float, float, list[Word]]]:
    """Columns from header words alone: stack phrases that overlap in x, bottom line first; a
    phrase spanning two stacks ('Your cost if you use a') belongs to neither."""
    phrases: list[Seg] = []
    for s in band:
        cur = [s.words[0]]
        for w in s.words[1:]:
            if w.bbox[0] - cur[-1].bbox[2] > max(PHRASE_GAP, PHRASE_GAP_LINES * (w.bbox[3] - w.bbox[1])):
                phrases.append(seg_of(cur))
                cur = [w]
            else:
                cur.append(w)
        phrases.append(seg_of(cur))
    phrases.sort(key=lambda p: -p.yc)
    stacks: list[tuple[list[float], list[Word]]] = []  # ([x0, x1], words)
    for p in phrases:
        hits = [st for st in stacks if p.x0 < st[0][1] + STACK_SLACK and st[0][0] < p.x1 + STACK_SLACK]
        if not hits:
            stacks.append(([p.x0, p.x1], list(p.words)))
        elif len(hits) == 1:
            span, ws = hits[0]
            span[0], span[1] = min(span[0], p.x0), max(span[1], p.x1)
            ws.extend(p.words)
    stacks.sort(key=lambda st: st[0][0])
    return [(span[0], span[1], ws) for span, ws in stacks]


def chart_bottom(segs: list[Seg], cols: list[Col], top: float, page_bottom: float, rul: Rulings | None = None) -> float:
    """Where the chart ends: a heading that follows it, a line running across its columns (prose,
    a footer), or — in a ruled chart whose frame stops — the last ruling."""
    bounds = [c.x1 for c in cols[:-1]]
    end = page_bottom
    for s in sorted(segs, key=lambda s: s.y0):
        if s.y0 < top - SLACK:
            continue
        if s.squashed.startswith(_POST_CHART):
            end = s.y0 - SLACK
            break
        crossed = sum(1 for b in bounds if s.x0 < b - CROSS_SLACK and s.x1 > b + CROSS_SLACK)
        if crossed >= 2 or (crossed and s.y0 > PAGE_END_FRACTION * page_bottom):
            end = s.y0 - SLACK
            break
    if rul is not None and rul.horiz:
        x0, x1 = cols[0].x0, cols[-1].x1
        width = min(x1, max(r.x1 for r in rul.horiz)) - max(x0, min(r.x0 for r in rul.horiz))
        spanning = [
            r.y for r in rul.horiz if top - RULE_ABOVE_TOP < r.y < end and r.x1 - r.x0 > SPANNING_SHARE * max(width, 1)
        ]
        if len(spanning) >= 2:
            last = max(spanning)
            frame = max(
                (b for x, a, b in rul.vert if x0 - FRAME_SLACK <= x <= x1 + FRAME_SLACK and a < last), default=last
            )
            end = min(end, max(last, frame) + SLACK)
    return end
