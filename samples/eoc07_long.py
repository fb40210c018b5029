"""eoc07: a Summary Plan Description of 400+ pages, generated: mostly ordinary benefit prose (deterministic,
varied by chapter and service), with the clauses that decide deep inside it — specialty drugs need
precertification around page 120 (esketamine: step 7) and IV ketamine for treatment-resistant depression
is covered with precertification around page 300 (step 3). Tests that the reader finds a clause wherever
it is in a long document (issue 10 §7). The employer and its administrator are invented.
"""

from __future__ import annotations

NB = "\u00a0"

SERVICES = [
    "allergy testing",
    "ambulance transport",
    "anesthesia for surgery",
    "blood transfusions",
    "cardiac rehabilitation",
    "cataract surgery",
    "colonoscopy",
    "diabetes education",
    "dialysis",
    "durable medical equipment",
    "emergency room care",
    "genetic counseling",
    "hearing exams",
    "hospice care",
    "imaging such as MRI and CT scans",
    "inpatient rehabilitation",
    "laboratory tests",
    "mammograms",
    "maternity care",
    "nutritional counseling",
    "occupational therapy",
    "organ transplants",
    "orthotic devices",
    "physical therapy",
    "podiatry",
    "prosthetic limbs",
    "pulmonary rehabilitation",
    "radiation therapy",
    "skilled nursing care",
    "sleep studies",
    "speech therapy",
    "telehealth visits",
    "urgent care",
    "vaccinations",
    "wound care",
]
TEMPLATES = [
    "The Plan pays for {s} when a Provider orders it to diagnose or treat an illness or injury. The Schedule "
    "of Benefits shows the Copayment or Coinsurance that applies to {s} in each network tier.",
    "Benefits for {s} are subject to the Deductible unless the Schedule of Benefits says otherwise. Amounts you "
    "pay for {s} count toward your Out-of-Pocket Maximum for the Plan Year.",
    "When {s} is given during an inpatient stay, it is paid as part of the facility charge. When it is given in "
    "a Provider's office, it is paid under the office visit benefit.",
    "Claims for {s} must be filed within 12 months of the date of service. A Network Provider files the claim "
    "for you; if you pay at the time of service, send us an itemized bill.",
    "The Claims Administrator may ask for records about {s} to confirm that it was Medically Necessary. We "
    "review the records within 30 days of receiving them.",
    "If you receive {s} outside the United States in an emergency, the Plan pays as if a Network Provider gave "
    "it. Send us the bill translated into English with the exchange rate on the date of service.",
]
CHAPTERS = [
    "Eligibility and Enrollment",
    "How the Plan Works",
    "Medical Benefits",
    "Prescription Drug Program",
    "Hospital and Facility Benefits",
    "Rehabilitation and Home Care",
    "Claims and Appeals",
    "Coordination of Benefits",
    "Behavioral Health Program",
    "Continuation Coverage (COBRA)",
    "Your Rights under ERISA",
]
PER_SECTION = 130  # paragraphs per section: sets the length (about 400 pages)


def _section(chapter: int, n_paragraphs: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for k in range(n_paragraphs):
        service = SERVICES[(chapter * 7 + k) % len(SERVICES)]
        out.append(("p", TEMPLATES[(chapter + k) % len(TEMPLATES)].format(s=service)))
    return out


def _chapter(ci: int, title: str, sections: int, per_section: int) -> list:
    blocks: list = [("h1", f"Chapter {ci + 1}. {title}")]
    for si in range(sections):
        blocks.append(("h2", f"{ci + 1}.{si + 1} {title}: Part {si + 1}"))
        blocks += _section(ci * 31 + si, per_section)
    return blocks


def _blocks() -> list:
    blocks: list = [
        ("title", "Westbrook Manufacturing Company"),
        ("title", "Employee Health Benefit Plan"),
        ("subtitle", "Summary Plan Description \u2013 Plan Year 2026"),
        ("subtitle", "Self-funded plan; claims administered by Keystone Benefit Administrators"),
        (
            "p",
            "This Summary Plan Description describes the Westbrook Manufacturing Company Employee Health Benefit "
            "Plan. Westbrook pays the benefits from its general assets; Keystone Benefit Administrators processes "
            "claims and is not an insurer. Call 1-800-555-0191 with questions.",
        ),
        ("toc",),
    ]
    for ci, title in enumerate(CHAPTERS):
        chapter = _chapter(ci, title, sections=6, per_section=PER_SECTION)
        if title == "Prescription Drug Program":
            chapter.insert(
                3,
                (
                    "p",
                    "Specialty drugs require precertification by the Prescription Drug Program before the first "
                    "fill, and must be dispensed by the Plan's specialty pharmacy.",
                ),
            )
        if title == "Behavioral Health Program":
            at = len(chapter) * 3 // 4
            chapter[at:at] = [
                ("h2", f"{ci + 1}.7 Ketamine Infusion Therapy"),
                (
                    "p",
                    "Intravenous ketamine infusion therapy is covered for Participants with treatment-resistant "
                    "depression when the Behavioral Health Program precertifies it before the first infusion.",
                ),
            ]
        blocks += chapter
    blocks += [
        ("h1", "Chapter 12. What the Plan Does Not Cover"),
        (
            "bul",
            [
                "Experimental or investigational services, except as stated in Chapter 9.",
                "Cosmetic services.",
                "Custodial care.",
                "Services for which no charge would be made without this Plan.",
            ],
        ),
    ]
    return blocks


EOC07 = dict(
    file="eoc07_westbrook_plan_description_419p.pdf",
    insurer="Westbrook Manufacturing Company",
    title="Summary Plan Description",
    running=f"Westbrook Manufacturing Company Employee Health Benefit Plan {NB}\u2013{NB} Summary Plan Description 2026",
    footer="WMC-SPD-2026",
    font="Times",
    size=10.0,
    columns=1,
    new_page_sections=True,
    blocks=_blocks(),
)
