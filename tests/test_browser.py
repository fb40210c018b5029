"""The patients page in a real browser: `streamlit run app/main.py` on a free loopback port, driven by PyPI
Playwright in Debian's Chromium (/usr/bin/chromium; never `playwright install`).

Pitfalls handled (see the engineering notes): wait for the expected text, then for Streamlit's "Running..."
status to go; never wait for `networkidle` (the websocket stays open); one browser context per session.
Screenshots go to artifacts/ (gitignored); with POLICYEVAL_UPDATE_SCREENSHOT=1 also to
docs/screenshot-patients.png (the README's picture).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts"
SCREENSHOT = ROOT / "docs" / "screenshot-patients.png"
CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
HEADLINES = {
    "covered": "Covered",
    "pa_required": "Covered only with prior authorization",
    "experimental_exclusion": "Not covered: excluded",
    "unknown": "Not settled by your documents",
}
TIMEOUT_MS = 90_000

if not Path(CHROMIUM).exists():
    pytest.skip("Debian chromium is not installed (/usr/bin/chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="PyPI playwright is not installed")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _sample(name: str) -> Path:
    p = ROOT / "samples" / name
    if not p.is_file():
        pytest.skip(f"sample {name} not generated yet")
    return p


@pytest.fixture(scope="module")
def server():
    port = _free_port()
    env = dict(os.environ, POLICYEVAL_SAMPLE="samples/sbc01_named_pa.pdf", PYTHONUNBUFFERED="1")
    cmd = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "app/main.py",
        "--server.headless=true",
        f"--server.port={port}",
        "--server.address=127.0.0.1",
        "--browser.gatherUsageStats=false",
        "--server.fileWatcherType=none",
    ]
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                out = proc.stdout.read().decode("utf-8", "replace") if proc.stdout else ""
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{out[-3000:]}")
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("streamlit did not come up within 60 s")
            time.sleep(0.25)
        print(f"\n[browser] server ready in {time.perf_counter() - started:.1f} s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROME_ARGS)
        try:
            yield b
        finally:
            b.close()


def _settle(page) -> None:
    """Wait for the script run to finish: the status widget's 'Running...' goes away."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') || "
        "!/Running/.test(document.querySelector('[data-testid=\"stStatusWidget\"]').innerText)",
        timeout=TIMEOUT_MS,
    )
    page.wait_for_timeout(300)
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]') || "
        "!/Running/.test(document.querySelector('[data-testid=\"stStatusWidget\"]').innerText)",
        timeout=TIMEOUT_MS,
    )


def _open(browser, url: str):
    ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Will my health plan pay for ketamine or Spravato?").wait_for()
    page.locator(".verdict").first.wait_for()  # the sample's verdict shows before any upload
    _settle(page)
    return ctx, page


def _upload(page, pdf: Path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(pdf))
    page.get_by_text(f"Read: {pdf.name}").wait_for()
    _settle(page)


def _fill(page, treatment_label: str, age: int, trials: int, dx: str, score: int) -> None:
    page.get_by_text(treatment_label, exact=True).click()
    _settle(page)
    for label, value in (
        ("Age", age),
        ("Antidepressants tried that did not help enough", trials),
        ("PHQ-9 score", score),
    ):
        box = page.get_by_label(label, exact=True)
        box.fill(str(value))
        box.press("Enter")
        _settle(page)
    ms = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Diagnoses")
    ms.locator("input").fill(dx)
    ms.locator("input").press("Enter")
    page.keyboard.press("Escape")
    _settle(page)


def _expected(pdf: Path, profile: dict) -> str:
    import policyeval

    return policyeval.evaluate([pdf], profile).decision


def test_patient_uploads_a_plan_and_sees_verdict_and_evidence(server, browser):
    pdf = _sample("sbc01_named_pa.pdf")
    t0 = time.perf_counter()
    ctx, page = _open(browser, server)
    try:
        t_open = time.perf_counter() - t0
        _upload(page, pdf)
        _fill(page, "Spravato (esketamine nasal spray)", 42, 2, "F33.2", 19)
        profile = {
            "treatment": "esketamine_nasal",
            "age": 42,
            "failed_antidepressant_trials": 2,
            "diagnoses": ["F33.2"],
            "scores": {"PHQ-9": 19.0},
        }
        decision = _expected(pdf, profile)
        banner = page.locator(f".verdict-{decision.verdict}")
        banner.wait_for()
        assert HEADLINES[decision.verdict] in banner.inner_text()
        assert "How we know" in banner.inner_text()
        body = page.locator("body").inner_text()
        assert "42" in page.get_by_label("Age", exact=True).input_value()
        assert "Nothing is saved to disk" in body
        if decision.evidence and decision.evidence[0].bboxes:
            img = page.locator('[data-testid="stImage"] img').first
            img.wait_for()
            page.wait_for_function("(img) => img.complete && img.naturalWidth > 100", arg=img.element_handle())
            assert f"{pdf.name}, page {decision.evidence[0].page}" in body
        else:
            pytest.fail(
                f"sample {pdf.name} should decide from a page of the plan, got {decision.verdict} "
                f"without evidence: {decision.reason}"
            )
        ARTIFACTS.mkdir(exist_ok=True)
        # The README's picture: the top of the page, tall enough for the verdict and the boxed evidence.
        page.set_viewport_size({"width": 1400, "height": 1500})
        page.get_by_text("Will my health plan pay for ketamine or Spravato?").scroll_into_view_if_needed()
        page.evaluate(
            "() => document.querySelectorAll('[data-testid=\"stMain\"], section.main').forEach(el => el.scrollTo(0, 0))"
        )
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "patients.png"))
        if os.environ.get("POLICYEVAL_UPDATE_SCREENSHOT"):  # refresh the README's picture on request only
            SCREENSHOT.parent.mkdir(exist_ok=True)
            shutil.copyfile(ARTIFACTS / "patients.png", SCREENSHOT)
        print(f"[browser] page open {t_open:.1f} s; upload to verdict {time.perf_counter() - t0 - t_open:.1f} s")
    finally:
        ctx.close()


def test_two_sessions_at_once_get_their_own_results(server, browser):
    a_pdf, b_pdf = _sample("sbc01_named_pa.pdf"), _sample("sbc15_named_excluded.pdf")
    ctx_a, a = _open(browser, server)
    ctx_b, b = _open(browser, server)
    try:
        # Both uploads go in before either result is awaited, so the server reads and decides both at once.
        a.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(a_pdf))
        b.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(b_pdf))
        a.get_by_text(f"Read: {a_pdf.name}").wait_for()
        b.get_by_text(f"Read: {b_pdf.name}").wait_for()
        _settle(a)
        _settle(b)
        b.get_by_text("IV ketamine infusion", exact=True).click()
        _settle(b)
        da = _expected(a_pdf, {"treatment": "esketamine_nasal"})
        db = _expected(b_pdf, {"treatment": "iv_ketamine"})
        a.locator(f".verdict-{da.verdict}").wait_for()
        b.locator(f".verdict-{db.verdict}").wait_for()
        assert a_pdf.name in a.locator("body").inner_text() and b_pdf.name not in a.locator("body").inner_text()
        assert b_pdf.name in b.locator("body").inner_text() and a_pdf.name not in b.locator("body").inner_text()
    finally:
        ctx_a.close()
        ctx_b.close()
