from policyeval.dsl.planfile import DocumentInfo, parse_plan, to_plan_text
from policyeval.models import Evidence, Finding


def test_plan_file_round_trips_findings():
    findings = [
        Finding(
            "esketamine_nasal",
            "treatment",
            Evidence(
                "sbc “gold”.pdf",
                3,
                'Spravato — "prior authorization"\nrequired',
                [(1.0, 2.0, 3.0, 4.0), (5.0, 6.0, 7.5, 8.25)],
                "If you need drugs",
                "Specialty drugs",
                True,
                "sbc",
            ),
            frozenset({"prior_authorization", "covered"}),
            ("trd",),
            "Spravato",
        ),
        Finding("aetna", "insurer", Evidence("sbc “gold”.pdf", 1, "Aetna Life", [], document_kind="sbc")),
    ]
    text = to_plan_text([DocumentInfo("sbc “gold”.pdf", "sbc", 5, "Gold PPO")], findings)
    docs, back, title = parse_plan(text)
    assert title == "Gold PPO" and docs[0].kind == "sbc" and docs[0].pages == 5
    assert [f.concept for f in back] == ["esketamine_nasal", "aetna"]
    f = back[0]
    assert f.modifiers == {"prior_authorization", "covered"} and f.conditions == ("trd",)
    assert f.evidence.quote == 'Spravato — "prior authorization" required'  # whitespace normalised
    assert [tuple(round(v) for v in b) for b in f.evidence.bboxes] == [(1, 2, 3, 4), (5, 6, 8, 8)]
    assert f.evidence.ocr and f.evidence.row == "Specialty drugs" and f.evidence.document_kind == "sbc"
    assert to_plan_text(docs, back, title) == text  # stable: extract of extract is the same


def test_extracted_plan_file_is_already_in_fmt_layout():
    from policyeval.dsl.formatter import format_text

    findings = [
        Finding(
            "infusion_therapy",
            "category",
            Evidence(
                "s.pdf",
                4,
                "Infusion   therapy | Preauthorization\nrequired",
                [(1.04, 2.0, 3.0, 4.0)],
                "If you have outpatient surgery",
                "Infusion therapy",
                False,
                "sbc",
            ),
            frozenset({"prior_authorization"}),
        )
    ]
    text = to_plan_text([DocumentInfo("s.pdf", "sbc", 4)], findings)
    assert format_text(text) == text


def test_scope_device_cells_and_document_details_round_trip():
    """Every field of a statement's scope, its device, tier, cost cells and pointer survive the plan file,
    and the canonical text is a fixed point of the formatter (a rule author edits one line)."""
    from policyeval.dsl.formatter import format_text
    from policyeval.models import Scope

    scoped = Finding(
        "iv_ketamine",
        "treatment",
        Evidence("rider.pdf", 2, "covered only for TRD", [(1.0, 2.0, 3.0, 4.0)], cells={"in_network": "$20 copay"}),
        frozenset({"covered"}),
        scope=Scope(
            indications=("trd",),
            network="in_network",
            routes=("intravenous",),
            age_min=18,
            age_max=64,
            settings=("psychiatrist",),
            limits=("no more than 8 treatments in the first month",),
            consequence="claims for services not pre-approved will be denied",
        ),
        device="sentence",
        tier="4",
    )
    other = Finding(
        "iv_ketamine",
        "treatment",
        Evidence("rider.pdf", 2, "investigational for any other use", pointer="/items/3"),
        frozenset({"experimental"}),
        scope=Scope(indications=("trd",), other_indications=True, routes=("intravenous",), other_routes=True),
        device="adjacent_sentence",
    )
    docs = [DocumentInfo("rider.pdf", "rider", 3, "Rider", "rider to the certificate", "eoc.pdf", "2025")]
    text = to_plan_text(docs, [scoped, other])
    assert format_text(text) == text
    parsed_docs, parsed, _ = parse_plan(text)
    assert (parsed_docs[0].amends, parsed_docs[0].kind_detail, parsed_docs[0].plan_year) == (
        "eoc.pdf",
        "rider to the certificate",
        "2025",
    )
    assert parsed[0].scope == scoped.scope and parsed[1].scope == other.scope
    assert (parsed[0].device, parsed[0].tier, parsed[0].evidence.cells) == (
        "sentence",
        "4",
        {"in_network": "$20 copay"},
    )
    assert (parsed[1].device, parsed[1].evidence.pointer) == ("adjacent_sentence", "/items/3")


def test_criterion_and_contact_facts_round_trip_and_are_checked():
    """A payer document's criteria and phone numbers travel through the plan file like any fact."""
    from policyeval.models import CRITERIA
    from policyeval.tools import check_texts

    crit = Finding("failed_trials", "criterion", Evidence("p.pdf", 2, "at least two antidepressants"), value="2")
    phone = Finding(
        "precertification", "contact", Evidence("p.pdf", 1, "Precertification 1-800-555-0100"), value="1-800-555-0100"
    )
    text = to_plan_text([DocumentInfo("p.pdf", "policy", 3)], [crit, phone])
    _, parsed, _ = parse_plan(text)
    assert [(f.kind, f.concept, f.value) for f in parsed] == [
        ("criterion", "failed_trials", "2"),
        ("contact", "precertification", "1-800-555-0100"),
    ]
    assert "failed_trials" in CRITERIA
    diags = check_texts({"plan.policy": text.replace("failed_trials", "failed_trails")})
    assert any("did you mean 'failed_trials'" in d.one_line() for d in diags)
