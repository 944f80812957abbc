"""`flask stats release|publish|sync|methodology` and `flask demo seed` (contracts.md §5.2)."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

stats_cli = AppGroup("stats", help="Anonymized release tables for officials and chambers.")
demo_cli = AppGroup("demo", help="Synthetic data for demonstrations, tests and benchmarks.")


@stats_cli.command("release")
@click.option("--period", default=None, help="A quarter, e.g. 2026-Q4 (default: the latest with completed questionnaires).")
@click.option("--chamber", default=None, help="A chamber's slug: its own members only (default: all chambers).")
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "xlsx"]), default="json", show_default=True)
@click.option("--locale", type=click.Choice(["en", "es", "fr"]), default="en", show_default=True,
              help="Language of the XLSX read_me sheet.")
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def release_command(period: str | None, chamber: str | None, fmt: str, locale: str, output: Path) -> None:
    """Write the release tables of a quarter (published files as stored, else a preview)."""
    from app.stats.release import ReleaseError, build_release  # noqa: PLC0415

    try:
        made = build_release(period, chamber, fmt, locale, preview=True)
    except ReleaseError as error:
        raise click.ClickException(str(error)) from None
    output.write_bytes(made.content)
    click.echo(f"{made.manifest['release']} ({made.manifest['scope']}, {made.manifest['status']}, "
               f"version {made.manifest['version']}): {output}")


@stats_cli.command("publish")
@click.option("--period", required=True, help="The quarter to freeze, e.g. 2026-Q4.")
@click.option("--correction", is_flag=True, help="Publish a new version of an already published quarter.")
def publish_command(period: str, correction: bool) -> None:
    """Freeze a quarter's releases (all chambers and each chamber): they never change afterwards."""
    from app.stats.release import ReleaseError, publish  # noqa: PLC0415

    try:
        made = publish(period, correction=correction)
    except ReleaseError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Published {period} version {made[0].version}: {len(made)} releases (all chambers and {len(made) - 1} chambers).")
    budget = made[0].manifest.get("privacy_budget")
    if budget:
        click.echo(f"Differential privacy: epsilon {budget['this_publication']:g} spent; {budget['spent_after']:g} of "
                   f"{budget['budget']:g} spent on {budget['year']}.")


@stats_cli.command("sync")
def sync_command() -> None:
    """Read questionnaires completed since the last run into the statistics table (for cron)."""
    from app.stats.facts import sync_facts  # noqa: PLC0415

    click.echo(f"{sync_facts()} questionnaires read.")


@stats_cli.command("methodology")
@click.option("--locale", type=click.Choice(["en", "es", "fr"]), default="en", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["html", "pdf"]), default="pdf", show_default=True)
@click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path))
def methodology_command(locale: str, fmt: str, output: Path) -> None:
    """Write the methodology note in a language, as HTML or PDF."""
    from app.stats.methodology import methodology_html, methodology_pdf  # noqa: PLC0415

    if fmt == "html":
        output.write_text(methodology_html(locale), encoding="utf-8")
    else:
        output.write_bytes(methodology_pdf(locale))
    click.echo(str(output))


@demo_cli.command("seed")
@click.option("--assessments", type=click.IntRange(1, 5_000_000), required=True)
@click.option("--seed", "seed_value", type=int, default=1, show_default=True)
@click.option("--chambers", type=click.IntRange(1, 300), default=6, show_default=True)
@click.option("--evaluate/--draw-scores", default=True, show_default=True,
              help="Score with the rules engine (realistic, about 1 ms each) or draw scores (fast, for benchmarks).")
def seed_command(assessments: int, seed_value: int, chambers: int, evaluate: bool) -> None:
    """Insert synthetic completed questionnaires (deterministic for a seed)."""
    from app.stats.seed import seed  # noqa: PLC0415

    seed(assessments, seed_value, chambers, evaluate)
    click.echo(f"{assessments} questionnaires in {chambers} chambers (seed {seed_value}).")
