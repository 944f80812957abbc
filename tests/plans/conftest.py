"""A second version of the rule base: a temporary copy of rules/ with three
edits a reviewer could make, and the portal serving it on the test database.

- a parameter: a certification of origin now has 10 data elements, not 9
  (the title of `origin.certification.prepare` names the number);
- a priority: the Section 232 wood-products check becomes "Do next";
- a rule renamed: `financing.payment_terms.secure_new_buyers` is gone and
  `financing.payment_terms.protect_new_buyers` is new.

The engine is the real one, loading the copy through RULES_DIR.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from app import create_app
from app.extensions import db
from tests.conftest import config_for_tests

RULES = Path(__file__).resolve().parents[2] / "rules"
RENAMED = ("financing.payment_terms.secure_new_buyers", "financing.payment_terms.protect_new_buyers")
REPRIORITIZED = "origin.tariffs.us_232.check_wood_products"
REWORDED = "origin.certification.prepare"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{path}: expected {old!r} once"
    path.write_text(text.replace(old, new), encoding="utf-8")


def changed_copy(target: Path) -> Path:
    shutil.copytree(RULES, target)
    _edit(target / "parameters" / "origin.yaml",
          "description: The number of minimum data elements a certification of origin must carry\n"
          "    unit: count\n    values:\n      - from: 2020-07-01\n        value: 9\n",
          "description: The number of minimum data elements a certification of origin must carry\n"
          "    unit: count\n    values:\n      - from: 2020-07-01\n        value: 10\n")
    _edit(target / "origin" / "tariffs.yaml",
          f"  - id: {REPRIORITIZED}\n    when:\n      all:\n        - {{answer: profile.country, in: [CA, MX]}}\n"
          "        - {answer: export.markets, contains: US}\n"
          "        - {fact: tariff.us_232_to_check, contains_any: [us_232_upholstered_furniture, "
          "us_232_kitchen_cabinets_vanities]}\n    priority: high\n",
          f"  - id: {REPRIORITIZED}\n    when:\n      all:\n        - {{answer: profile.country, in: [CA, MX]}}\n"
          "        - {answer: export.markets, contains: US}\n"
          "        - {fact: tariff.us_232_to_check, contains_any: [us_232_upholstered_furniture, "
          "us_232_kitchen_cabinets_vanities]}\n    priority: medium\n")
    _edit(target / "financing" / "financing.yaml", f"  - id: {RENAMED[0]}\n", f"  - id: {RENAMED[1]}\n")
    return target


@pytest.fixture(scope="module")
def changed_app(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The portal after the rule base changed (same database, same keys)."""
    rules = changed_copy(tmp_path_factory.mktemp("rules") / "rules")
    application = create_app(config_for_tests(database_url, RULES_DIR=str(rules), PLAN_CHANGE_MAIL_PAUSE_SECONDS=0))
    yield application
    with application.app_context():
        db.engine.dispose()
