"""The clause table (issue 10 §8): short made-up clauses, chart rows, lists, legends and drug-list rows,
each built into its own small PDF, read and searched, and compared with the statement(s) its wording
means — polarity, scope, device, payer criteria and contacts, document kind.

The table lives in `tests/data/clauses/*.yaml` (one file per category; the format is described in
`tests/data/clauses/README.md`). Expectations are written from the meaning of the wording and the
contract in `policyeval.models`, never from what the reader outputs today. A ratchet keeps CI green
while the reader learns: `known_failures.txt` lists the case ids that fail today; those run as strict
xfails, so a case the reader learns to pass must be taken off the list.

Matching: a case passes when, for every `expect` entry, some finding has the expected concept (and
kind / matched text when given), every expected modifier, none of the forbidden ones, and each scope
field the entry gives (fields it does not give are not checked); no finding matches an `absent` entry;
the document facts given under `document` hold; and no treatment finding anywhere carries `covered`
unless the case expects it (`covered` is never read into wording that does not state it).
"""

from __future__ import annotations

import io
import re
from functools import cache
from pathlib import Path
from typing import Any

import pdfbuild as B
import pymupdf
import pytest
import yaml
from reportlab.lib import colors
from reportlab.lib.pagesizes import letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from policyeval import read_documents
from policyeval.models import CONTACTS, CRITERIA, DEVICES, DOCUMENT_KINDS, MODIFIERS, NETWORKS, ROUTES, SETTINGS

try:  # the find package's public entry point (moves from findings.py to the package during issue 9)
    from policyeval.find import find  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - before the move
    from policyeval.find.findings import find

TABLE = Path(__file__).parent / "data" / "clauses"
KNOWN_FAILURES = TABLE / "known_failures.txt"
LAYOUTS = ("prose", "pages", "chart", "table")
SCOPE_FIELDS = (
    "indications",
    "other_indications",
    "network",
    "routes",
    "other_routes",
    "age_min",
    "age_max",
    "settings",
    "limits",
    "consequence",
)
ENTRY_KEYS = {"concept", "kind", "matched", "modifiers", "forbid", "scope", "device", "value", "tier"}
CASE_KEYS = {"id", "why", "layout", "text", "pages", "rows", "header", "before", "after", "foot", "front"}
CASE_KEYS |= {"excluded", "layout_options", "expect", "absent", "document", "name"}
SUBJECT_KINDS = ("treatment", "category", "exclusion", "condition")
MARK_FONT = "DejaVu" if "dejavu" in B.FONTS else "Helvetica"  # daggers and superscripts need a full font


# ================================================================================ the table
def load_table() -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = []
    for path in sorted(TABLE.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            case["category"] = path.stem
            cases.append(case)
    return cases


def known_failures() -> set[str]:
    if not KNOWN_FAILURES.exists():
        return set()
    lines = KNOWN_FAILURES.read_text(encoding="utf-8").splitlines()
    return {ln.split("#")[0].strip() for ln in lines if ln.split("#")[0].strip()}


# ================================================================================ building PDFs
def _paragraphs(text: str) -> list[str]:
    """Blank lines separate paragraphs; a single newline inside one is a space (the layout wraps)."""
    return [" ".join(p.split()) if not p.startswith("# ") else p.strip() for p in re.split(r"\n\s*\n", text.strip())]


def _overlay(pdf: bytes, foot: list[str] | None, head: list[str] | None) -> bytes:
    """Lines drawn at the foot (or top) of given pages: footnote legends, running titles."""
    if not foot and not head:
        return pdf
    doc = pymupdf.open(stream=pdf, filetype="pdf")
    font = pymupdf.Font(fontfile=B._DEJAVU.as_posix()) if B._DEJAVU.exists() else pymupdf.Font("helv")
    for where, texts in (("foot", foot), ("head", head)):
        for i, text in enumerate(texts or []):
            if not text or i >= len(doc):
                continue
            page = doc[i]
            lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()]
            y = page.rect.height - 60 - 10 * (len(lines) - 1) if where == "foot" else 52.0
            tw = pymupdf.TextWriter(page.rect)
            for ln in lines:
                tw.append((72, y), ln, font=font, fontsize=8)
                y += 10
            tw.write_text(page)
    data = doc.tobytes()
    doc.close()
    return data


def _prose_pdf(case: dict[str, Any]) -> bytes:
    opts = dict(case.get("layout_options") or {})
    texts = case["pages"] if case.get("layout") == "pages" else [case["text"]]
    out = pymupdf.open()
    for i, text in enumerate(texts):
        page_opts = dict(opts)
        if i:
            page_opts.pop("title", None)
            page_opts.pop("kind_line", None)
        part = pymupdf.open(stream=B.build_prose(_paragraphs(text), **page_opts), filetype="pdf")
        out.insert_pdf(part)
        part.close()
    data = out.tobytes()
    out.close()
    foot = case.get("foot")
    return _overlay(data, [foot] if isinstance(foot, str) else foot, None)


def _chart_pdf(case: dict[str, Any]) -> bytes:
    rows = []
    for r in case["rows"]:
        if isinstance(r, dict):
            rows.append(B.ChartRow(**r))
        else:
            cells = list(r) + ["None"] * (5 - len(r))
            rows.append(B.ChartRow(*cells[:5]))
    opts = dict(case.get("layout_options") or {})
    return B.build_sbc(rows, excluded=case.get("excluded"), **opts)


def _table_pdf(case: dict[str, Any]) -> bytes:
    """A plain table (drug list, Medicare-style benefit summary) with optional text before and after it,
    a front-matter page before everything, and a line at the foot of the page."""
    opts = case.get("layout_options") or {}
    font = MARK_FONT
    bold = "DejaVu-Bold" if font == "DejaVu" else "Helvetica-Bold"
    size = float(opts.get("size", 9))
    body = ParagraphStyle("b", fontName=font, fontSize=size, leading=size * 1.25)
    head = ParagraphStyle("h", fontName=bold, fontSize=size, leading=size * 1.25)
    title = ParagraphStyle("t", fontName=bold, fontSize=13, leading=16)
    story: list[Any] = []

    def paras(text: str | None) -> None:
        for p in _paragraphs(text or ""):
            if p.startswith("# "):
                story.append(Paragraph(_esc(p[2:]), title))
            elif p:
                story.append(Paragraph(_esc(p), body))
            story.append(Spacer(1, 4))

    if case.get("front"):
        paras(case["front"])
        story.append(PageBreak())
    paras(case.get("before"))
    data = [[Paragraph(_esc(h), head) for h in case["header"]]]
    data += [[Paragraph(_esc(str(c)), body) for c in row] for row in case["rows"]]
    widths = opts.get("widths")
    style = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    story.append(Table(data, colWidths=widths, repeatRows=1, style=TableStyle(style)))
    story.append(Spacer(1, 6))
    paras(case.get("after"))
    buf = io.BytesIO()
    SimpleDocTemplate(buf, pagesize=letter, title="clause", author="tests", topMargin=72, bottomMargin=90).build(story)
    foot = case.get("foot")
    feet = [foot] * 50 if isinstance(foot, str) else foot
    return _overlay(buf.getvalue(), feet, None)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def build(case: dict[str, Any]) -> bytes:
    layout = case.get("layout", "prose")
    if layout in ("prose", "pages"):
        return _prose_pdf(case)
    if layout == "chart":
        return _chart_pdf(case)
    return _table_pdf(case)


# ================================================================================ matching
def _norm(text: str) -> str:
    text = text.replace("\u00ad", "").replace("\u2019", "'")
    return " ".join(re.sub(r"-\s+(?=[a-z])", "", text).split()).casefold()


def _scope_ok(field: str, want: Any, got: Any) -> bool:
    if field in ("indications", "routes", "settings"):
        return set(want) == set(got)
    if field == "limits":
        if not want:
            return not got
        return all(any(_norm(w) in _norm(g) for g in got) for w in want)
    if field == "consequence":
        return bool(got) if want is True else _norm(want) in _norm(got)
    return bool(want == got)


def _value_ok(entry: dict[str, Any], f) -> bool:
    want = str(entry["value"])
    if f.kind == "contact":
        return re.sub(r"\D", "", want) == re.sub(r"\D", "", f.value)
    return _norm(want) == _norm(f.value)


def matches(entry: dict[str, Any], f) -> bool:
    """Does finding `f` say what the entry expects? (The rule in the module docstring.)"""
    if "concept" in entry and f.concept != entry["concept"]:
        return False
    if "kind" in entry and f.kind != entry["kind"]:
        return False
    if "matched" in entry and _norm(entry["matched"]) not in _norm(f.matched):
        return False
    mods = set(f.modifiers)
    if not set(entry.get("modifiers", ())) <= mods or set(entry.get("forbid", ())) & mods:
        return False
    if "device" in entry and f.device != entry["device"]:
        return False
    if "value" in entry and not _value_ok(entry, f):
        return False
    if "tier" in entry and _norm(str(entry["tier"])) != _norm(f.tier):
        return False
    return all(_scope_ok(k, v, getattr(f.scope, k)) for k, v in (entry.get("scope") or {}).items())


def _show(f) -> str:
    scope = {k: v for k, v in vars(f.scope).items() if v not in ((), "", None, False)}
    extra = f" value={f.value!r}" if f.value else ""
    extra += f" tier={f.tier!r}" if f.tier else ""
    return (
        f"  {f.kind}:{f.concept} {sorted(f.modifiers)} device={f.device or '-'} scope={scope}{extra}"
        f" p{f.evidence.page} {f.evidence.quote[:90]!r}"
    )


def problems(case: dict[str, Any], docs, findings) -> list[str]:
    out = []
    for entry in case.get("expect") or []:
        if not any(matches(entry, f) for f in findings):
            out.append(f"no finding says {entry}")
    for entry in case.get("absent") or []:
        bad = [f for f in findings if matches(entry, f)]
        if bad:
            out.append(f"should not be read: {entry}\n" + "\n".join(_show(f) for f in bad))
    bad = [f for f in findings if _unexpected_covered(case, f)]
    if bad:
        out.append("covered read where the wording does not state it:\n" + "\n".join(_show(f) for f in bad))
    want_doc = case.get("document") or {}
    doc = docs[0]
    for key, want in want_doc.items():
        got = getattr(doc, key)
        ok = _norm(str(want)) in _norm(got) if key in ("kind_detail", "title") else got == want
        if not ok:
            out.append(f"document {key}: expected {want!r}, read {got!r}")
    return out


def _unexpected_covered(case: dict[str, Any], f) -> bool:
    """`covered` on a treatment the case does not expect covered (an anesthetic mention is not the
    treatment; coverage subject to PA is fine where the case expects PA for that concept)."""
    if f.kind != "treatment" or "covered" not in f.modifiers or "non_psychiatric" in f.modifiers:
        return False
    wanted = [e for e in case.get("expect") or [] if e.get("concept") in (None, f.concept)]
    if any("covered" in (e.get("modifiers") or ()) for e in wanted):
        return False
    pa = any("prior_authorization" in (e.get("modifiers") or ()) for e in wanted)
    return not (pa and "prior_authorization" in f.modifiers)


@cache
def _read(case_id: str):
    case = CASES[case_id]
    name = case.get("name") or f"{case_id}.pdf"
    docs = read_documents([(name, build(case))])
    return docs, find(docs)


# ================================================================================ tests
CASES = {c["id"]: c for c in load_table()}
KNOWN = known_failures()


def _params():
    return [
        pytest.param(
            cid, id=cid, marks=[pytest.mark.xfail(strict=True, reason="known failure")] if cid in KNOWN else []
        )
        for cid in CASES
    ]


@pytest.mark.parametrize("case_id", _params())
def test_clause(case_id: str) -> None:
    case = CASES[case_id]
    docs, findings = _read(case_id)
    found = problems(case, docs, findings)
    if found:
        why = f"\nwhy: {case['why']}" if case.get("why") else ""
        listing = "\n".join(_show(f) for f in findings if f.kind != "insurer" or f.concept) or "  (no findings)"
        pytest.fail("\n".join(found) + why + "\nfindings:\n" + listing, pytrace=False)


def test_table_is_well_formed() -> None:
    """Ids unique, only known keys and contract values, every known failure names a case."""
    cases = load_table()
    ids = [c["id"] for c in cases]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert len(cases) >= 200, len(cases)
    for c in cases:
        assert set(c) - {"category"} <= CASE_KEYS, (c["id"], set(c) - CASE_KEYS)
        assert c.get("layout", "prose") in LAYOUTS, c["id"]
        assert c.get("expect") or c.get("absent") or c.get("document"), c["id"]
        for key in c.get("document") or {}:
            assert key in ("kind", "kind_detail", "amends", "plan_year", "title", "insurer"), (c["id"], key)
        if "kind" in (c.get("document") or {}):
            assert c["document"]["kind"] in DOCUMENT_KINDS, c["id"]
        for e in (c.get("expect") or []) + (c.get("absent") or []):
            _check_entry(c["id"], e)
    assert KNOWN <= set(ids), sorted(KNOWN - set(ids))


def _check_entry(cid: str, e: dict[str, Any]) -> None:
    assert set(e) <= ENTRY_KEYS, (cid, set(e) - ENTRY_KEYS)
    assert set(e.get("modifiers", ())) | set(e.get("forbid", ())) <= set(MODIFIERS), cid
    if "device" in e:
        assert e["device"] in DEVICES, cid
    if e.get("kind") == "criterion" and "concept" in e:
        assert e["concept"] in CRITERIA, cid
    if e.get("kind") == "contact" and "concept" in e:
        assert e["concept"] in CONTACTS, cid
    scope = e.get("scope") or {}
    assert set(scope) <= set(SCOPE_FIELDS), cid
    assert scope.get("network", "") in ("", *NETWORKS), cid
    assert set(scope.get("routes", ())) <= set(ROUTES), cid
    assert set(scope.get("settings", ())) <= set(SETTINGS), cid


def test_matching_rule_is_strict() -> None:
    """The comparison itself: a missing modifier, a forbidden one or a wrong scope field fails."""
    from policyeval.models import Evidence, Finding, Scope

    f = Finding(
        "iv_ketamine",
        "treatment",
        Evidence("x.pdf", 1, "q"),
        frozenset({"excluded"}),
        scope=Scope(network="out_of_network", routes=("oral",), limits=("no more than six infusions",)),
        device="sentence",
    )
    assert matches({"concept": "iv_ketamine", "modifiers": ["excluded"], "scope": {"network": "out_of_network"}}, f)
    assert not matches({"concept": "iv_ketamine", "modifiers": ["excluded", "experimental"]}, f)
    assert not matches({"concept": "iv_ketamine", "forbid": ["excluded"]}, f)
    assert not matches({"concept": "iv_ketamine", "scope": {"network": "in_network"}}, f)
    assert not matches({"concept": "iv_ketamine", "scope": {"routes": ["oral", "sublingual"]}}, f)
    assert not matches({"concept": "iv_ketamine", "device": "row"}, f)
    assert matches({"concept": "iv_ketamine", "scope": {"limits": ["No more than six\ninfusions"]}}, f)
    assert not matches({"concept": "esketamine_nasal"}, f)


KNOWN_HEADER = """\
# Clause-table cases the reader fails today: strict xfails, so an id must go when the reader passes it.
# Regenerate after a reader change: .venv/bin/python tests/test_clauses.py --write
# Never add an id here to hide a regression: only cases that have never passed belong here.
"""


def failing_ids() -> list[str]:
    return [cid for cid, case in CASES.items() if problems(case, *_read(cid))]


if __name__ == "__main__":  # list (or --write into known_failures.txt) the cases that fail today
    import sys

    ids = failing_ids()
    if "--write" in sys.argv:
        KNOWN_FAILURES.write_text(KNOWN_HEADER + "".join(f"{i}\n" for i in ids), encoding="utf-8")
    print("\n".join(ids))
    print(f"{len(CASES) - len(ids)} of {len(CASES)} cases pass", file=sys.stderr)
