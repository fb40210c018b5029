"""Ellipsis: a clause that leaves out what the clause before it said ("..., but not when it is used to
treat depression", "Spravato does not require prior authorization, but ketamine infusions do") says it
of its own subject, with the polarity its words give. The structure states a modifier no phrase names,
so this module adds `synthetic` matches to the clause (find.sentences builds the clauses)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from ..lexicon import Match
from ..models import Word


class ClauseLike(Protocol):
    """What ellipsis reads of a clause (find.sentences.Clause)."""

    words: list[Word]
    matches: list[Match]

    def token(self, i: int) -> str: ...

    def mods(self, name: str) -> list[Match]: ...

    def concepts(self, kinds: tuple[str, ...] = ...) -> list[Match]: ...


def synthetic(key: str, term: str, at: int, length: int = 1) -> Match:
    """A modifier the structure states, not a phrase ("except X" after "covered": X is excluded)."""
    return Match(key, "modifier", key, at, at + length, term, (-1, -1))


# Words that open a clause taking back the previous clause's coverage ("..., but not when ...").
ELLIPTIC_NEGATION = (("but", "not"), ("and", "not"), ("yet", "not"), ("not",))
# "but not limited to" is an example list, not a negation.
NOT_ELLIPTIC_AFTER = {"limited", "only", "necessarily"}
VERDICT_KEYS = ("covered", "excluded", "prior_authorization", "experimental", "pa_negation", "covered_hedged")


# An auxiliary that stands for the verb phrase before it ("..., but ketamine infusions do.").
AUXILIARIES = {"do", "does", "did", "is", "are", "will", "was", "were"}


def verbs(clauses: Sequence[ClauseLike]) -> None:
    """A clause that names a treatment and ends in an auxiliary standing for the previous clause's
    requirement says it of its own subject: "Spravato does not require prior authorization, but ketamine
    infusions do" (required), "Ketamine infusions require approval; Spravato does not" (not required),
    "Spravato is covered, but ketamine infusions are not" (excluded). An affirmative ellipsis never
    makes coverage: "..., but X is" after "not covered" states nothing."""
    for prev, cl in zip(clauses, clauses[1:]):
        toks = [cl.token(i) for i in range(len(cl.words))]
        negated = bool(toks) and toks[-1] == "not"
        core = toks[:-1] if negated or (toks and toks[-1] in ("too", "also")) else toks
        if not core or core[-1] not in AUXILIARIES or not cl.concepts(("treatment", "category")):
            continue
        if any(m.group == "modifier" and m.key in VERDICT_KEYS for m in cl.matches):
            continue
        at = len(core) - 1
        if prev.mods("prior_authorization"):
            if negated:  # the term says what is negated (find.clauses.pa_state reads it)
                cl.matches.append(synthetic("pa_negation", "no prior authorization", at, 2))
            else:
                cl.matches.append(synthetic("prior_authorization", "prior authorization", at))
        elif prev.mods("covered") and negated:
            cl.matches.append(synthetic("excluded", "not", at, 2))


def negations(clauses: Sequence[ClauseLike]) -> None:
    """A clause that opens with "but not" and says nothing itself, after a clause that says covered,
    says "not covered" for what it names ("covered for anesthesia, but not when used for depression")."""
    for prev, cl in zip(clauses, clauses[1:]):
        if not any(m.key == "covered" for m in prev.matches if m.group == "modifier"):
            continue
        lead = next((t for t in ELLIPTIC_NEGATION if all(cl.token(i) == w for i, w in enumerate(t))), None)
        if lead is None or cl.token(len(lead)) in NOT_ELLIPTIC_AFTER:
            continue
        if any(m.group == "modifier" and m.key in VERDICT_KEYS for m in cl.matches):
            continue
        cl.matches.append(synthetic("excluded", "not", len(lead) - 1))
