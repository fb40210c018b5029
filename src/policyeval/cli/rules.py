"""The rule author's commands: `rules check | fmt | test | facts` and `explain` -- work on rule files
as on code: errors with positions, one canonical layout, tests beside the rules with coverage, and
"why not" for every rule that did not match."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path
from typing import Any

from .common import EXIT_BAD_INPUT, EXIT_FAIL, EXIT_OK, add_rules_option
from .formulary import add_plan_id_option


def register(sub: Any) -> None:
    rules = sub.add_parser(
        "rules",
        help="rule authoring: check, fmt, test, facts, packs, diff",
        description="Work on rule files like code: check them, format them, test them.",
    )
    rsub = rules.add_subparsers(dest="rules_command", required=True, metavar="COMMAND")
    paths_help = "rule files or directories (default: the shipped rules)"

    p = rsub.add_parser("check", help="parse, resolve and type-check rule files (exit 1 on any error)")
    p.add_argument("paths", nargs="*", metavar="PATH", help=paths_help)
    p.add_argument("--json", action="store_true", help="print the diagnostics as JSON")
    p.add_argument("--no-warnings", action="store_true", help="print errors only")
    p.set_defaults(func=cmd_check)

    p = rsub.add_parser("fmt", help="rewrite rule files in the canonical layout")
    p.add_argument("paths", nargs="*", metavar="PATH", help=paths_help)
    p.add_argument("--check", action="store_true", help="change nothing; list files that would change (exit 1)")
    p.add_argument("--diff", action="store_true", help="with --check: show what would change")
    p.set_defaults(func=cmd_fmt)

    p = rsub.add_parser("test", help="run the rule tests (*_test.yaml) and report rule coverage")
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="test files or directories (default: every *_test.yaml of the shipped rules)",
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("-v", "--verbose", action="store_true", help="list passing tests too")
    p.set_defaults(func=cmd_test)

    p = rsub.add_parser("facts", help="print what rules can read: fields, functions, names, with types")
    g = p.add_mutually_exclusive_group()
    g.add_argument("--markdown", action="store_true", help="Markdown tables (as in docs/DSL.md)")
    g.add_argument("--json", action="store_true")
    g.add_argument("--update", metavar="DOC", help="rewrite the generated tables in this Markdown file")
    p.set_defaults(func=cmd_facts)

    _register_packs(rsub, paths_help)
    _register_explain(sub)


def _register_packs(rsub: Any, paths_help: str) -> None:
    p = rsub.add_parser("packs", help="list the insurer packs: what each decides, its versions and its sources")
    p.add_argument("paths", nargs="*", metavar="PATH", help=paths_help)
    g = p.add_mutually_exclusive_group()
    g.add_argument("--json", action="store_true")
    g.add_argument("--markdown", action="store_true", help="the Markdown table (as in the README)")
    g.add_argument("--update", metavar="DOC", help="rewrite the generated pack table in this Markdown file")
    p.set_defaults(func=cmd_packs)

    p = rsub.add_parser("diff", help="what changed between consecutive versions of an insurer pack")
    p.add_argument("pack", metavar="PACK", help="an insurer id (cigna) or a pack file")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_diff)


def _register_explain(sub: Any) -> None:
    p = sub.add_parser(
        "explain",
        help="every rule, matched or not, and why not",
        description="For every rule: did it match this plan and profile? For those that did not, "
        "the first clause that failed and the values it read.",
    )
    p.add_argument("inputs", nargs="+", metavar="PLAN", help="plan PDF(s), plan files and/or formulary files")
    p.add_argument("--profile", "-p", required=True, help="patient profile (YAML or JSON)")
    add_rules_option(p)
    add_plan_id_option(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_explain)


def cmd_check(args: argparse.Namespace) -> int:
    from ..tools import rule_files
    from ..tools.rulecheck import check_paths, check_report, errors

    diags = check_paths(args.paths, warnings=not args.no_warnings)
    n_err = len(errors(diags))
    if args.json:
        listed = [d.to_json() for d in diags]
        summary = {"errors": n_err, "warnings": len(diags) - n_err, "diagnostics": listed}
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        print(check_report(diags, len(rule_files(args.paths))), end="")
    return EXIT_FAIL if n_err else EXIT_OK


def cmd_fmt(args: argparse.Namespace) -> int:
    from ..tools import rule_files
    from ..tools.formatting import format_path

    changed, failed = [], False
    for result in map(format_path, rule_files(args.paths)):
        if result.error:
            print(result.error, file=sys.stderr)
            failed = True
            continue
        if not result.changed:
            continue
        changed.append(result.shown)
        if args.check:
            print(f"would reformat {result.shown}")
            if args.diff:
                old, new = result.old.splitlines(True), result.new.splitlines(True)
                sys.stdout.writelines(difflib.unified_diff(old, new, str(result.shown), f"{result.shown} (formatted)"))
        else:
            result.write()
            print(f"reformatted {result.shown}")
    if failed:
        return EXIT_BAD_INPUT
    if args.check:
        if not changed:
            print("all files are formatted")
        return EXIT_FAIL if changed else EXIT_OK
    if not changed:
        print("nothing to reformat")
    return EXIT_OK


def cmd_test(args: argparse.Namespace) -> int:
    from ..tools.ruletests import RuleTestResult, run_rule_tests

    report = run_rule_tests(args.paths)
    if args.json:
        print(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
        return EXIT_OK if report.ok else EXIT_FAIL
    by_file: dict[str, list[RuleTestResult]] = {}
    for r in report.results:
        by_file.setdefault(r.file, []).append(r)
    for file, results in by_file.items():
        passed = sum(r.passed for r in results)
        print(f"{file}: {passed}/{len(results)} passed")
        for r in results:
            if not r.passed:
                print(f"  FAIL {r.name}\n       {r.message}")
            elif args.verbose:
                print(f"  ok   {r.name}")
    total, failed = len(report.results), len(report.failed)
    print()
    print(f"{total - failed} passed, {failed} failed")
    covered = report.rules_total - len(report.uncovered)
    print(f"rule coverage: {covered}/{report.rules_total} rules fired in at least one test")
    if report.uncovered:
        print("never fired:")
        for rid in report.uncovered:
            print(f"  {rid}")
    return EXIT_OK if report.ok else EXIT_FAIL


def cmd_facts(args: argparse.Namespace) -> int:
    from ..tools.schemadoc import facts_markdown, facts_text, schema, update_doc

    if args.update:
        changed = update_doc(Path(args.update))
        print(f"{args.update}: {'updated' if changed else 'already up to date'}")
    elif args.markdown:
        sys.stdout.write(facts_markdown())
    elif args.json:
        print(json.dumps(schema(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(facts_text())
    return EXIT_OK


def cmd_packs(args: argparse.Namespace) -> int:
    from ..tools.packs import packs, packs_markdown, packs_text, update_table

    found = packs(args.paths)
    if args.update:
        changed = update_table(Path(args.update), found)
        print(f"{args.update}: {'updated' if changed else 'already up to date'}")
    elif args.json:
        print(json.dumps([p.to_json() for p in found], indent=2, ensure_ascii=False))
    elif args.markdown:
        sys.stdout.write(packs_markdown(found))
    else:
        sys.stdout.write(packs_text(found))
    return EXIT_OK


def cmd_diff(args: argparse.Namespace) -> int:
    from ..tools.packdiff import diff_pack, diff_text

    diff = diff_pack(args.pack)
    if args.json:
        print(json.dumps(diff.to_json(), indent=2, ensure_ascii=False))
    else:
        sys.stdout.write(diff_text(diff))
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from .. import load_profile
    from ..tools.explain import explain_case

    case = explain_case(args.inputs, load_profile(args.profile), args.rules or None, args.plan_id)
    if args.json:
        print(json.dumps(case.to_json(), indent=2, ensure_ascii=False))
        return EXIT_OK
    d = case.decision
    print(
        f"{d.treatment}, insurer {case.insurer or 'not known'}: {d.verdict} ({d.basis})"
        + (f" by rule {d.rule}" if d.rule else "")
    )
    print()
    for e in case.rules:
        mark = "WINS " if e.winner else "match" if e.matched else "  -  "
        name = e.rule + (f" (version {e.version})" if e.version else "")
        print(f"{mark} {e.priority:>4}  {name}  -> {e.verdict} / {e.basis}")
        if not e.matched and e.failed_clause:
            print(f"              failed: {e.failed_clause} — {e.actual}")
    if d.criteria:
        print()
        print("Prior-authorization criteria:")
        for c in d.criteria:
            print(f"  {c.status:<9} {c.name}: {c.description}" + (f" ({c.detail})" if c.detail else ""))
    return EXIT_OK
