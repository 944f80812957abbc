"""Pytest plugin: every case of every `rules/**/*.test.yaml` is one test,
named by its sentence (OpenFisca's YamlFile/YamlItem pattern)."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from app.rules_engine.cases import Case, read_cases


class CaseFailure(Exception):
    """The plan did not match what the case expects."""


@cache
def _engine() -> Any:
    from app.i18n.catalogs import get_translations
    from app.rules_engine import Engine, load_rule_base

    return Engine(load_rule_base(), get_translations)


def _validate(document: object) -> list[str]:
    from app.answers.validation import validate_answers

    return [f"{p.path}: {p.message}" for p in validate_answers(document, "en")]


class RuleCasesFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        display = self.path.as_posix().split("/rules/", 1)[-1]
        for case in read_cases(self.path, display):
            yield RuleCaseItem.from_parent(self, name=case.name, case=case)


class RuleCaseItem(pytest.Item):
    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case

    def runtest(self) -> None:
        from app.rules_engine.check import run_case

        problems = run_case(_engine(), self.case, _validate)
        if problems:
            raise CaseFailure("\n".join(problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailure):
            return f"{self.case.file}:{self.case.line}: {self.case.name}\n{excinfo.value}"
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, f"case: {self.case.name}"


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.name.endswith(".test.yaml") and "rules" in file_path.parts:
        return RuleCasesFile.from_parent(parent, path=file_path)
    return None
