"""Example cases (`*.test.yaml`): reading them and checking a plan against them."""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from app.rules_engine import filespecs
from app.rules_engine.loader import _check_shape
from app.rules_engine.plan import Plan
from app.rules_engine.yamlfile import read_yaml

BASE_DOCUMENT: Mapping[str, Any] = {
    "schema_version": 1,
    "profile": {"country": "US", "naics": "5416", "employees": 5},
    "export": {"stage": "exploring", "markets": ["CA"], "offering": ["services"]},
    "finance": {"needs": ["none"]},
    "consent": {"aggregate_stats": False},
}


@dataclass(frozen=True)
class Case:
    name: str
    file: str
    line: int
    on: date
    locale: str
    answers: Mapping[str, Any]
    expect: Mapping[str, Any]


def merge(base: Mapping[str, Any], patch: Mapping[str, Any]) -> dict[str, Any]:
    """Deep-merge `patch` onto `base`; lists and scalars replace."""
    merged = copy.deepcopy(dict(base))
    for key, value in patch.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def read_cases(path: Path, display: str) -> Iterator[Case]:
    doc = read_yaml(path, display)
    _check_shape(doc, filespecs.CASES, display)
    for raw in doc["cases"]:
        answers = _plain(raw["answers"])
        if raw.get("base", "default") == "default":
            answers = merge(BASE_DOCUMENT, answers)
        on = raw["on"]
        if not isinstance(on, date):
            raise ValueError(f"{display}:{raw.line}: on must be a date")
        yield Case(raw["name"], display, raw.line, on, raw.get("locale", "en"), answers, _plain(raw["expect"]))


def mismatches(case: Case, plan: Plan) -> list[str]:
    """What in the plan differs from what the case expects (empty: it passes)."""
    data = plan.as_dict()
    problems = []
    for key, want in case.expect.get("findings", {}).items():
        if key not in data["findings"]:
            problems.append(f"findings.{key}: not a finding")
        elif data["findings"][key] != want:
            problems.append(f"findings.{key}: expected {want!r}, got {data['findings'][key]!r}")
    problems += _rule_mismatches(case.expect.get("origin_rule"), data["findings"].get("origin_rule"))
    for key, want in case.expect.get("scores", {}).items():
        if data["scores"].get(key, "missing") != want:
            problems.append(f"scores.{key}: expected {want!r}, got {data['scores'].get(key, 'missing')!r}")
    ids = [action["id"] for action in data["actions"]]
    problems += [f"action {a} expected but not in plan" for a in case.expect.get("actions", []) if a not in ids]
    problems += [f"action {a} in plan but should be absent" for a in case.expect.get("absent_actions", []) if a in ids]
    order = case.expect.get("action_order", [])
    present = [a for a in order if a in ids]
    if present != order:
        problems.append(f"action_order: {[a for a in order if a not in ids]} missing")
    elif present != sorted(present, key=ids.index):
        problems.append(f"action_order: expected {order}, got {sorted(present, key=ids.index)}")
    problems += _due_mismatches(case, data["actions"])
    if problems:
        problems.append(f"(plan actions: {ids})")
    return problems


def _due_mismatches(case: Case, actions: list[dict[str, Any]]) -> list[str]:
    by_id = {action["id"]: action for action in actions}
    problems = []
    for action_id, expected in case.expect.get("due_dates", {}).items():
        want = expected.isoformat() if isinstance(expected, date) else expected
        if action_id not in by_id:
            problems.append(f"due_dates.{action_id}: not in plan")
        elif by_id[action_id].get("due_date") != want:
            problems.append(f"due_dates.{action_id}: expected {want!r}, got {by_id[action_id].get('due_date')!r}")
    for action_id in case.expect.get("time_short", []):
        if not (by_id.get(action_id, {}).get("lead_time") or {}).get("time_short"):
            problems.append(f"time_short: {action_id} is not marked short of time")
    return problems


def reason_text(reason: Mapping[str, Any]) -> str:
    """A reason of a verdict as cases write it: its code, then the rows of the materials it names."""
    rows = ",".join(str(m["row"]) for m in reason.get("materials") or ())
    return f"{reason['reason']} {rows}" if rows else str(reason["reason"])


def _rule_mismatches(want: Mapping[str, Any] | None, rule: Mapping[str, Any] | None) -> list[str]:
    if want is None:
        return []
    if rule is None:
        return ["origin_rule: expected a rule, got none"]
    problems = []
    if "met" in want and rule.get("met") != want["met"]:
        problems.append(f"origin_rule.met: expected {want['met']!r}, got {rule.get('met')!r}")
    wanted = want.get("alternatives")
    if wanted is not None:
        got = [{"met": a["met"], "why": [reason_text(r) for r in a.get("why") or ()]} for a in rule["alternatives"]]
        trimmed = [{k: g[k] for k in w} for w, g in zip(wanted, got, strict=False)]
        if len(wanted) != len(got) or trimmed != list(wanted):
            problems.append(f"origin_rule.alternatives: expected {list(wanted)!r}, got {got!r}")
    return problems
