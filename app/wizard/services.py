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
from functools import cache
from typing import Any

from flask import current_app
from sqlalchemy import Update, bindparam, delete, insert, select, update

from app.answers.validation import Problem, validate_answers
from app.assessments.models import Assessment, Contact, new_public_id
from app.assessments.retention import forget_outbox_messages
from app.clock import utcnow
from app.extensions import db
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
    # The columns this state was read from: a save later in the same request
    # starts from them instead of reading the row again.
    columns: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    state: AssessmentState | None
    stale: bool = False
    problems: tuple[Problem, ...] = ()
    removed_steps: tuple[str, ...] = ()
    removed_home_market: bool = False
    reopened: bool = False


class AssessmentNotFound(LookupError):
    """No such assessment in this chamber (never existed, or deleted)."""


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


def _resume_period() -> timedelta:
    return timedelta(days=int(current_app.config.get("WIZARD_RESUME_DAYS", 30)))


def _details(row: Any) -> dict[str, str]:
    """The contact details of a row read with `_STATE_COLUMNS`, those given."""
    return {name: row[name] for name in CONTACT_FIELDS if row[name]}


def _state(row: Any, details: dict[str, str], *, keep_columns: bool = False) -> AssessmentState:
    """The state of an assessment from its columns (a row mapping or a dict);
    `keep_columns` for a row as read, which a save may start from."""
    expires, completed = row["resume_token_expires_at"], row["completed_at"]
    return AssessmentState(
        row["public_id"], dict(row["answers"] or {}), details, row["version"], row["status"], row["current_step"],
        row["locale"], completed.date() if completed else None, expires.date() if expires else None,
        row if keep_columns else None,
    )


_assessments = Assessment.__table__
_contacts = Contact.__table__
# Everything a page or a save reads, in one query with plain columns (no ORM
# objects to build: a page is shown far more often than it is saved).
_STATE_COLUMNS = select(
    _assessments.c.id, _assessments.c.chamber_id, _assessments.c.public_id, _assessments.c.answers, _assessments.c.version,
    _assessments.c.status, _assessments.c.current_step, _assessments.c.locale, _assessments.c.completed_at,
    _assessments.c.resume_token_expires_at, _contacts.c.id.label("contact_id"),
    _assessments.c.resume_token_hash, _assessments.c.resume_code_hash,  # which resume keys still work
    *(_contacts.c[name] for name in CONTACT_FIELDS),
).select_from(_assessments.outerjoin(_contacts, _contacts.c.assessment_id == _assessments.c.id)).where(
    _assessments.c.public_id == bindparam("public_id"), _assessments.c.chamber_id == bindparam("chamber_id")
)


def _read(public_id: str, chamber_id: int) -> Any:
    """The assessment's columns and its contact's (None where it has none), as a mapping."""
    row = db.session.connection().execute(_STATE_COLUMNS, {"public_id": public_id, "chamber_id": chamber_id}).first()
    if row is None:
        raise AssessmentNotFound(public_id)
    return row._mapping


def _new_keys() -> tuple[ResumeKeys, dict[str, Any]]:
    """Fresh resume keys, and the columns that store their hashes."""
    token = secrets.token_urlsafe(32)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    columns = {
        "resume_token_hash": token_hash(token),
        "resume_code_hash": code_hash(code),
        "resume_token_expires_at": utcnow() + _resume_period(),
    }
    return ResumeKeys(token, code), columns


def start_assessment(chamber_id: int, locale: str) -> tuple[str, ResumeKeys]:
    """Create an empty questionnaire; its public id and its resume keys."""
    public_id = new_public_id()
    keys, columns = _new_keys()
    db.session.connection().execute(insert(_assessments).values(
        public_id=public_id, chamber_id=chamber_id, locale=locale, answers={"schema_version": 1}, status="draft",
        **columns,
    ))
    db.session.commit()
    return public_id, keys


def _columns_of(loaded: AssessmentState | None, public_id: str, chamber_id: int) -> Any:
    if loaded is not None and loaded.columns is not None:
        columns = loaded.columns
        if (columns["public_id"], columns["chamber_id"]) == (public_id, chamber_id):
            return columns
    return _read(public_id, chamber_id)


def load_assessment(public_id: str, chamber_id: int) -> AssessmentState:
    row = _read(public_id, chamber_id)
    return _state(row, _details(row), keep_columns=True)


def exists_elsewhere(public_id: str, chamber_id: int) -> bool:
    """Whether the questionnaire exists under another chamber than `chamber_id`."""
    found = db.session.connection().execute(
        select(_assessments.c.id).where(_assessments.c.public_id == public_id, _assessments.c.chamber_id != chamber_id)
    ).first()
    return found is not None


def renew_resume_keys(public_id: str, chamber_id: int) -> ResumeKeys:
    """New link and code (the old ones stop working): for a device that has neither."""
    row = _read(public_id, chamber_id)
    keys, columns = _new_keys()
    db.session.connection().execute(
        update(_assessments).where(_assessments.c.id == row["id"]).values(version=_assessments.c.version + 1, **columns)
    )
    db.session.commit()
    return keys


def _resume(column: Any, digest: str, chamber_id: int) -> str | None:
    found = db.session.connection().execute(
        select(_assessments.c.public_id, _assessments.c.resume_token_expires_at).where(
            column == digest, _assessments.c.chamber_id == chamber_id
        )
    ).first()
    if found is None or found.resume_token_expires_at is None:
        return None
    expires = found.resume_token_expires_at
    if expires.tzinfo is None:  # SQLite hands back naive UTC datetimes
        expires = expires.replace(tzinfo=utcnow().tzinfo)
    if expires < utcnow():
        return None
    return found.public_id


def resume_by_token(token: str, chamber_id: int) -> str | None:
    """The public id the link opens, if it is valid and not expired."""
    return _resume(_assessments.c.resume_token_hash, token_hash(token), chamber_id)


def resume_by_code(code: str, chamber_id: int) -> str | None:
    if len(normalize_code(code)) != CODE_LENGTH:
        return None
    return _resume(_assessments.c.resume_code_hash, code_hash(code), chamber_id)


def _write_contact(row: Any, values: dict[str, Any]) -> dict[str, str]:
    """Store the contact step's values (a row only while some are given); the details now."""
    fields = {name: values.get(f"contact.{name}") or None for name in CONTACT_FIELDS}
    connection = db.session.connection()
    if not any(fields.values()):
        if row["contact_id"] is not None:
            connection.execute(delete(_contacts).where(_contacts.c.id == row["contact_id"]))
    elif row["contact_id"] is None:
        connection.execute(insert(_contacts).values(assessment_id=row["id"], **fields))
    else:
        connection.execute(update(_contacts).where(_contacts.c.id == row["contact_id"]).values(**fields))
    return {name: value for name, value in fields.items() if value}


def save_step(
    book: StepBook, public_id: str, chamber_id: int, step_id: str, values: dict[str, Any],
    expected_version: int | None, locale: str, loaded: AssessmentState | None = None,
) -> SaveResult:
    """Merge one step's answers (path → value, None to clear) and commit.

    Refused, with nothing written, when the page was rendered from an older
    version (`stale`) or when the result would not be a valid partial document.
    `loaded`: this questionnaire as the request already read it; the save starts
    from it (a save made since by another request is still refused, by the
    version check of the UPDATE itself).
    """
    row = _columns_of(loaded, public_id, chamber_id)
    details = _details(row)
    if expected_version is None:
        return SaveResult(False, _state(row, details), stale=True)
    if expected_version != row["version"]:
        return _refused_as_stale(book, step_id, values, row)
    answers, removed_steps, removed_market = _merged_answers(book, step_id, values, row["answers"])
    problems = validate_answers(answers, locale, partial=True)
    if problems:
        return SaveResult(False, _state(row, details), problems=tuple(problems))
    writes_contact = any(path.startswith("contact.") for path in values)
    if writes_contact:
        details = _sent_details(values)
    following = first_open_step(book, answers, details)
    consent = answers.get("consent", {})
    changes = {
        "answers": answers,
        "locale": locale,
        "status": "draft",
        "completed_at": None,
        "consent_aggregate_stats": consent.get("aggregate_stats") is True,
        "consent_share_with_host": consent.get("share_with_host") is True,
        "current_step": following.id if following else "review",
        "resume_token_expires_at": utcnow() + _resume_period(),
    }
    outcome = {"removed_steps": tuple(removed_steps), "removed_home_market": removed_market,
               "reopened": row["status"] == "completed"}
    result = _write(row, changes, details, lambda: _write_contact(row, values) if writes_contact else None, **outcome)
    if result.stale:
        return _refused_as_stale(book, step_id, values, result.state.columns)
    return result


def _merged_answers(
    book: StepBook, step_id: str, values: dict[str, Any], stored: dict[str, Any] | None,
) -> tuple[dict[str, Any], list[str], bool]:
    """The stored answers with one step's values: pruned, without the home market
    (profile step); the steps emptied; whether the home market was dropped."""
    answers = copy.deepcopy(stored or {})  # never mutate the loaded value in place
    answers["schema_version"] = 1
    for path, value in values.items():
        if not path.startswith("contact."):
            set_path(answers, path, value)
    removed_market = drop_home_market(answers) if step_id == "profile" else False
    answers, removed_steps = prune(book, answers)
    return answers, removed_steps, removed_market


def _sent_details(values: dict[str, Any]) -> dict[str, str]:
    return {k: values[f"contact.{k}"] for k in CONTACT_FIELDS if values.get(f"contact.{k}")}


def _refused_as_stale(book: StepBook, step_id: str, values: dict[str, Any], row: Any) -> SaveResult:
    """A save made from an older version of the page, against the `row` as it is now.

    When it would change nothing (the same page sent twice, a double tap: the
    first one won), it counts as saved, with nothing written; otherwise it is
    refused as `stale`, with the answers as they are now.
    """
    details = _details(row)
    state = _state(row, details, keep_columns=True)
    answers, _, _ = _merged_answers(book, step_id, values, row["answers"])
    unchanged = answers == state.answers and (
        not any(path.startswith("contact.") for path in values) or _sent_details(values) == details
    )
    return SaveResult(True, state) if unchanged else SaveResult(False, state, stale=True)


@cache
def _update_if_version(columns: tuple[str, ...]) -> Update:
    """UPDATE of `columns` where the row still has the version read (built once per column set)."""
    return (
        update(_assessments)
        .where(_assessments.c.id == bindparam("row_id"), _assessments.c.version == bindparam("read_version"))
        .values({name: bindparam(f"new_{name}") for name in columns})
    )


def _write(row: Any, changes: dict[str, Any], details: dict[str, str], then: Any = None, **outcome: Any) -> SaveResult:
    """Update the assessment only if it still has the version read, then commit.

    Another request that saved in between (a second tab) leaves no row at
    that version: nothing is written and the result is `stale`, with the
    answers as they are now. The version check is the UPDATE's own WHERE, so
    it holds between processes and on both databases.
    """
    version = row["version"] + 1
    values = {**changes, "version": version}
    written = db.session.connection().execute(
        _update_if_version(tuple(values)),
        {"row_id": row["id"], "read_version": row["version"], **{f"new_{name}": value for name, value in values.items()}},
    )
    if written.rowcount != 1:
        db.session.rollback()
        fresh = _read(row["public_id"], row["chamber_id"])
        return SaveResult(False, _state(fresh, _details(fresh), keep_columns=True), stale=True)
    if then is not None:
        then()
    db.session.commit()
    return SaveResult(True, _state({**row, **values}, details), **outcome)


def complete_assessment(public_id: str, chamber_id: int, expected_version: int | None, locale: str, rules_version: str | None) -> SaveResult:
    """Validate the whole document and mark the questionnaire completed."""
    row = _read(public_id, chamber_id)
    details = _details(row)
    if row["status"] == "completed" and expected_version == row["version"] - 1:
        # The one change since the page was shown was this completion itself
        # (a double-clicked submit, or the same answers submitted in another tab).
        return SaveResult(True, _state(row, details))
    if expected_version is None or expected_version != row["version"]:
        return SaveResult(False, _state(row, details), stale=True)
    problems = validate_answers(row["answers"], locale)
    if problems:
        return SaveResult(False, _state(row, details), problems=tuple(problems))
    if row["status"] == "completed":
        return SaveResult(True, _state(row, details))
    changes = {"status": "completed", "completed_at": utcnow(), "rules_version": rules_version, "current_step": "results"}
    return _write(row, changes, details)


def delete_assessment(public_id: str, chamber_id: int) -> None:
    """Remove the questionnaire, its contact details and its cached PDFs for good."""
    from app.pdf.services import pdf_cache_dir, purge_cached_pdfs  # noqa: PLC0415  (WeasyPrint loads lazily)

    row = _read(public_id, chamber_id)
    connection = db.session.connection()
    connection.execute(delete(_contacts).where(_contacts.c.assessment_id == row["id"]))
    connection.execute(delete(_assessments).where(_assessments.c.id == row["id"]))
    db.session.commit()
    purge_cached_pdfs(pdf_cache_dir(), public_id)
    forget_outbox_messages(current_app.config.get("MAIL_OUTBOX_DIR"), public_id)
