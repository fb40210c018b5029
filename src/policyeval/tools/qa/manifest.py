"""The QA manifest: sample cases (documents + profile -> expected verdict, basis and evidence page),
read and checked so that every problem names the manifest file and the case."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ...errors import InputError
from ...models import BASES, VERDICTS
from ...profile import Profile, load_profile, profile_from_dict
from ...textfile import read_text, yaml_error

__all__ = ["Case", "load_manifest", "load_manifests", "pages_text", "DEFAULT_MANIFEST"]

DEFAULT_MANIFEST = Path("samples") / "manifest.yaml"
MAX_MANIFEST_BYTES = 10_000_000
CASE_KEYS = {
    "id",
    "step",
    "documents",
    "profile",
    "expect",
    "why",
    "tags",
    "note",
    "notes",
    "title",
    "treatment",
    "plan_id",
}
EXPECT_KEYS = {"verdict", "basis", "pages"}


@dataclass
class Case:
    id: str
    documents: list[str]  # absolute paths
    profile: Profile
    expect: dict[str, Any]  # {"verdict", "basis", "pages": [{"document", "page"}] or None (not checked)}
    why: str = ""
    step: Any = None
    manifest: str = ""  # the manifest file the case came from
    plan_id: str = ""  # HIOS plan ID for formulary files covering several plans ("" = none given)

    @property
    def document_names(self) -> list[str]:
        return [Path(d).name for d in self.documents]


def _bad(manifest: Path, where: str, problem: str) -> InputError:
    return InputError(f"{manifest}: {where}: {problem}")


def load_manifest(path: str | Path) -> list[Case]:
    """Read and check a manifest; every problem is an InputError naming the file and the case."""
    manifest = Path(path)
    text = read_text(manifest, "manifest", MAX_MANIFEST_BYTES)
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise InputError(yaml_error(err, manifest)) from None
    if not isinstance(doc, dict) or "cases" not in doc:
        raise InputError(f"{manifest}: expected a mapping with a 'cases:' list")
    raw_cases = doc["cases"]
    if not isinstance(raw_cases, list) or not raw_cases:
        raise InputError(f"{manifest}: 'cases' must be a non-empty list")
    reader = _CaseReader(manifest)
    return [reader.case(index, raw) for index, raw in enumerate(raw_cases, 1)]


class _CaseReader:
    """Checks one manifest's cases; relative paths are relative to the manifest."""

    def __init__(self, manifest: Path):
        self.manifest = manifest
        self.base = manifest.resolve().parent
        self.seen: set[str] = set()

    def bad(self, where: str, problem: str) -> InputError:
        return _bad(self.manifest, where, problem)

    def case(self, index: int, raw: Any) -> Case:
        where = f"case #{index}"
        if not isinstance(raw, dict):
            raise self.bad(where, f"expected a mapping (id, documents, profile, expect), got {type(raw).__name__}")
        cid = raw.get("id")
        if not isinstance(cid, str) or not cid.strip():
            raise self.bad(where, "'id' is missing or not text")
        cid = cid.strip()
        where = f"case {cid!r} (#{index})"
        if cid in self.seen:
            raise self.bad(where, "duplicate case id")
        self.seen.add(cid)
        unknown = sorted(set(map(str, raw)) - CASE_KEYS)
        if unknown:
            raise self.bad(where, f"unknown key {unknown[0]!r} (known: {', '.join(sorted(CASE_KEYS))})")
        paths = self.documents(where, raw.get("documents"))
        profile = self.profile(where, raw.get("profile"))
        expect = self.expect(where, raw.get("expect"), [Path(p).name for p in paths])
        why = str(raw.get("why") or "").strip()
        plan_id = raw.get("plan_id") or ""
        if not isinstance(plan_id, str):
            raise self.bad(where, "'plan_id' must be text (a HIOS plan ID such as 12345NY0010001)")
        return Case(cid, paths, profile, expect, why, raw.get("step"), str(self.manifest), plan_id.strip())

    def documents(self, where: str, docs: Any) -> list[str]:
        if isinstance(docs, str):
            docs = [docs]
        if not isinstance(docs, list) or not docs or not all(isinstance(d, str) and d.strip() for d in docs):
            raise self.bad(where, "'documents' must be a non-empty list of file names")
        paths = []
        for d in docs:
            p = Path(d) if Path(d).is_absolute() else self.base / d
            if not p.is_file():
                raise self.bad(where, f"document {d!r} not found (looked for {p})")
            paths.append(str(p))
        names = [Path(p).name for p in paths]
        if len(set(names)) != len(names):
            raise self.bad(where, "two documents have the same file name; evidence could not tell them apart")
        return paths

    def profile(self, where: str, prof: Any) -> Profile:
        try:
            if isinstance(prof, str):
                return load_profile(Path(prof) if Path(prof).is_absolute() else self.base / prof)
            if isinstance(prof, dict):
                return profile_from_dict(prof)
            raise self.bad(where, "'profile' must be a profile file path or an inline mapping")
        except InputError as err:
            if str(err).startswith(f"{self.manifest}: "):
                raise
            raise self.bad(where, str(err)) from None

    def expect(self, where: str, exp: Any, names: list[str]) -> dict[str, Any]:
        if not isinstance(exp, dict):
            raise self.bad(where, "'expect' must be a mapping with verdict, basis and pages")
        unknown = sorted(set(map(str, exp)) - EXPECT_KEYS)
        if unknown:
            raise self.bad(where, f"unknown key 'expect.{unknown[0]}' (known: verdict, basis, pages)")
        verdict, basis = exp.get("verdict"), exp.get("basis")
        if verdict not in VERDICTS:
            raise self.bad(where, f"'expect.verdict' is {verdict!r}; use one of {', '.join(VERDICTS)}")
        if basis not in BASES:
            raise self.bad(where, f"'expect.basis' is {basis!r}; use one of {', '.join(BASES)}")
        pages = self.pages(where, exp["pages"], names) if "pages" in exp else None
        return {"verdict": verdict, "basis": basis, "pages": pages}

    def pages(self, where: str, raw_pages: Any, names: list[str]) -> list[dict[str, Any]]:
        if raw_pages is None:
            raw_pages = []
        if not isinstance(raw_pages, list):
            raise self.bad(where, "'expect.pages' must be a list of {document, page} ([] = no evidence)")
        pages = []
        for j, item in enumerate(raw_pages):
            if not isinstance(item, dict) or set(item) != {"document", "page"}:
                raise self.bad(where, f"'expect.pages[{j}]' must be a mapping with exactly document and page")
            dname, page = item["document"], item["page"]
            if not isinstance(dname, str) or Path(dname).name not in names:
                raise self.bad(
                    where,
                    f"'expect.pages[{j}].document' {dname!r} is not one of the case's documents ({', '.join(names)})",
                )
            if not isinstance(page, int) or isinstance(page, bool) or page < 1:
                raise self.bad(where, f"'expect.pages[{j}].page' must be a page number >= 1, got {page!r}")
            pages.append({"document": Path(dname).name, "page": page})
        return pages


def load_manifests(paths: Iterable[str | Path]) -> list[Case]:
    """The cases of several manifests; a case id used twice is an error naming both files."""
    cases: list[Case] = []
    where: dict[str, str] = {}
    for path in paths:
        for case in load_manifest(path):
            if case.id in where:
                raise InputError(f"{path}: case {case.id!r}: id already used in {where[case.id]}")
            where[case.id] = str(path)
            cases.append(case)
    return cases


def pages_text(pages: list[dict[str, Any]] | None) -> str:
    """Expected evidence pages in words: 'sbc.pdf p3 or eoc.pdf p9', 'no evidence', '(not checked)'."""
    if pages is None:
        return "(not checked)"
    if not pages:
        return "no evidence"
    return " or ".join(f"{p['document']} p{p['page']}" for p in pages)
