"""`flask plan pdf ANSWERS.json -o plan.pdf [--locale es] [--on DATE] [--chamber SLUG]`.

Registered on the `plan` group by importing this module (see the last line
of app/plans/cli.py). The plan is built exactly as `rules evaluate` builds it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click
from flask import current_app
from flask.cli import with_appcontext

from app.pdf.services import branding_for_chamber, pdf_figures, reference_texts, render_plan_pdf
from app.plans.cli import LOCALE, read_answers
from app.plans.services import build_plan

NEUTRAL_BRANDING: dict[str, Any] = {"name": "", "local_resources": []}


def _branding(slug: str | None, locale: str) -> dict[str, Any]:
    """The chamber's branding; with no --chamber, the default chamber's if the
    database has it, else a neutral cover (the CLI works with no database)."""
    from sqlalchemy.exc import SQLAlchemyError

    from app.chambers.services import chamber_view, find_active_chamber
    from app.extensions import db

    try:
        chamber = find_active_chamber(slug or current_app.config.get("DEFAULT_CHAMBER", "demo"))
    except SQLAlchemyError as error:
        if slug:
            raise click.ClickException(f"cannot read chamber {slug!r}: {error.__class__.__name__}") from None
        chamber = None
    finally:
        db.session.close()  # nothing from the database is needed while rendering
    if chamber is None:
        if slug:
            raise click.ClickException(f"no active chamber {slug!r}")
        return NEUTRAL_BRANDING
    return branding_for_chamber(chamber_view(chamber, locale), current_app.instance_path)


@click.command("pdf")
@click.argument("answers", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="Where to write the PDF."
)
@click.option("--locale", type=LOCALE, default="en", show_default=True)
@click.option("--on", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, help="Evaluation date.")
@click.option("--chamber", "chamber", default=None, help="Slug of the hosting chamber whose branding the cover shows.")
@with_appcontext
def pdf_command(answers: Path, output: Path, locale: str, on: Any, chamber: str | None) -> None:
    """Write the action plan for ANSWERS as a PDF (exit 2 if they are invalid)."""
    document = read_answers(answers)
    result = build_plan(document, locale, on.date() if on else None)
    if result.plan is None:
        for problem in result.problems:
            click.echo(f"{problem.path}: {problem.message}", err=True)
        sys.exit(2)
    plan = result.plan.as_dict()
    assert isinstance(document, dict)
    pdf = render_plan_pdf(
        plan, _branding(chamber, locale), locale, given=pdf_figures(document), reference=reference_texts(plan, locale)
    )
    output.write_bytes(pdf)
    click.echo(f"{output}: {len(plan['actions'])} actions, {len(pdf) // 1024} KB", err=True)
