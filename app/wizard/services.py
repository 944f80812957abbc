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
from sqlalchemy import bindparam, delete, select
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


def _details(contact: Contact | None) -> dict[str, str]:
    return {name: getattr(contact, name) for name in CONTACT_FIELDS if contact and getattr(contact, name)}


def _state(assessment: Any, contact: Any) -> AssessmentState:
    """The state of an assessment (ORM object or row) and its contact details."""
    expires = assessment.resume_token_expires_at
    return AssessmentState(
        assessment.public_id, dict(assessment.answers or {}), _details(contact), assessment.version, assessment.status,
        assessment.current_step, assessment.locale,
        assessment.completed_at.date() if assessment.completed_at else None,
        expires.date() if expires else None,
    )


_THIS_ONE = (Assessment.public_id == bindparam("public_id"), Assessment.chamber_id == bindparam("chamber_id"))
# What a page reads: the columns of the state alone, no ORM objects to build.
_STATE_COLUMNS = select(
    Assessment.public_id, Assessment.answers, Assessment.version, Assessment.status, Assessment.current_step,
    Assessment.locale, Assessment.completed_at, Assessment.resume_token_expires_at,
    *(getattr(Contact, name) for name in CONTACT_FIELDS),
).outerjoin(Contact, Contact.assessment_id == Assessment.id).where(*_THIS_ONE)
_WITH_CONTACT = select(Assessment, Contact).outerjoin(Contact, Contact.assessment_id == Assessment.id).where(*_THIS_ONE)


def _find(public_id: str, chamber_id: int) -> tuple[Assessment, Contact | None]:
    """The assessment and its contact details (if any), in one query."""
    row = db.session.execute(_WITH_CONTACT, {"public_id": public_id, "chamber_id": chamber_id}).first()
    if row is None:
        raise AssessmentNotFound(public_id)
    return row[0], row[1]


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
    row = db.session.connection().execute(_STATE_COLUMNS, {"public_id": public_id, "chamber_id": chamber_id}).first()
    if row is None:
        raise AssessmentNotFound(public_id)
    return _state(row, row)


def renew_resume_keys(public_id: str, chamber_id: int) -> ResumeKeys:
    """New link and code (the old ones stop working): for a device that has neither."""
    assessment, _ = _find(public_id, chamber_id)
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


def _save_contact(assessment: Assessment, contact: Contact | None, values: dict[str, Any]) -> Contact | None:
    """Store the contact step's values; the contact row afterwards (None: none kept)."""
    fields = {name: values.get(f"contact.{name}") or None for name in CONTACT_FIELDS}
    if not any(fields.values()):
        if contact is not None:
            db.session.delete(contact)
        return None
    if contact is None:
        contact = Contact(assessment_id=assessment.id)
        db.session.add(contact)
    for name, value in fields.items():
        setattr(contact, name, value)
    return contact


def save_step(
    book: StepBook, public_id: str, chamber_id: int, step_id: str, values: dict[str, Any],
    expected_version: int | None, locale: str,
) -> SaveResult:
    """Merge one step's answers (path → value, None to clear) and commit.

    Refused, with nothing written, when the page was rendered from an older
    version (`stale`) or when the result would not be a valid partial document.
    """
    assessment, contact = _find(public_id, chamber_id)
    if expected_version is None or expected_version != assessment.version:
        return SaveResult(False, _state(assessment, contact), stale=True)
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
        return SaveResult(False, _state(assessment, contact), problems=tuple(problems))
    reopened = assessment.status == "completed"
    if any(path.startswith("contact.") for path in values):
        contact = _save_contact(assessment, contact, values)
    following = first_open_step(book, answers, _details(contact))
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
    return _commit(assessment, contact, public_id, chamber_id, removed_steps=tuple(removed_steps),
                   removed_home_market=removed_market, reopened=reopened)


def _commit(assessment: Assessment, contact: Contact | None, public_id: str, chamber_id: int, **outcome: Any) -> SaveResult:
    """Write, then commit; refused as stale when another request saved first.

    The state is taken after the flush (which bumps the version) and before
    the commit, which would expire every attribute and cost a second read.
    """
    try:
        db.session.flush()
        state = _state(assessment, contact)
        db.session.commit()
    except StaleDataError:  # another request saved between our read and write
        db.session.rollback()
        return SaveResult(False, _state(*_find(public_id, chamber_id)), stale=True)
    return SaveResult(True, state, **outcome)


def complete_assessment(public_id: str, chamber_id: int, expected_version: int | None, locale: str, rules_version: str | None) -> SaveResult:
    """Validate the whole document and mark the questionnaire completed."""
    assessment, contact = _find(public_id, chamber_id)
    if expected_version is None or expected_version != assessment.version:
        return SaveResult(False, _state(assessment, contact), stale=True)
    problems = validate_answers(assessment.answers, locale)
    if problems:
        return SaveResult(False, _state(assessment, contact), problems=tuple(problems))
    if assessment.status != "completed":
        assessment.status = "completed"
        assessment.completed_at = utcnow()
        assessment.rules_version = rules_version
        assessment.current_step = "results"
    return _commit(assessment, contact, public_id, chamber_id)


def delete_assessment(public_id: str, chamber_id: int) -> None:
    """Remove the questionnaire, its contact details and its cached PDFs for good."""
    from app.pdf.services import pdf_cache_dir, purge_cached_pdfs  # noqa: PLC0415  (WeasyPrint loads lazily)

    assessment, _ = _find(public_id, chamber_id)
    db.session.execute(delete(Contact).where(Contact.assessment_id == assessment.id))
    db.session.execute(delete(Assessment).where(Assessment.id == assessment.id))
    db.session.commit()
    purge_cached_pdfs(pdf_cache_dir(), public_id)
