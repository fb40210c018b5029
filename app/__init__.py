"""The Streamlit app (a face of policyeval: it uses only the public API and `policyeval.advise` /
`policyeval.tools`). `main` is the entry (`streamlit run app/main.py`, or `make run`); one module per
page — `patients`, `rule_authors`, `qa_page` — with the patient's answer drawn by `answer`, the profile
form in `profile_form`, and what pages share in `common`."""
