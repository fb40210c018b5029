"""QA reports: a text table with each failure's trace and the rule coverage, JSON (schema
policyeval.qa/1) and JUnit XML for CI."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .manifest import pages_text

__all__ = ["CaseResult", "QAReport", "report_text", "report_json", "report_junit", "failure_text"]


@dataclass
class CaseResult:
    id: str
    passed: bool
    expected: dict[str, Any]
    actual: dict[str, Any]
    message: str = ""  # what differs (empty when passed)
    trace: list[dict[str, Any]] = field(default_factory=list)  # every matched rule in order, the winner marked
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class QAReport:
    results: list[CaseResult]
    coverage: dict[str, Any]  # never_won: [...], never_matched: [...], wins: {rule: n}, matches: {rule: n}
    seconds: float = 0.0
    jobs: int = 1
    cluster: str = ""

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    @property
    def failures(self) -> list[CaseResult]:
        return [r for r in self.results if not r.passed]


def _expected_text(e: dict[str, Any]) -> str:
    return f"{e['verdict']}/{e['basis']} @ {pages_text(e.get('pages'))}"


def _actual_text(a: dict[str, Any]) -> str:
    if "error" in a:
        return "ERROR " + a["error"][:80]
    ev = a.get("evidence")
    where = f"{ev['document']} p{ev['page']}" if ev else "no evidence"
    return f"{a['verdict']}/{a['basis']} @ {where}"


def report_text(report: QAReport) -> str:
    rows = sorted(report.results, key=lambda r: (r.passed, r.id))
    header = ("case", "expected", "actual", "pass")
    table = [header] + [
        (r.id, _expected_text(r.expected), _actual_text(r.actual), "ok" if r.passed else "FAIL") for r in rows
    ]
    widths = [min(60, max(len(row[i]) for row in table)) for i in range(3)]
    lines = []
    for i, row in enumerate(table):
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row[:3], widths)) + "  " + row[3])
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  ----")
    for r in report.failures:
        lines += ["", f"FAIL {r.id}: {r.message}"]
        for t in r.trace:
            if "traceback" in t:
                lines.append("    " + t["traceback"].rstrip().replace("\n", "\n    "))
                continue
            mark = "*" if t.get("winner") else " "
            lines.append(
                f"  {mark} {t['rule']} (priority {t['priority']}) -> {t['verdict']}/{t['basis']}"
                f"  [{Path(t.get('file') or '').name}:{t.get('line')}] {t.get('note', '')}".rstrip()
            )
        if not r.trace and "error" not in r.actual:
            lines.append("    (no rule matched)")
        for e in r.actual.get("evidence_all", [])[:3]:
            lines.append(f"    evidence: {e['document']} p{e['page']}: {e['quote'][:100]!r}")
    cov = report.coverage
    matched_not_won = [n for n in cov["never_won"] if n not in cov["never_matched"]]
    lines += [
        "",
        f"Rule coverage ({cov['rules']} rules):",
        f"  never matched ({len(cov['never_matched'])}): {', '.join(cov['never_matched']) or '-'}",
        f"  matched but never won ({len(matched_not_won)}): {', '.join(matched_not_won) or '-'}",
    ]
    n, bad = len(report.results), len(report.failures)
    where = f" on {report.cluster}" if report.cluster else f", --jobs {report.jobs}"
    lines += ["", f"{n - bad} passed, {bad} failed of {n} cases in {report.seconds:.1f} s{where}"]
    return "\n".join(lines)


def report_json(report: QAReport) -> dict[str, Any]:
    return {
        "schema": "policyeval.qa/1",
        "summary": {
            "cases": len(report.results),
            "passed": sum(r.passed for r in report.results),
            "failed": len(report.failures),
            "seconds": round(report.seconds, 3),
            "jobs": report.jobs,
            "cluster": report.cluster,
        },
        "cases": [r.to_json() for r in report.results],
        "coverage": report.coverage,
    }


def report_junit(report: QAReport) -> str:
    suite = ET.Element(
        "testsuite",
        name="policyeval.qa",
        tests=str(len(report.results)),
        failures=str(sum(1 for r in report.failures if "error" not in r.actual)),
        errors=str(sum(1 for r in report.failures if "error" in r.actual)),
        time=f"{report.seconds:.3f}",
    )
    for r in report.results:
        tc = ET.SubElement(suite, "testcase", classname="policyeval.qa", name=r.id, time=f"{r.seconds:.3f}")
        if not r.passed:
            tag = "error" if "error" in r.actual else "failure"
            el = ET.SubElement(tc, tag, message=r.message)
            lines = [f"expected: {_expected_text(r.expected)}", f"actual:   {_actual_text(r.actual)}"]
            for t in r.trace:
                if "traceback" in t:
                    lines.append(t["traceback"])
                else:
                    lines.append(
                        f"{'*' if t.get('winner') else ' '} {t['rule']} ({t['priority']}) -> "
                        f"{t['verdict']}/{t['basis']} {t.get('note', '')}"
                    )
            el.text = "\n".join(lines)
    props = ET.SubElement(suite, "properties")
    for name in ("never_won", "never_matched"):
        ET.SubElement(props, "property", name=name, value=",".join(report.coverage.get(name, [])))
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def failure_text(result: CaseResult) -> str:
    """What differs and the trace: the text a failing test or report shows for one case."""
    report = QAReport([result], {"rules": 0, "never_won": [], "never_matched": []})
    text = report_text(report)
    return text[text.find(f"FAIL {result.id}") : text.find("\n\nRule coverage")] if not result.passed else ""
