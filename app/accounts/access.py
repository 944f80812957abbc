"""Who is signed in, and what they may see: the one place for staff access checks.

For pages (browser session, Flask-Login):

    from app.accounts.access import current_staff, staff_required, chamber_data_required

    @bp.get(...)
    @staff_required("site_admin", "official")      # no roles given: any signed-in staff
    def page(): user = current_staff() ...

    @bp.get(f"{CHAMBER_PREFIX}/staff/...")          # a route with <chamber_slug>: g.chamber_id is set
    @chamber_data_required                          # site admins, and staff of that chamber; else 404
    def members(): ...

For the JSON API (`Authorization: Bearer <token>`, `flask staff token`):

    @token_required                                 # 401 without a live token; g.api_user then
    def endpoint(slug): if not may_read_member_data(g.api_user, chamber_id): 404

Checks, usable anywhere (`user` is a `Staff` or None):
    may_read_member_data(user, chamber_id)  – rows about one business: site admin, staff of the chamber
    may_read_statistics(user, chamber_id)   – anonymized statistics: site admin, official (every
                                              chamber; chamber_id None = all), staff of that chamber
    visible_chamber_ids(user)               – chambers whose business rows `user` may read (None: all)

Anonymous visitors are sent to the sign-in page; a signed-in person without
the role gets 403; a chamber that is not theirs answers 404 (its existence is
not confirmed). A session is only as good as its server-side record: revoked,
idle past STAFF_SESSION_IDLE_MINUTES or older than STAFF_SESSION_ABSOLUTE_HOURS,
or of a deactivated account, and the visitor is anonymous again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import wraps
from typing import Any

from flask import Flask, Response, abort, g, redirect, request, session, url_for
from flask_login import LoginManager, current_user

from app.accounts import services
from app.accounts.models import StaffUser
from app.i18n.web import select_locale

login_manager = LoginManager()
ENROL_ENDPOINTS = frozenset({"staff.enrol_two_factor", "staff.sign_out", "staff.recovery_codes"})


@dataclass
class Staff:
    """The signed-in person as views see it (plain values, no ORM object)."""

    id: int
    email: str
    display_name: str
    role: str
    chamber_ids: frozenset[int]
    has_two_factor: bool
    needs_two_factor: bool
    session_token: str = field(repr=False, default="")
    is_authenticated: bool = True
    is_active: bool = True
    is_anonymous: bool = False

    def get_id(self) -> str:
        # Flask-Login keeps this in the signed cookie: the session's token, not
        # the account id, so revoking the record ends the session.
        return self.session_token

    @property
    def must_enrol(self) -> bool:
        return self.needs_two_factor and not self.has_two_factor


def as_staff(user: StaffUser, session_token: str = "") -> Staff:
    return Staff(
        id=user.id, email=user.email, display_name=user.display_name, role=user.role,
        chamber_ids=frozenset(user.chamber_ids), has_two_factor=bool(user.totp_secret),
        needs_two_factor=services.two_factor_required(user), session_token=session_token,
    )


def current_staff() -> Staff | None:
    """The signed-in staff member of this request, or None."""
    user = current_user
    return user if isinstance(user, Staff) else None  # type: ignore[return-value]


def client_address() -> str | None:
    return request.remote_addr


def may_read_member_data(user: Staff | None, chamber_id: int) -> bool:
    """Rows about one business (plans, contacts): site admins, and that chamber's staff."""
    if user is None:
        return False
    return user.role == "site_admin" or (user.role == "chamber_staff" and chamber_id in user.chamber_ids)


def may_read_statistics(user: Staff | None, chamber_id: int | None) -> bool:
    """Anonymized statistics of one chamber (or of all with None)."""
    if user is None:
        return False
    if user.role in ("site_admin", "official"):
        return True
    return chamber_id is not None and chamber_id in user.chamber_ids


def visible_chamber_ids(user: Staff) -> frozenset[int] | None:
    """Chambers whose business rows `user` may read; None: every chamber."""
    if user.role == "site_admin":
        return None
    return user.chamber_ids if user.role == "chamber_staff" else frozenset()


def _signed_in_check(roles: tuple[str, ...]) -> Any:
    """None when the view may run; otherwise the response to give."""
    user = current_staff()
    if user is None:
        return login_manager.unauthorized()
    if user.must_enrol and request.endpoint not in ENROL_ENDPOINTS:
        return redirect(url_for("staff.enrol_two_factor", lang=select_locale()))
    if roles and user.role not in roles:
        abort(403)
    return None


def staff_required(*roles: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Signed in (with a second factor where required), and one of `roles` if given."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            refused = _signed_in_check(roles)
            return refused if refused is not None else view(*args, **kwargs)

        wrapped.staff_roles = roles  # type: ignore[attr-defined]  (read by the isolation tests)
        return wrapped

    return decorate


def chamber_data_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """For routes under a chamber's URL: signed in, and allowed to read its members' data; else 404."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        refused = _signed_in_check(())
        if refused is not None:
            return refused
        if not may_read_member_data(current_staff(), g.chamber_id):
            abort(404)
        return view(*args, **kwargs)

    wrapped.staff_roles = ("site_admin", "chamber_staff")  # type: ignore[attr-defined]
    return wrapped


def bearer_user() -> Staff | None:
    """The account of the request's `Authorization: Bearer` token, if live."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    user = services.token_user(token.strip())
    return as_staff(user) if user is not None else None


def token_required(view: Callable[..., Any]) -> Callable[..., Any]:
    """API views: a live personal token, else 401 (JSON problems, with WWW-Authenticate)."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        user = bearer_user()
        if user is None:
            abort(401)  # app/errors/routes.py: JSON problems with WWW-Authenticate
        g.api_user = user
        return view(*args, **kwargs)

    wrapped.staff_roles = ("token",)  # type: ignore[attr-defined]
    return wrapped


def _load_session(token: str) -> Staff | None:
    found = services.session_user(token)
    if found is None:
        return None
    return as_staff(found[1], token)


def _to_sign_in() -> Response:
    target = request.full_path if request.method == "GET" else None
    return redirect(url_for("staff.sign_in", lang=select_locale(), next=safe_next(target)))  # type: ignore[return-value]


def safe_next(target: str | None) -> str | None:
    """A local path to return to after sign-in; anything else (another site) is dropped."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target or len(target) > 500:
        return None
    return target.rstrip("?")


def keep_only_wizard() -> None:
    """Empty the session except the questionnaires this browser works on (so
    the signed-in state starts afresh, with a new CSRF token)."""
    kept = session.get("wizard")
    session.clear()
    if kept:
        session["wizard"] = kept


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.session_protection = None  # the server-side session record is the protection
    login_manager.user_loader(_load_session)
    login_manager.unauthorized_handler(_to_sign_in)
