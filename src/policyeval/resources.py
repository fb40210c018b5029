"""Where the shipped grammar, rules and lexicon live: inside the wheel, or the repository in a checkout."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path

from .textfile import expand_paths

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    """`_data/` in an installed wheel; the repository root when running from a checkout."""
    installed = _PACKAGE / "_data"
    if (installed / "rules").is_dir():
        return installed
    repo = _PACKAGE.parent.parent
    if (repo / "rules").is_dir() and (repo / "grammar").is_dir():
        return repo
    raise RuntimeError("policyeval is installed without its rules/ and grammar/ data")


def grammar_path() -> Path:
    return data_root() / "grammar" / "policy.lark"


def rules_dir() -> Path:
    return data_root() / "rules"


def lexicon_path() -> Path:
    return rules_dir() / "lexicon.yaml"


def default_rule_files() -> list[Path]:
    """Every shipped *.policy file (defaults first, then insurer packs), in a stable order."""
    root = rules_dir()
    return sorted(root.glob("*.policy")) + sorted((root / "insurers").glob("*.policy"))


def display_path(path: Path) -> str:
    """Shipped files as 'rules/default.policy' wherever they are installed; others as given."""
    try:
        return Path(path).resolve().relative_to(data_root()).as_posix()
    except ValueError:
        return str(path)


def rule_files(paths: Iterable[str | Path] = ()) -> list[Path]:
    """The rule files a command works on: the given files and directories (searched for *.policy),
    else every shipped one."""
    given = list(paths or [])
    return expand_paths(given, "*.policy", "rule file") if given else default_rule_files()
