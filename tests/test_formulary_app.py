"""The patients' page with formulary files: a drugs.json / plans.json upload is accepted, the plans
they cover are offered in a picker, and the picked plan's answer is shown (AppTest, no browser)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from policyeval.advise import documents  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
import formulary_gen as gen  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app" / "main.py")
IDS = gen.plan_ids(2, state="AZ", issuer="22222")


def _verdict(at: AppTest) -> str:
    found = [m.value for m in at.markdown if "class='verdict verdict-" in m.value]
    assert found, "no verdict banner on the page"
    return re.search(r"verdict-(\w+)", found[0]).group(1)


def test_a_formulary_upload_is_not_refused_as_a_non_pdf():
    assert documents.upload_problem("drugs.json", b'[{"rxnorm_id": "1"}]') == ""
    assert "not a PDF" in documents.upload_problem("notes.json", b'{"a": 1}')


def test_the_patient_picks_their_plan_from_the_formulary(monkeypatch, tmp_path):
    monkeypatch.delenv("POLICYEVAL_SAMPLE", raising=False)
    drugs = gen.write_drugs(
        tmp_path / "drugs.json",
        [*gen.filler_drugs(5, IDS), gen.spravato([gen.Listing(IDS[0], "SPECIALTY", True)])],
    )
    plans = gen.write_plans(
        tmp_path / "plans.json", [gen.plan_entry(pid, f"Desert Gold {n}") for n, pid in enumerate(IDS)]
    )
    at = AppTest.from_file(APP, default_timeout=120).run()
    upload = [(p.name, p.read_bytes(), "application/json") for p in (drugs, plans)]
    at.file_uploader(key="uploads").set_value(upload).run()
    assert not at.exception, [e.value for e in at.exception]
    picker = at.selectbox(key="pf_formulary_plan")
    assert picker.options == [f"Desert Gold 0 ({IDS[0]})", f"Desert Gold 1 ({IDS[1]})"]
    assert _verdict(at) == "unknown"  # the first sample patient asks about IV ketamine: a formulary never decides it
    at.radio(key="pf_treatment").set_value("esketamine_nasal").run()
    assert _verdict(at) == "pa_required"
    assert any("drugs.json, entry /5/plans/0" in m.value for m in at.markdown)
    picker.set_value(IDS[1]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert _verdict(at) == "unknown"
