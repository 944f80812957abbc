"""The action plan (the output contract) and its JSON form."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


@dataclass(slots=True)  # not frozen: a plan builds dozens, and frozen __init__ is slow
class Action:
    id: str
    area: str
    priority: str
    due_in_days: int
    title: str
    detail: str
    why: tuple[tuple[str, Any], ...]
    citations: tuple[str, ...]
    resources: tuple[tuple[str, str, str], ...]  # name, url, country
    needs_review: bool = False
    due_date: str | None = None
    lead_time: dict[str, Any] | None = None  # the planned date it counts back from (None in old plans)
    suggested_days: int = 0  # the rule's own due_in_days: orders actions due on the same day (not exported)

    def as_dict(self) -> dict[str, Any]:
        found = {
            "id": self.id,
            "area": self.area,
            "priority": self.priority,
            "due_in_days": self.due_in_days,
            "title": self.title,
            "detail": self.detail,
            "why": [{"answer": path, "value": value} for path, value in self.why],
            "citations": list(self.citations),
            "resources": [{"name": n, "url": u, "country": c} for n, u, c in self.resources],
            "due_date": self.due_date,
        }
        if self.lead_time is not None:
            found["lead_time"] = dict(self.lead_time)
        return found


@dataclass(frozen=True)
class Plan:
    rules_version: str
    evaluated_on: str
    locale: str
    scores: tuple[tuple[str, int | None], ...]
    findings: tuple[tuple[str, Any], ...]
    actions: tuple[Action, ...]
    plan_version: int = 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "plan_version": self.plan_version,
            "rules_version": self.rules_version,
            "evaluated_on": self.evaluated_on,
            "locale": self.locale,
            "scores": dict(self.scores),
            "findings": {k: list(v) if isinstance(v, tuple) else v for k, v in self.findings},
            "actions": [action.as_dict() for action in self.actions],
        }

    def to_json(self) -> str:
        """The canonical JSON: same plan, same bytes."""
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"
