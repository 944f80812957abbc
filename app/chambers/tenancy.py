"""Tenant and language from the URL, in one place for every blueprint.

Any route with `<chamber_slug>` and `<lang:lang>` in its rule (use
`CHAMBER_PREFIX` as a blueprint's url_prefix) gets, before its view runs:
`g.chamber` (a plain `ChamberView`), `g.chamber_id` and `g.lang`; the two
URL values are removed from the view's arguments, and `url_for` fills them
back in from `g`, so views and templates never pass them by hand. An unknown
or inactive chamber is a 404 before any view code runs.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, current_app, g, request, url_for
from werkzeug.routing import AnyConverter, Map

from app.chambers.services import chamber_view, find_active_chamber
from app.i18n.catalogs import LANGUAGE_NAMES, SUPPORTED_LOCALES
from app.i18n.web import select_locale

CHAMBER_PREFIX = "/<chamber_slug>/<lang:lang>"


class LangConverter(AnyConverter):
    """`<lang:lang>`: one of the supported locale codes."""

    def __init__(self, url_map: Map) -> None:
        super().__init__(url_map, *SUPPORTED_LOCALES)


def pull_tenant(endpoint: str | None, values: dict[str, Any] | None) -> None:
    """Move the chamber and language out of the view arguments into `g`."""
    if not values:
        return
    g.route_args = dict(values)
    if "lang" in values:
        g.lang = values.pop("lang")
    if "chamber_slug" in values:
        chamber = find_active_chamber(values.pop("chamber_slug"))
        if chamber is None:
            abort(404)
        g.chamber_id = chamber.id
        g.chamber = chamber_view(chamber, g.get("lang") or select_locale())


def adopt_tenant_from_path() -> None:
    """For a URL no route matched: take its chamber and language if it has them.

    So that `/<chamber>/fr/no-such-page` shows a French 404 in the chamber's
    colours rather than one in the browser's language.
    """
    if g.get("route_args") is not None:
        return
    parts = request.path.strip("/").split("/")
    if len(parts) >= 2 and parts[1] in SUPPORTED_LOCALES:
        chamber = find_active_chamber(parts[0])
        g.lang = parts[1]
        if chamber is not None:
            g.chamber_id = chamber.id
            g.chamber = chamber_view(chamber, g.lang)


def push_tenant(endpoint: str, values: dict[str, Any]) -> None:
    """Fill in the current chamber and language when building a URL."""
    url_map = current_app.url_map
    chamber, lang = g.get("chamber"), g.get("lang")
    if chamber is not None and "chamber_slug" not in values and url_map.is_endpoint_expecting(endpoint, "chamber_slug"):
        values["chamber_slug"] = chamber.slug
    if lang is not None and "lang" not in values and url_map.is_endpoint_expecting(endpoint, "lang"):
        values["lang"] = lang


def language_links() -> list[dict[str, str]]:
    """For the switcher: this same page in each language.

    Pages outside a chamber (an unknown URL's 404) link to `/?lang=…`, which
    leads to the default chamber's home in that language.
    """
    route_args = g.get("route_args") or {}
    links = []
    for code in SUPPORTED_LOCALES:
        if request.endpoint and "lang" in route_args and request.method == "GET":
            url = url_for(request.endpoint, **{**request.args.to_dict(), **route_args, "lang": code})
        elif g.get("chamber") is not None:
            url = url_for("chambers.home", chamber_slug=g.chamber.slug, lang=code)
        else:
            url = url_for("chambers.root", lang=code)
        links.append({"code": code, "name": LANGUAGE_NAMES[code], "url": url})
    return links


def template_context() -> dict[str, Any]:
    """What every template may use besides its own variables."""
    return {
        "chamber": g.get("chamber"),
        "lang": select_locale(),
        "language_links": language_links,
        "has_endpoint": lambda name: name in current_app.view_functions,
    }


def init_app(app: Flask) -> None:
    """Register the converter and the URL hooks on the whole application."""
    app.url_map.converters["lang"] = LangConverter
    app.url_value_preprocessor(pull_tenant)
    app.url_defaults(push_tenant)
    app.context_processor(template_context)
