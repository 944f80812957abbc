"""Rules engine speed: loading the rule base and evaluating one full plan,
each beside the same work on an empty rule base, measured in the same run.

Targets (issue 3): load and check under 0.5 s; one plan under 1 ms median.
Issue 15: loading the USMCA product-specific rules table adds under 0.3 s to start-up, and the
lookup adds under 0.2 ms to a plan (shown beside those targets); with a bill of materials of
ten rows, the lookup and the materials check of every alternative together, beside the lookup
alone.
"""

from __future__ import annotations

import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

from app.i18n.catalogs import get_translations
from app.rules_engine import DEFAULT_ROOT, Engine, load_rule_base
from app.rules_engine.calculators.origin_rule import Check, origin_rule_for
from app.rules_engine.origin_rules.hs_correlation import Correlation
from app.rules_engine.origin_rules.lookup import OriginTable
from app.rules_engine.origin_rules.materials import Figures, materials_from

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
    table_load = median_seconds(OriginTable.load, 7)
    correlation_load = median_seconds(Correlation.load, 7)
    codes = ["010121", "220290", "392690", "570320", "840731", "850431", "870899", "940360"]
    origin_rule_for(codes[0], ON)  # the table is loaded once per process
    per_lookup = median_seconds(lambda: [origin_rule_for(c, ON) for c in codes], 200) / len(codes)
    per_check = median_seconds(lambda: [origin_rule_for(c, ON, bill_of_materials(c)) for c in codes], 200) / len(codes)
    return [
        ("load and check the rule base (s)", load_full, "empty rule base", load_empty),
        ("evaluate one full plan (ms)", per_plan * 1000, "empty rule base", per_empty * 1000),
        ("load the USMCA rules table (s)", table_load, "target", 0.3),
        ("load the HS 2022-2017 correlation (s)", correlation_load, "USMCA rules table", table_load),
        ("origin_rule lookup for one code (ms)", per_lookup * 1000, "target", 0.2),
        ("lookup + check of 10 materials (ms)", per_check * 1000, "lookup alone", per_lookup * 1000),
    ]


def bill_of_materials(code: str) -> Check:
    """Ten materials of mixed chapters and origins, one without a code: every branch of the check."""
    rows = [{"hs_code": f"{chapter:02d}0110", "origin": origin, "unit_value": 3}
            for chapter, origin in zip((44, 73, 85, 94, 39, 40, 72, 84, 48), ("non_originating", "unknown", "originating") * 3,
                                       strict=True)]
    rows.append({"origin": "non_originating", "unit_value": 2})
    return Check(code, materials_from(rows), Figures(Decimal(100), Decimal(80), None, Decimal(10)))


if __name__ == "__main__":
    for name, value, baseline, base_value in run():
        print(f"{name:40} {value:10.3f}   {baseline}: {base_value:.3f}   ratio {value / base_value:.1f}x")
