"""`url_for` for templates, remembered per process.

A page builds a dozen URLs (stylesheets, the brand link, the language
switcher, the form's action) and almost all of them are the same on the next
request. A URL depends only on the endpoint, its values, the script root and
what `push_tenant` fills in (this request's chamber and language), and the URL
map does not change once the app serves, so a URL built once is kept, in a
bounded dict. URLs with options (`_external`, `_anchor`…), relative
endpoints (`.step`) or a secret in them (a token) are built every time.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, has_request_context, request, url_for

CACHE_KEY = "url_cache"
MAX_URLS = 4096  # one per questionnaire page recently shown, at most; then start over
# URL values that are secrets (a resume link's token, a password-reset token):
# a URL holding one is built every time, never kept.
SECRET_VALUES = frozenset({"token"})


def cached_url_for(endpoint: str, **values: Any) -> str:
    if (not has_request_context() or endpoint.startswith(".") or any(name[0] == "_" for name in values)
            or not SECRET_VALUES.isdisjoint(values)):
        return url_for(endpoint, **values)
    chamber = g.get("chamber")
    key = (endpoint, request.script_root, chamber.slug if chamber else None, g.get("lang"), *sorted(values.items()))
    cache: dict[tuple[Any, ...], str] = current_app.extensions[CACHE_KEY]
    try:
        return cache[key]
    except KeyError:
        pass
    except TypeError:  # a value that cannot be a key (a list): build it each time
        return url_for(endpoint, **values)
    url = url_for(endpoint, **values)
    if len(cache) >= MAX_URLS:
        cache.clear()
    cache[key] = url
    return url


def public_url(endpoint: str, **values: Any) -> str:
    """An absolute link for outside the page (an e-mail), on PUBLIC_BASE_URL,
    never on the Host the request named; without it, the path alone."""
    return current_app.config["PUBLIC_BASE_URL"] + url_for(endpoint, **values)


def init_app(app: Flask) -> None:
    app.extensions[CACHE_KEY] = {}
    app.jinja_env.globals["url_for"] = cached_url_for
