"""Disclosure control of a release: every rule, on all its tables at once.

The release is one linked system of cells. A cell is a population of
businesses (its `Sig`): the same population in two tables (a country's
businesses are the margin of every table) is one cell, suppressed or published
everywhere alike. Additive dimensions give equations (a margin is the sum of
its cells); indicators give inequalities (the businesses reporting a barrier
are no more than the businesses).

Order of the rules, each on the true counts:
1. primary: 0 < n < k;
2. dominance (release over several chambers): fewer than `k_other` businesses
   remain once the largest chamber's own members are taken out (a chamber knows
   its members, so it could read the others off the cell);
3. homogeneity: a category holds all, or all but one, of a margin under 2k
   businesses ("all of them said X");
4. sliver: two published nested cells must differ by 0 or at least k;
5. complementary suppression, until the linear-programming audit (scipy,
   HiGHS; app/stats/audit.py) finds that no cell suppressed by rules 1–3 can
   be narrowed, from everything published, to an interval narrower than k or
   one that stays below k;
6. rounding of the published counts to the base (5), never below k.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import product
from typing import Any

from app.stats import audit
from app.stats.aggregate import Sig, Tally, sig_of
from app.stats.catalogue import DIMENSIONS, TABLES, TOTAL, Table

DISCLOSURE_RULES_VERSION = "1.0.0"
MIN_K = 5
SENSITIVE = ("primary", "dominance", "homogeneity")
FLAGS = ("primary", "dominance", "homogeneity", "complementary")
NOT_HOMOGENEITY = ("country", "area")  # where a business is and which areas score: not sensitive


class DisclosureSettingsError(ValueError):
    """Settings that would weaken the protection (k below 5, …)."""


@dataclass(frozen=True)
class Settings:
    k: int = 10
    k_other: int = 3
    rounding_base: int = 5
    dominance: bool = True  # off for a release of one chamber's own members
    # Differential privacy at publication (app/stats/privacy.py `NoiseSettings`), or None.
    dp: Any = None

    def __post_init__(self) -> None:
        if self.k < MIN_K:
            raise DisclosureSettingsError(f"k must be at least {MIN_K} (got {self.k})")
        if self.k_other < 1 or self.rounding_base < 1:
            raise DisclosureSettingsError("k_other and rounding_base must be positive")

    def as_manifest(self) -> dict[str, object]:
        described = {
            "rules_version": DISCLOSURE_RULES_VERSION,
            "k": self.k,
            "rounding_base": self.rounding_base,
            "dominance": {"applied": self.dominance, "k_other": self.k_other,
                          "rule": "suppress when 0 < businesses outside the largest chamber < k_other"},
            "homogeneity": {"rule": "suppress a category holding all or all but one of a margin below 2k",
                            "margin_below": 2 * self.k, "within": 1},
            "sliver": {"rule": "nested published cells differ by 0 or at least k"},
            "audit": "linear programming (scipy HiGHS): every sensitive cell's feasible interval is at least k wide and reaches k",
            "dp": None if self.dp is None else self.dp.as_manifest(),
        }
        digest = hashlib.sha256(json.dumps(described, sort_keys=True).encode()).hexdigest()
        return {**described, "settings_sha256": digest}


def grid(table: Table) -> list[tuple[str, ...]]:
    """The keys of a table's cells, in publication order (margins last)."""
    axes = []
    for name in table.dimensions:
        dimension = DIMENSIONS[name]
        if name == "area":
            axes.append(dimension.categories)
        elif dimension.additive or table.kind == "indicators":
            axes.append((*dimension.categories, TOTAL))  # for indicators: TOTAL is the base
        else:
            axes.append(dimension.categories)
    return list(product(*axes))


@dataclass
class Structure:
    """The cells of a release and how they are linked."""

    cells: list[Sig]
    equations: list[tuple[str, Sig, tuple[Sig, ...]]]  # (summed dimension, margin, its cells)
    inequalities: list[tuple[str, Sig, Sig]]  # (dimension, cell, the cell it is part of)


def structure(tables: Iterable[Table] = TABLES) -> Structure:
    cells: dict[Sig, None] = {}
    equations: dict[tuple[Sig, tuple[Sig, ...]], str] = {}
    inequalities: dict[tuple[Sig, Sig], str] = {}
    for table in tables:
        dims = table.dimensions
        for key in grid(table):
            sig = sig_of(dims, key)
            cells.setdefault(sig)
            for i, name in enumerate(dims):
                dimension = DIMENSIONS[name]
                if dimension.additive and key[i] == TOTAL:
                    parts = tuple(sig_of(dims, (*key[:i], v, *key[i + 1:])) for v in dimension.categories)
                    equations.setdefault((sig, parts), name)
                elif not dimension.additive and key[i] != TOTAL:
                    parent = sig - {(name, key[i])}
                    inequalities.setdefault((sig, parent), name)
    # An indicator is bounded by the cell it is part of, where that cell is published.
    return Structure(
        list(cells),
        [(name, total, parts) for (total, parts), name in equations.items()],
        [(name, child, parent) for (child, parent), name in inequalities.items() if parent in cells],
    )


@dataclass
class Linked:
    """Cells already published elsewhere (the quarters of an annual release):
    fixed, never suppressed here, known to anyone within `bounds` (None: hidden
    there); `sensitive` those of them that must stay protected; `equations`
    their own and those tying them to this release's cells."""

    cells: list[Sig]
    bounds: dict[Sig, tuple[int, int] | tuple[int, None]]
    equations: list[tuple[str, Sig, tuple[Sig, ...]]]
    inequalities: list[tuple[str, Sig, Sig]]
    sensitive: set[Sig]


def publish_count(n: int, settings: Settings) -> int:
    """A published count: 0, or rounded to the base, never below k."""
    if n == 0:
        return 0
    base = settings.rounding_base
    rounded = base * round(Fraction(n, base))
    floor = base * -(-settings.k // base)
    return max(rounded, floor)


def published_interval(value: int, settings: Settings) -> tuple[int, int]:
    """The true counts that publish as `value` (what anyone can infer from it)."""
    if value == 0:
        return 0, 0
    possible = [n for n in range(max(settings.k, value - settings.rounding_base), value + settings.rounding_base + 1)
                if publish_count(n, settings) == value]
    return min(possible), max(possible)


@dataclass
class Outcome:
    """The result: a flag for every suppressed cell, and the audit's lower bounds
    (the least count anyone can prove for a hidden cell; kept when a release is
    computed with `floors`: the floors of the chambers' releases within it)."""

    flags: dict[Sig, str] = field(default_factory=dict)
    lows: dict[Sig, float] = field(default_factory=dict)
    rounds: int = 0

    def published(self, sig: Sig) -> bool:
        return sig not in self.flags


def _sorted(sigs: Iterable[Sig]) -> list[Sig]:
    return sorted(sigs, key=sorted)


def sig_key(sig: Sig) -> str:
    """A cell's population as text ("country=MX|naics_sector=33"; "" for all businesses)."""
    return "|".join(f"{d}={v}" for d, v in sorted(sig))


def protect(tally: Tally, shape: Structure, settings: Settings, within: tuple[Tally, Outcome] | None = None,
            previous: dict[str, list[Any]] | None = None, linked: Linked | None = None,
            floors: bool = False) -> Outcome:
    """Apply every rule to the release's cells; the cells to suppress, and why.

    `within`: for one chamber's release, the all-chambers release of the same
    quarter (its true counts and its outcome). Whoever holds both must learn
    nothing more than from the all-chambers release: a chamber's cell is shown
    only where the all-chambers cell is published and the other chambers hold 0
    or at least k of its businesses; a cell hidden for that reason is protected
    like a sensitive one, until its lower bound is no higher than what the
    all-chambers releases already prove (so it tells nothing more about the
    all-chambers cell).

    `previous`: for a correction, the published version's cells ({sig_key:
    [true count, flag]}). Its suppression pattern is kept (a cell it hid stays
    hidden, or the two versions together would give it away), and a cell whose
    count changed by fewer than k businesses is hidden and protected like a
    sensitive one (the two versions must not isolate the businesses that changed).

    `linked`: cells published elsewhere that this release adds up (an annual
    release and its four published quarters): only this release's cells may be
    suppressed, until the linked sensitive cells are protected too.
    """
    outcome = Outcome()
    n = {sig: tally.n(sig) for sig in shape.cells}
    _primary_and_dominance(tally, shape, settings, n, outcome.flags)
    _homogeneity(shape, settings, n, outcome.flags)
    _slivers(shape, settings, n, outcome.flags)
    versioned = _versions(previous, shape, settings, n, outcome.flags) if previous else set()
    inherited = _inherit(within, shape, settings, n, outcome.flags) if within is not None else set()
    if linked is not None:
        shape = Structure(shape.cells + linked.cells, shape.equations + linked.equations,
                          shape.inequalities + linked.inequalities)
        for sig in linked.cells:
            n[sig] = 0  # never a candidate; its bounds are given
    floor_of = {sig: within[1].lows.get(sig, 0.0) for sig in inherited} if within is not None else {}
    _complete(shape, n, outcome.flags, settings, outcome, inherited, versioned, linked, floor_of, keep_lows=floors)
    if floors:  # what anyone can prove about every hidden cell: the floor for the chambers' releases
        hidden = [sig for sig in _sorted(outcome.flags) if sig not in outcome.lows and sig in n and n[sig] > 0
                  and (linked is None or sig not in linked.bounds)]
        outcome.lows.update(audit.lows(_system(shape, n, outcome.flags, settings, linked.bounds if linked else None), hidden))
    if linked is not None:
        for sig in linked.cells:
            outcome.flags.pop(sig, None)
    return outcome


def _primary_and_dominance(tally: Tally, shape: Structure, settings: Settings, n: dict[Sig, int],
                           flags: dict[Sig, str]) -> None:
    for sig in shape.cells:
        if 0 < n[sig] < settings.k:
            flags[sig] = "primary"
        elif settings.dominance and n[sig]:
            largest = max(tally.counts[sig].values())
            if 0 < n[sig] - largest < settings.k_other:
                flags[sig] = "dominance"


def _homogeneity(shape: Structure, settings: Settings, n: dict[Sig, int], flags: dict[Sig, str]) -> None:
    lines = [(name, part, total) for name, total, parts in shape.equations for part in parts]
    lines += list(shape.inequalities)
    for name, part, whole in lines:
        if name in NOT_HOMOGENEITY or part in flags:
            continue
        if 0 < n[whole] < 2 * settings.k and n[part] > 0 and n[part] >= n[whole] - 1:
            flags[part] = "homogeneity"


def _slivers(shape: Structure, settings: Settings, n: dict[Sig, int], flags: dict[Sig, str]) -> None:
    """Nested published populations differing by a few businesses: the smaller is hidden."""
    by_size = _sorted(shape.cells)
    for whole in by_size:
        for part in by_size:
            if part is whole or whole in flags or part in flags or not whole < part:
                continue
            if 0 < n[whole] - n[part] < settings.k:
                flags[part] = "complementary"


def _versions(previous: dict[str, list[Any]], shape: Structure, settings: Settings, n: dict[Sig, int],
              flags: dict[Sig, str]) -> set[Sig]:
    changed = set()
    for sig in shape.cells:
        before = previous.get(sig_key(sig))
        if before is None or sig in flags:
            continue
        count, flag = before
        # With noise, each version has its own: what two versions tell together
        # is bounded by the ε both spent (the budget ledger), not by this rule.
        if flag:
            flags[sig] = "complementary"
        elif settings.dp is None and 0 < abs(n[sig] - count) < settings.k:
            flags[sig] = "complementary"
            if n[sig] > 0:
                changed.add(sig)
    return changed


def _inherit(within: tuple[Tally, Outcome], shape: Structure, settings: Settings, n: dict[Sig, int],
             flags: dict[Sig, str]) -> set[Sig]:
    whole_tally, whole = within
    inherited = set()
    for sig in shape.cells:
        if sig in flags:
            continue
        others = whole_tally.n(sig) - n[sig]
        if sig in whole.flags or 0 < others < settings.k:
            flags[sig] = "complementary"
            if n[sig] > 0:
                inherited.add(sig)
    return inherited


def _single_suppressed(shape: Structure, n: dict[Sig, int], flags: dict[Sig, str], fixed: frozenset[Sig] = frozenset()) -> bool:
    """One pass of the classic heuristic: a line with one hidden cell hides another."""
    changed = False
    for _, total, parts in shape.equations:
        members = (total, *parts)
        hidden = [m for m in members if m in flags]
        if len(hidden) != 1:
            continue
        choice = _cheapest([m for m in members if m not in flags and m not in fixed], n)
        if choice is not None:
            flags[choice] = "complementary"
            changed = True
    return changed


def _cheapest(candidates: list[Sig], n: dict[Sig, int]) -> Sig | None:
    """The published cell whose suppression costs least: the smallest non-zero one."""
    if not candidates:
        return None
    nonzero = [c for c in candidates if n[c] > 0]
    return min(nonzero or candidates, key=lambda c: (n[c], sorted(c)))


def _complete(shape: Structure, n: dict[Sig, int], flags: dict[Sig, str], settings: Settings, outcome: Outcome,
              inherited: set[Sig] = frozenset(), versioned: set[Sig] = frozenset(), linked: Linked | None = None,
              floors: dict[Sig, float] | None = None, keep_lows: bool = False) -> None:
    """Complementary suppression until the audit finds no exposed cell; with
    `floors`, every audited cell's lower bound is kept in `outcome.lows` (the
    floors of the chambers' releases), as it is in the round it is audited in."""
    fixed = frozenset(linked.cells) if linked else frozenset()
    if linked:
        for sig, bound in linked.bounds.items():
            if bound[1] is None:
                flags[sig] = "linked"  # hidden where it was published
    while _single_suppressed(shape, n, flags, fixed):
        pass
    to_check = _sorted({s for s, f in flags.items() if f in SENSITIVE} | inherited | versioned
                       | (linked.sensitive if linked else set()))
    floors = floors or {}
    while to_check:
        outcome.rounds += 1
        system = _system(shape, n, flags, settings, linked.bounds if linked else None)
        failing = audit.failing(system, to_check, settings.k, {sig: floors.get(sig, 0.0) for sig in inherited})
        if keep_lows:
            outcome.lows.update(audit.lows(system, to_check))
        if not failing:
            return
        for sig in failing:
            choice = _cheapest([c for c in _neighbours(shape, flags, sig, fixed) if c not in fixed], n)
            if choice is None:
                raise RuntimeError(f"cannot protect cell {sorted(sig)} ({flags.get(sig)}): nothing left to suppress")
            flags[choice] = "complementary"
            while _single_suppressed(shape, n, flags, fixed):
                pass
        to_check = failing


def _neighbours(shape: Structure, flags: dict[Sig, str], start: Sig, fixed: frozenset[Sig] = frozenset()) -> list[Sig]:
    """Published cells linked to `start` through lines of suppressed (or fixed) cells, nearest first."""
    frontier, seen = [start], {start}
    while frontier:
        found: list[Sig] = []
        nxt: list[Sig] = []
        for sig in frontier:
            for members in _lines_of(shape, sig):
                for m in members:
                    if m in seen:
                        continue
                    seen.add(m)
                    (nxt if m in flags or m in fixed else found).append(m)
        if found:
            return found
        frontier = nxt
    return []


def _lines_of(shape: Structure, sig: Sig) -> Iterable[tuple[Sig, ...]]:
    for _, total, parts in shape.equations:
        if sig == total or sig in parts:
            yield (total, *parts)
    for _, child, parent in shape.inequalities:
        if sig in (child, parent):
            yield (child, parent)


def _system(shape: Structure, n: dict[Sig, int], flags: dict[Sig, str], settings: Settings,
            given: dict[Sig, Any] | None = None) -> audit.System:
    """The attacker's linear system: the release's equations and inequalities,
    published cells anywhere in their rounding interval, suppressed cells any
    count >= 0 (the flags' own hint, "fewer than k" for a primary cell, is what
    any threshold rule discloses and is not used), `given` cells within their bounds."""
    given = given or {}
    bounds = [given[sig] if sig in given else (0, None) if sig in flags
              else published_interval(publish_count(n[sig], settings), settings) for sig in shape.cells]
    return audit.build(shape.cells, [(total, parts) for _, total, parts in shape.equations],
                       [(child, parent) for _, child, parent in shape.inequalities], bounds)


def audit_intervals(
    shape: Structure, n: dict[Sig, int], flags: dict[Sig, str], settings: Settings, targets: Iterable[Sig],
    given: dict[Sig, Any] | None = None,
) -> dict[Sig, tuple[float, float]]:
    """The narrowest interval an attacker can prove for each target from
    everything published: its exact min and max under `_system`."""
    return audit.exact_intervals(_system(shape, n, flags, settings, given), list(targets))
