"""The bench tables (Markdown) from results.json, and the README sections they are written into."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from corpus import GROUPS

START = "<!-- bench table: generated from bench/results.json by `bench/run.py --table --readme`; do not edit -->"
END = "<!-- end of bench table -->"
GROUP_LABEL = {
    "real_sbc": "real SBCs (`../shared/real-sbc`)",
    "other": "other plan documents under 25 pages (samples/, `../shared/real-docs`)",
    "long": "documents of 25+ pages (samples/, `../shared/real-docs`)",
    "generated": "the bench's generated SBCs and 60-page EOC",
}
PEER_LABEL = {
    "find_tables": "pymupdf `find_tables`",
    "pdfplumber": "pdfplumber words+tables",
    "pymupdf4llm": "pymupdf4llm",
}


class _Md:
    def __init__(self) -> None:
        self.lines: list[str] = []

    def row(self, *cells: Any) -> None:
        self.lines.append("| " + " | ".join(str(c) for c in cells) + " |")

    def head(self, *cells: Any) -> None:
        self.row(*cells)
        self.row(*["---"] * len(cells))

    def text(self, line: str = "") -> None:
        self.lines.append(line)


def _ms(x: float | None) -> str:
    return "–" if x is None else (f"{x:.1f} ms" if x >= 10 else f"{x:.2f} ms")


def _cell(g: dict, key: str, bold: bool = False) -> str:
    ms, ratio = g.get(f"{key}_cpu_ms_per_page"), g.get(f"{key}_cpu_ratio")
    if ms is None:
        return "–"
    r = f"{ratio:.1f}×" if ratio is not None else "?"
    return f"{_ms(ms)} ({'**' + r + '**' if bold else r})"


def _load(part: dict) -> str:
    a, b = part.get("loadavg_before"), part.get("loadavg_after")
    return f"{a}→{b}" if a is not None else "?"


def _machine(res: dict) -> str:
    m = res["machine"]
    return (
        f"Machine: {m.get('cpu', '?')}, {m.get('cores')} cores, {m.get('ram_gb')} GB RAM; Python {m['python']}, "
        f"pymupdf {m['pymupdf']}, durable_rules {m.get('durable_rules', '?')}, {m.get('tesseract', 'no tesseract')}; "
        f"commit {m.get('commit', '?')}, {res.get('generated', '?')}. Load average (1 min) at start "
        f"{m.get('loadavg_at_start', ['?'])[0]}, at end {m.get('loadavg_at_end', ['?'])[0]}; each part's "
        f"before→after is in its table. CPU time (process tree) medians of {res['repeats']} runs (peers {res.get('peer_repeats', '?')})."
    )


def _peer_group(pr: dict, peer: str, group: str, names: set[str]) -> dict:
    """A peer's figures for a group, over the documents the reading part had in that group (a peer
    measured in another run may have seen a different set)."""
    rows = [r for r in pr.get("documents", []) if r["group"] == group and r["name"] in names and "error" not in r]
    pages = sum(r["pages"] for r in rows)
    raw = sum(r["raw_cpu_s"] for r in rows)
    if not pages or not raw:
        return {}
    return {
        "pages": pages,
        f"{peer}_cpu_ms_per_page": 1000 * sum(r[f"{peer}_cpu_s"] for r in rows) / pages,
        f"{peer}_cpu_ratio": sum(r[f"{peer}_cpu_s"] for r in rows) / raw,
    }


def _reading(md: _Md, res: dict) -> None:
    rd = res.get("reading", {})
    if "error" in rd:
        md.text(f"Reading: error: {rd['error'][:300]}")
        return
    peers = {p: res.get(f"peer_{p}", {}) for p in PEER_LABEL}
    md.head(
        "CPU per page (× raw words)",
        "pages",
        "ours (evaluate)",
        "ours (read only)",
        'raw `get_text("words")`',
        *(PEER_LABEL[p] for p in peers),
    )
    for g in GROUPS:
        grp = rd.get("groups", {}).get(g)
        if not grp or not grp.get("pages"):
            continue
        cells = []
        for p, pr in peers.items():
            if "skipped" in pr or "error" in pr:
                cells.append("n/a")
                continue
            pg = _peer_group(pr, p, g, {r["name"] for r in rd.get("documents", []) if r["group"] == g})
            cells.append(_cell(pg, p) + (f" [{pg['pages']} p.]" if g == "long" and pg.get("pages") else ""))
        failed = f" ({len(grp['failed'])} failed: {', '.join(grp['failed'])})" if grp.get("failed") else ""
        md.row(
            f"{GROUP_LABEL[g]}: {grp['documents']} documents{failed}",
            grp["pages"],
            _cell(grp, "ours_evaluate", bold=True),
            _cell(grp, "ours_read"),
            _ms(grp.get("raw_cpu_ms_per_page")),
            *cells,
        )
    md.text()
    notes = [f"load {_load(rd)} (ours, raw)"]
    for p, pr in peers.items():
        if "skipped" in pr or "error" in pr:
            notes.append(f"{PEER_LABEL[p]}: {pr.get('skipped') or 'error: ' + pr['error'][:200]}")
        else:
            notes.append(f"{PEER_LABEL[p]} {pr.get('version', '')} load {_load(pr)}")
    md.text(
        "Peers on long documents read an evenly spaced sample of pages ([N p.]), with raw words timed on the same "
        "sample beside them; " + "; ".join(notes) + "."
    )
    md.text()
    md.head(
        "where ours goes (CPU per page)", "read_pdf", "find", "plan text → parse → decide", "worst document (× raw)"
    )
    for g in GROUPS:
        rows = [r for r in rd.get("documents", []) if r["group"] == g and "error" not in r]
        pages = sum(r["pages"] for r in rows)
        if not pages:
            continue
        worst = max(rows, key=lambda r: r["ours_evaluate_cpu_s"] / max(r["raw_cpu_s"], 1e-9))
        md.row(
            GROUP_LABEL[g],
            _ms(1000 * sum(r["ours_read_cpu_s"] for r in rows) / pages),
            _ms(1000 * sum(r["find_cpu_s"] for r in rows) / pages),
            _ms(1000 * sum(r["decide_cpu_s"] for r in rows) / pages),
            f"{worst['name']} ({worst['pages']} p.): {worst['ours_evaluate_cpu_s'] / max(worst['raw_cpu_s'], 1e-9):.1f}×",
        )
    md.text()


def _rules(md: _Md, res: dict) -> None:
    r = res.get("rules", {})
    if "error" in r:
        md.row("rules", "error: " + r["error"][:300])
        return
    if not r:
        return
    wall = f" ({r['evaluations_per_s']:,.0f}/s wall)" if r.get("path") != "decide.speed.measure" else ""
    md.row(
        f"evaluations/s: one plan × {r['profiles']:,} generated profiles through durable_rules ({r['path']}; load {_load(r)})",
        f"**{r['evaluations_per_cpu_s']:,.0f}/s** CPU{wall}",
    )
    md.row(
        "  per evaluation (CPU): case facts / lowering / engine / decision",
        f"{r['case_facts_us']:,.0f} / {r['fact_lowering_us']:,.0f} / {r['engine_us']:,.0f} / {r['decision_us']:,.0f} µs",
    )
    if "durable_us_per_new_fact" in r:
        distinct = r.get("distinct_engine_facts")
        hits = (
            f": the engine's per-fact memo answers {100 * (1 - distinct / r['profiles']):.1f} % of the evaluations"
            if isinstance(distinct, (int, float)) and r["profiles"]
            else ""
        )
        md.row(
            f"  durable_rules on a fact not seen before ({distinct if distinct is not None else '?'} distinct engine "
            f"facts among the {r['profiles']:,}{hits})",
            f"{r['durable_us_per_new_fact']:,.0f} µs",
        )
    md.row(
        f"compile the shipped rule set ({r['rules']} rules), no cache / from the program cache / durable_rules alone",
        f"{1000 * r['compile_cpu_s']:.1f} / {1000 * r['compile_cached_cpu_s']:.1f} / {1000 * r['engine_compile_s']:.1f} ms",
    )
    after = r["rss_after_recompiles_mb"]
    last = after.get(str(r["recompiles"]), after.get(r["recompiles"], 0.0))
    md.row(
        f"RSS after {r['recompiles']:,} recompiles of edited rule sets",
        f"{last:.0f} MB ({r['rss_growth_mb']:+.1f} MB from {r['rss_before_recompiles_mb']:.0f}; "
        f"{1000 * r['recompile_s_each']:.0f} ms per recompile)",
    )


def _cold(md: _Md, res: dict) -> None:
    c = res.get("coldstart", {})
    if not c or "error" in c:
        if c:
            md.row("cold start", "error: " + c["error"][:300])
        return
    names = {
        "version": "`policyeval --version`",
        "rules_fmt": "`policyeval rules fmt` (one file)",
        "evaluate_highlight_sbc_12p": "`policyeval evaluate --highlight`, generated 12-page SBC",
        "evaluate_highlight_real_12p": "`policyeval evaluate --highlight`, real 12-page SBC",
    }
    imports = c.get("imports", {})
    for key, label in names.items():
        f = c.get(key)
        if not f:
            continue
        imp = imports.get(key)
        loads = ""
        if imp:
            loaded = [m for m in ("pymupdf", "durable") if imp.get(m)]
            loads = f"; imports {' and '.join(loaded)}" if loaded else "; imports neither pymupdf nor durable"
        md.row(
            f"cold start CPU, fresh process: {label} (first run with an empty cache: {f['first_cpu_s']:.2f} s)",
            f"**{f['cpu_s']:.2f} s** ({f['wall_s']:.2f} s wall{loads}; load {_load(c)})",
        )


def _ocr(md: _Md, res: dict) -> None:
    o = res.get("ocr", {})
    if "skipped" in o:
        md.row("OCR per scanned page", "skipped: " + o["skipped"])
    elif "error" in o:
        md.row("OCR per scanned page", "error: " + o["error"][:300])
    elif o:
        md.row(
            f"OCR per scanned page ({o['pages']}-page 200-dpi scan of the generated 4-page SBC)",
            f"{o['cpu_seconds_per_page']:.2f} s CPU ({o['seconds_per_page']:.2f} s wall; load {_load(o)})",
        )


def _scale(md: _Md, res: dict) -> None:
    s = res.get("scale", {})
    if not s:
        return
    if "error" in s:
        md.text(f"Scale: error: {s['error'][:300]}")
        return
    md.head("QA, distinct text-PDF cases", *[f"{n} cases" for n in s["sizes"]], "fit: start + per case")
    for label, runs in s["runs"].items():
        fit = s["fit"][label]
        md.row(
            {"jobs1": "--jobs 1"}.get(
                label, label.replace("jobs", "--jobs ").replace("cluster_local", "--cluster local:")
            ),
            *[
                f"{r['cases_per_s']:.1f}/s ({r['wall_s']:.1f} s; load {r['load_before']}→{r['load_after']})"
                for r in runs
            ],
            f"{fit['start_s']:.2f} s + {1000 * fit['per_case_s']:.0f} ms",
        )
    md.text()
    at = s.get("cluster_overtakes_at_cases")
    over = (
        f"the 2-worker LocalCluster overtakes --jobs {s['jobs']} from about {at:.0f} cases (fitted)"
        if at is not None
        else f"the 2-worker LocalCluster never overtakes --jobs {s['jobs']} here (its per-case cost is not lower)"
    )
    md.text(
        f"--jobs {s['jobs']} vs --jobs 1 at {s['sizes'][-1]} cases: {s.get('speedup', 0):.2f}× "
        f"({100 * s.get('efficiency', 0):.0f} % of linear); {over}."
    )


BEFORE = {  # issue 13's py-spy shares, before the work on it
    "duplicate-word removal": "39 % (a 28-page EOC; quadratic)",
    "lexicon matching": "12–14 % (~1,350 normalised copies per document)",
    "insurer lines": "7 % (a second scan)",
    "reading order, assembly, furniture": "10–17 %",
    "rulings": "8 % on chart pages",
    "plan text -> parse -> decide": "3 %",
    "evidence rendering": "PDF reopened and rendered again",
}


def _hotspots(md: _Md, res: dict) -> None:
    h = res.get("hotspots", {})
    if not h or "skipped" in h or "error" in h:
        if h:
            md.text(f"Hot spots: {h.get('skipped') or 'error: ' + h['error'][:300]}")
            md.text()
        return
    md.head(
        f"hot spot (py-spy, {h['samples']:,} samples over {h['seconds']} s: read + find + decide + one evidence "
        f"render of the real SBCs and the 44-page EOC; load {_load(h)})",
        "share now (inclusive)",
        "before (issue 13)",
    )
    for spot, pct in h["spots_pct"].items():
        before = next((v for k, v in BEFORE.items() if spot.startswith(k)), "")
        md.row(spot, f"{pct:.1f} %", before)
    top = ", ".join(f"{m} {p:.0f} %" for m, p in list(h["modules_pct"].items())[:8])
    md.text()
    md.text(f"Self time by module (nearest policyeval frame; C calls charged to their caller): {top}.")
    md.text()


def table(res: dict) -> str:
    md = _Md()
    md.text(_machine(res))
    md.text()
    _reading(md, res)
    _hotspots(md, res)
    md.head("figure", "value")
    _rules(md, res)
    _cold(md, res)
    _ocr(md, res)
    md.text()
    _scale(md, res)
    return "\n".join(md.lines).rstrip() + "\n"


def write_into(readme: Path, text: str) -> bool:
    """Replace the generated block of `readme` (between START and END) with `text`; False when the
    file has no such block."""
    body = readme.read_text(encoding="utf-8")
    if START not in body or END not in body:
        return False
    head, rest = body.split(START, 1)
    _, tail = rest.split(END, 1)
    readme.write_text(head + START + "\n\n" + text + "\n" + END + tail, encoding="utf-8")
    return True
