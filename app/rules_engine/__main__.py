"""`python -m app.rules_engine check|cases [PATH]`: the rule checks without Flask.

The same checks run from `flask --app wsgi rules check`; this entry point
lets rule authors work without an application or a database.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from app.i18n.catalogs import get_translations
from app.rules_engine import DEFAULT_ROOT, Engine, RuleBaseError, load_rule_base
from app.rules_engine.check import check


def validate_messages(document: object) -> list[str]:
    from app.answers.validation import validate_answers

    return [f"{p.path}: {p.message}" for p in validate_answers(document, "en")]


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("check", "cases"):
        print("usage: python -m app.rules_engine check | cases [PATH]", file=sys.stderr)
        return 2
    try:
        base = load_rule_base(DEFAULT_ROOT)
    except RuleBaseError as error:
        print(error, file=sys.stderr)
        return 1
    only = Path(argv[1]) if argv[0] == "cases" and len(argv) > 1 else None
    report = check(Engine(base, get_translations), DEFAULT_ROOT, validate_messages, date.today(), only)
    for line in report.warnings:
        print(f"warning: {line}", file=sys.stderr)
    for line in report.errors:
        print(f"error: {line}", file=sys.stderr)
    print(f"rules {base.version}: {sum(len(a.rules) for a in base.areas)} rules, "
          f"{len(base.parameters)} parameters, {len(base.tables)} tables, {report.cases_run} cases, "
          f"{len(report.errors)} errors, {len(report.warnings)} warnings")
    return 1 if report.errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
