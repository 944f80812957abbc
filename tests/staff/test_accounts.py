"""Staff accounts: commands, passwords, sign-in, sessions, two factors, resets, tokens."""

from __future__ import annotations

import re
from datetime import timedelta
from email import message_from_bytes
from pathlib import Path

import pyotp
import pytest
import sqlalchemy as sa

from app.accounts import services
from app.accounts.models import ApiToken, StaffSession, StaffUser
from app.audit.models import AuditEvent
from app.chambers.models import Chamber
from app.clock import utcnow
from app.extensions import db, limiter
from tests.staff.conftest import PASSWORD, browser, csrf, next_code, seed_of, sign_in

SIGN_IN_REFUSED = "The e-mail address or the password is not right, or this account cannot sign in."


def _actions() -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))


def _choose_password(client, link: str, password: str):
    path = link.removeprefix("http://localhost")
    page = client.get(path)
    return client.post(path, data={"csrf_token": csrf(page.text), "password": password, "confirm": password})


# --- commands ------------------------------------------------------------------------------------


def test_create_prints_a_one_time_link_that_sets_the_password(app, served, make_chamber):
    make_chamber("bajio")
    result = app.test_cli_runner().invoke(args=["staff", "create", "Ana@Example.org", "--role", "chamber_staff",
                                                "--chamber", "bajio", "--name", "Ana"])
    assert result.exit_code == 0, result.output
    link = re.search(r"http://localhost/staff/en/password/reset/\S+", result.output).group(0)
    client = browser(served)
    assert _choose_password(client, link, "short").status_code == 422
    response = _choose_password(client, link, "tangerine bicycle lantern")
    assert response.status_code == 302
    again = browser(served).get(link.removeprefix("http://localhost"))
    assert again.status_code == 302 and again.headers["Location"].endswith("/staff/en/password/forgot")
    assert sign_in(browser(served), "ana@example.org", "tangerine bicycle lantern").status_code == 302
    user = db.session.scalar(sa.select(StaffUser).filter_by(email="ana@example.org"))
    assert [m.chamber_id for m in user.memberships] == [db.session.scalar(sa.select(Chamber.id))]
    assert user.password_hash.startswith("$argon2id$")
    assert {"account.created", "account.membership_added", "account.reset_link_issued",
            "account.password_set", "account.signed_in"} <= set(_actions())


def test_chamber_staff_need_a_chamber_and_others_none(app, served, make_chamber):
    make_chamber("bajio")
    runner = app.test_cli_runner()
    assert runner.invoke(args=["staff", "create", "a@example.org", "--role", "chamber_staff"]).exit_code != 0
    assert runner.invoke(args=["staff", "create", "b@example.org", "--role", "official", "--chamber", "bajio"]).exit_code != 0
    assert runner.invoke(args=["staff", "create", "c@example.org", "--role", "chamber_staff",
                               "--chamber", "nowhere"]).exit_code != 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StaffUser)) == 0


def test_list_and_deactivate(app, served, make_staff, make_chamber, signed_in):
    make_chamber("bajio")
    user = make_staff("ana@example.org", chambers=["bajio"])
    client = signed_in(user)
    runner = app.test_cli_runner()
    listed = runner.invoke(args=["staff", "list"]).output
    assert "ana@example.org\tchamber_staff\tbajio\tactive\tno-2fa" in listed
    token = runner.invoke(args=["staff", "token", "ana@example.org"]).output.strip()
    assert runner.invoke(args=["staff", "deactivate", "ana@example.org"]).exit_code == 0
    assert "deactivated" in runner.invoke(args=["staff", "list"]).output
    assert client.get("/staff/en/").status_code == 302  # the open session ended
    assert services.token_user(token) is None
    assert sign_in(browser(served), "ana@example.org").status_code == 422
    assert "account.deactivated" in _actions()


def test_token_is_printed_once_and_kept_hashed(app, served, make_staff, signed_in):
    user = make_staff("off@example.org", role="official")
    output = app.test_cli_runner().invoke(args=["staff", "token", "off@example.org", "--days", "7"]).output.strip()
    assert output.startswith("stf_")
    row = db.session.scalar(sa.select(ApiToken))
    assert row.token_hash == services.digest(output) and output not in str(row.__dict__)
    assert services.token_user(output).email == "off@example.org"
    client = signed_in(user)
    page = client.get("/staff/en/account")
    assert row.prefix in page.text and output not in page.text
    client.post(f"/staff/en/account/tokens/{row.id}/revoke", data={"csrf_token": csrf(page.text)})
    db.session.expire_all()
    assert services.token_user(output) is None
    assert "account.token_revoked" in _actions()


def test_reset_password_command_prints_a_link(app, served, make_staff):
    services.create_user("ops@example.org", "official")
    link = app.test_cli_runner().invoke(args=["staff", "reset-password", "ops@example.org"]).output.strip()
    assert link.startswith("http://localhost/staff/en/password/reset/")


# --- passwords ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("password", "problem"), [
    ("short pass", "too_short"),
    ("password1234", "common"),
    ("Qwertyuiop123", "common"),
    ("aaaaaaaaaaaaaaaa", "common"),
    ("x" * 300, "too_long"),
    ("ana@example.org", "common"),
    ("violet tractor morning", None),
])
def test_password_rules(app, served, password, problem):
    assert services.password_problem(password, "ana@example.org") == problem


def test_a_common_password_is_refused_with_the_reason_in_the_page_language(app, served):
    services.create_user("ops@example.org", "official")
    user = services.find_user("ops@example.org")
    token = services.new_reset_token(user)
    client = browser(served)
    page = client.get(f"/staff/fr/password/reset/{token}")
    response = client.post(f"/staff/fr/password/reset/{token}",
                           data={"csrf_token": csrf(page.text), "password": "password1234", "confirm": "password1234"})
    assert response.status_code == 422
    assert "trop courant" in response.text


# --- sign-in -----------------------------------------------------------------------------------


def test_sign_in_says_the_same_thing_whatever_went_wrong(app, served, make_staff):
    services.create_user("nopass@example.org", "official")
    gone = services.create_user("gone@example.org", "official")
    gone.password_hash = services.hash_password(PASSWORD)
    gone.active = False
    db.session.commit()
    bodies = []
    for email, password in [("nobody@example.org", PASSWORD), ("gone@example.org", PASSWORD),
                            ("nopass@example.org", PASSWORD), ("gone@example.org", "wrong password here")]:
        response = sign_in(browser(served), email, password)
        assert response.status_code == 422
        assert SIGN_IN_REFUSED in response.text
        bodies.append(response.text.replace(email, "EMAIL"))
    assert len({re.sub(r'value="[^"]*"', "", body) for body in bodies}) == 1


def test_sign_in_rotates_the_session_and_sign_out_revokes_it(app, served, make_chamber, make_staff):
    make_chamber("bajio")
    make_staff("ana@example.org", chambers=["bajio"])
    client = browser(served)
    client.get("/staff/en/sign-in")
    with client.session_transaction() as before:
        csrf_before = before.get("csrf_token")
    sign_in(client, "ana@example.org")
    with client.session_transaction() as after:
        assert after.get("csrf_token") != csrf_before
        stolen = dict(after)
    assert client.get("/staff/en/").status_code == 200
    page = client.get("/staff/en/account")
    client.post("/staff/en/sign-out", data={"csrf_token": csrf(page.text)})
    replay = browser(served)
    with replay.session_transaction() as session:
        session.update(stolen)
    assert replay.get("/staff/en/").status_code == 302  # the record is revoked: the cookie is worthless
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StaffSession)
                             .where(StaffSession.revoked_at.is_(None))) == 0


def test_sign_out_everywhere_ends_the_other_browsers(app, served, make_chamber, make_staff, signed_in):
    make_chamber("bajio")
    user = make_staff("ana@example.org", chambers=["bajio"])
    first, second = signed_in(user), signed_in(user)
    page = first.get("/staff/en/account")
    first.post("/staff/en/account/sign-out-everywhere", data={"csrf_token": csrf(page.text)})
    assert second.get("/staff/en/").status_code == 302
    assert first.get("/staff/en/").status_code == 302


@pytest.mark.parametrize("column", ["last_seen_at", "created_at"])
def test_idle_and_absolute_timeouts_end_a_session(app, served, make_chamber, make_staff, signed_in, column):
    make_chamber("bajio")
    client = signed_in(make_staff("ana@example.org", chambers=["bajio"]))
    age = timedelta(minutes=31) if column == "last_seen_at" else timedelta(hours=13)
    values = {"last_seen_at": utcnow() - timedelta(minutes=1)}
    values[column] = utcnow() - age
    db.session.execute(sa.update(StaffSession).values(**values))
    db.session.commit()
    response = client.get("/staff/en/account")
    assert response.status_code == 302 and "/staff/en/sign-in" in response.headers["Location"]


def test_the_next_page_is_kept_but_only_on_this_site(app, served, make_chamber, make_staff):
    make_chamber("bajio")
    make_staff("ana@example.org", chambers=["bajio"])
    client = browser(served)
    assert "next=/staff/en/account" in client.get("/staff/en/account").headers["Location"]
    client.get("/staff/en/sign-in?next=/staff/en/account")
    assert sign_in(client, "ana@example.org").headers["Location"].endswith("/staff/en/account")
    other = browser(served)
    other.get("/staff/en/sign-in?next=//evil.example/x")
    assert sign_in(other, "ana@example.org").headers["Location"].endswith("/staff/en/")


def test_sign_in_is_rate_limited_per_account(make_app, make_chamber):
    application = make_app(RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI="memory://", WTF_CSRF_ENABLED=False)
    limiter.reset()
    client = browser(application)
    data = {"email": "target@example.org", "password": "not the password"}
    statuses = []
    for number in range(6):
        client.environ_base["REMOTE_ADDR"] = f"10.0.0.{number}"  # a new address each time: the account counter stops it
        statuses.append(client.post("/staff/en/sign-in", data=data).status_code)
    assert statuses == [422] * 5 + [429]


# --- two factors ----------------------------------------------------------------------------------


def test_a_site_admin_must_enrol_a_second_factor_first(app, served, make_staff):
    make_staff("root@example.org", role="site_admin", totp=False)
    client = browser(served)
    assert sign_in(client, "root@example.org").status_code == 302
    response = client.get("/staff/en/account")
    assert response.status_code == 302 and response.headers["Location"].endswith("/staff/en/account/two-factor")
    page = client.get("/staff/en/account/two-factor")
    assert 'src="data:image/svg+xml' in page.text
    secret = re.search(r'<code class="totp-key">([A-Z2-7 ]+)</code>', page.text).group(1).replace(" ", "")
    with client.session_transaction() as session:
        assert secret not in session["staff_totp_enrol"]  # sealed: the cookie is signed, not encrypted
    wrong = client.post("/staff/en/account/two-factor", data={"csrf_token": csrf(page.text), "code": "000000"})
    assert wrong.status_code == 422
    codes_page = client.post("/staff/en/account/two-factor",
                             data={"csrf_token": csrf(page.text), "code": pyotp.TOTP(secret).now()})
    codes = re.findall(r"<code>([0-9A-Z-]{19})</code>", codes_page.text)
    assert len(codes) == 10
    assert client.get("/staff/en/account").status_code == 200
    assert "account.two_factor_enabled" in _actions()
    user = services.find_user("root@example.org")
    # Signing in now takes a code; a recovery code works once.
    other = browser(served)
    assert sign_in(other, "root@example.org").headers["Location"].endswith("/staff/en/sign-in/code")
    page = other.get("/staff/en/sign-in/code")
    assert other.post("/staff/en/sign-in/code", data={"csrf_token": csrf(page.text), "code": codes[0]}).status_code == 302
    third = browser(served)
    sign_in(third, "root@example.org")
    page = third.get("/staff/en/sign-in/code")
    assert third.post("/staff/en/sign-in/code", data={"csrf_token": csrf(page.text), "code": codes[0]}).status_code == 422
    assert seed_of(user) == secret and secret not in user.totp_secret  # kept sealed, never as typed


def test_a_totp_code_is_accepted_once(app, served, make_staff):
    user = make_staff("off@example.org", role="official")
    code = next_code(seed_of(user))
    first, second = browser(served), browser(served)
    for client in (first, second):
        sign_in(client, "off@example.org")
    page = first.get("/staff/en/sign-in/code")
    assert first.post("/staff/en/sign-in/code", data={"csrf_token": csrf(page.text), "code": code}).status_code == 302
    page = second.get("/staff/en/sign-in/code")
    assert second.post("/staff/en/sign-in/code", data={"csrf_token": csrf(page.text), "code": code}).status_code == 422


def test_a_chamber_can_require_two_factors_of_its_staff(app, served, make_chamber, make_staff, signed_in):
    make_chamber("strict", require_two_factor=True)
    make_chamber("relaxed")
    strict = signed_in(make_staff("a@example.org", chambers=["strict"]))
    relaxed = signed_in(make_staff("b@example.org", chambers=["relaxed"]))
    assert strict.get("/staff/en/").headers["Location"].endswith("/account/two-factor")
    assert relaxed.get("/staff/en/").status_code == 200


# --- password reset by e-mail --------------------------------------------------------------------


def test_forgot_password_mails_a_link_on_the_configured_host_only(app, served, make_staff):
    make_staff("ana@example.org", role="official")
    outbox = Path(app.config["MAIL_OUTBOX_DIR"])
    before = set(outbox.glob("*.eml")) if outbox.exists() else set()
    client = browser(served)
    for email in ("ana@example.org", "nobody@example.org"):
        evil = {"Host": "evil.example", "Referer": "https://evil.example/"}
        page = client.get("/staff/es/password/forgot", headers=evil)
        response = client.post("/staff/es/password/forgot", data={"csrf_token": csrf(page.text), "email": email},
                               headers=evil,
                               follow_redirects=True)
        assert "Si una cuenta usa esta dirección" in response.text or "If an account uses" in response.text
    sent = sorted(set(outbox.glob("*.eml")) - before)
    assert len(sent) == 1
    message = message_from_bytes(sent[0].read_bytes())
    assert message["To"] == "ana@example.org"
    body = message.get_payload(decode=True).decode()
    link = re.search(r"http://\S+", body).group(0)
    assert link.startswith("http://localhost/staff/es/password/reset/") and "evil" not in body
    token = link.rsplit("/", 1)[1]
    assert db.session.scalar(sa.text("SELECT count(*) FROM staff_password_resets WHERE token_hash = :h"),
                             {"h": services.digest(token)}) == 1
    assert _choose_password(client, link, "a fresh long password").status_code == 302
    assert sign_in(browser(served), "ana@example.org", "a fresh long password").status_code == 302
    sent[0].unlink()


def test_a_signed_in_person_changes_their_password_and_every_session_ends(app, served, make_chamber, make_staff,
                                                                         signed_in):
    make_chamber("bajio")
    user = make_staff("ana@example.org", chambers=["bajio"])
    client, other = signed_in(user), signed_in(user)
    page = client.get("/staff/en/account/password")
    wrong = client.post("/staff/en/account/password", data={
        "csrf_token": csrf(page.text), "current": "not it at all!", "password": "a new long password",
        "confirm": "a new long password"})
    assert wrong.status_code == 422 and "not your current password" in wrong.text
    done = client.post("/staff/en/account/password", data={
        "csrf_token": csrf(page.text), "current": PASSWORD, "password": "a new long password",
        "confirm": "a new long password"})
    assert done.status_code == 302 and "/sign-in" in done.headers["Location"]
    assert other.get("/staff/en/").status_code == 302
    assert sign_in(browser(served), "ana@example.org").status_code == 422
    assert sign_in(browser(served), "ana@example.org", "a new long password").status_code == 302
