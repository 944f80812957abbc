"""`POST /api/v1/plans` and `GET /api/v1/openapi.json`.

The plans endpoint stores nothing: answers in, plan (200) or problems (422) out.
"""

from __future__ import annotations

import json
from datetime import date

from flask import Blueprint, Response, current_app, jsonify, request

from app.api.openapi import openapi_document
from app.extensions import limiter
from app.i18n.catalogs import SUPPORTED_LOCALES, get_translations
from app.plans.services import build_plan

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def _rate_limit() -> str:
    return str(current_app.config.get("API_RATE_LIMIT", "60 per minute"))


def request_locale() -> str:
    """`?locale=` if supported, else the best Accept-Language match, else English."""
    asked = request.args.get("locale", "")
    if asked in SUPPORTED_LOCALES:
        return asked
    return request.accept_languages.best_match(SUPPORTED_LOCALES) or "en"


def _problems(status: int, problems: list[dict[str, str]], locale: str) -> Response:
    response = jsonify({"locale": locale, "problems": problems})
    response.status_code = status
    return response


def _evaluation_date(locale: str) -> tuple[date | None, Response | None]:
    raw = request.args.get("on")
    if raw is None:
        return None, None
    try:
        return date.fromisoformat(raw), None
    except ValueError:
        message = get_translations(locale).gettext("The evaluation date must be written YYYY-MM-DD.")
        return None, _problems(400, [{"path": "?on", "message": message}], locale)


def _not_json(name: str) -> None:
    """NaN and Infinity, which Python's parser accepts but JSON does not have."""
    raise ValueError(name)


@bp.post("/plans")
@limiter.limit(_rate_limit)
def create_plan() -> Response:
    locale = request_locale()
    on, bad_date = _evaluation_date(locale)
    if bad_date is not None:
        return bad_date
    try:
        document = json.loads(request.get_data(as_text=False) or b"null", parse_constant=_not_json)
    except (ValueError, UnicodeDecodeError, RecursionError):
        message = get_translations(locale).gettext("The request body is not valid JSON.")
        return _problems(400, [{"path": "$", "message": message}], locale)
    result = build_plan(document, locale, on)
    if result.plan is None:
        return _problems(422, [{"path": p.path, "message": p.message} for p in result.problems], locale)
    return Response(result.plan.to_json(), status=200, mimetype="application/json")


@bp.get("/openapi.json")
def openapi() -> Response:
    return jsonify(openapi_document())
