"""Helpers for the statistics tests: businesses with chosen answers, and the
attacker's own view of a release (recomputed from the published rows only)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask

from app.assessments.models import Assessment
from app.chambers.models import Chamber
from app.extensions import db
from app.stats.aggregate import sig_of
from app.stats.catalogue import TABLES_BY_ID
from app.stats.disclosure import Settings, published_interval

Q4 = datetime(2026, 11, 10, 12, 0, tzinfo=UTC)


def answers_for(country: str = "US", sector: str = "33", employees: int = 12, women: bool | None = False,
                indigenous: bool | None = False, stage: str = "exploring", markets: tuple[str, ...] = (),
                barriers: tuple[str, ...] = (), needs: tuple[str, ...] = ("none",), consent: bool = True) -> dict[str, Any]:
    markets = markets or tuple(c for c in ("CA", "MX", "US") if c != country)[:1]
    profile: dict[str, Any] = {"country": country, "naics": sector + "1110", "employees": employees}
    if women is not None:
        profile["women_owned"] = women
    if indigenous is not None:
        profile["indigenous_owned"] = indigenous
    return {
        "schema_version": 1, "profile": profile,
        "export": {"stage": stage, "markets": list(markets), "offering": ["services"], "barriers": list(barriers)},
        "travel": {"needed": False},
        "finance": {"needs": list(needs), "payment_terms": "open_account"},
        "consent": {"aggregate_stats": consent},
    }


@pytest.fixture
def add_business(app: Flask) -> Callable[..., Assessment]:
    """A completed questionnaire (status, completion time and consent as given)."""
    chambers: dict[str, int] = {}

    def add(chamber: str = "alpha", completed_at: datetime = Q4, status: str = "completed", **answers: Any) -> Assessment:
        if chamber not in chambers:
            found = db.session.query(Chamber).filter_by(slug=chamber).one_or_none()
            if found is None:
                found = Chamber(slug=chamber, name=chamber.title())
                db.session.add(found)
                db.session.commit()
            chambers[chamber] = found.id
        document = answers_for(**answers)
        assessment = Assessment(
            chamber_id=chambers[chamber], answers=document, status=status, locale="en",
            completed_at=completed_at if status == "completed" else None,
            consent_aggregate_stats=document["consent"]["aggregate_stats"],
        )
        db.session.add(assessment)
        db.session.commit()
        return assessment

    return add


def release_rows(content: bytes) -> list[dict[str, Any]]:
    return json.loads(content)["rows"]


def row_sig(row: dict[str, Any], tables: dict[str, Any] | None = None, by_period: bool = False) -> frozenset[tuple[str, str]]:
    dims = (tables or TABLES_BY_ID)[row["table"]].dimensions
    sig = sig_of(dims, tuple(row[d] for d in dims))
    if "_scope" in row:  # rows of several scopes (all chambers, each chamber), tagged by the test
        sig = sig | {("@scope", row["_scope"])}
    return sig | {("@period", row["period"])} if by_period else sig


def attacker_intervals(rows: list[dict[str, Any]], settings: Settings, tables: dict[str, Any] | None = None) -> dict[frozenset[tuple[str, str]], tuple[float, float]]:
    """What anyone holding the release can prove about each suppressed count:
    min and max under the tables' additivity (margins = sums; an indicator ≤ its
    base; with several releases, a year = the sum of its quarters), published
    counts anywhere in their rounding interval. Built here from the published
    rows alone, independently of the release code's own audit."""
    import numpy as np
    from scipy.optimize import linprog

    tables = tables or TABLES_BY_ID
    counts = [r for r in rows if r["measure"] == "count"]
    by_period = len({r["period"] for r in counts}) > 1
    index: dict[frozenset[tuple[str, str]], int] = {}
    value: dict[frozenset[tuple[str, str]], int | None] = {}
    for row in counts:
        sig = row_sig(row, tables, by_period)
        index.setdefault(sig, len(index))
        value[sig] = row["value"]
    a_eq, a_ub = _equations(counts, tables, by_period, index)
    bounds = [(0, None)] * len(index)
    for sig, i in index.items():
        if value[sig] is not None:
            bounds[i] = published_interval(value[sig], settings)
    from scipy.sparse import csr_array

    system = {}
    if a_eq:
        system.update(A_eq=csr_array(np.array(a_eq)), b_eq=np.zeros(len(a_eq)))
    if a_ub:
        system.update(A_ub=csr_array(np.array(a_ub)), b_ub=np.zeros(len(a_ub)))
    found = {}
    for sig, i in index.items():
        if value[sig] is not None:
            continue
        c = np.zeros(len(index))
        c[i] = 1
        ends = []
        for sign in (1, -1):
            result = linprog(sign * c, bounds=bounds, method="highs", **system)
            assert result.status in (0, 3), result.message
            ends.append(float("inf") if result.status == 3 else sign * result.fun)
        found[sig] = (ends[0], ends[1])
    return found


def _equations(counts: list[dict[str, Any]], tables: dict[str, Any], by_period: bool, index: dict) -> tuple[list, list]:
    import numpy as np

    from app.stats.catalogue import DIMENSIONS, TOTAL

    scopes = sorted({r["_scope"] for r in counts if "_scope" in r} - {"all"})

    def cell(dims: tuple[str, ...], key: tuple[str, ...], period: str, scope: str | None = None) -> int:
        sig = sig_of(dims, key) | ({("@scope", scope)} if scope else set())
        return index[sig | {("@period", period)} if by_period else sig]

    a_eq, a_ub = [], []
    for row in counts:
        dims = tables[row["table"]].dimensions
        key = tuple(row[d] for d in dims)
        for i, name in enumerate(dims):
            dimension = DIMENSIONS[name]
            if dimension.additive and key[i] == TOTAL:
                line = np.zeros(len(index))
                line[cell(dims, key, row["period"], row.get("_scope"))] = 1
                for category in dimension.categories:
                    line[cell(dims, (*key[:i], category, *key[i + 1:]), row["period"], row.get("_scope"))] -= 1
                a_eq.append(line)
            elif not dimension.additive and key[i] != TOTAL:
                tag = {("@period", row["period"])} if by_period else set()
                tag |= {("@scope", row["_scope"])} if "_scope" in row else set()
                parent = (sig_of(dims, key) - {(name, key[i])}) | tag
                if parent in index:
                    line = np.zeros(len(index))
                    line[cell(dims, key, row["period"], row.get("_scope"))] = 1
                    line[index[parent]] -= 1
                    a_ub.append(line)
        if row.get("_scope") == "all" and scopes:  # all chambers = the sum of the chambers
            line = np.zeros(len(index))
            line[cell(dims, key, row["period"], "all")] = 1
            for scope in scopes:
                line[cell(dims, key, row["period"], scope)] -= 1
            a_eq.append(line)
        if by_period and len(row["period"]) == 4:  # a year is the sum of its quarters
            line = np.zeros(len(index))
            line[cell(dims, key, row["period"])] = 1
            for q in range(1, 5):
                line[cell(dims, key, f"{row['period']}-Q{q}")] -= 1
            a_eq.append(line)
    return a_eq, a_ub


def true_count(facts: list[dict[str, Any]], sig: frozenset[tuple[str, str]]) -> int:
    """Businesses of the population `sig`, counted here from the statistics rows."""
    from app.stats.catalogue import DIMENSIONS, score_band

    values = dict(sig)
    total = 0
    for fact in facts:
        ok = True
        for name, value in values.items():
            dimension = DIMENSIONS[name]
            if name == "area":
                ok = fact[f"score_{value}"] is not None
            elif name == "score_band":
                score = fact[f"score_{values['area']}"]
                ok = score is not None and score_band(score) == value
            elif dimension.additive:
                ok = fact[name] == value
            else:
                ok = fact[dimension.columns[dimension.categories.index(value)]] == 1
            if not ok:
                break
        total += ok
    return total


def fact_rows(period: str) -> list[dict[str, Any]]:
    from sqlalchemy import select

    from app.stats.models import StatsFact

    table = StatsFact.__table__
    return [dict(r._mapping) for r in db.session.execute(select(table).where(table.c.period == period))]
