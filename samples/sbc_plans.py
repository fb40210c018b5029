"""SBC sample plans as data: one dict per Summary of Benefits and Coverage.

Read by make_samples.py. Everything a plan does not set comes from the defaults in make_samples.py
(DEFAULT_COST, DEFAULT_LIMITS). Only the rows that matter for a test case are spelled out; the
comment above each plan says which default-policy step / trap it is for.

Text conventions (make_samples.md()): **bold**, __underline__, "\n" = line break, \u00ad = soft hyphen
(a place where a word may be broken with a hyphen if the column is narrow), \u00a0 = no-break space.
All insurers except Aetna, Cigna, Blue Cross Blue Shield of Massachusetts and Blue Cross and Blue
Shield of Oklahoma are invented. None of these documents is a real plan.
"""

SHY = "\u00ad"   # soft hyphen
NB = "\u00a0"    # no-break space

PERIOD_2026 = "01/01/2026 \u2013 12/31/2026"

SBC_PLANS = [
    # ------------------------------------------------------------------------------------------------
    # sbc01: Spravato named in the Specialty drugs row, "Prior authorization required" in the same cell
    # (step 3 for esketamine). Hospital row carries "preauthorization is not required for emergency
    # admissions". Nothing about infusions or experimental services (IV ketamine: step 8).
    # Fully gridded, Helvetica, landscape. Also rendered as the scanned copy.
    dict(
        file="sbc01_named_pa.pdf", hyphenate=True,
        insurer="Harborstone Health",
        plan_name="Harborstone Silver 3500 PPO",
        period=PERIOD_2026, coverage_for="Individual + Family", plan_type="PPO",
        layout="grid", font="Helvetica", size=7.6, orientation="landscape",
        colw=[0.15, 0.17, 0.16, 0.16, 0.36], header_fill="#D9E2F3",
        running_header=True, underline_glossary=False,
        url="www.harborstonehealth.com", phone="1-866-731-4420", rx_url="www.harborstonehealth.com/rx",
        form_id="HH-SBC-S3500-26",
        ded="$3,500 individual / $7,000 family", oop="$8,200 individual / $16,400 family",
        before_ded="Yes. Preventive care, primary care visits, generic drugs and mental health office visits are covered before you meet your deductible.",
        referral=False,
        pa="Preauthorization required.",
        cost=dict(pcp="$35 copay/visit", spec="$70 copay/visit", mh_out="$35 copay/office visit; 20% coinsurance for other outpatient services",
                  generic="$15 copay/prescription (retail); $37.50 copay (mail order)",
                  preferred="$50 copay/prescription (retail); $125 copay (mail order)",
                  nonpref="$95 copay/prescription (retail); $237.50 copay (mail order)",
                  specialty="20% coinsurance up to $250/prescription",
                  er="$400 copay/visit", urgent="$60 copay/visit"),
        oon="50% coinsurance",
        rows=dict(
            specialty=(None, "Not covered",
                       "Prior authorization required. Includes Spravato\u00ae (esketamine) nasal spray, which must "
                       "be administered at a REMS-certified treatment center. Up to a 30-day supply; must be "
                       "filled by a designated specialty pharmacy."),
            hs_fac=(None, None, "Preauthorization required for non-emergency admissions. However, preauthorization "
                                "is not required for emergency admissions."),
            mh_in=(None, None, "Preauthorization required. However, preauthorization is not required for emergency admissions."),
        ),
        excluded=["Acupuncture", "Bariatric surgery", "Cosmetic surgery", "Dental care (Adult)", "Hearing aids",
                  "Infertility treatment", "Long-term care", "Non-emergency care when traveling outside the U.S.",
                  "Private-duty nursing", "Routine eye care (Adult)", "Routine foot care", "Weight loss programs"],
        excluded_cols=3,
        other_covered=["Abortion (except in cases of rape, incest or when the life of the mother is endangered)",
                       "Chiropractic care (limited to 20 visits per year)"],
        state=dict(regulator="Oregon Division of Financial Regulation", phone="1-888-877-4894", web="dfr.oregon.gov"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc02: Spravato named as covered in the Specialty drugs row, NO prior authorization there
    # (step 4, the only way to `covered`). Out-of-network cell says "Not covered" (in-network is priced).
    # PA wording sits in the neighbouring rows above and below. Ruled only horizontally, Times.
    dict(
        file="sbc02_named_covered.pdf",
        insurer="Bayview Community Health Plan",
        plan_name="Bayview Gold 500 HMO",
        period=PERIOD_2026, coverage_for="Individual + Family", plan_type="HMO",
        layout="hrules", font="Times", size=8.2, orientation="landscape",
        colw=[0.16, 0.16, 0.17, 0.14, 0.37], header_fill=None,
        running_header=True, underline_glossary=True,
        url="www.bayviewchp.org", phone="1-855-204-9381", rx_url="www.bayviewchp.org/druglist",
        form_id="BCHP-G500-HMO-2026",
        ded="$500 individual / $1,000 family", oop="$4,000 individual / $8,000 family",
        before_ded="Yes. Office visits, urgent care, prescription drugs and preventive care are covered before you meet your deductible.",
        referral=True,
        pa="Prior authorization is required.",
        cost=dict(pcp="$20 copay/visit", spec="$45 copay/visit", mh_out="$20 copay/visit",
                  generic="$10 copay/prescription", preferred="$35 copay/prescription",
                  nonpref="$70 copay/prescription", specialty=f"$75{NB}copay/prescription",
                  er="$250 copay/visit", urgent="$40 copay/visit", hs_fac="$500 copay/day up to 3 days",
                  os_fac="$250 copay/visit", mh_in="$500 copay/day up to 3 days"),
        oon="Not covered",
        rows=dict(
            nonpref=(None, None, "Prior authorization is required for non-preferred brand drugs. Step therapy may apply."),
            specialty=(None, "Not covered",
                       "Covers esketamine (Spravato\u00ae) nasal spray given at a certified Spravato\u00ae treatment "
                       "center, including the 2-hour observation period. Up to a 30-day supply."),
            os_fac=(None, None, "Prior authorization is required."),
        ),
        excluded=["Acupuncture", "Cosmetic surgery", "Dental care (Adult)", "Hearing aids", "Long-term care",
                  "Non-emergency care when traveling outside the U.S.", "Private-duty nursing",
                  "Routine foot care", "Weight loss programs"],
        excluded_cols=2,
        other_covered=["Bariatric surgery", "Chiropractic care", "Infertility treatment (diagnosis only)",
                       "Routine eye care (Adult), one exam per year"],
        state=dict(regulator="California Department of Managed Health Care", phone="1-888-466-2219", web="www.dmhc.ca.gov"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc03: IV ketamine named as covered ONLY for treatment-resistant depression, no PA in that cell
    # (step 4 for a TRD adult; step 2 for a PTSD/anxiety-only profile). Narrow columns: the cell wraps
    # "treatment-\nresistant"; "Pre-authorization required" sits in the neighbouring inpatient row.
    # Portrait, Arial-Narrow-like font, gridded, header "Common Medical Event" wraps.
    dict(
        file="sbc03_ketamine_trd_only.pdf",
        insurer="Pinecrest Health Plans",
        plan_name="Pinecrest Bronze 6000 EPO",
        period=PERIOD_2026, coverage_for="Individual", plan_type="EPO",
        layout="grid", font="ArialNarrow", size=7.4, orientation="portrait",
        colw=[0.13, 0.17, 0.17, 0.15, 0.38], header_fill="#E7E6E6",
        running_header=False, underline_glossary=False,
        url="www.pinecresthealthplans.com", phone="1-877-390-6215", rx_url="pinecresthealthplans.com/pharmacy",
        form_id="PHP-B6000-EPO-26",
        ded="$6,000 individual", oop="$9,200 individual",
        before_ded="Yes. Preventive care and your first three primary care visits are covered before you meet your deductible.",
        referral=False,
        pa="Pre-authorization required.",
        cost=dict(pcp="$50 copay/visit for the first 3 visits, then 40% coinsurance", spec="40% coinsurance",
                  mh_out="$50 copay/office visit; 40% coinsurance for other outpatient services",
                  specialty="40% coinsurance", generic="$25 copay/prescription"),
        coins="40% coinsurance",
        oon="Not covered",
        rows=dict(
            mh_out=(None, None,
                    f"Intravenous ketamine infusions are covered only for treatment-{SHY}resistant depression. "
                    f"Telehealth visits: $0{NB}copay."),
            mh_in=(None, None, "Pre-authorization required. Pre-authorization is not required for emergency admissions."),
        ),
        excluded=["Acupuncture", "Bariatric surgery", "Cosmetic surgery", "Dental care (Adult)", "Hearing aids",
                  "Infertility treatment", "Long-term care", "Private-duty nursing", "Routine eye care (Adult)",
                  "Routine foot care", "Weight loss programs"],
        excluded_cols=2,
        other_covered=["Chiropractic care (12 visits per year)",
                       "Ketamine infusion therapy (treatment-resistant depression only)",
                       "Non-emergency care when traveling outside the U.S."],
        state=dict(regulator="Colorado Division of Insurance", phone="1-800-930-3745", web="doi.colorado.gov"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc04: TRAPS. "Preauthorization is not required for emergency admissions" (hospital and ER rows),
    # outpatient mental health says NO preauthorization, ketamine appears only as a surgical anesthetic.
    # Esketamine and IV ketamine: step 8 unknown. Ruled horizontally, serif (Times-like TTF).
    dict(
        file="sbc04_emergency_trap.pdf", curly=True,
        insurer="Meadowlark Health",
        plan_name="Meadowlark Choice 2000 PPO",
        period=PERIOD_2026, coverage_for="Individual + Family", plan_type="PPO",
        layout="hrules", font="Serif", size=8.0, orientation="landscape",
        colw=[0.17, 0.18, 0.17, 0.15, 0.33], header_fill="#EDEDED",
        running_header=True, underline_glossary=False,
        url="www.meadowlarkhealth.com", phone="1-844-562-7130", rx_url="www.meadowlarkhealth.com/formulary",
        form_id="MLH-C2000-PPO",
        ded="$2,000 individual / $4,000 family", oop="$6,500 individual / $13,000 family",
        before_ded="Yes. Preventive care, office visits and generic drugs are covered before you meet your deductible.",
        referral=False,
        pa="Preauthorization is required.",
        cost=dict(pcp="$30 copay/visit", spec="$60 copay/visit", mh_out="$30 copay/visit",
                  er="$300 copay/visit", urgent="$50 copay/visit"),
        oon="40% coinsurance",
        rows=dict(
            os_phys=(None, None, "Anesthesia services, including anesthetic agents such as propofol or ketamine "
                                 "given during a covered procedure, are paid at the same level."),
            er=(None, "$300 copay/visit", "Copay waived if admitted. Preauthorization is not required for emergency admissions."),
            hs_fac=(None, None, "Preauthorization is required. Preauthorization is not required for emergency admissions."),
            mh_out=(None, None, "No preauthorization is required for office visits or other outpatient services."),
            mh_in=(None, None, "Preauthorization is not required for emergency admissions; notify us within 48 hours."),
            specialty=(None, None, "Up to a 30-day supply. Specialty drugs must be filled at a network specialty pharmacy."),
        ),
        excluded=["Acupuncture", "Bariatric surgery", "Cosmetic surgery", "Dental care (Adult)",
                  "Long-term care", "Private-duty nursing", "Routine foot care", "Weight loss programs"],
        excluded_cols=2,
        other_covered=["Chiropractic care", "Hearing aids (1 per ear every 3 years)", "Infertility treatment",
                       "Non-emergency care when traveling outside the U.S.", "Routine eye care (Adult)"],
        state=dict(regulator="Ohio Department of Insurance", phone="1-800-686-1526", web="insurance.ohio.gov"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc05: an "Infusion therapy" row requiring pre-authorization (step 7 for IV ketamine) and a
    # Specialty drugs row requiring pre-authorization (step 7 for esketamine). Gridded, Times.
    dict(
        file="sbc05_infusion_pa.pdf", hyphenate=True,
        insurer="Cedar Ridge Health",
        plan_name="Cedar Ridge Advantage 1500 PPO",
        period=PERIOD_2026, coverage_for="Individual + Family", plan_type="PPO",
        layout="grid", font="Times", size=8.0, orientation="landscape",
        colw=[0.16, 0.19, 0.16, 0.16, 0.33], header_fill="#DDEBF7",
        running_header=True, underline_glossary=False,
        url="www.cedarridgehealth.com", phone="1-888-402-1175", rx_url="www.cedarridgehealth.com/pharmacy",
        form_id="CRH-ADV1500-26",
        ded="$1,500 individual / $3,000 family", oop="$5,000 individual / $10,000 family",
        before_ded="Yes. Preventive care, office visits, urgent care and prescription drugs are covered before you meet your deductible.",
        referral=False,
        pa="Pre-authorization required. If you don't get pre-authorization, benefits could be reduced by 50% of the total cost of the service.",
        cost=dict(pcp="$25 copay/visit", spec="$50 copay/visit", mh_out="$25 copay/visit",
                  specialty="$150 copay/prescription"),
        oon="40% coinsurance",
        rows=dict(
            specialty=(None, None, "Pre-authorization required. Limited to a 30-day supply from a network specialty pharmacy."),
        ),
        insert=[("home", "infusion", "Infusion therapy (home or outpatient facility)", "20% coinsurance", "40% coinsurance",
                 "Pre-authorization required. If you don't get pre-authorization, benefits could be reduced by 50% "
                 "of the total cost of the service.")],
        excluded=["Acupuncture", "Cosmetic surgery", "Dental care (Adult)", "Hearing aids", "Long-term care",
                  "Non-emergency care when traveling outside the U.S.", "Routine eye care (Adult)",
                  "Routine foot care", "Weight loss programs"],
        excluded_cols=3,
        other_covered=["Bariatric surgery", "Chiropractic care", "Infertility treatment", "Private-duty nursing"],
        state=dict(regulator="Michigan Department of Insurance and Financial Services", phone="1-877-999-6442",
                   web="www.michigan.gov/difs"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc06: outpatient mental-health row requires preauthorization ("benefits could be reduced by 50%")
    # -> step 7 for esketamine. That row CONTINUES ACROSS A PAGE BREAK. No rulings at all (header band
    # only), Helvetica.
    dict(
        file="sbc06_mh_outpatient_pa.pdf", nbsp=True,
        insurer="Silverline Health",
        plan_name="Silverline Value HMO 4000",
        period=PERIOD_2026, coverage_for="Individual + Family", plan_type="HMO",
        layout="open", font="Helvetica", size=7.8, orientation="landscape",
        colw=[0.16, 0.17, 0.18, 0.13, 0.36], header_fill="#DCE6F0",
        running_header=True, underline_glossary=True,
        url="www.silverlinehealth.com", phone="1-800-614-2289", rx_url="www.silverlinehealth.com/rx",
        form_id="SLH-V4000-HMO",
        ded="$4,000 individual / $8,000 family", oop="$9,000 individual / $18,000 family",
        before_ded="Yes. Preventive care, primary care and mental health office visits and generic drugs are covered before you meet your deductible.",
        referral=True,
        pa="Preauthorization required.",
        cost=dict(pcp="$40 copay/visit", spec="$80 copay/visit",
                  mh_out="$40 copay/office visit; 30% coinsurance for other outpatient services",
                  mh_in="30% coinsurance"),
        coins="30% coinsurance",
        oon="Not covered",
        split_row="mh_out",
        rows=dict(
            mh_out=(None, None,
                    "Includes individual, family and group therapy, medication management, intensive outpatient "
                    "programs, partial hospitalization and psychological testing. Preauthorization is required. "
                    "If you don't get preauthorization, benefits could be reduced by 50% of the total cost of the "
                    "service. Telehealth visits with network behavioral health providers: $0 copay. Benefit limits "
                    "do not apply to services for the treatment of a mental health condition or a substance use "
                    "disorder."),
            mh_in=(None, None, "Preauthorization required. Includes residential treatment and medically managed "
                               "withdrawal. Preauthorization is not required for emergency admissions; call us "
                               "within 2 business days of an emergency admission."),
            diag=(None, None, "Lab work at a non-network lab is not covered. Use a network lab or a Silverline "
                              "patient service center; results are shared with your primary care provider."),
            preferred=(None, None, "Covers up to a 30-day supply (retail); 90-day supply by mail order at 2 "
                                   "times the retail copay. Generic substitution is required when available."),
        ),
        excluded=["Acupuncture", "Bariatric surgery", "Chiropractic care", "Cosmetic surgery",
                  "Dental care (Adult)", "Hearing aids", "Infertility treatment", "Long-term care",
                  "Non-emergency care when traveling outside the U.S.", "Private-duty nursing",
                  "Routine eye care (Adult)", "Routine foot care", "Weight loss programs"],
        excluded_cols=3,
        other_covered=["Abortion", "Diabetes self-management education"],
        state=dict(regulator="Wisconsin Office of the Commissioner of Insurance", phone="1-800-236-8517",
                   web="oci.wi.gov"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc07: Aetna SBC, silent on ketamine. The insurer is recognised in the document -> Aetna pack
    # (CPB 0938) decides IV ketamine: experimental_exclusion / insurer_policy (step 5).
    dict(
        file="sbc07_aetna_silent.pdf",
        insurer="Aetna Life Insurance Company",
        plan_name="Aetna Open Access\u00ae Elect Choice\u00ae EPO \u2013 Gold 1500",
        period=PERIOD_2026, coverage_for="Employee + Family", plan_type="EPO",
        layout="grid", font="Arial", size=7.6, orientation="landscape",
        colw=[0.15, 0.18, 0.17, 0.15, 0.35], header_fill="#E4DFEC",
        running_header=True, underline_glossary=False,
        url="www.aetna.com", phone="1-888-982-3862", rx_url="www.aetna.com/formulary",
        form_id="AETNA-EPO-G1500-2026",
        ded="$1,500 individual / $3,000 family", oop="$6,000 individual / $12,000 family",
        before_ded="Yes. Preventive care, office visits, and prescription drugs are covered before you meet your deductible.",
        referral=False,
        pa="Precertification required. Failure to precertify may result in a reduction of benefits.",
        cost=dict(pcp="$25 copay/visit", spec="$50 copay/visit", mh_out="$25 copay/office visit; 20% coinsurance other outpatient"),
        oon="Not covered",
        rows=dict(
            specialty=(None, None, "Up to a 30-day supply. Covered through CVS Specialty\u00ae; the first fill may be at a retail pharmacy."),
        ),
        excluded=["Acupuncture", "Cosmetic surgery", "Dental care (Adult)", "Hearing aids", "Long-term care",
                  "Non-emergency care when traveling outside the U.S.", "Private-duty nursing",
                  "Routine foot care", "Weight loss programs"],
        excluded_cols=3,
        other_covered=["Bariatric surgery", "Chiropractic care (20 visits per year)", "Infertility treatment (basic)",
                       "Routine eye care (Adult)"],
        state=dict(regulator="Pennsylvania Insurance Department", phone="1-877-881-6388", web="www.insurance.pa.gov"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc08: Cigna SBC, silent on Spravato -> Cigna pack decides esketamine: pa_required / insurer_policy
    # (step 5). Ruled horizontally, Helvetica.
    dict(
        file="sbc08_cigna_silent.pdf", curly=True, nbsp=True,
        insurer="Cigna Health and Life Insurance Company",
        plan_name="Cigna Connect Silver 3500",
        period=PERIOD_2026, coverage_for="Individual + Family", plan_type="EPO",
        layout="hrules", font="Helvetica", size=7.8, orientation="landscape",
        colw=[0.16, 0.18, 0.17, 0.14, 0.35], header_fill="#FCE4D6",
        running_header=True, underline_glossary=False,
        url="www.cigna.com/ifp-sbc", phone="1-877-484-5967", rx_url="www.cigna.com/ifp-drug-list",
        form_id="CIGNA-CONNECT-S3500-26",
        ded="$3,500 individual / $7,000 family", oop="$9,200 individual / $18,400 family",
        before_ded="Yes. Preventive care, office visits, and Tier 1 and Tier 2 drugs are covered before you meet your deductible.",
        referral=True,
        pa="Prior authorization required.",
        cost=dict(pcp="$40 copay/visit", spec="$80 copay/visit", mh_out="$40 copay/visit",
                  specialty="Tier 4: 40% coinsurance after deductible"),
        coins="30% coinsurance", oon="Not covered",
        rows=dict(
            specialty=(None, None, "Must be filled through Accredo\u00ae specialty pharmacy after the first fill. Up to a 30-day supply."),
        ),
        excluded=["Acupuncture", "Bariatric surgery", "Cosmetic surgery", "Dental care (Adult)",
                  "Hearing aids", "Infertility treatment", "Long-term care",
                  "Non-emergency care when traveling outside the U.S.", "Private-duty nursing",
                  "Routine eye care (Adult)", "Routine foot care", "Weight loss programs"],
        excluded_cols=3,
        other_covered=["Chiropractic care (20 visits per year)"],
        state=dict(regulator="Tennessee Department of Commerce and Insurance", phone="1-800-342-4029",
                   web="www.tn.gov/commerce"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc09: Blue Cross Blue Shield of Massachusetts SBC, silent -> BCBSMA pack (policy 087) decides IV
    # ketamine for TRD: pa_required / insurer_policy (step 5). Gridded, condensed sans.
    dict(
        file="sbc09_bcbsma_silent.pdf", nbsp=True, curly=True,
        insurer="Blue Cross Blue Shield of Massachusetts",
        plan_name="Blue Care Elect Preferred PPO 2000",
        period=PERIOD_2026, coverage_for="Individual + Family", plan_type="PPO",
        layout="grid", font="Condensed", size=7.5, orientation="landscape",
        colw=[0.15, 0.17, 0.18, 0.17, 0.33], header_fill="#DEEAF6",
        running_header=True, underline_glossary=False,
        url="www.bluecrossma.org", phone="1-800-782-3675", rx_url="www.bluecrossma.org/medication",
        form_id="BCBSMA-BCEP-2000-26",
        ded="$2,000 individual / $4,000 family", oop="$5,500 individual / $11,000 family",
        before_ded="Yes. Preventive care, office visits and prescription drugs are covered before you meet your deductible.",
        referral=False,
        pa="Pre-authorization required.",
        cost=dict(pcp="$30 copay/visit", spec="$60 copay/visit", mh_out="$30 copay/visit"),
        oon="30% coinsurance",
        excluded=["Acupuncture", "Cosmetic surgery", "Dental care (Adult)", "Long-term care",
                  "Private-duty nursing", "Routine foot care", "Weight loss programs"],
        excluded_cols=2,
        other_covered=["Bariatric surgery", "Chiropractic care", "Hearing aids (children)", "Infertility treatment",
                       "Non-emergency care when traveling outside the U.S.", "Routine eye care (Adult)"],
        state=dict(regulator="Massachusetts Division of Insurance", phone="1-877-563-4467", web="www.mass.gov/doi"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc10: a realistic, silent SBC (no ketamine, no experimental, no PA on drugs / outpatient MH):
    # step 8 for both treatments. Same plan as the 48-page EOC (eoc03), which decides when given too.
    # NO rulings at all, Arial-Narrow-like.
    dict(
        file="sbc10_granite_silent.pdf",
        insurer="Granite Peak Health Plan",
        plan_name="Granite Peak Silver Select PPO",
        period="07/01/2026 \u2013 06/30/2027", coverage_for="Individual + Family", plan_type="PPO",
        layout="open", font="ArialNarrow", size=8.0, orientation="landscape",
        colw=[0.15, 0.18, 0.18, 0.16, 0.33], header_fill=None,
        running_header=False, underline_glossary=False,
        url="www.granitepeakhealth.com", phone="1-866-318-5540", rx_url="www.granitepeakhealth.com/rx",
        form_id="GPHP-SS-PPO-2026",
        ded="$2,500 individual / $5,000 family", oop="$7,500 individual / $15,000 family",
        before_ded="Yes. Preventive care and primary care visits are covered before you meet your deductible.",
        referral=False,
        pa="Precertification is required; if you don't get it, we will reduce benefits by 50%.",
        cost=dict(pcp="$30 copay/visit", spec="$65 copay/visit", mh_out="$30 copay/visit"),
        oon="50% coinsurance",
        excluded=["Acupuncture", "Bariatric surgery", "Cosmetic surgery", "Dental care (Adult)", "Hearing aids",
                  "Long-term care", "Routine eye care (Adult)", "Routine foot care", "Weight loss programs"],
        excluded_cols=3,
        other_covered=["Chiropractic care", "Infertility treatment", "Non-emergency care when traveling outside the U.S.",
                       "Private-duty nursing"],
        state=dict(regulator="New Hampshire Insurance Department", phone="1-800-852-3416", web="www.nh.gov/insurance"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc11: Specialty drugs "Precertification required" (step 7 for esketamine when alone). Same plan as
    # eoc01 (two-column certificate), which names both treatments and then decides. Gridded, serif TTF.
    dict(
        file="sbc11_tririver_precert.pdf", hyphenate=True, curly=True,
        insurer="Tri-River Health Cooperative",
        plan_name="Tri-River Standard HMO 3000",
        period=PERIOD_2026, coverage_for="Individual + Family", plan_type="HMO",
        layout="grid", font="Serif", size=7.8, orientation="landscape",
        colw=[0.16, 0.17, 0.17, 0.13, 0.37], header_fill="#E2EFDA",
        running_header=True, underline_glossary=False,
        url="www.tririverhealth.coop", phone="1-800-477-3320", rx_url="www.tririverhealth.coop/rx",
        form_id="TRHC-STD-HMO3000",
        ded="$3,000 individual / $6,000 family", oop="$8,000 individual / $16,000 family",
        before_ded="Yes. Preventive care, primary care and behavioral health office visits are covered before you meet your deductible.",
        referral=True,
        pa="Precertification required.",
        cost=dict(pcp="$30 copay/visit", spec="$60 copay/visit", mh_out="$30 copay/visit",
                  specialty="30% coinsurance"),
        coins="30% coinsurance", oon="Not covered",
        rows=dict(
            specialty=(None, None, "Precertification required. Limited to a 30-day supply from the Tri-River specialty pharmacy."),
            mh_out=(None, None, "No charge for telehealth visits with Tri-River behavioral health clinicians."),
        ),
        excluded=["Acupuncture", "Bariatric surgery", "Cosmetic surgery", "Dental care (Adult)", "Hearing aids",
                  "Infertility treatment", "Long-term care", "Private-duty nursing", "Routine foot care",
                  "Weight loss programs"],
        excluded_cols=2,
        other_covered=["Chiropractic care (limited)", "Non-emergency care when traveling outside the U.S.",
                       "Routine eye care (Adult)"],
        state=dict(regulator="Minnesota Department of Commerce", phone="1-800-657-3602", web="mn.gov/commerce"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc12: Home health care row names "home infusion therapy" with "Prior approval required" (step 7 for
    # IV ketamine when alone; with eoc02's generic experimental exclusion, step 6 wins). Esketamine: step 8.
    # Ruled horizontally, Arial-like.
    dict(
        file="sbc12_sunmeadow_home_infusion.pdf",
        insurer="Sunmeadow Health Plan",
        plan_name="Sunmeadow Bronze HSA 7000 EPO",
        period=PERIOD_2026, coverage_for="Individual + Family", plan_type="EPO",
        layout="hrules", font="Arial", size=7.8, orientation="landscape",
        colw=[0.17, 0.17, 0.17, 0.13, 0.36], header_fill="#FFF2CC",
        running_header=True, underline_glossary=False,
        url="www.sunmeadowhealth.com", phone="1-833-286-4410", rx_url="www.sunmeadowhealth.com/druglist",
        form_id="SMHP-B7000-HSA",
        ded="$7,000 individual / $14,000 family", oop="$8,300 individual / $16,600 family",
        before_ded="Yes. Preventive care is covered before you meet your deductible.",
        referral=False,
        pa="Prior approval required.",
        cost=dict(pcp="No charge after deductible", spec="No charge after deductible", mh_out="No charge after deductible"),
        coins="No charge after deductible", oon="Not covered",
        rows=dict(
            home=(None, None, "Includes home infusion therapy. Prior approval required. Limited to 60 visits per year."),
        ),
        excluded=["Acupuncture", "Bariatric surgery", "Cosmetic surgery", "Dental care (Adult)", "Hearing aids",
                  "Infertility treatment", "Long-term care", "Non-emergency care when traveling outside the U.S.",
                  "Private-duty nursing", "Routine eye care (Adult)", "Routine foot care", "Weight loss programs"],
        excluded_cols=3,
        other_covered=["Chiropractic care (15 visits per year)"],
        state=dict(regulator="Arizona Department of Insurance and Financial Institutions", phone="1-800-325-2548",
                   web="difi.az.gov"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc13: a self-funded employer plan that never names its claims administrator; silent. Esketamine:
    # step 8 with no insurer; step 5 (Cigna pack) when the profile says insurer: Cigna. Gridded, portrait.
    dict(
        file="sbc13_employer_silent.pdf", hyphenate=True, nbsp=True,
        insurer="Riverbend Unified School District Employee Health Plan",
        plan_name="Core PPO",
        period="09/01/2026 \u2013 08/31/2027", coverage_for="Employee + Spouse/Children", plan_type="PPO",
        layout="grid", font="Helvetica", size=7.2, orientation="portrait",
        colw=[0.14, 0.17, 0.17, 0.16, 0.36], header_fill="#D6DCE4",
        running_header=False, underline_glossary=False,
        url="benefits.riverbendusd.org", phone="1-800-946-2271",
        rx_url="benefits.riverbendusd.org/pharmacy",
        form_id="RUSD-CORE-PPO-2026",
        ded="$1,000 individual / $2,000 family", oop="$4,500 individual / $9,000 family",
        before_ded="Yes. Preventive care, office visits and prescription drugs are covered before you meet your deductible.",
        referral=False,
        pa="Pre-certification required. Benefits could be reduced by 50% if you don't get pre-certification.",
        cost=dict(pcp="$20 copay/visit", spec="$40 copay/visit", mh_out="$20 copay/visit"),
        oon="40% coinsurance",
        mv="Yes",
        excluded=["Acupuncture", "Cosmetic surgery", "Dental care (Adult)", "Long-term care",
                  "Private-duty nursing", "Routine foot care", "Weight loss programs"],
        excluded_cols=2,
        other_covered=["Bariatric surgery", "Chiropractic care", "Hearing aids", "Infertility treatment",
                       "Non-emergency care when traveling outside the U.S.", "Routine eye care (Adult)"],
        state=dict(regulator="Illinois Department of Insurance", phone="1-877-527-9431", web="idoi.illinois.gov"),
        employer=True,
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc14: Blue Cross and Blue Shield of OKLAHOMA: a Blue plan that is NOT BCBS Massachusetts (the BCBSMA
    # pack must not apply) -> IV ketamine step 8. Header wraps "Common" / "Medical Event" into two rows.
    dict(
        file="sbc14_bcbsok_header_wrap.pdf", curly=True,
        insurer="Blue Cross and Blue Shield of Oklahoma",
        plan_name="Blue Preferred PPO Gold 005",
        period=PERIOD_2026, coverage_for="Individual + Family", plan_type="PPO",
        layout="grid", font="Helvetica", size=7.6, orientation="landscape",
        colw=[0.14, 0.19, 0.17, 0.17, 0.33], header_fill="#BDD7EE",
        header_variant="split_common",
        running_header=True, underline_glossary=False,
        url="www.bcbsok.com", phone="1-855-636-3390", rx_url="www.bcbsok.com/rx-drugs",
        form_id="BCBSOK-BPPO-G005-26",
        ded="$1,750 individual / $3,500 family", oop="$6,350 individual / $12,700 family",
        before_ded="Yes. Preventive care, office visits and prescription drugs are covered before you meet your deductible.",
        referral=False,
        pa="Preauthorization required. If you don't get preauthorization, benefits will be denied.",
        cost=dict(pcp="$35 copay/visit", spec="$70 copay/visit", mh_out="$35 copay/visit"),
        oon="50% coinsurance",
        excluded=["Acupuncture", "Bariatric surgery", "Cosmetic surgery", "Dental care (Adult)", "Hearing aids",
                  "Infertility treatment", "Long-term care", "Private-duty nursing", "Routine eye care (Adult)",
                  "Routine foot care", "Weight loss programs"],
        excluded_cols=3,
        other_covered=["Chiropractic care", "Non-emergency care when traveling outside the U.S."],
        state=dict(regulator="Oklahoma Insurance Department", phone="1-800-522-0071", web="www.oid.ok.gov"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc15: both treatments named as excluded: IV ketamine in the "does NOT cover" box, esketamine in
    # the Specialty drugs row ("No benefits are provided") -> step 1 for both. Gridded, Arial-Narrow-like.
    dict(
        file="sbc15_named_excluded.pdf",
        insurer="Copperline Health",
        plan_name="Copperline Essential 2500 PPO",
        period=PERIOD_2026, coverage_for="Individual + Family", plan_type="PPO",
        layout="grid", font="ArialNarrow", size=8.2, orientation="landscape",
        colw=[0.15, 0.18, 0.18, 0.16, 0.33], header_fill="#F2F2F2",
        running_header=True, underline_glossary=False,
        url="www.copperlinehealth.com", phone="1-866-250-9034", rx_url="www.copperlinehealth.com/formulary",
        form_id="CLH-ESS2500",
        ded="$2,500 individual / $5,000 family", oop="$7,000 individual / $14,000 family",
        before_ded="Yes. Preventive care and generic drugs are covered before you meet your deductible.",
        referral=False,
        pa="Must be approved in advance (prior authorization).",
        cost=dict(pcp="$35 copay/visit", spec="$75 copay/visit", mh_out="$35 copay/visit"),
        oon="50% coinsurance",
        rows=dict(
            specialty=(None, "Not covered",
                       "Up to a 30-day supply. No benefits are provided for es-ketamine (Spravato\u00ae) nasal spray."),
        ),
        excluded=["Acupuncture", "Bariatric surgery", "Cosmetic surgery", "Dental care (Adult)",
                  "Experimental or investigational treatment", "Hearing aids", "Infertility treatment",
                  "Ketamine infusions (IV ketamine) for depression or other mental health conditions",
                  "Long-term care", "Private-duty nursing", "Routine foot care", "Weight loss programs"],
        excluded_cols=2,
        other_covered=["Chiropractic care", "Non-emergency care when traveling outside the U.S.",
                       "Routine eye care (Adult)"],
        state=dict(regulator="Texas Department of Insurance", phone="1-800-252-3439", web="www.tdi.texas.gov"),
    ),

    # ------------------------------------------------------------------------------------------------
    # sbc16: IV ketamine named in the outpatient mental-health row with "Pre-certification is required"
    # (step 3 for IV ketamine). Ruled horizontally, Times.
    dict(
        file="sbc16_named_iv_precert.pdf", nbsp=True,
        insurer="Northgate Health Alliance",
        plan_name="Northgate Platinum 250 PPO",
        period=PERIOD_2026, coverage_for="Individual + Family", plan_type="PPO",
        layout="hrules", font="Times", size=8.4, orientation="landscape",
        colw=[0.16, 0.17, 0.16, 0.15, 0.36], header_fill=None,
        running_header=True, underline_glossary=False,
        url="www.northgatehealth.org", phone="1-877-618-2204", rx_url="www.northgatehealth.org/rx",
        form_id="NGHA-PLAT250",
        ded="$250 individual / $500 family", oop="$3,000 individual / $6,000 family",
        before_ded="Yes. Office visits, prescription drugs and preventive care are covered before you meet your deductible.",
        referral=False,
        pa="Pre-certification required.",
        cost=dict(pcp="$15 copay/visit", spec="$30 copay/visit", mh_out="$15 copay/office visit; 10% coinsurance other outpatient services"),
        coins="10% coinsurance", oon="30% coinsurance",
        rows=dict(
            mh_out=(None, None,
                    "Pre-certification is required for intravenous ketamine infusion (treatment-resistant depression), "
                    "transcranial magnetic stimulation (TMS) and psychological testing."),
        ),
        excluded=["Cosmetic surgery", "Dental care (Adult)", "Long-term care", "Private-duty nursing",
                  "Routine foot care", "Weight loss programs"],
        excluded_cols=2,
        other_covered=["Acupuncture (12 visits per year)", "Bariatric surgery", "Chiropractic care", "Hearing aids",
                       "Infertility treatment", "Non-emergency care when traveling outside the U.S.",
                       "Routine eye care (Adult)"],
        state=dict(regulator="New York State Department of Financial Services", phone="1-800-342-3736",
                   web="www.dfs.ny.gov"),
    ),
]
