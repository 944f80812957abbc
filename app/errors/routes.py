"""Error handlers: 401, 403, 404, 413, 429 and 500 pages in the visitor's language.

Under `/api/v1` every error is JSON problems in the asked language, never an
HTML page. The 500 page reads only what is already in `g` (no database
query), so a 500 caused by the database still renders.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.chambers.tenancy import adopt_tenant_from_path
from app.extensions import db
from app.i18n.catalogs import get_translations

bp = Blueprint("errors", __name__, template_folder="templates")

API_PREFIX = "/api/"


def _api_problem(status: int) -> tuple[Response, int] | None:
    """The error as JSON problems when the request was for the API, else None."""
    if not request.path.startswith(API_PREFIX):
        return None
    from app.api.routes import request_locale  # noqa: PLC0415  (the API is registered after this blueprint)

    locale = request_locale()
    t = get_translations(locale)
    messages = {
        401: t.gettext("A valid Bearer token is required."),
        403: t.gettext("This account may not read this data."),
        404: t.gettext("There is no such endpoint. The OpenAPI document lists them."),
        405: t.gettext("This endpoint does not accept that method."),
        413: t.gettext("The request body is too large."),
        429: t.gettext("Too many requests. Wait a minute, then try again."),
    }
    message = messages.get(status) or t.gettext("An error on our side stopped this request. Please try again later.")
    return jsonify({"locale": locale, "problems": [{"path": "$", "message": message}]}), status


@bp.app_errorhandler(401)
def unauthorized(error: HTTPException) -> Any:
    """No valid credentials (the API's Bearer token; pages send to sign-in instead)."""
    answer = _api_problem(401)
    if answer is None:
        return render_template("errors/403.html"), 401
    answer[0].headers["WWW-Authenticate"] = 'Bearer realm="api"'
    return answer


@bp.app_errorhandler(403)
def forbidden(error: HTTPException) -> tuple[Any, int]:
    """Signed in, but this is not for this account's role."""
    return _api_problem(403) or (render_template("errors/403.html"), 403)


@bp.app_errorhandler(404)
def not_found(error: HTTPException) -> tuple[Any, int]:
    """The page does not exist (or the chamber is unknown)."""
    adopt_tenant_from_path()
    return _api_problem(404) or (render_template("errors/404.html"), 404)


@bp.app_errorhandler(405)
def method_not_allowed(error: HTTPException) -> Any:
    """A method the URL does not answer: JSON for the API, the usual response elsewhere."""
    return _api_problem(405) or error


@bp.app_errorhandler(413)
def too_large(error: HTTPException) -> tuple[Any, int]:
    """A body over MAX_CONTENT_LENGTH, refused before it was read."""
    limit_kb = current_app.config["MAX_CONTENT_LENGTH"] // 1024
    return _api_problem(413) or (render_template("errors/413.html", limit_kb=limit_kb), 413)


@bp.app_errorhandler(CSRFError)
def csrf_failed(error: CSRFError) -> tuple[str, int]:
    """A form was posted without a valid token (expired session, forged post)."""
    return render_template("errors/400.html"), 400


@bp.app_errorhandler(429)
def too_many_requests(error: HTTPException) -> tuple[Any, int]:
    """A rate limit was reached (resume codes, PDF downloads, the API): wait and retry."""
    return _api_problem(429) or (render_template("errors/429.html"), 429)


@bp.app_errorhandler(500)
def server_error(error: Exception) -> tuple[Any, int]:
    """Something broke; leave the session usable for the next request."""
    db.session.rollback()
    return _api_problem(500) or (render_template("errors/500.html"), 500)
