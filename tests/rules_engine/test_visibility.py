"""The branching in rules/visibility.yaml covers the contract's x-shown-when marks."""

from __future__ import annotations

from app.rules_engine import DEFAULT_ROOT
from app.rules_engine.names import shown_when_paths
from app.rules_engine.yamlfile import read_yaml


def test_every_x_shown_when_of_the_schema_has_a_visibility_condition():
    visibility = read_yaml(DEFAULT_ROOT / "visibility.yaml", "visibility.yaml")["visibility"]
    assert set(visibility) == set(shown_when_paths())
