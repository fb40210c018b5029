"""Deciding: a plan's statements (the plan file's facts) and a patient's profile -> one Decision.

statements.py reads what each document may decide (kinds, riders, drug lists); scope.py and
scenarios.py apply each statement's scope to the patient and try the answers a profile leaves open;
case.py gives rules their values (the fact schema of dsl/schema.py); ruleset.py and the engine
(engine.py, the only importer of durable_rules, with its pure half in encoding.py) find every rule
that matches; decision.py, criteria.py and payer.py build the verdict, evidence, trace, checklist and
next steps; carrier.py says whose insurer pack may apply. Takes findings (models.Finding), gives
models.Decision; never reads a PDF."""
