"""`flask rules check|evaluate|render`, `flask plan pdf` and `flask plans reevaluate`."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from app.clock import utcnow
from app.plans.services import build_plan, current_engine
from app.rules_engine import DEFAULT_ROOT, RuleBaseError
from app.rules_engine.check import check
from app.rules_engine.render import render_rule_base

LOCALE = click.Choice(["en", "es", "fr"])

rules_cli = AppGroup("rules", help="Check, run and render the rule base.")
plan_cli = AppGroup("plan", help="Action plans from answers files.")
plans_cli = AppGroup("plans", help="The completed plans stored in the database.")


def _validate_en(document: object) -> list[str]:
    from app.answers.validation import validate_answers  # noqa: PLC0415

    return [f"{p.path}: {p.message}" for p in validate_answers(document, "en")]


def read_answers(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        click.echo(f"$: cannot read {path}: {error}", err=True)
        sys.exit(2)


@rules_cli.command("check")
@click.option("--strict/--no-strict", default=False, help="Treat warnings (stale reviews) as errors.")
def check_command(strict: bool) -> None:
    """Validate every rules file and run the rules' own example cases."""
    try:
        engine = current_engine()
    except RuleBaseError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(1)
    report = check(engine, DEFAULT_ROOT, _validate_en, utcnow().date())
    for line in report.warnings:
        click.echo(f"warning: {line}", err=True)
    for line in report.errors:
        click.echo(f"error: {line}", err=True)
    base = engine.base
    click.echo(
        f"rules {base.version}: {sum(len(a.rules) for a in base.areas)} rules, {len(base.parameters)} parameters, "
        f"{len(base.tables)} tables, {len(base.resources)} resources, {report.cases_run} cases; "
        f"{len(report.errors)} errors, {len(report.warnings)} warnings"
    )
    if report.errors or (strict and report.warnings):
        sys.exit(1)


@rules_cli.command("evaluate")
@click.argument("answers", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--locale", type=LOCALE, default="en", show_default=True)
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Evaluation date.")
def evaluate_command(answers: Path, locale: str, on: object) -> None:
    """Print the action plan JSON for ANSWERS (exit 2 if they are invalid)."""
    result = build_plan(read_answers(answers), locale, on.date() if on else None)  # type: ignore[attr-defined]
    if result.plan is None:
        for problem in result.problems:
            click.echo(f"{problem.path}: {problem.message}", err=True)
        sys.exit(2)
    click.echo(result.plan.to_json(), nl=False)


@rules_cli.command("render")
@click.option("--locale", type=LOCALE, default="en", show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None)
def render_command(locale: str, output: Path | None, on: object) -> None:
    """Write the whole rule base as one readable Markdown document."""
    when: date = on.date() if on else utcnow().date()  # type: ignore[attr-defined]
    from app.i18n.catalogs import get_translations  # noqa: PLC0415

    text = render_rule_base(current_engine().base, locale, get_translations(locale), when)
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)


@plans_cli.command("reevaluate")
@click.option("--batch-size", type=click.IntRange(1, 10_000), default=200, show_default=True)
@click.option("--mail/--no-mail", default=True, help="E-mail the owners who asked to be told (default: yes).")
def reevaluate_command(batch_size: int, mail: bool) -> None:
    """Evaluate every completed plan with the current rules: record what changed,
    e-mail the owners who asked for it, and count the changed plans by area."""
    from app.plans.notify import count_pending, send_change_mails  # noqa: PLC0415
    from app.plans.reevaluate import reevaluate  # noqa: PLC0415

    report = reevaluate(batch_size)
    click.echo(f"rules {report.rules_version}: {report.total} completed plans; {report.changed} changed, "
               f"{report.unchanged} unchanged, {report.current} already current, "
               f"{report.first_recorded} recorded for the first time, {report.invalid} with answers no longer valid")
    for area, count in sorted(report.by_area.items()):
        click.echo(f"  {area}: {count} changed")
    mailed = send_change_mails() if mail else None
    if mailed is None:
        click.echo(f"e-mails: not sent (--no-mail), {count_pending()} waiting")
    else:
        click.echo(f"e-mails: {mailed.sent} sent, {mailed.failed} refused, {mailed.pending} waiting")
