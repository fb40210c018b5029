"""Prose of the sample Evidence/Certificate of Coverage excerpts and insurer medical policies, as data.

A document is a dict with layout settings and `blocks`, a list of tuples:
  ("title", text)            large centred title lines (cover)
  ("h1", text)               numbered section heading (starts a new page where the layout says so)
  ("h2", text)               sub-heading
  ("p", text)                paragraph          (markup as in sbc_plans: **bold**, __underline__)
  ("bul", [items])           bulleted list
  ("num", [items])           numbered list (a., b., c. ...)
  ("def", term, text)        a definition (term in bold)
  ("table", [header], [[row], ...], [column fractions])
  ("br",)                    page break
  ("toc",)                   table of contents of the h1 headings, with page numbers
Invented insurers; the Aetna and BCBSMA medical policies are paraphrased models of the published
policies named in DESIGN.md, not copies.
"""

LDQ, RDQ, RSQ = "\u201c", "\u201d", "\u2019"  # curly quotes
NB = "\u00a0"

# ====================================================================================================
# eoc01: Tri-River Health Cooperative, Certificate of Coverage (excerpt), TWO COLUMNS.
# Names BOTH treatments: esketamine covered only for TRD / MDD with suicidal ideation, precertification
# required (section 5.9); ketamine infusion / ketamine-assisted therapy excluded as investigational
# (section 7), with the anesthetic use carved out.
# ====================================================================================================
EOC01 = dict(
    file="eoc01_tririver_certificate_2col.pdf",
    insurer="Tri-River Health Cooperative",
    title="Certificate of Coverage",
    running=f"Tri-River Health Cooperative {NB}|{NB} Certificate of Coverage {NB}|{NB} Standard HMO 3000",
    footer="TRHC-COC-LG-2026",
    font="Serif",
    size=9.0,
    columns=2,
    new_page_sections=False,
    blocks=[
        ("title", "Tri-River Health Cooperative"),
        ("title", "Certificate of Coverage"),
        ("subtitle", "Tri-River Standard HMO 3000 \u2013 Large Group Health Maintenance Organization Plan"),
        ("subtitle", "Effective January 1, 2026 \u2013 Excerpt: Sections 1 through 8"),
        ("h1", "SECTION 1. WELCOME TO TRI-RIVER"),
        (
            "p",
            f"This Certificate of Coverage ({LDQ}Certificate{RDQ}) describes the health care benefits available to you "
            f"as a Member of Tri-River Health Cooperative ({LDQ}Tri-River,{RDQ} {LDQ}we,{RDQ} {LDQ}us{RDQ} or "
            f"{LDQ}our{RDQ}) through the group health plan sponsored by your employer. It is part of the Group "
            f"Contract between Tri-River and your employer, together with the Schedule of Benefits, any riders and "
            f"amendments, and your enrollment application. Please read it carefully and keep it with your other "
            f"important papers.",
        ),
        (
            "p",
            "Words that begin with a capital letter have the special meanings given in Section 2. Benefits are "
            "subject to the Copayments, Coinsurance, Deductible and benefit maximums shown in the Schedule of "
            "Benefits. If this Certificate and the Group Contract disagree, the Group Contract governs.",
        ),
        (
            "p",
            "Questions? Call Member Services at 1-800-477-3320 (TTY 711), Monday through Friday, 7 a.m. to 7 p.m. "
            "Central time, or write to Tri-River Health Cooperative, Member Services, P.O. Box 4470, Mankato, MN "
            "56002.",
        ),
        ("h1", "SECTION 2. DEFINITIONS"),
        (
            "def",
            "Allowed Amount.",
            "The maximum amount we pay for a Covered Service. For Network Providers it is the "
            "rate we have agreed with the Provider; Network Providers may not bill you for "
            "charges above it.",
        ),
        (
            "def",
            "Behavioral Health Services.",
            "Services to diagnose or treat a mental health condition or a "
            "substance use disorder listed in the current edition of the "
            "Diagnostic and Statistical Manual of Mental Disorders (DSM).",
        ),
        (
            "def",
            "Coinsurance.",
            "The percentage of the Allowed Amount you pay for a Covered Service after the Deductible has been met.",
        ),
        ("def", "Copayment.", "A fixed dollar amount you pay for a Covered Service, usually when you receive it."),
        (
            "def",
            "Covered Service.",
            "A service or supply described in Section 5 or Section 6 that is Medically "
            "Necessary and is not excluded in Section 7.",
        ),
        (
            "def",
            "Custodial Care.",
            "Help with the activities of daily living, such as bathing, dressing, eating "
            "and taking medicines, that could be safely given by people without medical "
            "training.",
        ),
        (
            "def",
            "Emergency Medical Condition.",
            "A medical or behavioral condition with symptoms so severe, "
            "including severe pain, that a prudent layperson with an average "
            "knowledge of health and medicine could reasonably expect that the "
            "absence of immediate medical attention would place the person's "
            "health in serious jeopardy, seriously impair bodily functions or "
            "cause serious dysfunction of any bodily organ or part.",
        ),
        (
            "def",
            "Experimental or Investigational Service.",
            "A drug, device, treatment or procedure that, as determined by Tri-River's Medical Director: (a) cannot be "
            "lawfully marketed without the approval of the U.S. Food and Drug Administration (FDA) and has not received "
            "that approval for the use in question; (b) is the subject of ongoing Phase I, II or III clinical trials or "
            "is under study to determine its maximum tolerated dose, toxicity, safety or efficacy compared with the "
            "standard means of treatment; or (c) is not supported by reliable evidence, published in peer-reviewed "
            "medical literature, showing that it improves health outcomes as much as or more than established "
            "alternatives. FDA approval of a drug for one use does not mean that another use of the same drug is not "
            "Experimental or Investigational.",
        ),
        (
            "def",
            "Formulary.",
            "The list of prescription drugs we cover, with the tier of each drug. The Formulary is "
            "available at www.tririverhealth.coop/rx and may change during the year.",
        ),
        (
            "def",
            "Medically Necessary.",
            "Health care services that a prudent physician would provide to prevent, "
            "evaluate, diagnose or treat an illness, injury or its symptoms, in "
            "accordance with generally accepted standards of medical practice, "
            "clinically appropriate in type, frequency, extent, site and duration, and "
            "not primarily for the convenience of the Member or the Provider.",
        ),
        (
            "def",
            "Network Provider.",
            "A physician, hospital, clinic or other Provider that has a contract with "
            "Tri-River to provide Covered Services to Members.",
        ),
        (
            "def",
            "Precertification.",
            "Our approval, before you receive a service, that the service is Medically "
            "Necessary. Precertification is also called prior authorization. It is not a "
            "promise that we will pay: the service must still be a Covered Service and you "
            "must be enrolled on the date you receive it.",
        ),
        (
            "def",
            "Primary Care Provider (PCP).",
            "The Network physician, nurse practitioner or physician assistant "
            "you choose to provide and coordinate your care.",
        ),
        (
            "def",
            "Specialty Drug.",
            "A high-cost drug used to treat a complex or chronic condition that usually "
            "needs special handling, administration or monitoring, shown as Tier 4 on the "
            "Formulary.",
        ),
        (
            "def",
            "Telehealth.",
            "A visit with a Provider by real-time audio and video, or audio only where allowed, instead of in person.",
        ),
        ("h1", "SECTION 3. HOW YOUR HMO COVERAGE WORKS"),
        ("h2", "3.1 Choosing a Primary Care Provider"),
        (
            "p",
            "Each Member must choose a PCP from our Provider directory. You may choose a different PCP for each "
            "family member and may change your PCP once a month by calling Member Services; the change takes "
            "effect on the first day of the following month. A pediatrician may be chosen as the PCP for a child.",
        ),
        ("h2", "3.2 Referrals"),
        (
            "p",
            "Your PCP must give you a written or electronic referral before you see a Network specialist, except for "
            "obstetric and gynecological care, routine eye exams, Behavioral Health Services and Emergency "
            "Services. A referral is valid for the number of visits and the period shown on it, up to 12 months.",
        ),
        ("h2", "3.3 Care outside the network"),
        (
            "p",
            "Except for Emergency Services and urgent care while you are temporarily outside our service area, we "
            "do not pay for care from Providers who are not Network Providers unless we have approved it in "
            "advance because the care is not available from a Network Provider within the access standards of "
            "Minnesota law.",
        ),
        ("h2", "3.4 Continuity of care"),
        (
            "p",
            "If your Provider leaves our network while you are in an active course of treatment for a serious or "
            "complex condition, are pregnant, or are receiving inpatient care, you may ask to continue seeing that "
            "Provider for up to 90 days at the Network level of benefits.",
        ),
        ("h1", "SECTION 4. PRECERTIFICATION"),
        (
            "p",
            "Your Network Provider is responsible for requesting Precertification. Services that require "
            "Precertification include:",
        ),
        (
            "bul",
            [
                "all inpatient admissions other than emergency admissions and admissions for childbirth;",
                "skilled nursing facility, inpatient rehabilitation and long-term acute care admissions;",
                "home health care and hospice care;",
                "CT, MRI, PET and nuclear cardiology imaging;",
                "outpatient surgical procedures listed on our website;",
                "Specialty Drugs, whether dispensed by a pharmacy or given in a Provider's office (see Section 6);",
                "durable medical equipment with a purchase price over $750;",
                "genetic and molecular testing; and",
                "electroconvulsive therapy and transcranial magnetic stimulation.",
            ],
        ),
        (
            "p",
            "We decide standard requests within 7 calendar days and urgent requests within 72 hours. If a "
            "required Precertification is not obtained, we will review the service after it is provided; if it "
            "was not Medically Necessary, the Network Provider may not bill you for it.",
        ),
        ("h1", "SECTION 5. COVERED SERVICES"),
        ("h2", "5.1 Preventive care"),
        (
            "p",
            "Preventive services recommended by the U.S. Preventive Services Task Force (grades A and B), "
            "immunizations recommended by the CDC, and preventive care for women and children supported by HRSA "
            "are covered with no cost sharing from Network Providers.",
        ),
        ("h2", "5.2 Physician and other professional services"),
        (
            "p",
            "Office visits, consultations and Telehealth visits with your PCP and, with a referral, with Network "
            "specialists; allergy testing and treatment; injections given in the office.",
        ),
        ("h2", "5.3 Emergency and urgent care"),
        (
            "p",
            "Emergency Services for an Emergency Medical Condition are covered in and out of the network at the "
            "Network cost sharing, without Precertification. Call us within 48 hours of an emergency admission, "
            "or as soon as reasonably possible.",
        ),
        ("h2", "5.4 Hospital services"),
        (
            "p",
            "Semi-private room and board, intensive care, operating and recovery rooms, drugs and supplies used "
            "during the stay, laboratory, imaging and therapy services, when Precertification has been obtained.",
        ),
        ("h2", "5.5 Outpatient surgery and anesthesia"),
        (
            "p",
            "Surgery in a hospital outpatient department or ambulatory surgery center, and the services of the "
            "anesthesiologist or certified registered nurse anesthetist, including the anesthetic drugs given "
            "during the procedure.",
        ),
        ("h2", "5.6 Maternity care"),
        (
            "p",
            "Prenatal and postnatal care, delivery, and inpatient care for at least 48 hours after a vaginal "
            "delivery or 96 hours after a cesarean section.",
        ),
        ("h2", "5.7 Rehabilitation and habilitation"),
        (
            "p",
            "Physical, occupational and speech therapy, up to 20 visits per therapy per calendar year; this limit "
            "does not apply to therapy for a mental health condition or autism spectrum disorder.",
        ),
        ("h2", "5.8 Behavioral Health Services"),
        (
            "p",
            "Outpatient office and Telehealth visits for evaluation, psychotherapy and medication management; "
            "intensive outpatient and partial hospitalization programs; residential treatment; and inpatient "
            "care. Behavioral Health Services are covered on the same terms as medical and surgical services, as "
            "federal and Minnesota parity laws require. You do not need a referral from your PCP.",
        ),
        ("h2", "5.9 Esketamine nasal spray (Spravato\u00ae)"),
        (
            "p",
            "We cover esketamine nasal spray (Spravato\u00ae) only for Members 18 years of age or older who have "
            "treatment-resistant depression, or depressive symptoms of major depressive disorder with acute "
            "suicidal ideation or behavior, when it is given in a health care setting certified under the "
            "Spravato\u00ae REMS program and Precertification is obtained before the first treatment. "
            "Precertification must be renewed for continued treatment after the initial approval period. We cover "
            "the drug, its administration and the required monitoring after each dose as one outpatient Behavioral "
            "Health Service; the specialist office visit Copayment applies to each treatment session.",
        ),
        ("h2", "5.10 Home health care"),
        (
            "p",
            "Intermittent skilled nursing and home health aide visits, and physical, occupational and speech "
            "therapy at home, when you are homebound and the care is ordered by a physician, up to 60 visits per "
            "calendar year.",
        ),
        ("h2", "5.11 Durable medical equipment and supplies"),
        (
            "p",
            "Rental or purchase, at our option, of equipment that can withstand repeated use, serves a medical "
            "purpose and is appropriate for use in the home, including repair and replacement due to normal wear "
            "or a change in your condition.",
        ),
        ("h1", "SECTION 6. PRESCRIPTION DRUG BENEFITS"),
        (
            "p",
            "Drugs on the Formulary are covered when prescribed by a licensed Provider and dispensed by a Network "
            "pharmacy, up to a 30-day supply at retail or a 90-day supply through our mail-order pharmacy for "
            "maintenance drugs. Your cost depends on the drug's tier: Tier 1 generic, Tier 2 preferred brand, "
            "Tier 3 non-preferred brand and Tier 4 Specialty Drugs.",
        ),
        (
            "p",
            "Specialty Drugs require Precertification and must be dispensed by the Tri-River specialty pharmacy, "
            "except the first fill of an urgently needed drug. Some drugs are subject to step therapy or quantity "
            "limits; these are marked on the Formulary.",
        ),
        (
            "p",
            "Controlled substances in Schedules II through V are dispensed only by a single Network pharmacy you "
            "choose, in quantities consistent with the prescriber's DEA registration and state law.",
        ),
        ("h1", "SECTION 7. EXCLUSIONS AND LIMITATIONS"),
        (
            "p",
            "We do not cover the following services and supplies, or any complications of them, even if they are "
            "recommended or prescribed by a Provider:",
        ),
        (
            "num",
            [
                "Services that are not Medically Necessary.",
                "Experimental or Investigational Services, except the routine costs of an approved clinical trial "
                "as required by law.",
                "Ketamine for mental health conditions: ketamine given by intravenous infusion, by intramuscular "
                "injection or by mouth (including Ketalar\u00ae and compounded ketamine), and ketamine-assisted "
                "psychotherapy, for depression, anxiety, post-traumatic stress disorder or any other mental health "
                "or substance use condition. We consider these uses investigational. This exclusion does not apply "
                "to esketamine nasal spray described in Section 5.9, or to ketamine used as an anesthetic during a "
                "covered procedure.",
                "Cosmetic services, except reconstructive surgery after a mastectomy or to correct a functional "
                "defect caused by illness, injury or a congenital anomaly.",
                "Custodial Care, and care in an assisted living facility or nursing home that is not skilled care.",
                "Dental services for Members age 19 and older, except treatment of an accidental injury to sound "
                "natural teeth.",
                "Hearing aids for Members age 19 and older.",
                "Weight-loss programs, and drugs used primarily for weight loss.",
                "Acupuncture and massage therapy.",
                "Routine foot care, except for Members with diabetes or peripheral vascular disease.",
                "Services for which you have no legal obligation to pay, or that are provided by a member of your "
                "family.",
                "Services received outside the United States, other than Emergency Services.",
                "Court-ordered services that are not Medically Necessary.",
                "Infertility treatment, other than diagnosis of the cause of infertility.",
                "Private-duty nursing.",
            ],
        ),
        ("h1", "SECTION 8. COMPLAINTS AND APPEALS"),
        (
            "p",
            "If we deny a request for Precertification or a claim, we will tell you why in writing and how to "
            "appeal. You may appeal by phone or in writing within 180 days of the denial. We will decide a "
            "standard appeal of a pre-service decision within 30 days and an expedited appeal within 72 hours. If "
            "we uphold a denial based on medical necessity, or because we consider a service Experimental or "
            "Investigational, you may request an external review by an independent review organization through "
            "the Minnesota Department of Commerce at 1-800-657-3602.",
        ),
    ],
)

# ====================================================================================================
# eoc02: Sunmeadow Health Plan, Evidence of Coverage (excerpt), single column.
# GENERIC experimental/investigational exclusion only; ketamine appears ONLY as an anesthetic (covered!) and
# in a controlled-substance clause: traps. No PA for outpatient mental health or specialty drugs ("Prior
# approval is not required for outpatient office visits"). IV ketamine: step 6. Esketamine: step 8.
# ====================================================================================================
EOC02 = dict(
    file="eoc02_sunmeadow_evidence_of_coverage.pdf",
    insurer="Sunmeadow Health Plan",
    title="Evidence of Coverage",
    running="Sunmeadow Health Plan \u2013 Evidence of Coverage \u2013 Bronze HSA 7000 EPO",
    footer="SMHP-EOC-IND-2026",
    font="Times",
    size=10.5,
    columns=1,
    new_page_sections=False,
    blocks=[
        ("title", "Sunmeadow Health Plan, Inc."),
        ("title", "Individual Evidence of Coverage"),
        ("subtitle", "Sunmeadow Bronze HSA 7000 EPO"),
        ("subtitle", "Plan Year 2026 \u2013 Excerpt of Parts 1, 2, 4, 5, 6 and 7"),
        (
            "p",
            "THIS EVIDENCE OF COVERAGE IS A LEGAL DOCUMENT. IT EXPLAINS WHAT IS COVERED, WHAT IS NOT COVERED, AND "
            "WHAT YOU PAY. IF YOU HAVE SPECIAL HEALTH CARE NEEDS, READ THE PARTS THAT APPLY TO YOU CAREFULLY.",
        ),
        ("h1", "PART 1. INTRODUCTION"),
        (
            "p",
            f"Sunmeadow Health Plan, Inc. ({LDQ}Sunmeadow{RDQ}) is an exclusive provider organization. Except for "
            f"emergency care, you must receive care from providers in the Sunmeadow network for it to be covered. "
            f"This Evidence of Coverage ({LDQ}EOC{RDQ}), the Schedule of Benefits, and your application form the "
            f"entire contract between you and Sunmeadow.",
        ),
        (
            "p",
            "This plan is a high deductible health plan that is intended to qualify you to contribute to a health "
            "savings account (HSA). Except for preventive care, you pay the full allowed amount for covered "
            "services until you meet your deductible. After that, covered services are paid in full by Sunmeadow "
            "for the rest of the plan year.",
        ),
        ("h1", "PART 2. DEFINITIONS"),
        (
            "def",
            "Allowed amount",
            "means the amount Sunmeadow has agreed to pay a network provider for a covered "
            "service, which is the most the provider may charge you for it.",
        ),
        (
            "def",
            "Emergency medical condition",
            "means a medical condition, including a mental health condition or "
            "substance use disorder, manifesting itself by acute symptoms of "
            "sufficient severity that the absence of immediate medical attention "
            "could reasonably be expected to result in serious jeopardy to the "
            "person's health, serious impairment to bodily functions, or serious "
            "dysfunction of any bodily organ or part.",
        ),
        (
            "def",
            f"{LDQ}Experimental{RDQ} or {LDQ}investigational{RDQ}",
            "means a drug, device, medical treatment or procedure for which: (1) the drug or device cannot be lawfully "
            "marketed without approval of the U.S. Food and Drug Administration and approval for marketing has not been "
            "given at the time it is furnished; or (2) reliable evidence shows that the drug, device or medical "
            "treatment or procedure is the subject of ongoing phase I, II, or III clinical trials or under study to "
            "determine its maximum tolerated dose, its toxicity, its safety, its efficacy, or its efficacy as compared "
            "with the standard means of treatment or diagnosis; or (3) reliable evidence shows that the consensus of "
            "opinion among experts regarding the drug, device or medical treatment or procedure is that further "
            "studies or clinical trials are necessary to determine its maximum tolerated dose, its toxicity, its "
            "safety, its efficacy, or its efficacy as compared with the standard means of treatment or diagnosis. "
            "Reliable evidence means only published reports and articles in authoritative medical and scientific "
            "literature, and the written protocol or informed consent used by the treating facility.",
        ),
        (
            "def",
            "Medically necessary",
            "means services that are appropriate and consistent with the diagnosis under "
            "accepted standards of medical practice, that could not be omitted without "
            "adversely affecting your condition or the quality of care, and that are not "
            "primarily for the convenience of you or your provider.",
        ),
        (
            "def",
            "Network provider",
            "means a provider who has a written agreement with Sunmeadow to provide covered services to members.",
        ),
        (
            "def",
            "Prior approval",
            "means Sunmeadow's decision, before you receive a service, that the service is "
            "medically necessary. Prior approval is sometimes called preauthorization or "
            "prior authorization.",
        ),
        ("h1", "PART 4. YOUR COVERED SERVICES"),
        (
            "p",
            "Subject to the exclusions in Part 7 and the cost sharing in your Schedule of Benefits, Sunmeadow covers "
            "the following medically necessary services when provided by a network provider.",
        ),
        ("h2", "4.1 Office visits"),
        (
            "p",
            "Visits to primary care providers and specialists in the office or by telehealth, including services "
            "of nurse practitioners and physician assistants. A referral is not needed.",
        ),
        ("h2", "4.2 Preventive care"),
        (
            "p",
            "Preventive services required by the Affordable Care Act are covered in full and are not subject to "
            "the deductible, including well-child care, immunizations, cancer screenings and contraception.",
        ),
        ("h2", "4.3 Laboratory, imaging and diagnostic services"),
        (
            "p",
            "Laboratory tests, x-rays, ultrasound and other diagnostic services. CT, MRI, MRA and PET scans and "
            "nuclear medicine studies require prior approval.",
        ),
        ("h2", "4.4 Emergency services"),
        (
            "p",
            "Emergency room services for an emergency medical condition, at any hospital, in or out of network. "
            "You may not be balance billed for emergency services by out-of-network providers.",
        ),
        ("h2", "4.5 Hospital and surgical services"),
        (
            "p",
            "Inpatient hospital care, including room and board in a semi-private room, and outpatient surgery in a "
            "hospital or ambulatory surgical center. Non-emergency admissions require prior approval.",
        ),
        ("h2", "4.6 Anesthesia"),
        (
            "p",
            "Anesthesia services in connection with a covered surgical, obstetrical or diagnostic procedure, "
            "including general anesthesia, regional anesthesia and monitored anesthesia care, and the anesthetic "
            "agents used (for example, propofol, ketamine or sevoflurane), when provided by an anesthesiologist or "
            "certified registered nurse anesthetist.",
        ),
        ("h2", "4.7 Maternity and newborn care"),
        (
            "p",
            "Prenatal visits, delivery, postpartum care, and care of the newborn, including at least 48 hours of "
            "inpatient care after a vaginal delivery and 96 hours after a cesarean delivery.",
        ),
        ("h2", "4.8 Mental health and substance use disorder services"),
        (
            "p",
            "Outpatient office and telehealth visits, psychological testing, intensive outpatient and partial "
            "hospitalization programs, residential treatment, and inpatient services for mental health conditions "
            "and substance use disorders. Prior approval is not required for outpatient office visits with network "
            "behavioral health providers. Inpatient and residential admissions require prior approval, except "
            "emergency admissions.",
        ),
        ("h2", "4.9 Home health care and home infusion therapy"),
        (
            "p",
            "Part-time skilled nursing, home health aide services, therapy services and home infusion therapy for "
            "members who are homebound, up to 60 visits per plan year. Home health services require prior "
            "approval.",
        ),
        ("h2", "4.10 Rehabilitation and habilitation services"),
        (
            "p",
            "Outpatient physical, occupational and speech therapy, up to 20 visits each per plan year for "
            "rehabilitation and a separate 20 visits each for habilitation.",
        ),
        ("h2", "4.11 Durable medical equipment, prosthetics and orthotics"),
        (
            "p",
            "Durable medical equipment prescribed by a provider; external prosthetic devices; orthotic devices "
            "that are custom made. Items costing more than $1,000 require prior approval.",
        ),
        ("h2", "4.12 Routine costs of approved clinical trials"),
        (
            "p",
            "Routine patient costs for items and services furnished in connection with participation in an "
            "approved clinical trial for cancer or another life-threatening disease, as required by federal law. "
            "The investigational item or service itself is not covered.",
        ),
        ("h1", "PART 5. PRESCRIPTION DRUGS"),
        (
            "p",
            "Drugs on the Sunmeadow Drug List are covered when prescribed by a licensed provider and filled at a "
            "network pharmacy. Preventive drugs required by the Affordable Care Act are covered in full; other "
            "drugs are subject to the deductible.",
        ),
        ("h2", "5.1 Specialty drugs"),
        (
            "p",
            "Specialty drugs are covered when obtained through Sunmeadow's designated specialty pharmacy, limited "
            "to a 30-day supply per fill. The specialty pharmacy will coordinate delivery to your home or to your "
            "provider's office.",
        ),
        ("h2", "5.2 Controlled substances"),
        (
            "p",
            "Prescriptions for controlled substances in Schedules II through V (for example, opioid analgesics, "
            "benzodiazepines, stimulants and ketamine) are subject to quantity limits, must be written by a "
            "prescriber with a valid DEA registration, and may be filled only at the single network pharmacy you "
            "select under our Pharmacy Home Program. A pharmacist may decline to fill a prescription that "
            "appears to be early, duplicated or inconsistent with the prescriber's DEA registration.",
        ),
        ("h2", "5.3 Drug List exceptions"),
        (
            "p",
            "If a drug you need is not on the Drug List, you or your prescriber may ask for an exception. We will "
            "decide within 72 hours of a standard request and 24 hours of an expedited request. If we deny the "
            "exception, you may ask for an external review by an independent review organization.",
        ),
        ("h1", "PART 6. PRIOR APPROVAL"),
        (
            "p",
            "Your network provider asks Sunmeadow for prior approval. The services that require prior approval "
            "are: non-emergency inpatient admissions; skilled nursing facility stays; home health care, including "
            "home infusion therapy; CT, MRI, MRA and PET scans; durable medical equipment costing more than $1,000; "
            "organ and tissue transplants; bariatric surgery; and genetic testing. Prior approval is not a "
            "guarantee of payment.",
        ),
        ("h1", "PART 7. EXCLUSIONS"),
        ("p", "The following are not covered, even if a provider orders them:"),
        (
            "bul",
            [
                "Acupuncture.",
                "Bariatric surgery, except as described in Part 4.",
                "Cosmetic surgery and services to improve appearance, including treatment of complications.",
                "Custodial care and long-term care.",
                "Dental care for adults, including dental implants and orthodontia.",
                "Experimental or investigational services: drugs, devices, treatments or procedures that are "
                "experimental or investigational as defined in Part 2, except for the routine patient costs of "
                "approved clinical trials described in Part 4.12.",
                "Hearing aids for members age 19 and older.",
                "Infertility treatment and assisted reproductive technology.",
                "Non-emergency care when traveling outside the United States.",
                "Private-duty nursing.",
                "Routine eye exams and eyeglasses for members age 19 and older.",
                "Routine foot care.",
                "Services not medically necessary.",
                "Services provided by an out-of-network provider, except emergency services and services we have "
                "approved in advance.",
                "Weight loss programs and drugs used for weight loss.",
            ],
        ),
        (
            "p",
            "If Sunmeadow denies a service because it is experimental or investigational, or not medically "
            "necessary, you have the right to an internal appeal and to an external review by an independent "
            "review organization. See Part 9, Complaints and Appeals, or call Member Services at 1-833-286-4410.",
        ),
    ],
)

# ====================================================================================================
# Insurer medical policies
# ====================================================================================================
POLICY_AETNA = dict(
    file="policy_aetna_cpb0938_ketamine.pdf",
    insurer="Aetna",
    title="Ketamine for the Treatment of Depression and Other Psychiatric Disorders",
    running="Aetna Clinical Policy Bulletin 0938: Ketamine for the Treatment of Depression and Other Psychiatric Disorders",
    footer="www.aetna.com/cpb/medical/data/900_999/0938.html",
    font="Arial",
    size=9.5,
    columns=1,
    new_page_sections=False,
    kind="policy",
    meta_table=[
        ("Number:", "0938"),
        ("Policy History", "Last Review: 05/08/2025\nEffective: 06/27/2019\nNext Review: 03/12/2026"),
        ("Review History", "Definitions"),
        ("Additional Information", "Clinical Policy Bulletin Notes"),
    ],
    blocks=[
        ("title", "Ketamine for the Treatment of Depression and Other Psychiatric Disorders"),
        ("meta",),
        ("h1", "Policy"),
        ("p", "**Scope of Policy**"),
        (
            "p",
            "This Clinical Policy Bulletin addresses ketamine for the treatment of depression and other psychiatric "
            "disorders.",
        ),
        (
            "p",
            "**Note:** For esketamine nasal spray (Spravato), see Pharmacy Clinical Policy Bulletins. For "
            "ketamine used for anesthesia or analgesia, see CPB 0722 \u2013 Anesthesia Services.",
        ),
        ("h2", "I. Experimental, Investigational, or Unproven"),
        (
            "p",
            "Aetna considers ketamine (including intranasal, intravenous, intramuscular, oral, sublingual and "
            "subcutaneous administration) experimental, investigational, or unproven for the treatment of the "
            "following indications (not an all-inclusive list) because the effectiveness of this approach has not "
            "been established:",
        ),
        (
            "bul",
            [
                "Bipolar disorder, including bipolar depression",
                "Depression, including major depressive disorder and treatment-resistant depression",
                "Generalized anxiety disorder and social anxiety disorder",
                "Obsessive-compulsive disorder",
                "Post-traumatic stress disorder",
                "Substance use disorders (e.g., alcohol use disorder, cocaine use disorder, opioid use disorder)",
                "Suicidal ideation",
            ],
        ),
        (
            "p",
            "Aetna considers ketamine-assisted psychotherapy experimental, investigational, or unproven for any "
            "indication because the effectiveness of this approach has not been established.",
        ),
        ("h2", "II. Related Policies"),
        (
            "bul",
            [
                "CPB 0445 \u2013 Electroconvulsive Therapy",
                "CPB 0469 \u2013 Transcranial Magnetic Stimulation",
                "CPB 0722 \u2013 Anesthesia Services",
            ],
        ),
        ("h1", "CPT Codes / HCPCS Codes / ICD-10 Codes"),
        (
            "table",
            ["Code", "Code Description"],
            [
                ["", "**CPT codes not covered for indications listed in the CPB:**"],
                [
                    "96365",
                    "Intravenous infusion, for therapy, prophylaxis, or diagnosis (specify substance or drug); "
                    "initial, up to 1 hour",
                ],
                ["96366", "each additional hour (list separately in addition to code for primary procedure)"],
                [
                    "96372",
                    "Therapeutic, prophylactic, or diagnostic injection (specify substance or drug); subcutaneous "
                    "or intramuscular",
                ],
                ["", "**HCPCS codes not covered for indications listed in the CPB:**"],
                ["J3490", "Unclassified drugs [ketamine]"],
                ["", "**ICD-10 codes not covered for indications listed in the CPB:**"],
                ["F10.10 \u2013 F19.99", "Mental and behavioral disorders due to psychoactive substance use"],
                ["F31.0 \u2013 F31.9", "Bipolar disorder"],
                ["F32.0 \u2013 F33.9", "Major depressive disorder, single episode and recurrent"],
                ["F40.10 \u2013 F41.9", "Phobic anxiety disorders and other anxiety disorders"],
                ["F42.2 \u2013 F42.9", "Obsessive-compulsive disorder"],
                ["F43.10 \u2013 F43.12", "Post-traumatic stress disorder"],
                ["R45.851", "Suicidal ideations"],
            ],
            [0.2, 0.8],
        ),
        ("h1", "Background"),
        (
            "p",
            "Ketamine is a non-competitive N-methyl-D-aspartate (NMDA) receptor antagonist approved by the U.S. Food "
            "and Drug Administration as an anesthetic agent. It has been studied, in sub-anesthetic doses given "
            "by intravenous infusion, as a rapid-acting treatment for depression. Most published trials are small, "
            "of short duration, and measure response within hours to days after a single infusion; the "
            "durability of response, the optimal dose and number of infusions, and the long-term safety of "
            "repeated exposure (including cognitive effects, urinary tract toxicity and the potential for misuse) "
            "have not been established.",
        ),
        (
            "p",
            "Esketamine, the S-enantiomer of ketamine, is available as a nasal spray (Spravato) approved by the FDA "
            "for treatment-resistant depression and for depressive symptoms in adults with major depressive "
            "disorder with acute suicidal ideation or behavior. It is available only through a restricted "
            "program under a Risk Evaluation and Mitigation Strategy (REMS). Esketamine is addressed in Aetna's "
            "pharmacy clinical policy and is outside the scope of this bulletin.",
        ),
        (
            "p",
            "Systematic reviews have found that intravenous ketamine produces a rapid but transient reduction in "
            "depressive symptoms compared with placebo or midazolam, with relapse common within one to two weeks. "
            "Guidelines from professional societies describe ketamine infusion as an option to be considered in "
            "specialized settings, and note that the evidence base remains limited and heterogeneous. For anxiety "
            "disorders, PTSD, obsessive-compulsive disorder and substance use disorders, the available evidence "
            "consists of pilot studies and small randomized trials with inconsistent results.",
        ),
        ("h1", "References"),
        (
            "num",
            [
                "Kryst J, Kawalec P, Mitoraj AM, et al. Efficacy of single and repeated administration of ketamine "
                "in unipolar and bipolar depression: a meta-analysis of randomized clinical trials. Pharmacol Rep. "
                "2020;72(3):543-562.",
                "McIntyre RS, Rosenblat JD, Nemeroff CB, et al. Synthesizing the evidence for ketamine and esketamine "
                "in treatment-resistant depression: an international expert opinion on the available evidence and "
                "implementation. Am J Psychiatry. 2021;178(5):383-399.",
                "Sanacora G, Frye MA, McDonald W, et al. A consensus statement on the use of ketamine in the treatment "
                "of mood disorders. JAMA Psychiatry. 2017;74(4):399-405.",
                "U.S. Food and Drug Administration. Ketalar (ketamine hydrochloride) injection, prescribing "
                "information. Revised 2022.",
            ],
        ),
        (
            "p",
            "Copyright Aetna Inc. All rights reserved. Clinical Policy Bulletins are developed by Aetna to assist "
            "in administering plan benefits and constitute neither offers of coverage nor medical advice. Each "
            "benefit plan defines which services are covered, which are excluded, and which are subject to dollar "
            "caps or other limits. Members and their providers will need to consult the member's benefit plan to "
            "determine if there are any exclusions or other benefit limitations applicable to this service.",
        ),
    ],
)

POLICY_BCBSMA = dict(
    file="policy_bcbsma_087_ketamine.pdf",
    insurer="Blue Cross Blue Shield of Massachusetts",
    title="Ketamine and Esketamine for Treatment-Resistant Depression",
    running="Blue Cross Blue Shield of Massachusetts \u2013 Medical Policy 087",
    footer="1 Medical Policy 087 \u2013 Ketamine and Esketamine for Treatment-Resistant Depression",
    font="Condensed",
    size=9.5,
    columns=1,
    new_page_sections=False,
    kind="policy",
    meta_table=[
        ("Policy Number:", "087"),
        ("Effective Date:", "September 1, 2023"),
        ("Last Revised:", "January 1, 2026"),
        ("Category:", "Medicine / Behavioral Health"),
        ("Prior Authorization:", "Required \u2013 see Prior Authorization Information"),
    ],
    blocks=[
        ("title", "Blue Cross Blue Shield of Massachusetts"),
        ("subtitle", "Medical Policy"),
        ("title", "Ketamine and Esketamine for Treatment-Resistant Depression"),
        ("meta",),
        ("h1", "Policy"),
        ("p", "**Commercial Members: Managed Care (HMO and POS), PPO and Indemnity**"),
        (
            "p",
            "Intravenous ketamine may be considered **MEDICALLY NECESSARY** for the treatment of "
            "treatment-resistant depression in adults when all of the criteria below for esketamine nasal spray "
            "are met. One approval may be used for either intravenous ketamine or esketamine nasal spray.",
        ),
        (
            "p",
            "Esketamine nasal spray (Spravato\u00ae) may be considered **MEDICALLY NECESSARY** for "
            "treatment-resistant depression, and for depressive symptoms in adults with major depressive disorder "
            "with acute suicidal ideation or behavior, when the criteria below are met.",
        ),
        (
            "p",
            "Ketamine or esketamine for any other indication, including bipolar depression, post-traumatic stress "
            "disorder, obsessive-compulsive disorder, anxiety disorders, substance use disorders and chronic pain, "
            "is **INVESTIGATIONAL**.",
        ),
        ("h2", "Criteria (initial authorization)"),
        (
            "num",
            [
                "The member is 18 years of age or older.",
                "The member has a diagnosis of major depressive disorder (DSM-5), single episode or recurrent, "
                "without psychotic features, confirmed by a structured clinical interview.",
                "Depression is at least moderately severe: Montgomery\u2013\u00c5sberg Depression Rating Scale "
                "(MADRS) \u2265 28 or Hamilton Depression Rating Scale (HAM-D17) \u2265 17.",
                "The member has not responded adequately to at least four antidepressant agents from at least two "
                "different classes, each given at an adequate dose for at least 6 weeks in the current episode, "
                "and to at least one augmentation strategy (an atypical antipsychotic, lithium or thyroid hormone).",
                "The member has had, or has been offered, an adequate trial of evidence-based psychotherapy.",
                "The treatment will be given under the supervision of a psychiatrist; esketamine must be given in a "
                "health care setting certified under the Spravato\u00ae REMS.",
                "The member does not have aneurysmal vascular disease, arteriovenous malformation, a history of "
                "intracerebral hemorrhage, or active psychosis.",
            ],
        ),
        ("h2", "Prior Authorization Information"),
        (
            "p",
            "Prior authorization is **required** for intravenous ketamine and for esketamine nasal spray for all "
            "commercial products. Initial authorization is for up to 28 days. Continued treatment may be "
            "authorized for up to 6 months at a time when there is documented improvement (at least a 50% "
            "reduction in MADRS or HAM-D score from baseline).",
        ),
        (
            "table",
            ["Code", "Description"],
            [
                ["J3490", "Unclassified drugs (use for intravenous ketamine, with the infusion codes below)"],
                ["96365", "Intravenous infusion, for therapy, prophylaxis, or diagnosis; initial, up to 1 hour"],
                ["96366", "Intravenous infusion; each additional hour"],
                ["J0013", "Esketamine, nasal spray, 1 mg (from January 1, 2026; replaces S0013)"],
                [
                    "G2082",
                    "Outpatient visit with supervised self-administration of up to 56 mg of esketamine nasal spray, "
                    "including 2 hours of post-administration observation",
                ],
                [
                    "G2083",
                    "Outpatient visit with supervised self-administration of greater than 56 mg of esketamine nasal "
                    "spray, including 2 hours of post-administration observation",
                ],
            ],
            [0.15, 0.85],
        ),
        ("h1", "Description"),
        (
            "p",
            "Treatment-resistant depression is generally defined as major depressive disorder that has not "
            "responded to adequate trials of two or more antidepressants. Racemic ketamine, an NMDA receptor "
            "antagonist approved as an anesthetic, has been shown in randomized trials to produce rapid "
            "antidepressant effects when given by intravenous infusion at sub-anesthetic doses (typically 0.5 "
            "mg/kg over 40 minutes). Esketamine nasal spray is FDA approved for treatment-resistant depression, "
            "as monotherapy or with an oral antidepressant, and for depressive symptoms in adults with major "
            "depressive disorder with acute suicidal ideation or behavior.",
        ),
        ("h1", "Policy History"),
        (
            "table",
            ["Date", "Action"],
            [
                [
                    "9/2023",
                    "New medical policy describing coverage of intravenous ketamine for treatment-resistant "
                    "depression under the esketamine criteria. Effective 9/1/2023.",
                ],
                ["1/2025", "Clarified that esketamine may be given as monotherapy, consistent with the FDA label."],
                ["1/2026", "Coding updated: J0013 added, S0013 removed. Effective 1/1/2026."],
            ],
            [0.15, 0.85],
        ),
        (
            "p",
            "Medical policies are not an authorization, certification, explanation of benefits or a contract. "
            "Eligibility and benefits are determined on a case-by-case basis according to the terms of the "
            "member's plan in effect as of the date services are rendered.",
        ),
    ],
)

DOCUMENTS = [EOC01, EOC02, POLICY_AETNA, POLICY_BCBSMA]
