"""The project's answers schema is the reference now, and it keeps the contract.

contracts.md §1: the project's copy may gain keys, always optional, and never
removes or narrows one, so every document valid under the first, shared
version stays valid. These tests read ../shared/spec only to check that;
without it they skip, except under CI, where they fail.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from app.answers.validation import answers_schema, validate_answers
from tests.conftest import skip_or_fail

ROOT = Path(__file__).resolve().parents[2]
SHARED_SPEC = ROOT.parent / "shared" / "spec"
SHARED_EXAMPLES = sorted((SHARED_SPEC / "examples").glob("*.json")) if SHARED_SPEC.is_dir() else []


def _shared(name: str) -> Any:
    if not SHARED_SPEC.is_dir():
        skip_or_fail(f"{SHARED_SPEC} is absent: cannot check the contract")
    return json.loads((SHARED_SPEC / name).read_text(encoding="utf-8"))


def test_the_shared_examples_are_there_to_check():
    if not SHARED_SPEC.is_dir():
        skip_or_fail(f"{SHARED_SPEC} is absent: cannot check the contract")
    assert len(SHARED_EXAMPLES) >= 3


@pytest.mark.parametrize("path", SHARED_EXAMPLES, ids=[p.name for p in SHARED_EXAMPLES])
def test_every_shared_example_is_still_valid_under_our_schema(path):
    document = json.loads(path.read_text(encoding="utf-8"))
    assert validate_answers(document) == []


def _walk(node: Any, where: str = "") -> dict[str, Any]:
    """Every property path of a schema, with its node."""
    found: dict[str, Any] = {}
    for key, child in node.get("properties", {}).items():
        path = f"{where}.{key}" if where else key
        found[path] = child
        found |= _walk(child, path)
    return found


def test_our_schema_keeps_every_key_and_choice_of_the_shared_schema():
    shared, ours = _walk(_shared("answers.schema.json")), _walk(answers_schema())
    for path, node in shared.items():
        assert path in ours, f"{path} was removed from our schema"
        for enum_of in (lambda n: n.get("enum"), lambda n: n.get("items", {}).get("enum")):
            if enum_of(node):
                assert set(enum_of(node)) <= set(enum_of(ours[path])), f"{path} lost a choice"


def test_our_schema_requires_nothing_the_shared_schema_did_not():
    shared = {"": _shared("answers.schema.json")} | _walk(_shared("answers.schema.json"))
    ours = {"": answers_schema()} | _walk(answers_schema())
    for path, node in ours.items():
        if path in shared:
            added = set(node.get("required", [])) - set(shared[path].get("required", []))
            assert not added, f"{path or 'the document'} now requires {sorted(added)}"
