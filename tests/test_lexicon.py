"""The lexicon as data: loading, validation, and a matcher that survives what PDFs do to words."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyeval.errors import InputError
from policyeval.find.polarity import TRIGGER_VOCABULARIES as TRIGGERS
from policyeval.lexicon import Concept, Lexicon, load_lexicon, squash
from policyeval.models import MODIFIERS


@pytest.fixture(scope="module")
def lex() -> Lexicon:
    return load_lexicon()


def keys(lex: Lexicon, text: str, group: str = "concept") -> list[str]:
    return [m.key for m in lex.match(text.split(" "), groups=(group,)) if m.key not in TRIGGERS]


def modifiers(lex: Lexicon, tokens: list[str]) -> list[str]:
    """The modifier keys a token list states (the trigger vocabularies that only change another
    cue's meaning, like "not" or "approved", are left out)."""
    return [m.key for m in lex.match(tokens, groups=("modifier",)) if m.key not in TRIGGERS]


# --------------------------------------------------------------------------- the data
def test_required_concepts_and_kinds(lex):
    want = {
        "iv_ketamine": "treatment",
        "esketamine_nasal": "treatment",
        "infusion_therapy": "category",
        "mh_outpatient": "category",
        "specialty_drugs": "category",
        "prescription_drugs": "category",
        "trd": "condition",
        "mdd": "condition",
        "mdsi": "condition",
        "ptsd": "condition",
        "anxiety": "condition",
        "chronic_pain": "condition",
        "bipolar": "condition",
        "ocd": "condition",
        "experimental_services": "exclusion",
    }
    for cid, kind in want.items():
        assert isinstance(lex.concepts[cid], Concept)
        assert lex.concepts[cid].kind == kind
    for iid in (
        "aetna",
        "cigna",
        "uhc",
        "bcbsma",
        "bcbsnd",
        "anthem",
        "blueshieldca",
        "healthnet",
        "kaiser",
        "oscar",
        "healthfirst",
        "humana",
        "medica",
        "amerihealth",
        "carefirst",
    ):
        assert iid in lex.insurers and lex.insurers[iid].label
    for mod in ("prior_authorization", "pa_negation", "excluded", "experimental", "non_psychiatric"):
        assert lex.modifiers[mod]


def test_icd10_prefixes(lex):
    assert set(lex.concepts["mdd"].icd10) >= {"F32", "F33"}
    assert "R45.851" in lex.concepts["mdsi"].icd10
    assert "F43.1" in lex.concepts["ptsd"].icd10
    assert "G90.5" in lex.concepts["chronic_pain"].icd10


@pytest.mark.parametrize(
    "diagnosis, expected",
    [
        ("F33.2", {"mdd"}),
        ("F32.A", {"mdd"}),
        ("f33.1", {"mdd"}),
        ("F43.10", {"ptsd"}),
        ("R45.851", {"mdsi"}),
        ("G90.50", {"chronic_pain"}),
        ("F41.1", {"anxiety"}),
        ("F40.10", {"anxiety"}),
        ("F31.4", {"bipolar"}),
        ("F42.2", {"ocd"}),
        ("treatment-resistant depression", {"trd", "mdd"}),
        ("TRD", {"trd", "mdd"}),
        ("Treatment resistant depression", {"trd", "mdd"}),
        ("PTSD", {"ptsd"}),
        ("major depressive disorder", {"mdd"}),
        ("bipolar depression", {"bipolar"}),
        ("suicidal ideation", {"mdsi"}),
        ("broken leg", set()),
        ("", set()),
        ("Z00.00", set()),
    ],
)
def test_conditions_for(lex, diagnosis, expected):
    assert lex.conditions_for(diagnosis) == expected


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Aetna Life Insurance Co.", "aetna"),
        ("Blue Cross Blue Shield of Massachusetts", "bcbsma"),
        ("UHC", "uhc"),
        ("United Healthcare", "uhc"),
        ("UnitedHealthcare of California", "uhc"),
        ("Cigna", "cigna"),
        ("Blue Cross and Blue Shield of North Dakota", "bcbsnd"),
        ("Anthem Blue Cross and Blue Shield", "anthem"),
        ("Anthem BlueCross", "anthem"),
        ("Blue Shield of CA Life and Health Insurance Company", "blueshieldca"),
        ("Health Net of CA", "healthnet"),
        ("Kaiser Permanente", "kaiser"),
        ("bcbsma", "bcbsma"),
        ("www.welcometouhc.com/uhcwest", "uhc"),
        ("Acme Mutual", None),
        ("", None),
    ],
)
def test_insurer_id(lex, name, expected):
    assert lex.insurer_id(name) == expected


def test_modifier_names_cover_the_contract():
    # every modifier the reader sets is one the DSL knows
    assert {
        "prior_authorization",
        "pa_not_required",
        "excluded",
        "experimental",
        "covered",
        "non_psychiatric",
        "step_therapy",
        "quantity_limit",
        "not_listed",
        "listed",
        "primary",
        "pbm",
    } == set(MODIFIERS)


# --------------------------------------------------------------------------- matching
def test_word_boundaries(lex):
    assert keys(lex, "esketamine nasal spray") == ["esketamine_nasal"]
    assert keys(lex, "Spravato (esketamine)") == ["esketamine_nasal", "esketamine_nasal"]
    assert keys(lex, "ketamine infusions") == ["iv_ketamine"]
    assert "iv_ketamine" not in keys(lex, "es-ketamine")
    assert keys(lex, "ketaminergic") == []


@pytest.mark.parametrize(
    "tokens",
    [
        ["pre-", "authorization"],
        ["pre-authorization"],
        ["Preauthorization"],
        ["pre", "authorization"],
        ["preauthori-", "zation"],
        ["pre\u00adauthorization"],
        ["PRE-AUTHORIZATION"],
        ["pre\u2010authorization"],
    ],
)
def test_pa_survives_hyphenation(lex, tokens):
    assert modifiers(lex, tokens) == ["prior_authorization"]


@pytest.mark.parametrize(
    "tokens",
    [
        ["treatment-", "resistant", "depression"],
        ["treatment\u00a0resistant\u00a0depression"],
        ["Treatment-Resistant", "Depression"],
        ["treatment\u2011resistant", "depression"],
    ],
)
def test_trd_variants(lex, tokens):
    assert [m.key for m in lex.match(tokens, groups=("concept",))] == ["trd"]


def test_ligatures_quotes_and_nbsp(lex):
    assert keys(lex, "speciﬁc specialty\u00a0drugs") == ["specialty_drugs"]
    assert keys(lex, "“Experimental” or “investigational” services") == ["experimental_services"]
    assert modifiers(lex, ["we", "don’t", "cover"]) == ["excluded"]


def test_longest_concept_wins_and_exclusions(lex):
    assert keys(lex, "home infusion therapy") == ["infusion_therapy"]
    assert keys(lex, "outpatient infusion therapy") == ["infusion_therapy"]
    assert keys(lex, "treatment-resistant depression") == ["trd"]
    assert keys(lex, "bipolar depression") == ["bipolar"]
    mods = modifiers(lex, "Not covered".split())
    assert mods == ["excluded"]


def test_lost_space_before_a_capital(lex):
    assert modifiers(lex, ["required.Prior", "authorization"]) == ["prior_authorization"]
    assert keys(lex, "coveredSpecialty drugs") == ["specialty_drugs"]


def test_barriers_are_not_crossed(lex):
    assert keys(lex, "prior. authorization", "modifier") == []
    assert keys(lex, "specialty; drugs") == []


@settings(max_examples=60, deadline=None)
@given(
    term=st.sampled_from(
        [
            "treatment-resistant depression",
            "prior authorization",
            "ketamine infusion",
            "experimental or investigational",
            "specialty drugs",
            "Spravato",
        ]
    ),
    cuts=st.lists(st.integers(min_value=1, max_value=30), max_size=3),
    joiner=st.sampled_from(["-", "\u00ad", "", "\u2010"]),
)
def test_any_line_break_inside_a_term_still_matches(lex, term, cuts, joiner):
    """Break the term anywhere into tokens (a line end with or without a hyphen): same match."""
    want = [m.key for m in lex.match(term.split(" ")) if m.key not in TRIGGERS]
    text = term.replace(" ", "\n")
    for c in sorted(set(cuts), reverse=True):
        if 0 < c < len(text) and text[c - 1].isalpha() and text[c].isalpha():
            text = text[:c] + joiner + "\n" + text[c:]
    tokens = [t for t in text.split("\n") if t]
    assert [m.key for m in lex.match(tokens) if m.key not in TRIGGERS] == want


def test_squash_is_case_and_separator_blind():
    assert squash("Pre-Authorization") == squash("pre authorization") == "preauthorization"
    assert squash("R45.851") == "r45|851"


# --------------------------------------------------------------------------- loading
def test_load_is_cached(lex):
    assert load_lexicon() is lex


def test_bad_yaml_names_the_file(tmp_path: Path):
    bad = tmp_path / "lexicon.yaml"
    bad.write_text("concepts:\n  x: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_lexicon(bad)
    assert str(bad) in str(err.value)


def test_invalid_definitions_are_rejected(tmp_path: Path):
    f = tmp_path / "lex.yaml"
    f.write_text("concepts:\n  x:\n    kind: potion\n    terms: [a b]\n", encoding="utf-8")
    with pytest.raises(InputError, match="kind"):
        load_lexicon(f)
    f.write_text("concepts:\n  x:\n    kind: treatment\n    terms: []\n", encoding="utf-8")
    with pytest.raises(InputError, match="no terms"):
        load_lexicon(f)
    with pytest.raises(InputError, match="not found"):
        load_lexicon(tmp_path / "missing.yaml")


def test_a_new_synonym_is_data_not_code(tmp_path: Path):
    text = load_lexicon().source and Path(load_lexicon().source).read_text(encoding="utf-8")
    f = tmp_path / "lexicon.yaml"
    f.write_text(text.replace("      - Ketalar\n", "      - Ketalar\n      - ketaject\n"), encoding="utf-8")
    custom = load_lexicon(f)
    assert [m.key for m in custom.match(["Ketaject"], groups=("concept",))] == ["iv_ketamine"]


# --------------------------------------------------------------------------- one pass per page
@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            "Spravato esketamine ketamine infusions infusion therapy not covered is are prior authorization "
            "pre- authorization required. for treatment-resistant depression; Blue Cross and Blue Shield of "
            "Texas Aetna (esketamine) drugs specialty drug non-preferred out-of-network home IV therapy".split()
        ),
        min_size=1,
        max_size=40,
    ),
    cut=st.tuples(st.integers(0, 40), st.integers(0, 40)),
)
def test_a_page_scanned_once_matches_each_run_like_matching_the_run(lex, words, cut):
    """find/ scans a page's words once and answers each sentence from that scan: every run of the
    page must get exactly the matches a scan of the run alone gives."""
    from policyeval.find.matching import PageMatcher
    from policyeval.models import Word

    page = [Word(t, (0.0, 0.0, 1.0, 1.0)) for t in words]
    a, b = sorted(cut)
    run = page[min(a, len(page)) : min(b, len(page))]
    assert PageMatcher(lex, page)(run) == lex.match([w.text for w in run])
