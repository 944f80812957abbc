"""Staff sign-in, two factors, passwords, and one's own account: /staff/<lang>/…

Sign-in answers one message for every failure (unknown address, wrong
password, deactivated account, no password yet), so the page never says
whether an account exists; it is rate-limited per address and per account.
"""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_login import login_user, logout_user
from sqlalchemy import select
from werkzeug.wrappers import Response

from app.accounts import services
from app.accounts.access import (
    as_staff,
    client_address,
    current_staff,
    keep_only_wizard,
    safe_next,
    staff_required,
)
from app.accounts.forms import (
    PASSWORD_PROBLEMS,
    ChangePasswordForm,
    CodeForm,
    EmailForm,
    NewPasswordForm,
    SignInForm,
)
from app.accounts.models import StaffUser
from app.chambers.models import Chamber
from app.extensions import db, limiter
from app.sealing import seal, unseal
from app.urls import public_url
from app.wizard.mail import MailNotSent, mail_enabled, send_mail

bp = Blueprint("staff", __name__, url_prefix="/staff/<lang:lang>", template_folder="templates")
PENDING_KEY = "staff_pending_2fa"
ENROL_KEY = "staff_totp_enrol"


@bp.after_request
def _not_stored(response: Response) -> Response:
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _signin_limit() -> str:
    return str(current_app.config["SIGNIN_RATE_LIMIT"])


def _account_limit() -> str:
    return str(current_app.config["SIGNIN_ACCOUNT_RATE_LIMIT"])


def _reset_limit() -> str:
    return str(current_app.config["PASSWORD_RESET_RATE_LIMIT"])


def _account_key() -> str:
    return "signin-account:" + (request.form.get("email") or "").strip().lower()[:254]


def _pending_key() -> str:
    return "signin-2fa:" + str((session.get(PENDING_KEY) or {}).get("u"))


def _reset_key() -> str:
    return "reset-account:" + (request.form.get("email") or "").strip().lower()[:254]


def _finish_sign_in(user: StaffUser) -> Response:
    """Rotate the session (a new record, a new cookie content, a new CSRF token), then sign in."""
    target = safe_next(session.get("staff_next"))
    keep_only_wizard()
    token = services.start_session(user, client_address(), request.user_agent.string)
    login_user(as_staff(user, token))
    return redirect(target or url_for("staff.dashboard"))


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_signin_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_account_key, methods=["POST"])
def sign_in() -> Any:
    form = SignInForm()
    if request.method == "GET":
        if current_staff() is not None:
            return redirect(url_for("staff.dashboard"))
        if "next" in request.args:
            session["staff_next"] = safe_next(request.args.get("next"))
    failed = False
    if request.method == "POST" and form.validate():
        user = services.find_user(form.email.data or "")
        ok = services.check_password(user, form.password.data or "")
        if ok and user is not None and user.active:
            if user.totp_secret:
                session[PENDING_KEY] = {"u": user.id, "t": int(time.time())}
                db.session.commit()  # a rehashed password
                return redirect(url_for("staff.two_factor"))
            return _finish_sign_in(user)
        failed = True
    elif request.method == "POST":
        failed = True
    status = 422 if failed else 200
    return render_template("staff/sign_in.html", form=form, failed=failed), status


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(_signin_limit, methods=["POST"])
@limiter.limit(_account_limit, key_func=_pending_key, methods=["POST"])
def two_factor() -> Any:
    pending = session.get(PENDING_KEY) or {}
    minutes = current_app.config["TWO_FACTOR_PENDING_MINUTES"]
    user = db.session.get(StaffUser, pending["u"]) if pending.get("u") else None
    if user is None or not user.active or time.time() - pending.get("t", 0) > minutes * 60:
        session.pop(PENDING_KEY, None)
        flash(gettext("Sign in again."), "info")
        return redirect(url_for("staff.sign_in"))
    form = CodeForm()
    failed = False
    if request.method == "POST":
        if form.validate() and services.verify_second_factor(user, form.code.data or "", client_address()):
            session.pop(PENDING_KEY, None)
            return _finish_sign_in(user)
        failed = True
    return render_template("staff/two_factor.html", form=form, failed=failed), 422 if failed else 200


@bp.post("/sign-out")
@staff_required()
def sign_out() -> Response:
    user = current_staff()
    assert user is not None
    services.end_session(user.session_token, user.id, client_address())
    logout_user()
    keep_only_wizard()
    flash(gettext("You are signed out."), "success")
    return redirect(url_for("staff.sign_in"))


@bp.get("/")
@staff_required()
def dashboard() -> str:
    user = current_staff()
    assert user is not None
    query = select(Chamber).where(Chamber.active.is_(True)).order_by(Chamber.name)
    if user.role == "chamber_staff":
        query = query.where(Chamber.id.in_(user.chamber_ids))
    elif user.role == "official":
        query = query.where(False)
    chambers = [{"slug": c.slug, "name": c.name_in(g.lang)} for c in db.session.scalars(query)]
    return render_template("staff/dashboard.html", user=user, chambers=chambers)


@bp.get("/account")
@staff_required()
def account() -> str:
    user = current_staff()
    assert user is not None
    sessions = services.live_sessions(user.id)
    current_hash = services.digest(user.session_token)
    return render_template(
        "staff/account.html", user=user, current_hash=current_hash, sessions=sessions,
        tokens=services.user_tokens(user.id), recovery_left=services.remaining_recovery_codes(user.id),
        form=CodeForm(),
    )


@bp.post("/account/sign-out-everywhere")
@staff_required()
def sign_out_everywhere() -> Response:
    user = current_staff()
    assert user is not None
    services.end_all_sessions(user.id, address=client_address())
    logout_user()
    keep_only_wizard()
    flash(gettext("You are signed out on every device."), "success")
    return redirect(url_for("staff.sign_in"))


@bp.post("/account/tokens/<int:token_id>/revoke")
@staff_required()
def revoke_token(token_id: int) -> Response:
    user = current_staff()
    assert user is not None
    if services.revoke_api_token(user.id, token_id, client_address()):
        flash(gettext("The token is revoked: it no longer works."), "success")
    return redirect(url_for("staff.account"))


@bp.route("/account/two-factor", methods=["GET", "POST"])
@staff_required()
def enrol_two_factor() -> Any:
    """Show a QR code (and the key to type), then confirm with a first code."""
    import segno  # noqa: PLC0415

    user = current_staff()
    assert user is not None
    account_row = db.session.get(StaffUser, user.id)
    assert account_row is not None
    pending = session.get(ENROL_KEY)  # sealed: the cookie is signed, not encrypted
    secret = (unseal(services.TOTP_ENROLMENT, pending) if pending else None) or services.new_totp_secret()
    session[ENROL_KEY] = seal(services.TOTP_ENROLMENT, secret)
    form = CodeForm()
    failed = False
    if request.method == "POST":
        codes = services.enable_two_factor(account_row, secret, form.code.data or "", client_address()) \
            if form.validate() else None
        if codes is not None:
            session.pop(ENROL_KEY, None)
            return render_template("staff/recovery_codes.html", codes=codes)
        failed = True
    uri = services.provisioning_uri(account_row, secret)
    qr = segno.make(uri, error="m").svg_data_uri(scale=5, dark="#000000", light="#ffffff")
    grouped = " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
    return render_template("staff/enrol.html", form=form, qr=qr, secret=grouped, failed=failed,
                           required=user.needs_two_factor), 422 if failed else 200


@bp.post("/account/recovery-codes")
@staff_required()
def recovery_codes() -> Any:
    user = current_staff()
    assert user is not None
    account_row = db.session.get(StaffUser, user.id)
    if account_row is None or not account_row.totp_secret:
        return redirect(url_for("staff.account"))
    return render_template("staff/recovery_codes.html", codes=services.new_recovery_codes(account_row, client_address()))


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_reset_limit, methods=["POST"])
@limiter.limit(_reset_limit, key_func=_reset_key, methods=["POST"])
def forgot_password() -> Any:
    form = EmailForm()
    if request.method == "POST" and form.validate():
        user = services.find_user(form.email.data or "")
        if user is not None and user.active and mail_enabled():
            token = services.new_reset_token(user, address=client_address())
            link = public_url("staff.reset_password", token=token)
            body = render_template("staff/reset_email.txt", link=link,
                                   hours=current_app.config["PASSWORD_RESET_HOURS"])
            try:
                send_mail(user.email, gettext("Choose your password for the export readiness portal"), body, g.lang,
                          tag="staff-reset")
            except MailNotSent:
                current_app.logger.warning("Password reset e-mail not sent")
        flash(gettext("If an account uses this address, we sent it a link to choose a new password. "
                      "The link works once."), "success")
        return redirect(url_for("staff.sign_in"))
    return render_template("staff/forgot.html", form=form), 422 if form.errors else 200


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
@limiter.limit(_signin_limit, methods=["POST"])
def reset_password(token: str) -> Any:
    if services.reset_token_user(token) is None:
        flash(gettext("This link has expired or was already used. Ask for a new one."), "error")
        return redirect(url_for("staff.forgot_password"))
    form = NewPasswordForm()
    if request.method == "POST" and form.validate():
        try:
            services.use_reset_token(token, form.password.data or "", client_address())
        except services.AccountError as error:
            form.password.errors = [PASSWORD_PROBLEMS.get(str(error), str(error))]
        else:
            logout_user()
            keep_only_wizard()
            flash(gettext("Your password is set. Sign in with it."), "success")
            return redirect(url_for("staff.sign_in"))
    return render_template("staff/reset.html", form=form, token=token), 422 if form.errors else 200


@bp.route("/account/password", methods=["GET", "POST"])
@limiter.limit(_signin_limit, methods=["POST"])
@staff_required()
def change_password() -> Any:
    """A new password, given the current one; every session (this one too) ends."""
    user = current_staff()
    assert user is not None
    form = ChangePasswordForm()
    if request.method == "POST" and form.validate():
        account_row = db.session.get(StaffUser, user.id)
        if account_row is None or not services.check_password(account_row, form.current.data or ""):
            form.current.errors = [gettext("This is not your current password.")]
        else:
            try:
                services.set_password(account_row, form.password.data or "", address=client_address())
            except services.AccountError as error:
                form.password.errors = [PASSWORD_PROBLEMS.get(str(error), str(error))]
            else:
                logout_user()
                keep_only_wizard()
                flash(gettext("Your password is changed, and you are signed out everywhere. Sign in with it."),
                      "success")
                return redirect(url_for("staff.sign_in"))
    return render_template("staff/change_password.html", form=form), 422 if form.errors else 200
