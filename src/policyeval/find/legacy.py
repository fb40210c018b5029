"""The bridge between how statements are read now (modifiers + `models.Scope`) and the modifiers the
default policy read before scope existed.

Until the decision layer applies `Scope` to the patient, a statement keeps its old modifiers:
an exclusion limited to out-of-network care is `out_of_network_only` (not `excluded`), coverage
limited to an indication adds `restricted`, an exclusion aimed at "any other indication" or
prior authorization asked only of out-of-network providers says nothing, and "excluded except
for TRD" is restricted coverage, and a drug list that does not list a treatment says nothing (`not_listed`
would read to it as a mention). The scope is written either way. When the default policy reads
scope, `find(..., legacy=False)` (and then this module goes): the statement's modifiers then say what the
clause says and its scope says for whom."""

from __future__ import annotations

from ..models import Scope
from .clauses import Verdict
from .scope import Qualifiers, to_scope


def finish(v: Verdict, q: Qualifiers, document_kind: str = "", legacy: bool = True) -> tuple[set[str], Scope]:
    """The statement's modifiers and scope from what its clauses say; `legacy` keeps the modifiers
    the default policy read before scope (see the module docstring)."""
    mods = set(v.mods)
    if document_kind == "policy" and "covered" in mods:
        mods.add("prior_authorization")  # an insurer policy covers when its criteria are met: by PA
    if v.carve_out:
        q.other_indications = True
    if legacy:
        return mods, to_scope(q)
    mods -= {"restricted"}
    if "out_of_network_only" in mods:
        mods.discard("out_of_network_only")
        if "covered" not in mods:
            mods.add("excluded")
            q.network = "out_of_network"
    if v.other_mods:
        mods |= v.other_mods
        q.other_indications = True
    if v.carve_out:
        mods = (mods - {"covered"}) | {"excluded"}
    if v.oon_pa:
        mods.add("prior_authorization")
        q.network = "out_of_network"
    return mods, to_scope(q)


def row_statements(mods: set[str], q: Qualifiers, legacy: bool = True) -> list[tuple[set[str], Qualifiers]]:
    """A chart row priced in network and "Not covered" out of network: today one covered statement
    marked out_of_network_only; with scope, two (covered in network, excluded out of network)."""
    if legacy or "out_of_network_only" not in mods or "covered" not in mods:
        return [(mods, q)]
    inside = Qualifiers(**{**vars(q), "network": q.network or "in_network"})
    outside = Qualifiers(**{**vars(q), "network": "out_of_network"})
    return [(mods - {"out_of_network_only"}, inside), ({"excluded"} | (mods & {"non_psychiatric"}), outside)]
