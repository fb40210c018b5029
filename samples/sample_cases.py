"""The sample cases: which documents + profile, the expected verdict, and the text that anchors the deciding
page(s). manifest.py looks every anchor up in the built PDFs, so pages stay right when a layout changes.

anchors: list of (document, text) or (document, page_number). Text is matched ignoring case, spaces,
line breaks, hyphens and punctuation, so a cell wrapped as "treatment-\\nresistant" still matches. A
scanned document is looked up through its text original (SCANS). `why` may use {p0}, {p1} ... = the first
page of anchor 0, 1 ...
Profiles are files under profiles/ or an inline mapping.
"""

SCANS = {"sbc01_named_pa.pdf": "sbc01_named_pa_scanned.pdf"}  # text original -> image-only copy

ESK = "profiles/esk_trd_adult.yaml"
IV = "profiles/iv_trd_adult.yaml"

SBC01, SBC01_SCAN = "sbc01_named_pa.pdf", "sbc01_named_pa_scanned.pdf"
SBC02, SBC03, SBC04 = "sbc02_named_covered.pdf", "sbc03_ketamine_trd_only.pdf", "sbc04_emergency_trap.pdf"
SBC05, SBC06 = "sbc05_infusion_pa.pdf", "sbc06_mh_outpatient_pa.pdf"
SBC07, SBC08, SBC09 = "sbc07_aetna_silent.pdf", "sbc08_cigna_silent.pdf", "sbc09_bcbsma_silent.pdf"
SBC10, SBC11 = "sbc10_granite_silent.pdf", "sbc11_tririver_precert.pdf"
SBC12, SBC13 = "sbc12_sunmeadow_home_infusion.pdf", "sbc13_employer_silent.pdf"
SBC14, SBC15, SBC16 = "sbc14_bcbsok_header_wrap.pdf", "sbc15_named_excluded.pdf", "sbc16_named_iv_precert.pdf"
EOC01, EOC02 = "eoc01_tririver_certificate_2col.pdf", "eoc02_sunmeadow_evidence_of_coverage.pdf"
EOC03 = "eoc03_granite_peak_eoc_full.pdf"
AETNA, BCBSMA = "policy_aetna_cpb0938_ketamine.pdf", "policy_bcbsma_087_ketamine.pdf"

CIGNA_PROFILE = {
    "treatment": "esketamine_nasal",
    "insurer": "Cigna",
    "age": 45,
    "diagnoses": ["F33.1", "treatment-resistant depression"],
    "failed_antidepressant_trials": 2,
    "scores": {"PHQ-9": 17},
    "rems_certified_site": True,
}

CASES = [
    # ---- step 1: explicit exclusion ------------------------------------------------------------------------
    dict(
        id="sbc15-iv-named-in-excluded-box",
        step=1,
        documents=[SBC15],
        profile=IV,
        verdict="experimental_exclusion",
        basis="explicit",
        anchors=[(SBC15, "Ketamine infusions (IV ketamine) for depression")],
        why="The box “Services Your Plan Generally Does NOT Cover” on page {p0} lists “Ketamine infusions (IV "
        "ketamine) for depression or other mental health conditions”.",
    ),
    dict(
        id="sbc15-esk-named-no-benefits",
        step=1,
        documents=[SBC15],
        profile=ESK,
        verdict="experimental_exclusion",
        basis="explicit",
        anchors=[(SBC15, "No benefits are provided for esketamine")],
        why="The Specialty drugs row on page {p0} says “No benefits are provided for es-ketamine (Spravato®) nasal "
        "spray”, even though the row itself is priced.",
    ),
    dict(
        id="sbc11-eoc01-iv-named-investigational",
        step=1,
        documents=[SBC11, EOC01],
        profile=IV,
        verdict="experimental_exclusion",
        basis="explicit",
        anchors=[(EOC01, "Ketamine for mental health conditions: ketamine given by intravenous infusion")],
        why="The SBC is silent on ketamine; the certificate's exclusion list on page {p0} names intravenous ketamine "
        "(Ketalar®) and ketamine-assisted psychotherapy for depression as investigational (its carve-out for "
        "esketamine and for anesthetic use does not apply).",
    ),
    dict(
        id="eoc03-iv-late-amendment-exclusion",
        step=1,
        documents=[EOC03],
        profile=IV,
        verdict="experimental_exclusion",
        basis="explicit",
        anchors=[(EOC03, "10a. Ketamine for a mental health condition")],
        why="In the 44-page EOC the only clause naming the psychiatric use is Amendment No. 1 on page {p0}, which "
        "adds exclusion 10a (“intravenous ketamine infusion ... considers these uses investigational”); the "
        "earlier ketamine mention in Section 6.5 is an anesthetic agent.",
    ),
    dict(
        id="sbc10-eoc03-iv-eoc-decides",
        step=1,
        documents=[SBC10, EOC03],
        profile=IV,
        verdict="experimental_exclusion",
        basis="explicit",
        anchors=[(EOC03, "10a. Ketamine for a mental health condition")],
        why="The SBC says nothing; the plan's EOC names IV ketamine for depression as investigational in the "
        "amendment on page {p0}.",
    ),
    # ---- step 2: indication not met -------------------------------------------------------------------------
    dict(
        id="sbc03-iv-ptsd-indication-not-met",
        step=2,
        documents=[SBC03],
        profile="profiles/iv_ptsd_anxiety.yaml",
        verdict="experimental_exclusion",
        basis="explicit",
        anchors=[
            (SBC03, "Intravenous ketamine infusions are covered only for"),
            (SBC03, "Ketamine infusion therapy (treatment-resistant depression only)"),
        ],
        why="Page {p0} covers intravenous ketamine “only for treatment-resistant depression” (also page {p1}, "
        "Other Covered Services); the profile's diagnoses are PTSD and anxiety only.",
    ),
    dict(
        id="eoc01-esk-ptsd-indication-not-met",
        step=2,
        documents=[EOC01],
        profile="profiles/esk_ptsd_anxiety.yaml",
        verdict="experimental_exclusion",
        basis="explicit",
        anchors=[
            (EOC01, "We cover esketamine nasal spray (Spravato®) only for Members"),
            (EOC01, "Precertification is obtained before the first treatment"),
        ],
        why="Section 5.9 (page {p0}) covers Spravato only for treatment-resistant depression or MDD with acute "
        "suicidal ideation; the profile has PTSD and generalized anxiety only.",
    ),
    # ---- step 3: named, with prior authorization -------------------------------------------------------------
    dict(
        id="sbc01-esk-named-pa",
        step=3,
        documents=[SBC01],
        profile=ESK,
        verdict="pa_required",
        basis="explicit",
        anchors=[(SBC01, "Includes Spravato® (esketamine) nasal spray")],
        why="The Specialty drugs row on page {p0} names Spravato® (esketamine) and its Limitations cell says "
        "“Prior authorization required”.",
    ),
    dict(
        id="sbc01-esk-minor-named-pa",
        step=3,
        documents=[SBC01],
        profile="profiles/esk_minor.yaml",
        verdict="pa_required",
        basis="explicit",
        anchors=[(SBC01, "Includes Spravato® (esketamine) nasal spray")],
        why="Same clause as sbc01-esk-named-pa (page {p0}); the verdict is still pa_required, with the adult "
        "(18+) criterion reported as not met for this 16-year-old.",
    ),
    dict(
        id="sbc01-scanned-esk-named-pa",
        step=3,
        documents=[SBC01_SCAN],
        profile=ESK,
        verdict="pa_required",
        basis="explicit",
        anchors=[(SBC01_SCAN, "Includes Spravato® (esketamine) nasal spray")],
        why="Image-only scan of sbc01 (no text layer): after OCR, the Specialty drugs row on page {p0} names "
        "Spravato with “Prior authorization required”, same as the text original.",
    ),
    dict(
        id="sbc11-eoc01-esk-named-precert",
        step=3,
        documents=[SBC11, EOC01],
        profile=ESK,
        verdict="pa_required",
        basis="explicit",
        anchors=[
            (EOC01, "We cover esketamine nasal spray (Spravato®) only for Members"),
            (EOC01, "Precertification is obtained before the first treatment"),
        ],
        why="The certificate's Section 5.9 (page {p0}) names Spravato as covered for treatment-resistant depression "
        "“when ... Precertification is obtained before the first treatment” (same sentence); that outranks the SBC's "
        "category-level precertification, and the mention of esketamine in the ketamine exclusion is a "
        "carve-out, not an exclusion.",
    ),
    dict(
        id="sbc16-iv-named-precert",
        step=3,
        documents=[SBC16],
        profile=IV,
        verdict="pa_required",
        basis="explicit",
        anchors=[(SBC16, "Pre-certification is required for intravenous ketamine infusion")],
        why="The mental-health Outpatient services row on page {p0}: “Pre-certification is required for "
        "intravenous ketamine infusion (treatment-resistant depression)”.",
    ),
    # ---- step 4: named, covered ------------------------------------------------------------------------------
    dict(
        id="sbc02-esk-named-covered",
        step=4,
        documents=[SBC02],
        profile=ESK,
        verdict="covered",
        basis="explicit",
        anchors=[(SBC02, "Covers esketamine (Spravato®) nasal spray")],
        why="The Specialty drugs row on page {p0} covers esketamine (Spravato®) at $75 in network with no prior "
        "authorization in that row; “Not covered” is only the out-of-network cell, and the PA wording is in "
        "the neighbouring rows (non-preferred brand drugs, outpatient surgery).",
    ),
    dict(
        id="sbc03-iv-trd-covered",
        step=4,
        documents=[SBC03],
        profile=IV,
        verdict="covered",
        basis="explicit",
        anchors=[
            (SBC03, "Intravenous ketamine infusions are covered only for"),
            (SBC03, "Ketamine infusion therapy (treatment-resistant depression only)"),
        ],
        why="Page {p0} covers intravenous ketamine infusions for treatment-resistant depression, which this "
        "profile has; no PA in that cell (“Pre-authorization required” is in the Inpatient row below).",
    ),
    # ---- step 5: insurer medical policy ----------------------------------------------------------------------
    dict(
        id="sbc07-aetna-iv-cpb0938",
        step=5,
        documents=[SBC07],
        profile=IV,
        verdict="experimental_exclusion",
        basis="insurer_policy",
        anchors=[(SBC07, 1)],
        why="The SBC never names ketamine; the insurer is Aetna (page {p0}), and Aetna CPB 0938 considers ketamine "
        "for depression experimental and investigational.",
    ),
    dict(
        id="sbc07-policy-aetna-iv",
        step=5,
        documents=[SBC07, AETNA],
        profile=IV,
        verdict="experimental_exclusion",
        basis="insurer_policy",
        anchors=[(AETNA, "Aetna considers ketamine (including intranasal"), (SBC07, 1)],
        why="The plan's SBC is silent; Aetna's own Clinical Policy Bulletin 0938 (page {p0}) lists depression, "
        "including treatment-resistant depression, among the experimental/investigational uses.",
    ),
    dict(
        id="sbc08-cigna-esk-policy",
        step=5,
        documents=[SBC08],
        profile=ESK,
        verdict="pa_required",
        basis="insurer_policy",
        anchors=[(SBC08, 1)],
        why="The SBC does not name Spravato; the insurer is Cigna (page {p0}), whose Spravato policy covers it with "
        "prior authorization.",
    ),
    dict(
        id="sbc13-employer-esk-cigna-from-profile",
        step=5,
        documents=[SBC13],
        profile=CIGNA_PROFILE,
        verdict="pa_required",
        basis="insurer_policy",
        anchors=[],
        why="The employer plan's SBC names no insurer and no treatment; the profile says the insurer is Cigna, "
        "whose Spravato policy requires prior authorization.",
    ),
    dict(
        id="sbc09-bcbsma-iv-policy",
        step=5,
        documents=[SBC09],
        profile=IV,
        verdict="pa_required",
        basis="insurer_policy",
        anchors=[(SBC09, 1)],
        why="The SBC is silent; the insurer is Blue Cross Blue Shield of Massachusetts (page {p0}), whose policy "
        "087 covers IV ketamine for treatment-resistant depression under the esketamine criteria, with prior "
        "authorization.",
    ),
    dict(
        id="sbc09-policy-bcbsma-iv",
        step=5,
        documents=[SBC09, BCBSMA],
        profile=IV,
        verdict="pa_required",
        basis="insurer_policy",
        anchors=[(BCBSMA, "Intravenous ketamine may be considered MEDICALLY NECESSARY"), (SBC09, 1)],
        why="BCBSMA medical policy 087 (page {p0}) makes IV ketamine medically necessary for treatment-resistant "
        "depression when the esketamine criteria are met, with prior authorization required; the SBC is "
        "silent.",
    ),
    # ---- step 6: generic experimental exclusion (IV ketamine only) --------------------------------------------
    dict(
        id="eoc02-iv-generic-investigational",
        step=6,
        documents=[EOC02],
        profile=IV,
        verdict="experimental_exclusion",
        basis="inferred",
        anchors=[(EOC02, "Experimental or investigational services: drugs, devices, treatments")],
        why="The EOC excludes experimental or investigational services (page {p0}); ketamine appears only as an "
        "anesthetic agent and in a controlled-substance clause, which are not the psychiatric treatment.",
    ),
    dict(
        id="sbc12-eoc02-iv-generic-beats-category",
        step=6,
        documents=[SBC12, EOC02],
        profile=IV,
        verdict="experimental_exclusion",
        basis="inferred",
        anchors=[(EOC02, "Experimental or investigational services: drugs, devices, treatments")],
        why="The SBC's home-infusion row requires prior approval (step 7), but the EOC's generic experimental "
        "exclusion (page {p0}) ranks higher for IV ketamine.",
    ),
    # ---- step 7: category needs prior authorization ---------------------------------------------------------
    dict(
        id="sbc05-iv-infusion-row-pa",
        step=7,
        documents=[SBC05],
        profile=IV,
        verdict="pa_required",
        basis="inferred",
        anchors=[(SBC05, "Infusion therapy (home or outpatient facility)")],
        why="Ketamine is not named; the Infusion therapy row on page {p0} says “Pre-authorization required”.",
    ),
    dict(
        id="sbc05-iv-missing-facts",
        step=7,
        documents=[SBC05],
        profile="profiles/iv_missing_facts.yaml",
        verdict="pa_required",
        basis="inferred",
        anchors=[(SBC05, "Infusion therapy (home or outpatient facility)")],
        why="Same infusion-therapy row (page {p0}); the profile gives almost nothing, so every criterion is "
        "“not given”, never “not met”.",
    ),
    dict(
        id="sbc12-iv-home-infusion-prior-approval",
        step=7,
        documents=[SBC12],
        profile=IV,
        verdict="pa_required",
        basis="inferred",
        anchors=[(SBC12, "Includes home infusion therapy. Prior approval required.")],
        why="The Home health care row on page {p0}: “Includes home infusion therapy. Prior approval required.”",
    ),
    dict(
        id="sbc05-esk-specialty-pa",
        step=7,
        documents=[SBC05],
        profile=ESK,
        verdict="pa_required",
        basis="inferred",
        anchors=[(SBC05, "Pre-authorization required. Limited to a 30-day supply from a network specialty")],
        why="Spravato is not named; the Specialty drugs row on page {p0} says “Pre-authorization required”.",
    ),
    dict(
        id="sbc06-esk-mh-outpatient-pa-split-row",
        step=7,
        documents=[SBC06],
        profile=ESK,
        verdict="pa_required",
        basis="inferred",
        anchors=[
            (SBC06, "Preauthorization is required. If you don't get preauthorization"),
            (SBC06, "Telehealth visits with network behavioral health providers"),
        ],
        why="The mental-health Outpatient services row starts on page {p0} with “Preauthorization is required. If "
        "you don't get preauthorization, benefits could be reduced by 50%” and continues on page {p1}.",
    ),
    dict(
        id="sbc11-esk-specialty-precert",
        step=7,
        documents=[SBC11],
        profile=ESK,
        verdict="pa_required",
        basis="inferred",
        anchors=[(SBC11, "Precertification required. Limited to a 30-day supply from the Tri-River")],
        why="The Specialty drugs row on page {p0} says “Precertification required”; the SBC does not name Spravato.",
    ),
    dict(
        id="sbc10-eoc03-esk-specialty-precert",
        step=7,
        documents=[SBC10, EOC03],
        profile=ESK,
        verdict="pa_required",
        basis="inferred",
        anchors=[
            (EOC03, "All Specialty Drugs require Precertification"),
            (EOC03, "Specialty Drugs, as described in Section 8.4"),
        ],
        why="Neither document names esketamine; the EOC says “All Specialty Drugs require Precertification” "
        "(page {p0}, again in Section 9 on page {p1}); outpatient office visits need none.",
    ),
    # ---- step 8: unknown ---------------------------------------------------------------------------------------
    dict(
        id="sbc01-iv-silent",
        step=8,
        documents=[SBC01],
        profile=IV,
        verdict="unknown",
        basis="none",
        anchors=[],
        why="The SBC names Spravato but nothing about ketamine infusions, infusion therapy or experimental "
        "services; a Spravato row is not a mention of IV ketamine.",
    ),
    dict(
        id="sbc04-esk-emergency-trap",
        step=8,
        documents=[SBC04],
        profile=ESK,
        verdict="unknown",
        basis="none",
        anchors=[],
        why="Trap: the only PA wording near mental health says it is NOT required (“Preauthorization is not "
        "required for emergency admissions”, “No preauthorization is required for office visits or other "
        "outpatient services”); specialty drugs need none.",
    ),
    dict(
        id="sbc04-iv-anesthetic-trap",
        step=8,
        documents=[SBC04],
        profile=IV,
        verdict="unknown",
        basis="none",
        anchors=[],
        why="Trap: ketamine appears only as an anesthetic agent in the outpatient-surgery row, which is not the "
        "psychiatric treatment; nothing else applies.",
    ),
    dict(
        id="sbc10-iv-silent",
        step=8,
        documents=[SBC10],
        profile=IV,
        verdict="unknown",
        basis="none",
        anchors=[],
        why="A typical SBC: no ketamine, no infusion row, no experimental exclusion; the EOC (eoc03) would decide.",
    ),
    dict(
        id="sbc10-esk-silent",
        step=8,
        documents=[SBC10],
        profile=ESK,
        verdict="unknown",
        basis="none",
        anchors=[],
        why="A typical SBC: Spravato not named and neither specialty drugs nor outpatient mental health needs "
        "precertification (only the inpatient row does).",
    ),
    dict(
        id="sbc13-employer-esk-no-insurer",
        step=8,
        documents=[SBC13],
        profile=ESK,
        verdict="unknown",
        basis="none",
        anchors=[],
        why="Self-funded employer plan that names no insurer; silent on Spravato and on PA for its categories.",
    ),
    dict(
        id="sbc14-bcbs-oklahoma-iv-not-bcbsma",
        step=8,
        documents=[SBC14],
        profile=IV,
        verdict="unknown",
        basis="none",
        anchors=[],
        why="Trap: Blue Cross and Blue Shield of Oklahoma is not BCBS Massachusetts, so the BCBSMA pack must not "
        "apply; the SBC itself is silent.",
    ),
    dict(
        id="eoc02-esk-silent",
        step=8,
        documents=[EOC02],
        profile=ESK,
        verdict="unknown",
        basis="none",
        anchors=[],
        why="The EOC's generic experimental exclusion is not applied to esketamine (FDA-approved for TRD); "
        "outpatient office visits need no prior approval and specialty drugs none either.",
    ),
]
