"""The versioned JSON API (`/api/v1`): stateless plans and the OpenAPI document."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from app.api import routes  # noqa: E402,F401  (registers the views on bp)
