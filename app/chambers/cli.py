"""`flask chambers …`: create chambers and make sure the demo one exists."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.chambers.models import Chamber
from app.chambers.services import ChamberError, create_chamber, ensure_demo_chamber
from app.extensions import db

chambers_cli = AppGroup("chambers", help="Manage the chambers hosting the portal.")


@chambers_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True, help="Name shown when no translation is given.")
@click.option("--name-es", help="Name in Spanish.")
@click.option("--name-fr", help="Name in French.")
@click.option("--primary-color", help="Header colour, #rrggbb.")
@click.option("--accent-color", help="Button colour, #rrggbb.")
@click.option("--contact-email")
@click.option("--contact-phone")
@click.option("--website-url")
def create_command(slug: str, name: str, name_es: str | None, name_fr: str | None, **branding: str | None) -> None:
    """Create the chamber SLUG (its URL segment, e.g. camara-monterrey)."""
    localized = {code: value for code, value in (("es", name_es), ("fr", name_fr)) if value}
    try:
        chamber = create_chamber(slug, name, localized_names=localized, **branding)
    except ChamberError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Created chamber {chamber.slug!r}: /{chamber.slug}/en/")


@chambers_cli.command("ensure-demo")
def ensure_demo_command() -> None:
    """Create the demo chamber unless it exists (safe to run repeatedly)."""
    chamber, created = ensure_demo_chamber()
    click.echo(f"{'Created' if created else 'Kept'} demo chamber {chamber.slug!r}.")


@chambers_cli.command("list")
def list_command() -> None:
    """List every chamber with its state."""
    for chamber in db.session.scalars(select(Chamber).order_by(Chamber.slug)):
        state = "active" if chamber.active else "inactive"
        click.echo(f"{chamber.slug}\t{state}\t{chamber.name}")
