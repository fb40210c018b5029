"""`policyeval serve --plans DIR`: the CDS Hooks service (Da Vinci CRD) over the plans in a folder."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .common import EXIT_OK


def register(sub: Any) -> None:
    p = sub.add_parser(
        "serve",
        help="run the CDS Hooks service (order-select, order-sign) over a folder of plan documents",
        description="Folder layout: DIR/<HIOS plan ID>/ holds a plan's PDFs and plan files; formulary files "
        "(drugs.json, plans.json) at DIR's top level speak for every plan they list.",
    )
    p.add_argument("--plans", required=True, metavar="DIR", help="folder of plan documents keyed by plan ID")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port (default 8080; 0 picks a free one)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from ..serve import serve

    def ready(url: str) -> None:
        print(f"policyeval: CDS Hooks service at {url}/cds-services (Ctrl-C stops it)", file=sys.stderr, flush=True)

    serve(args.plans, args.host, args.port, ready=ready)
    return EXIT_OK
