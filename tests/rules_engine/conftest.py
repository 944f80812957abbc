"""The real rule base as an engine, its example cases, and small rule bases
written into a temporary folder for testing the engine apart from the real content."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from app.i18n.catalogs import get_translations
from app.rules_engine import DEFAULT_ROOT, Engine, load_rule_base
from app.rules_engine.check import iter_cases
from app.rules_engine.facts import FactDef
from app.rules_engine.model import RuleBase

MINIMAL_AREA = """
area: financing
applies_when: {answer: finance.needs, is_known: true}
resources:
  sba_export:
    name: U.S. Small Business Administration — Export
    country: US
    url: https://www.sba.gov/business-guide/grow-your-business/export-products
    urls: {es: https://www.sba.gov/es/guia-de-negocios}
    names: {es: Agencia Federal de Pequeños Negocios — Guía de negocios}
score_items:
  - id: financing.score.bank
    points: 1
    when: {answer: finance.has_bank_relationship, is_true: true}
rules:
  - id: financing.bank.open
    when: {answer: finance.has_bank_relationship, is_false: true}
    priority: high
    due_in_days: 30
    title: Open a business bank relationship
    detail: Lenders ask for one.
    citations: [USMCA Art. 25.4]
    resources: [sba_export]
"""


# Every example case of the rule base (`*.test.yaml`), for tests over all of them.
EXAMPLE_CASES = list(iter_cases(DEFAULT_ROOT))


@pytest.fixture(scope="session")
def engine() -> Engine:
    """The real rule base with the real catalogs."""
    return Engine(load_rule_base(), get_translations)


def _fact(name: str, function: Callable, inputs: tuple[str, ...] = (), params: tuple[str, ...] = ()) -> FactDef:
    return FactDef(name, inputs, params, (), function, "")


@pytest.fixture
def rule_dir(tmp_path: Path) -> Callable[..., Path]:
    """Write a rule base: `files` maps a path under rules/ to its YAML text."""

    def write(files: Mapping[str, str]) -> Path:
        root = tmp_path / f"rules{len(list(tmp_path.iterdir()))}"
        root.mkdir()
        shutil.copy(DEFAULT_ROOT / "CHANGELOG.md", root / "CHANGELOG.md")
        shutil.copy(DEFAULT_ROOT / "visibility.yaml", root / "visibility.yaml")
        for name, text in files.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
        return root

    return write


@pytest.fixture
def load(rule_dir: Callable[..., Path]) -> Callable[..., RuleBase]:
    def build(files: Mapping[str, str], facts: Mapping[str, FactDef] | None = None) -> RuleBase:
        return load_rule_base(rule_dir(files), facts=facts or {})

    return build


make_fact = _fact
