"""eoc03: Granite Peak Health Plan, Evidence of Coverage, the whole booklet (about 50 pages).

What decides, and where (pages are looked up by make_samples.py, not fixed here):
  * IV ketamine is named as excluded ("investigational") only in the Amendment on the last pages, which adds
    exclusion 10a to Section 12 (Section 12 itself has only the generic experimental exclusion);
  * esketamine is never named: Specialty Drugs require precertification (Sections 8 and 9) -> category PA;
  * ketamine also appears early, as an anesthetic agent (Section 6, Anesthesia): not the psychiatric use;
  * outpatient mental-health office visits explicitly need NO precertification (Section 7).
Everything else is ordinary plan prose; no paragraph is repeated.
"""

NB = "\u00a0"
LDQ, RDQ = "\u201c", "\u201d"

# ---------------------------------------------------------------------------------------------------
DEFINITIONS = [
    (
        "Accidental Injury",
        "Bodily harm caused solely by external, violent and accidental means, and not by "
        "illness or disease, that is the direct and independent cause of the need for treatment.",
    ),
    (
        "Adverse Benefit Determination",
        "A denial, reduction or termination of, or a failure to provide or make "
        "payment (in whole or in part) for, a benefit, including one based on a "
        "determination that a service is not Medically Necessary or is Experimental "
        "or Investigational, and a rescission of coverage.",
    ),
    (
        "Allowed Amount",
        "The maximum amount on which payment is based for Covered Services. For Network Providers "
        "it is the negotiated rate. For Out-of-Network Providers it is the amount described in "
        "Section 4.4, and you may be billed for the difference between the provider's charge and the "
        "Allowed Amount, except where federal or state law prohibits it.",
    ),
    (
        "Ambulatory Surgical Center",
        "A licensed facility, other than a Hospital, whose primary purpose is to "
        "provide elective surgical care to patients who are admitted and discharged on "
        "the same day.",
    ),
    (
        "Behavioral Health Provider",
        "A psychiatrist, psychologist, licensed clinical social worker, licensed "
        "mental health counselor, licensed marriage and family therapist, licensed "
        "alcohol and drug counselor, psychiatric nurse practitioner, or a facility "
        "licensed to provide mental health or substance use disorder treatment.",
    ),
    (
        "Calendar Year",
        "In this booklet, benefit maximums described as per Calendar Year are applied per Plan Year, "
        "which begins on July 1.",
    ),
    (
        "Coinsurance",
        "Your share of the Allowed Amount for a Covered Service, stated as a percentage, which you pay "
        "after you meet your Deductible.",
    ),
    (
        "Complication of Pregnancy",
        "A condition, distinct from pregnancy but adversely affected or caused by it, "
        "such as ectopic pregnancy, eclampsia, or hyperemesis gravidarum, and a "
        "non-elective cesarean section.",
    ),
    (
        "Copayment",
        "A fixed dollar amount you pay to a provider for a Covered Service. Copayments do not count "
        "toward your Deductible but do count toward your Out-of-Pocket Maximum.",
    ),
    ("Covered Person", "The Subscriber and each Dependent enrolled under this Plan. Also called you or your."),
    (
        "Covered Service",
        "A service or supply that is described as covered in this booklet, is Medically Necessary, "
        "and is not excluded or limited by Section 12.",
    ),
    (
        "Custodial Care",
        "Care that is provided primarily to help a person in the activities of daily living and "
        "does not require the continuing attention of trained medical personnel.",
    ),
    (
        "Deductible",
        "The amount of Allowed Amounts you must pay each Plan Year for certain Covered Services before "
        "the Plan begins to pay. The Schedule of Benefits shows which services the Deductible applies "
        "to.",
    ),
    (
        "Dependent",
        "Your spouse or civil union partner, your children under age 26, and your unmarried children "
        "of any age who are incapable of self-sustaining employment because of a mental or physical "
        "disability that began before age 26, as described in Section 3.",
    ),
    (
        "Durable Medical Equipment",
        "Equipment that can withstand repeated use, is primarily and customarily used "
        "to serve a medical purpose, is generally not useful to a person in the absence "
        "of illness or injury, and is appropriate for use in the home.",
    ),
    (
        "Emergency Medical Condition",
        "A medical condition, including a mental health condition or substance use "
        "disorder, manifesting itself by acute symptoms of sufficient severity, "
        "including severe pain, that a prudent layperson who possesses an average "
        "knowledge of health and medicine could reasonably expect the absence of "
        "immediate medical attention to result in placing the health of the "
        "individual, or of an unborn child, in serious jeopardy; serious impairment "
        "to bodily functions; or serious dysfunction of any bodily organ or part.",
    ),
    (
        "Emergency Services",
        "A medical screening examination in the emergency department of a Hospital or an "
        "independent freestanding emergency department, and further examination and "
        "treatment required to stabilize the patient, including post-stabilization services "
        "when federal law treats them as emergency services.",
    ),
    (
        "Experimental or Investigational",
        "A drug, biological product, device, medical treatment or procedure that meets any of the following: (1) it "
        "cannot be lawfully marketed without the approval of the U.S. Food and Drug Administration (FDA) and has not "
        "been approved for marketing at the time it is furnished; (2) it is the subject of an ongoing Phase I, II or "
        "III clinical trial, or is otherwise under study to determine its maximum tolerated dose, toxicity, safety or "
        "efficacy, or its efficacy compared with the standard means of treatment or diagnosis; (3) the prevailing "
        "opinion among experts, as shown in reliable evidence, is that further studies or clinical trials are "
        "necessary to determine its safety, efficacy or efficacy compared with the standard means of treatment or "
        "diagnosis; or (4) it is not yet generally accepted by the medical community as safe and effective for the "
        "condition being treated. A drug that the FDA has approved for one indication may be Experimental or "
        "Investigational when it is used for a different indication. Granite Peak's Medical Director decides whether "
        "a service is Experimental or Investigational, relying on the Plan's medical policies and on reliable "
        "evidence published in peer-reviewed medical literature.",
    ),
    (
        "Facility",
        "A Hospital, Ambulatory Surgical Center, Skilled Nursing Facility, residential treatment center, "
        "freestanding dialysis or imaging center, or other institution licensed to provide the services "
        "in question.",
    ),
    (
        "Habilitation Services",
        "Health care services that help a person keep, learn or improve skills and "
        "functioning for daily living that the person has not developed as expected for "
        "their age.",
    ),
    (
        "Home Health Agency",
        "An agency or organization licensed by the state that provides skilled nursing and "
        "other therapeutic services in the patient's home.",
    ),
    (
        "Hospice",
        "A program of palliative and supportive care for a terminally ill person and the person's family, "
        "licensed or certified by the state in which it operates.",
    ),
    (
        "Hospital",
        "A short-term acute care facility licensed as a hospital that provides 24-hour nursing service by "
        "registered nurses and has facilities for diagnosis and major surgery. It does not include a "
        "facility primarily for rest, custodial care or care of the aged.",
    ),
    (
        "Inpatient",
        "Admitted to a Hospital or other Facility as a registered bed patient for whom a room and board "
        "charge is made. Observation stays are outpatient services even if you stay overnight.",
    ),
    (
        "Medically Necessary",
        "Health care services or supplies needed to diagnose or treat an illness, injury, "
        "condition, disease or its symptoms that meet accepted standards of medicine; are "
        "clinically appropriate in terms of type, frequency, extent, site and duration; are "
        "not primarily for the convenience of the patient, physician or other provider; and "
        "are not more costly than an alternative service at least as likely to produce "
        "equivalent results.",
    ),
    (
        "Network Provider",
        "A provider who has contracted with Granite Peak, directly or through a vendor, to "
        "provide Covered Services to Covered Persons at negotiated rates.",
    ),
    (
        "Out-of-Network Provider",
        "A provider who does not have a contract with Granite Peak to provide services to Covered Persons.",
    ),
    (
        "Out-of-Pocket Maximum",
        "The most you pay for Covered Services in a Plan Year in Deductible, Copayments and "
        "Coinsurance. It does not include premiums, balance-billed charges, penalties for "
        "failing to obtain Precertification, or charges for services that are not covered.",
    ),
    ("Plan Year", "The 12-month period beginning on July 1 of each year."),
    (
        "Precertification",
        "Granite Peak's determination, made before a service is provided, that the service is "
        "Medically Necessary. Precertification is also called prior authorization, "
        "preauthorization or prior approval. Precertification does not guarantee payment.",
    ),
    (
        "Primary Care Provider",
        "A Network physician practicing in family medicine, internal medicine, general "
        "pediatrics, or obstetrics and gynecology, or a nurse practitioner or physician "
        "assistant practicing in one of those fields.",
    ),
    (
        "Reconstructive Surgery",
        "Surgery to restore or improve a bodily function, or to correct a deformity caused "
        "by a congenital anomaly, disease, trauma or a previous therapeutic procedure.",
    ),
    (
        "Rehabilitation Services",
        "Health care services that help a person keep, get back or improve skills and "
        "functioning for daily living that have been lost or impaired because the person "
        "was sick, hurt or disabled.",
    ),
    (
        "Residential Treatment",
        "Twenty-four hour, sub-acute care in a licensed residential treatment center for a "
        "mental health condition or substance use disorder, for a person who does not need "
        "acute inpatient care.",
    ),
    (
        "Skilled Nursing Facility",
        "A licensed facility, or a distinct part of a Hospital, that provides skilled "
        "nursing and rehabilitation services on an inpatient basis under the supervision "
        "of a physician.",
    ),
    (
        "Specialist",
        "A physician or other provider who focuses on a specific area of medicine or a group of "
        "patients to diagnose, manage, prevent or treat certain types of symptoms and conditions.",
    ),
    (
        "Specialty Drug",
        "A prescription drug, including a biologic, that is used to treat a complex, chronic or "
        "rare condition and typically requires special storage, handling or administration, close "
        "clinical monitoring, or limited distribution. Specialty Drugs are identified on the Drug "
        "List.",
    ),
    (
        "Subscriber",
        "The employee or retiree whose eligibility for coverage is the basis of the coverage of the family.",
    ),
    (
        "Telehealth",
        "The delivery of health care services by a provider using real-time, two-way interactive "
        "audio and video, or audio only where clinically appropriate, to a patient at a different "
        "location.",
    ),
    (
        "Urgent Care",
        "Care for an illness or injury serious enough that a reasonable person would seek care right "
        "away, but not so severe as to require emergency room care.",
    ),
]

ELIGIBILITY = [
    ("h2", "3.1 Who is eligible"),
    (
        "p",
        "You are eligible to enroll as a Subscriber if you are an active employee of the Group who is regularly "
        "scheduled to work at least 30 hours per week, or a retiree who meets the Group's retiree eligibility "
        "rules. The Group decides who is an eligible employee, and its records are conclusive for this purpose "
        "unless they are plainly wrong.",
    ),
    (
        "p",
        "Your Dependents are eligible if they meet the definition of Dependent in Section 2. A child includes "
        "your natural child, stepchild, legally adopted child or child placed with you for adoption, a child for "
        "whom you are the legal guardian, and a child for whom you must provide coverage under a qualified "
        "medical child support order. A child's eligibility does not depend on marital status, residence, "
        "student status or financial dependency.",
    ),
    ("h2", "3.2 When you may enroll"),
    (
        "p",
        "You may enroll yourself and your eligible Dependents within 31 days after you first become eligible. "
        "If you do not enroll then, you may enroll during the Group's annual open enrollment period, which is "
        "usually held in May for coverage beginning July 1, or during a special enrollment period.",
    ),
    (
        "p",
        "A special enrollment period of 31 days (60 days for events involving Medicaid or a state Children's "
        "Health Insurance Program) begins when you or a Dependent lose other health coverage, when you gain a "
        "new Dependent through marriage, birth, adoption or placement for adoption, or when you or a Dependent "
        "become eligible for premium assistance under Medicaid or CHIP.",
    ),
    ("h2", "3.3 When coverage begins"),
    (
        "p",
        "If you enroll when first eligible, coverage begins on the first day of the month after you complete "
        "the Group's waiting period, if any, which may not exceed 90 days. Coverage for open enrollment elections "
        "begins on July 1. Coverage for a special enrollment begins on the first day of the month after we "
        "receive your enrollment request, except that coverage for a newborn or adopted child begins on the date "
        "of birth, adoption or placement.",
    ),
    (
        "p",
        "A newborn is covered automatically for the first 31 days after birth. To continue coverage beyond that "
        "period, you must enroll the child within 60 days after birth, even if the child would be added without "
        "additional premium.",
    ),
    ("h2", "3.4 Changes in your family"),
    (
        "p",
        "You must notify the Group within 31 days of any change that affects a Dependent's eligibility, such as a "
        "divorce, the end of a civil union, or a child's reaching age 26. Coverage for a Dependent who is no "
        "longer eligible ends at the end of the month in which eligibility ends. Premiums paid for an ineligible "
        "person are not a basis for continued coverage.",
    ),
    ("h2", "3.5 Medicare"),
    (
        "p",
        "If you are covered under this Plan because of your current employment and you become entitled to "
        "Medicare, this Plan generally pays before Medicare if the Group employs 20 or more people. Retirees and "
        "their Dependents who are entitled to Medicare should read Section 10, which explains how this Plan "
        "coordinates with Medicare.",
    ),
    ("h2", "3.6 Identification cards"),
    (
        "p",
        "We will send an identification card to each Subscriber. Show it whenever you receive care. If you lose "
        "your card, you may print a temporary card from the member website or ask Member Services for a new "
        "one. Allowing another person to use your card is fraud and is grounds for ending your coverage.",
    ),
]

HOW_PPO_WORKS = [
    ("h2", "4.1 Network and out-of-network benefits"),
    (
        "p",
        "This Plan is a preferred provider organization plan. You may see any provider you choose, but you pay "
        "less when you use Network Providers. Network Providers have agreed to accept the Allowed Amount as "
        "payment in full and will file claims for you. You can find Network Providers in our online directory "
        "at www.granitepeakhealth.com/find-care or by calling Member Services.",
    ),
    (
        "p",
        "When you see an Out-of-Network Provider, you pay a higher Deductible and Coinsurance, you may have to pay "
        "the provider at the time of service and file a claim with us, and the provider may bill you for the "
        "difference between its charge and the Allowed Amount. These balance-billed amounts do not count toward "
        "your Out-of-Pocket Maximum.",
    ),
    ("h2", "4.2 You do not need referrals"),
    (
        "p",
        "You do not need a referral to see a Specialist, including a Behavioral Health Provider. We encourage "
        "you to choose a Primary Care Provider who knows your medical history and can help coordinate your care, "
        "but choosing one is not required.",
    ),
    ("h2", "4.3 Protection from surprise bills"),
    (
        "p",
        "Under the federal No Surprises Act, when you receive Emergency Services from an Out-of-Network Provider "
        "or Facility, or non-emergency services from an Out-of-Network Provider at a Network Hospital or "
        "Ambulatory Surgical Center, you pay no more than the Network cost sharing and the provider may not "
        "balance bill you, unless you give written consent to be billed in the limited circumstances the law "
        "allows. Air ambulance services from Out-of-Network Providers are treated the same way.",
    ),
    (
        "p",
        "If you receive a bill you believe is not allowed, call Member Services or the federal No Surprises Help "
        "Desk at 1-800-985-3059.",
    ),
    ("h2", "4.4 How we determine the Allowed Amount for Out-of-Network Providers"),
    (
        "p",
        "For services to which the No Surprises Act does not apply, the Allowed Amount for an Out-of-Network "
        "Provider is the lesser of the provider's billed charge or 140% of the amount Medicare would allow for "
        "the same service in the same geographic area. If there is no Medicare rate, we use a rate based on "
        "nationally recognized data about what providers charge for comparable services.",
    ),
    ("h2", "4.5 Network adequacy and exceptions"),
    (
        "p",
        "If no Network Provider with the training and experience needed to treat your condition is available "
        "within 45 miles or within a reasonable time, you may ask us to approve care from an Out-of-Network "
        "Provider at the Network level of benefits. The request must be approved before you receive the care.",
    ),
    ("h2", "4.6 Continuity of care"),
    (
        "p",
        "If your Network Provider leaves the network, or your Group changes plans, while you are a continuing "
        "care patient, for example while you are pregnant, receiving treatment for a serious and complex "
        "condition, or scheduled for non-elective surgery, you may continue to receive care from that provider "
        "at Network cost sharing for up to 90 days, or through postpartum care if you are pregnant.",
    ),
    ("h2", "4.7 Telehealth"),
    (
        "p",
        "Covered Services delivered by Telehealth are covered on the same basis as in-person services. Virtual "
        "visits through Granite Peak's telehealth vendor for minor illnesses have no cost sharing. Telehealth "
        "services must be provided by a licensed provider acting within the scope of the provider's license.",
    ),
    ("h2", "4.8 Second opinions"),
    (
        "p",
        "You may obtain a second opinion from a Network Provider before surgery or before beginning a course of "
        "treatment for a serious illness. The second opinion is covered at the Specialist office visit cost "
        "sharing. If the first and second opinions differ, you may obtain a third.",
    ),
    ("h2", "4.9 Care when you travel"),
    (
        "p",
        "When you are traveling outside New Hampshire, Maine and Vermont, you may use providers in our national "
        "partner network, which are treated as Network Providers. Outside the United States, only Emergency "
        "Services and Urgent Care are covered.",
    ),
]

SCHEDULE = [  # service, network, out-of-network, notes
    (
        "Plan Year Deductible",
        "$2,500 per person / $5,000 per family",
        "$5,000 per person / $10,000 per family",
        "Network and out-of-network Deductibles are separate.",
    ),
    (
        "Out-of-Pocket Maximum",
        "$7,500 per person / $15,000 per family",
        "$15,000 per person / $30,000 per family",
        "Includes Deductible, Copayments and Coinsurance.",
    ),
    ("Primary care office visit", "$30 Copayment", "50% Coinsurance after Deductible", "Deductible waived in network."),
    ("Specialist office visit", "$65 Copayment", "50% Coinsurance after Deductible", ""),
    ("Virtual visit (Granite Peak telehealth vendor)", "No charge", "Not applicable", ""),
    (
        "Preventive care, screenings and immunizations",
        "No charge",
        "50% Coinsurance after Deductible",
        "Per federal preventive-care guidelines.",
    ),
    ("Routine eye exam (all ages)", "$30 Copayment", "50% Coinsurance after Deductible", "One exam per Plan Year."),
    ("Allergy testing", "20% Coinsurance after Deductible", "50% Coinsurance after Deductible", ""),
    ("Allergy injections", "No charge", "50% Coinsurance after Deductible", ""),
    ("Laboratory services", "No charge at a Network laboratory", "50% Coinsurance after Deductible", ""),
    ("X-ray and ultrasound", "20% Coinsurance after Deductible", "50% Coinsurance after Deductible", ""),
    (
        "CT, MRI, MRA, PET and nuclear medicine",
        "$150 Copayment per scan after Deductible",
        "50% Coinsurance after Deductible",
        "Precertification required.",
    ),
    (
        "Sleep studies",
        "20% Coinsurance after Deductible",
        "50% Coinsurance after Deductible",
        "Precertification required for studies in a facility.",
    ),
    ("Emergency room", "$400 Copayment", "$400 Copayment", "Copayment waived if admitted."),
    (
        "Ambulance (ground or air)",
        "20% Coinsurance after Deductible",
        "20% Coinsurance after Deductible",
        "Non-emergency transport requires Precertification.",
    ),
    ("Urgent care center", "$60 Copayment", "50% Coinsurance after Deductible", ""),
    (
        "Inpatient Hospital services",
        "20% Coinsurance after Deductible",
        "50% Coinsurance after Deductible",
        "Precertification required except for emergency admissions.",
    ),
    ("Outpatient surgery (facility)", "20% Coinsurance after Deductible", "50% Coinsurance after Deductible", ""),
    ("Surgeon and assistant surgeon", "20% Coinsurance after Deductible", "50% Coinsurance after Deductible", ""),
    ("Anesthesia", "20% Coinsurance after Deductible", "50% Coinsurance after Deductible", ""),
    ("Maternity: prenatal and postnatal visits", "No charge", "50% Coinsurance after Deductible", ""),
    (
        "Maternity: delivery and inpatient stay",
        "20% Coinsurance after Deductible",
        "50% Coinsurance after Deductible",
        "Notify us within 2 days of admission.",
    ),
    (
        "Mental health / substance use: office visits",
        "$30 Copayment",
        "50% Coinsurance after Deductible",
        "Deductible waived in network.",
    ),
    (
        "Mental health / substance use: other outpatient services",
        "20% Coinsurance after Deductible",
        "50% Coinsurance after Deductible",
        "Includes intensive outpatient and partial hospitalization programs.",
    ),
    (
        "Mental health / substance use: inpatient and residential",
        "20% Coinsurance after Deductible",
        "50% Coinsurance after Deductible",
        "Precertification required except for emergency admissions.",
    ),
    (
        "Applied behavior analysis",
        "$30 Copayment per day",
        "50% Coinsurance after Deductible",
        "Precertification required.",
    ),
    (
        "Physical and occupational therapy",
        "$40 Copayment",
        "50% Coinsurance after Deductible",
        "30 visits combined per Plan Year.",
    ),
    ("Speech therapy", "$40 Copayment", "50% Coinsurance after Deductible", "30 visits per Plan Year."),
    ("Chiropractic care", "$40 Copayment", "50% Coinsurance after Deductible", "12 visits per Plan Year."),
    (
        "Cardiac and pulmonary rehabilitation",
        "$40 Copayment",
        "50% Coinsurance after Deductible",
        "36 sessions per episode.",
    ),
    (
        "Home health care",
        "20% Coinsurance after Deductible",
        "50% Coinsurance after Deductible",
        "120 visits per Plan Year. Precertification required.",
    ),
    (
        "Skilled nursing facility",
        "20% Coinsurance after Deductible",
        "50% Coinsurance after Deductible",
        "100 days per Plan Year. Precertification required.",
    ),
    ("Hospice care", "No charge", "50% Coinsurance after Deductible", ""),
    (
        "Durable medical equipment",
        "20% Coinsurance after Deductible",
        "50% Coinsurance after Deductible",
        "Precertification required for items over $1,500.",
    ),
    ("Prosthetic and orthotic devices", "20% Coinsurance after Deductible", "50% Coinsurance after Deductible", ""),
    ("Hearing aids (under age 19)", "No charge", "50% Coinsurance after Deductible", "One per ear every 5 years."),
    ("Dialysis", "20% Coinsurance after Deductible", "50% Coinsurance after Deductible", ""),
    ("Chemotherapy and radiation therapy", "20% Coinsurance after Deductible", "50% Coinsurance after Deductible", ""),
    (
        "Organ and tissue transplants",
        "20% Coinsurance after Deductible",
        "Not covered",
        "Designated transplant centers only. Precertification required.",
    ),
    ("Bariatric surgery", "20% Coinsurance after Deductible", "Not covered", "Precertification required."),
    (
        "Infertility diagnosis",
        "20% Coinsurance after Deductible",
        "50% Coinsurance after Deductible",
        "Treatment is not covered.",
    ),
    ("Pediatric dental check-up (under age 19)", "No charge", "50% Coinsurance after Deductible", "Two per Plan Year."),
    ("Pediatric eyeglasses (under age 19)", "No charge", "Not covered", "One pair per Plan Year."),
    ("Retail pharmacy: Tier 1 (generic)", "$10 Copayment", "Not covered", "Up to a 30-day supply."),
    ("Retail pharmacy: Tier 2 (preferred brand)", "$45 Copayment", "Not covered", "Up to a 30-day supply."),
    ("Retail pharmacy: Tier 3 (non-preferred brand)", "$90 Copayment", "Not covered", "Up to a 30-day supply."),
    ("Mail order: Tiers 1\u20133", "2.5 times the retail Copayment", "Not covered", "Up to a 90-day supply."),
    (
        "Specialty Drugs (Tier 4)",
        "25% Coinsurance, up to $300 per fill",
        "Not covered",
        "Granite Peak Specialty Pharmacy; see Section 8.",
    ),
]

COVERED = [  # (heading, paragraphs)
    (
        "6.1 Office visits",
        [
            "We cover visits to a physician, nurse practitioner, physician assistant or other licensed provider in an "
            "office, clinic or retail health clinic, or by Telehealth, for the diagnosis and treatment of an illness "
            "or injury. Services performed during the visit, such as a strep test or an EKG, are covered under the "
            "benefit that applies to that service."
        ],
    ),
    (
        "6.2 Preventive care",
        [
            "We cover without cost sharing, when provided by a Network Provider, the evidence-based items or services "
            "with an A or B rating in the current recommendations of the United States Preventive Services Task Force; "
            "immunizations recommended by the Advisory Committee on Immunization Practices; and the preventive care "
            "and screenings for infants, children, adolescents and women supported by the Health Resources and "
            "Services Administration.",
            "If a preventive service is billed separately from an office visit, or the primary purpose of the visit "
            "is not preventive, you may have to pay the office visit cost sharing. A screening colonoscopy remains "
            "preventive even if a polyp is removed during the procedure.",
        ],
    ),
    (
        "6.3 Allergy services",
        [
            "We cover allergy testing by skin or blood tests, allergy serum, and injections given by a provider. "
            "Sublingual immunotherapy tablets are covered under the prescription drug benefit when listed on the Drug "
            "List."
        ],
    ),
    (
        "6.4 Ambulance services",
        [
            "We cover ground ambulance transportation to the nearest Hospital able to treat your condition in an "
            "emergency, and air or water ambulance when ground transportation would endanger your health or is not "
            "possible. Non-emergency ambulance transport between facilities, or from a facility to your home, is "
            "covered when it is Medically Necessary and we have approved it in advance."
        ],
    ),
    (
        "6.5 Anesthesia",
        [
            "We cover the administration of general, regional or local anesthesia, and monitored anesthesia care, by "
            "an anesthesiologist or a certified registered nurse anesthetist in connection with a covered surgical, "
            "obstetrical or diagnostic procedure. This includes the anesthetic and sedative agents used, for example "
            "propofol, midazolam, ketamine or inhaled agents, and the monitoring of the patient during and after the "
            "procedure.",
            "Anesthesia for dental procedures is covered in a Hospital or Ambulatory Surgical Center for a child under "
            "age 7, or for a person with a serious medical condition or a developmental disability that requires the "
            "procedure to be performed there. The dental services themselves are not covered.",
        ],
    ),
    (
        "6.6 Autism spectrum disorder",
        [
            "We cover the diagnosis and treatment of autism spectrum disorder, including applied behavior analysis, "
            "habilitative and rehabilitative therapies, psychiatric and psychological care, and prescription drugs. "
            "Applied behavior analysis requires Precertification and a treatment plan that is reviewed at least every "
            "six months. No visit limits apply to these services."
        ],
    ),
    (
        "6.7 Blood and blood products",
        [
            "We cover blood, blood plasma and blood derivatives and their administration, including the cost of "
            "processing, storage and transfusion, and autologous blood donated for a scheduled surgery."
        ],
    ),
    (
        "6.8 Cardiac and pulmonary rehabilitation",
        [
            "We cover a program of cardiac rehabilitation following a heart attack, coronary bypass surgery, valve "
            "surgery, stable angina or heart failure, and pulmonary rehabilitation for chronic obstructive pulmonary "
            "disease, up to 36 sessions per episode of care. Maintenance programs are not covered."
        ],
    ),
    (
        "6.9 Chemotherapy, radiation therapy and infusion services",
        [
            "We cover chemotherapy and radiation therapy, including oral anticancer medications on the same terms as "
            "intravenous or injected anticancer medications, as New Hampshire law requires. Intravenous and injected "
            "medications given in a provider's office, an infusion center or your home are covered under the medical "
            "benefit unless they are listed as pharmacy-benefit Specialty Drugs; see Section 8.",
            "Infusions in a Hospital outpatient department may be redirected to a lower-cost infusion center or to "
            "your home when it is safe to do so, as part of our site-of-care program. You will not pay more because of "
            "a site-of-care change.",
        ],
    ),
    (
        "6.10 Chiropractic care",
        [
            "We cover manipulation of the spine and extremities by a licensed chiropractor to treat a "
            "neuromusculoskeletal condition, up to 12 visits per Plan Year. Maintenance care, when no further "
            "functional improvement is expected, is not covered."
        ],
    ),
    (
        "6.11 Clinical trials",
        [
            "We cover the routine patient costs of a qualified individual who participates in an approved clinical "
            "trial for the prevention, detection or treatment of cancer or another life-threatening disease or "
            "condition. Routine patient costs do not include the investigational item, device or service itself, items "
            "provided only for data collection, or services customarily provided free by the trial sponsor."
        ],
    ),
    (
        "6.12 Dental services related to an accident",
        [
            "We cover services of a dentist or oral surgeon to repair damage to sound natural teeth caused by an "
            "Accidental Injury, when treatment begins within 90 days after the injury. Injury caused by chewing or "
            "biting is not an Accidental Injury."
        ],
    ),
    (
        "6.13 Diabetes services and supplies",
        [
            "We cover diabetes self-management education, insulin pumps and continuous glucose monitors and their "
            "supplies, blood glucose meters, test strips, lancets and syringes, and therapeutic footwear for people with "
            "diabetic foot disease. Insulin is covered under the prescription drug benefit with a cost share of no more "
            "than $30 for a 30-day supply."
        ],
    ),
    (
        "6.14 Diagnostic imaging and testing",
        [
            "We cover x-rays, ultrasound, mammograms, EKGs, and other diagnostic tests. Advanced imaging (CT, MRI, MRA, "
            "PET and nuclear medicine) requires Precertification, except when performed in an emergency room or during "
            "an inpatient stay.",
            "Genetic testing is covered when the result will directly affect treatment decisions and the test meets "
            "our medical policy, and requires Precertification. Tests offered directly to consumers are not covered.",
        ],
    ),
    (
        "6.15 Dialysis",
        [
            "We cover hemodialysis and peritoneal dialysis in a Hospital, a freestanding dialysis facility or your home, "
            "including equipment, training and supplies for home dialysis. If you become eligible for Medicare because "
            "of end-stage renal disease, please see Section 10."
        ],
    ),
    (
        "6.16 Durable medical equipment and supplies",
        [
            "We cover rental or purchase, at our option, of Durable Medical Equipment prescribed by a provider, "
            "including hospital beds, wheelchairs, walkers, oxygen and oxygen equipment, CPAP machines, and breast "
            "pumps. We cover repair, adjustment or replacement when needed because of normal wear or a change in your "
            "condition, but not because of loss or misuse. Items costing more than $1,500 require Precertification.",
            "Medical supplies such as ostomy supplies, catheters and dressings are covered when prescribed. Items "
            "available without a prescription, such as bandages, elastic stockings (other than custom compression "
            "garments) and heating pads, are not covered.",
        ],
    ),
    (
        "6.17 Emergency services",
        [
            "We cover Emergency Services for an Emergency Medical Condition in any Hospital emergency department or "
            "freestanding emergency department, whether or not the provider is a Network Provider, at the Network "
            "level of cost sharing and without Precertification. If you are admitted, please call us within 48 hours, "
            "or as soon as reasonably possible.",
            "Once your condition is stabilized, we may ask that you be transferred to a Network Hospital for continued "
            "care. If you choose to stay at an Out-of-Network Hospital after you are able to travel and we have "
            "arranged a transfer, post-stabilization services may be paid at the out-of-network level.",
        ],
    ),
    (
        "6.18 Family planning",
        [
            "We cover contraceptive counseling, FDA-approved contraceptive methods (including devices, implants and "
            "injections) and their insertion and removal, and sterilization procedures for women, without cost "
            "sharing. Vasectomy is covered subject to the Deductible and Coinsurance."
        ],
    ),
    (
        "6.19 Hearing services",
        [
            "We cover hearing examinations and, for Covered Persons under age 19, hearing aids and their fitting, one "
            "per ear every 5 years. Cochlear implants are covered under the prosthetic devices benefit when our "
            "medical policy criteria are met."
        ],
    ),
    (
        "6.20 Home health care",
        [
            "We cover part-time or intermittent skilled nursing care, home health aide services when provided together "
            "with skilled care, medical social services, and physical, occupational and speech therapy, when you are "
            "homebound and the care is provided by a licensed Home Health Agency under a physician's plan of care, up "
            "to 120 visits per Plan Year. Home health care requires Precertification."
        ],
    ),
    (
        "6.21 Hospice care",
        [
            "We cover Hospice care for a Covered Person whose physician certifies a life expectancy of six months or "
            "less, including nursing care, medical social services, counseling, respite care for the family of up to "
            "five days at a time, and bereavement counseling for the family for up to one year after the death."
        ],
    ),
    (
        "6.22 Hospital services",
        [
            "We cover Inpatient Hospital care in a semi-private room, including meals and special diets, general "
            "nursing, intensive and coronary care, operating and recovery rooms, drugs administered during the stay, "
            "laboratory and imaging services, and rehabilitation therapy. A private room is covered only when "
            "isolation is Medically Necessary.",
            "Outpatient Hospital services, including observation stays, emergency department services, and outpatient "
            "surgery, are covered under the benefit that applies to the service received.",
        ],
    ),
    (
        "6.23 Infertility",
        [
            "We cover services to diagnose the cause of infertility, including laboratory tests, imaging, and "
            "diagnostic procedures. Treatment of infertility, including ovulation induction, intrauterine insemination "
            "and assisted reproductive technologies such as in vitro fertilization, is not covered."
        ],
    ),
    (
        "6.24 Maternity and newborn care",
        [
            "We cover prenatal care, delivery in a Hospital or licensed birthing center, and postpartum care, including "
            "a stay of at least 48 hours after a vaginal delivery and 96 hours after a cesarean delivery. A shorter "
            "stay may be chosen by the mother and her physician. Newborn care in the Hospital, including routine "
            "nursery care and circumcision, is covered under the newborn's own coverage.",
            "Lactation counseling and breast pumps are covered without cost sharing. Home visits by a nurse after an "
            "early discharge are covered.",
        ],
    ),
    (
        "6.25 Nutritional counseling and formulas",
        [
            "We cover medical nutrition therapy by a licensed dietitian for diabetes, kidney disease, eating disorders "
            "and other conditions where diet is part of treatment, up to six visits per Plan Year (no limit for eating "
            "disorders). Enteral formulas are covered when they are the sole source of nutrition or are needed to treat "
            "an inherited disease of metabolism."
        ],
    ),
    (
        "6.26 Orthotics and prosthetics",
        [
            "We cover external prosthetic devices that replace all or part of a body part, including artificial limbs "
            "and breast prostheses after a mastectomy, and custom-made orthotic devices that support a weak or deformed "
            "part of the body. Replacement is covered when needed because of growth or a change in your condition."
        ],
    ),
    (
        "6.27 Podiatry",
        [
            "We cover the services of a podiatrist to treat a disease or injury of the foot. Routine foot care, such as "
            "trimming of nails and removal of corns and calluses, is covered only for Covered Persons with diabetes or "
            "peripheral vascular disease."
        ],
    ),
    (
        "6.28 Reconstructive surgery",
        [
            "We cover Reconstructive Surgery, including all stages of reconstruction of the breast on which a "
            "mastectomy was performed, surgery and reconstruction of the other breast to produce a symmetrical "
            "appearance, prostheses, and treatment of physical complications of the mastectomy, including lymphedema, "
            "as required by the Women's Health and Cancer Rights Act."
        ],
    ),
    (
        "6.29 Rehabilitation and habilitation therapy",
        [
            "We cover outpatient physical and occupational therapy, up to 30 visits combined per Plan Year, and speech "
            "therapy, up to 30 visits per Plan Year, for Rehabilitation Services and, separately, for Habilitation "
            "Services. Visit limits do not apply to therapy for autism spectrum disorder or a mental health condition. "
            "Inpatient rehabilitation in an acute rehabilitation facility requires Precertification."
        ],
    ),
    (
        "6.30 Skilled nursing facility care",
        [
            "We cover care in a Skilled Nursing Facility following an acute illness or injury, up to 100 days per Plan "
            "Year, when you need skilled nursing or rehabilitation services on a daily basis that can be provided only "
            "on an inpatient basis. Custodial Care is not covered. Precertification is required."
        ],
    ),
    (
        "6.31 Sleep disorder services",
        [
            "We cover sleep studies performed at home or in a sleep laboratory, and treatment of obstructive sleep "
            "apnea, including CPAP equipment and oral appliances. Sleep studies in a facility require "
            "Precertification; home sleep tests do not."
        ],
    ),
    (
        "6.32 Surgical services",
        [
            "We cover surgical procedures performed by a physician, including the services of an assistant surgeon "
            "when Medically Necessary, and the usual pre-operative and post-operative care. When more than one "
            "procedure is performed during the same operation, the Allowed Amount for the secondary procedures is "
            "reduced under our multiple-procedure payment rules."
        ],
    ),
    (
        "6.33 Temporomandibular joint disorder",
        [
            "We cover the diagnosis and non-surgical treatment of temporomandibular joint disorder, including splints "
            "and physical therapy, and surgery when non-surgical treatment has failed and our medical policy criteria "
            "are met. Orthodontic and prosthodontic treatment is not covered."
        ],
    ),
    (
        "6.34 Transplants",
        [
            "We cover organ and tissue transplants that are not Experimental or Investigational, when performed at a "
            "transplant center we designate, including the evaluation of the recipient, donor search and testing, the "
            "harvesting of the organ from a living or deceased donor, and immunosuppressive drugs. Reasonable travel "
            "and lodging for the recipient and one companion are covered up to $10,000 per transplant when the "
            "designated center is more than 100 miles from home. Precertification is required."
        ],
    ),
    (
        "6.35 Urgent care",
        [
            "We cover services at an urgent care center or a Hospital-based urgent care facility for a condition that "
            "needs prompt attention but is not an Emergency Medical Condition. Urgent care outside the United States is "
            "covered at the Network level of benefits."
        ],
    ),
    (
        "6.36 Vision care",
        [
            "We cover one routine eye examination per Plan Year for all Covered Persons, and one pair of eyeglass lenses "
            "and frames, or contact lenses, per Plan Year for Covered Persons under age 19. Eyeglasses and contact "
            "lenses for adults are covered only after cataract surgery."
        ],
    ),
    (
        "6.37 Wigs",
        [
            "We cover one wig per Plan Year, up to $350, for hair loss resulting from chemotherapy, radiation therapy, "
            "alopecia areata or burns."
        ],
    ),
]

MENTAL_HEALTH = [
    (
        "p",
        "Granite Peak covers services to diagnose and treat mental health conditions and substance use disorders "
        "on the same basis as medical and surgical services, as required by the Mental Health Parity and "
        "Addiction Equity Act and New Hampshire law. Financial requirements and treatment limitations that apply "
        "to these services are no more restrictive than those that apply to substantially all medical and "
        "surgical benefits in the same classification.",
    ),
    ("h2", "7.1 Outpatient services"),
    (
        "p",
        "We cover outpatient office and Telehealth visits with a Behavioral Health Provider for evaluation, "
        "individual, family and group psychotherapy, and medication management; psychological and "
        "neuropsychological testing; and medication-assisted treatment for opioid use disorder. Precertification "
        "is not required for outpatient office visits. You may see any Network Behavioral Health Provider "
        "without a referral.",
    ),
    ("h2", "7.2 Intermediate levels of care"),
    (
        "p",
        "We cover intensive outpatient programs, partial hospitalization programs, and Residential Treatment. "
        "Residential Treatment requires Precertification; intensive outpatient and partial hospitalization "
        "programs require notification within two business days of admission.",
    ),
    ("h2", "7.3 Inpatient services"),
    (
        "p",
        "We cover Inpatient care in a Hospital or a licensed psychiatric facility, including detoxification. "
        "Precertification is required for a non-emergency admission. For an emergency admission, the facility "
        "must notify us within 48 hours.",
    ),
    ("h2", "7.4 Neuromodulation"),
    (
        "p",
        "Electroconvulsive therapy and transcranial magnetic stimulation are covered when our medical policy "
        "criteria are met, and require Precertification before the first treatment of each course.",
    ),
    ("h2", "7.5 Crisis services"),
    (
        "p",
        "We cover mobile crisis response, crisis stabilization services, and services of the 988 Suicide and "
        "Crisis Lifeline network providers, without Precertification, at the Network level of benefits. If you "
        "or someone you know is in crisis, call or text 988.",
    ),
    ("h2", "7.6 Care management"),
    (
        "p",
        "Our behavioral health care managers, who are licensed clinicians, can help you find a provider, "
        "arrange follow-up care after a Hospital stay, and coordinate your behavioral health and medical care. "
        "The program is voluntary and free. Call 1-866-318-5540 and choose the behavioral health option.",
    ),
]

DRUGS = [
    ("h2", "8.1 The Drug List"),
    (
        "p",
        "Granite Peak's Drug List (formulary) shows the prescription drugs covered under this benefit and the "
        "tier of each drug. The Drug List is reviewed by a committee of physicians and pharmacists at least four "
        "times a year. We will notify you at least 60 days before we remove a drug you are taking from the Drug "
        "List or move it to a higher tier, unless the change is made for safety reasons.",
    ),
    ("h2", "8.2 Tiers and cost sharing"),
    (
        "p",
        "Tier 1 contains generic drugs and some low-cost brand drugs; Tier 2 contains preferred brand drugs; Tier "
        "3 contains non-preferred brand drugs; and Tier 4 contains Specialty Drugs. Preventive drugs required to "
        "be covered without cost sharing under federal law are available for $0. If you ask for a brand drug when "
        "a generic equivalent is available and your prescriber has not required the brand, you pay the generic "
        "Copayment plus the difference in cost between the brand and the generic.",
    ),
    ("h2", "8.3 Where to fill prescriptions"),
    (
        "p",
        "You may fill prescriptions at any Network retail pharmacy for up to a 30-day supply, or through our mail "
        "order pharmacy for up to a 90-day supply of maintenance medications. Some Network retail pharmacies "
        "also offer 90-day supplies at the mail order cost. Prescriptions filled at an Out-of-Network pharmacy "
        "are not covered, except in an emergency or when you are traveling and no Network pharmacy is "
        "available.",
    ),
    ("h2", "8.4 Specialty Drugs"),
    (
        "p",
        "Specialty Drugs must be dispensed by the Granite Peak Specialty Pharmacy, which delivers them to your "
        "home or to your provider's office and offers clinical support from pharmacists and nurses. All Specialty "
        "Drugs require Precertification, whether they are covered under this pharmacy benefit or given by a "
        "provider and billed under the medical benefit. Approvals are usually for 6 or 12 months and must be "
        "renewed before they expire.",
    ),
    (
        "p",
        "Some Specialty Drugs are eligible for manufacturer copay assistance. When you use copay assistance, "
        "the amount the manufacturer pays counts toward your Deductible and Out-of-Pocket Maximum only to the "
        "extent required by law.",
    ),
    ("h2", "8.5 Utilization management programs"),
    (
        "p",
        "Step therapy requires that you first try one or more drugs that are clinically effective and lower in "
        "cost before another drug is covered for the same condition. Quantity limits restrict the amount of a "
        "drug covered in a given period to the amount approved by the FDA or supported by clinical guidelines. "
        "Drugs subject to these programs are marked on the Drug List.",
    ),
    (
        "p",
        "Opioid analgesics are subject to a seven-day supply limit for a first prescription for acute pain, and "
        "to morphine-milligram-equivalent limits. These limits do not apply to patients being treated for cancer "
        "pain, in hospice care, or in a long-term care facility.",
    ),
    ("h2", "8.6 Exceptions"),
    (
        "p",
        "You or your prescriber may request an exception to cover a drug that is not on the Drug List, to waive "
        "a step therapy requirement, or to exceed a quantity limit. We will decide a standard request within 72 "
        "hours and an expedited request within 24 hours after we receive the prescriber's supporting statement. "
        "If we deny the request, you may ask for an external exception review by an independent review "
        "organization.",
    ),
    ("h2", "8.7 Drugs not covered under the pharmacy benefit"),
    (
        "bul",
        [
            "drugs used for cosmetic purposes, such as for hair growth or wrinkle reduction;",
            "drugs used primarily for weight loss, except as listed on the Drug List for Covered Persons who meet "
            "our criteria;",
            "drugs for the treatment of infertility;",
            "over-the-counter drugs and drugs with an over-the-counter equivalent, unless required by law to be "
            "covered as preventive care;",
            "compounded medications containing ingredients that are not FDA-approved, or that are not medically "
            "necessary in a compounded form;",
            "replacement of lost, stolen or destroyed medications, except once per Plan Year; and",
            "drugs dispensed in a Hospital, Skilled Nursing Facility or provider's office, which are covered under "
            "the medical benefit.",
        ],
    ),
]

UM = [
    (
        "p",
        "Granite Peak reviews certain services before, during and after they are provided to determine whether "
        "they are Medically Necessary and are Covered Services. Reviews are made by licensed nurses and physicians "
        "using nationally recognized clinical criteria and Granite Peak's medical policies, which are available "
        "on our website.",
    ),
    ("h2", "9.1 Services that require Precertification"),
    (
        "bul",
        [
            "non-emergency Inpatient admissions, including admissions to a Skilled Nursing Facility, acute "
            "rehabilitation facility, long-term acute care hospital or Residential Treatment center;",
            "advanced imaging (CT, MRI, MRA, PET and nuclear medicine) and sleep studies in a facility;",
            "home health care, private-duty nursing approved under Section 6, and non-emergency ambulance transport;",
            "Durable Medical Equipment costing more than $1,500;",
            "genetic testing;",
            "organ and tissue transplants and bariatric surgery;",
            "applied behavior analysis, electroconvulsive therapy and transcranial magnetic stimulation; and",
            "Specialty Drugs, as described in Section 8.4.",
        ],
    ),
    ("h2", "9.2 Who requests Precertification"),
    (
        "p",
        "Network Providers must request Precertification for you. If you see an Out-of-Network Provider, you are "
        "responsible for making sure Precertification is requested. If Precertification is not obtained for a "
        "service received from an Out-of-Network Provider, benefits will be reduced by 50%, up to $1,000 per "
        "service, if the service is later found to be Medically Necessary; if it is not Medically Necessary, no "
        "benefits are paid.",
    ),
    ("h2", "9.3 Time frames"),
    (
        "p",
        "We decide urgent pre-service requests within 72 hours, standard pre-service requests within 7 calendar "
        "days, and concurrent review requests to extend an ongoing course of treatment within 24 hours if the "
        "request is made at least 24 hours before the approved period ends. We may extend a standard time frame "
        "once by up to 15 days if we need information that was not provided, and will tell you what is needed.",
    ),
    ("h2", "9.4 Case management"),
    (
        "p",
        "For Covered Persons with complex or catastrophic conditions, a case manager may work with you and your "
        "providers to develop a plan of care. With your agreement and your provider's, we may approve alternative "
        "services that are not otherwise covered when they are a cost-effective alternative to covered care. An "
        "alternative benefit approved for one person does not set a precedent for others.",
    ),
]

COB = [
    (
        "p",
        "If you are covered by more than one health plan, the plans coordinate their benefits so that together "
        "they pay no more than 100% of the allowable expense. The plan that pays first (the primary plan) pays "
        "as if there were no other coverage; the secondary plan then pays up to what it would have paid as "
        "primary, less what the primary plan paid.",
    ),
    ("h2", "10.1 Order of benefit determination"),
    (
        "num",
        [
            "A plan that has no coordination provision is always primary.",
            "The plan that covers a person as an employee, member or subscriber is primary to the plan that covers "
            "the person as a dependent.",
            "For a dependent child whose parents are married or living together, the plan of the parent whose "
            "birthday falls earlier in the calendar year is primary (the birthday rule).",
            "For a dependent child of divorced or separated parents, a court decree that makes one parent "
            "responsible for the child's health care expenses determines the order; otherwise the plan of the "
            "custodial parent is primary, then the plan of the custodial parent's spouse, then the plan of the "
            "non-custodial parent.",
            "The plan that covers a person as an active employee is primary to a plan that covers the person as a "
            "laid-off or retired employee, and to COBRA continuation coverage.",
            "If none of the rules above decides the order, the plan that has covered the person for the longer "
            "period is primary.",
        ],
    ),
    ("h2", "10.2 Medicare"),
    (
        "p",
        "For a retiree or a retiree's Dependent who is entitled to Medicare, Medicare is primary and this Plan "
        "pays secondary, whether or not the person has enrolled in Medicare Part B. We will estimate Medicare's "
        "payment if the person is eligible for but not enrolled in Part B. For a person with end-stage renal "
        "disease, this Plan is primary during the first 30 months of Medicare eligibility.",
    ),
    ("h2", "10.3 Subrogation and reimbursement"),
    (
        "p",
        "If another party is responsible for an illness or injury for which we pay benefits, we have the right "
        "to recover those payments from any settlement, judgment or other recovery you receive from that party "
        "or its insurer, including uninsured or underinsured motorist coverage. You must cooperate with us, tell "
        "us promptly of any claim you make against another party, and do nothing to prejudice our rights. Our "
        "recovery will be reduced by a share of reasonable attorney fees and costs as New Hampshire law "
        "provides.",
    ),
    ("h2", "10.4 Workers' compensation"),
    (
        "p",
        "This Plan does not pay for services covered, or required to be covered, by workers' compensation "
        "insurance. If a workers' compensation claim is disputed, we will pay benefits while the dispute is "
        "pending, subject to our right of reimbursement.",
    ),
]

APPEALS = [
    ("h2", "11.1 Filing a claim"),
    (
        "p",
        "Network Providers file claims for you. If you receive care from an Out-of-Network Provider who does not "
        "file the claim, send us an itemized bill and a claim form within 12 months of the date of service. "
        "Claims filed later will not be paid unless it was not reasonably possible to file them on time. We will "
        "decide a post-service claim within 30 days after we receive it.",
    ),
    ("h2", "11.2 Inquiries and complaints"),
    (
        "p",
        "Most questions can be answered by Member Services. If you are not satisfied with a decision or with the "
        "service you received, you may file a complaint by phone, in writing, or through the member website. We "
        "will acknowledge a written complaint within 5 business days and respond within 30 days.",
    ),
    ("h2", "11.3 Internal appeals"),
    (
        "p",
        "You, or a representative you authorize in writing, may appeal an Adverse Benefit Determination within "
        "180 days after you receive notice of it. You may submit written comments, documents and other "
        "information, and you may ask for copies of all documents relevant to your claim free of charge. An "
        "appeal of a decision based on medical judgment will be decided by a physician in the same or a similar "
        "specialty who was not involved in the original decision.",
    ),
    (
        "p",
        "We will decide an appeal of a pre-service claim within 30 days, an appeal of a post-service claim within "
        "60 days, and an expedited appeal within 72 hours. You may request an expedited appeal when the standard "
        "time frame could seriously jeopardize your life, health or ability to regain maximum function, or for "
        "an appeal involving a continued stay for which you have received Emergency Services.",
    ),
    ("h2", "11.4 External review"),
    (
        "p",
        "If we uphold an Adverse Benefit Determination that involves medical judgment, including a determination "
        "that a service is not Medically Necessary or is Experimental or Investigational, or a rescission of "
        "coverage, you may request an independent external review within four months after you receive our "
        "final decision. Requests are made to the New Hampshire Insurance Department, 21 South Fruit Street, "
        "Suite 14, Concord, NH 03301, telephone 1-800-852-3416. The decision of the independent review "
        "organization is binding on Granite Peak.",
    ),
    (
        "p",
        "For an external review of a denial based on a determination that a service is Experimental or "
        "Investigational, your treating physician must certify that standard health care services have not been "
        "effective or are not medically appropriate for you, or that there is no more beneficial standard "
        "service covered by the Plan, and that the requested service is likely to be more beneficial to you than "
        "any available standard service.",
    ),
    ("h2", "11.5 Legal action"),
    (
        "p",
        "You may not bring a lawsuit to recover benefits under this Plan until you have exhausted the internal "
        "appeal process, and no later than three years after the date the claim was required to be filed. If "
        "this Plan is governed by ERISA, you have the right to bring a civil action under section 502(a) of ERISA "
        "after you have exhausted your internal appeals.",
    ),
]

EXCLUSIONS = [
    (
        "p",
        "In addition to any exclusions and limitations stated elsewhere in this booklet, the Plan does not cover "
        "the following services, supplies, drugs or charges, or any services related to them or any "
        "complications resulting from them:",
    ),
    (
        "num",
        [
            "**Acupuncture** and acupressure.",
            "**Alternative and complementary medicine**, including naturopathic, homeopathic and Ayurvedic services, "
            "hypnotherapy, biofeedback other than for urinary incontinence, and aromatherapy.",
            "**Bariatric surgery** that does not meet our medical policy criteria, and revision of a prior bariatric "
            "surgery except to correct a complication.",
            "**Charges** for missed appointments, completion of forms, copies of medical records, telephone calls "
            "other than Telehealth, and taxes.",
            "**Cosmetic services**: surgery, procedures, drugs or supplies to improve appearance, including treatment "
            "of complications, except Reconstructive Surgery.",
            "**Court-ordered** testing or treatment, unless Medically Necessary and otherwise covered.",
            "**Custodial Care**, domiciliary care, rest cures and respite care other than Hospice respite care.",
            "**Dental care** for adults, including dental x-rays, implants, and orthodontia, except as described in "
            "Sections 6.5 and 6.12.",
            "**Educational services**, including vocational rehabilitation, tutoring, and services provided by a "
            "school district under an individualized education program.",
            "**Experimental or Investigational services** (sometimes called investigative or unproven services): "
            "drugs, devices, treatments or procedures that are Experimental or Investigational as defined in Section 2, "
            "except the routine patient costs of an approved clinical trial described in Section 6.11.",
            "**Eye surgery** to correct refractive error, such as LASIK, and orthoptic training.",
            "**Foot care** that is routine, except as described in Section 6.27, and orthopedic shoes other than "
            "therapeutic footwear for diabetes.",
            "**Hearing aids** for Covered Persons age 19 and older.",
            "**Infertility treatment**, reversal of voluntary sterilization, and surrogacy.",
            "**Long-term care**, and care in an assisted living facility.",
            "**Services not Medically Necessary**, even if ordered by a provider.",
            "**Non-emergency care** received outside the United States.",
            "**Personal comfort items**, such as telephones, televisions, air conditioners, humidifiers, exercise "
            "equipment and home modifications.",
            "**Private-duty nursing**, except when approved in advance under Section 9.",
            "**Services by a relative**, or by a person who ordinarily lives in your household.",
            "**Services for which no charge would be made** in the absence of insurance, or for which you have no "
            "legal obligation to pay.",
            "**Sexual dysfunction** treatment, including drugs, devices and surgery, except when caused by an illness "
            "or injury such as prostate cancer surgery.",
            "**Travel expenses**, except as described for transplants in Section 6.34.",
            "**War**: illness or injury resulting from war or any act of war, declared or undeclared, while serving "
            "in the military forces of any country.",
            "**Weight loss programs**, whether or not supervised by a physician, and food or food supplements except "
            "as described in Section 6.25.",
        ],
    ),
    ("h2", "12.1 Limitations"),
    (
        "p",
        "Benefit maximums stated in visits, days or dollars apply per Covered Person per Plan Year unless "
        "otherwise stated, and include services received from Network and Out-of-Network Providers combined. "
        "Limits on the number of visits do not apply to services for mental health conditions, substance use "
        "disorders or autism spectrum disorder.",
    ),
]

TERMINATION = [
    ("h2", "13.1 When your coverage ends"),
    (
        "p",
        "Your coverage ends on the earliest of: the last day of the month in which you stop being an eligible "
        "employee; the end of the period for which the last premium was paid; the date the Group Contract ends; "
        "or the date you are no longer eligible under the Group's retiree rules. A Dependent's coverage also "
        "ends when the Dependent stops meeting the definition of Dependent, or when the Subscriber's coverage "
        "ends.",
    ),
    (
        "p",
        "We may rescind coverage, meaning cancel it retroactively, only if you or the Group committed fraud or "
        "made an intentional misrepresentation of material fact. We will give you at least 30 days' advance "
        "written notice before a rescission.",
    ),
    ("h2", "13.2 Continuation of coverage under COBRA"),
    (
        "p",
        "If the Group has 20 or more employees, you and your Dependents may be able to continue coverage under "
        "the Consolidated Omnibus Budget Reconciliation Act (COBRA) for up to 18 months after your employment "
        "ends or your hours are reduced, and your Dependents for up to 36 months after your death, divorce, "
        "legal separation or entitlement to Medicare, or a child's loss of Dependent status. You must elect "
        "continuation within 60 days after the later of the date coverage would end or the date you receive the "
        "election notice, and pay the premium, which may be up to 102% of the full cost of coverage.",
    ),
    ("h2", "13.3 New Hampshire continuation"),
    (
        "p",
        "If the Group has fewer than 20 employees, New Hampshire law gives you and your Dependents a similar "
        "right to continue coverage for up to 18 months (36 months for certain Dependents). The Group will "
        "give you information about how to elect state continuation.",
    ),
    ("h2", "13.4 Extension of benefits for total disability"),
    (
        "p",
        "If you are totally disabled and confined as an Inpatient on the date your coverage ends, we will "
        "continue to pay benefits for the condition causing the disability until you are discharged, up to 12 "
        "months, unless you have become covered under another plan that covers the condition.",
    ),
    ("h2", "13.5 Certificate of coverage and conversion"),
    (
        "p",
        "When your coverage ends, you may obtain individual coverage through the Health Insurance Marketplace at "
        "HealthCare.gov, where you may qualify for a special enrollment period and premium tax credits. Loss of "
        "coverage is a qualifying event for that purpose.",
    ),
]

GENERAL = [
    ("h2", "14.1 Entire contract"),
    (
        "p",
        "The Group Contract, this booklet, the Schedule of Benefits, any riders and amendments, and the "
        "enrollment applications form the entire contract. No agent or employee of Granite Peak may change it; "
        "changes are valid only if approved by an officer of Granite Peak and attached to the Group Contract.",
    ),
    ("h2", "14.2 Relationship with providers"),
    (
        "p",
        "Network Providers are independent contractors, not employees or agents of Granite Peak. Granite Peak "
        "is not responsible for the acts or omissions of any provider. Decisions about your medical care are "
        "made by you and your provider; our decisions are about what the Plan will pay for.",
    ),
    ("h2", "14.3 Clerical errors"),
    (
        "p",
        "A clerical error in keeping records does not continue coverage that should have ended, or end coverage "
        "that should have continued. When an error is found, premiums and benefits will be adjusted fairly.",
    ),
    ("h2", "14.4 Right to receive and release information"),
    (
        "p",
        "We may obtain from providers and other plans the information we need to administer this Plan, and may "
        "release information as permitted by the HIPAA Privacy Rule. Our Notice of Privacy Practices describes "
        "how medical information about you may be used and disclosed and how you can get access to it.",
    ),
    ("h2", "14.5 Payment of benefits"),
    (
        "p",
        "We pay Network Providers directly. We may pay an Out-of-Network Provider directly or pay you, at our "
        "option, unless you have assigned benefits to the provider as New Hampshire law permits. Payment to "
        "either discharges our obligation for that claim.",
    ),
    ("h2", "14.6 Recovery of overpayments"),
    (
        "p",
        "If we pay more than we should have, we may recover the excess from the person or provider we paid, or "
        "offset it against future claims. We will not seek recovery from a provider more than 18 months after "
        "the payment, except in cases of fraud.",
    ),
    ("h2", "14.7 Governing law"),
    (
        "p",
        "This Plan is governed by the laws of the State of New Hampshire, except to the extent preempted by "
        "federal law, including ERISA where it applies.",
    ),
]

NOTICES = [
    ("h2", "Nondiscrimination notice"),
    (
        "p",
        "Granite Peak Health Plan complies with applicable federal civil rights laws and does not discriminate "
        "on the basis of race, color, national origin, age, disability or sex. Granite Peak does not exclude "
        "people or treat them differently because of race, color, national origin, age, disability or sex. We "
        "provide free aids and services to people with disabilities to communicate effectively with us, such as "
        "qualified sign language interpreters and written information in other formats, and free language "
        "services to people whose primary language is not English. If you need these services, contact our "
        "Civil Rights Coordinator at 1-866-318-5540 (TTY 711).",
    ),
    (
        "p",
        "If you believe that Granite Peak has failed to provide these services or discriminated in another way, "
        "you can file a grievance with the Civil Rights Coordinator, 100 Summit Avenue, Manchester, NH 03101. "
        "You can also file a civil rights complaint with the U.S. Department of Health and Human Services, "
        "Office for Civil Rights, electronically through the Office for Civil Rights Complaint Portal, at "
        "https://ocrportal.hhs.gov/ocr/portal/lobby.jsf, or by mail or phone at 200 Independence Avenue SW, "
        "Room 509F, HHH Building, Washington, DC 20201, 1-800-368-1019 (TDD 1-800-537-7697).",
    ),
    ("h2", "Language assistance"),
    (
        "p",
        "ATENCI\u00d3N: si habla espa\u00f1ol, tiene a su disposici\u00f3n servicios gratuitos de asistencia "
        "ling\u00fc\u00edstica. Llame al 1-866-318-5540 (TTY: 711).\n"
        "ATTENTION : Si vous parlez fran\u00e7ais, des services d'aide linguistique vous sont propos\u00e9s "
        "gratuitement. Appelez le 1-866-318-5540 (ATS : 711).\n"
        "ATEN\u00c7\u00c3O: Se fala portugu\u00eas, encontram-se dispon\u00edveis servi\u00e7os lingu\u00edsticos, "
        "gr\u00e1tis. Ligue para 1-866-318-5540 (TTY: 711).\n"
        "ACHTUNG: Wenn Sie Deutsch sprechen, stehen Ihnen kostenlos sprachliche Hilfsdienstleistungen zur "
        "Verf\u00fcgung. Rufnummer: 1-866-318-5540 (TTY: 711).\n"
        "ATTENZIONE: In caso la lingua parlata sia l'italiano, sono disponibili servizi di assistenza linguistica "
        "gratuiti. Chiamare il numero 1-866-318-5540 (TTY: 711).\n"
        "PAUNAWA: Kung nagsasalita ka ng Tagalog, maaari kang gumamit ng mga serbisyo ng tulong sa wika nang walang "
        "bayad. Tumawag sa 1-866-318-5540 (TTY: 711).\n"
        "ATANSYON: Si w pale Krey\u00f2l Ayisyen, gen s\u00e8vis \u00e8d pou lang ki disponib gratis pou ou. Rele "
        "1-866-318-5540 (TTY: 711).",
    ),
    ("h2", "Women's Health and Cancer Rights Act"),
    (
        "p",
        "If you have had or are going to have a mastectomy, you may be entitled to certain benefits under the "
        "Women's Health and Cancer Rights Act of 1998. For individuals receiving mastectomy-related benefits, "
        "coverage will be provided in a manner determined in consultation with the attending physician and the "
        "patient, for all stages of reconstruction of the breast on which the mastectomy was performed; surgery "
        "and reconstruction of the other breast to produce a symmetrical appearance; prostheses; and treatment "
        "of physical complications of the mastectomy, including lymphedema.",
    ),
    ("h2", "Newborns' and Mothers' Health Protection Act"),
    (
        "p",
        "Group health plans generally may not restrict benefits for any hospital length of stay in connection "
        "with childbirth for the mother or newborn child to less than 48 hours following a vaginal delivery, or "
        "less than 96 hours following a cesarean section. However, the attending provider, after consulting with "
        "the mother, may discharge the mother or her newborn earlier.",
    ),
]


WELLNESS = [
    (
        "p",
        "Granite Peak offers programs that help you stay healthy and manage chronic conditions. Participation is "
        "voluntary, and your decision to participate or not does not affect your eligibility, premiums or "
        "benefits under this Plan except as stated for the tobacco-free incentive below.",
    ),
    ("h2", "Condition management"),
    (
        "p",
        "Registered nurses and health coaches work by telephone and secure messaging with members who have "
        "asthma, chronic obstructive pulmonary disease, diabetes, heart failure, coronary artery disease or high "
        "blood pressure. They help you understand your condition, prepare for visits with your doctor, and keep "
        "track of the tests and vaccinations recommended for you.",
    ),
    ("h2", "Maternity program"),
    (
        "p",
        "Expectant parents who enroll in the first trimester receive a pregnancy guide, screening for risk factors "
        "such as gestational diabetes and depression, and a nurse contact who is available through the first "
        "eight weeks after delivery. Members who complete the program receive a car seat or a $75 gift card.",
    ),
    ("h2", "Tobacco cessation"),
    (
        "p",
        "Counseling, nicotine replacement therapy and prescription cessation drugs are covered without cost "
        "sharing for two quit attempts per Plan Year. Members who certify that they have not used tobacco for "
        "six months, or who complete the cessation program, qualify for the premium incentive offered by the "
        "Group; a reasonable alternative standard is available to anyone for whom it is unreasonably difficult "
        "to meet the standard because of a medical condition.",
    ),
    ("h2", "Fitness reimbursement"),
    (
        "p",
        "We reimburse up to $150 per Plan Year for each adult member toward membership in a qualified fitness "
        "facility, when the member uses the facility at least 50 times in a six-month period. Send the "
        "reimbursement form with proof of membership and attendance within 90 days after the end of the "
        "six-month period.",
    ),
]

PRIVACY = [
    (
        "p",
        "THIS NOTICE DESCRIBES HOW MEDICAL INFORMATION ABOUT YOU MAY BE USED AND DISCLOSED AND HOW YOU CAN GET "
        "ACCESS TO THIS INFORMATION. PLEASE REVIEW IT CAREFULLY.",
    ),
    ("h2", "How we may use and disclose your health information"),
    (
        "p",
        "For treatment: we may share information with your doctors, for example to help coordinate your care "
        "after a hospital stay. For payment: we use information to decide eligibility, process claims, and "
        "determine whether a service is covered. For health care operations: we use information to run our "
        "business, for example to conduct quality assessment, review the competence of providers, and detect "
        "fraud. We do not use genetic information to decide whether to give you coverage or the price of it.",
    ),
    (
        "p",
        "We may also use or disclose information as required by law; for public health activities; to report "
        "abuse, neglect or domestic violence; for health oversight activities; in judicial and administrative "
        "proceedings; for law enforcement purposes; to coroners, medical examiners and funeral directors; for "
        "organ donation; for research approved by a review board; to avert a serious threat to health or safety; "
        "for specialized government functions; and for workers' compensation.",
    ),
    ("h2", "Uses that require your written authorization"),
    (
        "p",
        "Most uses and disclosures of psychotherapy notes, uses and disclosures for marketing, and sales of "
        "health information require your written authorization. Other uses and disclosures not described in "
        "this notice will be made only with your written authorization, which you may revoke at any time in "
        "writing, except to the extent we have already acted on it.",
    ),
    ("h2", "Your rights"),
    (
        "bul",
        [
            "to see and get a paper or electronic copy of your health and claims records;",
            "to ask us to correct health and claims records you think are incorrect or incomplete;",
            "to request confidential communications, for example at a different mailing address;",
            "to ask us to limit what we use or share, although we are not required to agree in most cases;",
            "to get a list of the times, in the six years before you ask, that we shared your information for "
            "purposes other than treatment, payment and operations;",
            "to get a paper copy of this notice at any time, even if you agreed to receive it electronically; and",
            "to choose someone to act for you, such as a person with a medical power of attorney.",
        ],
    ),
    ("h2", "Complaints"),
    (
        "p",
        "If you believe your privacy rights have been violated, you may file a complaint with our Privacy "
        "Office at 100 Summit Avenue, Manchester, NH 03101, or with the U.S. Department of Health and Human "
        "Services Office for Civil Rights. We will not retaliate against you for filing a complaint. This notice "
        "is effective July 1, 2026.",
    ),
]

AMENDMENT = [
    (
        "p",
        "**Amendment No. 1 to the Granite Peak Silver Select PPO Evidence of Coverage.** This amendment is part of "
        "your Evidence of Coverage. It takes effect on July 1, 2026, and changes the booklet as stated below. "
        "Where this amendment and the booklet disagree, this amendment controls.",
    ),
    ("h2", "1. Section 6.13, Diabetes services and supplies"),
    (
        "p",
        "The second sentence is replaced with: \u201cInsulin and glucagon are covered under the prescription drug "
        "benefit with a cost share of no more than $25 for a 30-day supply, and are not subject to the "
        "Deductible.\u201d",
    ),
    ("h2", "2. Section 6.36, Vision care"),
    (
        "p",
        "The benefit for eyeglass lenses and frames, or contact lenses, for Covered Persons under age 19 is "
        "increased to one pair of each type per Plan Year when the member's prescription changes by at least 0.5 "
        "diopter.",
    ),
    ("h2", "3. Section 12, Exclusions and Limitations"),
    ("p", "The following exclusion is added after exclusion 10 (Experimental or Investigational services):"),
    (
        "p",
        "\u201c10a. **Ketamine** for a mental health condition: intravenous ketamine infusion, intramuscular or "
        "oral ketamine, and ketamine-assisted therapy, for depression (including treatment-resistant depression) "
        "or for any other psychiatric condition. Granite Peak considers these uses investigational. This "
        "exclusion does not apply to ketamine used as an anesthetic as described in Section 6.5.\u201d",
    ),
    ("h2", "4. Section 11.4, External review"),
    (
        "p",
        "The address of the New Hampshire Insurance Department is updated to 21 South Fruit Street, Suite 14, "
        "Concord, NH 03301.",
    ),
    (
        "p",
        "Signed for Granite Peak Health Plan, Inc. by its President and Chief Executive Officer and its "
        "Secretary. Amendment form GPHP-AMD-2026-01.",
    ),
]


DENTAL = [
    (
        "p",
        "This appendix describes the pediatric dental benefit, an essential health benefit for Covered Persons "
        "under age 19. Coverage ends at the end of the month in which the child turns 19. Services must be "
        "provided by a dentist in the Granite Peak Dental network; out-of-network dental services are not "
        "covered except for emergency palliative treatment.",
    ),
    ("h2", "A.1 Class I \u2013 diagnostic and preventive (no charge)"),
    (
        "p",
        "Oral evaluations twice per Plan Year; bitewing x-rays once per Plan Year and a full-mouth or panoramic "
        "x-ray once every 60 months; cleanings and fluoride treatments twice per Plan Year; sealants on permanent "
        "molars once per tooth every 36 months; and space maintainers for the premature loss of primary teeth.",
    ),
    ("h2", "A.2 Class II \u2013 basic services (30% Coinsurance after the dental Deductible)"),
    (
        "p",
        "Amalgam and composite fillings; simple extractions; pulpotomy and root canal therapy; periodontal "
        "scaling and root planing once per quadrant every 24 months; and emergency treatment of dental pain. "
        "The dental Deductible is $50 per child per Plan Year and counts toward the medical Out-of-Pocket "
        "Maximum.",
    ),
    ("h2", "A.3 Class III \u2013 major services (50% Coinsurance after the dental Deductible)"),
    (
        "p",
        "Crowns, bridges and dentures, once per tooth every 60 months; surgical extractions, including impacted "
        "teeth; and general anesthesia or IV sedation when Medically Necessary for a covered oral surgery.",
    ),
    ("h2", "A.4 Orthodontia (50% Coinsurance)"),
    (
        "p",
        "Comprehensive orthodontic treatment is covered only when Medically Necessary because of a severe, "
        "handicapping malocclusion, such as a cleft palate or a score of 26 or more on the index used by Granite "
        "Peak Dental, and requires Precertification with models and x-rays. Cosmetic orthodontia is not covered.",
    ),
]

PREVENTIVE_TABLE = [
    ("Well-baby and well-child visits", "Birth to age 21", "At the ages recommended by Bright Futures"),
    ("Adult wellness exam", "Age 22 and older", "Once per Plan Year"),
    ("Blood pressure screening", "Age 18 and older", "At each wellness exam"),
    ("Cholesterol screening", "Ages 40 to 75; younger with risk factors", "Every 5 years, or as recommended"),
    ("Diabetes screening", "Ages 35 to 70 with overweight or obesity", "Every 3 years"),
    ("Colorectal cancer screening", "Ages 45 to 75", "Colonoscopy every 10 years, or stool test yearly"),
    ("Breast cancer screening (mammogram)", "Women age 40 and older", "Every 1 to 2 years"),
    ("Cervical cancer screening", "Women ages 21 to 65", "Pap test every 3 years, or co-testing every 5 years"),
    ("Lung cancer screening (low-dose CT)", "Ages 50 to 80 with a 20 pack-year history", "Once per Plan Year"),
    ("Osteoporosis screening", "Women age 65 and older, or younger at risk", "As recommended"),
    ("Abdominal aortic aneurysm screening", "Men ages 65 to 75 who have ever smoked", "Once"),
    ("Hepatitis C screening", "Ages 18 to 79", "Once, more often if at risk"),
    ("HIV screening", "Ages 15 to 65", "At least once"),
    ("HIV pre-exposure prophylaxis (PrEP)", "Adults and adolescents at risk", "Drugs, lab tests and visits"),
    ("Depression screening", "Age 12 and older", "At wellness exams"),
    ("Anxiety screening", "Ages 8 to 64", "At wellness exams"),
    ("Unhealthy alcohol and drug use screening", "Age 18 and older", "At wellness exams"),
    ("Tobacco use counseling", "All ages", "Two quit attempts per Plan Year"),
    ("Obesity screening and counseling", "Age 6 and older", "Intensive counseling when indicated"),
    ("Prenatal screenings", "Pregnant members", "As recommended during pregnancy"),
    ("Breastfeeding support and supplies", "Pregnant and nursing members", "Per pregnancy"),
    ("Contraception", "Members with reproductive capacity", "FDA-approved methods"),
    ("Immunizations", "All ages", "As recommended by the ACIP"),
    ("Lead screening", "Children at risk", "Ages 1 and 2"),
    ("Vision screening", "Ages 3 to 5", "At least once"),
    ("Hearing screening", "Newborns; children", "At birth and at recommended ages"),
    ("Fluoride varnish", "Children to age 5", "Up to 4 times per Plan Year"),
]


def _covered_blocks():
    out = [
        (
            "p",
            "This Section describes the medical services the Plan covers. A service is covered only if it is "
            "Medically Necessary, is not excluded in Section 12, and, where this booklet says so, has received "
            "Precertification. The Schedule of Benefits in Section 5 shows what you pay.",
        )
    ]
    for heading, paras in COVERED:
        out.append(("h2", heading))
        out += [("p", p) for p in paras]
    return out


EOC03 = dict(
    file="eoc03_granite_peak_eoc_full.pdf",
    insurer="Granite Peak Health Plan",
    title="Evidence of Coverage",
    running="Granite Peak Health Plan \u2013 Evidence of Coverage \u2013 Silver Select PPO",
    footer="GPHP-EOC-SS-PPO-2026",
    font="Arial",
    size=11.4,
    columns=1,
    new_page_sections=True,
    leading=1.5,
    blocks=[
        ("cover",),
        ("title", "Granite Peak Health Plan, Inc."),
        ("title", "Evidence of Coverage"),
        ("subtitle", "Granite Peak Silver Select PPO"),
        ("subtitle", "Group Health Plan \u2013 Plan Year July 1, 2026 through June 30, 2027"),
        ("subtitle", "Group Number 00417-SS"),
        (
            "p",
            "This booklet describes your benefits under the group health plan provided by your employer and insured "
            "by Granite Peak Health Plan, Inc., 100 Summit Avenue, Manchester, New Hampshire 03101. Keep it in a "
            "safe place. It replaces any booklet you received before for this Plan.",
        ),
        (
            "p",
            "Member Services: 1-866-318-5540 (TTY 711), Monday through Friday, 8 a.m. to 6 p.m. Eastern time. "
            "www.granitepeakhealth.com",
        ),
        ("br",),
        ("toc",),
        ("br",),
        ("h1", "Section 1. Welcome"),
        (
            "p",
            "Thank you for choosing Granite Peak. This Evidence of Coverage explains how your Plan works: who is "
            "eligible, which services are covered, what you pay, what is excluded, and what to do if you disagree "
            "with a decision we make. The Summary of Benefits and Coverage you received at enrollment is a short "
            "summary; if it differs from this booklet, this booklet controls.",
        ),
        (
            "p",
            "Capitalized terms are defined in Section 2. Section 5 contains the Schedule of Benefits, a table of "
            "what you pay for each type of service. Sections 6 through 8 describe covered services, and Section 12 "
            "lists what is not covered. Please read Section 9, Precertification, before you schedule a hospital "
            "stay, advanced imaging or a Specialty Drug.",
        ),
        ("h2", "Your rights and responsibilities"),
        (
            "bul",
            [
                "You have the right to receive information about the Plan, its services, its providers, and your "
                "rights and responsibilities.",
                "You have the right to be treated with respect and with recognition of your dignity and your right "
                "to privacy.",
                "You have the right to participate with your providers in making decisions about your health care, "
                "and to a candid discussion of appropriate or medically necessary treatment options, regardless of "
                "cost or benefit coverage.",
                "You have the right to voice complaints or appeals about the Plan or the care it covers.",
                "You have the responsibility to give the Plan and your providers the information they need to care "
                "for you, to follow the plans and instructions for care you have agreed to, and to understand your "
                "health problems as far as you are able.",
            ],
        ),
        ("h1", "Section 2. Definitions"),
        (
            "p",
            "The following terms have the meanings given below wherever they appear in this booklet with an "
            "initial capital letter.",
        ),
        *[("def", term + ".", text) for term, text in DEFINITIONS],
        ("h1", "Section 3. Eligibility, Enrollment and Effective Dates"),
        *ELIGIBILITY,
        ("h1", "Section 4. How Your PPO Plan Works"),
        *HOW_PPO_WORKS,
        ("h1", "Section 5. Schedule of Benefits"),
        (
            "p",
            "The amounts below are what you pay. Coinsurance is a percentage of the Allowed Amount. Unless the "
            "table says the Deductible is waived, you pay the full Allowed Amount for a service until you meet "
            "your Deductible.",
        ),
        (
            "table",
            ["Covered Service", "Network Providers", "Out-of-Network Providers", "Notes"],
            [list(r) for r in SCHEDULE],
            [0.3, 0.22, 0.22, 0.26],
        ),
        ("h1", "Section 6. Covered Medical Services"),
        *_covered_blocks(),
        ("h1", "Section 7. Mental Health and Substance Use Disorder Services"),
        *MENTAL_HEALTH,
        ("h1", "Section 8. Prescription Drug Benefits"),
        *DRUGS,
        ("h1", "Section 9. Precertification and Utilization Management"),
        *UM,
        ("h1", "Section 10. Coordination of Benefits and Subrogation"),
        *COB,
        ("h1", "Section 11. Claims, Complaints and Appeals"),
        *APPEALS,
        ("h1", "Section 12. Exclusions and Limitations"),
        *EXCLUSIONS,
        ("h1", "Section 13. When Coverage Ends; Continuation of Coverage"),
        *TERMINATION,
        ("h1", "Section 14. General Provisions"),
        *GENERAL,
        ("h1", "Section 15. Wellness and Care Programs"),
        *WELLNESS,
        ("h1", "Section 16. Important Notices"),
        *NOTICES,
        ("h1", "Section 17. Notice of Privacy Practices"),
        *PRIVACY,
        ("h1", "Appendix A. Pediatric Dental Services"),
        *DENTAL,
        ("h1", "Appendix B. Preventive Care Schedule"),
        (
            "p",
            "The preventive services below are covered without cost sharing from Network Providers. This is a "
            "summary; the complete list is at www.healthcare.gov/coverage/preventive-care-benefits.",
        ),
        ("table", ["Service", "Who", "How often"], [list(r) for r in PREVENTIVE_TABLE], [0.38, 0.32, 0.30]),
        ("h1", "Amendments"),
        *AMENDMENT,
    ],
)
