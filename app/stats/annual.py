"""Annual margins: a release of period "2026" that adds up the year's four published quarters.

Its unit is the business-quarter (a business counted in two quarters counts
twice), so each annual cell is the sum of the same cell in the four quarterly
releases, which must all be published first. Those quarterly figures are
already out: they enter the disclosure control as fixed cells, with the
equations that tie them to the annual cells, and the annual cells are
suppressed until no cell hidden in a quarter can be recovered from "year minus
the other quarters" (the overlapping-tables attack of the research note).
"""

from __future__ import annotations

import json
from typing import Any

from app.stats.aggregate import Sig, sig_of
from app.stats.catalogue import TABLES_BY_ID
from app.stats.disclosure import SENSITIVE, Linked, Settings, Structure, published_interval


def is_year(period: str) -> bool:
    return len(period) == 4 and period.isdigit()


def quarters_of(year: str) -> tuple[str, ...]:
    return tuple(f"{year}-Q{i}" for i in range(1, 5))


def _tag(sig: Sig, quarter: str) -> Sig:
    return sig | {("quarter", quarter)}


def linked_quarters(shape: Structure, published_rows: dict[str, list[dict[str, Any]]], settings: Settings) -> Linked:
    """The four quarters' published counts as fixed cells, with their own
    equations and the year = sum of the quarters equations."""
    bounds: dict[Sig, Any] = {}
    sensitive: set[Sig] = set()
    for quarter, rows in published_rows.items():
        for row in rows:
            if row["measure"] != "count":
                continue
            dims = TABLES_BY_ID[row["table"]].dimensions
            sig = _tag(sig_of(dims, tuple(row[d] for d in dims)), quarter)
            bounds[sig] = (0, None) if row["value"] is None else published_interval(row["value"], settings)
            if row["flag"] in SENSITIVE:
                sensitive.add(sig)
    cells = [_tag(sig, q) for q in published_rows for sig in shape.cells]
    for sig in cells:
        bounds.setdefault(sig, (0, None))
    equations = [(name, _tag(total, q), tuple(_tag(p, q) for p in parts))
                 for q in published_rows for name, total, parts in shape.equations]
    equations += [("quarter", sig, tuple(_tag(sig, q) for q in published_rows)) for sig in shape.cells]
    inequalities = [(name, _tag(child, q), _tag(parent, q))
                    for q in published_rows for name, child, parent in shape.inequalities]
    return Linked(cells, bounds, equations, inequalities, sensitive)


def rows_of(json_file: bytes) -> list[dict[str, Any]]:
    return json.loads(json_file)["rows"]


def _scoped(sig: Sig, scope: str) -> Sig:
    return sig | {("@scope", scope)}


def linked_scopes(shape: Structure, whole_rows: list[dict[str, Any]], fixed: dict[str, list[dict[str, Any]]],
                  pending: list[str], settings: Settings) -> Linked:
    """For one chamber's release at publication: the all-chambers release and the
    chambers' releases already made (fixed, with their own equations), the
    chambers still to come (unknown), and all = this chamber + every other one,
    so that whoever holds every release of the quarter is audited as one system."""
    bounds: dict[Sig, Any] = {}
    sensitive: set[Sig] = set()
    for scope, rows in [("all", whole_rows), *fixed.items()]:
        for row in rows:
            if row["measure"] != "count":
                continue
            dims = TABLES_BY_ID[row["table"]].dimensions
            sig = _scoped(sig_of(dims, tuple(row[d] for d in dims)), scope)
            bounds[sig] = (0, None) if row["value"] is None else published_interval(row["value"], settings)
            if row["flag"] in SENSITIVE:
                sensitive.add(sig)
    scopes = ["all", *fixed, *pending]
    cells = [_scoped(sig, scope) for scope in scopes for sig in shape.cells]
    for sig in cells:
        bounds.setdefault(sig, (0, None))
    equations = [(name, _scoped(total, scope), tuple(_scoped(p, scope) for p in parts))
                 for scope in scopes for name, total, parts in shape.equations]
    equations += [("@scope", _scoped(sig, "all"), (sig, *(_scoped(sig, s) for s in [*fixed, *pending])))
                  for sig in shape.cells]
    inequalities = [(name, _scoped(child, scope), _scoped(parent, scope))
                    for scope in scopes for name, child, parent in shape.inequalities]
    return Linked(cells, bounds, equations, inequalities, sensitive)
