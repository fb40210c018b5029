"""Which sentence speaks of the treatment named in the sentence before it (the adjacent-sentence
device): a sentence with no subject of its own ("Prior authorization required." after "Spravato
(esketamine) nasal spray."), a pronoun or a definite description standing for it ("It is subject to
review.", "The sessions are covered ...", "this service is experimental"), a requirement addressed to
the member after a coverage sentence ("You must get prior authorization from the plan first."), the
consequence of skipping a requirement, coverage under another benefit after an exclusion under one,
and a rule for a class the treatment was just said to belong to ("Spravato is a non-preferred agent
... All non-preferred agents require prior authorization.")."""

from __future__ import annotations

from .clauses import covered, experimental, own_verdict, pa_state
from .scope import benefit_of, consequence_clause
from .sentences import SUBJECT_KINDS, Clause, Passage

# A subject-less sentence starts with its predicate, or with one of these words standing for the
# subject before it ("It is not covered", "These require approval").
PRONOUNS = {"it", "they", "these", "this", "such", "those"}
# Words that may come before the predicate of a subject-less sentence ("Requires prior approval",
# "Considered investigational", "Is not covered").
# A form's check box before a statement ("☒ Prior authorization required") leaves it subject-less.
CHECKED = {"☒", "☑", "✓", "✔", "[x]", "☐", "□"}
LEADS = {"is", "are", "must", "may", "requires", "require", "needs", "not", "no", "considered", "also", "only"}
VERDICTS: tuple[str, ...] = ("prior_authorization", "pa_negation", "excluded", "covered", "experimental")
VERDICTS += ("quantity_limit", "step_therapy", "criteria_gate", "consequence", "answer_no")


def binds_to_previous(prev: Passage, cur: Passage) -> bool:
    """Does a sentence that names no concept speak about the one before? Yes when it states what
    happens without approval (a consequence of the previous requirement), when it speaks of "all
    other indications", or when it has no subject of its own ("Prior authorization required.")
    right after a bare name ("Spravato (esketamine) nasal spray.")."""
    if not cur.clauses or not any(c.concepts(("treatment", "category")) for c in prev.clauses):
        return False
    first = cur.clauses[0]
    if any(m.start <= 2 for m in first.other_uses()) and not any(
        c.concepts(("treatment", "category")) for c in cur.clauses
    ):
        return True  # "All other indications are considered experimental/investigational."
    if any(c.concepts(SUBJECT_KINDS) for c in cur.clauses):
        return False
    if any(consequence_clause(c) for c in cur.clauses) and any(pa_state(c) == "positive" for c in prev.clauses):
        return True
    said = [m for m in first.matches if m.group == "modifier" and (m.key in VERDICTS or ":" in m.key)]
    if not said:
        return False
    start = min(m.start for m in said)
    subjectless = start == 0 or (start == 1 and first.token(0) in LEADS | CHECKED) or first.token(0) in PRONOUNS
    subjectless = subjectless or _anaphor_before(first, start)
    if subjectless and prev.adjacent >= 0:
        return True  # a chain of notes after one name ("SPRAVATO. PRIOR AUTHORIZATION REQUIRED. REMS SITES ONLY.")
    bare = not own_verdict(prev.clauses) and not any(experimental(c) for c in prev.clauses)
    if subjectless and bare:
        return True
    if bare and _class_rule(prev, cur):
        return True
    return _requirement_after_coverage(prev, cur) or _routing_after_exclusion(prev, cur)


# A demonstrative (or "the" opening the sentence) with one of these nouns stands for the treatment named
# just before ("The sessions are covered ...", "... is that this service is experimental").
DEMONSTRATIVES = {"this", "these", "such", "those", "that"}
ANAPHOR_NOUNS = {"service", "services", "treatment", "treatments", "session", "sessions", "drug", "drugs"}
ANAPHOR_NOUNS |= {"medication", "medications", "therapy", "therapies", "infusion", "infusions", "procedure"}
ANAPHOR_NOUNS |= {"product", "spray", "item", "benefit", "request", "care"}


def _anaphor_before(first: Clause, start: int) -> bool:
    """A definite description of the treatment before the clause's verdict."""
    for i in range(min(start, len(first.words)) - 1):
        det, noun = first.token(i), first.token(i + 1)
        if noun in ANAPHOR_NOUNS and (det in DEMONSTRATIVES or (det == "the" and i == 0)):
            return True
    return False


# Words that open a rule for a whole class ("All non-preferred agents require prior authorization").
CLASS_WORDS = {"all", "every", "any", "each"}
# Verbs that end the class named after "All" ("All non-preferred agents require ...").
VERBS = {"need", "have", "has", "will", "can", "should", "shall", "do", "does"}
# How many words after "is a" name the class, and after "All" the class named again.
CLASS_REACH = 4


def _class_rule(prev: Passage, cur: Passage) -> bool:
    """ "Spravato is a non-preferred agent on the Preferred Drug List. All non-preferred agents require
    prior authorization.": a rule for the class the treatment was just said to belong to."""
    if cur.clauses[0].token(0) not in CLASS_WORDS:
        return False
    named = rule_class(cur)
    return bool(named) and named <= member_class(prev)


def rule_class(p: Passage) -> set[str]:
    """The class a rule sentence opens with ("All non-preferred agents require ...", "Non-preferred drugs
    need ..."), singular, up to its verb; empty when it names a treatment or says nothing."""
    first = p.clauses[0] if p.clauses else None
    if first is None or any(c.concepts(("treatment",)) for c in p.clauses):
        return set()  # a class may be a category ("Non-preferred drugs"), never a treatment
    verdict = min((m.start for m in first.matches if m.key in VERDICTS), default=len(first.words))
    named: set[str] = set()
    for i in range(1 if first.token(0) in CLASS_WORDS else 0, min(verdict, 1 + CLASS_REACH)):
        if first.token(i) in LEADS | VERBS:
            break
        named.add(first.token(i).rstrip("s"))
    return named - {""} if verdict < len(first.words) else set()


def member_class(p: Passage) -> set[str]:
    """The words after "is a" / "are" in a passage ("Spravato is a non-preferred drug on the PDL")."""
    out: set[str] = set()
    for c in p.clauses:
        for i in range(len(c.words) - 1):
            if c.token(i) in ("is", "are") and c.token(i + 1) in ("a", "an", "on", "in"):
                out |= {c.token(k).rstrip("s") for k in range(i + 2, i + 2 + CLASS_REACH)} - {"", "the"}
    return out


# Who a requirement sentence may speak to or of without naming the treatment ("You must get prior
# authorization from the plan first.", "Your doctor must ask us first.", "It is subject to review.").
PERSONS = {"you", "your", "we", "our", "members", "member", "the", "a", "providers", "provider", "prescribers"}


def _routing_after_exclusion(prev: Passage, cur: Passage) -> bool:
    """ "Esketamine is not covered under the pharmacy benefit. It is covered as a medical benefit ...":
    a pronoun sentence that covers under another benefit speaks of the excluded treatment before."""
    if cur.clauses[0].token(0) not in PRONOUNS:
        return False
    theirs = {benefit_of(c) for c in cur.clauses if covered(c) or pa_state(c) == "positive"} - {""}
    mine = {benefit_of(c) for c in prev.clauses if c.mods("excluded")} - {""}
    return bool(mine and theirs - mine)


def _requirement_after_coverage(prev: Passage, cur: Passage) -> bool:
    """A requirement sentence with a person or pronoun subject right after a sentence that covers a
    treatment without asking for approval binds to it: "Our plan covers Spravato ... You must get prior
    authorization from the plan first." Only a requirement binds this way (never an exclusion), so it
    can only take `covered` away from the sentence before."""
    first = cur.clauses[0]
    if first.token(0) not in PERSONS | PRONOUNS:
        return False
    if not any(pa_state(c) == "positive" for c in cur.clauses):
        return False
    if any(c.mods("excluded") or experimental(c) for c in cur.clauses):
        return False
    return any(covered(c) for c in prev.clauses) and not any(pa_state(c) == "positive" for c in prev.clauses)
