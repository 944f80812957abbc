"""Disclosure rules on hand-made tables (no database): each rule, and the audit
on a fixture where primary suppression alone is recoverable, so it can fail."""

from __future__ import annotations

import pytest

from app import create_app
from app.stats.aggregate import Tally
from app.stats.catalogue import Table
from app.stats.disclosure import (
    DisclosureSettingsError,
    Settings,
    audit_intervals,
    protect,
    publish_count,
    published_interval,
    structure,
)

SIZE = Table("t_size", "t_size", "size_band", "partition")
WOMEN = Table("t_women", "t_women", "women_owned", "partition")
BARRIERS = Table("t_barriers", "t_barriers", "barrier", "indicators", shares=True)


def tally_of(table: Table, grid: dict[str, dict[str, int]], chamber: int = 1) -> Tally:
    tally = Tally()
    for country, row in grid.items():
        for category, n in row.items():
            if n:
                tally.add({"country": country, table.dimension: category}, chamber, n)
    return tally


def _n(tally: Tally, shape) -> dict:
    return {sig: tally.n(sig) for sig in shape.cells}


def _cell(country: str, dimension: str, category: str) -> frozenset:
    return frozenset({("country", country), (dimension, category)})


RESEARCH = {"US": {"0-9": 25, "10-49": 3, "50-249": 40}, "CA": {"0-9": 12, "10-49": 30, "50-249": 18},
            "MX": {"0-9": 7, "10-49": 22, "50-249": 35}}


def test_primary_suppression_alone_is_recoverable_and_protect_is_not() -> None:
    """The research note's table: without rounding, primary suppression alone
    gives both hidden cells away exactly ([3,3] and [7,7])."""
    settings = Settings(rounding_base=1, dominance=False)
    tally = tally_of(SIZE, RESEARCH)
    shape = structure([SIZE])
    n = _n(tally, shape)
    primary = {sig: "primary" for sig, count in n.items() if 0 < count < settings.k}
    assert set(primary) == {_cell("US", "size_band", "10-49"), _cell("MX", "size_band", "0-9")}
    exposed = audit_intervals(shape, n, primary, settings, primary)
    assert exposed[_cell("US", "size_band", "10-49")] == pytest.approx((3, 3))
    assert exposed[_cell("MX", "size_band", "0-9")] == pytest.approx((7, 7))

    outcome = protect(tally, shape, settings)
    checked = audit_intervals(shape, n, outcome.flags, settings, primary)
    for low, high in checked.values():
        assert high - low >= settings.k and high >= settings.k


def test_rounding_alone_does_not_hide_a_small_cell() -> None:
    """With base-5 rounding, a lone small cell beside one published cell is still
    narrowed to [1, 9]: complementary suppression is what protects it."""
    settings = Settings(dominance=False)
    grid = {"US": {"yes": 3, "no": 40}, "CA": {"yes": 20, "no": 30}, "MX": {"yes": 25, "no": 35}}
    tally = tally_of(WOMEN, grid)
    shape = structure([WOMEN])
    n = _n(tally, shape)
    target = _cell("US", "women_owned", "yes")
    low, high = audit_intervals(shape, n, {target: "primary"}, settings, [target])[target]
    assert high - low < settings.k
    outcome = protect(tally, shape, settings)
    assert outcome.flags[target] == "primary"
    low, high = audit_intervals(shape, n, outcome.flags, settings, [target])[target]
    assert high - low >= settings.k and high >= settings.k


def test_dominant_chamber() -> None:
    settings = Settings()
    shape = structure([WOMEN])
    for own, expected in ((9, "dominance"), (7, None)):
        tally = Tally()
        tally.add({"country": "US", "women_owned": "no"}, 1, own)
        tally.add({"country": "US", "women_owned": "no"}, 2, 10 - own)
        tally.add({"country": "US", "women_owned": "yes"}, 5, 15)
        for country in ("CA", "MX"):
            tally.add({"country": country, "women_owned": "no"}, 3, 30)
            tally.add({"country": country, "women_owned": "yes"}, 4, 30)
        outcome = protect(tally, shape, settings)
        assert outcome.flags.get(_cell("US", "women_owned", "no")) == expected


def test_homogeneity() -> None:
    """All 12 businesses report the same barrier: the count and its share are hidden."""
    settings = Settings(dominance=False)
    tally = Tally()
    tally.add({"country": "US"}, 1, 12)
    tally.add({"country": "US", "barrier": "financing"}, 1, 12, skip=("barrier",))
    tally.add({"country": "US", "barrier": "tariffs"}, 1, 5, skip=("barrier",))
    for country in ("CA", "MX"):
        tally.add({"country": country}, 1, 40)
        tally.add({"country": country, "barrier": "financing"}, 1, 20, skip=("barrier",))
    outcome = protect(tally, structure([BARRIERS]), settings)
    assert outcome.flags[_cell("US", "barrier", "financing")] == "homogeneity"
    assert outcome.flags[_cell("US", "barrier", "tariffs")] == "primary"
    # 20 of 40 in Canada: not homogeneous (hidden only to protect the US cell in the column's total)
    assert outcome.flags.get(_cell("CA", "barrier", "financing")) in (None, "complementary")
    assert _cell("MX", "barrier", "financing") not in outcome.flags


def test_rounding_and_intervals() -> None:
    settings = Settings()
    assert [publish_count(n, settings) for n in (0, 10, 12, 13, 17, 18, 102)] == [0, 10, 10, 15, 15, 20, 100]
    assert published_interval(10, settings) == (10, 12)
    assert published_interval(15, settings) == (13, 17)
    seven = Settings(k=7)
    assert publish_count(7, seven) == 10 and published_interval(10, seven) == (7, 12)


def test_k_is_never_below_five() -> None:
    with pytest.raises(DisclosureSettingsError):
        Settings(k=4)
    with pytest.raises(ValueError, match="STATS_K"):
        create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x", "STATS_K": 4})
