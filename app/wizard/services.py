"""The wizard's data changes: the only module that writes assessments.

Plain values in and out. Every save is committed before the caller shows the
next page, checks the version the page was rendered with (a second tab never
silently overwrites the first), prunes answers the branching no longer asks,
and keeps the stored answers a valid partial document of the contract.
"""

from __future__ import annotations

import copy
import hashlib
import hmac
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.orm.attributes import flag_modified
from sqlalchemy.orm.exc import StaleDataError

from app.answers import messages
from app.answers.validation import Problem, validate_answers
from app.assessments.models import Assessment, Contact
from app.clock import utcnow
from app.extensions import db
from app.i18n.catalogs import get_translations
from app.wizard.branching import drop_home_market, first_open_step, prune, set_path
from app.wizard.steps import StepBook

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 8
CONTACT_FIELDS = ("business_name", "email")


@dataclass(frozen=True)
class ResumeKeys:
    """Shown to the business once; only their hashes are stored."""

    token: str
    code: str


@dataclass(frozen=True)
class AssessmentState:
    public_id: str
    answers: dict[str, Any]
    contact: dict[str, str]
    version: int
    status: str
    current_step: str | None
    locale: str
    completed_on: date | None
    resume_expires_on: date | None


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    state: AssessmentState | None
    stale: bool = False
    problems: tuple[Problem, ...] = ()
    removed_steps: tuple[str, ...] = ()
    removed_home_market: bool = False
    reopened: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)


class AssessmentNotFound(LookupError):
    """No such assessment in this chamber (never existed, or deleted)."""


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_code(code: str) -> str:
    """What the business typed, as stored: upper case, no spaces or dashes,
    and the letters Crockford base32 reads as digits (O→0, I/L→1)."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans("OIL", "011"))


def _code_hash(code: str) -> str:
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, normalize_code(code).encode(), hashlib.sha256).hexdigest()


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _resume_period() -> timedelta:
    return timedelta(days=int(current_app.config.get("WIZARD_RESUME_DAYS", 30)))


def _state(assessment: Assessment) -> AssessmentState:
    contact = db.session.scalar(select(Contact).filter_by(assessment_id=assessment.id))
    details = {name: getattr(contact, name) for name in CONTACT_FIELDS if contact and getattr(contact, name)}
    expires = assessment.resume_token_expires_at
    return AssessmentState(
        assessment.public_id, dict(assessment.answers or {}), details, assessment.version, assessment.status,
        assessment.current_step, assessment.locale,
        assessment.completed_at.date() if assessment.completed_at else None,
        expires.date() if expires else None,
    )


def _find(public_id: str, chamber_id: int) -> Assessment:
    assessment = db.session.scalar(select(Assessment).filter_by(public_id=public_id, chamber_id=chamber_id))
    if assessment is None:
        raise AssessmentNotFound(public_id)
    return assessment


def _new_keys(assessment: Assessment) -> ResumeKeys:
    token = secrets.token_urlsafe(32)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    assessment.resume_token_hash = _token_hash(token)
    assessment.resume_code_hash = _code_hash(code)
    assessment.resume_token_expires_at = utcnow() + _resume_period()
    return ResumeKeys(token, code)


def start_assessment(chamber_id: int, locale: str) -> tuple[str, ResumeKeys]:
    """Create an empty questionnaire; its public id and its resume keys."""
    assessment = Assessment(chamber_id=chamber_id, locale=locale, answers={"schema_version": 1}, status="draft")
    keys = _new_keys(assessment)
    db.session.add(assessment)
    db.session.commit()
    return assessment.public_id, keys


def load_assessment(public_id: str, chamber_id: int) -> AssessmentState:
    return _state(_find(public_id, chamber_id))


def renew_resume_keys(public_id: str, chamber_id: int) -> ResumeKeys:
    """New link and code (the old ones stop working): for a device that has neither."""
    assessment = _find(public_id, chamber_id)
    keys = _new_keys(assessment)
    db.session.commit()
    return keys


def _resume(column: Any, digest: str, chamber_id: int) -> str | None:
    assessment = db.session.scalar(select(Assessment).where(column == digest, Assessment.chamber_id == chamber_id))
    if assessment is None or assessment.resume_token_expires_at is None:
        return None
    expires = assessment.resume_token_expires_at
    if expires.tzinfo is None:  # SQLite hands back naive UTC datetimes
        expires = expires.replace(tzinfo=utcnow().tzinfo)
    if expires < utcnow():
        return None
    return assessment.public_id


def resume_by_token(token: str, chamber_id: int) -> str | None:
    """The public id the link opens, if it is valid and not expired."""
    return _resume(Assessment.resume_token_hash, _token_hash(token), chamber_id)


def resume_by_code(code: str, chamber_id: int) -> str | None:
    if len(normalize_code(code)) != CODE_LENGTH:
        return None
    return _resume(Assessment.resume_code_hash, _code_hash(code), chamber_id)


def partial_problems(document: dict[str, Any], locale: str) -> list[Problem]:
    """What makes `document` not a valid partial document: all but missing keys."""
    required = get_translations(locale).gettext(messages.REQUIRED)
    return [p for p in validate_answers(document, locale) if not (p.message == required and _absent(document, p.path))]


def _absent(document: dict[str, Any], path: str) -> bool:
    node: Any = document
    for part in path.removeprefix("$.").split("."):
        if not isinstance(node, dict) or part not in node:
            return True
        node = node[part]
    return False


def _save_contact(assessment: Assessment, values: dict[str, Any]) -> None:
    contact = db.session.scalar(select(Contact).filter_by(assessment_id=assessment.id))
    fields = {name: values.get(f"contact.{name}") or None for name in CONTACT_FIELDS}
    if not any(fields.values()):
        if contact is not None:
            db.session.delete(contact)
        return
    if contact is None:
        contact = Contact(assessment_id=assessment.id)
        db.session.add(contact)
    for name, value in fields.items():
        setattr(contact, name, value)


def save_step(
    book: StepBook, public_id: str, chamber_id: int, step_id: str, values: dict[str, Any],
    expected_version: int | None, locale: str,
) -> SaveResult:
    """Merge one step's answers (path → value, None to clear) and commit.

    Refused, with nothing written, when the page was rendered from an older
    version (`stale`) or when the result would not be a valid partial document.
    """
    assessment = _find(public_id, chamber_id)
    if expected_version is None or expected_version != assessment.version:
        return SaveResult(False, _state(assessment), stale=True)
    answers = copy.deepcopy(assessment.answers or {})  # never mutate the loaded value in place
    answers["schema_version"] = 1
    for path, value in values.items():
        if not path.startswith("contact."):
            set_path(answers, path, value)
    removed_market = drop_home_market(answers) if step_id == "profile" else False
    answers, removed_steps = prune(book, answers)
    problems = partial_problems(answers, locale)
    if problems:
        db.session.rollback()
        return SaveResult(False, _state(assessment), problems=tuple(problems))
    # Read everything before changing anything: a query after a change would
    # autoflush it, and every flush bumps the version once more.
    contact = _state(assessment).contact
    if any(path.startswith("contact.") for path in values):
        contact = {k: values[f"contact.{k}"] for k in CONTACT_FIELDS if values.get(f"contact.{k}")}
        _save_contact(assessment, values)
    following = first_open_step(book, answers, contact)
    reopened = assessment.status == "completed"
    assessment.answers = answers
    flag_modified(assessment, "answers")
    assessment.locale = locale
    assessment.status = "draft"
    assessment.completed_at = None
    consent = answers.get("consent", {})
    assessment.consent_aggregate_stats = consent.get("aggregate_stats") is True
    assessment.consent_share_with_host = consent.get("share_with_host") is True
    assessment.current_step = following.id if following else "review"
    assessment.resume_token_expires_at = utcnow() + _resume_period()
    try:
        db.session.commit()
    except StaleDataError:  # another request saved between our read and write
        db.session.rollback()
        return SaveResult(False, _state(_find(public_id, chamber_id)), stale=True)
    return SaveResult(
        True, _state(assessment), removed_steps=tuple(removed_steps),
        removed_home_market=removed_market, reopened=reopened,
    )


def complete_assessment(public_id: str, chamber_id: int, expected_version: int | None, locale: str, rules_version: str | None) -> SaveResult:
    """Validate the whole document and mark the questionnaire completed."""
    assessment = _find(public_id, chamber_id)
    if expected_version is None or expected_version != assessment.version:
        return SaveResult(False, _state(assessment), stale=True)
    problems = validate_answers(assessment.answers, locale)
    if problems:
        return SaveResult(False, _state(assessment), problems=tuple(problems))
    if assessment.status != "completed":
        assessment.status = "completed"
        assessment.completed_at = utcnow()
        assessment.rules_version = rules_version
        assessment.current_step = "results"
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return SaveResult(False, _state(_find(public_id, chamber_id)), stale=True)
    return SaveResult(True, _state(assessment))


def delete_assessment(public_id: str, chamber_id: int) -> None:
    """Remove the questionnaire, its contact details and its cached PDFs for good."""
    from app.pdf.services import pdf_cache_dir, purge_cached_pdfs  # noqa: PLC0415  (WeasyPrint loads lazily)

    assessment = _find(public_id, chamber_id)
    db.session.execute(delete(Contact).where(Contact.assessment_id == assessment.id))
    db.session.execute(delete(Assessment).where(Assessment.id == assessment.id))
    db.session.commit()
    purge_cached_pdfs(pdf_cache_dir(), public_id)
