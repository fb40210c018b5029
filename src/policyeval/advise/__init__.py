"""What the patient is told: takes a Decision (with the plan file's findings and the documents read) and
gives words, numbers and files a person can act on. Public modules, used by the CLI and the app:

- `labels`: treatment names, verdict headlines and sentences, basis in plain words, glossary;
- `costs`: self-pay vs the plan's own cost share, from the plan file's row cells;
- `appeal`: appeal route and letter, phone questions and the numbers to call, documents to request;
- `report`: the CLI's text and the Markdown download; `printable`: the one-page PDF summary;
- `documents`: upload limits and checks, warnings about the documents given, deciding passages and
  their page images;
- `compare`: what an edit to the rules changes, case by case (before / after).
"""
