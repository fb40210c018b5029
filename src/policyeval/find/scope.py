"""For whom, how and where a statement holds (`models.Scope`), read from the clauses it binds.

ConText-style: each qualifier has a trigger (a lexicon phrase or a number pattern) and reaches only
as far as its own clause — a clause boundary (";", ", but", "however", a new sentence) terminates
it. So "Spravato requires prior authorization. Members age 65 and over may enroll in a Medicare
plan" gives the PA statement no age bound, and "covered in network; not covered out of network" gives
two statements with one network each. The vocabularies (networks, routes, settings, "any other
indication", "every route", consequence phrases) are data in rules/lexicon.yaml; the number patterns
of ages and quantity limits are here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..lexicon import Lexicon, Match, normalize, squash
from ..models import Scope, Word
from .sentences import Clause, text_of

# Tokens that say an approval is missing ("if not obtained", "without", "failure to get").
ABSENCE = {"not", "no", "without", "unless", "failure", "fail", "fails", "don't", "didn't", "doesn't", "never"}
ABSENCE |= {"isn't", "wasn't", "weren't", "aren't", "failing"}
# Tokens right before an in-network phrase that turn it around ("not in our network").
NOT_IN = {"not", "isn't", "aren't", "never"}
# Tokens after "office" that make it a visit type, not a setting ("$30 copay/office visit").
NOT_A_SETTING_AFTER = {"visit", "visits", "fee", "fees"}
# A native route (the one the treatment's name implies) limits only with one of these nearby.
# "depression" this many tokens before "suicidal ideation" is part of the MDSI indication.
MDSI_REACH = 6
# "network <provider>" is an in-network qualifier for any of these providers.
NETWORK_PROVIDERS = {
    "provider",
    "physician",
    "doctor",
    "anesthesiologist",
    "clinic",
    "facility",
    "facilitie",
    "pharmacy",
}
NETWORK_PROVIDERS |= {
    "pharmacie",
    "psychiatrist",
    "hospital",
    "specialist",
    "practitioner",
    "center",
    "lab",
    "prescriber",
}
SUBJECT = ("treatment",)
# Words that add a network to the rest rather than limit to it ("including from out-of-network providers").
INCLUSIVE = {"including", "also", "even", "incl"}
ONLY_WORDS = {"only", "solely", "exclusively"}

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a": 1,
    "an": 1,
}
_NUM = r"(\d{1,3}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
# Ages: each pattern gives (min, max) from its groups; all need an age word or "year-old" nearby.
_AGE_CONTEXT = re.compile(
    r"\b(age|ages|aged|years?\s+old|years?\s+of\s+age|year-old|older|younger|adults?|children|adolescents?|"
    r"pediatric|teens?|teenagers?)\b"
)
_AGE_WINDOW = 40  # characters either side of an age pattern where an age word must be
_NOT_AGE_AFTER = re.compile(r"\s*(%|percent|days?|weeks?|months?|visits?|mg|times|treatments?|sessions?|\$)")
_AGE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bbetween\s+(?:the\s+)?ages?\s+(?:of\s+)?(\d{1,2})\s+(?:and|to)\s+(\d{1,2})\b"), "range"),
    (
        re.compile(
            r"\b(\d{1,2})\s*-?\s*(?:years?\s*-?\s*)?(?:to|through|thru|-|–)\s*(\d{1,2})\s*-?\s*(?:years?|year-old)\b"
        ),
        "range",
    ),
    (re.compile(r"\b(?:aged?|ages)\s+(\d{1,2})\s*(?:to|through|thru|-|–)\s*(\d{1,2})\b"), "range"),
    (re.compile(r"\b(\d{1,2})\s*(?:years?\s*(?:of\s+age|old)?\s*)?(?:and|or)\s+(?:older|over|above|up)\b"), "min"),
    (re.compile(r"\b(?:at\s+least|minimum\s+age\s+(?:of\s+)?)\s*(\d{1,2})\s*(?:years)?"), "min"),
    (re.compile(r"\b(\d{1,2})\s*\+"), "min"),
    (
        re.compile(
            r"\b(?:older\s+than\s*|over\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?)(\d{1,2})\b(?!\s*(?:and|or)\s+(?:older|over))"
        ),
        "above",
    ),
    (
        re.compile(
            r"\b(?:younger\s+than\s*|under\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?|less\s+than\s*|below\s+(?:the\s+)?(?:age\s+(?:of\s+)?)?)(\d{1,2})\b(?!\s*(?:%|percent|days?|weeks?|months?|visits?|mg))"
        ),
        "below",
    ),
    (re.compile(r"\b(\d{1,2})\s*(?:years?\s*(?:of\s+age|old)?\s*)?(?:and|or)\s+(?:younger|under|below)\b"), "max"),
]
# Quantity and frequency limits: a count of a unit with its period, as printed.
_LIMIT_UNITS = (
    r"(?:treatments?|sessions?|infusions?|visits?|devices?|doses?|boosters?|fills?|injections?|sprays?|"
    r"units?|mg|milligrams?|maintenance\s+infusions?|booster\s+infusions?)"
)
_LIMIT_START = r"(?:(?:up\s+to|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of|maximum\s+of|max(?:imum)?|limited\s+to|at\s+most)\s+(?:an?\s+)?)?"
_LIMIT = re.compile(
    rf"(?<![$\w.]){_LIMIT_START}{_NUM}(?:\s+\w+)?\s+{_LIMIT_UNITS}\b[^;.]*"
    rf"|(?<![$\w.]){_LIMIT_START}{_NUM}\s*-?\s*days?\s+supply\b[^;.]*"
    rf"|\blimited\s+to\s+{_NUM}\s+(?:per|a|each|every)\s+\w+[^;.]*"
)
_PERIOD = re.compile(r"\b(per|a|an|each|every|in|over|during|within|thereafter|month|week|year|day|period)\b")


@dataclass
class Qualifiers:
    """What one clause says about for whom / how / where (the parts of a Scope it names)."""

    network: str = ""  # "", in_network, out_of_network, or "both" (names both: no limit)
    routes: list[str] = field(default_factory=list)
    other_routes: bool = False
    every_route: bool = False  # "by every route": no route limit, whatever it lists after
    settings: list[str] = field(default_factory=list)
    age_min: int | None = None
    age_max: int | None = None
    indications: list[str] = field(default_factory=list)
    other_indications: bool = False
    limits: list[str] = field(default_factory=list)
    consequence: str = ""
    all_indications: bool = False  # "X or any other condition": no indication limit
    native: str = ""  # the treatment's own route, named in its name (counts when other routes are named)
    benefit: str = ""  # the benefit it speaks of ("pharmacy", "medical"); not a Scope field: see statements

    def empty(self) -> bool:
        return self == Qualifiers()


def consequence_clause(cl: Clause, sentence_words: list[Word] | None = None) -> bool:
    """A consequence of skipping approval ("benefits are reduced by 50% if you don't get
    precertification", "claims not pre-approved will be denied"): a penalty, a PA phrase and a cue
    that the approval is missing. It states a prior-authorization requirement, never an exclusion."""
    if not cl.mods("consequence") or not (cl.mods("prior_authorization") or _preapproved(cl)):
        return False
    words = sentence_words or cl.words
    return any(normalize(w.text).strip(".,;:()\"'") in ABSENCE for w in words)


def _preapproved(cl: Clause) -> bool:
    low = " ".join(normalize(w.text) for w in cl.words)
    return bool(
        re.search(
            r"\b(pre-?approved|pre-?authori[sz]ed|pre-?certified|approved\s+(?:first|before|in\s+advance))\b", low
        )
    )


def clause_qualifiers(cl: Clause, lex: Lexicon, concept: str = "", concept_words: tuple[Word, ...] = ()) -> Qualifiers:
    """The scope parts one clause names. `concept_words` (the words naming the statement's subject)
    keep the treatment's own name from limiting it ("esketamine nasal spray" is no route limit)."""
    q = Qualifiers()
    own = {id(w) for w in concept_words}
    _network(cl, q)
    _routes(cl, lex, concept, own, q)
    _settings(cl, q)
    low = " ".join(normalize(w.text) for w in cl.words)
    read_ages(low, q)
    q.limits = _limits(low)
    _indications(cl, q)
    q.benefit = benefit_of(cl)
    if consequence_clause(cl):
        q.consequence = text_of(cl.words).rstrip(".;, ")
    return q


BENEFITS = ("pharmacy", "medical")


def benefit_of(cl: Clause) -> str:
    """The benefit a clause names ("under the pharmacy benefit", "under Medicare Part B"), first one."""
    found = sorted((m.start, b) for b in BENEFITS for m in cl.mods(f"benefit_{b}"))
    return found[0][1] if found else ""


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# 'non-preferred' before one of these is a drug tier, not a provider network.
DRUG_TIER_WORDS = {
    "brand",
    "generic",
    "drug",
    "drugs",
    "formulary",
    "specialty",
    "tier",
    "medication",
    "medications",
    "prescription",
    "prescriptions",
    "brand-name",
    "name",
    "agent",
    "agents",
    "product",
    "products",
}


def out_of_network(cl: Clause) -> list[Match]:
    """Out-of-network qualifiers of a clause; 'non-preferred' before a drug word is a drug tier."""
    return [
        m
        for m in cl.mods("out_of_network")
        if not (squash(m.term) == "nonpreferred" and cl.token(m.end).strip("/-") in DRUG_TIER_WORDS)
    ]


def _network(cl: Clause, q: Qualifiers) -> None:
    # in a consequence clause the penalty's own words ("an additional copayment for non-participating
    # providers") do not scope the requirement
    stop = (
        min((m.start for m in cl.mods("consequence")), default=len(cl.words))
        if consequence_clause(cl)
        else len(cl.words)
    )
    outs = [m for m in out_of_network(cl) if m.start < stop]
    ins = [
        m
        for m in cl.mods("in_network")
        if m.start < stop and not any(_overlaps(m.span, o.span) for o in cl.mods("out_of_network"))
    ]
    negated = [m for m in ins if {cl.token(m.start - 1), cl.token(m.start - 2)} & NOT_IN]
    if negated:  # "a psychiatrist who is not in our network", "isn't a network provider": out of network
        ins = [m for m in ins if m not in negated]
        outs = outs + negated
    if not ins and not outs:
        if any(
            cl.token(i) == "network"
            and cl.token(i + 1).rstrip("s'") in NETWORK_PROVIDERS
            and cl.token(i - 1) not in ("of", "non", "or")
            for i in range(len(cl.words))
        ):
            q.network = "in_network"  # "a network anesthesiologist", "network clinics"
            return
    inclusive = any({cl.token(o.start - k) for k in (1, 2, 3)} & INCLUSIVE for o in outs)
    if (outs and ins) or cl.mods("all_networks") or inclusive:
        q.network = "both"  # "required for infusions, including from out-of-network providers": every network
    elif outs:
        q.network = "out_of_network"
    elif ins:
        q.network = "in_network"


def _routes(cl: Clause, lex: Lexicon, concept: str, own: set[int], q: Qualifiers) -> None:
    native = lex.concepts[concept].route if concept in lex.concepts else ""
    every = cl.mods("every_route")
    cut = min((m.start for m in cl.mods("other_than") + cl.mods("exception")), default=None)
    only = any(normalize(w.text).strip(".,;:()") in ONLY_WORDS for w in cl.words) or cut is not None
    for m in cl.matches:
        if m.group != "modifier" or not m.key.startswith("route:"):
            continue
        route = m.key.split(":", 1)[1]
        if any(c.key != concept and c.start <= m.start and m.end <= c.end for c in cl.concepts(SUBJECT)):
            continue  # part of another treatment's name ("IV ketamine nor esketamine nasal spray")
        if every and cut is None and any(e.start <= m.start for e in every):
            continue  # "by every route, including intravenous ...": examples, not a limit
        inside = all(id(w) in own for w in cl.words[m.start : m.end])
        if route == native and (inside or not only):
            q.native = native
            continue
        if cut is not None and m.start >= cut:
            q.other_routes = True
        if route not in q.routes:
            q.routes.append(route)
    if every and cut is None:
        q.every_route = True
        q.routes = []


def _settings(cl: Clause, q: Qualifiers) -> None:
    for m in cl.matches:
        if m.group != "modifier" or not m.key.startswith("setting:"):
            continue
        if m.key == "setting:office" and cl.token(m.end) in NOT_A_SETTING_AFTER:
            continue
        setting = m.key.split(":", 1)[1]
        if setting not in q.settings:
            q.settings.append(setting)


def _num(text: str) -> int:
    return int(text) if text.isdigit() else _NUMBER_WORDS.get(text, 0)


_UNITS = "one two three four five six seven eight nine".split()
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_WORD_VALUES = {w: i + 1 for i, w in enumerate(_UNITS)} | {w: i + 10 for i, w in enumerate(_TEENS)}
_TENS_VALUES = {w: (i + 2) * 10 for i, w in enumerate(_TENS)}
_NUMBER_WORD = re.compile(rf"\b({'|'.join(_TENS)})(?:[-\s]({'|'.join(_UNITS)}))?\b|\b({'|'.join(_TEENS + _UNITS)})\b")


def words_to_numbers(low: str) -> str:
    """ "under the age of eighteen", "sixty-five and older": number words as digits."""

    def value(m: re.Match[str]) -> str:
        if m.group(1):
            return str(_TENS_VALUES[m.group(1)] + (_WORD_VALUES[m.group(2)] if m.group(2) else 0))
        return str(_WORD_VALUES[m.group(3)])

    return _NUMBER_WORD.sub(value, low)


def read_ages(low: str, q: Qualifiers) -> None:
    """Age bounds an (already normalised) text states, into `q`; ages may be written in words."""
    if not _AGE_CONTEXT.search(low):
        return
    low = words_to_numbers(low)
    for pattern, how in _AGE_PATTERNS:
        for m in pattern.finditer(low):
            nums = [int(g) for g in m.groups() if g]
            if not nums or any(n > 120 for n in nums) or _NOT_AGE_AFTER.match(low, m.end()):
                continue
            if not _AGE_CONTEXT.search(low[max(0, m.start() - _AGE_WINDOW) : m.end() + _AGE_WINDOW]):
                continue
            if how == "range" and len(nums) == 2 and nums[0] <= nums[1]:
                q.age_min, q.age_max = nums[0], nums[1]
                return
            if how == "min" and q.age_min is None:
                q.age_min = nums[0]
            elif how == "above" and q.age_min is None:
                q.age_min = nums[0] + 1
            elif how == "below" and q.age_max is None:
                q.age_max = nums[0] - 1
            elif how == "max" and q.age_max is None:
                q.age_max = nums[0]


def _limits(low: str) -> list[str]:
    out = []
    for m in _LIMIT.finditer(low):
        text = m.group(0).strip(" ,")
        if not _PERIOD.search(text):
            continue
        if re.search(r"\b(years?\s+(?:of\s+age|old)|antidepressants?|medications?|trials?)\b", text):
            continue  # an age or a criterion, not a quantity limit
        out.append(text)
    return out


def _indications(cl: Clause, q: Qualifiers) -> None:
    conds = cl.concepts(("condition",))
    cut = min((m.start for m in cl.mods("other_than") + cl.mods("exception")), default=None)
    if cl.other_uses():
        q.other_indications = True
    elif (cl.mods("other_uses") or cl.mods("every_indication")) and cut is None:
        # "for depression or any other psychiatric condition", "for all psychiatric indications, including
        # MDD and PTSD": every indication (what it names are examples)
        q.all_indications = True
        return
    if cut is not None and any(c.start >= cut for c in conds):
        q.other_indications = True
        conds = [c for c in conds if c.start >= cut]
    for c in conds:
        if c.key == "mdd" and any(0 <= o.start - c.end <= MDSI_REACH for o in conds if o.key == "mdsi"):
            continue  # "depression with suicidal thoughts", "MDD who have acute suicidal ideation": MDSI
        if c.key not in q.indications:
            q.indications.append(c.key)


def merge(parts: list[Qualifiers]) -> Qualifiers:
    """One statement's qualifiers from the clauses it binds: the first clause that names a field wins
    (its own clause comes first); indications and limits add up."""
    out = Qualifiers()
    for q in parts:
        if q.network and not out.network:
            out.network = q.network
        if (q.routes or q.every_route) and not (out.routes or out.every_route):
            out.routes, out.other_routes, out.every_route = list(q.routes), q.other_routes, q.every_route
        if q.settings and not out.settings:
            out.settings = list(q.settings)
        if q.age_min is not None and out.age_min is None:
            out.age_min = q.age_min
        if q.age_max is not None and out.age_max is None:
            out.age_max = q.age_max
        if q.all_indications:
            out.all_indications = True
        out.indications += [c for c in q.indications if c not in out.indications]
        out.other_indications = out.other_indications or q.other_indications
        out.native = out.native or q.native
        out.benefit = out.benefit or q.benefit
        out.limits += [lim for lim in q.limits if lim not in out.limits]
        if q.consequence and not out.consequence:
            out.consequence = q.consequence
    return out


def conflicts(a: Qualifiers, b: Qualifiers) -> bool:
    """Two clauses about different people or ways (one network vs the other, different routes)."""
    if a.network and b.network and a.network != b.network:
        return True
    if a.routes and b.routes and set(a.routes) != set(b.routes):
        return True
    if a.settings and b.settings and set(a.settings) != set(b.settings):
        return True
    return False


def to_scope(q: Qualifiers) -> Scope:
    """The Scope these qualifiers state. A treatment's own route counts once other routes are named
    beside it ("intravenous, intramuscular or oral ketamine")."""
    routes = list(q.routes)
    if routes and q.native and q.native not in routes and not q.other_routes:
        routes.insert(0, q.native)
    every = q.all_indications
    return Scope(
        indications=() if every else tuple(q.indications),
        other_indications=False if every else q.other_indications,
        network="" if q.network == "both" else q.network,
        routes=tuple(routes),
        other_routes=q.other_routes and bool(q.routes),
        age_min=q.age_min,
        age_max=q.age_max,
        settings=tuple(q.settings),
        limits=tuple(q.limits),
        consequence=q.consequence,
    )
