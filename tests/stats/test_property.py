"""Property test: over random small datasets, nothing suppressed can be pinned down.

Hypothesis draws businesses (country, size band, women-owned, barriers,
chamber); the rules run on three linked tables; the checks are made from the
published values alone, by the attacker's own linear programs."""

from __future__ import annotations

from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.stats.aggregate import Tally, sig_of, tally_table
from app.stats.catalogue import BARRIERS, COUNTRIES, DIMENSIONS, SIZE_BANDS, Table
from app.stats.disclosure import FLAGS, SENSITIVE, Settings, grid, protect, publish_count, structure

from .conftest import attacker_intervals

TABLES = {t.id: t for t in (
    Table("size", "size", "size_band", "partition"),
    Table("women", "women", "women_owned", "partition"),
    Table("barriers", "barriers", "barrier", "indicators"),
)}
FEW_BARRIERS = BARRIERS[:3]

business = st.tuples(
    st.sampled_from(COUNTRIES), st.sampled_from(SIZE_BANDS[:3]), st.sampled_from(("yes", "no", "not_stated")),
    st.frozensets(st.sampled_from(FEW_BARRIERS)), st.integers(1, 3),
)


def _query_rows(table: Table, businesses: list[tuple]) -> list[tuple]:
    """What the table's GROUP BY returns for these businesses."""
    if table.kind == "partition":
        position = {"size_band": 1, "women_owned": 2}[table.dimension]
        counts = Counter((b[4], b[0], b[position]) for b in businesses)
        return [(*key, n) for key, n in sorted(counts.items())]
    groups: dict[tuple, list[int]] = {}
    for country, _, _, barriers, chamber in businesses:
        line = groups.setdefault((chamber, country), [0] * (1 + len(BARRIERS)))
        line[0] += 1
        for i, name in enumerate(BARRIERS):
            line[1 + i] += name in barriers
    return [(*key, *line) for key, line in sorted(groups.items())]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(business, min_size=0, max_size=70), st.sampled_from((5, 10)))
def test_no_suppressed_value_can_be_pinned_down(businesses: list[tuple], k: int) -> None:
    rules = Settings(k=k)
    tally = Tally()
    seen_base = False
    for table in TABLES.values():
        partial = Tally()
        tally_table(partial, table, _query_rows(table, businesses))
        for sig, counter in partial.counts.items():
            if all(d == "country" for d, _ in sig) and seen_base:
                assert counter == tally.counts[sig]  # the margins agree across tables
                continue
            tally.counts[sig] = counter
        seen_base = True
    outcome = protect(tally, structure(TABLES.values()), rules)
    rows = []
    for table in TABLES.values():
        for key in grid(table):
            sig = sig_of(table.dimensions, key)
            flag = outcome.flags.get(sig, "")
            rows.append({"table": table.id, "period": "2026-Q4", **dict(zip(table.dimensions, key, strict=True)), "measure": "count",
                         "value": None if flag else publish_count(tally.n(sig), rules), "flag": flag})
    for row in rows:
        n = tally.n(sig_of(TABLES[row["table"]].dimensions, tuple(row[d] for d in TABLES[row["table"]].dimensions)))
        if row["value"] is None:
            assert row["flag"] in FLAGS
        else:
            assert n == 0 or n >= k
            assert row["value"] == 0 or (row["value"] % 5 == 0 and row["value"] >= k)
    intervals = attacker_intervals(rows, rules, TABLES)
    for row in rows:
        if row["flag"] in SENSITIVE:
            sig = sig_of(TABLES[row["table"]].dimensions, tuple(row[d] for d in TABLES[row["table"]].dimensions))
            low, high = intervals[sig]
            assert low - 1e-6 <= tally.n(sig) <= high + 1e-6
            assert high - low >= k - 1e-6 and high >= k - 1e-6, (sorted(sig), low, high)
    assert DIMENSIONS["size_band"].additive
