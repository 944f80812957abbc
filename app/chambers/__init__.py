"""Chambers: the tenants hosting the portal, their home pages and CLI."""

from flask import Blueprint

bp = Blueprint("chambers", __name__, template_folder="templates")

from app.chambers import routes  # noqa: E402,F401  (registers the views on bp)
