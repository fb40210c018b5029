"""Text of the red-team samples rt05-rt09 (see redteam_docs.py for rt01-rt04 and the conventions).

Every insurer, employer and plan here is invented and every sentence is written for these samples.
"""

from __future__ import annotations

# ====================================================================================================
# rt05: a self-funded employer's Summary Plan Description (ERISA language, capitalised defined terms,
# lettered lists). IV ketamine is a Covered Expense for Treatment-Resistant Depression subject to
# Pre-Certification (step 3), excluded for any other condition (step 1 for PTSD) and from Non-Network
# Providers (step 1 out of network). Spravato: "No benefits are payable ... unless Pre-Certified" with a
# $300 penalty (step 3, never an exclusion). Decoy: the administrator's discretionary authority.
# ====================================================================================================
RT05 = dict(
    file="rt05_kestrel_logistics_spd.pdf",
    title="Kestrel Logistics, Inc. Employee Medical Plan \u2013 Summary Plan Description 2026",
    author="Kestrel Logistics, Inc.",
    font="narrow",
    size=10,
    running="Kestrel Logistics, Inc. Employee Medical Plan   Summary Plan Description   Plan Year 2026",
    footer="KLI-SPD-MED-2026",
    blocks=[
        ("title", "Kestrel Logistics, Inc. Employee Medical Plan"),
        ("subtitle", "Summary Plan Description and Plan Document\nEffective January 1, 2026"),
        ("h1", "Article I. Introduction"),
        (
            "p",
            "Kestrel Logistics, Inc. (the \u201cCompany\u201d) maintains the Plan for the exclusive benefit of "
            "its eligible Employees and their Dependents. The Plan is self-funded: benefits are paid from the "
            "Company's general assets, not by an insurance company. Meridian Benefit Services processes claims as "
            "Claims Administrator but does not insure the benefits.",
        ),
        (
            "p",
            "The Plan Administrator has full discretionary authority to interpret the Plan and to decide "
            "questions of eligibility and of whether a service, such as ketamine infusion therapy, is Medically "
            "Necessary. Its decisions are final and binding to the extent permitted by ERISA.",
        ),
        ("filler", "medical", 9),
        ("h1", "Article IV. Schedule of Benefits"),
        (
            "table",
            ["Benefit", "Network Provider", "Non-Network Provider"],
            [
                ["Office visit, behavioral health", "$30 copay", "50% after Deductible"],
                [
                    "Ketamine infusion therapy (Treatment-Resistant Depression only; Pre-Certification required)",
                    "20% after Deductible",
                    "Not covered",
                ],
                ["Esketamine (Spravato) treatment session", "20% after Deductible", "50% after Deductible"],
                [
                    "Inpatient behavioral health (Pre-Certification required)",
                    "20% after Deductible",
                    "50% after Deductible",
                ],
            ],
            [0.5, 0.25, 0.25],
        ),
        ("br",),
        ("h1", "Article V. Covered Expenses"),
        (
            "p",
            "Covered Expenses are the Allowed Amounts for the following services and supplies when they are "
            "Medically Necessary and ordered by a Physician:",
        ),
        ("p", "(k) Outpatient behavioral health services, including psychotherapy and medication management;"),
        (
            "p",
            "(m) Intravenous ketamine infusions for Treatment-Resistant Depression, subject to Pre-Certification "
            "under Article VI;",
        ),
        ("p", "(n) Esketamine nasal spray (Spravato) administered in a REMS-certified health care setting;"),
        ("filler", "covered expense", 6),
        ("h1", "Article VI. Pre-Certification"),
        (
            "p",
            "No benefits are payable under the Plan for the following services unless they are Pre-Certified by "
            "the Claims Administrator before they are received: inpatient admissions; residential treatment; "
            "intravenous ketamine infusions; and esketamine (Spravato) treatment.",
        ),
        (
            "p",
            "If you fail to obtain Pre-Certification, a $300 penalty will be applied to the claim, and the "
            "Claims Administrator will review the claim for Medical Necessity after the service.",
        ),
        ("filler", "pre-certification", 6),
        ("br",),
        ("h1", "Article VIII. General Limitations and Exclusions"),
        ("p", "No benefits will be paid under the Plan for the following:"),
        ("p", "(a) Services rendered by a member of the Participant's immediate family;"),
        ("p", "(b) Charges incurred before the effective date of coverage or after coverage ends;"),
        (
            "p",
            "(c) Racemic ketamine, in any form and by any route, for any condition other than "
            "Treatment-Resistant Depression;",
        ),
        ("p", "(d) Ketamine infusions received from a Non-Network Provider;"),
        ("p", "(e) Experimental and/or Investigational Services, as defined in Article II;"),
        ("p", "(f) Charges for missed appointments or for completing claim forms."),
        ("filler", "claims and appeals", 9),
    ],
)

# ====================================================================================================
# rt06: an insurer medical policy of a carrier with no rule pack (Position Statement, nested criteria,
# "not medically necessary when the criteria are not met", "investigational for all indications,
# including but not limited to", Background, coding table). Spravato for TRD: step 5 pa_required; for
# PTSD: step 5 exclusion ("all other indications"); IV ketamine: step 5 exclusion for every patient.
# ====================================================================================================
RT06 = dict(
    file="rt06_cascade_crest_ketamine_medical_policy.pdf",
    title="Cascade Crest Health \u2013 Medical Policy BH-112: Ketamine and Esketamine for Psychiatric Disorders",
    author="Cascade Crest Health",
    font="sans",
    size=9.5,
    running="Cascade Crest Health   Medical Policy BH-112   Ketamine and Esketamine for Psychiatric Disorders",
    footer="Cascade Crest Health Medical Policy BH-112   Effective Date: 02/01/2026   Last Review: 01/12/2026",
    blocks=[
        ("title", "Medical Policy"),
        (
            "subtitle",
            "Ketamine and Esketamine for Psychiatric Disorders\nPolicy Number: BH-112   Effective Date: 02/01/2026",
        ),
        ("h1", "Position Statement"),
        (
            "p",
            "**Esketamine nasal spray (Spravato)** is considered medically necessary for treatment-resistant "
            "depression when all of the following criteria are met:",
        ),
        ("p", "A. The member is 18 years of age or older; and"),
        (
            "p",
            "B. The member has a diagnosis of major depressive disorder, single or recurrent episode, without "
            "psychotic features; and",
        ),
        ("p", "C. The member has had an inadequate response to one of the following in the current episode:"),
        (
            "p",
            "    1. At least two antidepressants from two different classes, each at an adequate dose for at "
            "least six weeks; or",
        ),
        (
            "p",
            "    2. One antidepressant together with one augmenting agent (an atypical antipsychotic, lithium or "
            "thyroid hormone), for at least six weeks; and",
        ),
        ("p", "D. Treatment is given in a health care setting certified under the Spravato REMS."),
        (
            "p",
            "Esketamine nasal spray is considered not medically necessary when the criteria above are not met. "
            "Esketamine nasal spray is considered investigational for all other indications.",
        ),
        (
            "p",
            "**Intravenous ketamine** is considered investigational for all psychiatric indications, including "
            "but not limited to major depressive disorder, bipolar depression, post-traumatic stress disorder and "
            "obsessive-compulsive disorder.",
        ),
        ("h2", "Approval duration"),
        (
            "p",
            "Initial approval: up to 3 months. Continuation of therapy: up to 6 months when the member's "
            "symptoms have improved by at least 50% from baseline.",
        ),
        ("br",),
        ("h1", "Background"),
        (
            "p",
            "Ketamine is an anesthetic that has been in use since 1970. Small trials of intravenous ketamine in "
            "depression have reported rapid but short-lived responses, and its long-term safety in repeated doses "
            "is unknown. Esketamine, the S-enantiomer of ketamine, was approved by the FDA as a nasal spray for "
            "treatment-resistant depression in 2019 and for depressive symptoms with acute suicidal ideation in "
            "2020.",
        ),
        ("filler", "esketamine treatment", 14),
        ("h1", "Coding"),
        (
            "p",
            "The codes below are listed for reference. Listing a code does not imply that the service it "
            "describes is covered.",
        ),
        (
            "table",
            ["Code", "Description"],
            [
                ["S0013", "Esketamine, nasal spray, 1 mg"],
                ["G2082", "Office or other outpatient visit for esketamine, up to 56 mg, with observation"],
                ["G2083", "Office or other outpatient visit for esketamine, greater than 56 mg, with observation"],
                ["J3490", "Unclassified drugs (use for ketamine hydrochloride)"],
            ],
            [0.2, 0.8],
        ),
        ("h1", "References"),
        (
            "p",
            "1. Clinical practice guideline for the treatment of depression in adults (2023).\n2. Spravato "
            "prescribing information, revised 2025.",
        ),
    ],
)

# ====================================================================================================
# rt07: an SBC of a tiered-network plan: three cost columns (Tier 1 network, Tier 2 network,
# out-of-network) before Limitations, landscape. IV ketamine has its own row: priced in both network
# tiers, "Not covered" out of network, "Preauthorization required" (in network step 3, out of network
# step 1, network unknown -> unknown). Spravato is not named; specialty drugs need preauthorization
# (step 7).
# ====================================================================================================
_SBC_HEAD = [
    "Common Medical Event",
    "Services You May Need",
    "Tier 1 Network Provider (You will pay the least)",
    "Tier 2 Network Provider",
    "Out-of-Network Provider (You will pay the most)",
    "Limitations, Exceptions, & Other Important Information",
]
_MH = "If you need mental health, behavioral health, or substance abuse services"
_DRUGS = (
    "If you need drugs to treat your illness or condition. More information about prescription drug "
    "coverage is available at www.tamarack-health.example/rx"
)
_SBC_ROWS = [
    [
        "If you visit a health care provider's office or clinic",
        "Primary care visit to treat an injury or illness",
        "$20 copay/visit",
        "$40 copay/visit",
        "50% coinsurance",
        "None",
    ],
    ["", "Specialist visit", "$40 copay/visit", "$70 copay/visit", "50% coinsurance", "None"],
    [
        _DRUGS,
        "Generic drugs",
        "$10 copay/prescription",
        "$10 copay/prescription",
        "Not covered",
        "Covers up to a 30-day supply (retail).",
    ],
    [
        "",
        "Specialty drugs",
        "20% coinsurance",
        "20% coinsurance",
        "Not covered",
        "Preauthorization required. Must be filled at the plan's specialty pharmacy.",
    ],
    [
        _MH,
        "Outpatient services",
        "$20 copay/office visit; 10% coinsurance other outpatient services",
        "$40 copay/office visit; 30% coinsurance other outpatient services",
        "50% coinsurance",
        "None",
    ],
    [
        "",
        "Ketamine infusion therapy",
        "10% coinsurance",
        "30% coinsurance",
        "Not covered",
        "Preauthorization required.",
    ],
    [
        "",
        "Inpatient services",
        "10% coinsurance",
        "30% coinsurance",
        "50% coinsurance",
        "Preauthorization required. However, preauthorization is not required for emergency admissions.",
    ],
    [
        "If you need help recovering or have other special health needs",
        "Home health care",
        "10% coinsurance",
        "30% coinsurance",
        "Not covered",
        "Limited to 60 visits per year.",
    ],
]
RT07 = dict(
    file="rt07_tamarack_tiered_network_sbc.pdf",
    title="Tamarack Health: Tiered Choice HDHP \u2013 Summary of Benefits and Coverage 2026",
    author="Tamarack Health",
    font="arial",
    size=8,
    pagesize="landscape",
    running="Tamarack Health: Tiered Choice HDHP   Coverage Period: 01/01/2026 - 12/31/2026",
    footer="For more information about limitations and exceptions, see the plan document at "
    "www.tamarack-health.example/spd",
    blocks=[
        ("h1", "Summary of Benefits and Coverage: What this Plan Covers & What You Pay for Covered Services"),
        ("p", "Tamarack Health: Tiered Choice HDHP   Coverage for: Individual + Family   Plan Type: PPO"),
        (
            "p",
            "The Summary of Benefits and Coverage (SBC) document will help you choose a health plan. This plan "
            "has two network tiers: you pay the least when you use Tier 1 providers.",
        ),
        (
            "table",
            ["Important Questions", "Answers", "Why This Matters:"],
            [
                [
                    "What is the overall deductible?",
                    "$1,800 individual / $3,600 family",
                    "Generally, you must pay all "
                    "of the costs from providers up to the deductible amount before this plan begins to pay.",
                ],
                [
                    "Will you pay less if you use a network provider?",
                    "Yes. See www.tamarack-health.example/find for a list of Tier 1 and Tier 2 network providers.",
                    "You pay the least if you use a Tier 1 provider.",
                ],
                [
                    "Do you need a referral to see a specialist?",
                    "No.",
                    "You can see the specialist you choose without a referral.",
                ],
            ],
            [0.25, 0.3, 0.45],
        ),
        ("br",),
        (
            "table",
            _SBC_HEAD,
            _SBC_ROWS,
            [0.17, 0.15, 0.15, 0.15, 0.14, 0.24],
            {"size": 7.5, "spans": [(0, (1, 2)), (0, (3, 4)), (0, (5, 7))]},
        ),
        ("br",),
        ("h2", "Excluded Services & Other Covered Services:"),
        (
            "table",
            [
                "Services Your Plan Generally Does NOT Cover (Check your policy or plan document for more "
                "information and a list of any other excluded services.)"
            ],
            [
                [
                    "\u2022 Cosmetic surgery   \u2022 Dental care (Adult)   \u2022 Long-term care   \u2022 Routine foot "
                    "care   \u2022 Weight loss programs"
                ]
            ],
            [1.0],
        ),
        (
            "table",
            [
                "Other Covered Services (Limitations may apply to these services. This isn't a complete list. "
                "Please see your plan document.)"
            ],
            [["\u2022 Chiropractic care   \u2022 Hearing aids   \u2022 Infertility treatment"]],
            [1.0],
        ),
        ("h2", "Your Grievance and Appeals Rights:"),
        ("filler", "appeals", 6),
    ],
)

# ====================================================================================================
# rt08: a drug list printed as three drug columns side by side, with therapeutic-class headings and the
# code key at the top of the list. Spravato sits in the middle column group with "PA; SP", between drugs
# that carry QL and ST (step 3, its own codes only). Ketamine is listed under general anesthetics with no
# code (not the psychiatric treatment: step 8 for IV ketamine).
# ====================================================================================================
_FORM_HEAD = ["Drug Name", "Tier", "Notes"] * 3
_FORM_ROWS = [
    ["**ANESTHETICS**", "", "", "**ANTIDEPRESSANTS**", "", "", "**ANTIPSYCHOTICS**", "", ""],
    ["lidocaine hcl inj", "1", "", "bupropion hcl er tab", "1", "", "aripiprazole tab", "2", "QL"],
    ["ketamine hcl inj 50 mg/ml", "2", "", "citalopram tab", "1", "", "lurasidone tab", "3", "ST"],
    ["propofol inj emulsion", "2", "", "SPRAVATO 56 MG DOSE KIT", "5", "PA; SP", "quetiapine er tab", "2", "QL"],
    ["ropivacaine inj", "2", "", "sertraline tab", "1", "", "risperidone tab", "1", ""],
    ["", "", "", "vilazodone tab", "3", "ST", "ziprasidone cap", "2", ""],
]
RT08 = dict(
    file="rt08_juniper_valley_formulary.pdf",
    title="Juniper Valley Health \u2013 2026 Formulary (List of Covered Drugs)",
    author="Juniper Valley Health",
    font="narrow",
    size=8.5,
    running="Juniper Valley Health 2026 Formulary   PA = Prior Authorization   QL = Quantity Limit   "
    "ST = Step Therapy   SP = Specialty Pharmacy",
    footer="Formulary ID 26001, Version 4. Updated 01/2026",
    blocks=[
        ("title", "Juniper Valley Health"),
        ("subtitle", "2026 Formulary (List of Covered Drugs)"),
        (
            "p",
            "This list shows the drugs our plan covers when you fill them at a network pharmacy. Drugs are "
            "grouped by the conditions they treat. The Notes column shows any requirement that applies to a drug.",
        ),
        ("h2", "Key to the Notes column"),
        (
            "p",
            "**PA** \u2013 Prior Authorization: we must approve the drug before you fill it.\n**QL** \u2013 "
            "Quantity Limit: we limit how much of the drug you can get at one time.\n**ST** \u2013 Step Therapy: you "
            "must try another drug first.\n**SP** \u2013 Specialty Pharmacy: the drug must be filled at our "
            "specialty pharmacy.",
        ),
        ("filler", "pharmacy", 9),
        ("br",),
        ("h1", "Central Nervous System Agents"),
        ("table", _FORM_HEAD, _FORM_ROWS, [0.18, 0.05, 0.08, 0.18, 0.05, 0.09, 0.18, 0.05, 0.14], {"size": 7.5}),
        ("filler", "drug list", 6),
        ("br",),
        ("h1", "Index"),
        (
            "table",
            ["Drug", "Page"],
            [["aripiprazole", "2"], ["ketamine", "2"], ["SPRAVATO", "2"], ["sertraline", "2"]],
            [0.8, 0.2],
            {"rules": "none"},
        ),
    ],
)

# ====================================================================================================
# rt09: a certificate that excludes ketamine infusions (item 12 of Section 7), and a rider that deletes
# that item and replaces Section 5.9: IV ketamine covered only for TRD with prior authorization.
# Certificate alone: step 1; with the rider: step 3 (TRD), step 2 (PTSD). Spravato: specialty drugs need
# prior authorization in both (step 7).
# ====================================================================================================
RT09_BASE = dict(
    file="rt09_alder_creek_certificate.pdf",
    title="Alder Creek Health \u2013 Certificate of Coverage 2026",
    author="Alder Creek Health",
    font="times",
    size=10,
    running="Alder Creek Health   Certificate of Coverage   Silver PPO 3000   2026",
    footer="ACH-COC-PPO3000-2026",
    blocks=[
        ("title", "Alder Creek Health"),
        ("subtitle", "Certificate of Coverage \u2013 Silver PPO 3000\nPlan year beginning January 1, 2026"),
        ("h1", "Section 5. Covered Services"),
        ("filler", "outpatient", 6),
        ("h2", "5.9 Behavioral Health Services"),
        (
            "p",
            "We cover outpatient and inpatient treatment of mental health conditions and substance use "
            "disorders on the same terms as other medical conditions.",
        ),
        ("h2", "5.12 Prescription Drugs"),
        (
            "p",
            "Specialty drugs require prior authorization and must be filled at a designated specialty pharmacy. "
            "Other prescription drugs are covered as shown in the Schedule of Benefits.",
        ),
        ("filler", "prescription drug", 6),
        ("br",),
        ("h1", "Section 7. Exclusions"),
        ("p", "We do not cover the services and supplies listed below, even if a Physician prescribes them."),
        (
            "num",
            [
                "Acupuncture.",
                "Cosmetic surgery.",
                "Custodial care.",
                "Dental care for adults.",
                "Hearing aids.",
                "Infertility treatment.",
                "Long-term care.",
                "Private-duty nursing.",
                "Routine foot care.",
                "Services outside the United States except emergencies.",
                "Weight loss programs.",
                "Ketamine infusion therapy.",
                "Wilderness programs.",
            ],
        ),
        ("filler", "out-of-area care", 16),
    ],
)
RT09_RIDER = dict(
    file="rt09_alder_creek_rider_2026.pdf",
    title="Alder Creek Health \u2013 Amendment to the Certificate of Coverage",
    author="Alder Creek Health",
    font="times",
    size=10,
    footer="ACH-AMD-BH-2026",
    blocks=[
        ("title", "Alder Creek Health"),
        ("subtitle", "Amendment to the Certificate of Coverage\nSilver PPO 3000"),
        (
            "p",
            "This amendment modifies the Alder Creek Health Certificate of Coverage effective January 1, 2026. "
            "Where this amendment and the Certificate differ, this amendment governs.",
        ),
        ("p", "1. Section 7, Exclusions, item 12, \u201cKetamine infusion therapy,\u201d is deleted."),
        (
            "p",
            "2. The following paragraph is added to Section 5.9, Behavioral Health Services: \u201cIntravenous "
            "ketamine infusions are covered only for Members with treatment-resistant depression, and only when "
            "prior authorization is obtained.\u201d",
        ),
        ("p", "All other terms of the Certificate remain unchanged."),
    ],
)

DOCUMENTS2 = [RT05, RT06, RT07, RT08, RT09_BASE, RT09_RIDER]
