"""Prose of the samples for issue 10 (scoped statements, document devices, document kinds, carriers), as
data in the Booklet format of eoc_text.py (blocks: title, subtitle, h1, h2, p, bul, num, def, table, br).

All insurers, employers and programs are invented; the wording is written for these samples. Each
document's comment says what it tests; sample_cases.py holds the cases and the expected answers.
"""

from __future__ import annotations

NB = "\u00a0"
DAGGER, DDAGGER = "\u2020", "\u2021"


def _filler_paragraphs(topic: str, n: int) -> list[tuple[str, str]]:
    """Ordinary benefit prose that says nothing about ketamine, prior authorization or exclusions, to put
    a clause where a layout needs it (at the foot of a page, deep in a section)."""
    lines = [
        f"The {topic} benefit pays for services that are Medically Necessary and given by a Provider who is "
        "licensed to give them. The Schedule of Benefits shows the Copayment or Coinsurance that applies.",
        "Your Deductible applies first unless the Schedule of Benefits says otherwise. Amounts you pay count "
        "toward your Out-of-Pocket Maximum for the Plan Year.",
        "When you see a Network Provider, the Provider files the claim for you. Keep the receipts for services "
        "you pay for at the time you receive them, in case we ask for them.",
        "We may ask your Provider for medical records to confirm that a service was Medically Necessary. "
        "Providers must send the records within 30 days of our request.",
        "If two Providers bill for the same service on the same day, we pay the Provider who gave the service "
        "and explain the decision on your Explanation of Benefits.",
    ]
    return [("p", lines[i % len(lines)]) for i in range(n)]


# ====================================================================================================
# eoc04 + rider01: a certificate that excludes ketamine, and a rider that amends it. Alone, the certificate
# decides step 1 for IV ketamine; with the rider, the rider's statement replaces the exclusion it amends:
# IV ketamine for TRD with precertification (step 3), any other condition still excluded (step 1).
# ====================================================================================================
EOC04 = dict(
    file="eoc04_lakeshore_certificate.pdf",
    insurer="Lakeshore Health Alliance",
    title="Certificate of Coverage",
    running=f"Lakeshore Health Alliance {NB}|{NB} Certificate of Coverage {NB}|{NB} Choice EPO 2000",
    footer="LHA-COC-EPO2000-2025",
    font="Serif",
    size=10.0,
    columns=1,
    new_page_sections=False,
    blocks=[
        ("title", "Lakeshore Health Alliance"),
        ("title", "Certificate of Coverage"),
        ("subtitle", "Lakeshore Choice EPO 2000 \u2013 Group Exclusive Provider Organization Plan"),
        ("subtitle", "Plan Year beginning January 1, 2025"),
        ("h1", "Section 1. About This Certificate"),
        (
            "p",
            "This Certificate describes the benefits of the Lakeshore Choice EPO 2000 plan. Riders and amendments "
            "issued with this Certificate are part of it; where a rider changes a provision, the rider governs.",
        ),
        ("p", "Member Services: 1-800-555-0131 (TTY 711), weekdays 8 a.m. to 6 p.m."),
        ("h1", "Section 5. Covered Services"),
        ("h2", "5.3 Behavioral Health Services"),
        (
            "p",
            "We cover outpatient visits with psychiatrists, psychologists and licensed counselors, intensive "
            "outpatient programs, partial hospitalization and inpatient psychiatric care. Inpatient and residential "
            "care need our approval before admission.",
        ),
        ("h2", "5.7 Prescription Drugs"),
        (
            "p",
            "Drugs on the Lakeshore Formulary are covered at the tier shown. All specialty drugs require prior "
            "authorization and must be dispensed by a network specialty pharmacy.",
        ),
        *_filler_paragraphs("prescription drug", 3),
        ("h1", "Section 8. Exclusions"),
        ("p", "The following are not covered, even if a Provider recommends them:"),
        (
            "num",
            [
                "Cosmetic surgery and procedures, except to repair an injury or a birth defect.",
                "Custodial care and rest cures.",
                "Hearing aids for Members age 19 and older.",
                "Weight-loss programs and drugs.",
                "Ketamine in any form and by any route for depression or another mental health condition, "
                "including ketamine infusions and ketamine-assisted psychotherapy.",
                "Services given by a member of your immediate family.",
                "Travel, even when a Provider prescribes it.",
            ],
        ),
    ],
)

RIDER01 = dict(
    file="rider01_lakeshore_ketamine_rider.pdf",
    insurer="Lakeshore Health Alliance",
    title="Behavioral Health Treatment Rider",
    running=f"Lakeshore Health Alliance {NB}|{NB} Rider LHA-R-114",
    footer="LHA-R-114-2025",
    font="Serif",
    size=10.5,
    columns=1,
    new_page_sections=False,
    blocks=[
        ("title", "Lakeshore Health Alliance"),
        ("title", "Behavioral Health Treatment Rider"),
        ("subtitle", "Rider LHA-R-114 to the Certificate of Coverage, Lakeshore Choice EPO 2000"),
        (
            "p",
            "This Rider amends the Lakeshore Health Alliance Certificate of Coverage for the Lakeshore Choice EPO "
            "2000 plan, effective January 1, 2025. Where this Rider and the Certificate differ, this Rider "
            "governs. All other terms of the Certificate stay the same.",
        ),
        ("h2", "Change to Section 8, Exclusions, item 5"),
        (
            "p",
            "Item 5 of Section 8 is replaced by the following: Intravenous ketamine infusion is covered for "
            "Members with treatment-resistant depression when it is precertified by Lakeshore before the first "
            "infusion. Ketamine for any other condition, and ketamine given by any other route, remains "
            "excluded.",
        ),
        ("h2", "Precertification"),
        (
            "p",
            "Your psychiatrist requests precertification by calling 1-800-555-0132. We answer within 15 days. "
            "If an infusion is given without precertification, we will not pay for it.",
        ),
    ],
)

# ====================================================================================================
# eoc05: the exclusion list starts at the foot of one page and its ketamine item is on the next page,
# with no heading repeated: the heading's meaning carries over (device list_heading). The item itself
# has no exclusion wording.
# ====================================================================================================
EOC05 = dict(
    file="eoc05_harborview_exclusions_page_break.pdf",
    insurer="Harborview Health Plan",
    title="Evidence of Coverage",
    running=f"Harborview Health Plan {NB}\u2013{NB} Evidence of Coverage {NB}\u2013{NB} Bronze HMO 6500",
    footer="HHP-EOC-BRZ6500-2026",
    font="Arial",
    size=10.0,
    columns=1,
    new_page_sections=False,
    blocks=[
        ("title", "Harborview Health Plan"),
        ("title", "Evidence of Coverage"),
        ("subtitle", "Harborview Bronze HMO 6500 \u2013 Individual and Family Plan, 2026"),
        ("h1", "Chapter 4. Your Medical Benefits"),
        (
            "p",
            "This chapter lists the services the plan pays for. Services need to be Medically Necessary and, "
            "except for emergencies, given by Plan Providers.",
        ),
        *_filler_paragraphs("medical", 15),
        ("h1", "Chapter 5. What Is Not Covered"),
        (
            "p",
            "The plan does not pay for the services and supplies below, whether or not a Plan Provider orders them:",
        ),
        (
            "bul",
            [
                "Acupuncture and acupressure.",
                "Chiropractic care beyond 12 visits a year.",
                "Cosmetic services.",
                "Custodial care.",
                "Dental care for adults.",
                "Eyeglasses and contact lenses for adults.",
                "Hearing aids.",
                "Ketamine and esketamine treatment for depression or any other psychiatric condition, "
                "whatever the route or setting.",
                "Long-term care.",
                "Private-duty nursing.",
                "Routine foot care.",
            ],
        ),
        ("h1", "Chapter 6. Filing a Complaint"),
        (
            "p",
            "If you disagree with a decision, you can file a complaint by calling Member Services at 1-800-555-0140 "
            "or writing to us. We answer within 30 days.",
        ),
    ],
)

# ====================================================================================================
# mapd01: a Medicare Advantage summary of benefits: rows marked with a dagger, the legend above the chart
# (device mark_legend). Spravato is named in a marked row (esk: step 3); the infusion row is marked too
# (IV: step 7). Kind medicare_summary.
# ====================================================================================================
MAPD01 = dict(
    file="mapd01_bayside_medicare_summary.pdf",
    insurer="Bayside Senior Health",
    title="Summary of Benefits 2026",
    running=f"Bayside Senior Health Medicare Advantage (HMO) {NB}|{NB} Summary of Benefits 2026",
    footer="H9999_SB26_M (synthetic sample)",
    font="Arial",
    size=9.5,
    columns=1,
    new_page_sections=False,
    blocks=[
        ("title", "Summary of Benefits 2026"),
        ("subtitle", "Bayside Senior Health Medicare Advantage (HMO)"),
        (
            "p",
            "This is a summary of what we cover and what you pay. It does not list every service we cover or "
            "every limitation or exclusion. To get a complete list, see the Evidence of Coverage. To join, you "
            "must be entitled to Medicare Part A, be enrolled in Medicare Part B, and live in our service area.",
        ),
        (
            "p",
            f"{DAGGER} Services with a {DAGGER} may require prior authorization: your provider must get approval "
            "from the plan before you receive them.",
        ),
        ("h1", "Medical and Hospital Benefits"),
        (
            "table",
            ["Benefit", "What you pay (in network)"],
            [
                ["Monthly plan premium", "$0"],
                ["Primary care provider visit", "$0 copay"],
                [f"Specialist visit{DAGGER}", "$35 copay"],
                [f"Inpatient hospital stay{DAGGER}", "$325 copay per day, days 1\u20135"],
                ["Outpatient mental health care, individual therapy visit", "$30 copay"],
                [f"Outpatient infusion therapy (Medicare Part B){DAGGER}", "20% coinsurance"],
                [
                    f"Medicare Part B drugs given in a provider's office, including esketamine nasal spray "
                    f"(Spravato){DAGGER}",
                    "20% coinsurance",
                ],
                ["Emergency care", "$110 copay per visit"],
            ],
            [0.62, 0.38],
        ),
        ("h1", "Prescription Drug Benefits"),
        (
            "p",
            "Part D drugs are covered at the tier shown on our Drug List. Deductible: $0 for Tiers 1 and 2; $350 "
            "for Tiers 3 through 5.",
        ),
    ],
)

# ====================================================================================================
# formulary01: a PDF drug list with a requirement-code column, explained in the front matter (device
# formulary_code). Spravato: tier 5, PA, QL, SP (esk: step 3). Ketamine appears only as an injectable
# anesthetic under Anesthetics (a trap: no statement about the psychiatric treatment; IV: step 8).
# ====================================================================================================
FORMULARY01 = dict(
    file="formulary01_crestline_drug_list.pdf",
    insurer="Crestline Health",
    title="2026 Formulary (List of Covered Drugs)",
    running=f"Crestline Health {NB}|{NB} 2026 Formulary",
    footer="Crestline Health Formulary ID 26118, version 4 (synthetic sample)",
    font="Helvetica",
    size=9.0,
    columns=1,
    new_page_sections=False,
    blocks=[
        ("title", "Crestline Health"),
        ("title", "2026 Formulary (List of Covered Drugs)"),
        ("h1", "How to Use This Drug List"),
        (
            "p",
            "Drugs are listed by the condition they treat. The Tier column shows what you pay. The Requirements "
            "column shows any rule that applies to the drug:",
        ),
        (
            "table",
            ["Code", "What it means"],
            [
                ["PA", "Prior authorization: the plan must approve the drug before you fill the prescription."],
                ["ST", "Step therapy: you must try another drug first."],
                ["QL", "Quantity limit: the plan covers only a certain amount per fill."],
                ["SP", "Specialty pharmacy: fill at a Crestline specialty pharmacy."],
                ["MO", "Available by mail order."],
            ],
            [0.12, 0.88],
        ),
        ("p", "Tiers: 1 preferred generic, 2 generic, 3 preferred brand, 4 non-preferred, 5 specialty."),
        ("br",),
        ("h1", "Anesthetics"),
        (
            "table",
            ["Drug name", "Tier", "Requirements"],
            [
                ["lidocaine HCl injection", "1", ""],
                ["ketamine HCl injection 50 mg/mL (anesthetic)", "2", ""],
                ["propofol injectable emulsion", "2", ""],
            ],
            [0.6, 0.12, 0.28],
        ),
        ("h1", "Antidepressants"),
        (
            "table",
            ["Drug name", "Tier", "Requirements"],
            [
                ["bupropion XL tablet", "1", "MO"],
                ["escitalopram tablet", "1", "MO"],
                ["sertraline tablet", "1", "MO"],
                ["venlafaxine ER capsule", "2", "MO"],
                ["vortioxetine tablet (Trintellix)", "3", "ST"],
                ["SPRAVATO (esketamine) 56 mg and 84 mg dose kits, nasal spray", "5", "PA; QL; SP"],
            ],
            [0.6, 0.12, 0.28],
        ),
    ],
)

# ====================================================================================================
# policy_summitridge: an insurer's medical policy with criteria and "all other indications" (invented
# insurer, no pack): Spravato medically necessary for TRD when all criteria are met, investigational for
# every other indication; IV ketamine investigational for every indication.
# ====================================================================================================
POLICY_SUMMITRIDGE = dict(
    file="policy_summitridge_esketamine_criteria.pdf",
    insurer="Summit Ridge Health Plan",
    title="Esketamine Nasal Spray and Ketamine for Depression",
    running="Summit Ridge Health Plan Medical Policy MP-5.01.32: Esketamine Nasal Spray and Ketamine for Depression",
    footer="Summit Ridge Health Plan \u2013 Medical Policy MP-5.01.32",
    font="Condensed",
    size=9.5,
    columns=1,
    new_page_sections=False,
    kind="policy",
    meta_table=[
        ("Policy number:", "MP-5.01.32"),
        ("Effective date:", "03/01/2025"),
        ("Last reviewed:", "01/15/2025"),
    ],
    blocks=[
        ("title", "Esketamine Nasal Spray and Ketamine for Depression"),
        ("meta",),
        ("h1", "Policy"),
        ("h2", "A. Esketamine nasal spray (Spravato)"),
        (
            "p",
            "Summit Ridge Health Plan considers esketamine nasal spray medically necessary for treatment-resistant "
            "depression when all of the following criteria are met:",
        ),
        (
            "num",
            [
                "The member is 18 years of age or older; and",
                "The member has major depressive disorder without psychotic features; and",
                "The member has had an inadequate response to at least two antidepressants from different "
                "classes, each taken for at least 6 weeks at an adequate dose during the current episode; and",
                "Esketamine is given under observation in a health care setting certified under the Spravato REMS.",
            ],
        ),
        (
            "p",
            "Initial approval: 6 months. Continued approval for 12 months at a time requires documented improvement.",
        ),
        (
            "p",
            "Esketamine nasal spray is considered experimental and investigational for all other indications.",
        ),
        ("h2", "B. Ketamine"),
        (
            "p",
            "Summit Ridge Health Plan considers ketamine given intravenously, intramuscularly, orally or by any "
            "other route experimental and investigational for depression, treatment-resistant depression and "
            "every other psychiatric indication.",
        ),
        ("h1", "Background"),
        (
            "p",
            "Esketamine is the S-enantiomer of ketamine. The FDA approved the nasal spray for treatment-resistant "
            "depression in 2019 and, in 2025, as monotherapy.",
        ),
    ],
)

# ====================================================================================================
# employer01: an employer's benefits guide offering medical coverage through two insurers (both with
# packs here): the carrier is ambiguous, so no pack applies unless the profile names the insurer.
# ====================================================================================================
EMPLOYER01 = dict(
    file="employer01_northfield_two_carriers.pdf",
    insurer="Northfield Unified School District",
    title="2026 Employee Benefits Guide",
    running=f"Northfield Unified School District {NB}|{NB} 2026 Employee Benefits Guide",
    footer="Northfield USD Human Resources \u2013 benefits@northfield-usd.example",
    font="Arial",
    size=10.0,
    columns=1,
    new_page_sections=False,
    blocks=[
        ("title", "Northfield Unified School District"),
        ("title", "2026 Employee Benefits Guide"),
        ("h1", "Your Medical Plan Choices"),
        (
            "p",
            "You may choose one of two medical plans. Both include prescription drug coverage and behavioral health "
            "care, and both use a national provider network.",
        ),
        (
            "table",
            ["", "Aetna Open Access Choice POS II", "Cigna Open Access Plus"],
            [
                ["Insured by", "Aetna Life Insurance Company", "Cigna Health and Life Insurance Company"],
                ["Deductible", "$1,000 / $2,000", "$1,500 / $3,000"],
                ["Primary care visit", "$25 copay", "$20 copay"],
                ["Mental health office visit", "$25 copay", "$20 copay"],
                ["Specialty drugs", "25% coinsurance", "30% coinsurance"],
                ["Member services", "1-800-555-0161", "1-800-555-0162"],
            ],
            [0.3, 0.35, 0.35],
        ),
        (
            "p",
            "Each plan's own Summary of Benefits and Coverage and certificate explain its benefits in full. Ask "
            "Human Resources for them, or download them from the benefits portal.",
        ),
        ("h1", "Dental and Vision"),
        ("p", "Dental coverage is through Delta Dental of Illinois. Vision coverage is through VSP."),
    ],
)

# ====================================================================================================
# dental01: a dental plan (not medical coverage): it names ketamine only as sedation and excludes
# experimental procedures, and still never decides.
# ====================================================================================================
DENTAL01 = dict(
    file="dental01_brightsmile_dental_plan.pdf",
    insurer="BrightSmile Dental Company",
    title="Dental Plan Certificate",
    running=f"BrightSmile Dental Company {NB}|{NB} Family Dental PPO Certificate",
    footer="BSD-PPO-FAM-2026",
    font="Times",
    size=10.5,
    columns=1,
    new_page_sections=False,
    blocks=[
        ("title", "BrightSmile Dental Company"),
        ("title", "Dental Plan Certificate"),
        ("subtitle", "Family Dental PPO \u2013 2026"),
        ("h1", "Covered Dental Services"),
        (
            "table",
            ["Service class", "Examples", "Plan pays"],
            [
                ["Preventive", "Two cleanings and exams a year, X-rays, fluoride for children", "100%"],
                ["Basic", "Fillings, simple extractions, root canals", "80%"],
                ["Major", "Crowns, bridges, dentures, implants", "50%"],
                ["Orthodontia", "Braces for children under 19", "50% to a $1,500 lifetime maximum"],
            ],
            [0.2, 0.55, 0.25],
        ),
        (
            "p",
            "General anesthesia and intravenous sedation, including sedation with ketamine or midazolam, are "
            "covered for oral surgery when a dentist documents that they are needed.",
        ),
        ("h1", "Dental Services Not Covered"),
        (
            "bul",
            [
                "Experimental or investigational dental procedures.",
                "Cosmetic whitening and veneers.",
                "Replacement of a lost or stolen appliance.",
            ],
        ),
    ],
)

# ====================================================================================================
# eoc06: consequence clauses only: no sentence says "prior authorization is required" for Spravato; what
# happens without approval says it (esk: step 3, not an exclusion). The infusion benefit's consequence
# clause gives step 7 for IV ketamine.
# ====================================================================================================
EOC06 = dict(
    file="eoc06_oakmont_consequence_clause.pdf",
    insurer="Oakmont Community Health",
    title="Member Handbook",
    running=f"Oakmont Community Health {NB}|{NB} Member Handbook 2026",
    footer="OCH-MH-2026",
    font="Condensed",
    size=10.0,
    columns=1,
    new_page_sections=False,
    blocks=[
        ("title", "Oakmont Community Health"),
        ("title", "Member Handbook"),
        ("subtitle", "Oakmont Essential HMO \u2013 2026"),
        ("h1", "Getting Approval First"),
        (
            "p",
            "Some services are paid only when we agree to them before you get them. Your doctor asks us; you do "
            "not need to.",
        ),
        (
            "p",
            "Spravato (esketamine) nasal spray is given at a certified treatment center. If you receive Spravato "
            "before we have approved it, we will not pay the claim and you may owe the full cost.",
        ),
        (
            "p",
            "Infusion therapy in a clinic or at home: claims for infusions that we did not approve in advance will "
            "be denied.",
        ),
        ("h1", "Mental Health Care"),
        (
            "p",
            "Office visits with a psychiatrist, psychologist or counselor cost $20. You do not need a referral.",
        ),
    ],
)

# ====================================================================================================
# notice01: a one-page state Medicaid prior-authorization notice for esketamine (a payer criteria page
# that does not look like a big insurer's bulletin): esk step 5, its criteria; IV ketamine not addressed.
# ====================================================================================================
NOTICE01 = dict(
    file="notice01_franklin_medicaid_spravato_pa.pdf",
    insurer="Franklin State Medicaid Program",
    title="Prior Authorization Notice",
    running="Franklin State Department of Health Services \u2013 Medicaid Pharmacy Program",
    footer="Provider notice 2025-07 (synthetic sample)",
    font="Helvetica",
    size=10.0,
    columns=1,
    new_page_sections=False,
    kind="policy",
    meta_table=[("Notice:", "2025-07"), ("Effective:", "July 1, 2025")],
    blocks=[
        ("title", "Prior Authorization Notice: Esketamine (Spravato)"),
        ("meta",),
        (
            "p",
            "Effective July 1, 2025, esketamine nasal spray (Spravato) requires prior authorization for all "
            "Franklin Medicaid members, in fee-for-service and in managed care.",
        ),
        ("h2", "Approval criteria"),
        (
            "bul",
            [
                "Age 18 or older.",
                "Diagnosis of treatment-resistant depression, or of major depressive disorder with acute suicidal "
                "ideation or behavior.",
                "Trial and failure of at least two antidepressants, each for 8 weeks or more.",
                "Given at a health care setting certified under the Spravato REMS.",
            ],
        ),
        ("p", "Approval is granted for 6 months; renewals for 12 months."),
        ("p", "Submit requests by fax to 1-800-555-0177 or through the provider portal."),
    ],
)

DOCUMENTS = [EOC04, RIDER01, EOC05, MAPD01, FORMULARY01, POLICY_SUMMITRIDGE, EMPLOYER01, DENTAL01, EOC06, NOTICE01]
