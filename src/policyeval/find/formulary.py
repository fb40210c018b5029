"""A plan's formulary entries (read.formulary_plan) -> statements. Each Spravato (esketamine) entry
the file lists for the plan becomes one statement: on formulary (`covered`) at its tier, with
`prior_authorization` (or `pa_not_required`), `step_therapy` and `quantity_limit` as the entry says,
device `formulary_file`, evidence = the file, the entry's JSON pointer and its text, and the cost
sharing plans.json gives for that tier as the evidence's cells. A plan the file has no entry for, or
whose entries do not include the drug, is one `not_listed` statement saying which, never a guess."""

from __future__ import annotations

import re

from ..models import Evidence, Finding
from ..read.formulary import CostShare, DrugsRead, PlanInfo
from ..read.formulary_plan import FORMULARY_CONCEPT, PlanFormulary

# The pharmacy types shown as a chart row's cells (cost estimate), by column role.
CELL_PHARMACY = {
    "in_network": ("1-MONTH-IN-RETAIL", "1-MONTH-IN-MAIL", "1-MONTH-IN-SPECIALTY"),
    "out_of_network": ("1-MONTH-OUT-RETAIL", "1-MONTH-OUT-MAIL"),
    "mail_order": ("3-MONTH-IN-MAIL", "3-MONTH-IN-RETAIL"),
}


def formulary_findings(read: PlanFormulary) -> list[Finding]:
    """The statements every drug list makes about the plan."""
    return [f for drugs in read.drug_lists for f in drug_findings(drugs, read.plan)]


def drug_findings(read: DrugsRead, info: PlanInfo | None) -> list[Finding]:
    """One statement per listing of the drug for the plan; one `not_listed` statement when there is none."""
    section = f"plan {read.plan_id}" + (f", {info.marketing_name}" if info and info.marketing_name else "")
    out = []
    for listing in read.listings:
        mods = {"listed", "covered"}
        mods.add("prior_authorization" if listing.prior_authorization else "pa_not_required")
        if listing.step_therapy:
            mods.add("step_therapy")
        if listing.quantity_limit:
            mods.add("quantity_limit")
        cells = tier_cells(info.tiers.get(listing.drug_tier, [])) if info else {}
        evidence = Evidence(
            read.name,
            0,
            listing.text(),
            section=section,
            row=f"drug tier {listing.drug_tier}",
            document_kind="formulary",
            cells=cells,
            pointer=listing.pointer,
        )
        out.append(
            Finding(
                FORMULARY_CONCEPT,
                "treatment",
                evidence,
                frozenset(mods),
                matched=listing.drug_name,
                device="formulary_file",
                tier=listing.drug_tier,
            )
        )
    if not out:
        if read.plan_drugs:
            quote = (
                f"{read.name} lists {read.plan_drugs:,} drugs for plan {read.plan_id}; "
                "none of them is esketamine (Spravato)"
            )
        else:
            quote = (
                f"{read.name} lists no drugs at all for plan {read.plan_id} ({read.drugs:,} drugs read for other plans)"
            )
        evidence = Evidence(read.name, 0, quote, section=section, document_kind="formulary")
        out.append(
            Finding(FORMULARY_CONCEPT, "treatment", evidence, frozenset({"not_listed"}), device="formulary_file")
        )
    return out


def tier_cells(shares: list[CostShare]) -> dict[str, str]:
    """A drug tier's cost sharing as chart cells by column role (1-month retail = in_network ...)."""
    by_type = {s.pharmacy_type: s for s in shares}
    cells = {}
    for role, types in CELL_PHARMACY.items():
        share = next((by_type[t] for t in types if t in by_type), None)
        if share is not None:
            cells[role] = f"{cost_text(share)} ({_supply(share.pharmacy_type)})"
    return cells


def _opt(opt: str) -> str:
    return {
        "AFTER-DEDUCTIBLE": " after deductible",
        "BEFORE-DEDUCTIBLE": " before deductible",
        "NO-CHARGE-AFTER-DEDUCTIBLE": " after deductible",
    }.get(opt, "")


def cost_text(s: CostShare) -> str:
    """'$40 copay after deductible', '30% coinsurance after deductible', 'No charge' ..."""
    parts = []
    if s.copay_amount and not s.copay_opt.startswith("NO-CHARGE"):
        parts.append(f"${s.copay_amount:,.2f}".replace(".00", "") + " copay" + _opt(s.copay_opt))
    if s.coinsurance_rate and not s.coinsurance_opt.startswith("NO-CHARGE"):
        parts.append(f"{s.coinsurance_rate * 100:g}% coinsurance" + _opt(s.coinsurance_opt))
    if parts:
        return ", then ".join(parts)
    after = "AFTER-DEDUCTIBLE" in (s.copay_opt + s.coinsurance_opt)
    return "No charge" + (" after deductible" if after else "")


def _supply(pharmacy_type: str) -> str:
    """'1-MONTH-IN-RETAIL' -> '1-month supply, in-network retail pharmacy'."""
    m = re.fullmatch(r"(\d+)-MONTH-(IN|OUT)-(\w+)", pharmacy_type)
    if not m:
        return pharmacy_type.lower()
    network = "in-network" if m.group(2) == "IN" else "out-of-network"
    return f"{m.group(1)}-month supply, {network} {m.group(3).lower()} pharmacy"
