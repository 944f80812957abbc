"""Wizard step pages under load: a step (GET) and a step submission (POST,
with its database write) against the bare Flask endpoint, same gunicorn
workers, same load tool (this module's Python clients), same run.

Each simulated user starts its own questionnaire (session cookie, CSRF
token), then either reloads the export step or saves it again and again;
a user is its questionnaire's only writer, so it knows the next version and
every POST is a real save (302), never a refused stale one.

Fair to both sides: the same users (threads, keep-alive connections) load the
bare endpoint; the servers are loaded in turn over several rounds (see
`wizard_against_bare_flask`), each load after a warm-up (`WARMUP_SECONDS`,
not counted) so that no side is measured while its workers still fill caches.
The portal runs as in production: rate limiting on (the routes loaded here
declare no limit), CSRF, sessions, tenancy.
"""

from __future__ import annotations

import http.client
import re
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.load import LoadResult, run_all, summary
from bench.servers import gunicorn

WARMUP_SECONDS = 1.0
ROUNDS = 5
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


class Crowd:
    """`users` people of one kind on one server, started once, loaded many times."""

    def __init__(self, port: int, users: int, kind: type[User] = User) -> None:
        self.people = [kind("127.0.0.1", port) for _ in range(users)]
        self.paths = [person.start() for person in self.people]

    def load(self, seconds: float, act: Callable[[User, str], bool]) -> LoadResult:
        latencies: list[float] = []
        errors = [0]
        lock = threading.Lock()
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

        run_all([threading.Thread(target=run, args=pair) for pair in zip(self.people, self.paths, strict=True)])
        return summary(latencies, time.monotonic() - measured_from, errors[0], "python users")


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

    count = 0  # users so far: each edits its own row

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
    and the issue's reference (a plain Flask-WTF page) measured the same way.

    The three servers stay up for the whole benchmark and are loaded in turn,
    `ROUNDS` times over, `seconds` split between the rounds: a disturbance of
    the machine then touches every side alike instead of one run. Each figure
    is its median round (by throughput).
    """
    slice_seconds = max(2.0, seconds / ROUNDS)
    with tempfile.TemporaryDirectory() as folder, ExitStack() as servers:
        # Rate limits off: 20 users on one address would meet the step-save limit (a load test, not an attack).
        env = {**portal_env(Path(folder)), "SESSION_COOKIE_SECURE": "false", "PORTAL_ENV": "development",
               "RATELIMIT_ENABLED": "false"}
        plain_env = {"BENCH_PLAIN_DB": str(Path(folder) / "plain.sqlite3")}
        bare_port = _port(servers.enter_context(gunicorn("bench.bare_app:app", "/", {})))
        ours_port = _port(servers.enter_context(gunicorn("wsgi:app", "/demo/en/", env)))
        plain_port = _port(servers.enter_context(gunicorn("bench.plain_wtf_app:app", "/form/1", plain_env)))
        crowds = {"bare": Crowd(bare_port, users, BareUser), "ours": Crowd(ours_port, users),
                  "plain": Crowd(plain_port, users, PlainUser)}
        runs: dict[str, list[LoadResult]] = {}
        for _ in range(ROUNDS):
            for name, crowd, act in (("bare", "bare", bare), ("get", "ours", get_step), ("post", "ours", post_step),
                                     ("plain get", "plain", get_step), ("plain post", "plain", plain_post)):
                runs.setdefault(name, []).append(crowds[crowd].load(slice_seconds, act))
    median = {name: sorted(results, key=lambda r: r.requests_per_second)[len(results) // 2] for name, results in runs.items()}
    baseline = median["bare"]
    return [
        (f"wizard step GET vs bare Flask, {users} users", median["get"], baseline),
        (f"reference: plain Flask-WTF page GET vs bare Flask, {users} users", median["plain get"], baseline),
        (f"wizard step POST (saved) vs bare Flask, {users} users", median["post"], baseline),
        (f"reference: plain Flask-WTF page POST (saved) vs bare Flask, {users} users", median["plain post"], baseline),
    ]
