"""Checked rule programs kept between runs: parsing and checking the shipped rule files costs about
70 ms of every cold start, and they rarely change.

The cache file is named by a hash of everything the program depends on -- the rule texts, the
grammar, the lexicon's constants, and the source of this package's language modules and of
`models` -- so any edit makes a new key and the old file is simply not used. A file that cannot be
read, is corrupt or was written by another version is ignored (and rewritten); an unwritable
cache directory only costs the check. Only programs without errors are kept; files are written
whole (a temporary file renamed into place). The file holds rules, nothing about a patient."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from .. import models, resources
from ..errors import Diagnostic
from ..lexicon import Lexicon
from .checks import RuleProgram, check_rules
from .parser import grammar_cache_dir, parse
from .schema import constants

__all__ = ["checked_program"]

FORMAT = 1  # bumped when what is stored changes shape
MAX_FILES = 32  # programs kept; the least recently written go first


def checked_program(
    texts: Mapping[str, str], lexicon: Lexicon, cache_dir: Path | None = None
) -> tuple[list[Diagnostic], RuleProgram | None]:
    """`check_rules` over files given as {path: text}, from the cache when this exact program was
    checked before. Raises DSLError for a file that does not parse."""
    folder = cache_dir if cache_dir is not None else grammar_cache_dir()
    path = folder / f"rules-{_key(texts, lexicon)}.pickle" if folder is not None else None
    if path is not None:
        program = _load(path, lexicon)
        if program is not None:
            return [], program
    problems, program = check_rules([parse(text, name) for name, text in texts.items()], lexicon)
    if program is not None and path is not None:
        _save(path, program)
    return problems, program


def _key(texts: Mapping[str, str], lexicon: Lexicon) -> str:
    parts = [FORMAT, _code(), sorted(constants(lexicon).items()), sorted(lexicon.insurers), sorted(texts.items())]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:32]


@cache
def _code() -> str:
    """A hash of the grammar and the modules whose classes and rules a stored program embodies."""
    digest = hashlib.sha256(resources.grammar_path().read_bytes())
    for source in sorted(Path(__file__).parent.glob("*.py")) + [Path(models.__file__)]:
        digest.update(source.read_bytes())
    return digest.hexdigest()


def _load(path: Path, lexicon: Lexicon) -> RuleProgram | None:
    try:
        with path.open("rb") as fh:
            program = pickle.load(fh)
    except FileNotFoundError:
        return None
    except Exception:  # corrupt, truncated, from another version: check the files instead
        return None
    if not isinstance(program, RuleProgram):
        return None
    program.lowerer.lexicon = lexicon  # not stored: the one loaded in this process
    return program


def _save(path: Path, program: RuleProgram) -> None:
    lexicon = program.lowerer.lexicon
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        program.lowerer.lexicon = None  # type: ignore[assignment]  # rebuilt from the key's constants
        fd, tmp = tempfile.mkstemp(prefix=".rules-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(program, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        _prune(path.parent)
    except (OSError, pickle.PicklingError, RecursionError):
        pass  # no cache this time: the program is checked on every start
    finally:
        program.lowerer.lexicon = lexicon


def _prune(folder: Path) -> None:
    """At most MAX_FILES programs (each test run and each edited rule set makes a new one)."""
    try:
        kept = sorted(folder.glob("rules-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[MAX_FILES:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
