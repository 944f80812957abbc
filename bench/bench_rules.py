"""Rules engine speed: loading the rule base and evaluating one full plan,
each beside the same work on an empty rule base, measured in the same run.

Targets (issue 3): load and check under 0.5 s; one plan under 1 ms median.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from app.i18n.catalogs import get_translations
from app.rules_engine import DEFAULT_ROOT, Engine, load_rule_base

ANSWERS = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "answers"
ON = date(2026, 11, 22)


def median_seconds(work: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def empty_rule_base(folder: Path) -> Path:
    root = folder / "rules"
    root.mkdir()
    for name in ("CHANGELOG.md", "visibility.yaml"):
        shutil.copy(DEFAULT_ROOT / name, root / name)
    return root


def run() -> list[tuple[str, float, str, float]]:
    """(figure, value, baseline name, baseline value) rows."""
    with tempfile.TemporaryDirectory() as folder:
        empty = empty_rule_base(Path(folder))
        load_full = median_seconds(lambda: load_rule_base(DEFAULT_ROOT), 7)
        load_empty = median_seconds(lambda: load_rule_base(empty, facts={}), 7)
        full = Engine(load_rule_base(DEFAULT_ROOT), get_translations)
        bare = Engine(load_rule_base(empty, facts={}), get_translations)
    documents = [json.loads(p.read_text()) for p in sorted(ANSWERS.glob("*.json"))]
    for locale in ("en", "es", "fr"):  # warm the catalogs
        full.evaluate(documents[0], locale, ON)

    def each(engine: Engine) -> Callable[[], object]:
        return lambda: [engine.evaluate(d, "es", ON) for d in documents]

    per_plan = median_seconds(each(full), 200) / len(documents)
    per_empty = median_seconds(each(bare), 200) / len(documents)
    return [
        ("load and check the rule base (s)", load_full, "empty rule base", load_empty),
        ("evaluate one full plan (ms)", per_plan * 1000, "empty rule base", per_empty * 1000),
    ]


if __name__ == "__main__":
    for name, value, baseline, base_value in run():
        print(f"{name:40} {value:10.3f}   {baseline}: {base_value:.3f}   ratio {value / base_value:.1f}x")
