"""`policyeval` command line. Bad input: one line on stderr naming the file or field, exit 2."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .errors import DSLError, PolicyEvalError

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def _add_evaluate(sub) -> None:
    p = sub.add_parser(
        "evaluate",
        help="decide one patient's coverage from plan PDFs or plan files",
        description="Several inputs are documents of one plan (SBC + EOC + insurer policy).",
    )
    p.add_argument("inputs", nargs="+", metavar="PLAN", help="plan PDF(s) and/or plan files (.policy)")
    p.add_argument("--profile", "-p", required=True, help="patient profile (YAML or JSON)")
    p.add_argument(
        "--rules",
        "-r",
        action="append",
        default=[],
        metavar="PATH",
        help="rule files or directories (default: the shipped rules); repeatable",
    )
    p.add_argument("--json", action="store_true", help="print the decision as JSON (schema policyeval.decision/1)")
    p.add_argument("--highlight", metavar="DIR", help="write PNGs of the deciding pages with the phrases boxed")
    p.set_defaults(func=cmd_evaluate)


def _add_findings(sub) -> None:
    p = sub.add_parser("findings", help="list what the reader found in plan PDFs")
    p.add_argument("inputs", nargs="+", metavar="PLAN")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_findings)


def _add_extract(sub) -> None:
    p = sub.add_parser("extract", help="write the plan file (DSL facts) for plan PDFs")
    p.add_argument("inputs", nargs="+", metavar="PLAN")
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    p.set_defaults(func=cmd_extract)


def cmd_evaluate(args) -> int:
    from .advise.report import decision_text
    from .decide.ruleset import load_rules
    from .pipeline import evaluate
    from .profile import load_profile

    profile = load_profile(args.profile)
    rules = load_rules(args.rules) if args.rules else None
    result = evaluate(args.inputs, profile, rules)
    d = result.decision
    if args.json:
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


def write_highlights(result, folder: Path) -> list[Path]:
    from .read.render import render_evidence

    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise PolicyEvalError(f"{folder}: cannot create the highlight folder ({err.strerror})") from None
    docs = {doc.name: doc for doc in result.documents}
    pages: dict[tuple[str, int], list] = {}
    for e in result.decision.evidence:
        pages.setdefault((e.document, e.page), []).extend(e.bboxes)
    written = []
    for (name, page), boxes in pages.items():
        if name not in docs:
            continue  # evidence from a plan file: no PDF to render
        out = folder / f"{Path(name).stem}-p{page}.png"
        out.write_bytes(render_evidence(docs[name], page, boxes))
        written.append(out)
    return written


def cmd_findings(args) -> int:
    from .advise.report import findings_text
    from .find.findings import find
    from .pipeline import read_documents

    documents = read_documents(args.inputs)
    found = find(documents)
    if args.json:
        print(
            json.dumps(
                {
                    "documents": [
                        {"name": d.name, "kind": d.kind, "pages": len(d.pages), "title": d.title, "insurer": d.insurer}
                        for d in documents
                    ],
                    "findings": [f.to_json() for f in found],
                },
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for d in documents:
            print(
                f"# {d.name}: {d.kind}, {len(d.pages)} pages"
                + (f", {d.title}" if d.title else "")
                + (f", insurer {d.insurer}" if d.insurer else "")
            )
        print(findings_text(found))
    return EXIT_OK


def cmd_extract(args) -> int:
    from .pipeline import plan_from_inputs

    text, _ = plan_from_inputs(args.inputs)
    if args.output:
        try:
            Path(args.output).write_text(text, encoding="utf-8")
        except OSError as err:
            raise PolicyEvalError(f"{args.output}: cannot write ({err.strerror})") from None
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        print(text)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policyeval", description=__doc__.split("\n")[0].strip("`"))
    parser.add_argument("--version", action="version", version=f"policyeval {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_evaluate(sub)
    _add_findings(sub)
    _add_extract(sub)
    for module in _extensions():
        module.register(sub)
    return parser


def _extensions():
    """Subcommands that live with their own module (rule authoring, QA)."""
    import importlib

    mods = []
    for name in ("tools.authoring", "tools.qa"):
        try:
            mods.append(importlib.import_module(f"policyeval.{name}"))
        except ModuleNotFoundError as err:
            if err.name != f"policyeval.{name}":
                raise
    return mods


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except DSLError as err:
        print(err.render(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except PolicyEvalError as err:
        print(f"policyeval: error: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as err:  # a bug, not bad input: say so in one line unless debugging
        if os.environ.get("POLICYEVAL_DEBUG"):
            raise
        print(
            f"policyeval: internal error (a bug in policyeval, not in your input): {type(err).__name__}: {err}. "
            "Set POLICYEVAL_DEBUG=1 to see the traceback.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main())
