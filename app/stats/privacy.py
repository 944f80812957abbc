"""Optional differential privacy on a publication's counts, and its yearly budget ledger.

Off by default (`STATS_DP_ENABLED`). When on, a publication (or correction) of
a quarter:

1. checks the ledger: the ε already spent on the quarter's year plus this
   publication's `STATS_DP_EPSILON` must not pass `STATS_DP_YEARLY_BUDGET`,
   or nothing is published;
2. adds discrete Laplace noise (OpenDP's `make_laplace` on a vector of
   integers, sampled by OpenDP from the operating system's CSPRNG) to the
   finest counts of every chamber: its businesses per country, per country and
   category of each table, per country, score area and band. One business
   changes at most `sensitivity()` of those counts by one, so the scale is
   sensitivity / ε;
3. makes the noisy counts consistent (never negative, an indicator never above
   its base, a table's categories summing to the noisy base): post-processing,
   which costs no privacy; every margin, and the all-chambers release, is then
   a sum of the chambers' noisy counts;
4. hands the noisy counts to the disclosure rules (suppression, audit,
   rounding), which decide on them alone (post-processing again: a rule that
   looked at a true count would leak it through the suppression pattern);
5. records the spend in the ledger, in the same transaction as the releases.

The noise is drawn once, at publication: a published release is stored and
served as stored, never re-noised. Previews are never noised (their manifest
says dp: null) and spend nothing. Means are not published while noise is on
(a mean's sensitivity, 100 score points, needs more budget than small cells
can bear). OpenDP is an optional extra, imported only here and only when on.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import func, select

from app.extensions import db
from app.stats.aggregate import Sig, Tally
from app.stats.catalogue import COUNTRIES, DIMENSIONS, SCORE_AREAS, SCORE_BANDS, TABLES
from app.stats.models import StatsPrivacySpend

MECHANISM = "discrete Laplace (OpenDP make_laplace on integer counts)"


class PrivacyUnavailable(RuntimeError):
    """Differential privacy is on but the `opendp` package is not installed."""


@dataclass(frozen=True)
class NoiseSettings:
    """The noise of one publication, as its manifest states it."""

    epsilon: float
    sensitivity: int
    scale: float

    @property
    def std_dev(self) -> float:
        """Standard deviation of one cell's noise (discrete Laplace of this scale)."""
        q = math.exp(-1 / self.scale)
        return math.sqrt(2 * q) / (1 - q)

    def as_manifest(self) -> dict[str, Any]:
        return {
            "applied": True,
            "mechanism": MECHANISM,
            "library": f"opendp {_opendp_version()}",
            "epsilon": self.epsilon,
            "unit": "business (all its counts in one quarter's publication)",
            "sensitivity_l1": self.sensitivity,
            "scale": round(self.scale, 6),
            "noise_std_dev": round(self.std_dev, 2),
            "applies_to": "every chamber's finest counts, before suppression and rounding (a noisy count below k becomes 0, "
                          "then counts are made consistent); margins and shares are computed from them; means are not published",
            "decisions": "every disclosure rule (minimum count, dominance, homogeneity, audit) is applied to the noisy counts "
                         "only: the noise, not the threshold, protects a business in a small cell",
        }


def enabled() -> bool:
    return bool(current_app.config["STATS_DP_ENABLED"])


def _opendp() -> Any:
    try:
        import opendp.prelude as dp  # noqa: PLC0415  (an optional extra of 265 MB, loaded only when on)
    except ImportError:
        raise PrivacyUnavailable(
            "STATS_DP_ENABLED is on but the opendp package is not installed: pip install -r requirements-dp.txt"
        ) from None
    dp.enable_features("contrib")  # make_laplace is in OpenDP's contrib (not yet vetted) set
    return dp


def _opendp_version() -> str:
    from importlib.metadata import version  # noqa: PLC0415

    return version("opendp")


# --- the counts that get noise --------------------------------------------------

def _slots(country: str) -> Iterator[tuple[str, Sig]]:
    """The finest counts of one chamber in one country, in a fixed order: (kind, population)."""
    yield "base", frozenset({("country", country)})
    for table in TABLES:
        if table.kind == "scores":
            for area in SCORE_AREAS:
                yield f"area:{table.id}", frozenset({("country", country), ("area", area)})
                for band in SCORE_BANDS:
                    yield f"band:{table.id}:{area}", frozenset({("country", country), ("area", area), ("score_band", band)})
        else:
            for category in DIMENSIONS[table.dimension].categories:
                yield f"{table.kind}:{table.id}", frozenset({("country", country), (table.dimension, category)})


def sensitivity() -> int:
    """How many of one chamber's finest counts a single business can change (each by one)."""
    total = 1  # its country's base
    for table in TABLES:
        if table.kind == "partition":
            total += 1  # one category
        elif table.kind == "indicators":
            total += len(DIMENSIONS[table.dimension].categories)  # it may tick every one
        else:
            total += 2 * len(SCORE_AREAS)  # per area: scored, and one band
    return total


def noise_settings() -> NoiseSettings:
    """The scale that gives the configured ε for one publication (OpenDP's own privacy map)."""
    dp = _opendp()
    epsilon = float(current_app.config["STATS_DP_EPSILON"])
    delta = sensitivity()
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
    scale = dp.binary_search_param(lambda s: space >> dp.m.then_laplace(scale=s), d_in=delta, d_out=epsilon)
    return NoiseSettings(epsilon, delta, float(scale))


def laplace(values: list[int], noise: NoiseSettings) -> list[int]:
    """`values` with discrete Laplace noise of the publication's scale, sampled by OpenDP."""
    dp = _opendp()
    space = dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int)
    measurement = space >> dp.m.then_laplace(scale=noise.scale)
    if measurement.map(d_in=noise.sensitivity) > noise.epsilon + 1e-9:
        raise PrivacyUnavailable("OpenDP's privacy map exceeds the configured epsilon")
    return [int(v) for v in measurement(values)] if values else []


def noisy_tally(tally: Tally, chambers: list[int], sample: Callable[[list[int]], list[int]], k: int) -> Tally:
    """The release's counts with noise on every chamber's finest counts, made
    consistent, every margin a sum of them (`tally`: the true counts of all
    chambers; `chambers`: every chamber, with members or not). A noisy finest
    count below `k` becomes 0: noise alone would otherwise give every chamber a
    few businesses in every cell."""
    plan = [(chamber, country, kind, sig) for chamber in chambers for country in COUNTRIES for kind, sig in _slots(country)]
    noisy = sample([tally.counts[sig].get(chamber, 0) if sig in tally.counts else 0 for chamber, _, _, sig in plan])
    fitted = _consistent(plan, [v if v >= k else 0 for v in noisy])
    result = Tally()
    seen_base = False
    for table in TABLES:
        partial = Tally()
        for chamber in chambers:
            for country in COUNTRIES:
                _add_table(partial, table, chamber, country, fitted)
        for sig, counter in partial.counts.items():
            if all(d == "country" for d, _ in sig) and seen_base:
                continue  # the country margins: the same (noisy) businesses in every table
            result.counts[sig] = counter
        seen_base = seen_base or any(all(d == "country" for d, _ in sig) for sig in partial.counts)
    result.rules_versions = set(tally.rules_versions)
    result.noisy = True
    return result


def _consistent(plan: list[tuple[int, str, str, Sig]], noisy: list[int]) -> dict[tuple[int, Sig], int]:
    """Post-processing: counts ≥ 0, indicators and areas ≤ the base, a table's
    categories (an area's bands) summing to the base (the area's count)."""
    groups: dict[tuple[int, str, str], list[tuple[Sig, int]]] = {}
    for (chamber, country, kind, sig), value in zip(plan, noisy, strict=True):
        groups.setdefault((chamber, country, kind), []).append((sig, value))
    fitted: dict[tuple[int, Sig], int] = {}
    for (chamber, _country, kind), cells in groups.items():
        if kind == "base":
            fitted[(chamber, cells[0][0])] = max(0, cells[0][1])
    for (chamber, country, kind), cells in groups.items():
        base = fitted[(chamber, frozenset({("country", country)}))]
        if kind.startswith(("indicators:", "area:")):
            fitted.update({(chamber, sig): min(max(0, value), base) for sig, value in cells})
        elif kind.startswith("partition:"):
            fitted.update(zip([(chamber, s) for s, _ in cells], _fit([v for _, v in cells], base), strict=True))
    for (chamber, _country, kind), cells in groups.items():
        if kind.startswith("band:"):
            area = next(iter(cells))[0] - {("score_band", b) for b in SCORE_BANDS}
            fitted.update(zip([(chamber, s) for s, _ in cells], _fit([v for _, v in cells], fitted[(chamber, area)]), strict=True))
    return fitted


def _fit(values: list[int], total: int) -> list[int]:
    """Non-negative integers close to `values` that add up to `total`: the
    difference is spread evenly, one by one, largest cells first (deterministic)."""
    values = [max(0, v) for v in values]
    order = sorted(range(len(values)), key=lambda i: (-values[i], i))
    diff = total - sum(values)
    if diff > 0:  # to the cells that have businesses (noise alone should not make new small cells)
        targets = [i for i in order if values[i] > 0] or order
        share, extra = divmod(diff, len(targets))
        for rank, i in enumerate(targets):
            values[i] += share + (rank < extra)
    while diff < 0:
        for i in order:
            if diff == 0:
                break
            if values[i] > 0:
                values[i] -= 1
                diff += 1
    return values


def _add_table(partial: Tally, table: Any, chamber: int, country: str, fitted: dict[tuple[int, Sig], int]) -> None:
    base = fitted[(chamber, frozenset({("country", country)}))]
    if table.kind == "partition":
        for category in DIMENSIONS[table.dimension].categories:
            count = fitted[(chamber, frozenset({("country", country), (table.dimension, category)}))]
            if count:
                partial.add({"country": country, table.dimension: category}, chamber, count)
    elif table.kind == "indicators":
        if base:
            partial.add({"country": country}, chamber, base)
        for category in DIMENSIONS[table.dimension].categories:
            count = fitted[(chamber, frozenset({("country", country), (table.dimension, category)}))]
            if count:
                partial.add({"country": country, table.dimension: category}, chamber, count, skip=(table.dimension,))
    else:
        for area in SCORE_AREAS:
            for band in SCORE_BANDS:
                count = fitted[(chamber, frozenset({("country", country), ("area", area), ("score_band", band)}))]
                if count:
                    partial.add({"country": country, "area": area, "score_band": band}, chamber, count, skip=("area",))


def chamber_slice(tally: Tally, chamber: int) -> Tally:
    """One chamber's own counts out of a (noisy) all-chambers tally."""
    part = Tally()
    for sig, counter in tally.counts.items():
        if counter.get(chamber):
            part.counts[sig][chamber] = counter[chamber]
    return part


# --- the ledger ---------------------------------------------------------------------

class BudgetExceeded(ValueError):
    def __init__(self, year: int, spent: float, epsilon: float, budget: float) -> None:
        super().__init__(
            f"the differential-privacy budget of {year} would be exceeded: {spent:g} of {budget:g} already spent, "
            f"this publication needs {epsilon:g}; nothing was published"
        )
        self.year, self.spent, self.epsilon, self.budget = year, spent, epsilon, budget


def spent(year: int) -> tuple[float, int]:
    """The ε spent on `year` so far, and the number of spends."""
    total, count = db.session.execute(
        select(func.coalesce(func.sum(StatsPrivacySpend.epsilon), 0.0), func.count()).where(StatsPrivacySpend.year == year)
    ).one()
    return float(total), int(count)


def charge(period: str, version: int, epsilon: float, when: Any) -> dict[str, Any]:
    """Add a spend to the session (committed with the releases), or raise
    `BudgetExceeded`; the budget state for the manifest."""
    year = int(period[:4])
    budget = float(current_app.config["STATS_DP_YEARLY_BUDGET"])
    before, count = spent(year)
    if before + epsilon > budget + 1e-9:
        raise BudgetExceeded(year, before, epsilon, budget)
    db.session.add(StatsPrivacySpend(year=year, sequence=count + 1, period=period, version=version, epsilon=epsilon,
                                     spent_at=when))
    return {"year": year, "budget": budget, "spent_before": round(before, 6), "this_publication": epsilon,
            "spent_after": round(before + epsilon, 6)}
