"""Babel extractor for `rules/**.yaml`: every English text, with its stable
id as the message context, so a changed source text turns its translations
fuzzy instead of leaving them silently stale. Citations are proper names, never
translated (contracts.md §2): they are not extracted.

Registered in babel.cfg as `rules = app.rules_engine.extract:extract_rules`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

import yaml

from app.rules_engine.yamlfile import Located, _StrictLoader

Message = tuple[int, str, tuple[str, str], list[str]]


def _message(line: int, context: str, text: Any, note: Any = None) -> Iterator[Message]:
    if isinstance(text, str) and text.strip():
        yield line, "pgettext", (context, text.strip()), ["Translators: " + " ".join(note.split())] if isinstance(note, str) else []


def _parameters(doc: Located) -> Iterator[Message]:
    for name, spec in doc["parameters"].items():
        yield from _message(spec.line_of("description"), f"param.{name}", spec.get("description"))


def _table(doc: Located) -> Iterator[Message]:
    name = doc["table"]
    yield from _message(doc.line_of("description"), f"table.{name}", doc.get("description"))
    text_columns = {c: spec.get("translators") for c, spec in doc["columns"].items() if spec.get("type") == "text"}
    for row in doc["rows"]:
        for column, note in text_columns.items():
            key = row.get(doc["key"])
            yield from _message(row.line_of(column), f"{name}.{key}.{column}", row.get(column), note)


def _area(doc: Located) -> Iterator[Message]:
    yield from _message(doc.line_of("description"), f"area.{doc['area']}", doc.get("description"))
    for item in doc.get("score_items") or ():
        yield from _message(item.line_of("description"), f"{item['id']}|description", item.get("description"))
    for rule in doc.get("rules") or ():
        yield from _message(rule.line_of("title"), f"{rule['id']}|title", rule.get("title"))
        yield from _message(rule.line_of("detail"), f"{rule['id']}|detail", rule.get("detail"))


def extract_rules(fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any) -> Iterator[Message]:
    """Babel extraction method; test cases (`*.test.yaml`) hold no texts."""
    name = getattr(fileobj, "name", "")
    if str(name).endswith(".test.yaml"):
        return
    loader = _StrictLoader(fileobj.read().decode("utf-8"))
    loader.name = str(name)
    try:
        doc = loader.get_single_data()
    except yaml.YAMLError:
        return  # `rules check` reports the broken file; extraction carries on
    finally:
        loader.dispose()
    if not isinstance(doc, Located):
        return
    if "parameters" in doc:
        yield from _parameters(doc)
    elif "table" in doc:
        yield from _table(doc)
    elif "area" in doc:
        yield from _area(doc)
