"""Reading and writing questionnaires through the ORM: the only module that does.

A write names the version its caller read: the model's `version_id_col`
puts that version in the UPDATE's WHERE, so a save made in between by
another request (a second tab, another worker) raises StaleDataError, and
nothing is written. Resume keys are stored only as hashes: the token as a
SHA-256, the short code as an HMAC keyed with SECRET_KEY.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, select
from sqlalchemy import delete as delete_rows
from sqlalchemy.orm.exc import StaleDataError

from app.assessments.models import ActionTick, Assessment, Contact
from app.assessments.retention import forget_outbox_messages
from app.clock import utcnow
from app.extensions import db

CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
CODE_LENGTH = 8
CONTACT_FIELDS = ("business_name", "email", "notify_plan_changes")
CONTACT_FLAGS = frozenset({"notify_plan_changes"})  # yes/no, stored False when not given


class AssessmentNotFound(LookupError):
    """No such assessment in this chamber (never existed, or deleted)."""


@dataclass(frozen=True)
class ResumeKeys:
    """Shown to the business once; only their hashes are stored."""

    token: str
    code: str


@dataclass(frozen=True)
class Record:
    """A questionnaire as read, and its contact row (None when none is given)."""

    assessment: Assessment
    contact: Contact | None

    @property
    def details(self) -> dict[str, str]:
        """The contact details given."""
        if self.contact is None:
            return {}
        return {name: value for name in CONTACT_FIELDS if (value := getattr(self.contact, name))}


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalize_code(code: str) -> str:
    """What the business typed, as stored: upper case, no spaces or dashes,
    and the letters Crockford base32 reads as digits (O→0, I/L→1)."""
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return cleaned.translate(str.maketrans("OIL", "011"))


def code_hash(code: str) -> str:
    """A keyed hash: a code short enough to type is too short for a plain one."""
    secret = str(current_app.config["SECRET_KEY"])
    return hmac.new(secret.encode(), normalize_code(code).encode(), hashlib.sha256).hexdigest()


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}"


def _new_keys() -> tuple[ResumeKeys, dict[str, Any]]:
    """Fresh resume keys, and the columns that store their hashes."""
    token = secrets.token_urlsafe(32)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    columns = {"resume_token_hash": token_hash(token), "resume_code_hash": code_hash(code),
               "resume_token_expires_at": utcnow() + resume_period()}
    return ResumeKeys(token, code), columns


def resume_period() -> timedelta:
    return timedelta(days=int(current_app.config["WIZARD_RESUME_DAYS"]))


# Built once: every wizard request runs it, and building a statement costs more than running it.
_FIND = (
    select(Assessment, Contact).outerjoin(Contact, Contact.assessment_id == Assessment.id)
    .where(Assessment.public_id == bindparam("public_id"), Assessment.chamber_id == bindparam("chamber_id"))
)


def find(public_id: str, chamber_id: int) -> Record:
    """The questionnaire and its contact row, in one query."""
    found = db.session.execute(_FIND, {"public_id": public_id, "chamber_id": chamber_id}).first()
    if found is None:
        raise AssessmentNotFound(public_id)
    return Record(*found)


def exists_elsewhere(public_id: str, chamber_id: int) -> bool:
    """Whether the questionnaire exists under another chamber than `chamber_id`."""
    query = select(Assessment.id).where(Assessment.public_id == public_id, Assessment.chamber_id != chamber_id)
    return db.session.execute(query).first() is not None


def create(chamber_id: int, locale: str) -> tuple[str, ResumeKeys]:
    """An empty questionnaire, committed; its public id and its resume keys."""
    keys, columns = _new_keys()
    assessment = Assessment(chamber_id=chamber_id, locale=locale, answers={"schema_version": 1}, status="draft", **columns)
    db.session.add(assessment)
    db.session.commit()
    return assessment.public_id, keys


def write(record: Record, expected_version: int, changes: dict[str, Any], details: dict[str, str] | None = None) -> Record | None:
    """Apply `changes` (and the contact `details`, when given: a row only while
    some are) and commit, if the questionnaire still has `expected_version`;
    the record as written. None, with nothing written, when it does not or
    another save got there first."""
    assessment = record.assessment
    if assessment.version != expected_version:
        return None
    for name, value in changes.items():
        setattr(assessment, name, value)
    contact = record.contact if details is None else _write_contact(record, details)
    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        return None
    return Record(assessment, contact)


def _write_contact(record: Record, details: dict[str, str]) -> Contact | None:
    given = {name: (bool(details.get(name)) if name in CONTACT_FLAGS else details.get(name) or None)
             for name in CONTACT_FIELDS}
    contact = record.contact
    if not any(given.values()):
        if contact is not None:
            db.session.delete(contact)
        return None
    if contact is None:
        contact = Contact(assessment_id=record.assessment.id)
        db.session.add(contact)
    for name, value in given.items():
        setattr(contact, name, value)
    return contact


def ticked_actions(record: Record) -> frozenset[str]:
    """The ids of the plan's actions the business marked as done."""
    query = select(ActionTick.action_id).where(ActionTick.assessment_id == record.assessment.id)
    return frozenset(db.session.scalars(query))


def tick_action(record: Record, action_id: str, done: bool) -> None:
    """Mark an action done (or not), committed; marking twice changes nothing."""
    ticks = delete_rows(ActionTick).where(ActionTick.assessment_id == record.assessment.id, ActionTick.action_id == action_id)
    db.session.execute(ticks)
    if done:
        db.session.add(ActionTick(assessment_id=record.assessment.id, action_id=action_id))
    db.session.commit()


def stop_change_mails(record: Record) -> None:
    """The business no longer wants e-mails about changes of its plan (committed)."""
    if record.contact is not None and record.contact.notify_plan_changes:
        record.contact.notify_plan_changes = False
        db.session.commit()


def renew_keys(public_id: str, chamber_id: int) -> ResumeKeys:
    """New link and code; the old ones stop working."""
    assessment = find(public_id, chamber_id).assessment
    keys, columns = _new_keys()
    for name, value in columns.items():
        setattr(assessment, name, value)
    db.session.commit()
    return keys


def _resume(column: Any, digest: str, chamber_id: int) -> str | None:
    found = db.session.execute(
        select(Assessment.public_id, Assessment.resume_token_expires_at).where(column == digest, Assessment.chamber_id == chamber_id)
    ).first()
    if found is None or found.resume_token_expires_at is None:
        return None
    expires = found.resume_token_expires_at
    if expires.tzinfo is None:  # SQLite hands back naive UTC datetimes
        expires = expires.replace(tzinfo=utcnow().tzinfo)
    return found.public_id if expires >= utcnow() else None


def resume_by_token(token: str, chamber_id: int) -> str | None:
    """The public id the link opens, if it is valid and not expired."""
    return _resume(Assessment.resume_token_hash, token_hash(token), chamber_id)


def resume_by_code(code: str, chamber_id: int) -> str | None:
    if len(normalize_code(code)) != CODE_LENGTH:
        return None
    return _resume(Assessment.resume_code_hash, code_hash(code), chamber_id)


def delete(public_id: str, chamber_id: int) -> None:
    """Remove the questionnaire, its contact details, cached PDFs and sent e-mails for good."""
    from app.pdf.services import pdf_cache_dir, purge_cached_pdfs  # noqa: PLC0415  (WeasyPrint loads lazily)

    record = find(public_id, chamber_id)
    if record.contact is not None:
        db.session.delete(record.contact)
        db.session.flush()  # before its questionnaire: the two models know nothing of each other
    db.session.delete(record.assessment)
    db.session.commit()
    purge_cached_pdfs(pdf_cache_dir(), public_id)
    forget_outbox_messages(current_app.config.get("MAIL_OUTBOX_DIR"), public_id)
