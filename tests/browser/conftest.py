"""Real-browser tests: Debian's Chromium driven by Playwright against gunicorn.

The server runs as its own process on a free loopback port, on a throw-away
database of the pass's kind (SQLite, or PostgreSQL with
TEST_DATABASE=postgresql), so a test can kill it mid-journey and start it again.
Without /usr/bin/chromium the suite skips, except under CI=true where it
fails (`make test` installs the package when it runs as root).
Every page is checked with axe-core (vendored in vendor/, MPL-2.0) for the
WCAG 2.1 A and AA rules; screenshots go to test-artifacts/browser/.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import skip_or_fail, throwaway_database

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = Path(__file__).resolve().parent / "vendor" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LiveServer:
    """gunicorn serving the portal; `restart(kill=True)` simulates a crash."""

    def __init__(self, folder: Path, database_url: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "browser-tests-only",
            "SESSION_COOKIE_SECURE": "false",
            "PORTAL_ENV": "development",
            "PUBLIC_BASE_URL": self.url,
            "RATELIMIT_ENABLED": "false",
            "MAIL_OUTBOX_DIR": str(folder / "outbox"),
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log = open(folder / "server.log", "ab")  # noqa: SIM115  (closed in stop)
        for command in (["db", "upgrade"], ["chambers", "ensure-demo"]):
            subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", *command], cwd=ROOT, env=self.env,
                           check=True, capture_output=True, timeout=120)

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "2", "--bind", f"127.0.0.1:{self.port}", "wsgi:app"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=self.log, start_new_session=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/demo/en/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError as error:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn exited; see server.log") from error
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start within 30 s")

    def stop(self, kill: bool = False) -> None:
        if self.process is None:
            return
        # The whole process group: a crash takes the workers down with the master.
        os.killpg(self.process.pid, signal.SIGKILL if kill else signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
        self.process = None

    def restart(self, kill: bool = False) -> None:
        self.stop(kill=kill)
        self.start()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("live")
    with throwaway_database(folder) as database_url:
        server = LiveServer(folder, database_url)
        server.start()
        yield server
        server.stop()
        server.log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        skip_or_fail(f"{CHROMIUM} is missing (apt-get install chromium; `make test` does it as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, timeout=60_000)
        yield chromium
        chromium.close()


def new_page(browser: Any, javascript: bool = True, width: int = 360) -> Any:
    # bypass_csp lets the test inject axe-core; the pages' own scripts obey the CSP as usual.
    context = browser.new_context(viewport={"width": width, "height": 780}, java_script_enabled=javascript,
                                  bypass_csp=True, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    page = new_page(browser)
    yield page
    page.context.close()


@pytest.fixture
def page_without_js(browser: Any) -> Iterator[Any]:
    page = new_page(browser, javascript=False)
    yield page
    page.context.close()


def check_accessibility(page: Any) -> None:
    """axe-core's WCAG 2.1 A and AA rules find nothing on the page."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    problems = [f"{v['id']}: {v['help']} -> {[n['target'] for n in v['nodes']][:3]}" for v in result["violations"]]
    assert problems == [], f"{page.url}\n" + "\n".join(problems)


def screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
