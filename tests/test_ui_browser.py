"""End to end in a real browser: Debian's Chromium, headless, driven by Selenium.

The real app (real pipeline from the `processor` fixture, SQLite and PostgreSQL)
is served on 127.0.0.1 by werkzeug in a thread. The journey: sign in, open the
queue, claim, correct a report with the keyboard only, see its history, accept the
next one, and see the dashboard change. Screenshots of every page go to
test-artifacts/screenshots/. Without Chromium the test is skipped, except in CI
(env CI set), where it fails.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from triage.auth.users import create_user

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHOTS = REPO / "test-artifacts" / "screenshots"
PASSWORD = "correct horse battery staple"
FLAGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1100",
)
HOSTILE = (
    "Pt found on floor beside bed after unassisted fall; "
    "<script>alert('x')</script> was written on the whiteboard. No injury noted."
)


def _unavailable(reason: str) -> None:
    message = f"{reason}; install it with scripts/browser.sh"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _selenium():  # type: ignore[no-untyped-def]
    for path in (CHROMIUM, CHROMEDRIVER):
        if not path.exists():
            _unavailable(
                f"{path} is missing (Debian packages chromium, chromium-driver)"
            )
    try:
        from selenium import webdriver
    except ImportError:
        _unavailable("the selenium package is not installed (pip install -e .[dev])")
    return webdriver


@pytest.fixture
def live_server(app) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=10)


@pytest.fixture
def browser(tmp_path):  # type: ignore[no-untyped-def]
    webdriver = _selenium()
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path / 'chromium-profile'}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(
        service=Service(executable_path=str(CHROMEDRIVER)), options=options
    )
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


class Journey:
    """Small helpers over the driver: keys, waits, screenshots, page checks."""

    def __init__(self, driver, base: str, backend: str):  # type: ignore[no-untyped-def]
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait

        self.d, self.base, self.backend, self.By = driver, base, backend, By
        self.wait = WebDriverWait(driver, 15)
        SHOTS.mkdir(parents=True, exist_ok=True)

    def keys(self, *keys: str) -> None:
        from selenium.webdriver.common.action_chains import ActionChains

        ActionChains(self.d).send_keys(*keys).perform()

    def el(self, css: str):  # type: ignore[no-untyped-def]
        return self.wait.until(lambda d: d.find_element(self.By.CSS_SELECTOR, css))

    def text(self, css: str) -> str:
        return str(self.el(css).text)

    def wait_path(self, part: str) -> None:
        self.wait.until(lambda d: part in d.current_url)

    def shot(self, name: str) -> None:
        path = SHOTS / f"{self.backend}-{name}.png"
        assert self.d.save_screenshot(str(path)), path
        assert path.stat().st_size > 1000

    def assert_clean_console(self) -> None:
        """No CSP violation and no script error on the pages seen so far."""
        problems = [
            e["message"]
            for e in self.d.get_log("browser")
            if e["level"] in ("SEVERE", "WARNING") and "favicon.ico" not in e["message"]
        ]
        assert problems == []


def _seed(app, client, make_key) -> tuple[list[str], str]:  # type: ignore[no-untyped-def]
    """Real narratives through the real API; returns queued ids and the hostile id."""
    submitter = make_key("submitter", "F1")
    records = [
        json.loads(line)
        for line in (REPO / "corpora/synthetic/test.jsonl").read_text().splitlines()
    ][:30]
    for i, rec in enumerate(records):
        resp = client.post(
            "/api/v1/reports",
            json={"external_id": f"e2e-{i}", "narrative": rec["text"]},
            headers=submitter,
        )
        assert resp.status_code == 201, resp.json
    hostile = client.post(
        "/api/v1/reports",
        json={"external_id": "e2e-hostile", "narrative": HOSTILE},
        headers=submitter,
    )
    assert hostile.status_code == 201, hostile.json
    queue = client.get("/api/v1/review/queue", headers=make_key("analyst")).json
    assert queue["total"] >= 2, "the journey needs at least two queued reports"
    with app.extensions["triage"].db.session() as s:
        create_user(s, "alice", PASSWORD, "analyst")
        create_user(s, "mona", PASSWORD, "ml")
    return [i["id"] for i in queue["items"]], hostile.json["id"]


def _sign_in(j: Journey, username: str) -> None:
    from selenium.webdriver.common.keys import Keys

    j.el("#username")
    assert j.d.switch_to.active_element.get_attribute("id") == "username"
    j.keys(username, Keys.TAB, PASSWORD, Keys.ENTER)
    j.wait.until(lambda d: "/ui/signin" not in d.current_url)


def test_analyst_journey_in_chromium(app, client, make_key, live_server, browser):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.keys import Keys

    queued, hostile = _seed(app, client, make_key)
    backend = app.extensions["triage"].db.engine.dialect.name
    j = Journey(browser, live_server, backend)

    # Sign in (keyboard): the queue asks for it first.
    browser.get(live_server + "/ui/queue")
    j.wait_path("/ui/signin")
    j.shot("01-signin")
    _sign_in(j, "alice")
    j.wait_path("/ui/queue")
    assert int(j.text("#queue-total")) == len(queued)
    j.shot("02-queue")
    rows = browser.find_elements(j.By.CSS_SELECTOR, "tr.queue-row")
    assert [r.get_attribute("data-report") for r in rows][:2] == queued[:2]

    # The dashboard before any review.
    browser.get(live_server + "/ui/dashboard")
    reviewed_before = int(j.text("#reviewed-count"))
    queue_before = int(j.text("#queue-size"))
    assert reviewed_before == 0 and queue_before == len(queued)
    assert browser.find_element(j.By.ID, "chart-event-type").is_displayed()
    j.shot("03-dashboard-before")

    # Claim the top item from the queue with the keyboard: j selects, Enter claims.
    browser.get(live_server + "/ui/queue")
    j.el("tr.queue-row")
    j.keys("j", Keys.ENTER)
    j.wait_path(f"/ui/review/{queued[0]}")
    assert "yours until" in j.text("#claim-state")
    # The stylesheet applies under the CSP (placeholders are boxed).
    placeholder = browser.find_elements(j.By.CSS_SELECTOR, "#narrative .ph")
    if placeholder:
        assert placeholder[0].value_of_css_property("border-top-style") == "dashed"
    j.shot("04-review")

    # Correct the event type with the keyboard only: e, a digit, r, reason, Esc, c.
    checked = browser.find_element(
        j.By.CSS_SELECTOR, 'input[name="event_type"]:checked'
    )
    new_key = "2" if checked.get_attribute("data-shortcut") == "1" else "1"
    j.keys("e", new_key)
    target = browser.find_element(
        j.By.CSS_SELECTOR, f'input[name="event_type"][data-shortcut="{new_key}"]'
    )
    new_code = target.get_attribute("value")
    assert target.is_selected()
    assert browser.switch_to.active_element == target
    j.keys("r")
    assert browser.switch_to.active_element.get_attribute("id") == "reason"
    j.keys("checked by keyboard", Keys.ESCAPE, "c")
    j.wait.until(lambda d: "Correction saved (event type)" in d.page_source)
    assert browser.current_url.endswith(f"/ui/review/{queued[0]}#history")
    history = browser.find_elements(j.By.CSS_SELECTOR, "tr.history-row")
    assert [h.get_attribute("class") for h in history][-1].endswith("source-analyst")
    assert "checked by keyboard" in history[-1].text
    assert "analyst:alice" in history[-1].text
    j.shot("05-history")

    # Help with "?", closed with Escape.
    j.keys("?")
    assert j.el("#help").is_displayed()
    j.shot("06-help")
    j.keys(Keys.ESCAPE)
    j.wait.until(lambda d: not d.find_element(j.By.ID, "help").is_displayed())

    # n opens the next item (claimed), a accepts the model's codes.
    j.keys("n")
    j.wait.until(lambda d: f"/ui/review/{queued[0]}" not in d.current_url)
    second = browser.current_url.split("/ui/review/")[1].split("#")[0]
    assert second in queued
    j.el("#review-form")
    j.keys("a")
    j.wait.until(lambda d: "Codes accepted" in d.page_source)

    # The stored codes are the ones chosen in the browser.
    codes = client.get(
        f"/api/v1/reports/{queued[0]}", headers=make_key("analyst")
    ).json["codes"]
    assert codes["source"] == "analyst" and codes["event_type"]["code"] == new_code

    # The dashboard changed.
    browser.get(live_server + "/ui/dashboard")
    assert int(j.text("#reviewed-count")) == reviewed_before + 2
    assert int(j.text("#queue-size")) == queue_before - 2
    assert j.el("#agreement-table").is_displayed()
    j.shot("07-dashboard-after")

    # A narrative with <script> is shown as text and runs nothing.
    browser.get(live_server + f"/ui/review/{hostile}")
    shown = j.text("#narrative")
    assert "<script>alert('x')</script>" in shown
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018
    j.shot("08-review-script-as-text")
    j.assert_clean_console()

    # ML staff: the models page (and no queue).
    browser.find_element(j.By.CSS_SELECTOR, "form.signout button").click()
    j.wait_path("/ui/signin")
    _sign_in(j, "mona")
    browser.get(live_server + "/ui/models")
    assert j.el("#models-table").is_displayed()
    assert "active" in j.text("th.active")
    j.shot("09-models")
    j.assert_clean_console()
    browser.get(live_server + "/ui/queue")
    assert "Not allowed" in j.text("h1")
