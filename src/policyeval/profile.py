"""The patient profile: loaded from YAML/JSON or a dict, validated field by field.
Only `treatment` is required; anything unknown, mistyped or impossible is refused with the field's name."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from .errors import ProfileError
from .models import TREATMENTS
from .textfile import read_text

MAX_PROFILE_BYTES = 256_000
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

TREATMENT_ALIASES = {
    "iv_ketamine": "iv_ketamine",
    "ketamine": "iv_ketamine",
    "iv ketamine": "iv_ketamine",
    "ketamine infusion": "iv_ketamine",
    "ketamine_infusion": "iv_ketamine",
    "esketamine_nasal": "esketamine_nasal",
    "esketamine": "esketamine_nasal",
    "spravato": "esketamine_nasal",
}
# Severity scales: accepted spellings -> canonical name, and the scale's range.
SCORES = {"PHQ9": (0, 27), "MADRS": (0, 60), "HAMD": (0, 52), "QIDS": (0, 27)}
_SCORE_ALIASES = {
    "PHQ9": "PHQ9",
    "PHQ": "PHQ9",
    "MADRS": "MADRS",
    "HAMD": "HAMD",
    "HAMD17": "HAMD",
    "HDRS": "HAMD",
    "QIDS": "QIDS",
    "QIDSC16": "QIDS",
    "QIDSSR16": "QIDS",
}


def score_name(raw: str) -> str | None:
    """'PHQ-9', 'phq_9', 'HAM-D' -> canonical scale name, or None."""
    key = "".join(ch for ch in str(raw).upper() if ch.isalnum())
    return _SCORE_ALIASES.get(key)


@dataclass
class Trial:
    drug: str
    weeks: float | None = None
    improvement_pct: float | None = None


@dataclass
class Profile:
    treatment: str
    insurer: str | None = None
    age: int | None = None
    diagnoses: list[str] | None = None
    failed_antidepressant_trials: int | None = None
    antidepressant_trials: list[Trial] | None = None
    current_oral_antidepressant: bool | None = None
    psychotherapy_tried: bool | None = None
    scores: dict[str, float] | None = None
    rems_certified_site: bool | None = None
    provider_in_network: bool | None = None
    service_date: str | None = None  # ISO date of the treatment: picks the insurer policy version in force

    def given(self, name: str) -> bool:
        return getattr(self, name) is not None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            if f.name == "antidepressant_trials":
                value = [{k: v for k, v in vars(t).items() if v is not None} for t in value]
            out[f.name] = value
        return out


FIELD_NAMES = tuple(f.name for f in fields(Profile))
_BOOL_FIELDS = ("current_oral_antidepressant", "psychotherapy_tried", "rems_certified_site", "provider_in_network")


def _suggest(name: str, options) -> str:
    close = difflib.get_close_matches(name, list(options), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and abs(v) != float("inf")


def _number(data: dict, key: str, lo: float, hi: float, integer: bool, where: str = "") -> Any:
    v = data[key]
    label = f"{where}{key}"
    if integer and not (isinstance(v, int) and not isinstance(v, bool)):
        raise ProfileError(f"profile field '{label}': expected a whole number, got {v!r}")
    if not _is_number(v):
        raise ProfileError(f"profile field '{label}': expected a number, got {v!r}")
    if not lo <= v <= hi:
        raise ProfileError(f"profile field '{label}': {v!r} is impossible (must be between {lo:g} and {hi:g})")
    return v


def profile_from_dict(data: Any) -> Profile:
    """Validate a mapping; raise ProfileError naming the first bad field."""
    if not isinstance(data, dict):
        raise ProfileError(
            f"profile: expected a mapping of fields (e.g. 'treatment: esketamine_nasal'), got {type(data).__name__}"
        )
    for key in data:
        if not isinstance(key, str) or key not in FIELD_NAMES:
            raise ProfileError(
                f"profile field '{key}' is not known{_suggest(str(key), FIELD_NAMES)} "
                f"(known fields: {', '.join(FIELD_NAMES)})"
            )
    if "treatment" not in data or data["treatment"] is None:
        raise ProfileError("profile field 'treatment' is required: iv_ketamine or esketamine_nasal")
    raw = data["treatment"]
    if not isinstance(raw, str) or raw.strip().lower() not in TREATMENT_ALIASES:
        raise ProfileError(
            f"profile field 'treatment': {raw!r} is not a treatment; use one of "
            f"{', '.join(TREATMENTS)}{_suggest(str(raw), TREATMENTS)}"
        )
    prof = Profile(treatment=TREATMENT_ALIASES[raw.strip().lower()])
    present = {k: v for k, v in data.items() if v is not None}
    if "insurer" in present:
        if not isinstance(present["insurer"], str) or not present["insurer"].strip():
            raise ProfileError(
                f"profile field 'insurer': expected the insurer's name as text, got {present['insurer']!r}"
            )
        prof.insurer = present["insurer"].strip()
    if "age" in present:
        prof.age = _number(present, "age", 0, 120, integer=True)
    if "diagnoses" in present:
        dx = present["diagnoses"]
        if isinstance(dx, str):
            dx = [dx]
        if not isinstance(dx, list) or not all(isinstance(d, str) and d.strip() for d in dx):
            raise ProfileError(
                "profile field 'diagnoses': expected a list of diagnosis names or ICD-10 codes, "
                'e.g. ["F33.2", "treatment-resistant depression"]'
            )
        prof.diagnoses = [d.strip() for d in dx]
    if "failed_antidepressant_trials" in present:
        prof.failed_antidepressant_trials = _number(present, "failed_antidepressant_trials", 0, 50, integer=True)
    if "antidepressant_trials" in present:
        prof.antidepressant_trials = _trials(present["antidepressant_trials"])
    for key in _BOOL_FIELDS:
        if key in present:
            if not isinstance(present[key], bool):
                raise ProfileError(f"profile field '{key}': expected true or false, got {present[key]!r}")
            setattr(prof, key, present[key])
    if "scores" in present:
        prof.scores = _scores(present["scores"])
    if "service_date" in present:
        prof.service_date = _iso_date(present["service_date"], "service_date")
    return prof


def _iso_date(raw: Any, key: str) -> str:
    """A date as YYYY-MM-DD (YAML reads an unquoted date as a date; JSON gives text)."""
    day: dt.date | None = None
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        day = raw
    elif isinstance(raw, str) and _ISO_DATE.fullmatch(raw):
        try:
            day = dt.date.fromisoformat(raw)
        except ValueError:
            day = None
    if day is None:
        raise ProfileError(f"profile field '{key}': expected a date as YYYY-MM-DD, got {raw!r}")
    if not 1900 <= day.year <= 2200:
        raise ProfileError(f"profile field '{key}': {day.isoformat()} is impossible (a year from 1900 to 2200)")
    return day.isoformat()


def _trials(raw: Any) -> list[Trial]:
    if not isinstance(raw, list):
        raise ProfileError(
            "profile field 'antidepressant_trials': expected a list like "
            "[{drug: sertraline, weeks: 8, improvement_pct: 10}]"
        )
    trials = []
    for i, item in enumerate(raw):
        where = f"antidepressant_trials[{i}]."
        if not isinstance(item, dict):
            raise ProfileError(
                f"profile field 'antidepressant_trials[{i}]': expected a mapping with drug, weeks, improvement_pct"
            )
        for key in item:
            if key not in ("drug", "weeks", "improvement_pct"):
                raise ProfileError(
                    f"profile field '{where}{key}' is not known"
                    f"{_suggest(str(key), ('drug', 'weeks', 'improvement_pct'))}"
                )
        drug = item.get("drug")
        if not isinstance(drug, str) or not drug.strip():
            raise ProfileError(f"profile field '{where}drug': expected the antidepressant's name")
        weeks = _number(item, "weeks", 0, 520, integer=False, where=where) if item.get("weeks") is not None else None
        imp = (
            _number(item, "improvement_pct", -100, 100, integer=False, where=where)
            if item.get("improvement_pct") is not None
            else None
        )
        trials.append(Trial(drug.strip(), weeks, imp))
    return trials


def _scores(raw: Any) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise ProfileError("profile field 'scores': expected a mapping like {PHQ-9: 19, MADRS: 32}")
    out: dict[str, float] = {}
    for key, value in raw.items():
        name = score_name(str(key))
        if name is None:
            raise ProfileError(f"profile field 'scores.{key}': unknown scale; use one of PHQ-9, MADRS, HAM-D, QIDS")
        lo, hi = SCORES[name]
        out[name] = _number({key: value}, key, lo, hi, integer=False, where="scores.")
    return out


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors/aliases: a profile never needs them, and they allow 'billion laughs'."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise ProfileError(
                f"profile: YAML aliases (*{event.anchor}) are not allowed in a profile "
                f"(line {event.start_mark.line + 1})"
            )
        return super().compose_node(parent, index)


def parse_profile_text(text: str, name: str = "profile") -> Profile:
    """YAML or JSON text -> Profile. Errors name the file and the field."""
    try:
        data = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - SafeLoader subclass
    except ProfileError as err:
        raise ProfileError(f"{name}: {err}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise ProfileError(f"{name}: not valid YAML or JSON{where}: {problem}") from None
    if data is None:
        raise ProfileError(
            f"{name}: the profile is empty; it needs at least 'treatment: esketamine_nasal' or 'treatment: iv_ketamine'"
        )
    try:
        return profile_from_dict(data)
    except ProfileError as err:
        raise ProfileError(f"{name}: {err}") from None


def load_profile(path: str | Path) -> Profile:
    return parse_profile_text(read_text(path, "profile", MAX_PROFILE_BYTES, ProfileError), Path(path).name)


def profile_from_json(text: str) -> Profile:
    try:
        return profile_from_dict(json.loads(text))
    except json.JSONDecodeError as err:
        raise ProfileError(f"profile: not valid JSON: {err.msg} at line {err.lineno}") from None
