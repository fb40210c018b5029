"""Profiles are data, checked before they are read (issue 11 §5).

Only regular files, size checked before reading; YAML 1.2's JSON schema (no sexagesimal, hex, octal
or yes/no surprises); duplicate keys, deep nesting, huge numbers and long values refused with the
field named; nothing a profile can hold gives a traceback or hangs."""

from __future__ import annotations

import os
import threading
import time

import pytest

from policyeval.errors import ProfileError
from policyeval.profile import load_profile, parse_profile_text, profile_from_json

BASE = "treatment: iv_ketamine\n"


def refused(text: str, field: str) -> str:
    t0 = time.monotonic()
    with pytest.raises(ProfileError) as err:
        parse_profile_text(text, "p.yaml")
    assert time.monotonic() - t0 < 10, "refusing took too long"
    msg = str(err.value)
    assert msg.startswith("p.yaml:") and f"'{field}'" in msg, msg
    assert "\n" not in msg and len(msg) < 400, msg
    return msg


# ---- YAML 1.2: no 1.1 surprises -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["1:30", "0x2A", "0o52", "0b101010", "1_000", ".inf", "-.inf", ".nan", "4e1x"])
def test_numbers_only_in_decimal(value):
    refused(BASE + f"age: {value}\n", "age")


def test_leading_zero_is_decimal_not_octal():
    assert parse_profile_text(BASE + "age: 010\n").age == 10
    assert parse_profile_text(BASE + "age: 42\n").age == 42
    assert parse_profile_text(BASE + 'age: "42"\n'.replace('"42"', "42")).age == 42


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "y", "n", "Yes", "OFF"])
def test_yes_no_are_words_not_booleans(word):
    msg = refused(BASE + f"rems_certified_site: {word}\n", "rems_certified_site")
    assert "true or false" in msg


def test_true_false_null_and_json_forms():
    p = parse_profile_text(BASE + "rems_certified_site: TRUE\nprovider_in_network: false\ninsurer: null\n")
    assert p.rems_certified_site is True and p.provider_in_network is False and p.insurer is None
    j = profile_from_json('{"treatment": "esketamine_nasal", "age": 30, "scores": {"PHQ-9": 19.5}}')
    assert j.age == 30 and j.scores == {"PHQ9": 19.5}


# ---- duplicate keys, nesting, sizes ------------------------------------------------------------------


def test_duplicate_keys_are_refused():
    msg = refused("treatment: iv_ketamine\nage: 40\ntreatment: esketamine_nasal\n", "treatment")
    assert "twice" in msg and "lines 1 and 3" in msg
    refused(BASE + "scores: {PHQ-9: 10, PHQ-9: 20}\n", "PHQ-9")
    refused(BASE + "antidepressant_trials: [{drug: a, drug: b}]\n", "drug")


@pytest.mark.parametrize("depth", [7, 100, 20_000])
def test_deep_nesting_names_the_field(depth):
    msg = refused(BASE + "diagnoses: " + "[" * depth + "x" + "]" * depth + "\n", "diagnoses")
    assert "nested" in msg
    refused(BASE + "scores: " + "{a: " * depth + "1" + "}" * depth + "\n", "scores")


def test_deep_nesting_at_the_top_and_in_json():
    refused("[" * 20_000 + "]" * 20_000, "profile")
    with pytest.raises(ProfileError, match="nested"):
        profile_from_json('{"treatment": "iv_ketamine", "diagnoses": ' + "[" * 20_000 + "]" * 20_000 + "}")


@pytest.mark.parametrize("digits", [25, 5_000, 100_000])
def test_huge_numbers_name_the_field(digits):
    msg = refused(BASE + "age: " + "9" * digits + "\n", "age")
    assert len(msg) < 300
    refused(BASE + "scores: {MADRS: " + "1" * digits + "}\n", "scores")
    refused(BASE + "antidepressant_trials: [{drug: x, weeks: -" + "7" * digits + "}]\n", "antidepressant_trials")


def test_a_huge_number_given_as_data_is_refused_without_printing_it():
    from policyeval.profile import profile_from_dict

    with pytest.raises(ProfileError, match="'age'") as err:
        profile_from_dict({"treatment": "iv_ketamine", "age": 10**5000})
    assert len(str(err.value)) < 300


def test_a_250_kb_insurer_name_is_refused_quickly():
    msg = refused(BASE + "insurer: " + "Aetna " * 40_000 + "\n", "insurer")
    assert "too long" in msg
    refused(BASE + "diagnoses: [" + "x" * 5_000 + "]\n", "diagnoses")
    refused(BASE + "insurer: " + "A" * 500 + "\n", "insurer")


def test_too_many_values_or_items():
    refused(BASE + "diagnoses: [" + ", ".join(["F33.2"] * 60) + "]\n", "diagnoses")
    with pytest.raises(ProfileError, match="values"):
        parse_profile_text(BASE + "diagnoses: [" + ", ".join(["a"] * 2_000) + "]\n", "p.yaml")


def test_anchors_and_aliases_are_refused():
    with pytest.raises(ProfileError, match="aliases"):
        parse_profile_text("a: &x [1]\ntreatment: iv_ketamine\nb: *x\n", "p.yaml")


@pytest.mark.parametrize(
    "text",
    [
        "- treatment: iv_ketamine\n",
        "just words",
        "123",
        "? [a, b]\n: c\n",
        "{1: 2}",
        "treatment: iv_ketamine\n!!python/object:os.system {}: 1\n",
        "treatment: !!binary aGVsbG8=\n",
        "treatment: iv_ketamine\nage: !!float 40\n",
        "\ufefftreatment: iv_ketamine\nage: 1e999\n",
        "treatment: [iv_ketamine]\n",
        "%YAML 1.1\n---\ntreatment: iv_ketamine\nage: 0x2A\n",
        "treatment: iv_ketamine\nage: !!int 0x2A\n",
        "treatment: iv_ketamine\nage: !!int " + "9" * 5000 + "\n",
        "treatment: iv_ketamine\nage: !!float nan\n",
        "treatment: iv_ketamine\nage: !!timestamp 2020-99-99\n",
        "treatment: iv_ketamine\nage: !!set {a, b}\n",
        "treatment: iv_ketamine\n" + "x: 1\n" * 600,
    ],
)
def test_odd_documents_are_clean_errors_or_profiles(text):
    try:
        p = parse_profile_text(text, "p.yaml")
    except ProfileError as err:
        assert str(err).startswith("p.yaml:") and "\n" not in str(err)
    else:
        assert p.treatment in ("iv_ketamine", "esketamine_nasal")
        assert p.age is None or isinstance(p.age, int) and p.age == int(p.age)


# ---- files: only regular ones, size first -------------------------------------------------------------


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_devices_are_refused_without_reading(device):
    if not os.path.exists(device):
        pytest.skip(f"no {device}")
    t0 = time.monotonic()
    with pytest.raises(ProfileError, match="not a regular file"):
        load_profile(device)
    assert time.monotonic() - t0 < 5


def test_a_fifo_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "profile.yaml"
    os.mkfifo(fifo)
    result: list[BaseException] = []
    t = threading.Thread(target=lambda: _catch(result, lambda: load_profile(fifo)), daemon=True)
    t.start()
    t.join(10)
    assert not t.is_alive(), "load_profile waited on a FIFO"
    assert result and isinstance(result[0], ProfileError) and "not a regular file" in str(result[0])


def _catch(out: list[BaseException], fn) -> None:
    try:
        fn()
    except BaseException as err:  # noqa: BLE001 - the test inspects it
        out.append(err)


def test_a_large_file_is_refused_by_its_size(tmp_path):
    big = tmp_path / "big.yaml"
    with open(big, "wb") as fh:
        fh.truncate(5 * 1024**3)  # 5 GB, sparse: nothing is written, nothing must be read
    t0 = time.monotonic()
    with pytest.raises(ProfileError, match="too large"):
        load_profile(big)
    assert time.monotonic() - t0 < 5
