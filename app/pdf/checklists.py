"""The checklists the owner ticks on paper, chosen from the areas that apply."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from app.i18n.markers import COUNTRY_NAMES
from app.pdf import texts


class _Formatter(Protocol):
    def gettext(self, message: str) -> str: ...
    def country(self, code: str) -> str: ...


def tax_registration(code: str, gettext: Callable[[str], str]) -> str:
    """A consumption-tax registration the plan names, in words (its code when it has none)."""
    name = texts.TAX_REGISTRATIONS.get(code)
    return gettext(name) if name else code


def _markets(given: dict[str, Any], findings: dict[str, Any], actions: list[dict[str, Any]]) -> list[str]:
    """The target markets: as answered, else those the plan's advice names."""
    if given.get("markets"):
        return list(given["markets"])
    found = {code.split("-")[0] for code in findings.get("tax_registrations") or []}
    found |= {r["country"] for a in actions if a["area"] == "digital_trade" for r in a.get("resources", [])}
    home = given.get("home_country")
    return sorted(c for c in found if c in COUNTRY_NAMES and c != home)


def checklists(
    applying: set[str], given: dict[str, Any], findings: dict[str, Any], actions: list[dict[str, Any]], fmt: _Formatter,
    done: frozenset[str] = frozenset(),
) -> list[dict[str, Any]]:
    """Each checklist: an anchor, a title, an introduction and groups of items."""
    gettext = fmt.gettext  # the name pybabel extracts
    lists = []
    if "origin" in applying and findings.get("origin_status") != "not_applicable":
        lists.append(
            {
                "anchor": "checklist-certification",
                "title": gettext("Certification of origin: the minimum data elements"),
                "intro": gettext(
                    "A certification of origin has no set form; it must hold each of these elements (USMCA Annex 5-A)."
                ),
                "groups": [{"heading": None, "items": [gettext(i) for i in texts.CERTIFICATION_ITEMS]}],
            }
        )
    if "temporary_entry" in applying and findings.get("entry_category") not in (None, "none"):
        lists.append(
            {
                "anchor": "checklist-travel",
                "title": gettext("Documents the traveller carries"),
                "intro": gettext(
                    "Take the originals and a copy of each to the border, the pre-clearance point or the consulate."
                ),
                "groups": [{"heading": None, "items": [gettext(i) for i in texts.TRAVEL_DOCUMENT_ITEMS]}],
            }
        )
    markets = _markets(given, findings, actions) if "digital_trade" in applying else []
    if markets:
        registrations = findings.get("tax_registrations") or []
        groups = []
        for market in markets:
            items = [gettext(i) for i in texts.DIGITAL_ITEMS]
            items += [
                gettext("The consumption-tax registration the plan names: %(tax)s")
                % {"tax": tax_registration(r, gettext)}
                for r in registrations
                if r.split("-")[0] == market
            ]
            groups.append({"heading": fmt.country(market), "items": items})
        lists.append(
            {
                "anchor": "checklist-digital",
                "title": gettext("Digital-trade obligations in each market"),
                "intro": gettext("Check each point for every market where you sell online or hold your customers' data."),
                "groups": groups,
            }
        )
    by_market = _actions_by_market(given, actions, done)
    if by_market:
        lists.append(
            {
                "anchor": "checklist-markets",
                "title": gettext("What this plan asks of you for each market"),
                "intro": gettext(
                    "The actions of this plan still to do that concern each of your target markets, from their "
                    "official sources in that country; one action can concern several markets."
                ),
                "groups": [{"heading": fmt.country(market), "items": titles} for market, titles in by_market],
            }
        )
    return lists


def _actions_by_market(
    given: dict[str, Any], actions: list[dict[str, Any]], done: frozenset[str]
) -> list[tuple[str, list[str]]]:
    """Each target market (as answered, not the home country) with the titles of
    the actions not yet done whose official sources are that country's."""
    home = given.get("home_country")
    found = []
    for market in given.get("markets") or ():
        if market == home or market not in COUNTRY_NAMES:
            continue
        titles = [a["title"] for a in actions
                  if a["id"] not in done and any(r["country"] == market for r in a.get("resources", ()))]
        if titles:
            found.append((market, titles))
    return found
