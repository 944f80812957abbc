"""`flask chambers …`: create chambers, make sure the demo one exists, and
manage a chamber's own local resources shown in its members' plans."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from app.chambers.models import Chamber
from app.chambers.services import (
    RESOURCE_AREAS,
    ChamberError,
    add_local_resource,
    create_chamber,
    ensure_demo_chamber,
    remove_local_resource,
)
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


@chambers_cli.command("add-resource")
@click.argument("slug")
@click.option("--name", required=True, help="The resource's name (a proper name: not translated).")
@click.option("--url", required=True, help="Its page; https:// only.")
@click.option("--area", "areas", multiple=True, required=True,
              help=f"A plan area it helps with (repeat for several): {', '.join(RESOURCE_AREAS)}.")
@click.option("--description-en", required=True, help="What it offers, in English.")
@click.option("--description-es", help="In Spanish (English is shown when missing).")
@click.option("--description-fr", help="In French (English is shown when missing).")
def add_resource_command(slug: str, name: str, url: str, areas: tuple[str, ...], description_en: str,
                         description_es: str | None, description_fr: str | None) -> None:
    """Add a local resource of the chamber SLUG (a counselling service, a regional program)."""
    descriptions = {code: text for code, text in
                    (("en", description_en), ("es", description_es), ("fr", description_fr)) if text}
    try:
        resource = add_local_resource(slug, name, url, list(areas), descriptions)
    except ChamberError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Added {resource['name']!r} to {slug!r} for {', '.join(resource['areas'])}.")


@chambers_cli.command("remove-resource")
@click.argument("slug")
@click.option("--name", required=True, help="The name the resource was added with.")
def remove_resource_command(slug: str, name: str) -> None:
    """Remove a local resource of the chamber SLUG."""
    try:
        remove_local_resource(slug, name)
    except ChamberError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Removed {name!r} from {slug!r}.")


@chambers_cli.command("resources")
@click.argument("slug")
def resources_command(slug: str) -> None:
    """List the local resources of the chamber SLUG."""
    chamber = db.session.scalar(select(Chamber).filter_by(slug=slug))
    if chamber is None:
        raise click.ClickException(f"no chamber with slug {slug!r}")
    for resource in chamber.local_resources or []:
        click.echo(f"{resource['name']}\t{resource['url']}\t{','.join(resource['areas'])}")
