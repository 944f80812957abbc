"""A plan's actions as a snapshot, and what changed between two snapshots.

Pure: plans in, plain values out (no Flask, no database). A snapshot names
each action by its stable id with a digest of what the business reads and
acts on (priority, timing, title, detail, sources) in the English source
wording, so the same plan in another language is the same snapshot, and the
titles in each language evaluated, so an action that is gone can still be named.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.rules_engine import Action, Plan

DIGEST_LOCALE = "en"
Snapshot = dict[str, dict[str, Any]]


def timing(action: Action) -> Any:
    """When the action is due, as it stays from one day to the next: an action due
    by a planned date counts fewer days to it each day, so its timing is the
    planned date and the lead time, not `due_in_days`."""
    return dict(action.lead_time) if action.lead_time is not None else action.due_in_days


def action_digest(action: Action) -> str:
    """What changes the advice: not the order, nor the resources' links, nor the passing days."""
    parts = [action.priority, timing(action), action.title, action.detail, list(action.citations)]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode()).hexdigest()[:16]


def snapshot(plans: Mapping[str, Plan]) -> Snapshot:
    """The snapshot of one plan evaluated in several languages (English among them)."""
    english = plans[DIGEST_LOCALE]
    titles: dict[str, dict[str, str]] = {}
    for locale, plan in plans.items():
        for action in plan.actions:
            titles.setdefault(action.id, {})[locale] = action.title
    return {
        action.id: {"d": action_digest(action), "a": action.area, "p": action.priority, "n": action.due_in_days,
                    "w": timing(action), "t": titles[action.id]}
        for action in english.actions
    }


@dataclass(frozen=True)
class PlanDiff:
    """Action ids new in the plan, gone from it, and still there but different."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def areas(self, old: Snapshot, new: Snapshot) -> tuple[str, ...]:
        """The areas of the actions concerned, each once, in sorted order."""
        found = {new[i]["a"] for i in (*self.added, *self.changed)} | {old[i]["a"] for i in self.removed}
        return tuple(sorted(found))

    def summary(self, old: Snapshot, new: Snapshot) -> dict[str, Any]:
        return {"added": list(self.added), "removed": list(self.removed), "changed": list(self.changed),
                "areas": list(self.areas(old, new))}


def compare(old: Snapshot, new: Snapshot) -> PlanDiff:
    """What a business that read `old` finds different in `new`."""
    return PlanDiff(
        added=tuple(sorted(set(new) - set(old))),
        removed=tuple(sorted(set(old) - set(new))),
        changed=tuple(sorted(i for i in set(old) & set(new) if old[i]["d"] != new[i]["d"])),
    )
