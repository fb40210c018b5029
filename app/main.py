"""policyeval in the browser: `streamlit run app/main.py` (or `make run`).

Three pages: **Patients** (upload a plan's PDFs, get the answer first with the words of the plan that decide
it, next steps, cost, an appeal draft and a printable summary), **Rule authors** (edit a rule file, check it on
every change, try it on a sample or an uploaded PDF, compare verdicts before/after) and **QA** (run the samples
manifest, failures first, rule coverage, JSON / JUnit).

Privacy: uploaded files and answers live only in this session's `st.session_state`; nothing is written to disk
or logged. Every browser session runs this script in its own thread.
"""

from __future__ import annotations

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `streamlit run app/main.py` puts app/ on the path, not the repository
    sys.path.insert(0, str(ROOT))

import policyeval  # noqa: E402
from app import patients, qa_page, rule_authors  # noqa: E402
from app.common import CSS  # noqa: E402
from policyeval.errors import PolicyEvalError  # noqa: E402

PAGES = ("Patients", "Rule authors", "QA")


def main() -> None:
    st.set_page_config(
        page_title="policyeval — will my plan cover ketamine or Spravato?", page_icon="🩺", layout="wide"
    )
    st.html(CSS)
    ss = st.session_state
    if "page" not in ss:
        wanted = str(st.query_params.get("page", "")).lower()
        ss.page = {"rules": "Rule authors", "rule authors": "Rule authors", "qa": "QA"}.get(wanted, "Patients")
    with st.sidebar:
        st.radio(
            "I am…",
            PAGES,
            key="page",
            format_func={
                "Patients": "A patient (check my coverage)",
                "Rule authors": "A rule author",
                "QA": "QA (run the samples)",
            }.get,
        )
        st.caption(
            "policyeval reads health-plan documents and decides whether IV ketamine or Spravato is "
            "covered, with the evidence. Not legal or medical advice."
        )
    try:  # an error that escapes anyway shows as a short message, never a traceback
        {"Rule authors": rule_authors.page, "QA": qa_page.page}.get(ss.page, patients.page)()
    except PolicyEvalError as err:
        st.error(str(err))
    except Exception as err:  # noqa: BLE001 - never show a patient a traceback
        st.error(f"Something went wrong ({type(err).__name__}). Please reload the page and try again.")
    finally:  # the word memos shared by all sessions keep no one's words after their run
        policyeval.forget_words()


main()
