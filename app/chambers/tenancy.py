"""Tenant and language from the URL, in one place for every blueprint.

Any route with `<chamber_slug>` and `<lang:lang>` in its rule (use
`CHAMBER_PREFIX` as a blueprint's url_prefix) gets, before its view runs:
`g.chamber` (a plain `ChamberView`), `g.chamber_id` and `g.lang`; the two
URL values are removed from the view's arguments, and `url_for` fills them
back in from `g`, so views and templates never pass them by hand. An unknown
or inactive chamber is a 404 before any view code runs.

Chamber views are kept per process (`active_chamber_view`): each request
still asks the database which row the slug names and when it last changed
(two columns, by a unique key), and rebuilds the views when that changed. So
a chamber deactivated, renamed or re-branded by any process shows so on the
very next request, while a request no longer loads and converts the whole row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import Flask, abort, current_app, g, request, url_for
from sqlalchemy import bindparam, select, true
from werkzeug.routing import AnyConverter, Map

from app.chambers.models import Chamber
from app.chambers.services import ChamberView, chamber_view, find_active_chamber
from app.extensions import db
from app.i18n.catalogs import LANGUAGE_NAMES, SUPPORTED_LOCALES
from app.i18n.web import select_locale
from app.urls import cached_url_for

CHAMBER_PREFIX = "/<chamber_slug>/<lang:lang>"
VIEWS_KEY = "chamber_views"  # app.extensions: slug → _Cached
EXPECTS_KEY = "tenant_url_values"  # app.extensions: endpoint → (takes chamber_slug, takes lang)
SHOWS_PAGES_KEY = "tenant_get_endpoints"  # app.extensions: endpoint → answers GET

_chambers = Chamber.__table__
# Which active row the slug names now, and its version: what a cached view is checked against.
_CURRENT = select(_chambers.c.id, _chambers.c.updated_at).where(
    _chambers.c.slug == bindparam("slug"), _chambers.c.active == true()
)


@dataclass(frozen=True)
class _Cached:
    id: int
    updated_at: datetime
    views: dict[str, ChamberView]


def active_chamber_view(slug: str, locale: str) -> ChamberView | None:
    """The active chamber with this slug, as a page shows it in `locale`; None if none."""
    cache: dict[str, _Cached] = current_app.extensions[VIEWS_KEY]
    row = db.session.connection().execute(_CURRENT, {"slug": slug}).first()
    if row is None:
        cache.pop(slug, None)
        return None
    cached = cache.get(slug)
    if cached is None or (cached.id, cached.updated_at) != (row.id, row.updated_at):
        chamber = find_active_chamber(slug)
        if chamber is None:
            return None
        views = {code: chamber_view(chamber, code) for code in SUPPORTED_LOCALES}
        cached = cache[slug] = _Cached(chamber.id, chamber.updated_at, views)
    return cached.views.get(locale) or cached.views[SUPPORTED_LOCALES[0]]


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
        chamber = active_chamber_view(values.pop("chamber_slug"), g.get("lang") or select_locale())
        if chamber is None:
            abort(404)
        g.chamber_id = chamber.id
        g.chamber = chamber


def adopt_tenant_from_path() -> None:
    """For a URL no route matched: take its chamber and language if it has them.

    So that `/<chamber>/fr/no-such-page` shows a French 404 in the chamber's
    colours rather than one in the browser's language.
    """
    if g.get("route_args") is not None:
        return
    parts = request.path.strip("/").split("/")
    if len(parts) >= 2 and parts[1] in SUPPORTED_LOCALES:
        g.lang = parts[1]
        chamber = active_chamber_view(parts[0], g.lang)
        if chamber is not None:
            g.chamber_id = chamber.id
            g.chamber = chamber


def push_tenant(endpoint: str, values: dict[str, Any]) -> None:
    """Fill in the current chamber and language when building a URL."""
    chamber, lang = g.get("chamber"), g.get("lang")
    if chamber is None and lang is None:
        return
    takes_chamber, takes_lang = _url_values(endpoint)
    if chamber is not None and takes_chamber and "chamber_slug" not in values:
        values["chamber_slug"] = chamber.slug
    if lang is not None and takes_lang and "lang" not in values:
        values["lang"] = lang


def _url_values(endpoint: str) -> tuple[bool, bool]:
    """Whether `endpoint`'s rules take a chamber and a language; asked once per endpoint
    (create_app registers every route, and Flask refuses new ones once the app serves)."""
    known: dict[str, tuple[bool, bool]] = current_app.extensions[EXPECTS_KEY]
    found = known.get(endpoint)
    if found is None:
        url_map = current_app.url_map
        found = (url_map.is_endpoint_expecting(endpoint, "chamber_slug"), url_map.is_endpoint_expecting(endpoint, "lang"))
        known[endpoint] = found
    return found


def _shows_pages(endpoint: str) -> bool:
    """Whether `endpoint` answers GET: a page re-shown after a POST (a form
    with errors) links to itself in the other languages, not to the home."""
    known: dict[str, bool] = current_app.extensions[SHOWS_PAGES_KEY]
    found = known.get(endpoint)
    if found is None:
        found = known[endpoint] = any("GET" in (rule.methods or ()) for rule in current_app.url_map.iter_rules(endpoint))
    return found


def _kept_query() -> dict[str, str]:
    """The query arguments a page in another language keeps: only those the
    pages read (`LANGUAGE_LINK_QUERY_ARGS`), never `url_for`'s own options
    (`_method`, `_external`…), which would raise or build a link from the
    request's Host header."""
    kept = current_app.config["LANGUAGE_LINK_QUERY_ARGS"]
    return {name: value for name, value in request.args.items() if name in kept}


def language_links() -> list[dict[str, str]]:
    """For the switcher: this same page in each language.

    Pages outside a chamber (an unknown URL's 404) link to `/?lang=…`, which
    leads to the default chamber's home in that language.
    """
    route_args = g.get("route_args") or {}
    links = []
    for code in SUPPORTED_LOCALES:
        if request.endpoint and "lang" in route_args and _shows_pages(request.endpoint):
            url = cached_url_for(request.endpoint, **{**_kept_query(), **route_args, "lang": code})
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
    app.extensions[VIEWS_KEY] = {}
    app.extensions[EXPECTS_KEY] = {}
    app.extensions[SHOWS_PAGES_KEY] = {}
    app.url_map.converters["lang"] = LangConverter
    app.url_value_preprocessor(pull_tenant)
    app.url_defaults(push_tenant)
    app.context_processor(template_context)
