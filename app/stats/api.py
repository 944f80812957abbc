"""`GET /api/v1/stats/releases` and `GET /api/v1/stats/release`: published releases for officials and chambers.

A personal token (Bearer) is required: 401 without a live one, 403 for a
scope the holder may not read (chamber staff: their own chambers only). Only
published releases are served, as stored; every request that gives data is
written to the audit log, and committed, before the data leaves; so is
every refused one (401, 403), with the address it came from.
"""

from __future__ import annotations

from flask import Blueprint, Response, current_app, g, jsonify, request

from app.accounts.access import token_required
from app.api.routes import request_locale
from app.extensions import limiter
from app.i18n.catalogs import get_translations
from app.stats import serve
from app.stats.release import FORMATS, ReleaseError, build_release

bp = Blueprint("stats_api", __name__, url_prefix="/api/v1/stats")


def _rate_limit() -> str:
    return str(current_app.config.get("API_RATE_LIMIT", "60 per minute"))


def _problem(status: int, path: str, message: str, locale: str) -> Response:
    response = jsonify({"locale": locale, "problems": [{"path": path, "message": message}]})
    response.status_code = status
    return response


def _refused(status: int, locale: str) -> Response:
    t = get_translations(locale)
    message = t.gettext("This account may not read this data.") if status == 403 else t.gettext("There is no such chamber.")
    return _problem(status, "?chamber", message, locale)


@bp.after_request
def _audit_refusals(response: Response) -> Response:
    """A refused request (no live token: 401; a scope not the holder's: 403) is audited too."""
    if response.status_code in (401, 403):
        serve.audit_refusal(g.get("api_user"), response.status_code, request.path, request.args.get("chamber"))
    return response


@bp.get("/releases")
@limiter.limit(_rate_limit)
@token_required
def releases() -> Response:
    user, locale = g.api_user, request_locale()
    if not serve.readable_scopes(user):
        return _refused(403, locale)
    items = serve.catalogue_for(user)
    serve.audit(user, "stats.api_catalogue_read", None, releases=len(items))
    return jsonify({"items": items})


@bp.get("/release")
@limiter.limit(_rate_limit)
@token_required
def release() -> Response:
    user, locale = g.api_user, request_locale()
    try:
        scope = serve.choose_scope(user, request.args.get("chamber"))
    except serve.Refused as refused:
        return _refused(refused.status, locale)
    fmt = (request.args.get("format") or "json")[:16]
    period = (request.args.get("period") or "")[:16] or None
    if fmt not in FORMATS:
        return _problem(400, "?format", serve.message("unknown_format", locale), locale)
    try:
        made = build_release(period, scope.slug, fmt, locale)
    except ReleaseError as error:
        status = serve.STATUS.get(error.code, 400)
        where = "?period" if error.code in ("bad_period", "not_published", "no_release_for_scope", "no_data") else "$"
        message = serve.message(error.code, locale)
        return _problem(status, where, message, locale)
    serve.audit(user, "stats.api_download", scope, release=made.manifest.get("release"),
                version=made.manifest.get("version"), format=fmt, locale=locale if fmt == "xlsx" else None)
    response = Response(made.content, status=200, content_type=made.content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
