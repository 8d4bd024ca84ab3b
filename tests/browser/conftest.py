"""Fixtures for the browser tests: Debian's Chromium driven by Playwright, against a throw-away JupyterLab.

The browser is the system's Chromium (no Playwright download). Without it
the tests are skipped, with a message saying how to enable them; with
READINGLAB_REQUIRE_BROWSER=1 (set by `make test-browser`) they fail instead.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from .lab_server import REPO, start_lab, stop_lab

ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_ENABLE = (
    "install Debian's Chromium (`sudo apt-get install chromium`; `make test` does it when run as root), "
    "or point READINGLAB_CHROMIUM at a Chromium or Chrome binary. "
    "`make test-browser` (READINGLAB_REQUIRE_BROWSER=1) fails instead of skipping."
)
_skipped_because: list[str] = []


def find_chromium() -> str | None:
    configured = os.environ.get("READINGLAB_CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    for candidate in ("/usr/bin/chromium", shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    return None


def _browser_unavailable(reason: str):
    message = f"Browser tests need a real browser: {reason}. To run them, {HOW_TO_ENABLE}"
    if os.environ.get("READINGLAB_REQUIRE_BROWSER") == "1":
        pytest.fail(message, pytrace=False)
    _skipped_because.append(message)
    pytest.skip(message)


@pytest.fixture(scope="package")
def chromium_browser():
    """One headless Chromium for all browser tests; each test gets a fresh context (cookies, storage)."""
    chromium = find_chromium()
    if chromium is None:
        _browser_unavailable("no Chromium found (looked for $READINGLAB_CHROMIUM, /usr/bin/chromium, chromium on PATH)")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    # Scoped to this package, so Playwright's event loop is gone before any other test runs.
    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_FLAGS, headless=True)
        except PlaywrightError as error:
            _browser_unavailable(f"{chromium} did not start ({str(error).splitlines()[0]})")
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def lab(chromium_browser, tmp_path_factory):
    """A fresh JupyterLab server for this test module, on a temporary copy of the course."""
    server = start_lab(tmp_path_factory.mktemp("lab"))
    yield server
    stop_lab(server)


@pytest.fixture
def lab_page(chromium_browser, lab, request):
    """A new browser tab, in a fresh context; its screenshot is kept when the test fails."""
    context = chromium_browser.new_context(viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(30_000)
    tab = context.new_page()
    console_errors: list[str] = []
    tab.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    tab.console_errors = console_errors
    yield tab
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        save_screenshot(tab, f"FAILED-{request.node.name}")
        (ARTIFACTS / f"FAILED-{_safe(request.node.name)}.jupyterlab.log").write_text(lab.log(), encoding="utf-8")
    context.close()
    lab.shut_down_kernels()


def save_screenshot(tab, name: str, element=None) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{_safe(name)}.png"
    (element or tab).screenshot(path=str(path))
    return path


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def pytest_terminal_summary(terminalreporter):
    if _skipped_because:
        terminalreporter.write_sep("-", "browser tests skipped")
        terminalreporter.write_line(_skipped_because[0])
