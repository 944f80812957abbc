"""Staff accounts: creating them, passwords, sessions, tokens and two factors.

Every change to an account, a role, a membership or a token is written to the
audit log in the same transaction (`record_event` before the commit). Plain
values cross this module's edge; tokens are returned once and kept hashed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from sqlalchemy import select, update

from app.accounts.models import (
    ROLES,
    ApiToken,
    PasswordResetToken,
    RecoveryCode,
    StaffMembership,
    StaffSession,
    StaffUser,
)
from app.audit.services import record_event
from app.chambers.models import Chamber
from app.clock import utcnow
from app.extensions import db
from app.sealing import seal, unseal

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256  # hashing a megabyte of "password" is a denial of service
RECOVERY_CODES = 10
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford base32, as the resume code
TOKEN_PREFIX = "stf_"
TOTP_ISSUER = "Export readiness portal"
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")

_hasher = PasswordHasher()  # Argon2id, the library's RFC 9106 "low memory" profile
# Verified against when no account matches, so a wrong address takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AccountError(ValueError):
    """An account operation was refused; `str()` says why (for commands and logs)."""


def aware(moment: datetime | None) -> datetime | None:
    """SQLite gives back naive datetimes; they were stored in UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def normalize_email(address: str) -> str:
    try:
        return validate_email(address.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError as error:
        raise AccountError(f"not a valid e-mail address: {address!r}") from error


# --- passwords -------------------------------------------------------------------------------


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str, email: str = "") -> str | None:
    """Why `password` may not be used (a key of `PASSWORD_PROBLEMS`), or None."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return "too_short"
    if len(password) > MAX_PASSWORD_LENGTH:
        return "too_long"
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) <= 2 or (email and lowered == email.lower()):
        return "common"
    return None


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(user: StaffUser | None, password: str) -> bool:
    """Whether `password` is `user`'s; the same work is done when there is no user."""
    if len(password) > MAX_PASSWORD_LENGTH:
        return False
    stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
    try:
        _hasher.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
    if user is None or not user.password_hash:
        return False
    if _hasher.check_needs_rehash(stored):
        user.password_hash = _hasher.hash(password)
    return True


def set_password(user: StaffUser, password: str, actor_id: int | None = None, address: str | None = None) -> None:
    """Set a checked password, end every session of the account, commit."""
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    _revoke_sessions(user.id)
    record_event("account.password_set", actor_id=actor_id or user.id, target=("staff_user", str(user.id)),
                 details=_where(address))
    db.session.commit()


def _where(address: str | None) -> dict[str, str]:
    return {"address": address} if address else {}


# --- accounts --------------------------------------------------------------------------------


def find_user(email: str) -> StaffUser | None:
    try:
        email = normalize_email(email)
    except AccountError:
        return None
    return db.session.scalar(select(StaffUser).filter_by(email=email))


def _chambers(slugs: list[str]) -> list[Chamber]:
    found = []
    for slug in slugs:
        chamber = db.session.scalar(select(Chamber).filter_by(slug=slug))
        if chamber is None:
            raise AccountError(f"no chamber with slug {slug!r}")
        found.append(chamber)
    return found


def create_user(email: str, role: str, chamber_slugs: list[str] | None = None, name: str | None = None,
                actor_id: int | None = None, address: str | None = None) -> StaffUser:
    """An active account without a password (it is chosen through a reset link); committed."""
    email = normalize_email(email)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}")
    chambers = _chambers(list(dict.fromkeys(chamber_slugs or [])))
    if role == "chamber_staff" and not chambers:
        raise AccountError("chamber staff need at least one --chamber")
    if role != "chamber_staff" and chambers:
        raise AccountError("only chamber staff belong to chambers")
    if db.session.scalar(select(StaffUser.id).filter_by(email=email)) is not None:
        raise AccountError(f"an account for {email} already exists")
    display = (name or "").strip()[:200] or email.split("@")[0]
    user = StaffUser(email=email, display_name=display, role=role, active=True)
    user.memberships = [StaffMembership(chamber_id=c.id) for c in chambers]
    db.session.add(user)
    db.session.flush()
    record_event("account.created", actor_id=actor_id, target=("staff_user", str(user.id)),
                 details={"email": email, "role": role, "chambers": [c.slug for c in chambers], **_where(address)})
    for chamber in chambers:
        record_event("account.membership_added", actor_id=actor_id, chamber_id=chamber.id,
                     target=("staff_user", str(user.id)), details=_where(address))
    db.session.commit()
    return user


def deactivate_user(user: StaffUser, actor_id: int | None = None, address: str | None = None) -> None:
    """No more sign-in, sessions or tokens for this account; committed."""
    user.active = False
    _revoke_sessions(user.id)
    now = utcnow()
    db.session.execute(update(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
                       .values(revoked_at=now))
    record_event("account.deactivated", actor_id=actor_id, target=("staff_user", str(user.id)), details=_where(address))
    db.session.commit()


def list_users() -> list[StaffUser]:
    return list(db.session.scalars(select(StaffUser).order_by(StaffUser.email)))


def chamber_requires_two_factor(user: StaffUser) -> bool:
    if not user.chamber_ids:
        return False
    return bool(db.session.scalar(select(Chamber.id).where(Chamber.id.in_(user.chamber_ids),
                                                           Chamber.require_two_factor.is_(True)).limit(1)))


def two_factor_required(user: StaffUser) -> bool:
    """Site admins and officials always; chamber staff when one of their chambers asks."""
    return user.role in ("site_admin", "official") or chamber_requires_two_factor(user)


# --- password reset links ----------------------------------------------------------------------


def new_reset_token(user: StaffUser, actor_id: int | None = None, address: str | None = None) -> str:
    """A single-use link token (earlier unused ones stop working); committed."""
    now = utcnow()
    db.session.execute(update(PasswordResetToken).where(PasswordResetToken.user_id == user.id,
                                                        PasswordResetToken.used_at.is_(None)).values(used_at=now))
    token = secrets.token_urlsafe(32)
    hours = current_app.config["PASSWORD_RESET_HOURS"]
    db.session.add(PasswordResetToken(user_id=user.id, token_hash=digest(token), expires_at=now + timedelta(hours=hours)))
    record_event("account.reset_link_issued", actor_id=actor_id, target=("staff_user", str(user.id)),
                 details=_where(address))
    db.session.commit()
    return token


def reset_token_user(token: str) -> tuple[PasswordResetToken, StaffUser] | None:
    """The unused, unexpired link and its active account, or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(select(PasswordResetToken).filter_by(token_hash=digest(token)))
    if row is None or row.used_at is not None or aware(row.expires_at) <= utcnow():
        return None
    user = db.session.get(StaffUser, row.user_id)
    if user is None or not user.active:
        return None
    return row, user


def use_reset_token(token: str, password: str, address: str | None = None) -> StaffUser:
    """Set the password through a link, which then stops working; AccountError otherwise."""
    found = reset_token_user(token)
    if found is None:
        raise AccountError("invalid_link")
    row, user = found
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    row.used_at = utcnow()
    set_password(user, password, address=address)
    return user


# --- sessions --------------------------------------------------------------------------------


def start_session(user: StaffUser, address: str | None, user_agent: str | None) -> str:
    """A new server-side session (its token goes in the signed cookie); committed."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(StaffSession(user_id=user.id, token_hash=digest(token), created_at=now, last_seen_at=now,
                                address=(address or "")[:64] or None, user_agent=(user_agent or "")[:200] or None))
    user.last_login_at = now
    record_event("account.signed_in", actor_id=user.id, target=("staff_user", str(user.id)), details=_where(address))
    db.session.commit()
    return token


def session_user(token: str) -> tuple[StaffSession, StaffUser] | None:
    """The live session of `token` and its active account; None once revoked, idle or too old."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(select(StaffSession).filter_by(token_hash=digest(token)))
    if row is None or row.revoked_at is not None:
        return None
    now = utcnow()
    config = current_app.config
    idle = timedelta(minutes=config["STAFF_SESSION_IDLE_MINUTES"])
    absolute = timedelta(hours=config["STAFF_SESSION_ABSOLUTE_HOURS"])
    if aware(row.last_seen_at) + idle <= now or aware(row.created_at) + absolute <= now:
        return None
    user = db.session.get(StaffUser, row.user_id)
    if user is None or not user.active:
        return None
    if now - aware(row.last_seen_at) > timedelta(seconds=60):  # one write a minute, not one a request
        row.last_seen_at = now
        db.session.commit()
    return row, user


def end_session(token: str, user_id: int, address: str | None = None) -> None:
    db.session.execute(update(StaffSession).where(StaffSession.token_hash == digest(token),
                                                  StaffSession.revoked_at.is_(None)).values(revoked_at=utcnow()))
    record_event("account.signed_out", actor_id=user_id, target=("staff_user", str(user_id)), details=_where(address))
    db.session.commit()


def _revoke_sessions(user_id: int) -> None:
    db.session.execute(update(StaffSession).where(StaffSession.user_id == user_id, StaffSession.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))


def end_all_sessions(user_id: int, actor_id: int | None = None, address: str | None = None) -> None:
    _revoke_sessions(user_id)
    record_event("account.signed_out_everywhere", actor_id=actor_id or user_id, target=("staff_user", str(user_id)),
                 details=_where(address))
    db.session.commit()


def live_sessions(user_id: int) -> list[StaffSession]:
    rows = db.session.scalars(select(StaffSession).where(StaffSession.user_id == user_id,
                                                         StaffSession.revoked_at.is_(None))
                              .order_by(StaffSession.created_at.desc()))
    return [row for row in rows if _alive(row)]


def _alive(row: StaffSession) -> bool:
    config = current_app.config
    now = utcnow()
    return (aware(row.last_seen_at) + timedelta(minutes=config["STAFF_SESSION_IDLE_MINUTES"]) > now
            and aware(row.created_at) + timedelta(hours=config["STAFF_SESSION_ABSOLUTE_HOURS"]) > now)


# --- API tokens ------------------------------------------------------------------------------


def new_api_token(user: StaffUser, days: int | None = None, actor_id: int | None = None) -> str:
    """A personal token, returned once; committed."""
    if not user.active:
        raise AccountError("the account is deactivated")
    days = days or current_app.config["API_TOKEN_DEFAULT_DAYS"]
    if not 1 <= days <= 366:
        raise AccountError("--days must be between 1 and 366")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user_id=user.id, token_hash=digest(token), prefix=token[:10],
                   expires_at=utcnow() + timedelta(days=days))
    db.session.add(row)
    db.session.flush()
    record_event("account.token_created", actor_id=actor_id, target=("api_token", str(row.id)),
                 details={"user": user.id, "days": days})
    db.session.commit()
    return token


def token_user(token: str) -> StaffUser | None:
    """The active account of a live API token, or None."""
    if not token.startswith(TOKEN_PREFIX) or len(token) > 100:
        return None
    row = db.session.scalar(select(ApiToken).filter_by(token_hash=digest(token)))
    now = utcnow()
    if row is None or row.revoked_at is not None or aware(row.expires_at) <= now:
        return None
    user = db.session.get(StaffUser, row.user_id)
    if user is None or not user.active:
        return None
    if row.last_used_at is None or now - aware(row.last_used_at) > timedelta(minutes=5):
        row.last_used_at = now
        db.session.commit()
    return user


def user_tokens(user_id: int) -> list[ApiToken]:
    return list(db.session.scalars(select(ApiToken).where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
                                   .order_by(ApiToken.created_at.desc())))


def revoke_api_token(user_id: int, token_id: int, address: str | None = None) -> bool:
    row = db.session.get(ApiToken, token_id)
    if row is None or row.user_id != user_id or row.revoked_at is not None:
        return False
    row.revoked_at = utcnow()
    record_event("account.token_revoked", actor_id=user_id, target=("api_token", str(row.id)), details=_where(address))
    db.session.commit()
    return True


# --- two factors ---------------------------------------------------------------------------


# What TOTP seeds are sealed for (app/sealing.py): at rest, and in the session while enrolling.
TOTP_SEED = "staff totp seed"
TOTP_ENROLMENT = "staff totp enrolment"


def new_totp_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(user: StaffUser, secret: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=TOTP_ISSUER)


def _totp_step(secret: str, code: str, last_step: int | None) -> int | None:
    """The time step `code` is valid for (this one or a neighbour), unless already used."""
    code = "".join(code.split())
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    now = int(utcnow().timestamp())
    for offset in (0, -1, 1):
        step = now // totp.interval + offset
        if hmac.compare_digest(totp.at(step * totp.interval), code) and (last_step is None or step > last_step):
            return step
    return None


def enable_two_factor(user: StaffUser, secret: str, code: str, address: str | None = None) -> list[str] | None:
    """Confirm enrolment with a first code; the ten recovery codes (shown once), or None if wrong."""
    step = _totp_step(secret, code, None)
    if step is None:
        return None
    user.totp_secret = seal(TOTP_SEED, secret)
    user.totp_last_step = step
    codes = _replace_recovery_codes(user)
    record_event("account.two_factor_enabled", actor_id=user.id, target=("staff_user", str(user.id)),
                 details=_where(address))
    db.session.commit()
    return codes


def _replace_recovery_codes(user: StaffUser) -> list[str]:
    db.session.query(RecoveryCode).filter_by(user_id=user.id).delete()
    codes = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(16)) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=digest(code)) for code in codes)
    return [format_recovery_code(code) for code in codes]


def format_recovery_code(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def new_recovery_codes(user: StaffUser, address: str | None = None) -> list[str]:
    codes = _replace_recovery_codes(user)
    record_event("account.recovery_codes_renewed", actor_id=user.id, target=("staff_user", str(user.id)),
                 details=_where(address))
    db.session.commit()
    return codes


def verify_second_factor(user: StaffUser, code: str, address: str | None = None) -> bool:
    """A current TOTP code, or an unused recovery code (then used up); committed."""
    seed = unseal(TOTP_SEED, user.totp_secret) if user.totp_secret else None
    if seed is None or len(code) > 40:
        return False
    step = _totp_step(seed, code, user.totp_last_step)
    if step is not None:
        user.totp_last_step = step
        db.session.commit()
        return True
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    row = db.session.scalar(select(RecoveryCode).filter_by(user_id=user.id, code_hash=digest(cleaned)))
    if row is None or row.used_at is not None:
        return False
    row.used_at = utcnow()
    record_event("account.recovery_code_used", actor_id=user.id, target=("staff_user", str(user.id)),
                 details=_where(address))
    db.session.commit()
    return True


def remaining_recovery_codes(user_id: int) -> int:
    return len(list(db.session.scalars(select(RecoveryCode.id).filter_by(user_id=user_id, used_at=None))))


@dataclass(frozen=True)
class SignIn:
    """What a correct password leads to."""

    user: StaffUser
    needs_code: bool
