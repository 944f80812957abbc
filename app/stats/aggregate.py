"""The release's GROUP BY queries: run in the database, on `stats_facts` alone.

Each table is one query grouped by chamber and by the table's dimensions, so
that the database returns a few hundred rows however many questionnaires it
holds; the margins (`total`) are sums of those rows. Counts are kept per
chamber for the dominant-chamber rule. No questionnaire, and no contact
detail, is ever read here.

The grouped rows are read as one result, not through a server-side cursor:
they are bounded by the catalogue (chambers × countries × categories), not by
the number of questionnaires, and PostgreSQL never runs a query behind a
cursor with parallel workers, which made a release over a million
questionnaires take twice its bare queries' time (bench/bench_stats.py).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from sqlalchemy import Select, case, func, select

from app.extensions import db
from app.stats.catalogue import DIMENSIONS, SCORE_AREAS, SCORE_BANDS, TABLES, TOTAL, Table
from app.stats.models import StatsFact

Sig = frozenset[tuple[str, str]]
_facts = StatsFact.__table__


def sig_of(dimensions: Iterable[str], key: Iterable[str]) -> Sig:
    """The population of a cell: its dimension values, margins left out."""
    return frozenset((d, v) for d, v in zip(dimensions, key, strict=True) if v != TOTAL)


@dataclass
class Tally:
    """True counts of every cell of a release, by population, and per chamber."""

    counts: dict[Sig, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    score_sums: dict[Sig, int] = field(default_factory=lambda: defaultdict(int))
    rules_versions: set[str] = field(default_factory=set)  # of the scores counted
    noisy: bool = False  # differential privacy's noisy counts (app/stats/privacy.py)

    def n(self, sig: Sig) -> int:
        return sum(self.counts[sig].values()) if sig in self.counts else 0

    def add(self, values: dict[str, str], chamber: int, count: int, skip: tuple[str, ...] = ()) -> None:
        """`count` businesses of `chamber` to the cell `values` and to every margin above it
        (margins over the dimensions in `skip` are not taken: those are not additive)."""
        names = [d for d in values if d not in skip]
        for kept in product((True, False), repeat=len(names)):
            sig = frozenset([(d, values[d]) for d, keep in zip(names, kept, strict=True) if keep]
                            + [(d, values[d]) for d in skip])
            self.counts[sig][chamber] += count


def table_query(table: Table, period: str | tuple[str, ...], chamber_id: int | None) -> Select[Any]:
    """The one GROUP BY query of a table (for the benchmark too, which runs it bare);
    `period` a quarter, or the quarters of a year (each business counted once per quarter)."""
    where = [_facts.c.period == period if isinstance(period, str) else _facts.c.period.in_(period)]
    if chamber_id is not None:
        where.append(_facts.c.chamber_id == chamber_id)
    if table.kind == "partition":
        column = _facts.c[table.dimension]
        return (select(_facts.c.chamber_id, _facts.c.country, column, func.count())
                .where(*where).group_by(_facts.c.chamber_id, _facts.c.country, column))
    if table.kind == "indicators":
        sums = [func.sum(_facts.c[name]) for name in DIMENSIONS[table.dimension].columns]
        return (select(_facts.c.chamber_id, _facts.c.country, func.count(), *sums)
                .where(*where).group_by(_facts.c.chamber_id, _facts.c.country))
    measures: list[Any] = []
    for area in SCORE_AREAS:
        score = _facts.c[f"score_{area}"]
        measures += [func.count(score), func.coalesce(func.sum(score), 0)]
        measures += [func.sum(case((score.between(25 * i, 25 * i + (24 if i < 3 else 25)), 1), else_=0))
                     for i in range(len(SCORE_BANDS))]
    return (select(_facts.c.chamber_id, _facts.c.country, _facts.c.rules_version, *measures)
            .where(*where).group_by(_facts.c.chamber_id, _facts.c.country, _facts.c.rules_version))


def tally_table(tally: Tally, table: Table, rows: Iterable[Any]) -> None:
    """Add one table's query rows to `tally`."""
    dimension = DIMENSIONS[table.dimension]
    for row in rows:
        chamber, country = row[0], row[1]
        if table.kind == "partition":
            tally.add({"country": country, table.dimension: row[2]}, chamber, int(row[3]))
        elif table.kind == "indicators":
            tally.add({"country": country}, chamber, int(row[2]))
            for category, count in zip(dimension.categories, row[3:], strict=True):
                if count:
                    tally.add({"country": country, table.dimension: category}, chamber, int(count), skip=(table.dimension,))
        else:
            if row[2] is not None:
                tally.rules_versions.add(row[2])
            width = 2 + len(SCORE_BANDS)
            for i, area in enumerate(SCORE_AREAS):
                n, total, *bands = row[3 + i * width: 3 + (i + 1) * width]
                if not n:
                    continue
                # every score falls in one band: the bands' margin is the area's businesses
                for sig in (sig_of(("country", "area"), (country, area)), frozenset({("area", area)})):
                    tally.score_sums[sig] += int(total)
                for band, count in zip(SCORE_BANDS, bands, strict=True):
                    if count:
                        tally.add({"country": country, "area": area, "score_band": band}, chamber, int(count), skip=("area",))


def tally_release(period: str | tuple[str, ...], chamber_id: int | None, tables: Iterable[Table] = TABLES) -> Tally:
    """Every cell of the release, from one GROUP BY query per table."""
    tally = Tally()
    seen_base = False
    for table in tables:
        partial = Tally()
        tally_table(partial, table, db.session.execute(table_query(table, period, chamber_id)))
        for sig, counter in partial.counts.items():
            if _is_base(sig) and seen_base:
                continue  # the country margins: the same businesses in every table
            tally.counts[sig] = counter
        tally.score_sums.update(partial.score_sums)
        tally.rules_versions |= partial.rules_versions
        seen_base = seen_base or any(_is_base(sig) for sig in partial.counts)
    return tally


def _is_base(sig: Sig) -> bool:
    return all(d == "country" for d, _ in sig)
