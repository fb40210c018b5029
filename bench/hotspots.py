"""Where our reading time goes, by sampling (py-spy): the hot spots issue 13 named, before and after.

A child process reads, finds and decides the profiled documents (in-process: `read_pdf`, `find`,
plan text, `evaluate_plan_text`, and evidence rendering for the deciding pages) in a loop for
`SECONDS`; py-spy samples it (`--native` off: Python frames, time inside C attributed to the Python
frame that called it). Two views:
- `spots`: the share of samples whose stack passes through each hot spot of issue 13 (inclusive:
  duplicate-word removal, lexicon matching, insurer lines, reading order / assembly / furniture,
  rulings, plan text -> parse -> decide, evidence rendering, and pymupdf's own text extraction);
- `modules`: self time by the nearest policyeval module on the stack (sums to 100 %).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from corpus import ROOT, documents

SECONDS = 20  # sampled per run (s)
RATE = 250  # samples per second
SPOTS: dict[str, tuple[str, ...]] = {
    # name -> regexes over "function (file)" frames; a sample counts once per spot
    "duplicate-word removal (read/words.py dedupe)": (r"^dedupe \(.*read/words\.py",),
    "lexicon matching (terms.py, lexicon.py, find/matching.py)": (
        r"policyeval/terms\.py",
        r"policyeval/lexicon\.py",
        r"find/matching\.py",
    ),
    "insurer lines (find/insurer.py; read/ insurer functions)": (r"find/insurer\.py", r"insurer.*\(.*policyeval/read/"),
    "reading order, assembly, furniture (read/order, assemble, furniture, layout)": (
        r"read/(order|assemble|furniture|layout)\.py",
    ),
    "rulings (read/rulings.py)": (r"read/rulings\.py",),
    "plan text -> parse -> decide (dsl/, decide/)": (r"policyeval/(dsl|decide)/",),
    "evidence rendering (read/render.py)": (r"read/render\.py",),
    "pymupdf text extraction (get_text / extractWORDS / textpage)": (
        r"^(get_text|extractWORDS|extractDICT|extractRAWDICT|get_textpage)\b",
    ),
}
# name -> (outer, inner): a sample counts when a frame matching `inner` runs inside one matching `outer`
NESTED: dict[str, tuple[str, str]] = {
    "  of which opening the PDF again to draw it": (r"read/render\.py", r"^__init__ \(.*pymupdf/__init__\.py"),
}
PROFILED = ("eoc03_granite_peak_eoc_full.pdf",)  # plus every real SBC when present

DRIVER = r"""
import sys, time
sys.path.insert(0, {bench!r})
from corpus import documents
from policyeval.decide.ruleset import load_rules
from policyeval.dsl.planfile import to_plan_text
from policyeval.find.findings import find
from policyeval.pipeline import evaluate_plan_text
from policyeval.read.document import ReadLimits, read_pdf
from policyeval.read.render import render_evidence
names = set({names!r})
docs = [d for d in documents(("real_sbc", "long", "other")) if d.group == "real_sbc" or d.name in names]
rules = load_rules(); rules.compiled()
limits = ReadLimits(max_seconds=900.0)
profile = {{"treatment": "esketamine_nasal", "age": 42, "diagnoses": ["F33.2"], "failed_antidepressant_trials": 2}}
def once():
    for d in docs:
        doc = read_pdf(d.data, d.name, limits)
        text = to_plan_text([doc], find([doc]))
        decision, _ = evaluate_plan_text(text, profile, rules)
        for ev in decision.evidence[:1]:  # --highlight draws the deciding passage
            if ev.document == d.name and ev.bboxes:
                render_evidence(doc, ev.page, list(ev.bboxes))
once()
print("READY", flush=True)
end = time.monotonic() + {seconds}
while time.monotonic() < end:
    once()
"""


def _frames(line: str) -> tuple[list[str], int]:
    stack, _, count = line.rstrip().rpartition(" ")
    return stack.split(";"), int(count)


def _module(frame: str) -> str | None:
    m = re.search(r"\((?:.*/)?policyeval/([^:)]+)", frame)
    return m.group(1) if m else None


def part_hotspots() -> dict:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        return {"skipped": "py-spy is not installed: pip install -e '.[bench]'"}
    names = [d.name for d in documents(("real_sbc", "long", "other")) if d.group == "real_sbc" or d.name in PROFILED]
    with tempfile.TemporaryDirectory(prefix="policyeval-bench-spy-") as tmp:
        script = Path(tmp) / "driver.py"
        script.write_text(DRIVER.format(bench=str(Path(__file__).parent), names=sorted(names), seconds=SECONDS))
        raw = Path(tmp) / "samples.txt"
        cmd = [spy, "record", "-r", str(RATE), "-f", "raw", "-o", str(raw), "--nonblocking", "--"]
        proc = subprocess.run(
            [*cmd, sys.executable, str(script)], capture_output=True, text=True, cwd=ROOT, env=dict(os.environ)
        )
        if not raw.exists():
            return {"error": f"py-spy exit {proc.returncode}: {proc.stderr.strip()[-500:]}"}
        lines = [ln for ln in raw.read_text().splitlines() if ln.strip()]
    total = 0
    spots: Counter[str] = Counter()
    modules: Counter[str] = Counter()
    compiled = {k: [re.compile(p) for p in pats] for k, pats in SPOTS.items()}
    for line in lines:
        frames, count = _frames(line)
        total += count
        for spot, pats in compiled.items():
            if any(p.search(f) for f in frames for p in pats):
                spots[spot] += count
        for spot, (outer, inner) in NESTED.items():
            at = next((i for i, f in enumerate(frames) if re.search(outer, f)), None)  # root first
            if at is not None and any(re.search(inner, f) for f in frames[at + 1 :]):
                spots[spot] += count
        mod = next((m for m in map(_module, reversed(frames)) if m), "outside policyeval")
        modules[mod] += count
    share = {k: round(100 * v / total, 1) for k, v in spots.most_common()} if total else {}
    return {
        "documents": names,
        "samples": total,
        "seconds": SECONDS,
        "rate": RATE,
        "spots_pct": {k: share.get(k, 0.0) for k in [*SPOTS, *NESTED]},
        "modules_pct": {k: round(100 * v / total, 1) for k, v in modules.most_common(15)} if total else {},
    }
