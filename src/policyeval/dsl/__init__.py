"""The rule language's front end: takes the text of rule files (`*.policy`) and plan files; gives the
AST (`syntax`, built by `parser` and `builder`), its canonical text (`formatter`, `unparse`, `comments`),
every error and warning with its position (`diagnostics`, `checks`, `lint`, `solver`), the lowered
rule program the engine compiles (`checks.RuleProgram`), the shared operator table and DNF expansion
(`logic`), and the plan file <-> findings round trip (`planfile`). Never touches a PDF or the engine."""
