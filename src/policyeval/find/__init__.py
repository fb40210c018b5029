"""Documents -> findings (the second stage). Takes `models.Document` values from `read/` and gives
`models.Finding` values: every treatment, category, condition, exclusion and carrier the lexicon
(rules/lexicon.yaml) knows, with the page, quote and boxes where it was read, the modifiers its own
row or clause binds to it (covered, excluded, experimental, prior authorization ...), and the scope
that limits it. It never sees a patient or a verdict and never imports `dsl/` or `decide/`.

Modules: `sentences` (words -> sentences -> clauses), `matching` (one lexicon pass per page),
`clauses` (what a clause says), `rows` / `tables` / `lists` / `prose` (one per page device),
`insurer` (carriers), `build` (Finding values), `findings` (the page walk and `find`)."""

from .findings import find

__all__ = ["find"]
