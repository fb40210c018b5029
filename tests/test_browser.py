"""The patients page in a real browser: `streamlit run app/main.py` on a free loopback port, driven by PyPI
Playwright in Debian's Chromium (/usr/bin/chromium; never `playwright install`).

Pitfalls handled (see the engineering notes): wait for the expected text, then for Streamlit's "Running..."
status to go; never wait for `networkidle` (the websocket stays open); one browser context per session.
Each journey prints the seconds it took ([browser] lines; run with -s to see them).
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
AXE = ROOT / ".venv" / "axe" / "node_modules" / "axe-core" / "axe.min.js"  # `make install` puts it there
PHONE = {"width": 390, "height": 844}
SCROLL_TOP = "() => document.querySelectorAll('[data-testid=stMain], section.main').forEach(el => el.scrollTo(0, 0))"

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


def _serve(readers: int | None = None):
    """`streamlit run app/main.py` on a free loopback port; yields its URL, stops it afterwards."""
    port = _free_port()
    env = dict(os.environ, POLICYEVAL_SAMPLE="samples/sbc01_named_pa.pdf", PYTHONUNBUFFERED="1")
    if readers:
        env["POLICYEVAL_READERS"] = str(readers)
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
def server():
    yield from _serve()


@pytest.fixture(scope="module")
def one_reader_server():
    """A server whose reader pool has one worker (POLICYEVAL_READERS=1): a second upload must queue."""
    yield from _serve(readers=1)


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


def _open(browser, url: str, viewport=None):
    ctx = browser.new_context(viewport=viewport or {"width": 1400, "height": 1000}, device_scale_factor=1)
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Will my health plan pay for ketamine or Spravato?").wait_for()
    page.locator(".verdict").first.wait_for()  # the example's verdict shows before any upload
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


def _answer(page, question: str, choice: str) -> None:
    """A yes / no / not sure question of the profile form."""
    page.locator('[data-testid="stRadio"]').filter(has_text=question).get_by_text(choice, exact=True).click()
    _settle(page)


def _expected(pdf: Path, profile: dict):
    import policyeval

    return policyeval.evaluate([pdf], profile).decision


def _journey(name: str, started: float) -> None:
    print(f"[browser] {name}: {time.perf_counter() - started:.1f} s")


def test_first_load_is_labelled_as_an_example(server, browser):
    t0 = time.perf_counter()
    ctx, page = _open(browser, server)
    try:
        banner = page.locator(".verdict").first.inner_text()
        assert banner.startswith("Example answer for a sample plan")
        assert "Your plan" not in banner  # the sample's answer is never worded as the patient's
        assert "This is an example: a sample plan and a sample patient, not you" in page.locator("body").inner_text()
        _journey("first load, labelled as an example", t0)
    finally:
        ctx.close()


# A 21 MB file picked in the page itself (Playwright's set_input_files stalls on files this large).
PICK_BIG_FILE = """() => {
  const input = document.querySelector('[data-testid="stFileUploaderDropzoneInput"]');
  const bytes = new Uint8Array(21 * 1024 * 1024);
  bytes.set(new TextEncoder().encode('%PDF-1.7\\n'));
  const dt = new DataTransfer();
  dt.items.add(new File([bytes], 'huge plan.pdf', {type: 'application/pdf'}));
  input.files = dt.files;
  input.dispatchEvent(new Event('change', {bubbles: true}));
}"""


def test_too_large_upload_shows_an_alert_and_no_old_verdict(server, browser):
    t0 = time.perf_counter()
    ctx, page = _open(browser, server)
    try:
        assert page.locator(".verdict").first.is_visible()
        page.evaluate(PICK_BIG_FILE)
        alert = page.locator("#upload-rejected[role=alert]")
        alert.wait_for()
        assert "huge plan.pdf" in alert.inner_text() and "20 MB" in alert.inner_text()
        page.wait_for_function("() => [...document.querySelectorAll('.verdict')].every(v => !v.checkVisibility())")
        _journey("too-large upload to alert", t0)
    finally:
        ctx.close()


def test_patient_uploads_a_plan_and_sees_verdict_and_evidence(server, browser):
    pdf = _sample("sbc01_named_pa.pdf")
    t0 = time.perf_counter()
    ctx, page = _open(browser, server)
    try:
        t_open = time.perf_counter() - t0
        _upload(page, pdf)
        t_verdict = time.perf_counter() - t0 - t_open
        _fill(page, "Spravato (esketamine nasal spray)", 42, 2, "F33.2", 19)
        _answer(page, "Is the clinic or doctor in your plan's network?", "Yes")
        profile = {
            "treatment": "esketamine_nasal",
            "age": 42,
            "failed_antidepressant_trials": 2,
            "diagnoses": ["F33.2"],
            "scores": {"PHQ-9": 19.0},
            "provider_in_network": True,
        }
        decision = _expected(pdf, profile)
        banner = page.locator(f".verdict-{decision.verdict}")
        banner.wait_for()
        assert HEADLINES[decision.verdict] in banner.inner_text()
        assert "How we know" in banner.inner_text() and "Example" not in banner.inner_text()
        body = page.locator("body").inner_text()
        assert "42" in page.get_by_label("Age", exact=True).input_value()
        assert "Nothing is written to disk" in body
        if not (decision.evidence and decision.evidence[0].bboxes):
            pytest.fail(f"sample {pdf.name} should decide from a page of the plan, got {decision.verdict}")
        img = page.locator(".evidence-figure img").first
        img.wait_for()
        page.wait_for_function("(img) => img.complete && img.naturalWidth > 100", arg=img.element_handle())
        assert img.get_attribute("alt").startswith(f"Page {decision.evidence[0].page} of {pdf.name}")
        assert f"{pdf.name}, page {decision.evidence[0].page}" in body
        page.get_by_text("Download a one-page summary (PDF)").first.wait_for()
        ARTIFACTS.mkdir(exist_ok=True)
        page.set_viewport_size({"width": 1400, "height": 1500})
        page.evaluate(SCROLL_TOP)
        page.wait_for_timeout(500)
        page.screenshot(path=str(ARTIFACTS / "patients.png"))
        if os.environ.get("POLICYEVAL_UPDATE_SCREENSHOT"):  # refresh the README's picture on request only
            SCREENSHOT.parent.mkdir(exist_ok=True)
            shutil.copyfile(ARTIFACTS / "patients.png", SCREENSHOT)
        print(f"[browser] page open {t_open:.1f} s; upload to verdict {t_verdict:.1f} s")
        _journey("upload, profile and verdict with evidence", t0)
    finally:
        ctx.close()


def test_on_a_phone_the_answer_is_on_the_first_screen(server, browser):
    pdf = _sample("sbc01_named_pa.pdf")
    t0 = time.perf_counter()
    ctx, page = _open(browser, server, PHONE)
    try:
        # keyboard users: the skip link is the first stop and leads to the answer
        stops = []
        for _ in range(10):  # Streamlit's skip link and header buttons come first, then ours: a few Tabs
            page.keyboard.press("Tab")
            stops.append(page.evaluate("() => document.activeElement && document.activeElement.textContent"))
            if "Skip to your answer" in (stops[-1] or ""):
                break
        assert "Skip to your answer" in (stops[-1] or ""), stops
        target = page.evaluate("() => document.activeElement.outerHTML")
        assert 'href="#your-answer"' in target and page.locator("[id='your-answer']").count() == 1
        _upload(page, pdf)
        page.evaluate(SCROLL_TOP)
        page.wait_for_timeout(300)
        verdict = page.locator(".verdict").first.bounding_box()
        link = page.get_by_role("link", name="See your answer ↓").bounding_box()
        tops = [b["y"] for b in (verdict, link) if b]
        assert tops and min(tops) < PHONE["height"], f"answer at {tops} px, below the first screen"
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "patients-phone.png"))
        _journey("phone: upload to answer on the first screen", t0)
    finally:
        ctx.close()


def _answer_area(page) -> str:
    return page.locator(".st-key-answer").first.inner_text()


def _verdicts_shown(page) -> int:
    """Verdict banners on screen, faded (Streamlit's stale elements) or not."""
    return page.evaluate("() => [...document.querySelectorAll('.verdict')].filter(v => v.checkVisibility()).length")


def test_two_sessions_a_scan_and_a_text_pdf_each_get_their_own_without_waiting(server, browser, tmp_path):
    """Session A uploads a scanned plan in two files (OCR, read one after the other: about five times as
    long as a text PDF, each file within its own reading limit), session B a text PDF once A is reading.
    B's answer comes while A still shows its reading state (the reader pool reads both at once), and each
    session shows only its own files. Deterministic: B is uploaded only after A's read has started, and
    its answer is checked against A's page at that moment, not against a clock."""
    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed")
    scan, text = _sample("sbc01_named_pa_scanned.pdf"), _sample("sbc15_named_excluded.pdf")
    copy = tmp_path / "sbc01_scanned_copy.pdf"
    copy.write_bytes(scan.read_bytes())
    ctx_a, a = _open(browser, server)
    ctx_b, b = _open(browser, server)
    try:
        t0 = time.perf_counter()
        a.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files([str(scan), str(copy)])
        a.get_by_text("Reading your plan").first.wait_for()
        a_verdicts_while_reading = _verdicts_shown(a)
        b.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(text))
        b.get_by_text(f"Read: {text.name}").wait_for()
        t_text = time.perf_counter() - t0
        a_meanwhile = _answer_area(a)
        a.get_by_text(f"Read: {scan.name}").wait_for(timeout=300_000)
        t_scan = time.perf_counter() - t0
        _settle(a)
        _settle(b)
        print(f"[browser] two sessions: text PDF answered in {t_text:.1f} s, the scan (two files) in {t_scan:.1f} s")
        _journey("two sessions, a scan and a text PDF at once", t0)
        assert "Reading your plan" in a_meanwhile and f"Read: {scan.name}" not in a_meanwhile, (
            f"the text PDF's answer waited for the scan: session A showed {a_meanwhile[:300]!r}"
        )
        assert "Queued" not in a_meanwhile
        assert a_verdicts_while_reading == 0, "the example's answer stayed on screen while the upload was read"
        assert a.locator(".verdict").count() and b.locator(".verdict").count()
        body_a, body_b = a.locator("body").inner_text(), b.locator("body").inner_text()
        assert scan.name in body_a and copy.name in body_a and text.name not in body_a
        assert text.name in body_b and scan.name not in body_b and copy.name not in body_b
    finally:
        ctx_a.close()
        ctx_b.close()


def test_a_queued_upload_says_so_then_gets_its_answer(one_reader_server, browser):
    """With every reader busy (one reader here, reading A's scan), B's answer area says it is queued,
    then B gets its own answer once the reader is free."""
    if not shutil.which("tesseract"):
        pytest.skip("tesseract is not installed")
    scan, text = _sample("sbc01_named_pa_scanned.pdf"), _sample("sbc15_named_excluded.pdf")
    ctx_a, a = _open(browser, one_reader_server)
    ctx_b, b = _open(browser, one_reader_server)
    try:
        t0 = time.perf_counter()
        a.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(scan))
        a.get_by_text("Reading your plan").first.wait_for()
        a.get_by_text(f"Reading {scan.name}").first.wait_for(timeout=180_000)  # A holds the reader
        b.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(text))
        b.get_by_text("Queued: other people's documents are being read").first.wait_for()
        t_queued = time.perf_counter() - t0
        assert _verdicts_shown(b) == 0, "an earlier answer stayed on screen while the upload waited"
        b.get_by_text(f"Read: {text.name}").wait_for(timeout=180_000)
        t_text = time.perf_counter() - t0
        a.get_by_text(f"Read: {scan.name}").wait_for(timeout=180_000)
        _settle(b)
        print(f"[browser] one reader: B queued at {t_queued:.1f} s, answered at {t_text:.1f} s")
        _journey("queued upload, then its answer", t0)
        body_b = b.locator("body").inner_text()
        assert text.name in body_b and scan.name not in body_b and "Queued" not in _answer_area(b)
    finally:
        ctx_a.close()
        ctx_b.close()


def _axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    return [v for v in result["violations"] if v.get("impact") in ("critical", "serious")]


def test_no_serious_accessibility_violations(server, browser):
    if not AXE.is_file():
        pytest.skip("axe-core is not installed (make install, with npm)")
    pdf = _sample("sbc01_named_pa.pdf")
    t0 = time.perf_counter()
    ctx, page = _open(browser, server)
    try:
        found = _axe(page)
        _upload(page, pdf)
        found += _axe(page)
        summary = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in found]
        assert not summary, "\n".join(summary)
        _journey("axe-core on the example and on an uploaded plan", t0)
    finally:
        ctx.close()
