"""What every command group shares: exit codes, the --rules option, writing output files."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError

EXIT_OK, EXIT_FAIL, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def write_file(path: str | Path, text: str) -> None:
    """Write an output file the user named; an unwritable path is bad input, not a bug."""
    try:
        Path(path).write_text(text, encoding="utf-8")
    except OSError as err:
        raise InputError(f"{path}: cannot write ({err.strerror})") from None


def add_rules_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--rules",
        "-r",
        action="append",
        default=[],
        metavar="PATH",
        help="rule files or directories (default: the shipped rules); repeatable",
    )
