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
