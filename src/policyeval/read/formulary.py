"""Machine-readable formularies: the CMS QHP `drugs.json` and `plans.json` every Marketplace issuer
publishes (docs/DOMAIN.md §8.1), read for one plan.

A file is recognised by its content (a JSON array whose objects carry the drug or plan fields), never
by its name. Real files run to hundreds of MB, so they are read streaming with `ijson` (its yajl2 C
backend): one drug object at a time, through a guard that bounds the bytes one object may span, the
whole file's size and the time spent, and reports progress. Memory stays that of the largest single
object (bounded by `FormularyLimits.max_entry_bytes`), whatever the file's size.

What this module gives is structure only (which entries a plan has for drugs whose names match, and
the plan's cost sharing); turning entries into statements is `formulary_facts.py`'s job.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

import ijson

from ..errors import DocumentError, InputError

SNIFF_BYTES = 64 * 1024  # bytes read from the start of an input to recognise a formulary file
READ_CHUNK = 64 * 1024  # bytes handed to the JSON parser at a time
PROGRESS_STEP = 8 * 1024 * 1024  # bytes between two progress reports
# HIOS plan ID (45 CFR 156 / CMS HIOS): 5-digit issuer ID, 2-letter state, 3-digit product, 4-digit
# plan = 14 characters; a cost-sharing variant suffix ("-01") may follow.
HIOS_PLAN_ID = re.compile(r"\d{5}[A-Z]{2}\d{7}")
HIOS_VARIANT = re.compile(r"-\d{2}")
DRUG_KEYS = frozenset({"rxnorm_id", "drug_name"})
LISTING_KEYS = frozenset({"drug_tier", "prior_authorization", "step_therapy", "quantity_limit"})
PLAN_KEYS = frozenset({"marketing_name", "summary_url", "marketing_url", "formulary", "network", "plan_contact"})
LISTING_FLAGS = ("prior_authorization", "step_therapy", "quantity_limit")


@dataclass
class FormularyLimits:
    """What reading one formulary file may cost; beyond any of these it is refused with a clear line."""

    max_bytes: int = 2_000_000_000  # the largest issuer files are a few hundred MB
    max_entry_bytes: int = 32_000_000  # one drug or plan object (a drug listed for ~200,000 plans)
    max_plans: int = 100_000  # distinct plan IDs collected when listing the plans of a file
    max_seconds: float = 900.0  # wall clock for one file


class FormularyStop(DocumentError):
    """Reading stopped at a limit (size, one entry's size, time)."""


@dataclass(frozen=True)
class Listing:
    """One drug's entry for one plan: `pointer` is its JSON pointer in the file ("/812/plans/3")."""

    pointer: str
    rxnorm_id: str
    drug_name: str
    plan_id: str
    drug_tier: str
    prior_authorization: bool
    step_therapy: bool
    quantity_limit: bool

    def text(self) -> str:
        """The entry as the file states it, in one line (the evidence quote)."""
        flags = ", ".join(f"{flag} {'true' if getattr(self, flag) else 'false'}" for flag in LISTING_FLAGS)
        return (
            f"{self.drug_name} (RxNorm {self.rxnorm_id}) for plan {self.plan_id}: drug_tier {self.drug_tier}, {flags}"
        )


@dataclass
class DrugsRead:
    """What a drugs.json says for one plan (or, without a plan, which plans it covers)."""

    name: str
    plan_id: str
    listings: list[Listing] = field(default_factory=list)  # the plan's entries for matching drugs
    drugs: int = 0  # drug objects read
    plan_drugs: int = 0  # drugs the file lists for the plan
    plans: dict[str, int] = field(default_factory=dict)  # without a plan: plan ID -> drugs listed


@dataclass(frozen=True)
class CostShare:
    """One `cost_sharing` entry of a plan's drug tier."""

    pharmacy_type: str  # 1-MONTH-IN-RETAIL, 3-MONTH-OUT-MAIL ...
    copay_amount: float | None
    copay_opt: str
    coinsurance_rate: float | None
    coinsurance_opt: str


@dataclass
class PlanInfo:
    """A plans.json plan: its name, its SBC link and its drug-tier cost sharing."""

    plan_id: str
    marketing_name: str = ""
    summary_url: str = ""
    marketing_url: str = ""
    last_updated_on: str = ""
    pointer: str = ""
    tiers: dict[str, list[CostShare]] = field(default_factory=dict)  # drug_tier -> cost sharing


@dataclass
class PlansRead:
    name: str
    plans: list[tuple[str, str]] = field(default_factory=list)  # (plan ID, marketing name), file order
    plan: PlanInfo | None = None  # the wanted plan, when the file has it


Progress = Callable[[int, int], None]  # (bytes read, total bytes; 0 when unknown)


def normalise_plan_id(text: str) -> str:
    """The plan ID as a HIOS ID (upper case, variant suffix dropped); InputError when it has another shape."""
    pid = (text or "").strip().upper()
    if len(pid) == 17 and HIOS_VARIANT.fullmatch(pid[14:]):
        pid = pid[:14]
    if not HIOS_PLAN_ID.fullmatch(pid):
        shown = (text or "").strip()[:40]
        raise InputError(
            f"plan ID {shown!r} is not a HIOS plan ID: it has 14 characters, 5 digits, the state's 2 letters "
            "and 7 digits, e.g. 12345NY0010001 (printed on the member ID card or the plan's SBC)"
        )
    return pid


def formulary_kind(head: bytes) -> str:
    """ "drugs", "plans" or "" from the first bytes of an input: a JSON array whose first object has the
    drug fields (rxnorm_id, drug_name, or a plans[] of tiers) or the plan fields (marketing_name ...)."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"["):
        return ""
    top: set[str] = set()
    nested: set[str] = set()
    try:
        for prefix, event, value in ijson.parse(io.BytesIO(text)):
            if event == "map_key" and prefix == "item":
                top.add(value)
            elif event == "map_key" and prefix.startswith("item.") and prefix.count(".") == 2:
                nested.add(value)
            elif event == "end_map" and prefix == "item":
                break
    except ijson.JSONError:
        pass  # the head ends mid-file, or the file is not JSON: decide from what was seen
    if top & DRUG_KEYS or (("plans" in top) and nested & LISTING_KEYS):
        return "drugs"
    if top & PLAN_KEYS:
        return "plans"
    return ""


def looks_like_json(head: bytes) -> bool:
    """An input that starts like JSON (it can only be a formulary file here, or a mistake)."""
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"[", b"{")


class _Guarded:
    """The file as the parser reads it: counts bytes, reports progress, stops at a limit."""

    def __init__(self, raw: IO[bytes], name: str, total: int, limits: FormularyLimits, progress: Progress | None):
        self.raw, self.name, self.total, self.limits, self.progress = raw, name, total, limits, progress
        self.done = 0
        self.entry_start = 0
        self.reported = 0
        self.started = time.monotonic()

    def read(self, size: int = -1) -> bytes:
        chunk: bytes = self.raw.read(READ_CHUNK if size is None or size < 0 else min(size, READ_CHUNK))
        self.done += len(chunk)
        if self.done > self.limits.max_bytes:
            raise FormularyStop(
                f"{self.name} is too large (over {self.limits.max_bytes / 1e9:.1f} GB); "
                "a formulary file this size is not one issuer's drugs.json"
            )
        if self.done - self.entry_start > self.limits.max_entry_bytes:
            raise FormularyStop(
                f"{self.name}: one entry spans more than {self.limits.max_entry_bytes / 1e6:.0f} MB "
                f"(from byte {self.entry_start:,}); this is not a CMS drugs.json or plans.json"
            )
        if time.monotonic() - self.started > self.limits.max_seconds:
            raise FormularyStop(
                f"{self.name}: reading took longer than {self.limits.max_seconds:g} s "
                f"(stopped at {self.done / 1e6:.0f} MB); give the plan's own, smaller file"
            )
        if self.progress and (self.done - self.reported >= PROGRESS_STEP or not chunk):
            self.reported = self.done
            self.progress(self.done, self.total)
        return chunk

    def entry_done(self) -> None:
        self.entry_start = self.done


def _objects(stream: _Guarded, what: str) -> Iterator[tuple[int, dict[str, Any]]]:
    """(index, object) for each element of the top-level array; malformed JSON or a non-object
    element is a DocumentError naming where."""
    try:
        for index, item in enumerate(ijson.items(stream, "item", use_float=True, buf_size=READ_CHUNK)):
            stream.entry_done()
            if not isinstance(item, dict):
                raise DocumentError(
                    f"{stream.name}: entry /{index} is not a JSON object; this is not a CMS {what} file"
                )
            yield index, item
    except ijson.IncompleteJSONError as err:
        where = f"near byte {stream.done:,}"
        first = str(err).strip().splitlines()[0] if str(err).strip() else "not valid JSON"
        if "premature EOF" in first:
            raise DocumentError(f"{stream.name} is cut short ({where}); download it again") from None
        raise DocumentError(f"{stream.name} is not valid JSON ({first}, {where}); download it again") from None
    except ijson.JSONError as err:
        raise DocumentError(f"{stream.name} is not valid JSON ({err}); download it again") from None


def _text(value: Any, pointer: str, name: str, what: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise DocumentError(f"{name}: {pointer} should be text in a CMS {what} file, not {_shown(value)}")
    return str(value)


def _flag(value: Any, pointer: str, name: str) -> bool:
    if not isinstance(value, bool):
        raise DocumentError(f"{name}: {pointer} should be true or false, not {_shown(value)}")
    return value


def _shown(value: Any) -> str:
    return {dict: "an object", list: "a list", type(None): "null"}.get(type(value), repr(value)[:30])


def _listing(drug: dict[str, Any], index: int, k: int, entry: dict[str, Any], name: str) -> Listing:
    at = f"/{index}/plans/{k}"
    return Listing(
        at,
        _text(drug.get("rxnorm_id", ""), f"/{index}/rxnorm_id", name, "drugs.json"),
        _text(drug.get("drug_name", ""), f"/{index}/drug_name", name, "drugs.json"),
        _text(entry.get("plan_id"), f"{at}/plan_id", name, "drugs.json"),
        _text(entry.get("drug_tier", ""), f"{at}/drug_tier", name, "drugs.json").strip().upper(),
        *(_flag(entry.get(flag), f"{at}/{flag}", name) for flag in LISTING_FLAGS),
    )


def read_drugs(
    raw: IO[bytes],
    name: str,
    plan_id: str,
    drug: re.Pattern[str],
    total: int = 0,
    limits: FormularyLimits | None = None,
    progress: Progress | None = None,
) -> DrugsRead:
    """The plan's entries for drugs whose name matches `drug`, streaming. With `plan_id` "" the file's
    plans are counted instead (plan ID -> drugs listed), for a person to choose from."""
    limits = limits or FormularyLimits()
    stream = _Guarded(raw, name, total, limits, progress)
    out = DrugsRead(name, plan_id)
    for index, item in _objects(stream, "drugs.json"):
        out.drugs += 1
        plans = item.get("plans")
        if not isinstance(plans, list) or "drug_name" not in item:
            raise DocumentError(
                f"{name}: entry /{index} has no drug_name or no plans list; this is not a CMS drugs.json file"
            )
        if not plan_id:
            _count_plans(plans, index, out.plans, name, limits)
            continue
        matches = drug.search(str(item["drug_name"]))
        for k, entry in enumerate(plans):
            pid = entry.get("plan_id") if isinstance(entry, dict) else None
            if not isinstance(pid, str):
                raise DocumentError(f"{name}: /{index}/plans/{k} has no plan_id; this is not a CMS drugs.json file")
            if pid == plan_id:
                out.plan_drugs += 1
                if matches:
                    out.listings.append(_listing(item, index, k, entry, name))
                break
    if progress:
        progress(stream.done, total)
    return out


def _count_plans(plans: list[Any], index: int, counts: dict[str, int], name: str, limits: FormularyLimits) -> None:
    for k, entry in enumerate(plans):
        pid = entry.get("plan_id") if isinstance(entry, dict) else None
        if not isinstance(pid, str):
            raise DocumentError(f"{name}: /{index}/plans/{k} has no plan_id; this is not a CMS drugs.json file")
        if pid not in counts and len(counts) >= limits.max_plans:
            raise FormularyStop(f"{name} lists more than {limits.max_plans:,} plans; give your issuer's own file")
        counts[pid] = counts.get(pid, 0) + 1


def read_plans(
    raw: IO[bytes],
    name: str,
    plan_id: str,
    total: int = 0,
    limits: FormularyLimits | None = None,
    progress: Progress | None = None,
) -> PlansRead:
    """plans.json, streaming: every plan's ID and name, and the wanted plan's details."""
    limits = limits or FormularyLimits()
    stream = _Guarded(raw, name, total, limits, progress)
    out = PlansRead(name)
    for index, item in _objects(stream, "plans.json"):
        pid = _text(item.get("plan_id"), f"/{index}/plan_id", name, "plans.json")
        label = _text(item.get("marketing_name", ""), f"/{index}/marketing_name", name, "plans.json")
        if len(out.plans) >= limits.max_plans:
            raise FormularyStop(f"{name} lists more than {limits.max_plans:,} plans; give your issuer's own file")
        out.plans.append((pid, " ".join(label.split())))
        if pid == plan_id and out.plan is None:
            out.plan = _plan_info(item, index, name)
    return out


def _plan_info(item: dict[str, Any], index: int, name: str) -> PlanInfo:
    def text(key: str) -> str:
        return " ".join(_text(item.get(key) or "", f"/{index}/{key}", name, "plans.json").split())

    info = PlanInfo(
        text("plan_id"), text("marketing_name"), text("summary_url"), text("marketing_url"), text("last_updated_on")
    )
    info.pointer = f"/{index}"
    tiers = item.get("formulary") or []
    if not isinstance(tiers, list):
        raise DocumentError(f"{name}: /{index}/formulary should be a list of drug tiers")
    for t, tier in enumerate(tiers):
        if not isinstance(tier, dict):
            raise DocumentError(f"{name}: /{index}/formulary/{t} should be an object")
        label = _text(tier.get("drug_tier", ""), f"/{index}/formulary/{t}/drug_tier", name, "plans.json")
        shares = tier.get("cost_sharing") or []
        if not isinstance(shares, list):
            raise DocumentError(f"{name}: /{index}/formulary/{t}/cost_sharing should be a list")
        info.tiers[label.strip().upper()] = [
            _cost_share(s, f"/{index}/formulary/{t}/cost_sharing/{c}", name) for c, s in enumerate(shares)
        ]
    return info


def _number(value: Any, pointer: str, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise DocumentError(f"{name}: {pointer} should be a number, not {_shown(value)}")
    return float(value)


def _cost_share(s: Any, at: str, name: str) -> CostShare:
    if not isinstance(s, dict):
        raise DocumentError(f"{name}: {at} should be an object")
    return CostShare(
        _text(s.get("pharmacy_type", ""), f"{at}/pharmacy_type", name, "plans.json").strip().upper(),
        _number(s.get("copay_amount"), f"{at}/copay_amount", name),
        _text(s.get("copay_opt") or "", f"{at}/copay_opt", name, "plans.json").strip().upper(),
        _number(s.get("coinsurance_rate"), f"{at}/coinsurance_rate", name),
        _text(s.get("coinsurance_opt") or "", f"{at}/coinsurance_opt", name, "plans.json").strip().upper(),
    )
