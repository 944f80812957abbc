"""Isolation, proven: every staff page and API endpoint (taken from app.url_map,
so a new route cannot escape) × every kind of visitor.

A forbidden combination answers 401, 403 or 404, or sends to the sign-in
page, and its body holds nothing about a business. An allowed one is served.
Which roles a route admits is declared by its decorator (`staff_required`,
`chamber_data_required`, `token_required` in app/accounts/access.py); a staff
route without one fails `test_every_staff_route_declares_who_may_use_it`.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from app.accounts import services
from app.accounts.models import ApiToken, StaffSession
from app.clock import utcnow
from app.extensions import db
from tests.staff.conftest import browser, seed_of, sign_in

SECRETS = ("Muebles Compartidos", "ventas@compartidos.example", "Vecino del Norte", "norte@secret.example")
# Staff routes open to anyone (they are how one signs in).
PUBLIC = {"staff.sign_in", "staff.two_factor", "staff.forgot_password", "staff.reset_password"}
# Allowed visitors may still get 404 here: the page exists only for the browser
# that started that assisted questionnaire (its resume keys are in its session).
OWN_BROWSER_ONLY = {"members.hand_over"}
# Allowed visitors get 404 here while no statistics release is published (this world publishes none).
NOTHING_PUBLISHED = {"stats_dashboard.download"}
SIGNED_OUT = ("anonymous", "deactivated", "expired_session", "revoked_session")
SIGNED_IN = ("site_admin", "chamber_staff", "other_chamber_staff", "official")


def staff_rules(application: Any) -> list[Any]:
    return sorted(
        (rule for rule in application.url_map.iter_rules()
         if "/staff/" in rule.rule or rule.rule.startswith(("/api/v1/chambers", "/api/v1/stats", "/admin"))),
        key=lambda rule: rule.rule,
    )


@pytest.fixture
def world(app, make_app, make_chamber, make_staff, make_shared):
    """Two chambers with a shared plan each, one account of every kind, and a
    browser (or token) per kind of visitor."""
    served = make_app(WTF_CSRF_ENABLED=False)
    bajio, norte = make_chamber("bajio"), make_chamber("norte")
    shared = make_shared(bajio, "Muebles Compartidos SA", "ventas@compartidos.example")
    make_shared(norte, "Vecino del Norte SA", "norte@secret.example")
    users = {
        "site_admin": make_staff("root@example.org", role="site_admin"),
        "chamber_staff": make_staff("ana@example.org", chambers=["bajio"]),
        "other_chamber_staff": make_staff("beto@example.org", chambers=["norte"]),
        "official": make_staff("off@example.org", role="official"),
        "deactivated": make_staff("gone@example.org", chambers=["bajio"]),
        "expired_session": make_staff("idle@example.org", chambers=["bajio"]),
        "revoked_session": make_staff("revoked@example.org", chambers=["bajio"]),
    }
    clients, tokens = {"anonymous": browser(served)}, {"anonymous": None}
    for kind, user in users.items():
        client = browser(served)
        response = sign_in(client, user.email, secret=seed_of(user))
        assert response.status_code == 302 and "/sign-in" not in response.headers["Location"], kind
        clients[kind] = client
        tokens[kind] = services.new_api_token(user)
    token_id = db.session.scalar(sa.select(ApiToken.id).where(ApiToken.user_id == users["chamber_staff"].id))
    revoked = services.new_api_token(users["chamber_staff"])
    services.revoke_api_token(users["chamber_staff"].id, db.session.scalar(
        sa.select(ApiToken.id).where(ApiToken.token_hash == services.digest(revoked))))
    expired = services.new_api_token(users["chamber_staff"])
    db.session.execute(sa.update(ApiToken).where(ApiToken.token_hash == services.digest(expired))
                       .values(expires_at=utcnow() - timedelta(minutes=1)))
    tokens["revoked_token"], tokens["expired_token"] = revoked, expired
    services.deactivate_user(users["deactivated"])
    db.session.execute(sa.update(StaffSession).where(StaffSession.user_id == users["expired_session"].id)
                       .values(last_seen_at=utcnow() - timedelta(hours=2)))
    services.end_all_sessions(users["revoked_session"].id)
    db.session.commit()
    values = {"chamber_slug": "bajio", "lang": "en", "public_id": shared.public_id, "token_id": token_id,
              "token": "not-a-token", "slug": "bajio", "user_id": users["chamber_staff"].id}
    return {"served": served, "clients": clients, "tokens": tokens, "values": values}


def _url(rule: Any, values: dict[str, Any]) -> str:
    path = rule.rule
    for name in rule.arguments:
        path = path.replace(f"<{name}>", str(values[name]))
        for converter in ("lang", "int", "string"):
            path = path.replace(f"<{converter}:{name}>", str(values[name]))
    return path


def _browser_may(roles: tuple[str, ...], chamber_route: bool, kind: str) -> bool:
    if kind in SIGNED_OUT:
        return False
    role = {"other_chamber_staff": "chamber_staff"}.get(kind, kind)
    if chamber_route:
        return kind in ("site_admin", "chamber_staff")
    return not roles or role in roles


def _refused(response: Any) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and "/staff/" in response.headers["Location"] \
        and "/sign-in" in response.headers["Location"]


def test_every_staff_route_declares_who_may_use_it(world):
    served = world["served"]
    rules = staff_rules(served)
    assert any(rule.endpoint == "members.index" for rule in rules)
    assert any(rule.rule.startswith("/api/v1/chambers") for rule in rules)
    undeclared = [rule.endpoint for rule in rules if rule.endpoint not in PUBLIC
                  and not hasattr(served.view_functions[rule.endpoint], "staff_roles")]
    assert undeclared == []


def test_browser_pages_refuse_everyone_they_should_and_leak_nothing(world):
    served, clients, values = world["served"], world["clients"], world["values"]
    checked = 0
    for rule in staff_rules(served):
        if rule.endpoint in PUBLIC or rule.rule.startswith("/api/"):
            continue
        roles = served.view_functions[rule.endpoint].staff_roles
        chamber_route = "chamber_slug" in rule.arguments
        url = _url(rule, values)
        for kind, client in clients.items():
            allowed = _browser_may(roles, chamber_route, kind)
            for method in sorted((rule.methods or set()) & {"GET", "POST"}):
                if allowed and method == "POST":
                    continue  # acting (signing out, revoking) is tested elsewhere; here: who gets in
                response = client.open(url, method=method)
                body = response.get_data()
                if allowed and rule.endpoint in OWN_BROWSER_ONLY | NOTHING_PUBLISHED:
                    assert response.status_code in (200, 404), (rule.rule, kind, response.status_code)
                elif allowed:
                    assert not _refused(response), (rule.rule, kind, response.status_code)
                else:
                    assert _refused(response), (rule.rule, method, kind, response.status_code)
                    assert not any(secret.encode() in body for secret in SECRETS), (rule.rule, kind)
                checked += 1
    assert checked > 50


def test_api_endpoints_refuse_every_token_but_the_chambers_own(world):
    served, tokens, values = world["served"], world["tokens"], world["values"]
    client = served.test_client()
    outcomes = {}
    for rule in staff_rules(served):
        if not rule.rule.startswith("/api/") or rule.rule.startswith("/api/v1/stats"):
            continue  # the statistics API's own matrix: tests/staff/test_statistics.py
        url = _url(rule, values)
        for kind, token in tokens.items():
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            response = client.get(url, headers=headers)
            outcomes[(rule.rule, kind)] = response.status_code
            # A token does not depend on a browser session: those of bajio's staff whose
            # session ended still work; a deactivated account's do not.
            if kind not in ("site_admin", "chamber_staff", "expired_session", "revoked_session"):
                assert response.status_code in (401, 403, 404), (rule.rule, kind, response.status_code)
                assert not any(secret in response.get_data(as_text=True) for secret in SECRETS)
            else:
                assert response.status_code == 200, (rule.rule, kind)
                assert "Vecino del Norte" not in response.get_data(as_text=True)
    api = "/api/v1/chambers/<slug>/assessments"
    assert outcomes[(api, "anonymous")] == 401
    assert outcomes[(api, "revoked_token")] == 401 and outcomes[(api, "expired_token")] == 401
    assert outcomes[(api, "deactivated")] == 401
    assert outcomes[(api, "official")] == 403 and outcomes[(api, "other_chamber_staff")] == 404


def test_an_unknown_chamber_and_anothers_plan_are_not_found(world):
    clients, values = world["clients"], world["values"]
    staff = clients["chamber_staff"]
    assert staff.get("/norte/en/staff/members/").status_code == 404
    assert staff.get(f"/norte/en/staff/members/{values['public_id']}/").status_code == 404
    assert staff.get("/nowhere/en/staff/members/").status_code == 404
    admin = clients["site_admin"]
    assert admin.get(f"/norte/en/staff/members/{values['public_id']}/").status_code == 404  # bajio's plan, norte's URL
