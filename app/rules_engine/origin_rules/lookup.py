"""The product-specific rule of origin for a six-digit HS 2017 code on a date.

`OriginTable.load()` reads `rules/origin_rules/usmca_gn11.json` (written by `gn11 build`) and
indexes every rule by the six-digit range it covers. `rule_for("850431", date(2026, 1, 1))`
gives the rule in force on that date, the tariff-item rules (eight-digit US lines) that displace
it for some lines of the subheading, and the chapter's notes.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

DEFAULT_PATH = Path(__file__).resolve().parents[3] / "rules" / "origin_rules" / "usmca_gn11.json"


def six_digit_range(level: str, start: str, stop: str) -> tuple[str, str]:
    """A rule's target ('heading 0101 through 0106', 'subheading 8504.21 through 8504.34',
    'tariff item 1901.90.32') as the inclusive range of six-digit codes it reaches."""
    a, b = start.replace(".", ""), stop.replace(".", "")
    if level == "heading":
        return a[:4] + "00", b[:4] + "99"
    if level == "subheading" and b[4:6] in ("00", "90"):
        # A heading not divided ("2853.00") or a residual "other" subheading ("8701.90") that a later
        # edition of the HS divided (HS 2017: 2853.10/.90, 8701.91–.95) keeps its rule for the
        # codes it became: the range reaches the end of the heading.
        return a[:6], b[:4] + "99"
    return a[:6], b[:6]


def _unique(rules: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rules in order, each once (a rule naming several tariff items is indexed once per item)."""
    seen: set[str] = set()
    out = []
    for rule in rules:
        if rule["id"] not in seen:
            seen.add(rule["id"])
            out.append(rule)
    return out


@dataclass(frozen=True)
class Entry:
    low: str
    high: str
    level: str  # heading | subheading | tariff_item
    rule: dict[str, Any]

    def in_force(self, on: date) -> bool:
        start, until = self.rule.get("valid_from"), self.rule.get("valid_until")
        if start and on < date.fromisoformat(start):
            return False
        return not (until and on >= date.fromisoformat(until))


@dataclass
class OriginTable:
    source: dict[str, Any]
    statistics: dict[str, Any]
    chapters: dict[int, dict[str, Any]]
    entries: list[Entry] = field(default_factory=list)
    _lows: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path = DEFAULT_PATH) -> OriginTable:
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = []
        for rule in data["rules"]:
            for target in rule["applies_to"]:
                low, high = six_digit_range(target["level"], target["from"], target["to"])
                entries.append(Entry(low, high, target["level"], rule))
        entries.sort(key=lambda e: (e.low, e.high))
        table = cls(data["source"], data["statistics"], {c["chapter"]: c for c in data["chapters"]}, entries)
        table._lows = [e.low for e in entries]
        return table

    def _covering(self, hs6: str) -> list[Entry]:
        # ranges never span more than one chapter, so scanning back to the chapter's start is enough
        stop = bisect_right(self._lows, hs6)
        found = []
        for entry in reversed(self.entries[:stop]):
            if entry.low[:2] != hs6[:2]:
                break
            if entry.high >= hs6:
                found.append(entry)
        return found[::-1]

    def rule_for(self, hs6: str, on: date) -> dict[str, Any] | None:
        """The rule(s) in force for a six-digit HS 2017 code on a date, or None when none is.

        `rules`: the heading or subheading rules (usually one); `tariff_item_rules`: rules written
        for eight-digit US tariff items of this subheading, which alone govern those lines
        (General Note 11(n)(viii)); `notes`: the chapter's notes, verbatim.
        """
        if len(hs6) != 6 or not hs6.isdigit():
            raise ValueError("an HS subheading has six digits")
        covering = [e for e in self._covering(hs6) if e.in_force(on)]
        if not covering:
            return None
        general = [e for e in covering if e.level != "tariff_item"]
        items = [e for e in covering if e.level == "tariff_item"]
        # the narrowest general target wins (a subheading rule over the heading rule around it)
        if general:
            width = min(int(e.high) - int(e.low) for e in general)
            general = [e for e in general if int(e.high) - int(e.low) == width]
        chapter = self.chapters.get(int(hs6[:2]), {})
        return {
            "hs_code": hs6,
            "on": on.isoformat(),
            "rules": _unique(e.rule for e in general),
            "tariff_item_rules": _unique(e.rule for e in items),
            "notes": chapter.get("notes", []),
            "source": self.source,
        }
