"""Babel extractor for `rules/steps/*.yaml`: every question text, with a
stable context, so a changed English text marks its translations fuzzy.

Contexts (the wizard translates with the same ones, see presenters/forms):
`step.<step>|title`, `step.<step>|description`, `question.<id>|label`,
`question.<id>|hint`, `question.<id>.<value>` (a choice), `question.<id>.<value>|hint`,
`question.<id>.group.<key>`, `list.<list>.<value>`, `list.<list>.group.<key>`. Choices read from a
table use the table's own contexts, extracted by the rules extractor.

Registered in babel.cfg as `steps = app.wizard.extract:extract_steps`, before
the rules extractor so that it, not that one, reads `rules/steps/`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import yaml

from app.rules_engine.yamlfile import Located, _StrictLoader

Message = tuple[int, str, tuple[str, str], list[str]]


def _message(line: int, context: str, text: Any) -> Iterator[Message]:
    if isinstance(text, str) and text.strip():
        yield line, "pgettext", (context, " ".join(text.split())), []


def _choices(prefix: str, choices: Any) -> Iterator[Message]:
    for choice in choices or ():
        if isinstance(choice, Located):
            value = choice.get("value")
            yield from _message(choice.line_of("label"), f"{prefix}.{value}", choice.get("label"))
            yield from _message(choice.line_of("hint"), f"{prefix}.{value}|hint", choice.get("hint"))


def _step(doc: Located) -> Iterator[Message]:
    step = doc["step"]
    yield from _message(doc.line_of("title"), f"step.{step}|title", doc.get("title"))
    yield from _message(doc.line_of("description"), f"step.{step}|description", doc.get("description"))
    for question in doc.get("questions") or ():
        qid = question.get("id")
        yield from _message(question.line_of("label"), f"question.{qid}|label", question.get("label"))
        yield from _message(question.line_of("hint"), f"question.{qid}|hint", question.get("hint"))
        yield from _choices(f"question.{qid}", question.get("choices"))
        groups = question.get("groups")
        if isinstance(groups, Located):
            for key, text in groups.items():
                yield from _message(groups.line_of(key), f"question.{qid}.group.{key}", text)


def _lists(doc: Located) -> Iterator[Message]:
    for name, spec in doc["lists"].items():
        if isinstance(spec, Located) and spec.get("proper_names") is not True:
            yield from _choices(f"list.{name}", spec.get("choices"))
            groups = spec.get("groups")
            if isinstance(groups, Located):
                for key, text in groups.items():
                    yield from _message(groups.line_of(key), f"list.{name}.group.{key}", text)


def extract_steps(fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any) -> Iterator[Message]:
    """Babel extraction method for the wizard's step files."""
    loader = _StrictLoader(fileobj.read().decode("utf-8"))
    loader.name = str(getattr(fileobj, "name", ""))
    try:
        doc = loader.get_single_data()
    except yaml.YAMLError:
        return  # the step loader reports the broken file at start-up
    finally:
        loader.dispose()
    if isinstance(doc, Located) and "step" in doc:
        yield from _step(doc)
    elif isinstance(doc, Located) and "lists" in doc:
        yield from _lists(doc)
