"""Configuration read from environment variables, with safe defaults.

Every variable is listed in README.md. Nothing secret is hard-coded: when no
SECRET_KEY is given, one is generated once and kept in the instance folder, so
sessions survive a restart of `make run`.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

SECRET_KEY_FILE = "secret_key"
STATS_MIN_K = 5  # the floor of the statistics' cell minimum (app/stats/disclosure.py)


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def instance_secret_key(instance_path: str) -> str:
    """Return the key kept in the instance folder, creating it on first use."""
    path = Path(instance_path) / SECRET_KEY_FILE
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # O_EXCL: two workers starting together must not write two different keys.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip()


def from_environment(instance_path: str, overrides: dict[str, Any]) -> dict[str, Any]:
    """The configuration for `app.config`: os.environ, then `overrides` on top."""
    development = os.environ.get("PORTAL_ENV", "production") == "development"
    secure_cookies = _flag("SESSION_COOKIE_SECURE", not development)
    database_url = os.environ.get("DATABASE_URL") or ("sqlite:///" + str(Path(instance_path) / "portal.sqlite3"))
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url,
        # A server connection can drop between requests, so it is tested when
        # taken from the pool; a SQLite file cannot, and the test would cost
        # every request a statement.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": not database_url.startswith("sqlite")},
        "DEFAULT_CHAMBER": os.environ.get("DEFAULT_CHAMBER", "demo"),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "API_RATE_LIMIT": os.environ.get("API_RATE_LIMIT", "60 per minute"),
        # A person saves a step every few seconds at most; a script saving
        # hundreds a minute only loads the server.
        "STEP_SAVE_RATE_LIMIT": os.environ.get("STEP_SAVE_RATE_LIMIT", "60 per minute"),
        # The __Host- prefix is only accepted by browsers on Secure cookies.
        "SESSION_COOKIE_NAME": "__Host-session" if secure_cookies else "session",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # A questionnaire page left open for hours must still save: the token
        # lives as long as the session instead of the default hour.
        "WTF_CSRF_TIME_LIMIT": None,
        "PREFERRED_URL_SCHEME": "http" if development else "https",
        "TRUST_PROXY_HEADERS": _flag("TRUST_PROXY_HEADERS", False),
        # Where the portal is reached, for links that leave the page (the
        # e-mailed resume link): never the request's Host header, which a
        # client chooses. Without it, links are shown without a host and no
        # link is e-mailed.
        "PUBLIC_BASE_URL": (os.environ.get("PUBLIC_BASE_URL") or (
            f"http://{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '5000'}" if development else ""
        )).rstrip("/"),
        # Host names the portal answers to (Flask refuses others with 400); empty: any.
        "TRUSTED_HOSTS": [h.strip() for h in os.environ.get("TRUSTED_HOSTS", "").split(",") if h.strip()] or None,
        # Resume e-mails a questionnaire, or an address, may be sent.
        "RESUME_MAIL_RATE_LIMIT": os.environ.get("RESUME_MAIL_RATE_LIMIT", "5 per hour"),
        # The largest request body accepted (413 above it), read before any work:
        # an answers document is a few KB; a logo upload is the largest body.
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH") or 512 * 1024),
        # Query arguments a page keeps when the language switcher links to it in
        # another language: only those the pages read.
        "LANGUAGE_LINK_QUERY_ARGS": ("return",),
        # `flask purge` (daily from cron): days a draft is kept after its resume
        # keys expired; days a completed questionnaire is kept (0: for good, the
        # statistics count it); days an e-mail stays in the development outbox.
        "RETENTION_DRAFT_DAYS": int(os.environ.get("RETENTION_DRAFT_DAYS") or 30),
        "RETENTION_COMPLETED_DAYS": int(os.environ.get("RETENTION_COMPLETED_DAYS") or 0),
        "RETENTION_OUTBOX_DAYS": int(os.environ.get("RETENTION_OUTBOX_DAYS") or 7),
        # Rendered PDFs, per assessment; empty: <instance>/pdf-cache (app/pdf/services.py).
        "PDF_CACHE_DIR": os.environ.get("PDF_CACHE_DIR", ""),
        # Staff sign-in (app/accounts): attempts per address and per account
        # (one counter each, so neither a botnet on one account nor one address
        # trying many accounts gets far); session timeouts; link lifetimes.
        "SIGNIN_RATE_LIMIT": os.environ.get("SIGNIN_RATE_LIMIT", "10 per minute; 50 per hour"),
        "SIGNIN_ACCOUNT_RATE_LIMIT": os.environ.get("SIGNIN_ACCOUNT_RATE_LIMIT", "5 per minute; 20 per hour"),
        "PASSWORD_RESET_RATE_LIMIT": os.environ.get("PASSWORD_RESET_RATE_LIMIT", "5 per hour"),
        "STAFF_SESSION_IDLE_MINUTES": int(os.environ.get("STAFF_SESSION_IDLE_MINUTES") or 30),
        "STAFF_SESSION_ABSOLUTE_HOURS": int(os.environ.get("STAFF_SESSION_ABSOLUTE_HOURS") or 12),
        "PASSWORD_RESET_HOURS": int(os.environ.get("PASSWORD_RESET_HOURS") or 24),
        "API_TOKEN_DEFAULT_DAYS": int(os.environ.get("API_TOKEN_DEFAULT_DAYS") or 90),
        # Minutes between a correct password and its second factor.
        "TWO_FACTOR_PENDING_MINUTES": int(os.environ.get("TWO_FACTOR_PENDING_MINUTES") or 5),
        # Rows per page of a chamber's list of members' shared plans.
        "MEMBERS_PAGE_SIZE": int(os.environ.get("MEMBERS_PAGE_SIZE") or 25),
        # Anonymized statistics (app/stats): the smallest number of businesses a
        # published cell may describe (never below 5), the businesses that must
        # remain outside a cell's largest chamber, and the rounding base of counts.
        "STATS_K": int(os.environ.get("STATS_K") or 10),
        "STATS_DOMINANCE_K_OTHER": int(os.environ.get("STATS_DOMINANCE_K_OTHER") or 3),
        "STATS_ROUNDING_BASE": int(os.environ.get("STATS_ROUNDING_BASE") or 5),
        # Up to this many chambers with answers in a period, all its releases (all
        # chambers and each chamber) are audited as one system at publication.
        "STATS_JOINT_AUDIT_MAX_CHAMBERS": int(os.environ.get("STATS_JOINT_AUDIT_MAX_CHAMBERS") or 8),
        # Optional differential privacy on published counts (app/stats/privacy.py;
        # needs the `opendp` extra, requirements-dp.txt): off by default. Each
        # publication or correction spends STATS_DP_EPSILON from the budget of its
        # year, and one that would take the year past STATS_DP_YEARLY_BUDGET is refused.
        "STATS_DP_ENABLED": _flag("STATS_DP_ENABLED", False),
        "STATS_DP_EPSILON": float(os.environ.get("STATS_DP_EPSILON") or 1.0),
        "STATS_DP_YEARLY_BUDGET": float(os.environ.get("STATS_DP_YEARLY_BUDGET") or 4.0),
    }
    settings.update(_mail(overrides, development, instance_path))
    settings.update(overrides)
    if int(settings["STATS_K"]) < STATS_MIN_K:
        raise ValueError(f"STATS_K must be at least {STATS_MIN_K} (got {settings['STATS_K']})")
    if not float(settings["STATS_DP_EPSILON"]) > 0 or not float(settings["STATS_DP_YEARLY_BUDGET"]) > 0:
        raise ValueError("STATS_DP_EPSILON and STATS_DP_YEARLY_BUDGET must be positive numbers")
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = os.environ.get("SECRET_KEY") or instance_secret_key(instance_path)
    return settings


def _mail(overrides: dict[str, Any], development: bool, instance_path: str) -> dict[str, Any]:
    """The resume link's e-mail: SMTP when MAIL_SERVER is set; otherwise, in
    development and tests, an outbox folder of .eml files."""
    server = os.environ.get("MAIL_SERVER", "")
    outbox = os.environ.get("MAIL_OUTBOX_DIR", "")
    local = development or overrides.get("TESTING")
    if not server and not outbox and local and not overrides.get("MAIL_SERVER"):
        outbox = str(Path(instance_path) / "outbox")
    return {
        "WIZARD_RESUME_DAYS": int(os.environ.get("WIZARD_RESUME_DAYS") or 30),
        "MAIL_SERVER": server,
        "MAIL_PORT": int(os.environ.get("MAIL_PORT") or 587),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": _flag("MAIL_USE_TLS", True),
        "MAIL_FROM": os.environ.get("MAIL_FROM") or "no-reply@localhost",
        "MAIL_OUTBOX_DIR": outbox,
        # `flask plans reevaluate`: e-mails about changed plans sent per run (the
        # rest go on the next run) and the pause between two, for servers that limit senders.
        "PLAN_CHANGE_MAILS_PER_RUN": int(os.environ.get("PLAN_CHANGE_MAILS_PER_RUN") or 200),
        "PLAN_CHANGE_MAIL_PAUSE_SECONDS": float(os.environ.get("PLAN_CHANGE_MAIL_PAUSE_SECONDS") or 0.5),
        # How long the link in such an e-mail opens the plan (app/plans/links.py).
        "PLAN_CHANGE_LINK_DAYS": int(os.environ.get("PLAN_CHANGE_LINK_DAYS") or 30),
    }
