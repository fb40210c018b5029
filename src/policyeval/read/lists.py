"""Bulleted lists under a heading: the SBC's 'Services Your Plan Generally Does NOT Cover' and
'Other Covered Services' boxes, each item's text and box, and a list that runs on at the top of
the next page. All distances in PDF points; `..._LINES` values are multiples of a line's height."""

from __future__ import annotations

from ..models import BBox, ListBlock, Word
from .geometry import PAGE_END_FRACTION, SLACK, Seg, words_box
from .lines import PAGE_NUMBER, by_lines, cell_text
from .order import columns

_BULLETS = set("•◦▪▫●○■□►▸‣⁃∙·❖➢➤✓✔-–*")
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
# A line ending in one of these words goes on in the next line (same list item).
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

SAME_LINE_LINES = 0.5  # centres within this many line heights: beside the heading on its line
HEADING_REACH_LINES = 3.0  # a heading's parenthesis may run on this many line heights below it
HEADING_SLACK = 2.0  # points a same-line part of the heading may overlap its start
HEADER_CELL_GAP = 12.0  # points between a list heading and a level line to its right that make it a header cell
BULLET_COLUMN_GAP = 40.0  # points between bullets' x that separate two columns of items
INDENT_SLACK = 4.0  # points a continuation line may start left of its bullet item
ITEM_COLUMN_SHARE = 0.6  # a continuation line must start within this share of its item's width ...
ITEM_MIN_WIDTH = 40.0  # ... (the item's width never counting as less than this many points) ...
ITEM_REACH = 20.0  # ... plus this many points
Items = list[tuple[ListBlock, list[list[Word]]]]


def _list_heads(segs: list[Seg]) -> list[tuple[Seg, str]]:
    heads = []
    for s in segs:
        sq = s.squashed
        if "services" not in sq:  # in every heading key
            continue
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


def has_list_heading(segs: list[Seg]) -> bool:
    """The page opens an excluded-services or other-covered list."""
    return bool(_list_heads(segs))


def _carried(
    page_no: int,
    segs: list[Seg],
    heads: list[tuple[Seg, str]],
    ends: list[float],
    page_bottom: float,
    carry: tuple[str, str],
) -> tuple[Items, set[int], tuple[str, str] | None]:
    """Items at the top of the page that continue the list left open on the previous page."""
    blocks: Items = []
    used: set[int] = set()
    open_list: tuple[str, str] | None = None
    stop = min([h.y0 for h, _ in heads] + ends + [page_bottom])
    region = [s for s in segs if s.yc < stop and not PAGE_NUMBER.match(s.text.strip())]
    if region and is_bullet(min(region, key=lambda s: (s.y0, s.x0)).words[0], True):
        items = _list_items(region)
        blocks.append(
            (ListBlock(page_no, carry[0], carry[1], [(t, b) for t, b, _ in items]), [ws for _, _, ws in items])
        )
        for s in region:
            used.update(id(w) for w in s.words)
        if stop >= PAGE_END_FRACTION * page_bottom:
            open_list = carry
    return blocks, used, open_list


def _heading_segs(head: Seg, segs: list[Seg]) -> list[Seg]:
    """The heading line and what runs on from it: its parenthesis "(This isn't a complete
    list. ...)" over the next lines, or a parenthesis beside it."""
    head_segs = [head]
    if "(" in head.text and ")" not in head.text.split("(", 1)[1]:
        for s in sorted(segs, key=lambda s: (round(s.yc), s.x0)):
            if s is head or s.yc < head.yc - SAME_LINE_LINES * head.h or s.y0 > head.y1 + HEADING_REACH_LINES * head.h:
                continue
            same_line = abs(s.yc - head.yc) < SAME_LINE_LINES * head.h and s.x0 > head.x1 - HEADING_SLACK
            if same_line or s.yc > head.yc + SAME_LINE_LINES * head.h:
                if is_bullet(s.words[0]):
                    break
                head_segs.append(s)
                if ")" in s.text:
                    break
    else:
        head_segs += [
            s
            for s in segs
            if s is not head
            and abs(s.yc - head.yc) < SAME_LINE_LINES * head.h
            and s.x0 >= head.x1 - HEADING_SLACK
            and s.text.startswith("(")
        ]
    return head_segs


def lists(
    page_no: int, segs: list[Seg], page_bottom: float, carry: tuple[str, str] | None = None
) -> tuple[Items, set[int], tuple[str, str] | None]:
    """The excluded-services and other-covered boxes, with the ids of the words they use; the
    third value is a list still open at the page's end (its items go on at the top of the next page)."""
    heads = [(h, role) for h, role in _list_heads(segs) if not _column_header(h, segs)]
    ends = sorted([s.y0 for s in segs if s.squashed.startswith(_LIST_ENDS)])
    blocks: Items = []
    used: set[int] = set()
    open_list: tuple[str, str] | None = None
    if carry and segs:
        blocks, used, open_list = _carried(page_no, segs, heads, ends, page_bottom, carry)
    heads.sort(key=lambda h: h[0].y0)
    for i, (head, role) in enumerate(heads):
        head_segs = _heading_segs(head, segs)
        head_bottom = max(s.y1 for s in head_segs)
        nxt = [h.y0 for h, _ in heads[i + 1 :]] + [y for y in ends if y > head_bottom]
        end = min(nxt) if nxt else page_bottom
        region = [
            s
            for s in segs
            if s not in head_segs and head_bottom - SLACK <= s.yc < end and not PAGE_NUMBER.match(s.text.strip())
        ]
        items = _list_items(region)
        heading = " ".join(s.text for s in by_lines(head_segs))
        blocks.append((ListBlock(page_no, heading, role, [(t, b) for t, b, _ in items]), [ws for _, _, ws in items]))
        for s in head_segs:
            used.update(id(w) for w in s.words)
        used.update(id(w) for _t, _b, ws in items for w in ws)  # a line no item takes stays in the prose
        used.update(id(s.words[0]) for s in region if is_bullet(s.words[0], True))
        # ended only by the page (or its footer): the box goes on at the top of the next page
        open_list = (heading, role) if end >= PAGE_END_FRACTION * page_bottom else None
    return blocks, used, open_list


def _column_header(head: Seg, segs: list[Seg]) -> bool:
    """The heading is one cell of a table's header row ("Services not covered by Medicare | Not
    covered under any condition | Covered only under specific conditions"): other header cells
    stand level with it to its right. Such a chart is a table, not a bulleted list under a heading."""
    level = [
        s
        for s in segs
        if s is not head
        and abs(s.yc - head.yc) < SAME_LINE_LINES * head.h
        and s.x0 > head.x1 + HEADER_CELL_GAP
        and not s.text.startswith("(")
    ]
    return len(level) >= 1


def is_bullet(w: Word, in_list: bool = False) -> bool:
    """A bullet glyph; a lone dash, asterisk or 'o' counts only where a list is expected."""
    if in_list and w.text in ("-", "–", "—", "*", "o", "▫"):
        return True
    return (
        len(w.text) <= 2
        and all(c in _BULLETS or "\ue000" <= c <= "\uf8ff" for c in w.text)
        and w.text not in ("-", "--", "–", "*")
    )


def _bulleted_items(region: list[Seg], bullets: list[tuple[Seg, Word]]) -> list[list[Word]]:
    """Items by bullet: bullet columns left to right, top to bottom within each; a line without
    a bullet joins the nearest bullet item above whose column it sits in."""
    xs = sorted(w.bbox[0] for _, w in bullets)
    col_edges = [b for a, b in zip(xs, xs[1:]) if b - a > BULLET_COLUMN_GAP]
    starts = sorted(
        ((w.bbox[0], w.bbox[1], s) for s, w in bullets),
        key=lambda t: (sum(1 for e in col_edges if t[0] >= e - SLACK), t[1]),
    )
    groups: list[list[Seg]] = [[s] for _, _, s in starts]
    heads = [s for _, _, s in starts]
    for s in region:
        if s in heads:
            continue
        best = None
        for gi, h in enumerate(heads):
            reach = h.x0 + ITEM_COLUMN_SHARE * max(ITEM_MIN_WIDTH, h.x1 - h.x0) + ITEM_REACH
            if h.y0 <= s.y0 + SLACK and h.x0 - INDENT_SLACK <= s.x0 and s.x0 < reach:
                if best is None or heads[best].y0 < h.y0 or (heads[best].y0 == h.y0 and heads[best].x0 < h.x0):
                    best = gi
        if best is not None:
            groups[best].append(s)
    items = []
    for g in groups:
        ws = [
            w
            for s in sorted(g, key=lambda s: (s.y0, s.x0))
            for w in s.words
            if not (w is s.words[0] and is_bullet(w, True))
        ]
        if ws:
            items.append(ws)
    return items


def _unbulleted_items(region: list[Seg]) -> list[list[Word]]:
    """Items without bullets: by column, a line goes on from the one above when it starts in lower
    case or the line above ends mid-phrase."""
    items: list[list[Word]] = []
    for col in columns(region):
        cur: list[Word] = []
        for s in sorted(col, key=lambda s: s.y0):
            ws = [w for w in s.words if not (w is s.words[0] and is_bullet(w, True))]
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
    return items


def _list_items(region: list[Seg]) -> list[tuple[str, BBox, list[Word]]]:
    """Each item's text, box and words."""
    if not region:
        return []
    bullets = [
        (s, s.words[0])
        for s in region
        if is_bullet(s.words[0], True) and len(s.words) > 1 or (is_bullet(s.words[0]) and len(s.words) == 1)
    ]
    items = _bulleted_items(region, bullets) if bullets else _unbulleted_items(region)
    return [(cell_text(ws), words_box(ws), ws) for ws in items]
