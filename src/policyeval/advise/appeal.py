"""What to do after the verdict, in words a patient can use: the appeal route and an appeal-letter draft
filled from the evidence and the profile (for an exclusion or a denied prior authorization), the questions
to ask the insurer on the phone, and, when the documents don't settle it, which document to request.

Appeal timelines are the federal floor for private plans under the ACA (45 CFR 147.136, which applies the
ERISA claims rule 29 CFR 2560.503-1): at least 180 days to file an internal appeal after a written denial; a
decision within 30 days for a service not yet received (72 hours when urgent); then 4 months after the final
internal denial to ask for an external review by an independent reviewer, which also covers denials for
"experimental or investigational" treatment. State law or the plan may give more time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..models import CriterionResult, Decision, Finding
from ..profile import Profile
from .labels import STATUS_MARKS, STATUS_TEXT, treatment_name, where

BILLING_CODES = {
    "iv_ketamine": "J3490 (ketamine, unclassified drug) with infusion codes 96365/96366",
    "esketamine_nasal": "J0013 (esketamine, 1 mg; S0013 before 2026) with G2082/G2083 for the observed clinic visit",
}
SCORE_LABELS = {"PHQ9": "PHQ-9", "MADRS": "MADRS", "HAMD": "HAM-D", "QIDS": "QIDS"}


_name = treatment_name
_where = where

# Where each kind of plan document tells a member how to appeal (the document actually given is cited).
APPEALS_SECTION = {
    "sbc": "Your Summary of Benefits and Coverage ({name}), in its section “Your Grievance and Appeals Rights”,",
    "eoc": "Your Evidence of Coverage ({name}), in its chapter on complaints, grievances and appeals,",
    "rider": "Your plan's certificate, amended by {name}, in its chapter on appeals,",
    "medicare_summary": "Your plan's Evidence of Coverage (ask for it: {name} is only the summary)",
}


def appeals_contact(documents: dict[str, str] | None = None) -> str:
    """Which of the patient's own documents names who to contact for an appeal, in words."""
    by_kind: dict[str, str] = {}
    for name, kind in (documents or {}).items():
        by_kind.setdefault(kind, name)
    for kind in ("eoc", "sbc", "rider", "medicare_summary"):
        if kind in by_kind:
            return APPEALS_SECTION[kind].format(name=by_kind[kind]) + " names who to contact."
    return (
        "The denial letter must say how to appeal and to whom; your plan's Evidence of Coverage (ask member "
        "services for it) has a chapter on appeals."
    )


def appeal_route(decision: Decision, insurer_label: str = "", documents: dict[str, str] | None = None) -> list[str]:
    """The steps of an appeal, in order, for an exclusion or a denied request. `documents` (name -> kind)
    are the documents the patient gave: the step that says where to find the contact cites one of them."""
    who = insurer_label or "your insurer"
    return [
        f"Get the denial in writing. If {who} has not decided yet, ask your prescriber to request coverage "
        "(prior authorization or a pre-service coverage decision) so there is a decision to appeal.",
        "File an internal appeal with the insurer within 180 days of the written denial. Include the letter "
        "below, your doctor's letter of medical necessity, and the records it mentions. Keep copies and note "
        "the date you sent it.",
        "The insurer must answer within 30 days for treatment you have not had yet, or within 72 hours if waiting "
        "could seriously harm your health (ask for an expedited appeal).",
        "If the internal appeal fails, ask for an external review within 4 months: an independent reviewer "
        "decides, and the insurer must follow it. Denials for 'experimental or investigational' treatment "
        "qualify. " + appeals_contact(documents),
        "Job-based plans that the employer pays for itself (self-funded, ERISA) use the federal process "
        "(U.S. Department of Labor, EBSA: 1-866-444-3272); other plans go through your state's insurance "
        "department, which can also help with the internal appeal.",
    ]


def _profile_lines(profile: Profile | None) -> list[str]:
    if profile is None:
        return []
    out = []
    if profile.age is not None:
        out.append(f"I am {profile.age} years old.")
    if profile.diagnoses:
        out.append("My diagnoses: " + ", ".join(profile.diagnoses) + ".")
    if profile.antidepressant_trials:
        trials = []
        for t in profile.antidepressant_trials:
            bits = [t.drug]
            if t.weeks is not None:
                bits.append(f"{t.weeks:g} weeks")
            if t.improvement_pct is not None:
                bits.append(f"{t.improvement_pct:g}% improvement")
            trials.append(" — ".join(bits))
        out.append(f"I have tried {len(trials)} antidepressant(s) without enough benefit: " + "; ".join(trials) + ".")
    elif profile.failed_antidepressant_trials is not None:
        out.append(f"I have tried {profile.failed_antidepressant_trials} antidepressant(s) without enough benefit.")
    if profile.psychotherapy_tried:
        out.append("I have also had psychotherapy.")
    if profile.current_oral_antidepressant:
        out.append("I am currently taking an oral antidepressant.")
    if profile.scores:
        out.append(
            "My current severity score(s): "
            + ", ".join(f"{SCORE_LABELS.get(k, k)} {v:g}" for k, v in profile.scores.items())
            + "."
        )
    if profile.rems_certified_site and profile.treatment == "esketamine_nasal":
        out.append("My treatment would be given at a REMS-certified Spravato treatment center.")
    if profile.provider_in_network:
        out.append("My provider is in your network.")
    return out


def _arguments(decision: Decision) -> list[str]:
    if decision.treatment == "esketamine_nasal":
        args = [
            "Spravato is not experimental: the FDA approved it in 2019 for treatment-resistant depression, in "
            "2020 for depressive symptoms in adults with major depressive disorder with acute suicidal ideation "
            "or behavior, and in January 2025 as monotherapy for treatment-resistant depression."
        ]
    else:
        args = [
            "Ketamine is an FDA-approved drug used for decades; its use for treatment-resistant depression is "
            "supported by randomized controlled trials (for example Anand et al., New England Journal of "
            "Medicine, 2023, comparing ketamine with electroconvulsive therapy) and by a consensus statement "
            "of the American Psychiatric Association's Council of Research (Sanacora et al., JAMA Psychiatry, 2017).",
            "Standard treatments have failed for me, as my doctor's letter documents, so this treatment is "
            "medically necessary for me.",
        ]
    if decision.basis == "inferred":
        args.append(
            "Your denial relies on a general clause; my plan's documents do not name this treatment as excluded."
        )
    return args


def appeal_letter(
    decision: Decision,
    profile: Profile | None = None,
    insurer_label: str = "",
    plan_name: str = "",
    today: date | None = None,
) -> str:
    """A plain-text draft the patient completes (the [brackets]) and signs. Nothing is sent anywhere."""
    today = today or date.today()
    who = insurer_label or decision.insurer or "[Insurer name]"
    name = _name(decision.treatment)
    lines = _letter_head(who, plan_name, today, name)
    if decision.evidence:
        lines.append("The decision appears to rest on this language in my plan's documents:")
        for e in decision.evidence[:3]:
            lines.append(f"  • “{e.quote}” ({_where(e)})")
        lines.append("")
    if decision.source:
        lines += [
            f"It also relies on the policy: {decision.source}. Please send me a copy of it, and of every "
            "document, criterion and reviewer note used in this decision, free of charge.",
            "",
        ]
    else:
        lines += [
            "Please send me a copy of every document, policy, criterion and reviewer note used in this "
            "decision, free of charge.",
            "",
        ]
    facts = _profile_lines(profile)
    if facts:
        lines += ["About my condition and treatment so far:"] + [f"  • {f}" for f in facts] + [""]
    met = [c for c in decision.criteria if c.status == "met"]
    if met:
        lines += ["I meet your prior-authorization criteria:"] + [f"  • {c.description}" for c in met] + [""]
    lines += ["Why this decision should change:"] + [f"  • {a}" for a in _arguments(decision)] + [""]
    lines += [
        "Enclosed: my doctor's letter of medical necessity; records of the antidepressant trials (drug, dose, "
        "weeks, response); my recent depression rating scores; a copy of the denial.",
        "",
        "If you uphold the denial, please tell me in writing the specific reason, the clinical criteria used, "
        "and how to request an external review.",
        "",
        "Sincerely,",
        "[Signature]",
        "[Your name]    [Phone]",
    ]
    return "\n".join(lines) + "\n"


def _letter_head(who: str, plan_name: str, today: date, name: str) -> list[str]:
    """Sender, date, addressee and the request itself."""
    return [
        "[Your name]",
        "[Your address]",
        "Member ID: [member ID]    Group number: [group number]" + (f"    Plan: {plan_name}" if plan_name else ""),
        "Claim or reference number: [from the denial letter]",
        "",
        today.strftime("%B %d, %Y").replace(" 0", " "),
        "",
        f"{who}",
        "Appeals Department",
        "[Address or fax number from the denial letter]",
        "",
        f"Re: Request for internal appeal — coverage of {name}",
        "",
        "To whom it may concern,",
        "",
        f"I am asking you to reconsider your decision not to cover {name}, which my doctor has prescribed for "
        "my depression. I ask for a full and fair review of this decision.",
        "",
    ]


def phone_questions(decision: Decision, profile: Profile | None = None) -> list[str]:
    """Questions for the insurer's member-services line (the number on the back of the insurance card)."""
    name = _name(decision.treatment)
    qs = [
        f"Is {name} covered for treatment-resistant depression under my plan? Under the medical benefit, the "
        "pharmacy benefit, or the behavioral-health benefit?",
        f"Which billing codes apply? (Clinics usually bill {BILLING_CODES.get(decision.treatment, 'the drug and the visit')}.)",
        "Is prior authorization required? Who submits it, on which form, and how long does a decision take?",
        "Does your medical policy call this treatment experimental or investigational? What is the policy's "
        "number and effective date, and can you send it to me?",
        "What will I pay per session in network: copay or coinsurance? Does the deductible apply first?",
    ]
    if decision.treatment == "esketamine_nasal":
        qs.append("Which REMS-certified Spravato treatment centers near me are in network?")
    else:
        qs.append(
            "Is the ketamine clinic I am considering in network? If not, do I have out-of-network benefits, "
            "and will you reimburse a superbill?"
        )
    if decision.verdict == "pa_required":
        qs.append("How long is an approval valid, and what do you need for reauthorization?")
    if decision.criteria and any(c.status != "met" for c in decision.criteria):
        qs.append(
            "Which criteria do you apply (age, diagnosis, number and length of antidepressant trials, severity "
            "score, treatment setting)? Please send them to me."
        )
    qs.append("At the end of the call: may I have a reference number for this call and your name?")
    return qs


def documents_to_request(decision: Decision, kinds: Iterable[str] = (), insurer_label: str = "") -> list[str]:
    """For an unknown verdict: which document would settle it, given the kinds of documents already read."""
    have = set(kinds)
    who = insurer_label or "your insurer"
    label = "IV ketamine" if decision.treatment == "iv_ketamine" else "esketamine (Spravato)"
    out = []
    if "eoc" not in have:
        out.append(
            "Your plan's Evidence of Coverage (also called Certificate of Coverage, or Summary Plan "
            "Description for job-based plans): it lists what the plan excludes, including 'experimental or "
            "investigational' services. Member services or your HR department must give it to you."
        )
    if "policy" not in have:
        out.append(
            f"{who}'s medical policy (clinical policy bulletin) on {label} for depression: ask member "
            "services for it by name and number, or search the insurer's website for 'ketamine' or 'esketamine'."
        )
    if "sbc" not in have:
        out.append(
            "Your Summary of Benefits and Coverage (SBC): it shows your cost share and which benefits need "
            "prior authorization."
        )
    if not decision.insurer:
        out.append(
            "The name of your insurer (on your insurance card): enter it above so the insurer's own policy "
            "can be checked."
        )
    if not out:
        out.append(
            f"A written answer from {who}: ask whether {label} is covered for your diagnosis, and for the "
            "policy it relies on."
        )
    return out


def criteria_checklist(criteria: list[CriterionResult]) -> list[tuple[str, str, str, str]]:
    """(mark, description, status text, what proves it) rows for a checklist."""
    return [
        (STATUS_MARKS.get(c.status, "•"), c.description, STATUS_TEXT.get(c.status, c.status), c.proof or "")
        for c in criteria
    ]


CONTACT_WHO = {
    "precertification": "the prior-authorization (precertification) line",
    "member_services": "member services",
    "behavioral_health": "the behavioral-health line",
    "pharmacy": "the pharmacy-benefit line",
}


@dataclass(frozen=True)
class Contact:
    role: str  # one of models.CONTACTS
    who: str  # in words
    number: str  # as printed (never turned into a link)
    document: str
    page: int


def contacts(findings: list[Finding]) -> list[Contact]:
    """The phone numbers the patient's documents print (contact facts), the prior-authorization line first,
    one per role; a policy document's number before a summary's."""
    order = list(CONTACT_WHO)
    found: dict[str, Contact] = {}
    ranked = sorted(
        (f for f in findings if f.kind == "contact" and f.value.strip()),
        key=lambda f: (f.evidence.document_kind != "policy", f.evidence.document, f.evidence.page),
    )
    for f in ranked:
        if f.concept not in found:
            who = CONTACT_WHO.get(f.concept, f.concept.replace("_", " "))
            found[f.concept] = Contact(f.concept, who, f.value.strip(), f.evidence.document, f.evidence.page)
    return sorted(found.values(), key=lambda c: order.index(c.role) if c.role in order else len(order))


def call_script(decision: Decision, findings: list[Finding], profile: Profile | None = None) -> tuple[str, list[str]]:
    """(whom to call, the questions): the number the documents print for prior authorization or member
    services, else the number on the back of the insurance card."""
    found = contacts(findings)
    if found:
        lead = "; ".join(f"{c.who}: {c.number} ({c.document}, page {c.page})" for c in found)
        whom = f"Numbers from your documents — {lead}. Your insurance card has member services too."
    else:
        whom = "Call the member-services number on the back of your insurance card."
    return whom, phone_questions(decision, profile)
