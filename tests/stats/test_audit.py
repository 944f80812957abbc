"""The audit's shortcuts (`audit.failing` and `audit.lows`, feasible points as
proof) find exactly the cells, and the mins, that the exact intervals (two
linear programs per cell) find."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from app.stats import audit
from app.stats.aggregate import Tally
from app.stats.catalogue import COUNTRIES, SIZE_BANDS, Table
from app.stats.disclosure import Settings, _system, structure

SIZE = Table("t_size", "t_size", "size_band", "partition")
WOMEN = Table("t_women", "t_women", "women_owned", "partition")
BARRIERS = Table("t_barriers", "t_barriers", "barrier", "indicators")
K = 10


def _exposed_exactly(system: audit.System, targets: list, floors: dict) -> list:
    """The rule of `disclosure._complete` on the exact intervals."""
    exact = audit.exact_intervals(system, targets)
    return [t for t, (low, high) in exact.items()
            if (low > floors[t] + 1e-6 if t in floors else high - low < K or high < K)]


def _pair(total: int) -> tuple[audit.System, list]:
    """Two hidden cells whose sum is published exactly: total = a + b."""
    return audit.build(["total", "a", "b"], [("total", ("a", "b"))], [],
                       [(total, total), (0, None), (0, None)]), ["a", "b"]


def test_a_pair_summing_to_at_least_k_is_wide_and_one_below_k_is_exposed() -> None:
    """The programs over the sum of the targets land on points where a + b is the
    same: they prove nothing, and each cell's own programs decide."""
    system, targets = _pair(12)
    assert audit.failing(system, targets, K, {}) == []
    system, targets = _pair(8)
    assert audit.failing(system, targets, K, {}) == ["a", "b"] == _exposed_exactly(system, targets, {})


def test_exactly_k_wide_is_left_to_the_exact_programs() -> None:
    system, targets = _pair(K)
    assert audit.failing(system, targets, K, {}) == _exposed_exactly(system, targets, {})


def test_a_floor_is_reached_or_not_by_the_min() -> None:
    """b >= 3 when a <= 9 and a + b = 12; floors of 3 (reached) and 2.5 (not)."""
    system = audit.build(["total", "a", "b"], [("total", ("a", "b"))], [], [(12, 12), (0, 9), (0, None)])
    assert audit.failing(system, ["b"], K, {"b": 3.0}) == []
    assert audit.failing(system, ["b"], K, {"b": 2.5}) == ["b"]
    assert audit.lows(system, ["a", "b"]) == {"a": 0.0, "b": pytest.approx(3.0)}


def test_a_point_off_the_system_proves_nothing() -> None:
    system, targets = _pair(8)
    witnesses = audit._Witnesses(system, targets)
    witnesses.add(np.array([8.0, 0.0, 20.0]))  # a + b = 20, not 8
    witnesses.add(np.array([8.0, -1.0, 9.0]))  # a below its bound
    assert np.all(np.isinf(witnesses.low)) and np.all(np.isinf(witnesses.high))
    witnesses.add(np.array([8.0, 8.0, 0.0]))
    assert list(witnesses.low) == [8.0, 0.0] and list(witnesses.high) == [8.0, 0.0]


cell = st.tuples(st.sampled_from(COUNTRIES), st.sampled_from(SIZE_BANDS[:3]), st.sampled_from(("yes", "no")),
                 st.integers(0, 3))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], phases=[Phase.generate])
@given(st.lists(st.tuples(cell, st.integers(1, 14)), min_size=1, max_size=18), st.randoms(use_true_random=False),
       st.sampled_from((1, 5)))
def test_the_shortcut_finds_the_cells_the_exact_intervals_find(cells: list, rng, base: int) -> None:  # noqa: ANN001
    """Random linked tables (size, women-owned, barriers), random cells hidden,
    floors at, just below and above the exact min: the same cells fail."""
    tally = Tally()
    for (country, size, women, barriers), count in cells:
        tally.add({"country": country, "size_band": size}, 1, count)
        for sig in ({("country", country), ("women_owned", women)}, {("women_owned", women)}):
            tally.counts[frozenset(sig)][1] += count  # the margins over countries: counted once, above
        for barrier in ("finding_buyers", "tariffs")[:barriers]:
            tally.add({"country": country, "barrier": barrier}, 1, count, skip=("barrier",))
    shape = structure([SIZE, WOMEN, BARRIERS])
    n = {sig: tally.n(sig) for sig in shape.cells}
    flags = {sig: "primary" for sig in shape.cells if 0 < n[sig] < K or rng.random() < 0.25}  # a count below k is never published
    targets = [sig for sig in shape.cells if sig in flags and n[sig] > 0]
    system = _system(shape, n, flags, Settings(k=K, rounding_base=base, dominance=False))
    lows = {t: low for t, (low, _) in audit.exact_intervals(system, targets).items()}
    floors = {t: lows[t] + rng.choice((-0.5, 0.0, 0.5)) for t in targets if rng.random() < 0.3}
    assert audit.failing(system, targets, K, floors) == _exposed_exactly(system, targets, floors)
    assert audit.lows(system, targets) == pytest.approx(lows)
