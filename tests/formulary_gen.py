"""Generated CMS machine-readable formulary files (drugs.json, plans.json) for the tests: realistic
shapes (RxNorm-style names, HIOS plan IDs, every field the CMS schema has), made on the fly, written
streaming so a file of any size costs no memory to make. Nothing here is copied from a real file."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

TIERS = ("GENERIC", "PREFERRED-BRAND", "NON-PREFERRED-BRAND", "SPECIALTY")
INGREDIENTS = (
    "Sertraline",
    "Bupropion",
    "Escitalopram",
    "Venlafaxine",
    "Duloxetine",
    "Aripiprazole",
    "Lisinopril",
    "Metformin",
    "Atorvastatin",
    "Levothyroxine",
    "Ketamine",
    "Lamotrigine",
)
FORMS = ("Oral Tablet", "Oral Capsule", "Extended Release Oral Tablet", "Injectable Solution", "Oral Solution")


@dataclass
class Listing:
    """One drug's entry for one plan."""

    plan_id: str
    drug_tier: str = "SPECIALTY"
    prior_authorization: bool = False
    step_therapy: bool = False
    quantity_limit: bool = False

    def to_json(self) -> dict[str, Any]:
        return {
            "plan_id_type": "HIOS-PLAN-ID",
            "plan_id": self.plan_id,
            "drug_tier": self.drug_tier,
            "prior_authorization": self.prior_authorization,
            "step_therapy": self.step_therapy,
            "quantity_limit": self.quantity_limit,
        }


@dataclass
class Drug:
    rxnorm_id: str
    drug_name: str
    plans: list[Listing] = field(default_factory=list)
    key_order: tuple[str, ...] = ("rxnorm_id", "drug_name", "plans")

    def to_json(self) -> dict[str, Any]:
        body = {"rxnorm_id": self.rxnorm_id, "drug_name": self.drug_name, "plans": [p.to_json() for p in self.plans]}
        return {k: body[k] for k in self.key_order}


def plan_ids(count: int, state: str = "NY", issuer: str = "12345") -> list[str]:
    """HIOS plan IDs: 5-digit issuer, 2-letter state, 3-digit product, 4-digit plan (14 characters)."""
    return [f"{issuer}{state}{1 + i // 10:03d}{1 + i % 10:04d}" for i in range(count)]


def filler_drugs(count: int, plans: list[str], seed: int = 7, per_plan: float = 1.0) -> Iterator[Drug]:
    """Drugs that are not esketamine, listed for (a random share of) the plans."""
    rng = random.Random(seed)
    for i in range(count):
        ingredient = INGREDIENTS[i % len(INGREDIENTS)]
        strength = rng.choice((5, 10, 20, 25, 50, 100, 150, 200))
        name = f"{ingredient} {strength} MG {rng.choice(FORMS)}"
        if i % 5 == 0:
            name += f" [{ingredient[:4]}brand]"
        listed = [p for p in plans if per_plan >= 1.0 or rng.random() < per_plan]
        yield Drug(
            str(100000 + i),
            name,
            [
                Listing(p, rng.choice(TIERS), rng.random() < 0.2, rng.random() < 0.1, rng.random() < 0.15)
                for p in listed
            ],
        )


def spravato(plans: list[Listing], rxnorm_id: str = "2000001", name: str = "") -> Drug:
    """An esketamine nasal spray entry (RxNorm naming: ingredient, strength, form, [brand])."""
    return Drug(rxnorm_id, name or "esketamine 28 MG in 0.2 ML Nasal Spray [Spravato]", plans)


def write_drugs(path: Path, drugs: Iterator[Drug] | list[Drug], indent: bool = False) -> Path:
    """drugs.json written one drug at a time (any size, constant memory)."""
    with path.open("w", encoding="utf-8") as out:
        _write_array(out, (d.to_json() for d in drugs), indent)
    return path


def _write_array(out: IO[str], items: Iterator[dict[str, Any]], indent: bool) -> None:
    out.write("[\n" if indent else "[")
    for n, item in enumerate(items):
        if n:
            out.write(",\n" if indent else ",")
        out.write(json.dumps(item, indent=2 if indent else None))
    out.write("\n]\n" if indent else "]")


def cost_sharing(
    copay: float = 0.0, copay_opt: str = "NO-CHARGE", rate: float = 0.0, rate_opt: str = "NO-CHARGE"
) -> list[dict[str, Any]]:
    return [
        {
            "pharmacy_type": kind,
            "copay_amount": copay * (2.5 if kind.startswith("3-MONTH") else 1),
            "copay_opt": copay_opt,
            "coinsurance_rate": rate,
            "coinsurance_opt": rate_opt,
        }
        for kind in ("1-MONTH-IN-RETAIL", "3-MONTH-IN-MAIL")
    ]


def plan_entry(plan_id: str, name: str, tiers: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    tiers = tiers or {
        "GENERIC": cost_sharing(10.0, "BEFORE-DEDUCTIBLE"),
        "PREFERRED-BRAND": cost_sharing(40.0, "AFTER-DEDUCTIBLE"),
        "NON-PREFERRED-BRAND": cost_sharing(80.0, "AFTER-DEDUCTIBLE"),
        "SPECIALTY": cost_sharing(0.0, "NO-CHARGE", 0.3, "AFTER-DEDUCTIBLE"),
    }
    return {
        "plan_id_type": "HIOS-PLAN-ID",
        "plan_id": plan_id,
        "marketing_name": name,
        "summary_url": f"https://plans.example.org/sbc/{plan_id}.pdf",
        "marketing_url": f"https://plans.example.org/plans/{plan_id}",
        "plan_contact": "member-help@example.org",
        "network": [{"network_tier": "PREFERRED"}],
        "formulary": [
            {"drug_tier": tier, "mail_order": True, "cost_sharing": sharing} for tier, sharing in tiers.items()
        ],
        "last_updated_on": "2026-01-15",
    }


def write_plans(path: Path, plans: list[dict[str, Any]]) -> Path:
    with path.open("w", encoding="utf-8") as out:
        _write_array(out, iter(plans), indent=True)
    return path


def big_drugs_file(path: Path, target_bytes: int, plans: int = 60, seed: int = 11) -> tuple[Path, str]:
    """A drugs.json of at least `target_bytes`, with one Spravato entry (PA, specialty) near its end for
    the first plan. Returns the path and that plan's ID."""
    ids = plan_ids(plans)
    listing_bytes = len(json.dumps(Listing(ids[0]).to_json())) + 1
    per_drug = listing_bytes * plans + 80
    count = target_bytes // per_drug + 1

    def drugs() -> Iterator[Drug]:
        for n, drug in enumerate(filler_drugs(count, ids, seed)):
            if n == count - 3:
                yield spravato([Listing(ids[0], "SPECIALTY", True, False, True)])
            yield drug

    return write_drugs(path, drugs()), ids[0]
