"""The ASGI application (Starlette): discovery, the two hooks, and JSON for every error.

Each hook request is read up to `max_body` bytes, parsed, and decided in a worker thread (at most
`workers` at once, each within `max_seconds`); the answer is the CRD response per draft order about
ketamine or esketamine. Errors are JSON (`{"error": ...}`) with their status, never an HTML page and
never a traceback in a log: what a request carries is patient data.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import policyeval
from policyeval.advise.crd import crd_response

from .hooks import SERVICE_IDS, BadRequest, HookRequest, Order, discovery, parse_request
from .plans import PlanLibrary


@dataclass
class ServiceLimits:
    max_body: int = 1_000_000  # bytes of one request (a CDS Hooks request with prefetch is a few KB)
    max_seconds: float = 120.0  # one request's answer, reading a plan's documents the first time included
    workers: int = 2  # decisions at once (the machine's cores)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def unknown_plan(order: Order, request: HookRequest) -> policyeval.Decision:
    """The answer when this server has no documents for the patient's plan: conditional, saying why."""
    if request.coverage is None:
        why = "The request carries no Coverage (prefetch 'coverage'), so the patient's plan is not known."
    elif not request.plan_id:
        why = "The patient's Coverage names no HIOS plan ID (Coverage.class of type 'plan')."
    else:
        why = f"No documents for plan {request.plan_id} are on file with this coverage service."
    return policyeval.Decision(
        order.treatment,
        "unknown",
        "none",
        why + " Coverage cannot be determined from the plan's documents.",
        next_steps=[
            "Check the patient's plan ID on the member card and that the Coverage is sent with the order.",
            "Ask the payer for the plan's coverage documents (SBC, Evidence of Coverage) and formulary, "
            "or submit a prior-authorization request to find out.",
        ],
    )


class Service:
    """One running service: its plan library, limits and the threads that decide."""

    def __init__(self, plans: PlanLibrary, limits: ServiceLimits):
        self.plans, self.limits = plans, limits
        self.limiter = anyio.CapacityLimiter(limits.workers)
        self.rules = policyeval.load_rules()

    def answer(self, request: HookRequest, today: dt.date) -> dict[str, Any]:
        """The CRD response for each relevant draft order (run in a worker thread). The word memos are
        emptied afterwards: the request's profile words (payer, diagnoses) stay in no memory."""
        try:
            return self._answer(request, today)
        finally:
            policyeval.forget_words()

    def _answer(self, request: HookRequest, today: dt.date) -> dict[str, Any]:
        cards: list[Any] = []
        actions: list[Any] = []
        files = self.plans.files(request.plan_id) if request.plan_id else None
        plan_text = self.plans.plan_text(files) if files else ""
        for order in request.orders:
            if plan_text:
                profile: dict[str, Any] = {"treatment": order.treatment, "service_date": today.isoformat()}
                if request.age is not None:
                    profile["age"] = request.age
                if order.diagnoses:
                    profile["diagnoses"] = order.diagnoses
                if request.payer:
                    profile["insurer"] = request.payer
                decision, _ = policyeval.evaluate_plan_text(plan_text, profile, self.rules)
            else:
                decision = unknown_plan(order, request)
            response = crd_response(decision, order.resource, request.coverage, request.payer, today)
            cards += response["cards"]
            actions += response["systemActions"]
        return {"cards": cards, "systemActions": actions} if actions else {"cards": []}

    async def services(self, _: Request) -> Response:
        return JSONResponse(discovery())

    async def hook(self, request: Request) -> Response:
        service_id = request.path_params["service_id"]
        if service_id not in SERVICE_IDS:
            return _error(404, f"no CDS service {service_id[:60]!r}; GET /cds-services lists them")
        body = await self._body(request)
        if isinstance(body, Response):
            return body
        today = dt.date.today()
        try:
            parsed = parse_request(body, SERVICE_IDS[service_id], today)
        except BadRequest as err:
            return _error(400, str(err))
        try:
            with anyio.fail_after(self.limits.max_seconds):
                result = await anyio.to_thread.run_sync(
                    self.answer, parsed, today, limiter=self.limiter, abandon_on_cancel=True
                )  # past the deadline the answer is abandoned (its thread finishes on its own)
        except TimeoutError:
            return _error(503, f"the answer took longer than {self.limits.max_seconds:g} s; try again shortly")
        except policyeval.PolicyEvalError as err:
            return _error(422, f"the plan's documents on file cannot be used: {err}")
        return JSONResponse(result)

    async def _body(self, request: Request) -> Any:
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.limits.max_body:
            return _error(413, f"the request is larger than {self.limits.max_body:,} bytes")
        if "json" not in request.headers.get("content-type", "application/json"):
            return _error(415, "send the request as application/json")
        chunks, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > self.limits.max_body:
                return _error(413, f"the request is larger than {self.limits.max_body:,} bytes")
            chunks.append(chunk)
        try:
            return json.loads(b"".join(chunks))
        except (ValueError, UnicodeDecodeError):
            return _error(400, "the request body is not valid JSON")


async def _http_error(_: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    detail = exc.detail if isinstance(exc, HTTPException) else "internal error"
    return _error(status, str(detail))


async def _server_error(_: Request, exc: Exception) -> Response:
    return _error(500, "internal error in the coverage service (a bug, not your request)")


def create_app(plans: str | PlanLibrary, limits: ServiceLimits | None = None) -> Starlette:
    """The CDS Hooks app over the plans in a folder (see serve/plans.py for its layout)."""
    library = plans if isinstance(plans, PlanLibrary) else PlanLibrary(plans)
    service = Service(library, limits or ServiceLimits())
    return Starlette(
        routes=[
            Route("/cds-services", service.services, methods=["GET"]),
            Route("/cds-services/{service_id}", service.hook, methods=["POST"]),
        ],
        exception_handlers={HTTPException: _http_error, Exception: _server_error},
    )
