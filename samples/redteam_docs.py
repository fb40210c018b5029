"""Text of the red-team samples, in the block format of redteam_build.py.

Every insurer, employer, program and state here is invented and every sentence is written for these
samples (none is taken from a real plan document). Each document's comment says which family of real
documents it imitates and what it tests; redteam_cases.py holds the cases and expected answers.
"""

from __future__ import annotations

CHECK = "\u2714"
BOXED, EMPTY_BOX = "\u2612", "\u2610"
PA_NOTE = "Prior authorization may be required."

# ====================================================================================================
# rt01: a Medicare Advantage Evidence of Coverage, Chapter 4. The Medical Benefits Chart holds bulleted
# lists inside its cells; Spravato is one bullet of the Part B drug row whose PA note ends the cell
# (step 3). The exclusions chart says "not covered" with a check mark in one of two columns (step 1 for
# IV ketamine). Decoys: ketamine as an anesthetic, PA notes on neighbouring rows, no PA for emergencies.
# ====================================================================================================
_MA_CHART = [
    [
        "**Abdominal aortic aneurysm screening**\nA one-time screening ultrasound for people at risk. The plan "
        "covers it only with a referral from your doctor.",
        "There is no coinsurance, copayment, or deductible for members eligible for this preventive screening.",
    ],
    [
        "**Ambulance services**\nCovered ambulance services include fixed-wing, rotary-wing, and ground "
        "ambulance services to the nearest appropriate facility.\n" + PA_NOTE + " (non-emergency transport only)",
        "$250 copay for each one-way trip.",
    ],
    [
        "**Anesthesia services**\nGeneral anesthesia given by an anesthesiologist or a nurse anesthetist during "
        "a covered surgery, with agents such as propofol or ketamine.",
        "Included in the cost share of the covered surgery or procedure.",
    ],
    [
        "**Depression screening**\nWe cover one screening for depression per year. The screening must be done in "
        "a primary care setting that can provide follow-up treatment and referrals.",
        "There is no coinsurance, copayment, or deductible for an annual depression screening visit.",
    ],
    [
        "**Durable medical equipment (DME) and related supplies**\nCovered items include wheelchairs, crutches, "
        "hospital beds and oxygen equipment.\n" + PA_NOTE,
        "20% coinsurance",
    ],
    [
        "**Emergency care**\nEmergency care refers to services that are furnished by a provider qualified to give "
        "emergency services and needed to evaluate or stabilize an emergency medical condition. Prior "
        "authorization is not required for emergency care.",
        "$110 copay for each visit. If you are admitted within 24 hours, you do not pay this amount.",
    ],
    [
        "**Medicare Part B prescription drugs**\nThese drugs are covered under Part B of Original Medicare. "
        "Members of our plan receive coverage for these drugs through our plan. Covered drugs include:\n"
        "\u2022 Drugs that usually aren't self-administered by the patient and are injected or infused while you "
        "are getting physician, hospital outpatient, or ambulatory surgical center services\n"
        "\u2022 Esketamine nasal spray (Spravato), taken under supervision in a doctor's office or clinic that is "
        "certified to give it\n"
        "\u2022 Clotting factors you give yourself by injection if you have hemophilia\n"
        "\u2022 Antigens, and certain oral anti-cancer and anti-nausea drugs\n" + PA_NOTE + "\nPart B drugs may be "
        "subject to step therapy.",
        "20% coinsurance for Medicare Part B drugs\n$0 copay for the observation visit after each dose",
    ],
    [
        "**Outpatient mental health care**\nCoverage includes mental health services provided by a state-licensed "
        "psychiatrist or doctor, clinical psychologist, clinical social worker, clinical nurse specialist, "
        "licensed professional counselor, or other qualified mental health professional.",
        "$40 copay for each individual therapy visit\n$20 copay for each group therapy visit",
    ],
    [
        "**Partial hospitalization services and intensive outpatient services**\nA structured program of active "
        "psychiatric treatment provided as a hospital outpatient service.\n" + PA_NOTE,
        "$55 copay per day",
    ],
]
_MA_EXCLUSIONS = [
    ["Acupuncture", "", CHECK + " Available for people with chronic low back pain under certain circumstances."],
    [
        "Cosmetic surgery or procedures",
        "",
        CHECK + " Covered in cases of an accidental injury or to improve the function of a malformed body member.",
    ],
    ["Custodial care, unless it is provided with covered skilled nursing care", CHECK, ""],
    [
        "Experimental medical and surgical procedures, equipment and medications",
        "",
        CHECK + " May be covered by "
        "Original Medicare under a Medicare-approved clinical research study or by our plan.",
    ],
    ["Ketamine infusions for depression or for any other mental health condition", CHECK, ""],
    ["Routine foot care", "", CHECK + " Some limited coverage provided according to Medicare guidelines."],
    ["Non-conventional intraocular lenses", CHECK, ""],
]
RT01 = dict(
    file="rt01_sagebrush_medicare_advantage_eoc.pdf",
    title="Sagebrush Senior Advantage (HMO) \u2013 2026 Evidence of Coverage, Chapter 4",
    author="Sagebrush Health Plans",
    font="sans",
    size=9.5,
    running="2026 Evidence of Coverage for Sagebrush Senior Advantage (HMO)   Chapter 4 Medical Benefits Chart",
    footer="H0000_EOC26_C   OMB Approval 0938-1051 (Expires: August 31, 2026)",
    blocks=[
        ("title", "January 1 \u2013 December 31, 2026"),
        (
            "subtitle",
            "Evidence of Coverage: Your Medicare Health Benefits and Services as a Member of "
            "Sagebrush Senior Advantage (HMO)",
        ),
        (
            "p",
            "This document gives the details of your Medicare health care coverage from January 1 to December "
            "31, 2026. This is an important legal document. Keep it in a safe place. For questions about this "
            "document, call Member Services at 1-800-555-0188 (TTY 711), 8 a.m. to 8 p.m., seven days a week.",
        ),
        ("h1", "Chapter 4: Medical Benefits Chart (what is covered and what you pay)"),
        ("h2", "Section 1 Understanding your out-of-pocket costs for covered services"),
        ("filler", "medical", 6),
        ("h2", "Section 2.1 Your medical benefits and costs as a member of the plan"),
        (
            "p",
            "The Medical Benefits Chart on the following pages lists the services Sagebrush Senior Advantage "
            "covers and what you pay out of pocket for each service. The services in the chart are covered only "
            "when they are medically necessary and, except in an emergency, given by network providers.",
        ),
        (
            "p",
            "Some of the services listed in the chart are covered only if your doctor or other network provider "
            "gets approval from us in advance (sometimes called prior authorization). Covered services that need "
            "approval in advance are marked in the chart by the words \u201cPrior authorization may be "
            "required.\u201d",
        ),
        ("br",),
        (
            "table",
            ["Services that are covered for you", "What you must pay when you get these services"],
            _MA_CHART,
            [0.64, 0.36],
        ),
        ("h1", "Section 3 What services are not covered by the plan?"),
        ("h2", "Section 3.1 Services we do not cover (exclusions)"),
        (
            "p",
            "This section tells you what services are excluded from Medicare coverage. The chart below lists "
            "services and items that either are not covered under any condition or are covered only under "
            "specific conditions. If you get services that are excluded, you must pay for them yourself.",
        ),
        (
            "table",
            [
                "Services not covered by Medicare",
                "Not covered under any condition",
                "Covered only under specific conditions",
            ],
            _MA_EXCLUSIONS,
            [0.42, 0.2, 0.38],
        ),
        ("filler", "appeals", 9),
    ],
)

# ====================================================================================================
# rt02: a Medicaid managed-care member handbook. Prior authorization is called "service authorization";
# one table says whether a service needs it in a Yes/No column (IV ketamine: TRD only, Yes -> step 3; PTSD
# -> step 2). Spravato reaches PA through the preferred drug list ("non-preferred ... need PA") and is not
# covered under 18 (step 3 adult, step 1 for a 16-year-old). Decoys: preferred drugs need no PA; a
# fee-for-service carve-out list; "no service authorization for emergency care".
# ====================================================================================================
RT02 = dict(
    file="rt02_bayou_medicaid_member_handbook.pdf",
    title="Bayou Family Health \u2013 Medicaid Member Handbook 2026",
    author="Bayou Family Health",
    font="arial",
    size=10,
    running="Bayou Family Health Member Handbook 2026   Questions? Call 1-888-555-0142 (TTY 711)",
    footer="BFH-MH-2026-EN",
    blocks=[
        ("title", "Bayou Family Health"),
        ("subtitle", "Member Handbook \u2013 Medicaid Managed Care Program \u2013 2026"),
        (
            "p",
            "Welcome to Bayou Family Health. We work with the State Medicaid program to give you health care. "
            "This handbook tells you which services we cover, how to get them, and what to do if you have a "
            "problem. Keep it with your member ID card.",
        ),
        ("h1", "How to get care"),
        ("filler", "primary care", 9),
        ("h2", "Service authorization"),
        (
            "p",
            "Some services need our approval before you get them. This is called a service authorization (SA). "
            "Your provider asks us for it; you do not have to. We decide within 14 days, or within 72 hours when "
            "waiting could harm your health. You do not need a service authorization for emergency care.",
        ),
        ("br",),
        ("h1", "Behavioral health services"),
        (
            "p",
            "We cover care for mental health and substance use conditions. The table shows each service and "
            "whether your provider must get a service authorization first.",
        ),
        (
            "table",
            ["Service", "What we cover", "Service authorization needed?"],
            [
                ["Outpatient therapy", "Individual, group and family therapy with a licensed therapist", "No"],
                ["Psychiatric medication management", "Visits with a psychiatrist or nurse practitioner", "No"],
                [
                    "Ketamine infusion therapy",
                    "Covered only for members 18 and older with treatment-resistant "
                    "depression, at a network infusion center",
                    "Yes",
                ],
                ["Electroconvulsive therapy (ECT)", "Inpatient or outpatient, by a network psychiatrist", "Yes"],
                ["Crisis services", "Mobile crisis team and crisis stabilization, 24 hours a day", "No"],
            ],
            [0.3, 0.5, 0.2],
        ),
        ("filler", "behavioral health", 6),
        ("h1", "Pharmacy benefits"),
        (
            "p",
            "We use the State's Preferred Drug List (PDL). Preferred drugs do not need prior authorization. "
            "Non-preferred drugs need prior authorization (PA) before the pharmacy can fill them; your prescriber "
            "asks for it.",
        ),
        (
            "p",
            "Spravato (esketamine) nasal spray is a non-preferred drug on the PDL. It is given in a certified "
            "health care setting, not at home. Spravato is not covered for members under 18 years of age.",
        ),
        ("filler", "pharmacy", 6),
        ("br",),
        ("h1", "Services not covered"),
        ("p", "Bayou Family Health and Medicaid do not pay for these services:"),
        (
            "bul",
            [
                "Cosmetic surgery",
                "Services that are not medically necessary",
                "Care you get outside the United States",
                "Infertility treatment",
            ],
        ),
        ("h2", "Benefits covered by Medicaid fee-for-service, not by Bayou Family Health"),
        ("p", "You can still get these services. The State pays for them directly; show your State Medicaid card."),
        ("bul", ["Non-emergency medical transportation", "Dental services for adults", "Long-term care"]),
        ("filler", "member rights", 9),
    ],
)

# ====================================================================================================
# rt03: an integrated-HMO Evidence of Coverage in two columns. Esketamine is covered "only if the Medical
# Group has authorized it in advance" (step 3, not covered outright). The exclusions are short title lines
# each with its paragraph below; "Ketamine" is one of them (step 1), next to a generic experimental
# exclusion (which must not be what decides) and a carve-out that names esketamine.
# ====================================================================================================
RT03 = dict(
    file="rt03_redwood_coast_hmo_evidence_of_coverage.pdf",
    title="Redwood Coast Health Plan \u2013 Group HMO Evidence of Coverage 2026",
    author="Redwood Coast Health Plan, Inc.",
    font="times",
    size=9.5,
    columns=2,
    running="Redwood Coast Health Plan   Group HMO Evidence of Coverage   January 1 \u2013 December 31, 2026",
    footer="RCHP-EOC-GRP-2026",
    blocks=[
        ("h1", "Redwood Coast Health Plan Group HMO Evidence of Coverage"),
        (
            "p",
            "This Evidence of Coverage (EOC) describes the health care coverage provided under the Group "
            "Agreement between Redwood Coast Health Plan, Inc. (Health Plan) and your Group. In this EOC, Health "
            "Plan is sometimes called \u201cwe\u201d or \u201cus.\u201d Members are sometimes called \u201cyou.\u201d",
        ),
        ("h2", "Benefits"),
        (
            "p",
            "We cover the Services described in this \u201cBenefits\u201d section, subject to the "
            "\u201cExclusions, Limitations, Coordination of Benefits, and Reductions\u201d section, only if all of "
            "the following conditions are satisfied: the Services are Medically Necessary, they are provided or "
            "referred by a Plan Provider, and you receive them inside our Service Area.",
        ),
        ("filler", "outpatient care", 14),
        ("h2", "Administered drugs and products"),
        (
            "p",
            "Administered drugs and products are medications and products that require administration or "
            "observation by medical personnel. We cover them when they are administered to you in a Plan Medical "
            "Office or during home visits.",
        ),
        (
            "p",
            "**Esketamine nasal spray.** We cover esketamine nasal spray when it is prescribed by a Plan "
            "Physician for treatment-resistant depression and administered in a Plan Medical Office, but only if "
            "the Medical Group has authorized it in advance.",
        ),
        ("filler", "administered drugs", 6),
        ("h2", "Mental Health Services"),
        (
            "p",
            "We cover individual and group mental health evaluation and treatment, psychological testing when "
            "necessary to evaluate a mental disorder, and outpatient monitoring of drug therapy.",
        ),
        ("p", "Services not covered under this \u201cMental Health Services\u201d section:"),
        (
            "bul",
            [
                "Services for conditions that the DSM does not identify as mental disorders",
                "Court-ordered testing that is not Medically Necessary",
            ],
        ),
        ("filler", "mental health", 9),
        ("h2", "Exclusions, Limitations, Coordination of Benefits, and Reductions"),
        ("h2", "Exclusions"),
        (
            "p",
            "The items and Services listed in this \u201cExclusions\u201d section are excluded from coverage. "
            "These exclusions apply to all Services that would otherwise be covered under this EOC regardless of "
            "whether the Services are within the scope of a provider's license or certificate.",
        ),
        ("p", "**Certain exams and Services**"),
        (
            "p",
            "Physical exams and other Services required for obtaining or maintaining employment, insurance, or "
            "licensing, unless a Plan Physician determines that they are Medically Necessary.",
        ),
        ("p", "**Cosmetic Services**"),
        ("p", "Services that are intended primarily to change or maintain your appearance."),
        ("p", "**Experimental or investigational Services**"),
        (
            "p",
            "A Service is experimental or investigational if we determine that it is not generally accepted by "
            "the medical community as safe and effective. This exclusion does not apply to Services covered under "
            "\u201cServices in connection with a clinical trial.\u201d",
        ),
        ("p", "**Ketamine**"),
        (
            "p",
            "Intravenous, intramuscular, or oral ketamine used to treat depression, anxiety, or any other mental "
            "health condition. This exclusion does not apply to esketamine nasal spray covered under "
            "\u201cAdministered drugs and products.\u201d",
        ),
        ("p", "**Travel and lodging expenses**"),
        ("p", "Transportation or living expenses for any person, except as described in this EOC."),
        ("filler", "coordination of benefits", 24),
    ],
)

# ====================================================================================================
# rt04: a federal-employee-style brochure. Headings sit in the left margin; a benefit table has
# "Benefit Description | You pay" with Preferred / Participating / Non-participating cost lines. Spravato
# is asterisked in a list whose legend "*Prior approval required" sits under it (step 3); non-participating
# providers: "You pay all charges" (step 1 out of network). IV ketamine is in a "Not covered:" cell whose
# You-pay cell reads "All charges" (step 1). Decoy: the generic experimental exclusion of Section 6.
# ====================================================================================================
RT04 = dict(
    file="rt04_keystone_mutual_benefit_brochure.pdf",
    title="Keystone Mutual Benefit Plan \u2013 2026 Plan Brochure",
    author="Keystone Mutual Benefit Association",
    font="serif",
    size=9,
    running="2026 Keystone Mutual Benefit Plan   A fee-for-service plan with a preferred provider organization",
    footer="RI 00-000",
    blocks=[
        ("title", "Keystone Mutual Benefit Plan"),
        (
            "subtitle",
            "A fee-for-service plan (Standard Option) with a preferred provider organization\n2026 plan brochure",
        ),
        (
            "p",
            "This brochure describes the benefits of the Keystone Mutual Benefit Plan. It is the official "
            "statement of benefits: no oral statement can modify or otherwise affect the benefits, limitations, and "
            "exclusions of this brochure.",
        ),
        ("h1", "Section 3. How You Get Care"),
        (
            "margin",
            "Identification cards",
            [
                "We will send you an identification (ID) card when you enroll. Show "
                "it whenever you receive services from a Plan provider."
            ],
        ),
        (
            "margin",
            "Covered providers",
            [
                "Preferred providers have agreed to limit what they bill you. "
                "Participating providers accept our allowance but are not Preferred. "
                "Non-participating providers have no agreement with us."
            ],
        ),
        (
            "margin",
            "You need prior Plan approval for certain services",
            [
                "The pre-service claim approval process for inpatient admissions is called precertification; for other "
                "services it is called prior approval. Services that need prior approval are marked in Section 5 with "
                "an asterisk (*).",
                "Prior approval is not required for emergency care or for care you receive while you are an inpatient "
                "in a hospital.",
            ],
        ),
        ("filler", "provider", 6),
        ("br",),
        ("h1", "Section 5(e). Mental Health and Substance Use Disorder Benefits"),
        (
            "p",
            "Important things you should keep in mind about these benefits: all benefits are subject to the "
            "definitions, limitations, and exclusions in this brochure; the calendar year deductible is $350 per "
            "person.",
        ),
        (
            "table",
            ["Benefit Description", "You pay"],
            [
                [
                    "**Professional services**\nWe cover professional services by licensed professional mental health "
                    "and substance use disorder treatment practitioners when acting within the scope of their license:\n"
                    "\u2022 Diagnostic evaluation and psychological testing\n\u2022 Individual, group and family "
                    "psychotherapy\n\u2022 Medication management\n\u2022 Esketamine (Spravato) nasal spray treatment "
                    "sessions*\n\u2022 Transcranial magnetic stimulation*\n*Prior approval required",
                    "Preferred: $30 copayment per visit\nParticipating: 35% of the Plan allowance\n"
                    "Non-participating: You pay all charges",
                ],
                [
                    "**Outpatient hospital or other covered facility**\nPartial hospitalization and intensive outpatient "
                    "treatment",
                    "Preferred: $75 copayment per day\nParticipating: 35% of the Plan allowance\n"
                    "Non-participating: You pay all charges",
                ],
                [
                    "**Not covered:**\n\u2022 Ketamine infusions and ketamine-assisted psychotherapy\n\u2022 Marital, "
                    "family, educational, or other counseling or training services\n\u2022 Services by pastoral, marital, "
                    "drug/alcohol and other counselors\n\u2022 Residential treatment center services",
                    "All charges",
                ],
            ],
            [0.66, 0.34],
        ),
        ("filler", "mental health", 6),
        ("br",),
        ("h1", "Section 6. General Exclusions \u2013 Services, Drugs, and Supplies We Do Not Cover"),
        (
            "p",
            "The exclusions in this Section apply to all benefits. There may be other exclusions and limitations "
            "listed in Section 5 of this brochure. We do not cover the following:",
        ),
        (
            "bul",
            [
                "Services, drugs, or supplies you receive while you are not enrolled in this Plan.",
                "Services, drugs, or supplies that are not medically necessary.",
                "Experimental or investigational procedures, treatments, drugs, or devices.",
                "Services, drugs, or supplies you receive from a provider or facility barred from the Plan.",
            ],
        ),
        ("filler", "claims", 9),
    ],
)


def documents() -> list[dict]:
    """Every red-team document, rt01-rt09."""
    from redteam_docs2 import DOCUMENTS2

    return [RT01, RT02, RT03, RT04, *DOCUMENTS2]
