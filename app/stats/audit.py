"""The linear-programming audit of a release (scipy's HiGHS): what anyone can prove about its hidden cells.

The release's cells are the variables of one linear system: its equations (a
margin is the sum of its cells), its inequalities (an indicator is no more than
its base) and each cell's bounds (a published count anywhere in its rounding
interval, a hidden one any count >= 0, a cell published elsewhere within what
was published there). A hidden cell's feasible interval is its min and max
under that system: `exact_intervals` solves two linear programs per cell.

`failing` answers only the question the disclosure control asks (is every
sensitive cell's interval at least k wide and reaching k; can a chamber's hidden
cell go down to its floor) and solves far fewer programs. It is still a proof,
because of a fact about any feasible point x of the system (every bound,
equation and inequality holding): for every cell t, min(t) <= x[t] <= max(t).
So two feasible points x and y with y[t] - x[t] >= k and y[t] >= k prove that
the interval of t is at least k wide and reaches k, and one point with x[t] at
or below t's floor proves that t goes down to it; the exact min and max are not
needed. The points come from linear programs over the same system (the sum of
the cells still to prove, minimised and maximised; then each such cell's own
min and max), each checked to satisfy the system before it counts as a point;
where the hidden cells are unbounded above, these programs cap them at a large
number, which only shrinks the system, so their points are still feasible.
A cell the points do not prove is decided on its exact min and max, by the
same rule as before: the cells found failing, and so the suppressions, are the
same as with `exact_intervals` for every cell (tests/stats/test_audit.py).
A cell is counted as proven only with a margin (`MARGIN`) above the threshold:
a width of exactly k is left to the exact programs, which decide it as before.

`lows` gives the exact min of each cell (the all-chambers release's hidden
cells, the floors of the chambers' releases) by the same fact: a feasible point
where a cell sits at its own lower bound proves that bound is its min.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

MARGIN = 1e-6  # a witness must beat the threshold by this much (solver tolerance: 1e-7)
RESIDUAL = 1e-6  # the most a witness may miss an equation, inequality or bound by


@dataclass
class System:
    """The audit's linear system: sparse equations (= 0) and inequalities (<= 0), one bound pair per cell."""

    index: dict[Hashable, int]
    a_eq: Any
    a_ub: Any
    bounds: list[tuple[float, float | None]]

    def kwargs(self) -> dict[str, Any]:
        import numpy as np  # noqa: PLC0415

        found: dict[str, Any] = {}
        if self.a_eq is not None:
            found.update(A_eq=self.a_eq, b_eq=np.zeros(self.a_eq.shape[0]))
        if self.a_ub is not None:
            found.update(A_ub=self.a_ub, b_ub=np.zeros(self.a_ub.shape[0]))
        return found


def build(cells: Sequence[Hashable], equations: Sequence[tuple[Hashable, Sequence[Hashable]]],
          inequalities: Sequence[tuple[Hashable, Hashable]], bounds: list[tuple[float, float | None]]) -> System:
    """`equations`: (margin, its parts); `inequalities`: (part, the whole it is no more than)."""
    from scipy.sparse import coo_array  # noqa: PLC0415

    index = {cell: i for i, cell in enumerate(cells)}
    rows, cols, vals = [], [], []
    for r, (total, parts) in enumerate(equations):
        rows.append(r)
        cols.append(index[total])
        vals.append(1.0)
        for part in parts:
            rows.append(r)
            cols.append(index[part])
            vals.append(-1.0)
    a_eq = coo_array((vals, (rows, cols)), shape=(len(equations), len(index))).tocsr() if equations else None
    rows, cols, vals = [], [], []
    for r, (child, parent) in enumerate(inequalities):
        rows += [r, r]
        cols += [index[child], index[parent]]
        vals += [1.0, -1.0]
    a_ub = coo_array((vals, (rows, cols)), shape=(len(inequalities), len(index))).tocsr() if inequalities else None
    return System(index, a_eq, a_ub, bounds)


def _solve(system: System, objective: Any, bounds: list[tuple[float, float | None]] | None = None) -> Any:
    from scipy.optimize import linprog  # noqa: PLC0415

    return linprog(objective, bounds=bounds or system.bounds, method="highs", **system.kwargs())


def _end(system: System, target: Hashable, sign: float) -> tuple[float, Any]:
    """min (sign 1) or max (sign -1) of one cell, and the point reaching it (None when unbounded)."""
    import numpy as np  # noqa: PLC0415

    objective = np.zeros(len(system.index))
    objective[system.index[target]] = sign
    result = _solve(system, objective)
    if result.status == 3:  # unbounded: only upwards is possible
        return float("inf"), None
    if result.status != 0:
        raise RuntimeError(f"audit LP failed: {result.message}")
    return float(sign * result.fun), result.x


def exact_intervals(system: System, targets: Sequence[Hashable]) -> dict[Hashable, tuple[float, float]]:
    """The exact min and max of each target: two linear programs each."""
    return {target: (_end(system, target, 1.0)[0], _end(system, target, -1.0)[0]) for target in targets}


def lows(system: System, targets: Sequence[Hashable]) -> dict[Hashable, float]:
    """The exact min of each target. A feasible point where a target sits at its
    own lower bound proves that bound is its min (no point goes below it): one
    program over the sum of the targets gives such points for most hidden cells
    (at 0); each other target's min is its own program's."""
    import numpy as np  # noqa: PLC0415

    witnesses = _Witnesses(system, targets)
    objective = np.zeros(len(system.index))
    objective[witnesses.columns] = 1.0
    result = _solve(system, objective)
    if result.status == 0:
        witnesses.add(result.x)
    at_bound = witnesses.low == witnesses.lower[witnesses.columns]
    return {target: float(witnesses.low[i]) if at_bound[i] else _end(system, target, 1.0)[0]
            for i, target in enumerate(targets)}


class _Witnesses:
    """The lowest and highest value of each target over feasible points found so far."""

    def __init__(self, system: System, targets: Sequence[Hashable]) -> None:
        import numpy as np  # noqa: PLC0415

        self.system = system
        self.columns = np.array([system.index[t] for t in targets], dtype=int)
        self.low = np.full(len(targets), np.inf)
        self.high = np.full(len(targets), -np.inf)
        self.lower = np.array([b[0] for b in system.bounds], dtype=float)
        self.upper = np.array([np.inf if b[1] is None else b[1] for b in system.bounds], dtype=float)

    def add(self, point: Any) -> None:
        """Take `point` into account if it satisfies the system (within the solver's tolerance)."""
        import numpy as np  # noqa: PLC0415

        if point is None or np.any(point < self.lower - RESIDUAL) or np.any(point > self.upper + RESIDUAL):
            return
        if self.system.a_eq is not None and np.max(np.abs(self.system.a_eq @ point)) > RESIDUAL:
            return
        if self.system.a_ub is not None and np.max(self.system.a_ub @ point) > RESIDUAL:
            return
        values = point[self.columns]
        np.minimum(self.low, values, out=self.low)
        np.maximum(self.high, values, out=self.high)


def failing(system: System, targets: Sequence[Hashable], k: int, floors: dict[Hashable, float]) -> list[Hashable]:
    """The targets the audit finds exposed, in their order: a target in `floors`
    whose min is above its floor (+1e-6); any other whose interval is narrower
    than k or stays below k. Exactly the targets `exact_intervals` would find
    (see the module's docstring)."""
    import numpy as np  # noqa: PLC0415

    witnesses = _Witnesses(system, targets)
    floor = np.array([floors.get(t, np.nan) for t in targets])
    by_floor = ~np.isnan(floor)

    def unproven() -> Any:
        wide = (witnesses.high - witnesses.low >= k + MARGIN) & (witnesses.high >= k + MARGIN)
        low_enough = witnesses.low <= np.where(by_floor, floor, -np.inf)
        return np.flatnonzero(~np.where(by_floor, low_enough, wide))

    _cheap_points(system, witnesses, unproven)
    found = []
    for position in unproven():
        target = targets[position]
        # A floor is reached or not by the min alone; a width needs the max too (tried first: often unbounded).
        high, point = (np.inf, None) if by_floor[position] else _end(system, target, -1.0)
        witnesses.add(point)
        if position not in unproven() or (high == np.inf and not by_floor[position]):
            continue  # proven by the points, or unbounded above: wide whatever its min
        low, point = _end(system, target, 1.0)
        witnesses.add(point)
        if position not in unproven():
            continue
        exposed = low > floor[position] + 1e-6 if by_floor[position] else high - low < k or high < k
        if exposed:
            found.append(target)
    return found


def _cheap_points(system: System, witnesses: _Witnesses, unproven: Any) -> None:
    """Feasible points from a few programs over all the targets at once: the sum
    of the cells still to prove, minimised and maximised, while that proves more."""
    import numpy as np  # noqa: PLC0415

    finite = [b[1] for b in system.bounds if b[1] is not None]
    cap = 4.0 * (max(finite, default=0.0) + 1.0) + 1000.0  # a cap only shrinks the system: its points stay feasible
    capped = [(low, cap if high is None else high) for low, high in system.bounds]
    left = unproven()
    while len(left):
        objective = np.zeros(len(system.index))
        objective[witnesses.columns[left]] = 1.0
        for sign in (1.0, -1.0):
            result = _solve(system, sign * objective, capped)
            if result.status != 0:
                return  # the exact programs decide every cell left
            witnesses.add(result.x)
        now = unproven()
        if len(now) == len(left):
            return
        left = now
