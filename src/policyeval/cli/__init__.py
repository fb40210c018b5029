"""`policyeval` command line: one module per command group (`plan`: evaluate / findings / extract,
`rules`: rule authoring and explain, `qa`: the sample cases, `serve`: the CDS Hooks service). A face: it uses the public API and the
tools' public names only, and imports them when a command runs, so `--version` and `--help` start fast.
Bad input: one line on stderr naming the file or field, exit 2; a bug: one line, exit 3."""

from __future__ import annotations

import argparse
import os
import sys

from .. import __version__, printable_streams
from ..errors import DSLError, PolicyEvalError
from . import plan, qa, rules, serve
from .common import EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK

__all__ = ["main", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policyeval", description="Will this health plan cover IV ketamine or Spravato for this patient?"
    )
    parser.add_argument("--version", action="version", version=f"policyeval {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (plan, rules, qa, serve):
        group.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; everything it prints passes through `policyeval.printable` (text from
    documents and rule files must not drive the terminal)."""
    with printable_streams():
        return _main(argv)


def _main(argv: list[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        return code
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
