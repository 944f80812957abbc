"""`rules check`: load the rule base, warn about stale figures, run every case."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from app.rules_engine import Engine
from app.rules_engine.cases import Case, mismatches, read_cases
from app.rules_engine.model import RuleBase

REVIEW_AGE = timedelta(days=365)

Validate = Callable[[object], list[str]]


@dataclass
class Report:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cases_run: int = 0


def stale_reviews(base: RuleBase, today: date) -> Iterator[str]:
    """Figures in force today whose last review is more than a year old."""
    for parameter in base.parameters.values():
        current = parameter.value_on(today)
        if current is not None and today - current.reviewed > REVIEW_AGE:
            yield (
                f"{parameter.source}: {parameter.name} was last reviewed on "
                f"{current.reviewed.isoformat()}, more than 12 months ago"
            )
    for table in base.tables.values():
        for key, row in table.rows.items():
            reviewed = row.get("reviewed")
            if isinstance(reviewed, date) and today - reviewed > REVIEW_AGE:
                yield f"{table.source}: {table.name} row {key!r} was last reviewed on {reviewed.isoformat()}"


def iter_cases(root: Path, only: Path | None = None) -> Iterator[Case]:
    files = sorted(root.rglob("*.test.yaml"))
    for path in files:
        if only is None or only.resolve() in (path.resolve(), *path.resolve().parents):
            yield from read_cases(path, path.relative_to(root).as_posix())


def run_case(engine: Engine, case: Case, validate: Validate) -> list[str]:
    invalid = validate(case.answers)
    if invalid:
        return ["answers are not valid under the contract:", *invalid]
    return mismatches(case, engine.evaluate(case.answers, case.locale, case.on))


def check(engine: Engine, root: Path, validate: Validate, today: date, only: Path | None = None) -> Report:
    report = Report(warnings=list(stale_reviews(engine.base, today)))
    for case in iter_cases(root, only):
        report.cases_run += 1
        for problem in run_case(engine, case, validate):
            report.errors.append(f"{case.file}:{case.line}: {case.name}: {problem}")
    return report
