"""What a payer document states besides coverage: its prior-authorization criteria (`criterion`
findings, ids in `models.CRITERIA`, the number in `Finding.value`) and the phone numbers it prints
with their purpose (`contact` findings, ids in `models.CONTACTS`).

Criteria are read only from payer documents (kind `policy`: an insurer medical policy, a criteria
page, a state Medicaid PA notice, a PA request form), sentence by sentence; an age to enrol in an
Evidence of Coverage is not a criterion for the treatment. Each pattern needs the words that make
it a criterion ("failed", "inadequate response", "approval ... months"), not just a number."""

from __future__ import annotations

import re

from ..lexicon import Lexicon, normalize
from ..models import Document, Evidence, Finding, Page, Scope, Word
from .scope import Qualifiers, read_ages, words_to_numbers
from .sentences import Clause, line_boxes, text_of

_N = r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_NUMBERS |= {"ten": 10, "twelve": 12}
_FAILED = re.compile(r"\b(fail|failed|failure|inadequate|not\s+respond|no\s+response|tried|trials?|nonrespon)")
_TRIALS = re.compile(
    rf"\b(?:at\s+least\s+|a\s+minimum\s+of\s+|)(?:{_N})\s*(?:\(\d+\)\s*)?(?:or\s+more\s+)?(?:different\s+)?(?:oral\s+)?"
    r"(?:antidepressants?|antidepressant\s+(?:trials?|medications?|agents?|drugs?)|trials?\s+of\s+antidepressants?)"
    rf"|\bantidepressants?\s+tried[^.]*?\bat\s+least\s+{_N}\b"
)
_CLASSES = re.compile(
    rf"\b(?:from\s+)?(?:at\s+least\s+)?{_N}\s+(?:\(\d+\)\s+)?(?:or\s+more\s+)?different\s+(?:antidepressant\s+)?classes"
    r"|\bdifferent\s+(?:mechanisms?\s+of\s+action|classes)"
)
_WEEKS = re.compile(
    rf"\b(?:at\s+least|for|of|minimum\s+of|lasting)\s+(?:at\s+least\s+)?{_N}\s+weeks?\b|\b{_N}\s+weeks?\s+or\s+(?:longer|more)"
)
_IMPROVEMENT = re.compile(
    r"\b(?:less\s+than|under|below|no\s+more\s+than|up\s+to|<\s*|≤\s*)?\s*(\d{1,2})\s*%\s*(?:or\s+less\s+)?"
    r"(?:improvement|reduction|response|decrease)"
    r"|\b(?:improvement|reduction|response)\s+(?:of\s+)?(?:less\s+than|no\s+more\s+than|≤|<)\s*(\d{1,2})\s*%"
)
_SCALES = {"phq9": "PHQ-9", "phq-9": "PHQ-9", "madrs": "MADRS", "hamd": "HAM-D", "ham-d": "HAM-D", "hamd17": "HAM-D"}
_SCALES |= {"ham-d17": "HAM-D", "qids": "QIDS", "qids-c16": "QIDS", "bdi": "BDI"}
_SCORE = re.compile(
    r"\b(phq-?9|madrs|ham-?d(?:17)?|qids(?:-c16)?|bdi)\b[^.;]{0,40}?(?:score\s+)?(?:of\s+)?(?:at\s+least|≥|>=|greater\s+than\s+or\s+equal\s+to|)\s*(\d{1,2})"
)
_MONTHS = re.compile(rf"\b(?:for|of|up\s+to)\s+(?:up\s+to\s+)?{_N}\s+months?\b|\b{_N}[-\s]months?\b")
_RENEWAL = re.compile(
    r"\b(renew|renewal|reauthori[sz]ation|re-authori[sz]ation|continuation|continued|recertification)"
)
_APPROVAL = re.compile(r"\b(approv|authori[sz]|duration|approval\s+period)")
_CONCURRENT = re.compile(r"\b(oral\s+antidepressant|concurrent|in\s+conjunction\s+with|augment|monotherapy)")
_PHONE = re.compile(r"(?<![\d-])(?:1[\s.-])?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)")
_FOUR_DIGITS = re.compile(r"\d{4}")  # every _PHONE match ends in four digits inside one word
# A label this many words before a number still names it ("Member Services: ... (888) 555-0199").
LABEL_REACH = 12


# Characters after "N months" where a label says which period it is ("6 months initial; 12 months renewal").
AFTER_REACH = 14
_SYMBOLS = ((re.compile(r"(?:≥|>=|=>)\s*"), "at least "), (re.compile(r"(?:≤|<=|=<)\s*"), "at most "))
_DOUBLED = re.compile(r"\b([a-z]+)\s+\((\d{1,3})\)")


def plain_numbers(low: str) -> str:
    """Numbers as one plain form: "six (6) weeks" and "six weeks" -> "6 weeks", "≥ 18" -> "at least 18"."""
    low = _DOUBLED.sub(lambda m: m.group(2) if words_to_numbers(m.group(1)) == m.group(2) else m.group(0), low)
    for pattern, words in _SYMBOLS:
        low = pattern.sub(words, low)
    return words_to_numbers(low)


def _num(text: str) -> str:
    return str(_NUMBERS.get(text, text))


def criteria(
    doc: Document, page: Page, words: list[Word], clause: Clause, lex: Lexicon, leadin: str = ""
) -> list[Finding]:
    """The criteria one sentence of a payer document states; a list item reads with the lead-in it
    continues ("an inadequate response to one of the following:" + "1. At least two antidepressants ...")."""
    if doc.kind != "policy":
        return []
    low = plain_numbers(" ".join(normalize(w.text) for w in words))
    failed = _FAILED.search(low) or _FAILED.search(normalize(leadin))
    found: list[tuple[str, str, Scope]] = []
    q = Qualifiers()
    read_ages(low, q)
    if q.age_min is not None:
        found.append(("min_age", str(q.age_min), Scope()))
    conds = [m.key for m in clause.concepts(("condition",))]
    if conds and re.search(r"\b(diagnos\w*|with|has|have)\b", low) and not clause.mods("other_uses"):
        found.append(("diagnosis", "", Scope(indications=tuple(dict.fromkeys(conds)))))
    m = _TRIALS.search(low)
    if m and failed:
        found.append(("failed_trials", _num(next(g for g in m.groups() if g)), Scope()))
    m = _CLASSES.search(low)
    if m:
        count = next((g for g in m.groups() if g), None)
        if count is None and found and found[-1][0] == "failed_trials":
            count = found[-1][1]  # "two or more antidepressants with different mechanisms of action"
        if count:
            found.append(("trial_classes", _num(count), Scope()))
    m = _WEEKS.search(low)
    if m and (failed or "trial" in low):
        found.append(("trial_weeks", _num(next(g for g in m.groups() if g)), Scope()))
    m = _IMPROVEMENT.search(low)
    if m and ("fail" in low or "inadequate" in low or "response" in low or "improvement" in low):
        found.append(("max_improvement", next(g for g in m.groups() if g), Scope()))
    m = _SCORE.search(low)
    if m:
        found.append(
            ("min_score", f"{_SCALES.get(m.group(1).replace(' ', ''), m.group(1).upper())} {m.group(2)}", Scope())
        )
    if clause.mods("setting:psychiatrist") and re.search(
        r"\b(prescribed|prescriber|consultation|supervision|managed)\b", low
    ):
        found.append(("prescriber", "", Scope(settings=("psychiatrist",))))
    if clause.mods("setting:rems_certified_site"):
        found.append(("rems_setting", "", Scope(settings=("rems_certified_site",))))
    if _CONCURRENT.search(low) and "antidepressant" in low:
        required = not re.search(r"\bnot\s+required\b|\bmonotherapy\b|\bnot\s+needed\b", low)
        found.append(("concurrent_antidepressant", "required" if required else "not required", Scope()))
    if "psychotherapy" in low and re.search(r"\b(tried|receiving|required|requires|in\s+addition|completed)\b", low):
        found.append(("psychotherapy", "required", Scope()))
    found += _periods(low)
    ev = Evidence(doc.name, page.number, text_of(words), line_boxes(words), ocr=page.ocr, document_kind=doc.kind)
    return [
        Finding(cid, "criterion", ev, frozenset(), (), text_of(words), scope=sc, device="sentence", value=v)
        for cid, v, sc in found
    ]


def _periods(low: str) -> list[tuple[str, str, Scope]]:
    """Approval and renewal periods ("authorized for up to 3 months", "12 months renewal")."""
    out: list[tuple[str, str, Scope]] = []
    for m in _MONTHS.finditer(low):
        months = _num(next(g for g in m.groups() if g))
        before, after = low[: m.start()], low[m.end() : m.end() + AFTER_REACH]
        if _RENEWAL.match(after.strip()):
            out.append(("renewal_months", months, Scope()))  # "12 months renewal"
        elif re.match(r"\s*(initial|approval|initially)\b", after):
            out.append(("approval_months", months, Scope()))  # "6 months initial"
        elif _RENEWAL.search(low) and (not _APPROVAL.search(before[-60:]) or _RENEWAL.search(before[-80:])):
            out.append(("renewal_months", months, Scope()))
        elif _APPROVAL.search(before[-60:]) or "initial" in before[-60:]:
            out.append(("approval_months", months, Scope()))
    return out


def contacts(doc: Document, page: Page, lex: Lexicon) -> list[Finding]:
    """Phone numbers with the purpose their line (or the line above) gives them. A phone number
    has four digits in a row inside one word, so a line without such a word holds none: only
    those lines are read (and a page without any, not at all)."""
    lines: dict[int, list[Word]] = {}
    dialled: set[int] = set()  # lines with a word that may end a phone number
    for w in page.words:
        lines.setdefault(w.line, []).append(w)
        if _FOUR_DIGITS.search(w.text):
            dialled.add(w.line)
    if not dialled:
        return []
    ordered = sorted(lines.items(), key=lambda kv: (min(w.bbox[1] for w in kv[1]), min(w.bbox[0] for w in kv[1])))
    out: list[Finding] = []
    prev: list[Word] = []
    for number, line in ordered:
        if number in dialled:
            text = text_of(line)
            for m in _PHONE.finditer(text):
                label = _label(text[: m.start()], lex) or _label(text_of(prev), lex)
                if not label:
                    continue
                ev = Evidence(doc.name, page.number, text, line_boxes(line), ocr=page.ocr, document_kind=doc.kind)
                out.append(
                    Finding(label, "contact", ev, frozenset(), (), m.group(0), device="sentence", value=m.group(0))
                )
        prev = line
    return out


def _label(text: str, lex: Lexicon) -> str:
    """The contact purpose named last before a number (within LABEL_REACH words)."""
    tokens = text.split()[-LABEL_REACH:]
    named = [m.key.split(":", 1)[1] for m in lex.match_documents(tokens) if m.key.startswith("contacts:")]
    specific = [n for n in named if n != "member_services"]  # "pharmacy questions": the pharmacy line
    return (specific or named or [""])[-1]
