"""`flask staff …`: accounts from the command line (the first site admin, tokens, resets).

Links are built on PUBLIC_BASE_URL, never on a request's Host header.
"""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from app.accounts import services
from app.accounts.models import ROLES, StaffUser
from app.urls import public_url

staff_cli = AppGroup("staff", help="Manage staff accounts: site admins, chamber staff and officials.")


def _link(token: str) -> str:
    """The link on PUBLIC_BASE_URL; without it, the path (to open on the portal's own address)."""
    base = current_app.config["PUBLIC_BASE_URL"]
    if not base:
        click.echo("PUBLIC_BASE_URL is not set: open this path on the portal's address.", err=True)
    with current_app.test_request_context(base_url=base or "http://localhost"):
        return public_url("staff.reset_password", lang="en", token=token)


def _user(email: str) -> StaffUser:
    user = services.find_user(email)
    if user is None:
        raise click.ClickException(f"no account for {email}")
    return user


@staff_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--chamber", "chambers", multiple=True, help="Slug of a chamber this person is staff of (repeatable).")
@click.option("--name", help="Name shown on the staff pages.")
def create_command(email: str, role: str, chambers: tuple[str, ...], name: str | None) -> None:
    """Create an account and print a one-time link to choose its password."""
    try:
        user = services.create_user(email, role, list(chambers), name)
        token = services.new_reset_token(user)
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    click.echo(f"Created {user.role} {user.email}. Link to choose the password (once, within {hours} h):")
    click.echo(_link(token))


@staff_cli.command("list")
def list_command() -> None:
    """Every account: e-mail, role, chambers, state, second factor."""
    from app.chambers.models import Chamber  # noqa: PLC0415
    from app.extensions import db  # noqa: PLC0415

    slugs = dict(db.session.query(Chamber.id, Chamber.slug).all())
    for user in services.list_users():
        chambers = ",".join(sorted(slugs[cid] for cid in user.chamber_ids)) or "-"
        state = "active" if user.active else "deactivated"
        two_factor = "2fa" if user.totp_secret else "no-2fa"
        click.echo(f"{user.email}\t{user.role}\t{chambers}\t{state}\t{two_factor}")


@staff_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Stop an account: no sign-in; its sessions and tokens end now."""
    services.deactivate_user(_user(email))
    click.echo(f"Deactivated {email}; its sessions and tokens no longer work.")


@staff_cli.command("reset-password")
@click.argument("email")
def reset_password_command(email: str) -> None:
    """Print a one-time link to choose a new password."""
    user = _user(email)
    if not user.active:
        raise click.ClickException(f"{email} is deactivated")
    token = services.new_reset_token(user)
    click.echo(_link(token))


@staff_cli.command("token")
@click.argument("email")
@click.option("--days", type=int, default=None, help="Days the token works (default API_TOKEN_DEFAULT_DAYS).")
def token_command(email: str, days: int | None) -> None:
    """Print a personal API token, once (only its hash is kept)."""
    try:
        token = services.new_api_token(_user(email), days)
    except services.AccountError as error:
        raise click.ClickException(str(error)) from error
    click.echo(token)
