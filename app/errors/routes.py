"""Error handlers: 404, 429 and 500 pages in the visitor's language.

The 500 page reads only what is already in `g` (no database query), so a
500 caused by the database still renders.
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app.chambers.tenancy import adopt_tenant_from_path
from app.errors import bp
from app.extensions import db
from app.i18n.catalogs import get_translations


@bp.app_errorhandler(404)
def not_found(error: HTTPException) -> tuple[str, int]:
    """The page does not exist (or the chamber is unknown)."""
    adopt_tenant_from_path()
    return render_template("errors/404.html"), 404


@bp.app_errorhandler(CSRFError)
def csrf_failed(error: CSRFError) -> tuple[str, int]:
    """A form was posted without a valid token (expired session, forged post)."""
    return render_template("errors/400.html"), 400


@bp.app_errorhandler(429)
def too_many_requests(error: HTTPException) -> tuple[Any, int]:
    """A rate limit was reached (resume codes, PDF downloads, the API): wait and retry."""
    if request.blueprint == "api":
        from app.api.routes import request_locale  # noqa: PLC0415  (the API is registered after this blueprint)

        locale = request_locale()
        message = get_translations(locale).gettext("Too many requests. Wait a minute, then try again.")
        return jsonify({"locale": locale, "problems": [{"path": "$", "message": message}]}), 429
    return render_template("errors/429.html"), 429


@bp.app_errorhandler(500)
def server_error(error: Exception) -> tuple[str, int]:
    """Something broke; leave the session usable for the next request."""
    db.session.rollback()
    return render_template("errors/500.html"), 500
