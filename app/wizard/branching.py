"""Which steps and questions a business sees, and pruning what it no longer sees.

Pure functions over plain answers documents and the `StepBook`. A step is
shown when its condition (and that of the step it is part of) is true; an
unknown condition hides it, so a step appears once the answers it depends on
are given. Pruning removes every answer the wizard would no longer ask, so a
changed answer never leaves stale answers behind.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import Any

from app.rules_engine.scope import get_path
from app.wizard.steps import AnswersScope, Question, Step, StepBook


def step_shown(book: StepBook, step: Step, answers: Mapping[str, Any]) -> bool:
    scope = AnswersScope(answers)
    while True:
        if step.shown_when is not None and step.shown_when.test(scope) is not True:
            return False
        if step.part_of is None:
            return True
        parent = book.step(step.part_of)
        if parent is None:
            return True
        step = parent


def question_shown(book: StepBook, question: Question, answers: Mapping[str, Any]) -> bool:
    step = book.step(question.step)
    if step is None or not step_shown(book, step, answers):
        return False
    return question.shown_when is None or question.shown_when.test(AnswersScope(answers)) is True


def asked_markets(question: Question, answers: Mapping[str, Any]) -> tuple[str, ...]:
    """The markets an amounts-by-market question asks for: those chosen in its
    `markets_from` answer (the business's target markets). Before that is
    answered, every market but its `excluding` answer's (the home country)."""
    targets = get_path(answers, question.markets_from) if question.markets_from else None
    if isinstance(targets, list):
        return tuple(m for m in question.markets if m in targets)
    excluded = get_path(answers, question.excluding) if question.excluding else None
    return tuple(m for m in question.markets if m != excluded)


def visible_steps(book: StepBook, answers: Mapping[str, Any]) -> list[Step]:
    return [step for step in book.steps if step_shown(book, step, answers)]


def is_answered(question: Question, answers: Mapping[str, Any], contact: Mapping[str, Any]) -> bool:
    if question.id.startswith("contact."):
        return bool(contact.get(question.id.split(".", 1)[1]))
    return get_path(answers, question.id) is not None


def step_done(book: StepBook, step: Step, answers: Mapping[str, Any], contact: Mapping[str, Any]) -> bool:
    """A step is done when each required question it shows has an answer.

    Every step has at least one required question (a test checks), so a
    step never submitted is never mistaken for a done one.
    """
    return all(
        is_answered(q, answers, contact)
        for q in step.questions
        if q.required and question_shown(book, q, answers)
    )


def first_open_step(book: StepBook, answers: Mapping[str, Any], contact: Mapping[str, Any]) -> Step | None:
    """The first step the business sees and has not finished; None: all done."""
    return next((s for s in visible_steps(book, answers) if not step_done(book, s, answers, contact)), None)


def set_path(document: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    node = document
    for part in parents:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value


def _drop_empty_sections(document: dict[str, Any]) -> None:
    for key in [k for k, v in document.items() if isinstance(v, dict)]:
        if not document[key]:
            del document[key]


def _drop_markets_not_asked(book: StepBook, document: dict[str, Any]) -> None:
    """An amount for a market no longer targeted (or the home country) is not
    kept, nor a question's amounts once none is left."""
    for question in book.questions.values():
        amounts = get_path(document, question.id)
        if question.type == "amounts_by_market" and isinstance(amounts, dict):
            asked = asked_markets(question, document)
            kept = {market: amount for market, amount in amounts.items() if market in asked}
            set_path(document, question.id, kept or None)


def prune(book: StepBook, answers: Mapping[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The answers without those of hidden questions, and the steps emptied.

    Repeats until nothing changes: removing one answer can hide another step.
    """
    document = copy.deepcopy(dict(answers))
    removed_steps: list[str] = []
    changed = True
    while changed:
        changed = False
        for question in book.questions.values():
            if question.id.startswith("contact."):
                continue
            if get_path(document, question.id) is not None and not question_shown(book, question, document):
                set_path(document, question.id, None)
                changed = True
                if question.step not in removed_steps and not question.shown_when:
                    removed_steps.append(question.step)
    _drop_markets_not_asked(book, document)
    _drop_empty_sections(document)
    return document, removed_steps


def drop_excluded(book: StepBook, answers: dict[str, Any], changed: Iterable[str]) -> bool:
    """When an answer a list of choices is `excluding` changes (the home
    country), remove its value from that list (the target markets); True if
    it was there. (Choosing it in the list itself is refused by the contract.)"""
    changed = set(changed)
    dropped = False
    for question in book.questions.values():
        if question.type != "multi_choice" or question.excluding not in changed:
            continue
        chosen, excluded = get_path(answers, question.id), get_path(answers, question.excluding)
        if isinstance(chosen, list) and excluded in chosen:
            set_path(answers, question.id, [v for v in chosen if v != excluded] or None)
            dropped = True
    return dropped
