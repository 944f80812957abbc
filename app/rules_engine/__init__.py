"""The rules engine: pure, typed Python that turns answers into an action plan.

No Flask and no database here (a test enforces it). The content lives in
`rules/` as data; `load_rule_base` reads it once, `Engine.evaluate` applies it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from types import MappingProxyType
from typing import Any

from app.rules_engine.evaluate import evaluate
from app.rules_engine.loader import DEFAULT_ROOT, RuleBaseError, load_rule_base
from app.rules_engine.model import RuleBase
from app.rules_engine.plan import Action, Plan
from app.rules_engine.sources import foreign_languages
from app.rules_engine.texts import LOCALES, Catalog, Texts


class Engine:
    """A loaded rule base plus the catalogs its texts are translated with."""

    def __init__(self, base: RuleBase, catalogs: Callable[[str], Catalog]) -> None:
        self.base = base
        self._catalogs = catalogs
        self._texts: dict[str, Texts] = {}
        self._languages: dict[str, Mapping[str, str]] = {}

    @property
    def version(self) -> str:
        return self.base.version

    def evaluate(self, answers: Mapping[str, Any], locale: str, on: date) -> Plan:
        if locale not in LOCALES:
            raise ValueError(f"unsupported locale {locale!r}")
        texts = self._texts.get(locale)
        if texts is None:
            texts = self._texts[locale] = Texts(self.base, locale, self._catalogs(locale))
        return evaluate(self.base, answers, locale, on, texts)

    def languages(self, locale: str) -> Mapping[str, str]:
        """Links (by URL) and official names a plan in `locale` may show in
        another language, with that language (see `sources.foreign_languages`)."""
        found = self._languages.get(locale)
        if found is None:
            found = self._languages[locale] = MappingProxyType(foreign_languages(self.base, locale))
        return found


__all__ = ["DEFAULT_ROOT", "Action", "Engine", "Plan", "RuleBase", "RuleBaseError", "load_rule_base"]
