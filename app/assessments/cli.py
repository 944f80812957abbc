"""`flask purge`: delete abandoned drafts and old outbox e-mails (run it daily from cron)."""

from __future__ import annotations

from datetime import timedelta

import click
from flask import current_app
from flask.cli import with_appcontext

from app.assessments.retention import purge


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Only count what would be deleted.")
@with_appcontext
def purge_command(dry_run: bool) -> None:
    """Delete drafts whose resume keys expired RETENTION_DRAFT_DAYS ago, completed
    questionnaires older than RETENTION_COMPLETED_DAYS (if set), and outbox
    e-mails older than RETENTION_OUTBOX_DAYS."""
    from app.pdf.services import pdf_cache_dir  # noqa: PLC0415  (WeasyPrint loads lazily)

    config = current_app.config
    completed = config["RETENTION_COMPLETED_DAYS"]
    done = purge(
        timedelta(days=config["RETENTION_DRAFT_DAYS"]),
        timedelta(days=completed) if completed else None,
        config.get("MAIL_OUTBOX_DIR"),
        timedelta(days=config["RETENTION_OUTBOX_DAYS"]),
        pdf_cache_dir(),
        dry_run=dry_run,
    )
    verb = "Would delete" if dry_run else "Deleted"
    click.echo(f"{verb} {done.drafts} expired drafts, {done.completed} completed questionnaires past retention, "
               f"{done.outbox_messages} outbox e-mails.")
