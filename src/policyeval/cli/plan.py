"""Commands on one plan's documents: `evaluate` (the decision for a patient), `findings` (what the
reader found) and `extract` (the plan file a person can read and correct)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import PolicyEvalError
from .common import EXIT_BAD_INPUT, EXIT_OK, add_rules_option, write_file
from .formulary import add_plan_id_option, formulary_progress, list_formulary_plans


def register(sub: Any) -> None:
    p = sub.add_parser(
        "evaluate",
        help="decide one patient's coverage from plan PDFs or plan files",
        description="Several inputs are documents of one plan (SBC + EOC + insurer policy).",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="PLAN",
        help="plan PDF(s), plan files (.policy), formulary files (drugs.json, plans.json)",
    )
    p.add_argument("--profile", "-p", required=True, help="patient profile (YAML or JSON)")
    add_rules_option(p)
    add_plan_id_option(p)
    p.add_argument("--json", action="store_true", help="print the decision as JSON (schema policyeval.decision/1)")
    p.add_argument(
        "--format",
        choices=("text", "json", "crd"),
        default="text",
        help="text (default), json (= --json) or crd: a CDS Hooks response with Da Vinci CRD coverage information",
    )
    p.add_argument("--highlight", metavar="DIR", help="write PNGs of the deciding pages with the phrases boxed")
    p.set_defaults(func=cmd_evaluate)

    p = sub.add_parser("findings", help="list what the reader found in plan PDFs")
    p.add_argument("inputs", nargs="+", metavar="PLAN")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_findings)

    p = sub.add_parser("extract", help="write the plan file (DSL facts) for plan PDFs and formulary files")
    p.add_argument("inputs", nargs="+", metavar="PLAN")
    add_plan_id_option(p)
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(func=cmd_extract)


def cmd_evaluate(args: argparse.Namespace) -> int:
    from .. import evaluate, load_profile, load_rules
    from ..advise.report import decision_text

    profile = load_profile(args.profile)
    rules = load_rules(args.rules) if args.rules else None
    if not args.plan_id and list_formulary_plans(args.inputs):
        return EXIT_BAD_INPUT
    result = evaluate(args.inputs, profile, rules, plan_id=args.plan_id, progress=formulary_progress())
    d = result.decision
    if args.format == "crd":
        from ..advise.crd import crd_response

        print(json.dumps(crd_response(d), indent=2, ensure_ascii=False))
    elif args.json or args.format == "json":
        print(json.dumps(d.to_json(), indent=2, ensure_ascii=False))
    else:
        print(decision_text(d))
    if args.highlight:
        written = write_highlights(result, Path(args.highlight))
        print(
            f"\nHighlighted pages: {', '.join(str(w) for w in written) or 'none (no evidence to show)'}",
            file=sys.stderr if args.json else sys.stdout,
        )
    return EXIT_OK


def write_highlights(result: Any, folder: Path) -> list[Path]:
    """One PNG per page that holds the decision's evidence, the deciding phrases boxed."""
    from .. import render_evidence

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise PolicyEvalError(f"{folder}: cannot create the highlight folder ({err.strerror})") from None
    docs = {doc.name: doc for doc in result.documents}
    pages: dict[tuple[str, int], list[Any]] = {}
    for e in result.decision.evidence:
        pages.setdefault((e.document, e.page), []).extend(e.bboxes)
    written = []
    for (name, page), boxes in pages.items():
        if name not in docs:
            continue  # evidence from a plan file: no PDF to render
        out = folder / f"{Path(name).stem}-p{page}.png"
        try:
            out.write_bytes(render_evidence(docs[name], page, boxes))
        except OSError as err:
            raise PolicyEvalError(f"{out}: cannot write ({err.strerror})") from None
        written.append(out)
    return written


def cmd_findings(args: argparse.Namespace) -> int:
    from .. import find_findings, read_documents
    from ..advise.report import findings_text

    documents = read_documents(args.inputs)
    found = find_findings(documents)
    if args.json:
        listed = [
            {"name": d.name, "kind": d.kind, "pages": len(d.pages), "title": d.title, "insurer": d.insurer}
            for d in documents
        ]
        print(json.dumps({"documents": listed, "findings": [f.to_json() for f in found]}, indent=2, ensure_ascii=False))
    else:
        for d in documents:
            print(
                f"# {d.name}: {d.kind}, {len(d.pages)} pages"
                + (f", {d.title}" if d.title else "")
                + (f", insurer {d.insurer}" if d.insurer else "")
            )
        print(findings_text(found))
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from .. import plan_from_inputs

    if not args.plan_id and list_formulary_plans(args.inputs):
        return EXIT_BAD_INPUT
    text, _ = plan_from_inputs(args.inputs, plan_id=args.plan_id, progress=formulary_progress())
    if args.output:
        write_file(args.output, text)
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        print(text)
    return EXIT_OK
