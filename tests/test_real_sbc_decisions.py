"""Seven real insurers' SBCs (../shared/real-sbc, not in this repo): the default policy without insurer
packs must give the answers their manifest records. Skipped where the folder is absent."""

import pytest
import yaml
from conftest import REAL_SBC

from policyeval.decide.ruleset import load_rules
from policyeval.pipeline import evaluate
from policyeval.resources import rules_dir

MANIFEST = REAL_SBC / "manifest.yaml"
pytestmark = pytest.mark.skipif(not MANIFEST.exists(), reason="../shared/real-sbc is not present")


def _cases():
    if not MANIFEST.exists():
        return []
    data = yaml.safe_load(MANIFEST.read_text())
    return [
        pytest.param(case, prof, id=f"{case['id']}-{prof['name']}")
        for case in data["cases"]
        for prof in case["profiles"]
    ]


@pytest.fixture(scope="module")
def default_only():
    return load_rules([rules_dir() / "default.policy", rules_dir() / "criteria.policy"])


@pytest.mark.parametrize("case, prof", _cases())
def test_real_sbc_default_policy(case, prof, default_only):
    result = evaluate([REAL_SBC / case["pdf"]], prof["profile"], default_only)
    d = result.decision
    expect = prof["expect"]
    got = (d.verdict, d.basis)
    if prof.get("ambiguous") and got != (expect["verdict"], expect["basis"]):
        pytest.xfail(f"documented as ambiguous: {prof.get('ambiguous_reason', '')}")
    assert got == (expect["verdict"], expect["basis"]), (
        f"{case['pdf']} {prof['name']}: got {got}, rule {d.rule}; evidence "
        + "; ".join(f"p{e.page} {e.row}: {e.quote[:120]}" for e in d.evidence)
    )
    if expect["pages"]:
        assert d.evidence and d.evidence[0].page in expect["pages"]
    else:
        assert not d.evidence
