"""Machine-readable formularies (drugs.json, plans.json): recognised by content, read streaming for one
plan, each Spravato entry a statement with its tier, PA/ST/QL, pointer and text; not listed said plainly;
bad files refused with one line. All files are generated here (tests/formulary_gen.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policyeval.errors import DocumentError, InputError
from policyeval.find.formulary import cost_text, formulary_findings
from policyeval.lexicon import load_lexicon
from policyeval.read.formulary import FormularyLimits, FormularyStop, formulary_kind, normalise_plan_id
from policyeval.read.formulary_plan import (
    PlanChoiceNeeded,
    formulary_source,
    plans_covered,
    read_formularies,
)

sys.path.insert(0, str(Path(__file__).parent))
import formulary_gen as gen  # noqa: E402

LEX = load_lexicon()
IDS = gen.plan_ids(4, state="TX", issuer="67890")


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    """Plan 0: Spravato with PA (specialty, QL); plan 1: on formulary without PA (ST); plan 2: other
    drugs only; plan 3 in plans.json only."""
    drugs = [
        *gen.filler_drugs(15, IDS[:3]),
        gen.spravato(
            [
                gen.Listing(IDS[0], "SPECIALTY", prior_authorization=True, quantity_limit=True),
                gen.Listing(IDS[1], "non-preferred-brand", step_therapy=True),
            ]
        ),
        gen.Drug("1234567", "ketamine hydrochloride 50 MG/ML Injectable Solution [Ketalar]", [gen.Listing(IDS[2])]),
    ]
    plans = [gen.plan_entry(pid, f"Lone Star Silver {n}") for n, pid in enumerate(IDS)]
    return gen.write_drugs(tmp_path / "formulary-2026.json", drugs), gen.write_plans(tmp_path / "p.json", plans)


def _read(paths, plan_id, **kw):
    """The documents and statements formulary files give for the plan (read, then found)."""
    listed = read_formularies([formulary_source(p) for p in paths], plan_id, LEX, **kw)
    return listed.documents, formulary_findings(listed)


def test_files_are_recognised_by_content_not_name(files, tmp_path):
    drugs, plans = files
    assert formulary_source(drugs).kind == "drugs"
    assert formulary_source(plans).kind == "plans"
    renamed = tmp_path / "upload.pdf"
    renamed.write_bytes(drugs.read_bytes())
    assert formulary_source(renamed).kind == "drugs"
    assert formulary_source(("anything.txt", plans.read_bytes())).kind == "plans"
    pdf = tmp_path / "drugs.json"
    pdf.write_bytes(b"%PDF-1.7\n...")
    assert formulary_source(pdf) is None


def test_key_order_and_whitespace_do_not_matter():
    plans_first = json.dumps([{"plans": [{"plan_id": IDS[0], "drug_tier": "GENERIC"}], "drug_name": "x"}])
    assert formulary_kind(b"\xef\xbb\xbf \n" + plans_first.encode()) == "drugs"
    assert formulary_kind(json.dumps([gen.plan_entry(IDS[0], "A")], indent=4).encode()) == "plans"
    assert formulary_kind(b'{"rxnorm_id": "1"}') == ""  # an object, not the array the schema is
    assert formulary_kind(b'[{"npi": "123", "addresses": []}]') == ""  # providers.json


def test_other_json_is_refused_with_one_line(tmp_path):
    p = tmp_path / "providers.json"
    p.write_text(json.dumps([{"npi": "1234567893", "name": {"first": "A"}}]))
    with pytest.raises(DocumentError, match="not a CMS machine-readable formulary") as err:
        formulary_source(p)
    assert "\n" not in str(err.value)


def test_listed_with_prior_authorization(files):
    docs, found = _read(files, IDS[0])
    (f,) = found
    assert f.concept == "esketamine_nasal" and f.kind == "treatment" and f.device == "formulary_file"
    assert f.modifiers == {"listed", "covered", "prior_authorization", "quantity_limit"}
    assert f.tier == "SPECIALTY"
    assert f.evidence.document == files[0].name and f.evidence.document_kind == "formulary"
    assert f.evidence.pointer == "/15/plans/0"
    entry = json.loads(files[0].read_text())[15]["plans"][0]
    assert entry["plan_id"] == IDS[0] and entry["prior_authorization"] is True  # the pointer points at it
    assert "Spravato" in f.evidence.quote and "prior_authorization true" in f.evidence.quote
    assert f.evidence.cells["in_network"].startswith("30% coinsurance after deductible")
    assert {d.kind for d in docs} == {"formulary"}
    assert all(d.title == "Lone Star Silver 0" for d in docs)
    assert any("sbc/" + IDS[0] in d.kind_detail for d in docs)


def test_listed_without_prior_authorization_is_covered_at_its_tier(files):
    _, (f,) = _read(files, IDS[1])
    assert f.modifiers == {"listed", "covered", "pa_not_required", "step_therapy"}
    assert f.tier == "NON-PREFERRED-BRAND"
    assert f.evidence.cells["in_network"].startswith("$80 copay after deductible")
    assert f.evidence.pointer == "/15/plans/1"


def test_not_listed_for_a_plan_with_other_drugs(files):
    _, (f,) = _read(files, IDS[2])
    assert f.modifiers == {"not_listed"} and f.device == "formulary_file"
    assert "none of them is esketamine" in f.evidence.quote and IDS[2] in f.evidence.quote
    # racemic ketamine is listed for this plan, and it is not esketamine
    assert "Ketalar" not in f.evidence.quote


def test_plan_absent_from_the_drug_list_is_said_so(files):
    _, (f,) = _read(files, IDS[3])
    assert f.modifiers == {"not_listed"}
    assert "lists no drugs at all for plan " + IDS[3] in f.evidence.quote


def test_plan_absent_from_both_files(files):
    docs, (f,) = _read(files, "99999ZZ9990001")
    assert "not_listed" in f.modifiers
    assert any("is not in it" in d.kind_detail for d in docs)


@pytest.mark.parametrize(
    "name",
    [
        "SPRAVATO 56 MG Dose Pack",
        "esketamine 28 MG in 0.2 ML Nasal Spray",
        "Es-ketamine nasal solution",
        "{2 (esketamine 28 MG in 0.2 ML Nasal Spray) } Pack [Spravato 56 MG Dose]",
    ],
)
def test_esketamine_names_in_rxnorm_styles_match(tmp_path, name):
    p = gen.write_drugs(tmp_path / "d.json", [gen.Drug("9", name, [gen.Listing(IDS[0], "SPECIALTY", True)])])
    _, (f,) = _read([p], IDS[0])
    assert "covered" in f.modifiers and f.matched == name


@pytest.mark.parametrize("name", ["Ketamine HCl 10 MG/ML Injectable Solution", "Sprava tablets", "Esketaminex"])
def test_other_names_do_not_match(tmp_path, name):
    p = gen.write_drugs(tmp_path / "d.json", [gen.Drug("9", name, [gen.Listing(IDS[0])])])
    _, (f,) = _read([p], IDS[0])
    assert f.modifiers == {"not_listed"}


def test_several_strengths_give_one_statement_each(tmp_path):
    drugs = [
        gen.spravato([gen.Listing(IDS[0], "SPECIALTY", True)], "1", "esketamine 56 MG Dose Pack [Spravato]"),
        gen.spravato([gen.Listing(IDS[0], "SPECIALTY", True)], "2", "esketamine 84 MG Dose Pack [Spravato]"),
    ]
    _, found = _read([gen.write_drugs(tmp_path / "d.json", drugs)], IDS[0])
    assert [f.evidence.pointer for f in found] == ["/0/plans/0", "/1/plans/0"]


@pytest.mark.parametrize(
    "given, expect",
    [
        ("12345NY0010001", "12345NY0010001"),
        (" 12345ny0010001 ", "12345NY0010001"),
        ("12345NY0010001-03", "12345NY0010001"),
    ],
)
def test_plan_ids_are_normalised(given, expect):
    assert normalise_plan_id(given) == expect


@pytest.mark.parametrize("bad", ["", "12345NY001000", "12345NY00100011", "12345N10010001", "ABCDENY0010001", "x" * 500])
def test_plan_ids_of_the_wrong_shape_are_refused(bad):
    with pytest.raises(InputError, match="not a HIOS plan ID") as err:
        normalise_plan_id(bad)
    assert "\n" not in str(err.value) and len(str(err.value)) < 300


def test_without_a_plan_id_the_plans_are_listed(files):
    plans = plans_covered([formulary_source(p) for p in files])
    assert [p.plan_id for p in plans] == IDS and plans[0].name == "Lone Star Silver 0"
    only_drugs = plans_covered([formulary_source(files[0])])
    assert [(p.plan_id, p.drugs) for p in only_drugs] == [(IDS[0], 16), (IDS[1], 16), (IDS[2], 16)]
    with pytest.raises(PlanChoiceNeeded, match="covers 4 plans") as err:
        _read(files, None)
    assert len(err.value.plans) == 4 and "--plan-id" in str(err.value)


def test_a_file_for_one_plan_needs_no_plan_id(tmp_path):
    p = gen.write_drugs(tmp_path / "d.json", [gen.spravato([gen.Listing(IDS[0], "SPECIALTY", True)])])
    _, (f,) = _read([p], None)
    assert "prior_authorization" in f.modifiers


def test_uploaded_bytes_read_like_a_path(files):
    uploaded = [(p.name, p.read_bytes()) for p in files]
    listed = read_formularies([formulary_source(u) for u in uploaded], IDS[0], LEX)
    assert (listed.documents, formulary_findings(listed)) == _read(files, IDS[0])


@pytest.mark.parametrize(
    "text, message",
    [
        ('[{"rxnorm_id": "1", "drug_name": "a", "plans": [', "cut short"),
        ('[{"rxnorm_id": "1", "drug_name": "a", "plans": []}, {"rxnorm_id": x}]', "not valid JSON"),
        ('[{"rxnorm_id": "1", "drug_name": "a", "plans": []}, 7]', "entry /1 is not a JSON object"),
        ('[{"rxnorm_id": "1", "drug_name": "a"}]', "entry /0 has no drug_name or no plans list"),
        ('[{"rxnorm_id": "1", "drug_name": "a", "plans": []}] trailing', "not valid JSON"),
    ],
)
def test_malformed_drug_files_are_one_clear_line(tmp_path, text, message):
    p = tmp_path / "drugs.json"
    p.write_text(text)
    with pytest.raises(DocumentError, match=message) as err:
        _read([p], IDS[0])
    assert "\n" not in str(err.value)


def test_a_wrong_field_type_names_its_pointer(tmp_path):
    entry = gen.Listing(IDS[0]).to_json() | {"prior_authorization": "Yes"}
    p = tmp_path / "d.json"
    p.write_text(json.dumps([{"rxnorm_id": "1", "drug_name": "Spravato", "plans": [entry]}]))
    with pytest.raises(DocumentError, match=r"/0/plans/0/prior_authorization should be true or false, not 'Yes'"):
        _read([p], IDS[0])


def test_a_wrong_cost_sharing_type_is_refused(tmp_path, files):
    bad = gen.plan_entry(IDS[0], "A")
    bad["formulary"][0]["cost_sharing"][0]["copay_amount"] = "ten dollars"
    p = gen.write_plans(tmp_path / "plans.json", [bad])
    with pytest.raises(DocumentError, match="copay_amount should be a number"):
        _read([files[0], p], IDS[0])


def test_size_limits_stop_reading(files, tmp_path):
    with pytest.raises(FormularyStop, match="too large"):
        _read(files[:1], IDS[0], limits=FormularyLimits(max_bytes=1000))
    huge = gen.Drug("1", "x", [gen.Listing(pid) for pid in gen.plan_ids(5000)])
    p = gen.write_drugs(tmp_path / "d.json", [huge])
    with pytest.raises(FormularyStop, match="one entry spans more than"):
        _read([p], IDS[0], limits=FormularyLimits(max_entry_bytes=100_000))
    with pytest.raises(FormularyStop, match="more than 10 plans"):
        plans_covered([formulary_source(p)], FormularyLimits(max_plans=10))


def test_progress_is_reported_in_bytes(tmp_path):
    p, pid = gen.big_drugs_file(tmp_path / "d.json", 20_000_000)
    seen: list[tuple[str, int, int]] = []
    _read([p], pid, progress=lambda name, done, total: seen.append((name, done, total)))
    assert len(seen) >= 3
    assert [s[1] for s in seen] == sorted(s[1] for s in seen)
    assert seen[-1][1] == seen[-1][2] == p.stat().st_size


@pytest.mark.parametrize(
    "share, text",
    [
        (dict(copay_amount=40.0, copay_opt="AFTER-DEDUCTIBLE"), "$40 copay after deductible"),
        (dict(copay_amount=12.5, copay_opt="BEFORE-DEDUCTIBLE"), "$12.50 copay before deductible"),
        (
            dict(copay_opt="NO-CHARGE", coinsurance_rate=0.25, coinsurance_opt="AFTER-DEDUCTIBLE"),
            "25% coinsurance after deductible",
        ),
        (dict(copay_amount=0.0, copay_opt="NO-CHARGE-AFTER-DEDUCTIBLE"), "No charge after deductible"),
        (
            dict(copay_amount=10.0, copay_opt="BEFORE-DEDUCTIBLE", coinsurance_rate=0.1),
            "$10 copay before deductible, then 10% coinsurance",
        ),
    ],
)
def test_cost_sharing_reads_as_a_chart_cell(share, text):
    from policyeval.read.formulary import CostShare

    base = dict(
        pharmacy_type="1-MONTH-IN-RETAIL", copay_amount=None, copay_opt="", coinsurance_rate=None, coinsurance_opt=""
    )
    assert cost_text(CostShare(**(base | share))) == text


READ_AND_MEASURE = r"""
import sys
from policyeval.lexicon import load_lexicon
from policyeval.find.formulary import formulary_findings
from policyeval.read.formulary_plan import formulary_source, read_formularies
lexicon = load_lexicon()
def status_mb(key):  # VmRSS now, VmHWM peak: this process's own memory (ru_maxrss would count the forking parent's)
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith(key + ":")) / 1024
before = status_mb("VmRSS")
found = formulary_findings(read_formularies([formulary_source(sys.argv[1])], sys.argv[2], lexicon))
peak = status_mb("VmHWM")
print(f"{before:.1f} {peak:.1f} {found[0].evidence.pointer} {' '.join(sorted(found[0].modifiers))}")
"""


@pytest.mark.slow
def test_a_200_mb_file_is_read_streaming_in_bounded_memory(tmp_path, record_property):
    """Peak memory of a fresh process reading a generated 200+ MB drugs.json, minus what it used before
    reading: it must not grow with the file (measured, printed, and held far below the file's size)."""
    if not Path("/proc/self/status").exists():
        pytest.skip("needs /proc to measure memory")
    path, pid = gen.big_drugs_file(tmp_path / "drugs.json", 210_000_000)
    size_mb = path.stat().st_size / 1e6
    assert size_mb >= 200
    out = subprocess.run(
        [sys.executable, "-c", READ_AND_MEASURE, str(path), pid],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONHASHSEED": "0"},
    ).stdout.split()
    before, peak = float(out[0]), float(out[1])
    record_property("formulary_file_mb", round(size_mb))
    record_property("peak_rss_growth_mb", round(peak - before, 1))
    print(
        f"\n{size_mb:.0f} MB drugs.json: peak RSS {peak:.0f} MB, {peak - before:.1f} MB above the process before reading"
    )
    assert out[2].endswith("/plans/0") and "prior_authorization" in out[3:]
    assert peak - before < 64, f"reading grew memory by {peak - before:.0f} MB for a {size_mb:.0f} MB file"
