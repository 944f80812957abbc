"""The link in an e-mail about a changed plan: it opens the plan even when the
owner's resume link and code have expired, which they do long before a rule
change comes (WIZARD_RESUME_DAYS).

Signed with SECRET_KEY for this purpose only (itsdangerous, a salt of its
own), naming the questionnaire and nothing else; it expires after
PLAN_CHANGE_LINK_DAYS. Opening it renews the questionnaire's resume keys for
a browser that does not hold working ones (app/wizard/plan_routes.py), as
whoever holds the e-mail holds the plan.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer

SALT = "plan-change-link"
DAY = 86_400
MAX_TOKEN_LENGTH = 200  # a signed public id is about 80 characters; anything longer is not ours


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def plan_token(public_id: str) -> str:
    return _serializer().dumps(public_id)


def public_id_of(token: str) -> str | None:
    """The questionnaire a token names, or None when it is forged, altered or expired."""
    if len(token) > MAX_TOKEN_LENGTH:
        return None
    max_age = int(current_app.config["PLAN_CHANGE_LINK_DAYS"]) * DAY
    try:
        found = _serializer().loads(token, max_age=max_age)
    except BadSignature:  # SignatureExpired is one
        return None
    return found if isinstance(found, str) else None
