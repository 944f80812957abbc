"""A chamber's public pages: home, branding stylesheet, logo; and `/`."""

from __future__ import annotations

from pathlib import Path

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    redirect,
    render_template,
    request,
    send_from_directory,
    url_for,
)
from werkzeug.wrappers import Response as BaseResponse

from app.chambers.services import default_chamber_slug
from app.chambers.tenancy import CHAMBER_PREFIX
from app.i18n.catalogs import SUPPORTED_LOCALES
from app.i18n.web import browser_locale

bp = Blueprint("chambers", __name__, template_folder="templates")


@bp.get("/")
def root() -> BaseResponse:
    """Send the visitor to the default chamber's home in their language."""
    slug = default_chamber_slug(current_app.config["DEFAULT_CHAMBER"])
    if slug is None:
        abort(404)
    asked = request.args.get("lang")
    lang = asked if asked in SUPPORTED_LOCALES else browser_locale()
    response = redirect(url_for("chambers.home", chamber_slug=slug, lang=lang))
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.get("/<chamber_slug>/")
def chamber_root() -> BaseResponse:
    """A chamber's address without a language: its home in the browser's."""
    response = redirect(url_for("chambers.home", lang=browser_locale()))
    response.headers["Vary"] = "Accept-Language"
    return response


@bp.get(f"{CHAMBER_PREFIX}/")
def home() -> str:
    """The chamber's home page: who hosts the portal and what it does."""
    return render_template("chambers/home.html")


@bp.get("/<chamber_slug>/branding.css")
def branding_css() -> Response:
    """The chamber's colours as CSS custom properties.

    A stylesheet rather than inline styles, so the CSP needs no
    'unsafe-inline'.
    """
    response = current_app.response_class(
        render_template("chambers/branding.css", chamber=g.chamber), mimetype="text/css"
    )
    response.cache_control.public = True
    response.cache_control.max_age = 300
    return response


@bp.get("/<chamber_slug>/logo")
def logo() -> Response:
    """The chamber's logo from the instance folder (uploads never go in app/)."""
    if not g.chamber.logo_filename:
        abort(404)
    response = send_from_directory(Path(current_app.instance_path) / "logos", g.chamber.logo_filename)
    # Its own content type (from the stored name, which the upload check chose
    # from the content), and a policy under which even an SVG opened on its
    # own can run nothing and load nothing.
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    return response
