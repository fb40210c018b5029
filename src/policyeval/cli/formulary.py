"""Formulary files on the command line: `--plan-id`, the plans to choose from when it is missing, and
progress while a large drugs.json is read (on stderr, only when stderr is a terminal)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

PROGRESS_MIN_BYTES = 20_000_000  # smaller files read in a moment: no progress line


def add_plan_id_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--plan-id",
        metavar="HIOS_ID",
        help="the plan's HIOS plan ID (14 characters, e.g. 12345NY0010001) in formulary files that cover several plans",
    )


def list_formulary_plans(inputs: list[Any]) -> bool:
    """When formulary files among the inputs cover several plans, list them (stdout) and say how to
    choose (stderr); True when the user must choose."""
    from .. import formulary_plans

    plans = formulary_plans(inputs)
    if len(plans) <= 1:
        return False
    print(f"{'plan ID':<16} {'drugs':>7}  plan name")
    for plan in plans:
        print(f"{plan.plan_id:<16} {plan.drugs or '':>7}  {plan.name}")
    print(
        f"policyeval: error: the formulary covers {len(plans):,} plans; choose yours with --plan-id "
        "(the plan ID is on the member card)",
        file=sys.stderr,
    )
    return True


def formulary_progress() -> Callable[[str, int, int], None] | None:
    """A progress line for long reads (bytes of a formulary file, pages of a PDF), on a terminal only."""
    if not sys.stderr.isatty():
        return None

    def show(name: str, done: int, total: int) -> None:
        if total >= PROGRESS_MIN_BYTES:
            end = "\n" if done >= total else ""
            print(f"\rreading {name}: {done / 1e6:,.0f} of {total / 1e6:,.0f} MB", end=end, file=sys.stderr, flush=True)

    return show
