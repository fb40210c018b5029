import pytest

from policyeval.errors import ProfileError
from policyeval.profile import load_profile, parse_profile_text, profile_from_dict


def test_minimal_profile_needs_only_treatment():
    p = profile_from_dict({"treatment": "esketamine_nasal"})
    assert p.treatment == "esketamine_nasal" and p.age is None and p.diagnoses is None


def test_full_profile_round_trips_and_normalises_scores():
    p = parse_profile_text("""
treatment: Spravato
insurer: Cigna
age: 42
diagnoses: ["treatment-resistant depression", "F33.2"]
antidepressant_trials:
  - {drug: sertraline, weeks: 8, improvement_pct: 10}
  - {drug: bupropion, weeks: 6, improvement_pct: 20}
current_oral_antidepressant: true
scores: {PHQ-9: 19, "HAM-D": 20}
rems_certified_site: true
""")
    assert p.treatment == "esketamine_nasal"
    assert p.scores == {"PHQ9": 19, "HAMD": 20}
    assert [t.drug for t in p.antidepressant_trials] == ["sertraline", "bupropion"]
    assert p.to_json()["age"] == 42


@pytest.mark.parametrize(
    "text, field",
    [
        ("treatment: iv_ketamine\nage: -3", "age"),
        ("treatment: iv_ketamine\nage: 'forty'", "age"),
        ("treatment: iv_ketamine\nage: 41.5", "age"),
        ("treatment: iv_ketamine\ninsurance: Aetna", "insurance"),
        ("treatment: iv_ketamine\nrems_certified_site: yes please", "rems_certified_site"),
        ("treatment: iv_ketamine\ndiagnoses: [1, 2]", "diagnoses"),
        ("treatment: iv_ketamine\nscores: {PHQ-9: 40}", "scores.PHQ-9"),
        ("treatment: iv_ketamine\nscores: {BDI: 20}", "scores.BDI"),
        ("treatment: iv_ketamine\nantidepressant_trials: [{drug: x, weeks: -1}]", "antidepressant_trials[0].weeks"),
        ("treatment: laughing gas", "treatment"),
        ("age: 40", "treatment"),
    ],
)
def test_bad_fields_are_named(text, field):
    with pytest.raises(ProfileError) as err:
        parse_profile_text(text, "p.yaml")
    assert f"'{field}'" in str(err.value) and str(err.value).startswith("p.yaml:")


def test_unknown_key_suggests_the_right_one():
    with pytest.raises(ProfileError, match="did you mean 'diagnoses'"):
        profile_from_dict({"treatment": "iv_ketamine", "diagnosis": ["F33.2"]})


def test_yaml_aliases_refused_billion_laughs():
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: &c [*b, *b]\ntreatment: iv_ketamine\n"
    with pytest.raises(ProfileError, match="aliases"):
        parse_profile_text(bomb)


def test_file_errors(tmp_path):
    with pytest.raises(ProfileError, match="no such profile"):
        load_profile(tmp_path / "missing.yaml")
    bad = tmp_path / "latin1.yaml"
    bad.write_bytes("treatment: iv_ketamine\nname: Jos\xe9\n".encode("latin-1"))
    with pytest.raises(ProfileError, match="UTF-8"):
        load_profile(bad)
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    with pytest.raises(ProfileError, match="empty"):
        load_profile(empty)
    js = tmp_path / "p.json"
    js.write_text('{"treatment": "iv_ketamine", "age": 30}')
    assert load_profile(js).age == 30
