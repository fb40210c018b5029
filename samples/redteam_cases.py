"""Red-team sample cases (documents in redteam_docs.py / redteam_docs2.py), in the format of
scoped_cases.py: `anchors` name the text whose page decides, `pending` (from PENDING below) says why the
code cannot pass a case yet — such a case goes to manifest_pending.yaml and runs as a strict xfail.

Expectations follow DESIGN.md's default policy and issue 10 §2-3, written from what each document says,
never from what the code answers today.
"""

from __future__ import annotations

IV, ESK = "profiles/iv_trd_adult.yaml", "profiles/esk_trd_adult.yaml"
IV_OON, IV_NET_UNKNOWN = "profiles/iv_trd_out_of_network.yaml", "profiles/iv_trd_network_unknown.yaml"
ESK_OON = "profiles/esk_trd_out_of_network.yaml"
IV_PTSD, ESK_PTSD = "profiles/iv_ptsd_anxiety.yaml", "profiles/esk_ptsd_anxiety.yaml"
ESK_MINOR = "profiles/esk_minor.yaml"

RT01 = "rt01_sagebrush_medicare_advantage_eoc.pdf"
RT02 = "rt02_bayou_medicaid_member_handbook.pdf"
RT03 = "rt03_redwood_coast_hmo_evidence_of_coverage.pdf"
RT04 = "rt04_keystone_mutual_benefit_brochure.pdf"
RT05 = "rt05_kestrel_logistics_spd.pdf"
RT06 = "rt06_cascade_crest_ketamine_medical_policy.pdf"
RT07 = "rt07_tamarack_tiered_network_sbc.pdf"
RT08 = "rt08_juniper_valley_formulary.pdf"
RT09, RT09R = "rt09_alder_creek_certificate.pdf", "rt09_alder_creek_rider_2026.pdf"

EXCLUDED = dict(verdict="experimental_exclusion", basis="explicit")
PA = dict(verdict="pa_required", basis="explicit")
UNKNOWN = dict(verdict="unknown", basis="none", anchors=[], step=8)


def _case(cid: str, step: int, documents: list[str], profile, why: str, anchors=(), **verdict) -> dict:
    return dict(id=cid, step=step, documents=documents, profile=profile, anchors=list(anchors), why=why, **verdict)


CASES = [
    # ---- rt01 Medicare Advantage EOC: lists inside chart cells, a check-mark exclusions chart ------------------
    _case(
        "rt01-esk-part-b-row-pa",
        3,
        [RT01],
        ESK,
        "Spravato is one bullet of the 'Medicare Part B prescription drugs' row (page {p0}); the row's own note "
        "'Prior authorization may be required' ends that cell and is the chart's stated PA marker.",
        [(RT01, "Esketamine nasal spray (Spravato), taken under supervision")],
        **PA,
    ),
    _case(
        "rt01-iv-checkmark-exclusion",
        1,
        [RT01],
        IV,
        "The exclusions chart (page {p0}) has a check mark under 'Not covered under any condition' on the row "
        "'Ketamine infusions for depression or for any other mental health condition'.",
        [(RT01, "Ketamine infusions for depression or for any other")],
        **EXCLUDED,
    ),
    _case(
        "rt01-iv-ptsd-checkmark-exclusion",
        1,
        [RT01],
        IV_PTSD,
        "The same row covers 'any other mental health condition', so it excludes IV ketamine for PTSD too (page {p0}).",
        [(RT01, "Ketamine infusions for depression or for any other")],
        **EXCLUDED,
    ),
    # ---- rt02 Medicaid handbook: service authorization, a Yes/No column, a PDL ---------------------------------
    _case(
        "rt02-iv-service-authorization-yes",
        3,
        [RT02],
        IV,
        "The behavioral-health table (page {p0}) covers ketamine infusion therapy for adults with treatment-"
        "resistant depression and answers 'Yes' under 'Service authorization needed?' (the handbook's name for "
        "prior authorization).",
        [(RT02, "Ketamine infusion therapy")],
        **PA,
    ),
    _case(
        "rt02-iv-ptsd-indication-not-met",
        2,
        [RT02],
        IV_PTSD,
        "Ketamine infusion therapy is 'covered only for members 18 and older with treatment-resistant "
        "depression' (page {p0}); this patient has PTSD and anxiety only.",
        [(RT02, "Ketamine infusion therapy")],
        **EXCLUDED,
    ),
    _case(
        "rt02-esk-non-preferred-needs-pa",
        3,
        [RT02],
        ESK,
        "Spravato is a non-preferred drug on the PDL and non-preferred drugs need prior authorization (page "
        "{p0}); the sentence that preferred drugs need none is about the other drugs.",
        [(RT02, "Spravato (esketamine) nasal spray is a non-preferred drug")],
        **PA,
    ),
    _case(
        "rt02-esk-minor-not-covered",
        1,
        [RT02],
        ESK_MINOR,
        "'Spravato is not covered for members under 18 years of age' (page {p0}); this patient is 16.",
        [(RT02, "Spravato is not covered for members under 18")],
        **EXCLUDED,
    ),
    # ---- rt03 integrated-HMO EOC, two columns: authorized in advance; title-line exclusions ---------------------
    _case(
        "rt03-esk-authorized-in-advance",
        3,
        [RT03],
        ESK,
        "'We cover esketamine nasal spray ... but only if the Medical Group has authorized it in advance' (page "
        "{p0}): coverage subject to prior authorization, never plain coverage.",
        [(RT03, "but only if the Medical Group has authorized it in advance")],
        **PA,
    ),
    _case(
        "rt03-iv-title-line-exclusion",
        1,
        [RT03],
        IV,
        "The Exclusions section (page {p0}) lists 'Ketamine' as an item title with its paragraph (IV, IM or "
        "oral ketamine for any mental health condition) under 'are excluded from coverage'; the generic "
        "experimental exclusion beside it must not be what decides.",
        [(RT03, "Intravenous, intramuscular, or oral ketamine used to treat depression")],
        **EXCLUDED,
    ),
    # ---- rt04 federal-style brochure: asterisk legend under a list, You pay columns ---------------------------
    _case(
        "rt04-esk-asterisk-prior-approval",
        3,
        [RT04],
        ESK,
        "Esketamine sessions carry an asterisk explained by '*Prior approval required' under the list (page "
        "{p0}), in a professional-services row priced for Preferred providers.",
        [(RT04, "Esketamine (Spravato) nasal spray treatment sessions")],
        **PA,
    ),
    _case(
        "rt04-esk-non-participating-all-charges",
        1,
        [RT04],
        ESK_OON,
        "For non-participating (out-of-network) providers the same row says 'You pay all charges' (page {p0}).",
        [(RT04, "Esketamine (Spravato) nasal spray treatment sessions")],
        **EXCLUDED,
    ),
    _case(
        "rt04-iv-not-covered-all-charges",
        1,
        [RT04],
        IV,
        "The 'Not covered:' cell of the mental-health table lists ketamine infusions, with 'All charges' under "
        "You pay (page {p0}).",
        [(RT04, "Ketamine infusions and ketamine-assisted psychotherapy")],
        **EXCLUDED,
    ),
    # ---- rt05 employer SPD: Covered Expense + Pre-Certification; exclusions scoped by indication, network ------
    _case(
        "rt05-iv-trd-precertification",
        3,
        [RT05],
        IV,
        "IV ketamine infusions for Treatment-Resistant Depression are a Covered Expense subject to "
        "Pre-Certification (page {p0}); no benefits are payable unless Pre-Certified.",
        [(RT05, "(m) Intravenous ketamine infusions for Treatment-Resistant")],
        **PA,
    ),
    _case(
        "rt05-iv-ptsd-excluded-other-condition",
        1,
        [RT05],
        IV_PTSD,
        "Racemic ketamine 'for any condition other than Treatment-Resistant Depression' is excluded (page "
        "{p0}); coverage is for TRD only (page {p1}).",
        [(RT05, "for any condition other than"), (RT05, "(m) Intravenous ketamine infusions for")],
        **EXCLUDED,
    ),
    _case(
        "rt05-iv-out-of-network-excluded",
        1,
        [RT05],
        IV_OON,
        "'Ketamine infusions received from a Non-Network Provider' are excluded (page {p0}); the Schedule of "
        "Benefits says 'Not covered' for Non-Network Providers (page {p1}).",
        [
            (RT05, "Ketamine infusions received from a Non-Network Provider"),
            (RT05, "Treatment-Resistant Depression only; Pre-Certification required"),
        ],
        **EXCLUDED,
    ),
    _case(
        "rt05-esk-no-benefits-unless-precertified",
        3,
        [RT05],
        ESK,
        "Esketamine (Spravato) is a Covered Expense (page {p0}) and 'No benefits are payable ... unless they are "
        "Pre-Certified' names esketamine treatment (page {p1}): a pre-certification requirement, not an "
        "exclusion.",
        [
            (RT05, "(n) Esketamine nasal spray (Spravato) administered"),
            (RT05, "No benefits are payable under the Plan for the following services unless"),
        ],
        **PA,
    ),
    # ---- rt06 medical policy of a carrier without a pack ---------------------------------------------------------
    _case(
        "rt06-esk-trd-criteria",
        5,
        [RT06],
        ESK,
        "The policy (page {p0}) considers Spravato medically necessary for TRD when all its criteria are met; "
        "'not medically necessary when the criteria above are not met' does not exclude a patient who meets "
        "them.",
        [(RT06, "is considered medically necessary for treatment-resistant")],
        verdict="pa_required",
        basis="insurer_policy",
    ),
    _case(
        "rt06-esk-ptsd-other-indications",
        5,
        [RT06],
        ESK_PTSD,
        "'Esketamine nasal spray is considered investigational for all other indications' (page {p0}).",
        [(RT06, "investigational for all other indications")],
        verdict="experimental_exclusion",
        basis="insurer_policy",
    ),
    _case(
        "rt06-iv-all-psychiatric-indications",
        5,
        [RT06],
        IV,
        "'Intravenous ketamine is considered investigational for all psychiatric indications, including but not "
        "limited to ...' (page {p0}).",
        [(RT06, "considered investigational for all psychiatric indications")],
        verdict="experimental_exclusion",
        basis="insurer_policy",
    ),
    _case(
        "rt06-iv-ptsd-all-psychiatric-indications",
        5,
        [RT06],
        IV_PTSD,
        "'For all psychiatric indications' includes PTSD, which the list names only as an example (page {p0}).",
        [(RT06, "considered investigational for all psychiatric indications")],
        verdict="experimental_exclusion",
        basis="insurer_policy",
    ),
    # ---- rt07 SBC with three cost columns ------------------------------------------------------------------------
    _case(
        "rt07-iv-tier-network-preauthorization",
        3,
        [RT07],
        IV,
        "The 'Ketamine infusion therapy' row (page {p0}) is priced for both network tiers and says "
        "'Preauthorization required'.",
        [(RT07, "Ketamine infusion therapy")],
        **PA,
    ),
    _case(
        "rt07-iv-out-of-network-not-covered",
        1,
        [RT07],
        IV_OON,
        "The same row's out-of-network column says 'Not covered' (page {p0}).",
        [(RT07, "Ketamine infusion therapy")],
        **EXCLUDED,
    ),
    dict(
        id="rt07-iv-network-unknown",
        documents=[RT07],
        profile=IV_NET_UNKNOWN,
        why="In network the row needs preauthorization, out of network it is not covered: the answer must ask "
        "whether the provider is in network.",
        **UNKNOWN,
    ),
    _case(
        "rt07-esk-specialty-preauthorization",
        7,
        [RT07],
        ESK,
        "Spravato is not named; the Specialty drugs row needs preauthorization (page {p0}).",
        [(RT07, "Must be filled at the plan's specialty pharmacy")],
        verdict="pa_required",
        basis="inferred",
    ),
    # ---- rt08 formulary in three column groups --------------------------------------------------------------------
    _case(
        "rt08-esk-middle-column-group-pa",
        3,
        [RT08],
        ESK,
        "Spravato sits in the middle column group with 'PA; SP' (page {p0}); the key says PA is prior "
        "authorization. Its neighbours' QL and ST are not its codes.",
        [(RT08, "SPRAVATO 56 MG DOSE KIT")],
        **PA,
    ),
    dict(
        id="rt08-iv-anesthetic-listing",
        documents=[RT08],
        profile=IV,
        why="Ketamine appears only as an injectable anesthetic under ANESTHETICS and in the index: not the "
        "psychiatric treatment.",
        **UNKNOWN,
    ),
    # ---- rt09 certificate + rider that deletes the exclusion ----------------------------------------------------
    _case(
        "rt09-iv-certificate-exclusion",
        1,
        [RT09],
        IV,
        "Alone, the certificate's exclusion list names 'Ketamine infusion therapy' (page {p0}).",
        [(RT09, "Ketamine infusion therapy.")],
        **EXCLUDED,
    ),
    _case(
        "rt09-rider-iv-trd-pa",
        3,
        [RT09, RT09R],
        IV,
        "The amendment deletes the exclusion item and adds IV ketamine for treatment-resistant depression with "
        "prior authorization (page {p0}); the deleted exclusion no longer decides.",
        [(RT09R, "ketamine infusions are covered only for Members with")],
        **PA,
    ),
    _case(
        "rt09-rider-iv-ptsd-indication-not-met",
        2,
        [RT09, RT09R],
        IV_PTSD,
        "The amendment covers IV ketamine only for treatment-resistant depression (page {p0}); this patient has "
        "PTSD and anxiety only.",
        [(RT09R, "ketamine infusions are covered only for Members with")],
        **EXCLUDED,
    ),
    _case(
        "rt09-rider-esk-specialty-pa",
        7,
        [RT09, RT09R],
        ESK,
        "Neither document names esketamine; the certificate's specialty drugs require prior authorization (page {p0}).",
        [(RT09, "Specialty drugs require prior authorization")],
        verdict="pa_required",
        basis="inferred",
    ),
]

# Why each pending case cannot pass yet. Remove an entry when its case passes (tests/test_manifest.py fails
# on an unexpected pass), then regenerate the manifests with samples/manifest.py.
PENDING: dict[str, str] = {
    "rt04-esk-non-participating-all-charges": "'Non-participating: You pay all charges' is not read as an "
    "out-of-network exclusion, so the in-network prior approval decides for an out-of-network patient",
}

_ids = [c["id"] for c in CASES]
assert len(_ids) == len(set(_ids)), "duplicate red-team case id"
assert set(PENDING) <= set(_ids), sorted(set(PENDING) - set(_ids))
for _case_dict in CASES:
    if _case_dict["id"] in PENDING:
        _case_dict["pending"] = PENDING[_case_dict["id"]]
