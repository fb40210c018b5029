"""`make bench`: how fast policyeval reads, decides and runs QA on this machine, against the physical floor.

A benchmark, not a test: nothing here asserts a time. Each part runs in its own subprocess (so its peak
RSS is its own); every figure is the median of repeated runs. Writes bench/results.json and prints a
table. bench/README.md explains each figure.

    .venv/bin/python bench/run.py              # everything
    .venv/bin/python bench/run.py --quick      # fewer repeats (smoke run)
    .venv/bin/python bench/run.py --part rules # one part, JSON on stdout
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results.json"
os.environ.setdefault("TESSDATA_PREFIX", "/usr/share/tesseract-ocr/5/tessdata")
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

PARTS = ("reading", "ocr", "rules", "qa")


# ---- the corpus: SBC- and EOC-like PDFs generated with reportlab -----------------------------------


def _styles():
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    ss = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=ss["Normal"], fontName="Helvetica", fontSize=7.2, leading=8.6)
    head = ParagraphStyle("head", parent=cell, fontName="Helvetica-Bold")
    return ss, cell, head


SERVICES = [
    (
        "If you visit a health care provider's office or clinic",
        [
            ("Primary care visit to treat an injury or illness", "$30 copay/visit", "40% coinsurance", "None"),
            ("Specialist visit", "$60 copay/visit", "40% coinsurance", "Referral not required."),
            (
                "Preventive care/screening/immunization",
                "No charge",
                "40% coinsurance",
                "You may have to pay for services that aren't preventive.",
            ),
        ],
    ),
    (
        "If you have a test",
        [
            ("Diagnostic test (x-ray, blood work)", "20% coinsurance", "40% coinsurance", "None"),
            (
                "Imaging (CT/PET scans, MRIs)",
                "20% coinsurance",
                "40% coinsurance",
                "Preauthorization required. Benefits could be reduced by 50% if not preauthorized.",
            ),
        ],
    ),
    (
        "If you need drugs to treat your illness or condition",
        [
            ("Generic drugs (Tier 1)", "$15 copay/prescription", "Not covered", "Covers up to a 30-day supply."),
            ("Preferred brand drugs (Tier 2)", "$50 copay/prescription", "Not covered", "None"),
            (
                "Specialty drugs (Tier 4)",
                "20% coinsurance",
                "Not covered",
                "Prior authorization required. Includes Spravato (esketamine) nasal spray given at a REMS-certified "
                "treatment center.",
            ),
        ],
    ),
    (
        "If you need mental health, behavioral health, or substance abuse services",
        [
            (
                "Outpatient services",
                "$30 copay/office visit; 20% coinsurance other outpatient services",
                "40% coinsurance",
                "Preauthorization required for infusion therapy and intensive outpatient programs.",
            ),
            (
                "Inpatient services",
                "20% coinsurance",
                "40% coinsurance",
                "Preauthorization required. However, preauthorization is not required for emergency admissions.",
            ),
        ],
    ),
    (
        "If you have outpatient surgery",
        [
            ("Facility fee (e.g., ambulatory surgery center)", "20% coinsurance", "40% coinsurance", "None"),
            ("Physician/surgeon fees", "20% coinsurance", "40% coinsurance", "None"),
        ],
    ),
    (
        "If you need home health care",
        [
            ("Home health care", "20% coinsurance", "40% coinsurance", "Limited to 60 visits per year."),
            ("Infusion therapy", "20% coinsurance", "Not covered", "Prior authorization required."),
        ],
    ),
]

EXCLUDED = [
    "Acupuncture",
    "Bariatric surgery",
    "Cosmetic surgery",
    "Dental care (Adult)",
    "Hearing aids",
    "Infertility treatment",
    "Long-term care",
    "Experimental or investigational services",
    "Private-duty nursing",
    "Routine eye care (Adult)",
    "Routine foot care",
    "Weight loss programs",
]


def make_sbc(pages: int) -> bytes:
    """An SBC-like PDF of exactly `pages` landscape pages: header, Important Questions, the 5-column
    benefits chart (two header rows), and the excluded-services box on the last page."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import landscape, letter
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    ss, cell, head = _styles()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=landscape(letter),
        leftMargin=30,
        rightMargin=30,
        topMargin=40,
        bottomMargin=36,
        title="Summary of Benefits and Coverage",
    )
    width = landscape(letter)[0] - 60
    colw = [w * width for w in (0.16, 0.18, 0.15, 0.15, 0.36)]

    def on_page(c, d):
        c.setFont("Helvetica", 7)
        c.drawString(30, 20, f"Page {d.page} of {pages}")
        c.drawRightString(
            width + 30,
            landscape(letter)[1] - 22,
            "Summary of Benefits and Coverage: Northwind Silver 3000 PPO | 01/01/2026 - 12/31/2026",
        )

    def chart(rows):
        data = [
            [
                Paragraph("Common Medical Event", head),
                Paragraph("Services You May Need", head),
                Paragraph("What You Will Pay", head),
                "",
                Paragraph("Limitations, Exceptions, &amp; Other Important Information", head),
            ],
            [
                "",
                "",
                Paragraph("Network Provider (You will pay the least)", head),
                Paragraph("Out-of-Network Provider (You will pay the most)", head),
                "",
            ],
        ]
        styles = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("SPAN", (2, 0), (3, 0)),
            ("SPAN", (0, 0), (0, 1)),
            ("SPAN", (1, 0), (1, 1)),
            ("SPAN", (4, 0), (4, 1)),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]
        for event, services in rows:
            first = len(data)
            for i, (svc, inn, oon, lim) in enumerate(services):
                data.append(
                    [
                        Paragraph(event, cell) if i == 0 else "",
                        Paragraph(svc, cell),
                        Paragraph(inn, cell),
                        Paragraph(oon, cell),
                        Paragraph(lim, cell),
                    ]
                )
            if len(services) > 1:
                styles.append(("SPAN", (0, first), (0, len(data) - 1)))
        t = Table(data, colWidths=colw, repeatRows=2)
        t.setStyle(TableStyle(styles))
        return t

    story = [
        Paragraph(
            "Summary of Benefits and Coverage: What this Plan Covers &amp; What You Pay for Covered Services",
            ss["Title"],
        ),
        Paragraph(
            "Northwind Health Plan: Northwind Silver 3000 PPO. Coverage Period: 01/01/2026 - 12/31/2026. "
            "Coverage for: Individual + Family | Plan Type: PPO",
            cell,
        ),
        Spacer(1, 8),
    ]
    iq = [
        [Paragraph("Important Questions", head), Paragraph("Answers", head), Paragraph("Why This Matters:", head)],
        [
            Paragraph("What is the overall deductible?", cell),
            Paragraph("$3,000 individual / $6,000 family", cell),
            Paragraph(
                "Generally, you must pay all of the costs from providers up to the deductible amount before "
                "this plan begins to pay.",
                cell,
            ),
        ],
        [
            Paragraph("Do you need a referral to see a specialist?", cell),
            Paragraph("No.", cell),
            Paragraph("You can see the specialist you choose without a referral.", cell),
        ],
    ]
    t = Table(iq, colWidths=[0.25 * width, 0.3 * width, 0.45 * width])
    t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story += [t, PageBreak()]
    for p in range(2, pages):  # one chart chunk per middle page
        chunk = [SERVICES[(p - 2 + k) % len(SERVICES)] for k in range(3)]
        story += [chart(chunk), PageBreak()]
    box = [
        [
            Paragraph(
                "Services Your Plan Generally Does NOT Cover (Check your policy or plan document for more "
                "information and a list of any other excluded services.)",
                head,
            ),
            "",
            "",
        ]
    ]
    for i in range(0, len(EXCLUDED), 3):
        box.append([Paragraph("\u2022 " + x, cell) for x in EXCLUDED[i : i + 3]])
    t = Table(box, colWidths=[width / 3] * 3)
    t.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1, colors.black), ("SPAN", (0, 0), (2, 0))]))
    story += [t]
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


EOC_TEXT = (
    "Covered services must be medically necessary and provided by a participating provider unless this "
    "Evidence of Coverage says otherwise. The Plan pays benefits according to the Schedule of Benefits. "
    "Cost sharing applies as shown in your Schedule of Benefits; the deductible applies unless stated. "
    "Prior authorization is required for services listed in the Utilization Management section. "
)


def make_eoc(pages: int) -> bytes:
    """An EOC-like text document of exactly `pages` portrait pages; page 41 holds the exclusions section
    with the experimental/investigational clause, page 17 names Spravato under prescription drugs."""
    from reportlab.lib.pagesizes import letter
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    ss, cell, head = _styles()
    body = ss["BodyText"]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=letter, title="Evidence of Coverage", topMargin=50, bottomMargin=50)

    def on_page(c, d):
        c.setFont("Helvetica", 8)
        c.drawString(72, 30, f"Northwind Health Plan Evidence of Coverage 2026 - page {d.page}")

    story = []
    for p in range(1, pages + 1):
        story.append(Paragraph(f"Section {p}. Your benefits, continued", ss["Heading2"]))
        for k in range(7):
            story.append(Paragraph(EOC_TEXT if k % 2 else EOC_TEXT[::-1].swapcase()[::-1], body))
        if p == 17:
            story.append(
                Paragraph(
                    "Specialty prescription drugs. Spravato (esketamine) nasal spray is covered "
                    "when administered in a certified setting; prior authorization is required.",
                    body,
                )
            )
        if p == 41:
            story.append(Paragraph("Exclusions and limitations", ss["Heading2"]))
            story.append(
                Paragraph(
                    "We do not cover experimental or investigational services, treatments, drugs or "
                    "devices, as determined by the Plan's medical director.",
                    body,
                )
            )
        if p < pages:
            story.append(PageBreak())
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buf.getvalue()


def make_scanned(pdf: bytes, pages: int = 2, dpi: int = 200) -> bytes:
    """The first pages of `pdf` rendered to images and re-wrapped as an image-only PDF (a 'scan')."""
    import pymupdf

    src = pymupdf.open(stream=pdf, filetype="pdf")
    out = pymupdf.open()
    for i in range(min(pages, len(src))):
        pix = src[i].get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)
        page = out.new_page(width=src[i].rect.width, height=src[i].rect.height)
        page.insert_image(page.rect, stream=pix.tobytes("png"))
    return out.tobytes(deflate=True)


def corpus() -> dict[str, bytes]:
    return {"sbc_4p.pdf": make_sbc(4), "sbc_12p.pdf": make_sbc(12), "eoc_60p.pdf": make_eoc(60)}


# ---- helpers --------------------------------------------------------------------------------------


def median_time(fn, repeats: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def timed(fn) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process and its finished children, e.g. tesseract)."""
    c0, k0 = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    fn()
    wall = time.perf_counter() - t0
    k1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, time.process_time() - c0 + (k1.ru_utime - k0.ru_utime) + (k1.ru_stime - k0.ru_stime)


def median_timed(fn, repeats: int) -> tuple[float, float]:
    runs = [timed(fn) for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def peak_rss_mb(who=resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KB on Linux


PROFILE = {"treatment": "esketamine_nasal", "age": 42, "diagnoses": ["F33.2"], "failed_antidepressant_trials": 2}


# ---- parts (each runs in its own subprocess) --------------------------------------------------------


def part_reading(repeats: int) -> dict:
    import pymupdf

    from policyeval.decide.ruleset import load_rules
    from policyeval.find.findings import find
    from policyeval.pipeline import DOCUMENT_CACHE, evaluate, evaluate_plan_text, plan_from_inputs
    from policyeval.read.document import read_pdf

    rules = load_rules()
    rules.compiled()
    out = {}
    for name, data in corpus().items():
        doc = pymupdf.open(stream=data, filetype="pdf")
        pages = len(doc)
        doc.close()

        def raw():
            d = pymupdf.open(stream=data, filetype="pdf")
            for page in d:
                page.get_text("words")
            d.close()

        def ours():
            DOCUMENT_CACHE.clear()  # cold: the pipeline caches documents by content hash
            evaluate([(name, data)], PROFILE, rules)

        def cached():  # the app re-deciding after a profile edit
            evaluate([(name, data)], PROFILE, rules)

        ours()
        raw()
        # Interleaved, so both see the same machine state.
        r_raw, r_ours = [], []
        for _ in range(repeats):
            r_raw.append(timed(raw))
            r_ours.append(timed(ours))
        raw_s, raw_cpu = statistics.median(r[0] for r in r_raw), statistics.median(r[1] for r in r_raw)
        ours_s, ours_cpu = statistics.median(r[0] for r in r_ours), statistics.median(r[1] for r in r_ours)
        cached()
        cached_s, _ = median_timed(cached, repeats)
        # Where our time goes (same document): read, find, plan text + parse + decide.
        k = max(3, repeats // 2)
        read_s, _ = median_timed(lambda: read_pdf(data, name, None), k)
        documents = [read_pdf(data, name, None)]
        find_s, _ = median_timed(lambda: find(documents), k)
        plan_text, _ = plan_from_inputs([(name, data)])
        decide_s, _ = median_timed(lambda: evaluate_plan_text(plan_text, PROFILE, rules), k)
        out[name] = {
            "pages": pages,
            "bytes": len(data),
            "ours_s": ours_s,
            "raw_words_s": raw_s,
            "ours_cpu_s": ours_cpu,
            "raw_words_cpu_s": raw_cpu,
            "ours_ms_per_page": 1000 * ours_s / pages,
            "raw_ms_per_page": 1000 * raw_s / pages,
            "ratio": ours_s / raw_s,
            "ratio_cpu": ours_cpu / raw_cpu,
            "cached_redecide_s": cached_s,
            "read_s": read_s,
            "find_s": find_s,
            "plan_and_decide_s": decide_s,
            "runs": repeats,
        }
    return out


def part_ocr(repeats: int) -> dict:
    if not shutil.which("tesseract"):
        return {"skipped": "tesseract is not installed (apt-get install tesseract-ocr)"}
    from policyeval.read.document import ReadLimits, read_pdf

    pages = 2
    scan = make_scanned(make_sbc(4), pages=pages)
    limits = ReadLimits(ocr=True)
    doc = read_pdf(scan, "scan.pdf", limits)
    ocr_pages = sum(1 for p in doc.pages if getattr(p, "ocr", False))
    words = sum(len(p.words) for p in doc.pages)
    t, _ = median_time(lambda: read_pdf(scan, "scan.pdf", limits), repeats)
    return {
        "pages": pages,
        "ocr_pages": ocr_pages,
        "words": words,
        "seconds": t,
        "seconds_per_page": t / pages,
        "runs": repeats,
        "OMP_THREAD_LIMIT": os.environ.get("OMP_THREAD_LIMIT", ""),
    }


def _random_profile(rng: random.Random, insurers: list[str]) -> dict:
    p: dict = {"treatment": rng.choice(["iv_ketamine", "esketamine_nasal"])}
    if rng.random() < 0.8:
        p["age"] = rng.randint(12, 90)
    if rng.random() < 0.5 and insurers:
        p["insurer"] = rng.choice(insurers)
    if rng.random() < 0.8:
        p["diagnoses"] = rng.sample(
            [
                "F33.2",
                "F32.9",
                "treatment-resistant depression",
                "PTSD",
                "F41.1",
                "major depressive disorder",
                "chronic pain",
            ],
            rng.randint(1, 3),
        )
    if rng.random() < 0.5:
        p["failed_antidepressant_trials"] = rng.randint(0, 5)
    else:
        p["antidepressant_trials"] = [
            {
                "drug": rng.choice(["sertraline", "bupropion", "escitalopram"]),
                "weeks": rng.randint(2, 12),
                "improvement_pct": rng.randint(0, 60),
            }
            for _ in range(rng.randint(0, 4))
        ]
    for k in ("current_oral_antidepressant", "psychotherapy_tried", "rems_certified_site", "provider_in_network"):
        if rng.random() < 0.6:
            p[k] = rng.random() < 0.5
    if rng.random() < 0.7:
        p["scores"] = {rng.choice(["PHQ-9"]): rng.randint(0, 27)}
    return p


def part_rules(repeats: int, profiles: int = 10_000, recompiles: int = 1_000) -> dict:
    from policyeval import resources
    from policyeval.decide import engine
    from policyeval.decide.case import CaseFacts
    from policyeval.decide.decision import decide
    from policyeval.decide.ruleset import load_rules, load_rules_text
    from policyeval.dsl.planfile import parse_plan
    from policyeval.lexicon import load_lexicon
    from policyeval.pipeline import plan_from_inputs, resolve_insurer
    from policyeval.profile import profile_from_dict

    texts = {str(p): p.read_text(encoding="utf-8") for p in resources.default_rule_files()}

    def compile_all():
        engine.clear_cache()
        rs = load_rules_text(texts)
        rs.compiled()
        return rs

    compile_all()
    compile_s, _ = median_timed(compile_all, repeats)

    def engine_only():
        engine.clear_cache()
        rs._compiled = None
        rs.compiled()

    rs = load_rules_text(texts)
    engine_s, _ = median_time(engine_only, repeats)
    n_rules = len(rs.rules)

    # One plan's facts (the 12-page SBC) against generated profiles: facts + engine + decision.
    lexicon = load_lexicon()
    plan_text, _ = plan_from_inputs([("sbc_12p.pdf", make_sbc(12))])
    docs, findings, _title = parse_plan(plan_text, "sbc_12p.policy")
    kinds = {d.name: d.kind for d in docs}
    rng = random.Random(20261122)
    insurers = sorted(lexicon.insurers)[:6]
    profs = [profile_from_dict(_random_profile(rng, insurers)) for _ in range(profiles)]
    rules = load_rules()

    def evaluate_all():
        verdicts = {}
        for prof in profs:
            insurer, source = resolve_insurer(prof, findings, lexicon)
            d = decide(rules, CaseFacts(prof, findings, kinds, lexicon, insurer, source))
            verdicts[d.verdict] = verdicts.get(d.verdict, 0) + 1
        return verdicts

    verdicts = evaluate_all()
    eval_s, eval_cpu = median_timed(evaluate_all, max(1, repeats // 3))

    # Breakdown: facts -> flat engine fact (lowering), durable_rules evaluation alone.
    facts = [CaseFacts(p, findings, kinds, lexicon, *resolve_insurer(p, findings, lexicon)) for p in profs]
    lower_s, _ = median_timed(lambda: [rules.fact_for(f) for f in facts], max(1, repeats // 3))
    flat = [rules.fact_for(f) for f in facts]
    compiled = rules.compiled()
    match_s, _ = median_timed(lambda: [compiled.evaluate(f) for f in flat], max(1, repeats // 3))

    # Memory after 1,000 recompiles of edited rule sets (each edit changes a condition -> new content key).
    base = dict(texts)
    first = sorted(base)[0]
    rss_before = rss_mb()
    rss_at = {}
    t0 = time.perf_counter()
    for i in range(recompiles):
        edited = dict(base)
        edited[first] = base[first] + (
            f"\nrule bench_edit {{\n    priority 1\n    when age >= {i % 120}\n"
            f'    then unknown basis none\n    reason "edit {i}"\n}}\n'
        )
        load_rules_text(edited).compiled()
        if i + 1 in (100, 250, 500, recompiles):
            rss_at[i + 1] = rss_mb()
    recompile_s = time.perf_counter() - t0
    return {
        "rules": n_rules,
        "compile_s": compile_s,
        "engine_compile_s": engine_s,
        "profiles": profiles,
        "decide_s": eval_s,
        "evaluations_per_s": profiles / eval_s,
        "evaluations_per_cpu_s": profiles / eval_cpu,
        "fact_lowering_us": 1e6 * lower_s / profiles,
        "engine_us": 1e6 * match_s / profiles,
        "engine_match_per_s": profiles / match_s,
        "shards": len(getattr(compiled, "_shards", []) or []),
        "verdicts": verdicts,
        "recompiles": recompiles,
        "recompile_s_each": recompile_s / recompiles,
        "rss_before_recompiles_mb": rss_before,
        "rss_after_recompiles_mb": rss_at,
        "rss_growth_mb": rss_at[recompiles] - rss_before,
        "runs": repeats,
    }


class _RssSampler:
    """Peak RSS of each descendant process (pool workers and the forkserver are not our waited-for
    children, so getrusage(RUSAGE_CHILDREN) cannot see them): psutil, sampled every 50 ms."""

    def __init__(self):
        import threading

        self.peaks: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        import psutil

        me = psutil.Process()
        while not self._stop.wait(0.05):
            try:
                kids = me.children(recursive=True)
            except psutil.Error:
                continue
            for k in kids:
                try:
                    rss = k.memory_info().rss / 2**20
                    if k.name().startswith("python"):
                        self.peaks[k.pid] = max(self.peaks.get(k.pid, 0.0), rss)
                except psutil.Error:
                    pass

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def part_qa(repeats: int, jobs: int, text_only: bool = False) -> dict:
    manifest = ROOT / "samples" / "manifest.yaml"
    if not manifest.exists():
        return {"skipped": f"{manifest} not found"}
    from policyeval.tools.qa import load_manifest, run_cases

    cases = load_manifest(manifest)
    if text_only:  # without scanned PDFs: OCR of one scan is most of a run's time
        cases = [c for c in cases if not any("scan" in Path(d).name for d in c.documents)]
    runs, passed = [], None
    try:
        import psutil  # noqa: F401

        sampler = _RssSampler()
    except ImportError:
        sampler = None
    reports = []
    with sampler or _Null():
        for _ in range(repeats):
            runs.append(timed(lambda: reports.append(run_cases(cases, jobs=jobs))))
    report = reports[-1]
    passed = sum(r.passed for r in report.results)
    slowest = sorted(((r.seconds, r.id) for r in report.results), reverse=True)[:3]
    t = statistics.median(r[0] for r in runs)
    workers = sorted(sampler.peaks.values(), reverse=True) if sampler else []
    return {
        "jobs": jobs,
        "text_only": text_only,
        "cases": len(cases),
        "passed": passed,
        "seconds": t,
        "cases_per_s": len(cases) / t,
        "runs": repeats,
        "worker_peak_rss_mb": [round(w, 1) for w in workers[:8]],
        "slowest_cases": [{"id": i, "seconds": round(sec, 2)} for sec, i in slowest],
    }


class _Null:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


# ---- driver --------------------------------------------------------------------------------------


def machine() -> dict:
    import pymupdf

    info = {
        "python": platform.python_version(),
        "pymupdf": pymupdf.VersionBind,
        "cores": os.cpu_count(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "platform": platform.platform(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["ram_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    try:
        from importlib.metadata import version

        info["durable_rules"] = version("durable_rules")
        info["policyeval"] = version("policyeval")
    except Exception:
        pass
    if shutil.which("tesseract"):
        out = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
        info["tesseract"] = (out.stdout or out.stderr).splitlines()[0] if (out.stdout or out.stderr) else ""
    try:
        info["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        pass
    return info


def run_part(name: str, quick: bool, extra: list[str] = ()) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--part", name, *extra] + (["--quick"] if quick else [])
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        return {"error": f"exit {proc.returncode}: {err.decode(errors='replace').strip()[-2000:]}", "wall_s": wall}
    data = json.loads(out.decode().strip().splitlines()[-1])
    data["wall_s"] = wall
    data["loadavg_after"] = round(os.getloadavg()[0], 2)  # > ~1 on 2 cores: a neighbour was busy
    return data


def table(res: dict) -> str:
    lines = []

    def row(*cells):
        lines.append("| " + " | ".join(str(c) for c in cells) + " |")

    m = res["machine"]
    lines.append(
        f"Machine: {m.get('cpu', '?')}, {m.get('cores')} cores, {m.get('ram_gb')} GB RAM, Python "
        f"{m['python']}, pymupdf {m['pymupdf']}, durable_rules {m.get('durable_rules', '?')}, "
        f"{m.get('tesseract', 'no tesseract')}; load average at start "
        f"{m.get('loadavg_at_start', ['?'])[0]}; medians of {res['repeats']} runs"
    )
    lines.append("")
    rd = res["reading"]
    row(
        "document",
        "pages",
        "ours ms/doc",
        "ours ms/page",
        "raw words ms/doc",
        "raw ms/page",
        "ours/raw (wall)",
        "ours/raw (CPU)",
        "cached re-decide ms",
        "peak RSS MB",
    )
    row(*["---"] * 10)
    if "error" in rd:
        row("error", rd["error"][:300], *[""] * 8)
    else:
        for name, r in rd.items():
            if not isinstance(r, dict):
                continue
            row(
                name,
                r["pages"],
                f"{1000 * r['ours_s']:.1f}",
                f"{r['ours_ms_per_page']:.2f}",
                f"{1000 * r['raw_words_s']:.1f}",
                f"{r['raw_ms_per_page']:.2f}",
                f"**{r['ratio']:.1f}×**",
                f"{r['ratio_cpu']:.1f}×",
                f"{1000 * r['cached_redecide_s']:.1f}",
                f"{rd['peak_rss_mb']:.0f}",
            )
        lines.append("")
        row("where our time goes (cold)", "read_pdf ms", "find ms", "plan text → parse → decide ms")
        row(*["---"] * 4)
        for name, r in rd.items():
            if isinstance(r, dict):
                row(
                    name,
                    f"{1000 * r['read_s']:.1f}",
                    f"{1000 * r['find_s']:.1f}",
                    f"{1000 * r['plan_and_decide_s']:.1f}",
                )
    lines.append("")
    row("figure", "value", "peak RSS MB")
    row("---", "---", "---")
    o = res["ocr"]
    if "skipped" in o:
        row("OCR s per scanned page", f"skipped: {o['skipped']}", "")
    elif "error" in o:
        row("OCR s per scanned page", "error: " + o["error"][:300], "")
    else:
        row(
            f"OCR s per scanned page ({o['pages']}-page 200-dpi scan of the 4-page SBC, read at the reader's OCR dpi)",
            f"{o['seconds_per_page']:.2f} s",
            f"{o['peak_rss_mb']:.0f}",
        )
    r = res["rules"]
    if "error" in r:
        row("rules", "error: " + r["error"][:300], "")
    else:
        after = r["rss_after_recompiles_mb"]
        last = after.get(str(r["recompiles"]), after.get(r["recompiles"], 0.0))
        row(
            f"compile the shipped rule set ({r['rules']} rules: parse + check + lower + engine)",
            f"{1000 * r['compile_s']:.1f} ms",
            f"{r['peak_rss_mb']:.0f}",
        )
        row("  of which the durable_rules engine", f"{1000 * r['engine_compile_s']:.1f} ms", "")
        row(
            f"evaluations/s: one plan's facts × {r['profiles']:,} generated profiles (facts → engine → decision)",
            f"{r['evaluations_per_s']:,.0f}/s",
            "",
        )
        row(
            "  per evaluation: fact lowering / durable_rules engine",
            f"{r['fact_lowering_us']:,.0f} µs / {r['engine_us']:,.0f} µs",
            "",
        )
        row(
            f"RSS after {r['recompiles']:,} recompiles of edited rule sets",
            f"{last:.0f} MB ({r['rss_growth_mb']:+.1f} MB from {r['rss_before_recompiles_mb']:.0f}; "
            f"{1000 * r['recompile_s_each']:.0f} ms per recompile)",
            "",
        )
    for key in ("qa_jobs1", "qa_jobs2", "qa_text_jobs1", "qa_text_jobs2"):
        q = res.get(key)
        if q is None:
            continue
        label = f"QA --jobs {key[-1]}"
        if "skipped" in q:
            row(label, "skipped: " + q["skipped"], "")
        elif "error" in q:
            row(label, "error: " + q["error"][:300], "")
        else:
            workers = q.get("worker_peak_rss_mb") or []
            rss = f"{q['peak_rss_mb']:.0f}" + (f" + ≤ {max(workers):.0f} per worker" if workers else "")
            slow = q.get("slowest_cases") or []
            note = f"; slowest case {slow[0]['id']} {slow[0]['seconds']:.1f} s" if slow else ""
            what = "text-PDF cases only" if q.get("text_only") else "sample cases"
            load = f"; load {q['loadavg_after']:.1f}" if "loadavg_after" in q else ""
            row(
                f"QA cases/s at --jobs {q['jobs']} ({q['cases']} {what}, {q['passed']} passed)",
                f"{q['cases_per_s']:.2f}/s ({q['seconds']:.1f} s{note}{load})",
                rss,
            )
    return "\n".join(lines)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--part", choices=PARTS)
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--text-only", action="store_true", help="qa part: leave out cases with scanned PDFs")
    ap.add_argument("--quick", action="store_true", help="fewer repeats and profiles (smoke run)")
    ap.add_argument("--repeats", type=int, default=0)
    ap.add_argument("--out", default=str(RESULTS))
    ap.add_argument("--table", action="store_true", help="print the table of an existing results file and exit")
    args = ap.parse_args(argv)
    if args.table:
        print(table(json.loads(Path(args.out).read_text())))
        return 0
    repeats = args.repeats or (3 if args.quick else 7)
    if args.part:
        import warnings

        warnings.filterwarnings("ignore", category=DeprecationWarning)
        if args.part == "reading":
            data = part_reading(repeats)
        elif args.part == "ocr":
            data = part_ocr(max(1, repeats // 2))
        elif args.part == "rules":
            data = part_rules(
                repeats, profiles=1_000 if args.quick else 10_000, recompiles=200 if args.quick else 1_000
            )
        else:
            data = part_qa(max(1, repeats // 2), args.jobs, args.text_only)
        data["peak_rss_mb"] = peak_rss_mb()
        print(json.dumps(data))
        return 0
    res = {"generated": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "repeats": repeats, "machine": machine()}
    for name in ("reading", "ocr", "rules"):
        print(f"bench: {name} ...", file=sys.stderr, flush=True)
        res[name] = run_part(name, args.quick, ["--repeats", str(repeats)] if args.repeats else [])
    for text_only in (False, True):
        for jobs in (1, 2):
            key = f"qa{'_text' if text_only else ''}_jobs{jobs}"
            print(f"bench: {key} ...", file=sys.stderr, flush=True)
            res[key] = run_part(
                "qa",
                args.quick,
                ["--jobs", str(jobs)]
                + (["--text-only"] if text_only else [])
                + (["--repeats", str(repeats)] if args.repeats else []),
            )
    Path(args.out).write_text(json.dumps(res, indent=2) + "\n")
    print(table(res))
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
