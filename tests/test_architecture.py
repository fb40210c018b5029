"""The package's boundaries (docs/ARCHITECTURE.md), checked on the source's import statements.

Each stage is a package and the data flows one way; these tests fail when code crosses a boundary,
so a reviewer never has to spot it. Imports inside functions count like any other."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"
PACKAGE = "policyeval"
FACES = ("policyeval.cli", "policyeval.serve")  # the app/ folder is a face too (checked from its files)
# What a face may import: the public API and the public names of the tools and advice packages.
FACE_ALLOWED = ("policyeval", "policyeval.errors", "policyeval.tools", "policyeval.advise", "policyeval.serve")
MAX_MODULE_LINES = 550  # "about 500": a module that grows past it is split
MAX_FUNCTION_LINES = 60  # longer needs "Long because ..." in its docstring

# Debt left from before the layout work (issue 9), each entry (importer, imported) or a dotted name.
# These lists only shrink: code that merely moves may carry its entry to its new name (say so in the
# commit), new code never gets an entry. The layout is done when they are empty.
DEBT_IMPORTS: set[tuple[str, str]] = set()
DEBT_LONG_MODULES: set[str] = set()
DEBT_LONG_FUNCTIONS: set[str] = set()
DEBT_PACKAGE_DOCS: set[str] = set()


@dataclass(frozen=True)
class Import:
    importer: str  # dotted module name (or app/... path for the app)
    target: str  # the module imported (resolved to a module where the name is one)
    names: tuple[str, ...]  # names taken from it (ImportFrom)
    line: int


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _is_package(path: Path) -> bool:
    return path.name == "__init__.py"


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted((SRC / PACKAGE).rglob("*.py"))}


MODULES = _modules()


def _resolve(importer: str, is_pkg: bool, level: int, module: str | None) -> str:
    if level == 0:
        return module or ""
    base = importer.split(".") if is_pkg else importer.split(".")[:-1]
    base = base[: len(base) - (level - 1)]
    return ".".join(base + ([module] if module else []))


def imports_of(path: Path, name: str) -> list[Import]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    is_pkg = _is_package(path)
    out: list[Import] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [Import(name, a.name, (), node.lineno) for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.module == "__future__":
                continue
            target = _resolve(name, is_pkg, node.level, node.module)
            names = tuple(a.name for a in node.names)
            # `from . import engine` imports the module policyeval.decide.engine, not the package
            subs = [f"{target}.{n}" for n in names if f"{target}.{n}" in MODULES]
            out += [Import(name, sub, (), node.lineno) for sub in subs]
            if len(subs) < len(names):
                out.append(Import(name, target, names, node.lineno))
    return out


def _all_imports() -> list[Import]:
    found = []
    for name, path in MODULES.items():
        found += imports_of(path, name)
    return found


ALL = _all_imports()


def _in(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _violations(pred) -> list[str]:
    bad = [
        f"{i.importer}:{i.line} imports {i.target}"
        for i in ALL
        if pred(i) and (i.importer, i.target) not in DEBT_IMPORTS
    ]
    return sorted(set(bad))


def test_reading_and_finding_never_reach_into_deciding():
    """read/ and find/ know nothing of rules, verdicts or faces: they turn bytes into statements."""
    later = (
        "policyeval.dsl",
        "policyeval.decide",
        "policyeval.advise",
        "policyeval.tools",
        "policyeval.cli",
        "policyeval.serve",
        "policyeval.pipeline",
    )
    assert (
        _violations(
            lambda i: (
                (_in(i.importer, "policyeval.read") or _in(i.importer, "policyeval.find"))
                and any(_in(i.target, p) for p in later)
            )
        )
        == []
    )


def test_read_does_not_depend_on_find():
    assert _violations(lambda i: _in(i.importer, "policyeval.read") and _in(i.target, "policyeval.find")) == []


def test_dsl_does_not_depend_on_decide():
    """The language (syntax, schema, checks) stands alone; deciding builds on it, not the reverse."""
    assert _violations(lambda i: _in(i.importer, "policyeval.dsl") and _in(i.target, "policyeval.decide")) == []


def test_only_the_engine_module_imports_durable():
    """durable_rules has one global host and crashes in ways that look like our bugs: one fence."""
    assert (
        _violations(
            lambda i: (
                i.target.split(".")[0] in ("durable", "durable_rules_engine")
                and i.importer != "policyeval.decide.engine"
            )
        )
        == []
    )


def test_only_read_imports_pymupdf():
    """The PDF library (rendering included) lives behind read/."""
    assert (
        _violations(lambda i: i.target.split(".")[0] in ("pymupdf", "fitz") and not _in(i.importer, "policyeval.read"))
        == []
    )


def _face_ok(target: str) -> bool:
    if not _in(target, PACKAGE):
        return True
    return any(target == allowed or (allowed != PACKAGE and _in(target, allowed)) for allowed in FACE_ALLOWED)


def test_faces_use_the_public_api():
    """The CLI, the service and the app are clients of the library like any script."""
    bad = _violations(
        lambda i: (
            any(_in(i.importer, f) for f in FACES)
            and not _face_ok(i.target)
            and not any(_in(i.target, f) for f in FACES)
        )
    )
    app_dir = ROOT / "app"
    for path in sorted(app_dir.rglob("*.py")):
        for i in imports_of(path, "app"):
            if _in(i.target, PACKAGE) and not _face_ok(i.target) and ("app", i.target) not in DEBT_IMPORTS:
                bad.append(f"{path.relative_to(ROOT)}:{i.line} imports {i.target}")
    assert bad == []


def test_no_module_imports_a_private_name_of_another():
    bad = []
    for i in ALL:
        if not _in(i.target, PACKAGE) or i.target == i.importer:
            continue
        private = [n for n in i.names if n.startswith("_") and not n.startswith("__")]
        if private and (i.importer, i.target) not in DEBT_IMPORTS:
            bad.append(f"{i.importer}:{i.line} imports {', '.join(private)} from {i.target}")
    assert bad == []


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for i in ALL:
        if i.target in MODULES and i.target != i.importer:
            graph[i.importer].add(i.target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    out: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycles():
    """Not even hidden inside functions. A package's __init__ re-exporting its modules is no cycle
    unless a module imports its own package's __init__ back."""
    graph = _graph()
    for importer, target in DEBT_IMPORTS:
        graph.get(importer, set()).discard(target)
    assert cycles(graph) == []


def _long_functions(path: Path, name: str) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            doc = ast.get_docstring(node) or ""
            if length > MAX_FUNCTION_LINES and "long because" not in doc.lower():
                key = f"{name}.{node.name}"
                if key not in DEBT_LONG_FUNCTIONS:
                    out.append(f"{key} ({length} lines)")
    return out


def test_functions_are_short_or_say_why():
    bad = []
    for name, path in MODULES.items():
        bad += _long_functions(path, name)
    assert bad == []


def test_modules_are_short():
    bad = []
    for name, path in MODULES.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES and name not in DEBT_LONG_MODULES:
            bad.append(f"{name} ({lines} lines)")
    assert bad == []


def test_every_stage_package_says_what_it_takes_and_gives():
    for name, path in MODULES.items():
        if _is_package(path) and name != PACKAGE and name not in DEBT_PACKAGE_DOCS:
            doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
            assert len(doc.split()) >= 12, f"{name}/__init__.py needs a paragraph saying what it takes and gives"


# ---- the checks themselves must catch a violation ---------------------------------------------------


def _check_source(tmp_path: Path, files: dict[str, str]) -> list[Import]:
    found = []
    for rel, text in files.items():
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)
    for rel in files:
        p = tmp_path / rel
        parts = list(Path(rel).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found += imports_of(p, ".".join(parts))
    return found


def test_a_deliberate_violation_is_caught(tmp_path):
    """read/ importing decide/ from inside a function, a private name and a cycle are all seen."""
    found = _check_source(
        tmp_path,
        {
            "policyeval/read/x.py": "def f():\n    from ..decide.engine import _host\n",
            "policyeval/decide/engine.py": "from ..read import x\n",
        },
    )
    assert any(i.importer == "policyeval.read.x" and i.target == "policyeval.decide.engine" for i in found)
    assert any("_host" in i.names for i in found)
    graph = {"policyeval.read.x": {"policyeval.decide.engine"}, "policyeval.decide.engine": {"policyeval.read.x"}}
    assert cycles(graph) == [["policyeval.decide.engine", "policyeval.read.x"]]


@pytest.mark.parametrize(
    "source, expect",
    [
        ("import pymupdf\n", "pymupdf"),
        ("from durable import engine\n", "durable"),
    ],
)
def test_third_party_targets_are_seen(tmp_path, source, expect):
    found = _check_source(tmp_path, {"policyeval/find/y.py": source})
    assert any(i.target.split(".")[0] == expect for i in found)
