"""A step shown before anything is submitted (GET, or the answers saved by
another window) renders from `StoredAnswers`, not from a WTForms form: the
questions' HTML must be exactly what the WTForms form of the same values
renders, for every step, every example business, every language."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, g

from app.wizard import current_steps
from app.wizard.fields import render_questions
from app.wizard.forms import StoredAnswers, build_form, initial_data
from tests.fixtures import EXAMPLE_NAMES, example_answers

CONTACT = {"business_name": "Érable & Fils <Ltée>", "email": "owner@example.com"}
CASES = [(name, CONTACT) for name in EXAMPLE_NAMES] + [(None, {})]  # None: nothing answered yet


def _answers(name: str | None) -> dict[str, Any]:
    return example_answers(name) if name else {}


@pytest.mark.parametrize("lang", ["en", "es", "fr"])
@pytest.mark.parametrize(("name", "contact"), CASES)
@pytest.mark.parametrize("done", [True, False])
def test_stored_answers_render_as_the_wtforms_form_of_the_same_values(
    app: Flask, name: str | None, contact: dict[str, str], lang: str, done: bool
) -> None:
    answers = _answers(name)
    with app.test_request_context(f"/demo/{lang}/"):
        g.lang = lang
        for step in current_steps().steps:
            data = {**initial_data(step, answers, contact, done), "version": 7}
            stored = StoredAnswers(data)
            form = build_form(step, step.questions, data=data)
            assert render_questions(step.questions, stored, lang) == render_questions(step.questions, form, lang), step.id
            assert stored.version.data == form.version.data == 7


def test_the_examples_show_their_answers(app: Flask) -> None:
    """The comparison above is not between two empty pages."""
    with app.test_request_context("/demo/en/"):
        g.lang = "en"
        book = current_steps()
        shown = 0
        for name in EXAMPLE_NAMES:
            for step in book.steps:
                html = "".join(render_questions(step.questions, StoredAnswers(initial_data(step, example_answers(name), CONTACT, True)), "en"))
                shown += html.count(" checked") + html.count(" selected>")
        assert shown > 10 * len(EXAMPLE_NAMES)


def test_a_value_not_stored_shows_empty() -> None:
    stored = StoredAnswers({"profile-country": "CA"})
    assert stored["profile-country"].data == "CA"
    assert stored["profile-region"].data is None
    assert stored["profile-region"].errors == ()
    assert stored.version.data is None
