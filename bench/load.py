"""Load generators for loopback benchmarks: wrk when installed, else Python.

Both run for a bounded time against one URL on 127.0.0.1 and return the same
figures: requests per second, p50 and p95 latency in milliseconds, errors.
"""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

WRK_REPORT = """
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("BENCH %d %d %d %d %d\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(95), errors))
end
"""


@dataclass(frozen=True)
class LoadResult:
    """What one load run measured."""

    requests_per_second: float
    p50_ms: float
    p95_ms: float
    errors: int
    tool: str


def run_load(url: str, seconds: int, connections: int) -> LoadResult:
    """Load `url` for `seconds` with `connections` concurrent clients."""
    if shutil.which("wrk"):
        return _wrk(url, seconds, connections)
    return _python_load(url, seconds, connections)


def _wrk(url: str, seconds: int, connections: int) -> LoadResult:
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "report.lua"
        script.write_text(WRK_REPORT)
        output = subprocess.run(
            ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url],
            capture_output=True,
            text=True,
            check=True,
            timeout=seconds + 30,
        ).stdout
    match = re.search(r"BENCH (\d+) (\d+) (\d+) (\d+) (\d+)", output)
    if match is None:
        raise RuntimeError(f"unexpected wrk output:\n{output}")
    requests, duration_us, p50, p95, errors = map(int, match.groups())
    return LoadResult(requests / (duration_us / 1e6), p50 / 1000, p95 / 1000, errors, "wrk")


def _python_load(url: str, seconds: int, connections: int) -> LoadResult:
    parts = urlsplit(url)
    deadline = time.monotonic() + seconds
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def client() -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request("GET", parts.path or "/")
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                connection.close()
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                ok = False
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += not ok

    began = time.monotonic()
    run_all([threading.Thread(target=client) for _ in range(connections)])
    return summary(latencies, time.monotonic() - began, errors[0], "python")


def run_all(threads: list[threading.Thread]) -> None:
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def summary(latencies: list[float], elapsed: float, errors: int, tool: str) -> LoadResult:
    """Throughput and percentiles of `latencies` (seconds) measured over `elapsed` seconds."""
    if not latencies:
        return LoadResult(0.0, 0.0, 0.0, errors, tool)
    ordered = sorted(latencies)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return LoadResult(len(ordered) / elapsed, pick(0.50), pick(0.95), errors, tool)
