"""The wizard's changes to a questionnaire: merging a step's answers, completing.

Plain values in and out; the rows are read and written by
`app.assessments.services` (the ORM, with its version check). Every save is
committed before the caller shows the next page, checks the version the page
was rendered with (a second tab never silently overwrites the first), prunes
answers the branching no longer asks, and keeps the stored answers a valid
partial document of the contract.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import date
from typing import Any

from app.answers.validation import Problem, validate_answers
from app.assessments import services as store
from app.clock import utcnow
from app.wizard.branching import drop_excluded, first_open_step, prune, set_path
from app.wizard.steps import StepBook


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
    # The row this state was read from: a save later in the same request
    # starts from it instead of reading it again, and the resume keys'
    # hashes are checked against it.
    record: store.Record | None = None


@dataclass(frozen=True)
class SaveResult:
    saved: bool
    state: AssessmentState | None
    stale: bool = False
    problems: tuple[Problem, ...] = ()
    removed_steps: tuple[str, ...] = ()
    removed_home_market: bool = False
    reopened: bool = False


def _state(record: store.Record) -> AssessmentState:
    row = record.assessment
    expires, completed = row.resume_token_expires_at, row.completed_at
    return AssessmentState(
        row.public_id, dict(row.answers or {}), record.details, row.version, row.status, row.current_step,
        row.locale, completed.date() if completed else None, expires.date() if expires else None, record,
    )


def load_assessment(public_id: str, chamber_id: int) -> AssessmentState:
    return _state(store.find(public_id, chamber_id))


def _record_of(loaded: AssessmentState | None, public_id: str, chamber_id: int) -> store.Record:
    if loaded is not None and loaded.record is not None:
        row = loaded.record.assessment
        if (row.public_id, row.chamber_id) == (public_id, chamber_id):
            return loaded.record
    return store.find(public_id, chamber_id)


def save_step(
    book: StepBook, public_id: str, chamber_id: int, values: dict[str, Any],
    expected_version: int | None, locale: str, loaded: AssessmentState | None = None,
) -> SaveResult:
    """Merge one step's answers (path → value, None to clear) and commit.

    Refused, with nothing written, when the page was rendered from an older
    version (`stale`) or when the result would not be a valid partial document.
    `loaded`: this questionnaire as the request already read it.
    """
    record = _record_of(loaded, public_id, chamber_id)
    row = record.assessment
    if expected_version is None:
        return SaveResult(False, _state(record), stale=True)
    if expected_version != row.version:
        return _refused_as_stale(book, values, record)
    answers, removed_steps, removed_market = _merged_answers(book, values, row.answers)
    problems = validate_answers(answers, locale, partial=True)
    if problems:
        return SaveResult(False, _state(record), problems=tuple(problems))
    writes_contact = any(path.startswith("contact.") for path in values)
    details = _sent_details(values) if writes_contact else record.details
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
        "resume_token_expires_at": utcnow() + store.resume_period(),
    }
    reopened = row.status == "completed"
    written = store.write(record, expected_version, changes, details if writes_contact else None)
    if written is None:
        return _refused_as_stale(book, values, store.find(public_id, chamber_id))
    return SaveResult(True, _state(written), removed_steps=tuple(removed_steps), removed_home_market=removed_market,
                      reopened=reopened)


def _merged_answers(
    book: StepBook, values: dict[str, Any], stored: dict[str, Any] | None,
) -> tuple[dict[str, Any], list[str], bool]:
    """The stored answers with one step's values: pruned, without a value a list
    now excludes (the new home country among target markets); the steps
    emptied; whether such a value was dropped."""
    answers = copy.deepcopy(stored or {})  # never mutate the loaded value in place
    answers["schema_version"] = 1
    for path, value in values.items():
        if not path.startswith("contact."):
            set_path(answers, path, value)
    removed_market = drop_excluded(book, answers, values)
    answers, removed_steps = prune(book, answers)
    return answers, removed_steps, removed_market


def _sent_details(values: dict[str, Any]) -> dict[str, str]:
    return {k: values[f"contact.{k}"] for k in store.CONTACT_FIELDS if values.get(f"contact.{k}")}


def _refused_as_stale(book: StepBook, values: dict[str, Any], record: store.Record) -> SaveResult:
    """A save made from an older version of the page, against the `record` as it is now.

    When it would change nothing (the same page sent twice, a double tap: the
    first one won), it counts as saved, with nothing written; otherwise it is
    refused as `stale`, with the answers as they are now.
    """
    state = _state(record)
    answers, _, _ = _merged_answers(book, values, record.assessment.answers)
    unchanged = answers == state.answers and (
        not any(path.startswith("contact.") for path in values) or _sent_details(values) == state.contact
    )
    return SaveResult(True, state) if unchanged else SaveResult(False, state, stale=True)


def complete_assessment(public_id: str, chamber_id: int, expected_version: int | None, locale: str, rules_version: str | None) -> SaveResult:
    """Validate the whole document and mark the questionnaire completed."""
    record = store.find(public_id, chamber_id)
    row = record.assessment
    if row.status == "completed" and expected_version == row.version - 1:
        # The one change since the page was shown was this completion itself
        # (a double-clicked submit, or the same answers submitted in another tab).
        return SaveResult(True, _state(record))
    if expected_version is None or expected_version != row.version:
        return SaveResult(False, _state(record), stale=True)
    problems = validate_answers(row.answers, locale)
    if problems:
        return SaveResult(False, _state(record), problems=tuple(problems))
    if row.status == "completed":
        return SaveResult(True, _state(record))
    changes = {"status": "completed", "completed_at": utcnow(), "rules_version": rules_version, "current_step": "results"}
    written = store.write(record, expected_version, changes)
    if written is None:
        return SaveResult(False, _state(store.find(public_id, chamber_id)), stale=True)
    return SaveResult(True, _state(written))
