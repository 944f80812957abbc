"""HTTP security headers on every response (ASVS 3.4), set in one hook; the
signed session cookie; the CSRF token pages carry."""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import generate_csrf
from itsdangerous import URLSafeTimedSerializer

# No inline script or style anywhere: chamber colours come from a stylesheet.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
    ]
)

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def add_security_headers(response: Response) -> Response:
    """Add the header set; HSTS only over HTTPS, where browsers honour it."""
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once
    per key set instead of on every request (each request reads the cookie)."""

    def __init__(self) -> None:
        self._serializers: dict[tuple[Any, ...], URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, *(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        if keys not in self._serializers:
            self._serializers[keys] = super().get_signing_serializer(app)
        return self._serializers[keys]


CSRF_SESSION_KEY = "csrf_token"  # where Flask-WTF keeps the session's raw token
_SIGNED_TOKENS_KEY = "csrf_signed_tokens"  # app.extensions: (secret, raw token) → signed token
MAX_SIGNED_TOKENS = 4096  # sessions recently served; then start over


def csrf_token() -> str:
    """`csrf_token()` in templates: Flask-WTF's token, signed once per session
    token and process instead of on every page (a serializer and an HMAC each
    time). With no time limit on tokens (WTF_CSRF_TIME_LIMIT None) a signature
    made earlier is as valid as a new one; with a limit, every page signs anew."""
    if current_app.config.get("WTF_CSRF_TIME_LIMIT") is not None:
        return generate_csrf()
    signed_tokens: dict[tuple[Any, str], str] = current_app.extensions[_SIGNED_TOKENS_KEY]
    raw = session.get(CSRF_SESSION_KEY)
    signed = signed_tokens.get((current_app.secret_key, raw)) if raw else None
    if signed is None:
        g.pop(CSRF_SESSION_KEY, None)  # Flask-WTF's copy for the app context: sign for this session
        signed = generate_csrf()
        if len(signed_tokens) >= MAX_SIGNED_TOKENS:
            signed_tokens.clear()
        signed_tokens[(current_app.secret_key, session[CSRF_SESSION_KEY])] = signed
    return signed


def init_app(app: Flask) -> None:
    """Register the hooks, and trust one proxy's X-Forwarded-* if configured.

    Call after CSRFProtect.init_app: this module's `csrf_token` replaces the
    one Flask-WTF gives templates (its context processor runs first)."""
    app.session_interface = SessionInterface()
    app.extensions[_SIGNED_TOKENS_KEY] = {}
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.context_processor(lambda: {"csrf_token": csrf_token})
    app.after_request(add_security_headers)
    if app.config.get("TRUST_PROXY_HEADERS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
