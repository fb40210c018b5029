"""The patient profile: loaded from YAML/JSON or a dict, validated field by field.
Only `treatment` is required; anything unknown, mistyped or impossible is refused with the field's name."""

from __future__ import annotations

import datetime as dt
import difflib
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


def _show(v: Any) -> str:
    """A value as a message shows it: short, whatever it is (a 5,000-digit number, a long text)."""
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10**20:
        return f"a number of {len(str(abs(v))) if abs(v) < 10**4000 else 'thousands of'} digits"
    text = repr(v)
    return text if len(text) <= 60 else text[:57] + "…"


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and v == v and abs(v) != float("inf")


def _number(data: dict, key: str, lo: float, hi: float, integer: bool, where: str = "") -> Any:
    v = data[key]
    label = f"{where}{key}"
    if integer and not (isinstance(v, int) and not isinstance(v, bool)):
        raise ProfileError(f"profile field '{label}': expected a whole number, got {_show(v)}")
    if not _is_number(v):
        raise ProfileError(f"profile field '{label}': expected a number, got {_show(v)}")
    if not lo <= v <= hi:
        raise ProfileError(f"profile field '{label}': {_show(v)} is impossible (must be between {lo:g} and {hi:g})")
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
                f"profile field '{_show(key).strip(chr(39))}' is not known{_suggest(str(key)[:40], FIELD_NAMES)} "
                f"(known fields: {', '.join(FIELD_NAMES)})"
            )
    if "treatment" not in data or data["treatment"] is None:
        raise ProfileError("profile field 'treatment' is required: iv_ketamine or esketamine_nasal")
    raw = data["treatment"]
    if not isinstance(raw, str) or raw.strip().lower() not in TREATMENT_ALIASES:
        raise ProfileError(
            f"profile field 'treatment': {_show(raw)} is not a treatment; use one of "
            f"{', '.join(TREATMENTS)}{_suggest(str(raw)[:40], TREATMENTS)}"
        )
    prof = Profile(treatment=TREATMENT_ALIASES[raw.strip().lower()])
    present = {k: v for k, v in data.items() if v is not None}
    if "insurer" in present:
        if not isinstance(present["insurer"], str) or not present["insurer"].strip():
            raise ProfileError(
                f"profile field 'insurer': expected the insurer's name as text, got {_show(present['insurer'])}"
            )
        prof.insurer = _text(present["insurer"], "insurer")
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
        if len(dx) > MAX_LIST_ITEMS:
            raise ProfileError(f"profile field 'diagnoses': {len(dx):,} diagnoses; at most {MAX_LIST_ITEMS}")
        prof.diagnoses = [_text(d, "diagnoses") for d in dx]
    if "failed_antidepressant_trials" in present:
        prof.failed_antidepressant_trials = _number(present, "failed_antidepressant_trials", 0, 50, integer=True)
    if "antidepressant_trials" in present:
        prof.antidepressant_trials = _trials(present["antidepressant_trials"])
    for key in _BOOL_FIELDS:
        if key in present:
            if not isinstance(present[key], bool):
                raise ProfileError(f"profile field '{key}': expected true or false, got {_show(present[key])}")
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
        raise ProfileError(f"profile field '{key}': expected a date as YYYY-MM-DD, got {_show(raw)}")
    if not 1900 <= day.year <= 2200:
        raise ProfileError(f"profile field '{key}': {day.isoformat()} is impossible (a year from 1900 to 2200)")
    return day.isoformat()


def _text(value: str, label: str) -> str:
    """A name as given, trimmed; refused past MAX_TEXT_CHARS (matching it against insurers and
    lexicon terms must stay cheap, and no real name is that long)."""
    value = value.strip()
    if len(value) > MAX_TEXT_CHARS:
        raise ProfileError(f"profile field '{label}': {len(value):,} characters is too long (at most {MAX_TEXT_CHARS})")
    return value


def _trials(raw: Any) -> list[Trial]:
    if not isinstance(raw, list):
        raise ProfileError(
            "profile field 'antidepressant_trials': expected a list like "
            "[{drug: sertraline, weeks: 8, improvement_pct: 10}]"
        )
    if len(raw) > MAX_LIST_ITEMS:
        raise ProfileError(f"profile field 'antidepressant_trials': {len(raw):,} trials; at most {MAX_LIST_ITEMS}")
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
        trials.append(Trial(_text(drug, f"{where}drug"), weeks, imp))
    return trials


def _scores(raw: Any) -> dict[str, float]:
    if not isinstance(raw, dict):
        raise ProfileError("profile field 'scores': expected a mapping like {PHQ-9: 19, MADRS: 32}")
    out: dict[str, float] = {}
    for key, value in raw.items():
        name = score_name(str(key))
        if name is None:
            raise ProfileError(
                f"profile field 'scores.{str(key)[:40]}': unknown scale; use one of PHQ-9, MADRS, HAM-D, QIDS"
            )
        lo, hi = SCORES[name]
        out[name] = _number({key: value}, key, lo, hi, integer=False, where="scores.")
    return out


# ---- loading: YAML 1.2 (JSON schema) on PyYAML, checked before it is built ----------------------------
#
# PyYAML implements YAML 1.1, whose implicit types surprise: `1:30` is 90 (base 60), `0x2A` is 42,
# `010` is 8, `yes`/`no`/`on`/`off` are booleans. A profile is data a person types, so its scalars
# are resolved by YAML 1.2's JSON schema only: true/false, null, decimal integers and decimals;
# everything else is a string (and the field's check then says what it expected). The event
# stream is read first, without building anything, so nesting depth, scalar length, the number of
# entries and anchors/aliases are refused before they can cost memory or recursion.
MAX_DEPTH = 6  # mappings/lists inside each other (a profile needs 3: trials -> one trial -> fields)
MAX_SCALAR_CHARS = 1_000  # one value (an insurer name, a diagnosis) longer than this is not a profile's
MAX_NUMBER_CHARS = 20  # digits and signs of one number (ages and scores are short)
MAX_ENTRIES = 500  # values in the whole profile
MAX_TEXT_CHARS = 200  # an insurer, a diagnosis or a drug name
MAX_LIST_ITEMS = 50  # diagnoses or antidepressant trials

_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_NUMBERISH = re.compile(r"^[-+0-9.eE_:xXoObB]+$")


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML, scalars resolved by YAML 1.2's JSON schema, duplicate keys refused."""

    yaml_implicit_resolvers: dict[Any, Any] = {}

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: dict[str, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, str) and key in seen:
                raise ProfileError(
                    f"profile field '{key}' is given twice (lines {seen[key]} and {key_node.start_mark.line + 1}); "
                    "keep one"
                )
            if isinstance(key, str):
                seen[key] = key_node.start_mark.line + 1
        return super().construct_mapping(node, deep=deep)


_StrictLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(~|null|Null|NULL|)$"), ["~", "n", "N", ""])
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT, list("-+0123456789"))
_StrictLoader.add_implicit_resolver("tag:yaml.org,2002:float", _FLOAT, list("-+.0123456789"))


def _bool(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> bool:
    return str(loader.construct_scalar(node)).lower() == "true"


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    value = loader.construct_scalar(node)
    if not isinstance(value, str) or not _INT.match(value):
        raise ProfileError(
            f"profile: {str(value)[:20]!r} is not a whole number in decimal (line {node.start_mark.line + 1})"
        )
    return int(value, 10)  # decimal even with a leading zero: YAML 1.2, not 1.1's octal


def _float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> float:
    value = loader.construct_scalar(node)
    if not isinstance(value, str) or not _FLOAT.match(value):
        raise ProfileError(f"profile: {str(value)[:20]!r} is not a decimal number (line {node.start_mark.line + 1})")
    return float(value)


_StrictLoader.add_constructor("tag:yaml.org,2002:bool", _bool)
_StrictLoader.add_constructor("tag:yaml.org,2002:int", _int)
_StrictLoader.add_constructor("tag:yaml.org,2002:float", _float)


def _check_events(text: str) -> None:
    """Refuse what would cost memory or recursion before anything is built: deep nesting, long
    values, huge numbers, too many entries, anchors, aliases and explicit tags (`!!python/...`,
    `!!timestamp`: a profile holds plain values). Errors name the field."""
    depth = 0
    entries = 0
    path: list[Any] = []  # per open collection: [is_mapping, expecting_key, current key]
    try:
        for event in yaml.parse(text, Loader=_StrictLoader):
            line = event.start_mark.line + 1 if event.start_mark else 0
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise ProfileError(
                    f"profile field '{_top(path)}': YAML aliases and anchors (&, *) are not allowed in a profile "
                    f"(line {line})"
                )
            tag = getattr(event, "tag", None)
            if tag not in (None, "!"):
                raise ProfileError(
                    f"profile field '{_top(path)}': YAML tags ({str(tag)[:30]}) are not allowed in a "
                    f"profile (line {line}); write the plain value"
                )
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                _value_seen(path)
                depth += 1
                if depth > MAX_DEPTH:
                    raise ProfileError(
                        f"profile field '{_top(path)}': nested {depth} levels deep (a profile needs at most 3)"
                    )
                path.append([isinstance(event, yaml.MappingStartEvent), True, None])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
                path.pop()
            elif isinstance(event, yaml.ScalarEvent):
                entries += 1
                if entries > MAX_ENTRIES:
                    raise ProfileError(
                        f"profile field '{_top(path)}': more than {MAX_ENTRIES:,} values in the profile; "
                        "this is not a patient profile"
                    )
                value = event.value
                is_key = bool(path) and path[-1][0] and path[-1][1]
                name = value[:40] if is_key and len(path) == 1 else _top(path)
                if len(value) > MAX_SCALAR_CHARS:
                    raise ProfileError(
                        f"profile field '{name}': a value of {len(value):,} characters is too long "
                        f"(at most {MAX_SCALAR_CHARS:,})"
                    )
                if event.implicit[0] and not is_key and len(value) > MAX_NUMBER_CHARS and _NUMBERISH.match(value):
                    raise ProfileError(f"profile field '{name}': the number {value[:20]}… is far too large")
                if is_key:
                    path[-1][2] = value
                    path[-1][1] = False
                else:
                    _value_seen(path)
    except yaml.YAMLError:
        return  # the loader reports syntax errors with their position


def _value_seen(path: list[Any]) -> None:
    """A value was read inside the innermost open collection: a mapping now expects its next key."""
    if path and path[-1][0]:
        path[-1][1] = True


def _top(path: list[Any]) -> str:
    """The top-level field being read ('profile' at the top)."""
    return str(path[0][2]) if path and path[0][2] is not None else "profile"


def parse_profile_text(text: str, name: str = "profile") -> Profile:
    """YAML or JSON text -> Profile. Errors name the file and the field."""
    try:
        _check_events(text)
        data = yaml.load(text, Loader=_StrictLoader)  # noqa: S506 - SafeLoader subclass
    except ProfileError as err:
        raise ProfileError(f"{name}: {err}") from None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or "invalid YAML"
        raise ProfileError(f"{name}: not valid YAML or JSON{where}: {problem}") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as err:  # a tagged value that cannot be built
        raise ProfileError(f"{name}: a value cannot be read ({type(err).__name__}); write plain YAML values") from None
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
    """JSON text -> Profile (JSON is YAML 1.2: the same checked loader reads it)."""
    return parse_profile_text(text, "profile")
