"""Who may have which published release, for the API and the dashboard.

Officials (and site admins, as `may_read_statistics` says) read every scope:
all chambers and each chamber's own release. Chamber staff read their own
chambers' releases only. Only published, frozen releases are ever served
(previews, taken day after day, could be differenced).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from app.accounts.access import Staff, client_address, may_read_statistics
from app.audit.services import record_event
from app.chambers.models import Chamber
from app.extensions import db
from app.i18n.markers import N_
from app.stats.release import ALL, published_releases

MAX_ARG = 64
# ReleaseError codes → HTTP status (the message is translated by the caller).
STATUS = {"unknown_format": 400, "bad_period": 400, "unknown_chamber": 404, "not_published": 404,
          "no_release_for_scope": 404, "no_data": 404}


class Refused(Exception):  # noqa: N818  (a status, not a failure)
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


@dataclass(frozen=True)
class Scope:
    slug: str  # "all" or a chamber's slug
    chamber_id: int | None
    name: str


def readable_scopes(user: Staff, lang: str = "en") -> list[Scope]:
    """The scopes `user` may read, "all" first when allowed, then chambers by name."""
    scopes = []
    if may_read_statistics(user, None):
        scopes.append(Scope(ALL, None, ""))
    chambers = db.session.scalars(select(Chamber).order_by(Chamber.name))
    scopes += [Scope(c.slug, c.id, c.name_in(lang)) for c in chambers if may_read_statistics(user, c.id)]
    return scopes


def choose_scope(user: Staff, asked: str | None, lang: str = "en") -> Scope:
    """The scope asked for (default: all chambers if allowed, else one's first
    chamber). Refused(403) for a scope the user may not read, whether or not
    it exists (a chamber's existence is not confirmed to others)."""
    scopes = readable_scopes(user, lang)
    if not scopes:
        raise Refused(403)
    if not asked:
        return scopes[0]
    found = next((s for s in scopes if s.slug == asked[:MAX_ARG]), None)
    if found is None:
        if may_read_statistics(user, None):
            raise Refused(404)  # an official asking for a chamber that does not exist
        raise Refused(403)
    return found


def catalogue_for(user: Staff) -> list[dict[str, Any]]:
    """Published releases `user` may read, newest first."""
    allowed = {s.slug for s in readable_scopes(user)}
    return [r for r in published_releases() if r["scope"] in allowed]


def audit(user: Staff, action: str, scope: Scope | None, **details: Any) -> None:
    """Write the event and commit it before anything is sent."""
    record_event(action, actor_id=user.id, chamber_id=scope.chamber_id if scope else None,
                 target=("stats_release", scope.slug) if scope else None,
                 details={**{k: v for k, v in details.items() if v not in (None, "")}, "address": client_address()})
    db.session.commit()


def audit_refusal(user: Staff | None, status: int, path: str, chamber: str | None) -> None:
    """Write a refused request to the audit log (never fails the response it describes)."""
    details = {"status": status, "path": path[:200], "address": client_address()}
    if chamber:
        details["chamber"] = chamber[:MAX_ARG]
    try:
        record_event("stats.api_refused", actor_id=user.id if user else None, details=details)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()
        current_app.logger.exception("could not audit a refused statistics request")


# Why a release cannot be given, in the reader's language (by ReleaseError code).
ERRORS = {
    "unknown_format": N_("Choose a format: json, csv or xlsx."),
    "bad_period": N_("Write the period as a quarter (2026-Q4) or a year (2026)."),
    "unknown_chamber": N_("There is no such chamber."),
    "not_published": N_("No release of this period is published yet."),
    "no_release_for_scope": N_("This period has no release for this chamber."),
    "no_data": N_("No release of this period is published yet."),
}


def message(code: str, locale: str) -> str:
    """Why a release cannot be given, in `locale`."""
    from app.i18n.catalogs import get_translations  # noqa: PLC0415

    text = ERRORS.get(code, ERRORS["not_published"])
    return get_translations(locale).gettext(text)
