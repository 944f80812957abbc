"""Strict YAML reading for the rule base: line numbers kept, surprises refused.

Mappings come back as `Located` dicts that remember the line of each key, so
every later error can name the file and line. Duplicate keys, anchors,
aliases and explicit tags are errors: a reviewer must be able to read each
file top to bottom and see everything it says.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, ScalarNode


class RuleFileError(Exception):
    """A problem in a rules file, with where it is."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: {message}")


class Located(dict):
    """A mapping that remembers its own line and the line of each key."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class _StrictLoader(yaml.CSafeLoader if hasattr(yaml, "CSafeLoader") else yaml.SafeLoader):  # type: ignore[misc]
    """libyaml's parser (fast), our constructor (strict, with lines)."""

    def construct_located(self, node: MappingNode) -> Located:
        mapping = Located()
        mapping.line = node.start_mark.line + 1
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise RuleFileError(self.name, key_node.start_mark.line + 1, "keys must be plain text")
            key = self.construct_object(key_node, deep=True)
            key = str(key)
            if key in mapping:
                raise RuleFileError(self.name, key_node.start_mark.line + 1, f"duplicate key {key!r}")
            mapping[key] = self.construct_object(value_node, deep=True)
            mapping.key_lines[key] = key_node.start_mark.line + 1
        return mapping


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _StrictLoader.construct_located)

# YAML 1.2 booleans only: in YAML 1.1 `on`, `no`, `yes` and `off` are booleans,
# which would turn a case's `on:` date key or Norway's code into true/false.
_BOOL_TAG = "tag:yaml.org,2002:bool"
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != _BOOL_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictLoader.add_implicit_resolver(_BOOL_TAG, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def refuse_anchors_and_tags(text: str, display: str) -> None:
    """Anchors, aliases and explicit tags hide what a file says: refuse them."""
    for event in yaml.parse(text, Loader=_StrictLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            raise RuleFileError(display, line, "aliases are not allowed")
        if getattr(event, "anchor", None) is not None:
            raise RuleFileError(display, line, "anchors are not allowed")
        implicit = getattr(event, "implicit", True)
        explicit = not (implicit[0] or implicit[1]) if isinstance(implicit, tuple) else not implicit
        if getattr(event, "tag", None) is not None and explicit:
            raise RuleFileError(display, line, f"tags are not allowed: {event.tag}")


def read_yaml(path: Path, display: str) -> Any:
    """Parse one rules file strictly; errors name `display` (a path relative to rules/)."""
    text = path.read_text(encoding="utf-8")
    try:
        refuse_anchors_and_tags(text, display)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise RuleFileError(display, mark.line + 1 if mark else None, str(error.problem)) from None
    loader = _StrictLoader(text)
    loader.name = display
    try:
        return loader.get_single_data()
    except RuleFileError:
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        raise RuleFileError(display, mark.line + 1 if mark else None, str(error.problem)) from None
    finally:
        loader.dispose()


def line_at(document: Any, path: list[Any]) -> int | None:
    """The line of the deepest mapping key along `path` (a JSON-Schema error path)."""
    line = getattr(document, "line", None)
    node = document
    for step in path:
        if isinstance(node, Located) and step in node:
            line = node.line_of(step)
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and step < len(node):
            node = node[step]
            line = getattr(node, "line", line)
        else:
            break
    return line
