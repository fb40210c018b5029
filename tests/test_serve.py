"""The CDS Hooks service over real HTTP: a uvicorn server started on 127.0.0.1 (a free port) by the test,
a real client (httpx), generated CDS Hooks requests (order-select and order-sign, with the draft order
and the Coverage in context/prefetch), plans found by ID in a folder, unknown plans answered
`conditional`, bad requests answered 400 with JSON, bounded size and time, concurrent requests, and
nothing about the patient in any log."""

from __future__ import annotations

import copy
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import jsonschema
import pytest

httpx = pytest.importorskip("httpx")

from policyeval.serve import PlanLibrary, ServiceLimits  # noqa: E402
from policyeval.serve.server import bind, server  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
import formulary_gen as gen  # noqa: E402
from crd_check import CDS_HOOKS_RESPONSE, check_invariants, coverage_information  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
IDS = gen.plan_ids(4, state="OH", issuer="24680")
PATIENT_ID = "pt-zq81x"  # distinctive, so a log line carrying it would be seen
BIRTH = "1979-03-14"


@pytest.fixture(scope="module")
def plans_dir(tmp_path_factory) -> Path:
    """IDS[0]: Spravato with PA; IDS[1]: listed without PA; IDS[2]: not listed; IDS[3]: a folder with an
    SBC that names Spravato with prior authorization (no formulary entry)."""
    root = tmp_path_factory.mktemp("plans")
    drugs = [
        *gen.filler_drugs(30, IDS[:3]),
        gen.spravato([gen.Listing(IDS[0], "SPECIALTY", True, False, True), gen.Listing(IDS[1], "PREFERRED-BRAND")]),
    ]
    gen.write_drugs(root / "issuer-drugs.json", drugs)
    gen.write_plans(
        root / "issuer-plans.json", [gen.plan_entry(pid, f"Buckeye Gold {n}") for n, pid in enumerate(IDS[:3])]
    )
    (root / IDS[3]).mkdir()
    shutil.copy(ROOT / "samples" / "sbc01_named_pa.pdf", root / IDS[3] / "sbc.pdf")
    return root


class Running:
    def __init__(self, folder: Path, limits: ServiceLimits | None = None):
        sock = bind("127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self.server = server(PlanLibrary(folder), limits)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "server did not start"
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def service(plans_dir):
    running = Running(plans_dir)
    yield running
    running.stop()


def coverage(plan_id: str | None) -> dict:
    cov = {
        "resourceType": "Coverage",
        "id": "cov-1",
        "status": "active",
        "beneficiary": {"reference": f"Patient/{PATIENT_ID}"},
        "payor": [{"display": "Buckeye Health Plan"}],
        "class": [],
    }
    if plan_id:
        cov["class"].append(
            {
                "type": {
                    "coding": [{"system": "http://terminology.hl7.org/CodeSystem/coverage-class", "code": "plan"}]
                },
                "value": plan_id,
            }
        )
    return cov


SPRAVATO_ORDER = {
    "resourceType": "MedicationRequest",
    "id": "mr-1",
    "status": "draft",
    "intent": "order",
    "subject": {"reference": f"Patient/{PATIENT_ID}"},
    "medicationCodeableConcept": {"text": "Spravato 56 MG Nasal Spray"},
    "reasonCode": [{"coding": [{"system": "http://hl7.org/fhir/sid/icd-10-cm", "code": "F33.2"}]}],
}
INFUSION_ORDER = {
    "resourceType": "ServiceRequest",
    "id": "sr-1",
    "status": "draft",
    "intent": "order",
    "subject": {"reference": f"Patient/{PATIENT_ID}"},
    "code": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": "96365"}], "text": "Ketamine infusion"},
}
OTHER_ORDER = {
    "resourceType": "MedicationRequest",
    "id": "mr-2",
    "status": "draft",
    "intent": "order",
    "subject": {"reference": f"Patient/{PATIENT_ID}"},
    "medicationCodeableConcept": {"text": "Sertraline 50 MG Oral Tablet"},
}


def hook_request(hook: str, orders: list[dict], plan_id: str | None, selections: list[str] | None = None) -> dict:
    context = {
        "userId": "Practitioner/dr-1",
        "patientId": PATIENT_ID,
        "draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": o} for o in orders]},
    }
    if hook == "order-select":
        context["selections"] = selections or [f"{o['resourceType']}/{o['id']}" for o in orders]
    prefetch = {"patient": {"resourceType": "Patient", "id": PATIENT_ID, "birthDate": BIRTH}}
    if plan_id is not None:
        prefetch["coverage"] = {
            "resourceType": "Bundle",
            "type": "searchset",
            "entry": [{"resource": coverage(plan_id)}],
        }
    return {
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea",
        "hook": hook,
        "context": context,
        "prefetch": prefetch,
    }


def post(service, hook: str, body) -> httpx.Response:
    return httpx.post(f"{service.url}/cds-services/policyeval-{hook}", json=body, timeout=120)


def answer(service, hook, orders, plan_id, **kw) -> dict:
    r = post(service, hook, hook_request(hook, orders, plan_id, **kw))
    assert r.status_code == 200, r.text
    body = r.json()
    jsonschema.validate(body, CDS_HOOKS_RESPONSE)
    for action in body.get("systemActions", []):
        check_invariants(coverage_information(action["resource"]))
    return body


def test_discovery_lists_both_hooks(service):
    r = httpx.get(f"{service.url}/cds-services")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    services = {s["hook"]: s for s in r.json()["services"]}
    assert set(services) == {"order-select", "order-sign"}
    assert all("coverage" in s["prefetch"] and s["id"] and s["description"] for s in services.values())


@pytest.mark.parametrize("hook", ["order-sign", "order-select"])
def test_formulary_plan_with_prior_authorization(service, hook):
    body = answer(service, hook, [SPRAVATO_ORDER], IDS[0])
    (card,) = body["cards"]
    assert "prior authorization required" in card["summary"] and card["source"]["label"] == "Buckeye Health Plan"
    (action,) = body["systemActions"]
    info = coverage_information(action["resource"])
    assert info["covered"] == ["covered"] and info["pa-needed"] == ["auth-needed"]
    assert info["coverage"] == [{"reference": "Coverage/cov-1"}]
    assert action["resource"]["id"] == "mr-1"  # the EHR's order, annotated
    assert "issuer\\-drugs.json" in card["detail"] or "issuer-drugs.json" in card["detail"]


def test_each_plan_gets_its_own_answer(service):
    covered = coverage_information(
        answer(service, "order-sign", [SPRAVATO_ORDER], IDS[1])["systemActions"][0]["resource"]
    )
    assert covered["covered"] == ["covered"] and covered["pa-needed"] == ["no-auth"]
    unlisted = answer(service, "order-sign", [SPRAVATO_ORDER], IDS[2])
    assert "does not list" in unlisted["cards"][0]["detail"]
    assert coverage_information(unlisted["systemActions"][0]["resource"])["covered"] == ["conditional"]


def test_a_plan_folder_with_pdfs(service):
    body = answer(service, "order-sign", [SPRAVATO_ORDER], IDS[3])
    info = coverage_information(body["systemActions"][0]["resource"])
    # the SBC's row needs PA in network and excludes out of network; the order does not say which the
    # performer is, so the answer is conditional on the performer, with each answer's page
    assert info["covered"] == ["conditional"] and info["info-needed"] == ["performer"]
    assert "pa-needed" not in info
    detail = body["cards"][0]["detail"]
    assert "in network" in detail and "out of network" in detail and "sbc.pdf page" in detail


def test_order_select_answers_only_the_selected_ketamine_orders(service):
    orders = [SPRAVATO_ORDER, INFUSION_ORDER, OTHER_ORDER]
    body = answer(service, "order-select", orders, IDS[0], selections=["ServiceRequest/sr-1", "MedicationRequest/mr-2"])
    (action,) = body["systemActions"]
    assert action["resource"]["resourceType"] == "ServiceRequest"
    assert "IV ketamine" in body["cards"][0]["summary"]
    assert answer(service, "order-select", orders, IDS[0], selections=["MedicationRequest/mr-2"]) == {"cards": []}
    both = answer(service, "order-sign", orders, IDS[0])
    assert sorted(a["resource"]["id"] for a in both["systemActions"]) == ["mr-1", "sr-1"]


@pytest.mark.parametrize("plan_id", ["99999OH9990001", "", None, "not-a-plan"])
def test_unknown_plan_is_conditional_never_an_error(service, plan_id):
    body = answer(service, "order-sign", [SPRAVATO_ORDER], plan_id)
    info = coverage_information(body["systemActions"][0]["resource"])
    assert info["covered"] == ["conditional"] and info["info-needed"]
    assert "coverage not settled" in body["cards"][0]["summary"]


def test_iv_ketamine_is_not_decided_by_the_formulary(service):
    body = answer(service, "order-sign", [INFUSION_ORDER], IDS[0])
    info = coverage_information(body["systemActions"][0]["resource"])
    assert info["covered"] == ["conditional"]
    assert [c["code"] for c in info["billingCode"]] == ["96365", "J3490"]


def _bad(service, body=None, content=None, path="policyeval-order-sign", headers=None):
    r = httpx.post(f"{service.url}/cds-services/{path}", json=body, content=content, headers=headers, timeout=30)
    assert r.headers["content-type"].startswith("application/json"), r.text
    return r.status_code, r.json()["error"]


def test_bad_requests_are_400_with_a_json_error(service):
    good = hook_request("order-sign", [SPRAVATO_ORDER], IDS[0])
    assert _bad(service, content=b"{not json")[0] == 400
    assert _bad(service, body=[1, 2])[0] == 400
    wrong_hook = {**good, "hook": "patient-view"}
    assert _bad(service, body=wrong_hook) == (
        400,
        "this service answers the order-sign hook; the request is for 'patient-view'",
    )
    no_context = {k: v for k, v in good.items() if k != "context"}
    assert _bad(service, body=no_context) == (400, "context must be a JSON object")
    not_bundle = copy.deepcopy(good)
    not_bundle["context"]["draftOrders"] = {"resourceType": "MedicationRequest"}
    assert _bad(service, body=not_bundle)[0] == 400
    no_instance = {**good, "hookInstance": ""}
    assert _bad(service, body=no_instance)[0] == 400
    assert _bad(service, body=good, path="no-such-service")[0] == 404
    assert _bad(service, content=b"x", headers={"content-type": "text/plain"})[0] == 415


def test_other_errors_are_json_too(service):
    r = httpx.get(f"{service.url}/cds-services/policyeval-order-sign")
    assert r.status_code == 405 and "error" in r.json()
    r = httpx.get(f"{service.url}/index.html")
    assert r.status_code == 404 and "error" in r.json()


def test_request_size_is_bounded(plans_dir):
    running = Running(plans_dir, ServiceLimits(max_body=5_000))
    try:
        big = hook_request("order-sign", [SPRAVATO_ORDER], IDS[0])
        big["prefetch"]["patient"]["note"] = "x" * 10_000
        r = httpx.post(f"{running.url}/cds-services/policyeval-order-sign", json=big, timeout=30)
        assert r.status_code == 413 and "larger than 5,000 bytes" in r.json()["error"]

        def chunks():  # no content-length: counted while it streams in
            yield b'{"hook": "order-sign", "pad": "'
            for _ in range(10):
                yield b"y" * 1000
            yield b'"}'

        r = httpx.post(
            f"{running.url}/cds-services/policyeval-order-sign",
            content=chunks(),
            headers={"content-type": "application/json"},
            timeout=30,
        )
        assert r.status_code == 413
    finally:
        running.stop()


def test_request_time_is_bounded(plans_dir, tmp_path):
    """A plan whose documents take longer to read than the limit: 503 with a JSON error, and the
    server keeps answering."""
    folder = tmp_path / "plans"
    shutil.copytree(plans_dir, folder)
    pdf = folder / IDS[3] / "sbc.pdf"
    pdf.write_bytes(pdf.read_bytes() + f"\n% unique {time.time_ns()}\n".encode())  # not in any read cache
    running = Running(folder, ServiceLimits(max_seconds=0.05))
    try:
        r = post(running, "order-sign", hook_request("order-sign", [SPRAVATO_ORDER], IDS[3]))
        assert r.status_code == 503 and "longer than 0.05 s" in r.json()["error"]
        assert httpx.get(f"{running.url}/cds-services").status_code == 200
    finally:
        running.stop()


def test_concurrent_requests_each_get_their_plans_answer(service):
    cases = [(IDS[i % 3], ["auth-needed", "no-auth", None][i % 3]) for i in range(12)]

    def one(case):
        plan, expected = case
        body = answer(service, "order-sign", [SPRAVATO_ORDER], plan)
        info = coverage_information(body["systemActions"][0]["resource"])
        return info.get("pa-needed", [None])[0] == expected

    with ThreadPoolExecutor(max_workers=6) as pool:
        assert all(pool.map(one, cases))


def test_nothing_about_the_patient_is_logged(service, caplog, capfd):
    caplog.set_level(logging.DEBUG)
    answer(service, "order-sign", [SPRAVATO_ORDER], IDS[0])
    _bad(
        service,
        content=b'{"hook": "order-sign", "hookInstance": "x", "context": {"patientId": "'
        + PATIENT_ID.encode()
        + b'"}}',
    )
    out, err = capfd.readouterr()
    logged = caplog.text + out + err
    assert PATIENT_ID not in logged and BIRTH not in logged and "F33.2" not in logged


def test_the_serve_command_answers_over_http(plans_dir):
    """`policyeval serve --plans DIR --port 0` in its own process, like an EHR sandbox would reach it."""
    exe = Path(sys.executable).parent / "policyeval"
    proc = subprocess.Popen(
        [str(exe), "serve", "--plans", str(plans_dir), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = proc.stderr.readline()
        assert "CDS Hooks service at http://127.0.0.1:" in line, line
        url = line.split(" at ", 1)[1].split()[0].rsplit("/cds-services", 1)[0]
        assert httpx.get(f"{url}/cds-services").status_code == 200
        r = httpx.post(
            f"{url}/cds-services/policyeval-order-sign",
            json=hook_request("order-sign", [SPRAVATO_ORDER], IDS[0]),
            timeout=120,
        )
        assert r.status_code == 200 and r.json()["systemActions"]
    finally:
        proc.terminate()
        proc.wait(20)
    assert PATIENT_ID not in proc.stderr.read()


def test_serve_refuses_a_missing_folder(tmp_path):
    exe = Path(sys.executable).parent / "policyeval"
    r = subprocess.run(
        [str(exe), "serve", "--plans", str(tmp_path / "nope")], capture_output=True, text=True, timeout=60
    )
    assert r.returncode == 2 and "not a folder" in r.stderr and r.stderr.count("\n") == 1


@pytest.mark.parametrize(
    "value, expect",
    [
        ("24680OH0010001", "24680OH0010001"),
        ("24680oh0010001-02", "24680OH0010001"),
        ("24680OH0010001XYZ", ""),
        ("", ""),
    ],
)
def test_plan_id_from_the_coverage_class(value, expect):
    from policyeval.serve.hooks import plan_id

    assert plan_id(coverage(value or None)) == expect
    group_only = coverage(None)
    group_only["class"] = [{"type": {"coding": [{"code": "group"}]}, "value": "24680OH0010001"}]
    assert plan_id(group_only) == ""


def test_a_request_leaves_no_words_in_memory(service):
    """The service is long-running: after each answer its word memos are empty (profile words such as
    the payer and diagnoses are in no memory once the answer is sent)."""
    from policyeval import terms

    terms.normalize("warm the memo")
    assert terms.normalize.cache_info().currsize > 0
    answer(service, "order-sign", [SPRAVATO_ORDER], IDS[3])
    assert terms.normalize.cache_info().currsize == 0
