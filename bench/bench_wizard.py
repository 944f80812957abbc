"""Wizard step pages under load: a step (GET) and a step submission (POST,
with its database write) against the bare Flask endpoint, same gunicorn
workers, same load tool (this module's Python clients), same run.

Each simulated user starts its own questionnaire (session cookie, CSRF
token), then either reloads the export step or saves it again and again;
a user is its questionnaire's only writer, so it knows the next version and
every POST is a real save (302), never a refused stale one.

Fair to both sides: the same users (threads, keep-alive connections) load the
bare endpoint, and every run starts with a warm-up (`WARMUP_SECONDS`, not
counted) so that no side is measured while its workers still fill caches.
The portal runs as in production: rate limiting on (no route loaded here has
a limit, so it costs what it costs every page), CSRF, sessions, tenancy.
"""

from __future__ import annotations

import http.client
import re
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.load import LoadResult
from bench.servers import gunicorn

WARMUP_SECONDS = 2.0
EXPORT_FIELDS = {"export-stage": "exploring", "export-markets": "US", "export-offering": "goods",
                 "digital-sells_online": "no"}
PLAIN_FIELDS = {"name": "Acme", "country": "CA", "sector": "33", "employees": "12", "stage": "exploring",
                "markets": "US", "notes": ""}
PROFILE_FIELDS = {"profile-country": "CA", "profile-naics": "33", "profile-employees": "12"}


class User:
    """One browser: a keep-alive connection, its cookie, its questionnaire."""

    def __init__(self, host: str, port: int) -> None:
        self.connection = http.client.HTTPConnection(host, port, timeout=10)
        self.cookie = ""
        self.origin = f"http://{host}:{port}"

    def request(self, method: str, path: str, body: dict[str, str] | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": self.cookie, "Referer": self.origin + "/"}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=data, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        cookie = response.getheader("Set-Cookie")
        if cookie:
            self.cookie = cookie.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text

    def start(self) -> str:
        _, _, page = self.request("GET", "/demo/en/questionnaire/")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        _, location, _ = self.request("POST", "/demo/en/questionnaire/new", {"csrf_token": token})
        step = location.replace(self.origin, "")
        _, _, page = self.request("GET", step)
        self.token = token
        version = int(re.search(r'name="version" value="(\d+)"', page).group(1))
        status, _, _ = self.request("POST", step, {"csrf_token": token, "version": str(version), **PROFILE_FIELDS})
        assert status == 302, status
        self.version = version + 1
        return step.replace("/step/profile", "/step/export")


def _load(host: str, port: int, seconds: int, users: int, act: Callable[[User, str], bool],
          kind: type[User] = User) -> LoadResult:
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    people = [kind(host, port) for _ in range(users)]
    paths = [person.start() for person in people]
    began = time.monotonic()
    measured_from = began + WARMUP_SECONDS
    deadline = measured_from + seconds

    def run(person: User, path: str) -> None:
        while (now := time.monotonic()) < deadline:
            started = time.perf_counter()
            try:
                ok = act(person, path)
            except OSError:
                ok = False
            if now < measured_from:
                continue
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += not ok

    threads = [threading.Thread(target=run, args=pair) for pair in zip(people, paths, strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - measured_from
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000  # noqa: E731
    return LoadResult(len(latencies) / elapsed, pick(0.50), pick(0.95), errors[0], "python users")


def get_step(person: User, path: str) -> bool:
    status, _, _ = person.request("GET", path)
    return status == 200


def post_step(person: User, path: str) -> bool:
    status, _, _ = person.request("POST", path, {"csrf_token": person.token, "version": str(person.version), **EXPORT_FIELDS})
    person.version += 1
    return status == 302


def bare(person: User, path: str) -> bool:
    status, _, _ = person.request("GET", "/")
    return status == 200


class BareUser(User):
    """The bare endpoint has no questionnaire to start."""

    def start(self) -> str:
        return "/"


class PlainUser(User):
    """A user of the plain Flask-WTF page (bench/plain_wtf_app.py): its own row."""

    count = 0

    def start(self) -> str:
        PlainUser.count += 1
        path = f"/form/{PlainUser.count}"
        _, _, page = self.request("GET", path)
        self.token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        return path


def plain_post(person: User, path: str) -> bool:
    status, _, _ = person.request("POST", path, {"csrf_token": person.token, **PLAIN_FIELDS})
    return status == 302


def _port(url: str) -> int:
    return urlsplit(url).port or 80


def wizard_against_bare_flask(portal_env: Callable[[Path], dict[str, str]], seconds: int, users: int) -> list[tuple[str, LoadResult, LoadResult]]:
    """A step GET and a step POST beside the bare endpoint at the same load,
    and the issue's reference (a plain Flask-WTF page) measured the same way."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**portal_env(Path(folder)), "SESSION_COOKIE_SECURE": "false", "PORTAL_ENV": "development"}
        with gunicorn("bench.bare_app:app", "/", {}) as url:
            baseline = _load("127.0.0.1", _port(url), seconds, users, bare, BareUser)
        with gunicorn("wsgi:app", "/demo/en/", env) as url:
            step_get = _load("127.0.0.1", _port(url), seconds, users, get_step)
            step_post = _load("127.0.0.1", _port(url), seconds, users, post_step)
        plain_env = {"BENCH_PLAIN_DB": str(Path(folder) / "plain.sqlite3")}
        with gunicorn("bench.plain_wtf_app:app", "/form/1", plain_env) as url:
            PlainUser.count = 0
            plain_get = _load("127.0.0.1", _port(url), seconds, users, get_step, PlainUser)
            PlainUser.count = 0
            plain_post_result = _load("127.0.0.1", _port(url), seconds, users, plain_post, PlainUser)
    return [
        (f"wizard step GET vs bare Flask, {users} users", step_get, baseline),
        (f"reference: plain Flask-WTF page GET vs bare Flask, {users} users", plain_get, baseline),
        (f"wizard step POST (saved) vs bare Flask, {users} users", step_post, baseline),
        (f"reference: plain Flask-WTF page POST (saved) vs bare Flask, {users} users", plain_post_result, baseline),
    ]
