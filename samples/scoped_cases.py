"""Sample cases for issue 10 (scoped statements, document devices and kinds, carriers, long documents), in
the format of sample_cases.py. `pending` (optional) says why the code cannot pass the case yet: such a
case is written to manifest_pending.yaml instead of manifest.yaml, and tests/test_manifest.py runs it as a
strict xfail, so the day it passes the test says so and `pending` must be removed here.

Expectations follow DESIGN.md's default policy and issue 10 §2: a statement whose scope excludes the
patient does not decide; a scope the profile leaves open gives `unknown` naming the question.
"""

IV, ESK = "profiles/iv_trd_adult.yaml", "profiles/esk_trd_adult.yaml"
IV_OON, IV_NET_UNKNOWN = "profiles/iv_trd_out_of_network.yaml", "profiles/iv_trd_network_unknown.yaml"
ESK_OON = "profiles/esk_trd_out_of_network.yaml"
IV_PTSD, ESK_PTSD = "profiles/iv_ptsd_anxiety.yaml", "profiles/esk_ptsd_anxiety.yaml"
ESK_MINOR = "profiles/esk_minor.yaml"

EOC04, RIDER01 = "eoc04_lakeshore_certificate.pdf", "rider01_lakeshore_ketamine_rider.pdf"
EOC05, EOC06 = "eoc05_harborview_exclusions_page_break.pdf", "eoc06_oakmont_consequence_clause.pdf"
MAPD01, FORM01 = "mapd01_bayside_medicare_summary.pdf", "formulary01_crestline_drug_list.pdf"
SUMMIT = "policy_summitridge_esketamine_criteria.pdf"
EOC07 = "eoc07_westbrook_plan_description_419p.pdf"
EMP01, DENTAL01 = "employer01_northfield_two_carriers.pdf", "dental01_brightsmile_dental_plan.pdf"
SBC17, SBC18 = "sbc17_lakeview_network_scoped.pdf", "sbc18_ridgeline_route_scoped.pdf"
NOTICE01 = "notice01_franklin_medicaid_spravato_pa.pdf"

AETNA_IV_PROFILE = {
    "treatment": "iv_ketamine",
    "insurer": "Aetna",
    "age": 51,
    "diagnoses": ["F33.2", "treatment-resistant depression"],
    "failed_antidepressant_trials": 3,
    "provider_in_network": True,
}
UNKNOWN = dict(verdict="unknown", basis="none", anchors=[], step=8)

CASES = [
    # ---- a rider amends a certificate -----------------------------------------------------------------
    dict(
        id="eoc04-iv-named-exclusion",
        step=1,
        documents=[EOC04],
        profile=IV,
        verdict="experimental_exclusion",
        basis="explicit",
        anchors=[(EOC04, "Ketamine in any form and by any route")],
        why="Alone, the certificate's exclusion list (page {p0}) names ketamine for depression by any route.",
    ),
    dict(
        id="eoc04-rider01-iv-rider-replaces-exclusion",
        step=3,
        documents=[EOC04, RIDER01],
        profile=IV,
        verdict="pa_required",
        basis="explicit",
        anchors=[(RIDER01, "Intravenous ketamine infusion is covered for Members with treatment-resistant")],
        why="The rider (page {p0}) replaces the certificate's ketamine exclusion: IV ketamine for treatment-"
        "resistant depression is covered when precertified; the replaced exclusion no longer decides.",
    ),
    dict(
        id="eoc04-rider01-iv-ptsd-still-excluded",
        step=1,
        documents=[EOC04, RIDER01],
        profile=IV_PTSD,
        verdict="experimental_exclusion",
        basis="explicit",
        anchors=[(RIDER01, "Ketamine for any other condition")],
        why="The rider covers IV ketamine only for treatment-resistant depression and keeps it excluded for any "
        "other condition (page {p0}); this patient has PTSD and anxiety only.",
    ),
    dict(
        id="eoc04-rider01-esk-specialty-pa",
        step=7,
        documents=[EOC04, RIDER01],
        profile=ESK,
        verdict="pa_required",
        basis="inferred",
        anchors=[(EOC04, "All specialty drugs require prior")],
        why="Neither document names esketamine (the ketamine exclusion and the rider are about ketamine); the "
        "certificate's specialty drugs need prior authorization (page {p0}).",
    ),
    # ---- an exclusion list that runs over a page break ---------------------------------------------------
    dict(
        id="eoc05-iv-exclusion-item-after-page-break",
        step=1,
        documents=[EOC05],
        profile=IV,
        verdict="experimental_exclusion",
        basis="explicit",
        anchors=[(EOC05, "Ketamine and esketamine treatment for depression")],
        why="The list headed 'What Is Not Covered' starts on the page before; its item on page {p0} names "
        "ketamine with no exclusion wording of its own: the heading carries over the page break.",
    ),
    dict(
        id="eoc05-esk-exclusion-item-after-page-break",
        step=1,
        documents=[EOC05],
        profile=ESK,
        verdict="experimental_exclusion",
        basis="explicit",
        anchors=[(EOC05, "Ketamine and esketamine treatment for depression")],
        why="The same list item (page {p0}) names esketamine under the heading carried over the page break.",
    ),
    # ---- a Medicare-style summary with marked rows and a legend -------------------------------------------
    dict(
        id="mapd01-esk-dagger-row",
        step=3,
        documents=[MAPD01],
        profile=ESK,
        verdict="pa_required",
        basis="explicit",
        anchors=[(MAPD01, "including esketamine nasal spray")],
        why="The Part B drugs row naming Spravato carries a dagger; the legend above the chart says services "
        "with a dagger need prior authorization (page {p0}).",
    ),
    dict(
        id="mapd01-iv-dagger-infusion-row",
        step=7,
        documents=[MAPD01],
        profile=IV,
        verdict="pa_required",
        basis="inferred",
        anchors=[(MAPD01, "Outpatient infusion therapy (Medicare Part B)")],
        why="Ketamine is not named; the outpatient infusion therapy row carries the prior-authorization dagger "
        "(page {p0}).",
    ),
    # ---- a formulary with a requirement-code column and legend ----------------------------------------------
    dict(
        id="formulary01-esk-pa-code",
        step=3,
        documents=[FORM01],
        profile=ESK,
        verdict="pa_required",
        basis="explicit",
        anchors=[(FORM01, "SPRAVATO (esketamine) 56 mg and 84 mg")],
        why="The drug list gives Spravato tier 5 with 'PA; QL; SP' (page {p0}); the front matter's legend says "
        "PA is prior authorization.",
    ),
    dict(
        id="formulary01-iv-anesthetic-listing-trap",
        documents=[FORM01],
        profile=IV,
        why="The drug list names ketamine only as an injectable anesthetic under Anesthetics: that says nothing "
        "about IV ketamine for depression, and a drug list does not speak for infusion services.",
        **UNKNOWN,
    ),
    # ---- an insurer policy with criteria and 'all other indications' -------------------------------------------
    dict(
        id="policy-summitridge-esk-trd-criteria",
        step=5,
        documents=[SUMMIT],
        profile=ESK,
        verdict="pa_required",
        basis="insurer_policy",
        anchors=[(SUMMIT, "considers esketamine nasal spray medically necessary")],
        why="The insurer's policy (page {p0}) covers esketamine for treatment-resistant depression when all its "
        "criteria are met: coverage gated by criteria is prior authorization.",
    ),
    dict(
        id="policy-summitridge-esk-ptsd-other-indication",
        step=5,
        documents=[SUMMIT],
        profile=ESK_PTSD,
        verdict="experimental_exclusion",
        basis="insurer_policy",
        anchors=[(SUMMIT, "investigational for all other indications")],
        why="For a patient with PTSD and anxiety only, 'experimental and investigational for all other "
        "indications' (page {p0}) applies.",
    ),
    dict(
        id="policy-summitridge-iv-every-route",
        step=5,
        documents=[SUMMIT],
        profile=IV,
        verdict="experimental_exclusion",
        basis="insurer_policy",
        anchors=[(SUMMIT, "intramuscularly, orally or by any other route experimental")],
        why="The policy calls ketamine by any route experimental for depression, TRD included (page {p0}).",
    ),
    # ---- a plan description of 400+ pages -------------------------------------------------------------------
    dict(
        id="eoc07-iv-clause-deep-in-419-pages",
        step=3,
        documents=[EOC07],
        profile=IV,
        verdict="pa_required",
        basis="explicit",
        anchors=[(EOC07, "Intravenous ketamine infusion therapy is covered for Participants")],
        why="On page {p0} of 419, the Behavioral Health Program covers IV ketamine for treatment-resistant "
        "depression when precertified (it outranks the generic experimental exclusion at the end).",
    ),
    dict(
        id="eoc07-esk-specialty-precert",
        step=7,
        documents=[EOC07],
        profile=ESK,
        verdict="pa_required",
        basis="inferred",
        anchors=[(EOC07, "Specialty drugs require precertification by the Prescription Drug Program")],
        why="Esketamine is not named in 419 pages; specialty drugs need precertification (page {p0}).",
    ),
    # ---- a two-carrier employer plan ------------------------------------------------------------------------
    dict(
        id="employer01-iv-two-carriers-ambiguous",
        documents=[EMP01],
        profile=IV,
        why="The benefits guide offers medical plans insured by Aetna and by Cigna: the carrier is ambiguous, "
        "so no insurer pack applies; the answer names both and asks which plan the patient has.",
        **UNKNOWN,
    ),
    dict(
        id="employer01-esk-two-carriers-ambiguous",
        documents=[EMP01],
        profile=ESK,
        why="Same guide for Spravato: two candidate carriers, no pack applies, nothing named.",
        **UNKNOWN,
    ),
    dict(
        id="employer01-iv-insurer-from-profile",
        step=5,
        documents=[EMP01],
        profile=AETNA_IV_PROFILE,
        verdict="experimental_exclusion",
        basis="insurer_policy",
        anchors=[],
        why="The patient says the plan is Aetna's, which settles the carrier: Aetna CPB 0938 decides.",
    ),
    # ---- a dental plan ---------------------------------------------------------------------------------------
    dict(
        id="dental01-iv-non-medical-never-decides",
        documents=[DENTAL01],
        profile=IV,
        why="A dental plan: its experimental-procedures exclusion and its ketamine sedation are about dental "
        "care; a non-medical document never decides (the answer asks for the medical plan's documents).",
        **UNKNOWN,
    ),
    dict(
        id="dental01-esk-non-medical-never-decides",
        documents=[DENTAL01],
        profile=ESK,
        why="A dental plan document does not decide Spravato either.",
        **UNKNOWN,
    ),
    # ---- a network-scoped exclusion -------------------------------------------------------------------------
    dict(
        id="sbc17-iv-in-network-pa",
        step=3,
        documents=[SBC17],
        profile=IV,
        verdict="pa_required",
        basis="explicit",
        anchors=[(SBC17, "Ketamine infusion therapy for treatment-resistant depression requires")],
        why="In network: the out-of-network exclusion does not apply (kept in the trace); IV ketamine for TRD "
        "requires preauthorization (page {p0}).",
    ),
    dict(
        id="sbc17-iv-out-of-network-excluded",
        step=1,
        documents=[SBC17],
        profile=IV_OON,
        verdict="experimental_exclusion",
        basis="explicit",
        anchors=[(SBC17, "Ketamine infusions from out-of-network providers are not covered")],
        why="Out of network: 'ketamine infusions from out-of-network providers are not covered' (page {p0}).",
    ),
    dict(
        id="sbc17-iv-network-unknown",
        documents=[SBC17],
        profile=IV_NET_UNKNOWN,
        why="The profile does not say whether the provider is in network: in network the answer is prior "
        "authorization, out of network an exclusion; the answer must name that question.",
        **UNKNOWN,
    ),
    dict(
        id="sbc17-iv-ptsd-trd-scoped-pa",
        documents=[SBC17],
        profile=IV_PTSD,
        why="The preauthorization clause is about ketamine for treatment-resistant depression and the exclusion "
        "about out-of-network providers: neither scope includes an in-network patient with PTSD only.",
        **UNKNOWN,
    ),
    dict(
        id="sbc17-esk-silent-out-of-network",
        documents=[SBC17],
        profile=ESK_OON,
        why="Nothing about esketamine, the specialty drugs row has no prior authorization: the SBC alone is silent.",
        **UNKNOWN,
    ),
    # ---- a route-scoped exclusion ----------------------------------------------------------------------------
    dict(
        id="sbc18-iv-route-exclusion-not-intravenous",
        documents=[SBC18],
        profile=IV,
        why="The does-NOT-cover box excludes ketamine by mouth, under the tongue or compounded into a nasal "
        "spray: its route scope excludes intravenous ketamine, so it does not decide; the SBC says nothing else.",
        **UNKNOWN,
    ),
    dict(
        id="sbc18-esk-named-pa-not-compounded",
        step=3,
        documents=[SBC18],
        profile=ESK,
        verdict="pa_required",
        basis="explicit",
        anchors=[(SBC18, "Esketamine nasal spray (Spravato) is covered with prior authorization")],
        why="The Specialty drugs row names Spravato with prior authorization (page {p0}); the excluded "
        "compounded ketamine nasal spray is not esketamine.",
    ),
    # ---- a consequence clause --------------------------------------------------------------------------------
    dict(
        id="eoc06-esk-consequence-clause",
        step=3,
        documents=[EOC06],
        profile=ESK,
        verdict="pa_required",
        basis="explicit",
        anchors=[(EOC06, "If you receive Spravato before we have approved it")],
        why="'If you receive Spravato before we have approved it, we will not pay the claim' (page {p0}) is a "
        "prior-authorization requirement, not an exclusion.",
    ),
    dict(
        id="eoc06-iv-infusion-consequence",
        step=7,
        documents=[EOC06],
        profile=IV,
        verdict="pa_required",
        basis="inferred",
        anchors=[(EOC06, "claims for infusions that we did not approve in advance")],
        why="Ketamine is not named; infusion claims not approved in advance are denied (page {p0}): the "
        "infusion benefit needs prior authorization.",
    ),
    # ---- a one-page state Medicaid PA notice -----------------------------------------------------------------
    dict(
        id="notice01-esk-medicaid-criteria",
        step=5,
        documents=[NOTICE01],
        profile=ESK,
        verdict="pa_required",
        basis="insurer_policy",
        anchors=[(NOTICE01, "requires prior authorization for all")],
        why="A one-page state Medicaid notice (page {p0}) requires prior authorization for Spravato and lists "
        "its criteria (18+, TRD or MDD with suicidal ideation, two 8-week trials, REMS setting).",
    ),
    dict(
        id="notice01-esk-minor-criteria-not-met",
        step=5,
        documents=[NOTICE01],
        profile=ESK_MINOR,
        verdict="pa_required",
        basis="insurer_policy",
        anchors=[(NOTICE01, "requires prior authorization for all")],
        why="The verdict is the notice's (page {p0}); the age criterion (18 or older) is not met by a "
        "16-year-old, which the checklist shows.",
    ),
    dict(
        id="notice01-iv-not-addressed",
        documents=[NOTICE01],
        profile=IV,
        why="The notice is about esketamine only; it says nothing about IV ketamine.",
        **UNKNOWN,
    ),
]

# Why each pending case cannot pass yet (the issue-10 capability it waits for). Remove an entry when the
# case passes: tests/test_manifest.py fails on an unexpected pass.
PENDING = {
    "policy-summitridge-iv-every-route": "'considers ketamine ... experimental and investigational' binds to the "
    "generic experimental-services concept, not to ketamine (issue 10 §1)",
    "employer01-iv-two-carriers-ambiguous": "the first carrier named (Aetna) is taken as the insurer and its pack "
    "decides; a document naming two carriers is not reported as ambiguous (issue 10 §6)",
}
_ids = {c["id"] for c in CASES}
assert set(PENDING) <= _ids, sorted(set(PENDING) - _ids)
for _case in CASES:
    if _case["id"] in PENDING:
        _case["pending"] = PENDING[_case["id"]]
