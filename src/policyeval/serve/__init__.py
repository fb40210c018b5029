"""serve: the CDS Hooks service (a face, like the CLI and the app: public API and `advise` only).

It takes CDS Hooks requests (`order-select`, `order-sign`) from an EHR — the draft order and the
patient's Coverage in the context or prefetch — finds that plan's documents in a folder keyed by plan
ID (PDFs, plan files, machine-readable formulary files), decides with the shipped rules and gives the
HL7 Da Vinci CRD answer: a card and a system action annotating the order (`advise.crd`). An unknown
plan is a `conditional` answer with info-needed, never an error page; a malformed request is a 400
with a JSON error. Requests are bounded in size and time, and nothing about a patient is logged.
"""

from .app import ServiceLimits, create_app
from .plans import PlanLibrary
from .server import serve

__all__ = ["PlanLibrary", "ServiceLimits", "create_app", "serve"]
