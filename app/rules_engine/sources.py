"""Citations and official resources: read from the area files, and shown in
a plan.

The plan contract (shared/spec/contracts.md §2) keeps citations and resource
names as they are in every language: they are proper names. A citation is a
text, or a law's official names (`{fr: Loi sur …, en: Act respecting …}`):
a plan cites it by its original name, the first. A resource links to its page
in the plan's language where one exists, otherwise to the page in its own
language; `foreign_languages` tells the results page and the PDF what to mark
with `lang`/`hreflang` on a page in another language.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from app.rules_engine.model import Citation, CountryCitation, OfficialName, Resource, RuleBase
from app.rules_engine.yamlfile import Located, RuleFileError


def load_resources(doc: Located, display: str) -> dict[str, Resource]:
    resources = doc.get("resources") or {}
    found = {}
    for rid, spec in resources.items():
        line = resources.line_of(rid)
        lang, urls, names = spec.get("lang", "en"), dict(spec.get("urls") or {}), dict(spec.get("names") or {})
        if lang in urls or lang in names:
            raise RuleFileError(display, line, f"resource {rid!r}: its {lang!r} page is `url` and its title `name`")
        if set(urls) != set(names):
            raise RuleFileError(
                display, line, f"resource {rid!r}: a page in another language needs its title in that language "
                f"(urls: {sorted(urls)}, names: {sorted(names)})",
            )
        found[rid] = Resource(
            id=rid, name=spec["name"], country=spec["country"], url=spec["url"], urls=MappingProxyType(urls),
            source=f"{display}:{line}", lang=lang, names=MappingProxyType(names),
        )
    return found


def _load_citation(raw: Any) -> Citation:
    if isinstance(raw, Mapping) and "country" in raw:
        cite = _load_citation(raw["cite"])
        assert not isinstance(cite, CountryCitation)  # the file spec allows one level
        return CountryCitation(cite, raw["country"])
    if isinstance(raw, Mapping):
        return OfficialName(tuple((lang, name.strip()) for lang, name in raw.items()))
    return raw.strip()


def load_citations(raw: list[Any] | None) -> tuple[Citation, ...]:
    return tuple(_load_citation(c) for c in raw or ())


def canonical_citation(citation: Citation) -> str:
    """The citation as every plan gives it, whatever its language."""
    if isinstance(citation, CountryCitation):
        return canonical_citation(citation.cite)
    return citation.names[0][1] if isinstance(citation, OfficialName) else citation


def cited_for(citation: Citation, countries: frozenset[str]) -> bool:
    """Whether a plan for a business dealing with `countries` cites it."""
    return not isinstance(citation, CountryCitation) or citation.country in countries


def foreign_languages(base: RuleBase, locale: str) -> dict[str, str]:
    """What a plan in `locale` may show in another language, with that
    language: each link by its URL, each official name by its text. The
    results page and the PDF mark them (`lang`, `hreflang`)."""
    found: dict[str, str] = {}
    for resource in base.resources.values():
        if resource.lang_for(locale) != locale:
            found[resource.url_for(locale)] = resource.lang_for(locale)
    for area in base.areas:
        for rule in area.rules:
            for cited in rule.citations:
                citation = cited.cite if isinstance(cited, CountryCitation) else cited
                if isinstance(citation, OfficialName):
                    lang, name = citation.names[0]
                    if lang != locale:
                        found[name] = lang
    return found


def plan_languages(languages: Mapping[str, str], plan: Mapping[str, Any]) -> dict[str, str]:
    """The entries of `languages` (from `foreign_languages`) that `plan` (the
    contract's JSON) shows."""
    shown = {c for action in plan["actions"] for c in action.get("citations", ())}
    shown |= {r["url"] for action in plan["actions"] for r in action.get("resources", ())}
    return {text: lang for text, lang in languages.items() if text in shown}
