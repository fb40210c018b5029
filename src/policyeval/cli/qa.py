"""`policyeval qa`: every sample case against its expected outcome; exit 1 when any case fails."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import InputError
from .common import EXIT_FAIL, EXIT_OK, add_rules_option, write_file

DEFAULT_MANIFEST = "samples/manifest.yaml"  # tools.qa.DEFAULT_MANIFEST, named here without importing it


def register(sub: Any) -> None:
    p = sub.add_parser(
        "qa",
        help="run the sample cases against their expected outcomes",
        description="Runs every case of the manifest(s): documents + profile -> expected "
        "verdict, basis and evidence page. Exit 1 when any case fails.",
    )
    p.add_argument(
        "manifests",
        nargs="*",
        metavar="MANIFEST",
        help=f"manifest YAML file(s) (default: {DEFAULT_MANIFEST} when present)",
    )
    p.add_argument("--jobs", "-j", type=int, default=1, metavar="N", help="worker processes (default 1)")
    p.add_argument("--json", metavar="FILE", help="write the report as JSON (schema policyeval.qa/1); '-' = stdout")
    p.add_argument("--junit", metavar="FILE", help="write a JUnit XML report (for CI)")
    add_rules_option(p)
    p.add_argument(
        "--cluster",
        metavar="ADDRESS",
        help="run on a Dask distributed cluster (scheduler address, or 'local[:N]' for a local one)",
    )
    p.set_defaults(func=cmd_qa)


def cmd_qa(args: argparse.Namespace) -> int:
    from ..tools import qa

    manifests = list(args.manifests)
    if not manifests:
        if not qa.DEFAULT_MANIFEST.is_file():
            raise InputError(
                f"no manifest given and {qa.DEFAULT_MANIFEST} not found here; "
                "pass the manifest file, e.g. policyeval qa samples/manifest.yaml"
            )
        manifests = [str(qa.DEFAULT_MANIFEST)]
    cases = qa.load_manifests(manifests)
    report = qa.run_cases(cases, jobs=args.jobs, rules_paths=args.rules or None, cluster=args.cluster)
    data = qa.report_json(report) if args.json else None
    if args.json == "-":
        print(json.dumps(data, indent=2, ensure_ascii=False))
        print(qa.report_text(report), file=sys.stderr)
    else:
        print(qa.report_text(report))
        if args.json:
            write_file(args.json, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    if args.junit:
        write_file(args.junit, qa.report_junit(report))
    return EXIT_OK if report.passed else EXIT_FAIL
