"""Does a statement hold for this patient? Its scope (indications, network, route, age, setting)
checked against the profile: it applies, it does not (with the reason the trace shows), or the
profile leaves it open (with the question that would settle it).

Route comes from the treatment (IV ketamine is intravenous, Spravato intranasal; a statement naming
no route holds for every route). Network, age and REMS setting come from the profile. Indications
come from the diagnoses, treatment-resistant depression also from major depression with enough
failed trials. A setting no profile field answers (home, office, psychiatrist ...) is a requirement
the patient can meet when the statement grants coverage; an exclusion limited to such a setting
leaves the question open."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..lexicon import Lexicon
from ..models import Scope
from .statements import Statement

TREATMENT_ROUTE = {"iv_ketamine": "intravenous", "esketamine_nasal": "intranasal"}
REMS = "rems_certified_site"
SETTING_WORDS = {
    "rems_certified_site": "in a REMS-certified setting",
    "certified_treatment_center": "at a certified treatment center",
    "psychiatrist": "by a psychiatrist",
    "facility": "in a facility (hospital outpatient)",
    "office": "in a provider's office",
    "home": "at home",
}
NETWORK_WORDS = {"in_network": "in-network providers", "out_of_network": "out-of-network providers"}

# Open questions (dimension keys). A scenario assigns each a value.
NETWORK = "network"
AGE = "age"
INDICATION = "indication"
SETTING = "setting:"  # + the setting id


@dataclass(frozen=True)
class Patient:
    """What scope is checked against: the profile's answers (None = not given), or the values a
    scenario assumes for the ones the profile leaves open."""

    route: str
    in_network: bool | None = None
    age: int | None = None
    settings: Mapping[str, bool] = field(default_factory=dict)  # setting id -> where it is given
    conditions: frozenset[str] | None = None  # None: diagnoses not given
    maybe: frozenset[str] = frozenset()  # conditions the profile leaves undecided (TRD without trials)

    def has_any(self, wanted: frozenset[str] | tuple[str, ...]) -> bool | None:
        """The patient has one of these conditions: True, False, or None when not settled."""
        if self.conditions is None:
            return None
        if self.conditions.intersection(wanted):
            return True
        if self.maybe.intersection(wanted):
            return None
        return False


@dataclass(frozen=True)
class Fit:
    """applies / excluded (with the reason) / open (with the questions that would settle it)."""

    status: str  # "applies" | "excluded" | "open"
    reason: str = ""
    by: str = ""  # the scope field that excluded the patient: route, network, age, setting, indication
    questions: tuple[str, ...] = ()
    ages: tuple[int, ...] = ()  # age bounds this statement draws (min, and max + 1)
    indications: frozenset[str] = frozenset()  # the conditions it turns on


APPLIES = Fit("applies")


def fit(st: Statement, p: Patient, lexicon: Lexicon) -> Fit:
    """How the statement's scope meets the patient. An exclusion of the patient wins over an open
    question (the statement cannot apply whatever the answer)."""
    sc = st.scope
    if sc.is_empty() and not st.other_than:
        return APPLIES
    questions: list[str] = []
    ages: tuple[int, ...] = ()
    indications: frozenset[str] = frozenset()
    if sc.routes and (p.route in sc.routes) == sc.other_routes:
        return Fit("excluded", _route_words(sc), "route")
    if sc.network:
        if p.in_network is None:
            questions.append(NETWORK)
        elif (sc.network == "in_network") != p.in_network:
            return Fit("excluded", f"{NETWORK_WORDS.get(sc.network, sc.network)} only", "network")
    if sc.age_min is not None or sc.age_max is not None:
        if p.age is None:
            questions.append(AGE)
            ages = tuple(a for a in (sc.age_min, None if sc.age_max is None else sc.age_max + 1) if a is not None)
        elif (sc.age_min is not None and p.age < sc.age_min) or (sc.age_max is not None and p.age > sc.age_max):
            return Fit("excluded", _age_words(sc), "age")
    for s in sc.settings:
        if s != REMS and not st.denies_only:
            continue  # a requirement the patient meets by where they are treated
        where = p.settings.get(s)
        if where is None:
            if st.denies_only:
                questions.append(SETTING + s)
        elif not where:
            return Fit("excluded", f"only {SETTING_WORDS.get(s, s)}", "setting")
    wanted = frozenset(st.other_than if sc.other_indications else sc.indications)
    if wanted:
        has = p.has_any(wanted)
        if has is None:
            questions.append(INDICATION)
            indications = wanted
        elif has == sc.other_indications:
            return Fit("excluded", _indication_words(sc.other_indications, wanted, lexicon), "indication")
    if questions:
        return Fit("open", "", "", tuple(dict.fromkeys(questions)), ages, indications)
    return APPLIES


def _route_words(sc: Scope) -> str:
    routes = " or ".join(sc.routes)
    return f"routes other than {routes}" if sc.other_routes else f"{routes} use only"


def _age_words(sc: Scope) -> str:
    if sc.age_min is not None and sc.age_max is not None:
        return f"ages {sc.age_min} to {sc.age_max} only"
    if sc.age_min is not None:
        return f"ages {sc.age_min} and older only"
    return f"ages {sc.age_max} and younger only"


def condition_words(ids: frozenset[str] | tuple[str, ...], lexicon: Lexicon) -> str:
    labels = [lexicon.concepts[c].label if c in lexicon.concepts else c for c in sorted(ids)]
    return " or ".join(labels)


def _indication_words(other: bool, wanted: frozenset[str], lexicon: Lexicon) -> str:
    if other:
        return f"only for uses other than {condition_words(wanted, lexicon)}"
    return f"only for {condition_words(wanted, lexicon)}"
