"""The bill-of-materials check: does one alternative of a product-specific rule hold for the
business's materials?

Pure and three-valued. Each alternative (its machine form in `usmca_gn11.json`) is decided from
the product's HS code, the materials of one unit (`goods.materials`: HS code, origin, value) and
the cost figures (transaction value, net cost, value of non-originating materials):

- tariff shift: every non-originating material must change classification at the rule's level
  (chapter 2 digits, heading 4, subheading 6, tariff item 8), from where the rule says, and not
  from a code it excepts;
- de minimis (USMCA Art. 4.12): materials failing the shift are tolerated when together they are
  worth at most 10 % of the transaction value, except materials the Annex 4-A exceptions name and,
  for goods of HS chapters 1-27, materials of the good's own subheading; textiles (USMCA Art.
  6.1.2-3: chapters 50-63 and heading 9619) count weight instead, each material's share of the
  good's (or its classifying component's) weight, at most 10 % of which 7 % elastomeric;
- regional value content: each method against the alternative's own threshold.

A material whose origin is "unknown" may or may not count; a material without an HS code may or
may not shift. The verdict is true when it holds even if every doubtful material goes against the
good, false when it fails even if every doubtful material goes for it, else null (None).
Each verdict carries `why`: the reasons, in data, naming the materials (1-based row numbers and
HS codes) that decided it; the pages put them in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

DIGITS = {"CC": 2, "CTH": 4, "CTSH": 6, "CTI": 8, "chapter": 2, "heading": 4, "subheading": 6, "tariff_item": 8}
HUNDRED = Decimal(100)
TEXTILE_CHAPTERS = range(50, 64)
TEXTILE_HEADINGS = ("9619",)  # sanitary towels, napkins and diapers: Art. 6.1.2 names the heading
TEXTILE_WEIGHT_LIMIT, ELASTOMERIC_LIMIT = Decimal(10), Decimal(7)  # percent of the weight, Art. 6.1.2-3
# HS 2017 codes of elastomeric yarn itself (5402.44 filament yarn, 5404.11 monofilament), and of
# fabrics defined by an elastomeric content of 5 % or more whose share the code does not give
# (5806.20 narrow woven, 6002 and 6004 knitted): the first count whole, the second are doubtful.
ELASTOMERIC = ("540244", "540411")
MAYBE_ELASTOMERIC = ("580620", "6002", "6004")
# Art. 4.12: for a good of HS chapters 1 to 27, a failing material counts toward the tolerance only
# when it is classified in another subheading than the good.
SAME_SUBHEADING_CHAPTERS = range(1, 28)
WORDS = {"chapter": "CC", "heading": "CTH", "subheading": "CTSH", "tariff item": "CTI"}


@dataclass(frozen=True)
class Material:
    row: int  # 1-based, as the page numbers it
    hs_code: str | None  # digits, 6 to 10; None: "I don't know"
    origin: str  # originating | non_originating | unknown
    value: Decimal
    weight_pct: Decimal | None = None  # textiles: share of the weight (Art. 6.1.2-3); None: not given

    def ref(self) -> dict[str, Any]:
        return {"row": self.row, "hs_code": self.hs_code}


@dataclass(frozen=True)
class Figures:
    """Per unit: transaction value, net cost, value of non-originating materials (None: unknown)."""

    transaction_value: Decimal | None
    net_cost: Decimal | None
    non_originating: Decimal | None
    de_minimis_pct: Decimal | None


@dataclass
class Verdict:
    met: bool | None
    why: list[dict[str, Any]] = field(default_factory=list)


def decimal(value: Any) -> Decimal | None:
    """A number as a Decimal (via str, so 0.1 stays 0.1); None if not a finite number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def materials_from(answer: Any) -> list[Material] | None:
    """The answer `goods.materials` as materials; None when not given (or empty)."""
    if not isinstance(answer, list) or not answer:
        return None
    out = []
    for index, item in enumerate(answer, start=1):
        if not isinstance(item, Mapping):
            continue
        code = item.get("hs_code")
        code = code if isinstance(code, str) and code.isdigit() and 6 <= len(code) <= 10 else None
        value = decimal(item.get("unit_value"))
        origin = item.get("origin") if item.get("origin") in ("originating", "non_originating") else "unknown"
        weight = decimal(item.get("weight_pct"))
        out.append(Material(index, code, origin, value if value is not None and value >= 0 else Decimal(0),
                            weight if weight is not None and 0 <= weight <= HUNDRED else None))
    return out or None


def _and(*values: bool | None) -> bool | None:
    if any(v is False for v in values):
        return False
    return True if all(v is True for v in values) else None


def any_of(values: Iterable[bool | None]) -> bool | None:
    """Three-valued OR (the rule is met when any alternative is)."""
    values = list(values)
    if any(v is True for v in values):
        return True
    return False if values and all(v is False for v in values) else None


def _digits(code: str) -> str:
    return code.replace(".", "")


def _in_range(code: str, low: str, high: str) -> bool | None:
    """Whether a material's code falls in a range of codes written at some level; None when the
    material's code is too short to tell (a six-digit code against tariff items) and could."""
    low, high = _digits(low), _digits(high)
    width = len(low)
    if len(code) < width:
        prefix = code
        return None if low[: len(prefix)] <= prefix <= high[: len(prefix)] else False
    return low <= code[:width] <= high


def _in_any(code: str, ranges: Iterable[Mapping[str, str]]) -> bool | None:
    results = [_in_range(code, r["from"], r["to"]) for r in ranges]
    return any_of(results) if results else False


def _differs(code: str, product: str, digits: int) -> bool | None:
    if len(code) < digits or len(product) < digits:
        # a shorter code still shows a change at a coarser level
        common = min(len(code), len(product), digits)
        return True if code[:common] != product[:common] else None
    return code[:digits] != product[:digits]


def _group_codes(alt: Mapping[str, Any]) -> list[dict[str, str]]:
    to = alt.get("to") or {}
    return [{"from": a, "to": b} for a, b in to.get("codes") or ()]


def shifts(material_code: str, product: str, alt: Mapping[str, Any]) -> bool | None:
    """Whether one non-originating material makes the change the alternative asks for."""
    shift = alt.get("tariff_shift") or {}
    level = shift.get("level")
    whether = shift.get("whether_or_not") or ""
    if level == "specific":
        sources = shift.get("from") or []
        ok = _in_any(material_code, [s for s in sources if not s.get("goods")])
        if _in_any(material_code, [s for s in sources if s.get("goods")]) is not False:
            ok = any_of([ok, None])  # "from allspice, neither crushed nor ground, of 0904.21": the code alone cannot tell
        extra = shift.get("or_any_other") or next((WORDS[w] for w in WORDS if f"any other {w}" in whether), None)
        if extra:  # "... or any other chapter", "whether or not there is also a change from any other heading"
            ok = any_of([ok, _differs(material_code, product, DIGITS[extra])])
    elif level in ("CC", "CTH", "CTSH", "CTI"):
        ok = _differs(material_code, product, DIGITS[level])
        if shift.get("from") == "outside_group":
            inside = _in_any(material_code, _group_codes(alt))
            ok = _and(ok, None if inside is None else not inside)
        within = shift.get("within")
        if within and not whether:
            ok = _and(ok, _in_range(material_code, within["code"], within["code"]))
        if shift.get("also_within_target") and _in_any(material_code, _group_codes(alt)) is not False:
            ok = any_of([ok, None])  # "any other good within those subheadings": the code alone cannot tell
    else:
        return None
    exceptions = shift.get("except") or ()
    excluded = _in_any(material_code, [e for e in exceptions if not e.get("goods")])
    if excluded is not False:
        ok = _and(ok, None if excluded is None else False)
    if _in_any(material_code, [e for e in exceptions if e.get("goods")]) is not False:
        # "except from concentrates of poppy straw of 2939.11": the code alone cannot tell
        ok = _and(ok, None)
    return ok


@dataclass
class _Shift:
    failing: list[Material] = field(default_factory=list)  # certainly non-originating, certainly failing
    doubtful: list[Material] = field(default_factory=list)  # might be non-originating and failing


def _shift_split(materials: list[Material], product: str, alt: Mapping[str, Any]) -> _Shift:
    out = _Shift()
    groups = (alt.get("tariff_shift") or {}).get("except_more_than_one_of") or []
    hit: set[int] = set()
    for m in materials:
        if m.origin == "originating":
            continue
        result = None if m.hs_code is None else shifts(m.hs_code, product, alt)
        for index, group in enumerate(groups):
            if m.hs_code and _in_any(m.hs_code, group):
                hit.add(index)
        if result is True:
            continue
        (out.failing if result is False and m.origin == "non_originating" else out.doubtful).append(m)
    if len(hit) > 1:  # "except from more than one of ...": materials from two groups or more fail
        for m in materials:
            if m.origin == "non_originating" and m.hs_code and any(_in_any(m.hs_code, groups[i]) for i in hit):
                if m in out.doubtful:
                    out.doubtful.remove(m)
                if m not in out.failing:
                    out.failing.append(m)
    return out


def _refs(materials: Iterable[Material]) -> list[dict[str, Any]]:
    return [m.ref() for m in sorted(materials, key=lambda m: m.row)]


def _pct(part: Decimal, whole: Decimal) -> float:
    return float((part / whole * HUNDRED).quantize(Decimal("0.1")))


def _excluded(m: Material, product: str, exceptions: tuple[str, ...]) -> bool | None:
    """Whether the de minimis tolerance cannot cover this material (Annex 4-A, or the same
    subheading as a good of chapters 1-27); None when its code is unknown."""
    if m.hs_code is None:
        return None if exceptions or int(product[:2]) in SAME_SUBHEADING_CHAPTERS else False
    if any(m.hs_code.startswith(prefix) for prefix in exceptions):
        return True
    return int(product[:2]) in SAME_SUBHEADING_CHAPTERS and m.hs_code[:6] == product[:6]


def tariff_shift_part(
    materials: list[Material] | None, product: str, alt: Mapping[str, Any], figures: Figures,
    exceptions: tuple[str, ...],
) -> Verdict:
    """The tariff-shift part of an alternative, with the de minimis tolerance."""
    if materials is None:
        return Verdict(None, [{"reason": "no_materials"}])
    split = _shift_split(materials, product, alt)
    if not split.failing and not split.doubtful:
        return Verdict(True, [{"reason": "shift_met"}])
    why: list[dict[str, Any]] = []
    if split.failing:
        why.append({"reason": "shift_failed", "materials": _refs(split.failing)})
    if split.doubtful:
        why.append({"reason": "shift_unknown", "materials": _refs(split.doubtful)})
    if int(product[:2]) in TEXTILE_CHAPTERS or product[:4] in TEXTILE_HEADINGS:
        return _textile_weight(split, why)
    barred = [m for m in split.failing if _excluded(m, product, exceptions) is True]
    if barred:
        why.append({"reason": "de_minimis_excluded", "materials": _refs(barred)})
        return Verdict(False, why)
    tv, limit = figures.transaction_value, figures.de_minimis_pct
    if tv is None or tv <= 0 or limit is None:
        why.append({"reason": "de_minimis_unknown"})
        return Verdict(None, why)
    least = sum((m.value for m in split.failing), Decimal(0))
    most = least + sum((m.value for m in split.doubtful), Decimal(0))
    cap = tv * limit / HUNDRED
    maybe_barred = any(_excluded(m, product, exceptions) is not False for m in split.doubtful)
    if least > cap:
        why.append({"reason": "de_minimis_exceeded", "materials": _refs(split.failing),
                    "pct": _pct(least, tv), "limit_pct": float(limit)})
        return Verdict(False, why)
    if most <= cap and not maybe_barred:
        why.append({"reason": "de_minimis_saved", "materials": _refs(split.failing + split.doubtful),
                    "pct": _pct(most, tv), "limit_pct": float(limit)})
        return Verdict(True, why)
    why.append({"reason": "de_minimis_unknown", "materials": _refs(split.doubtful)})
    return Verdict(None, why)


def _elastomeric(m: Material) -> bool | None:
    if m.hs_code is None or m.hs_code.startswith(MAYBE_ELASTOMERIC):
        return None
    return m.hs_code.startswith(ELASTOMERIC)


def _textile_weight(split: _Shift, why: list[dict[str, Any]]) -> Verdict:
    """Art. 6.1.2-3: the failing materials tolerated when together they weigh at most 10 % of the
    good (of its classifying component, chapters 61-63), of which at most 7 % elastomeric."""
    counted = split.failing + split.doubtful
    if any(m.weight_pct is None for m in counted):
        why.append({"reason": "textile_weight", "materials": _refs(m for m in counted if m.weight_pct is None)})
        return Verdict(None, why)
    least = sum((m.weight_pct for m in split.failing), Decimal(0))
    most = least + sum((m.weight_pct for m in split.doubtful), Decimal(0))
    elastic_least = sum((m.weight_pct for m in split.failing if _elastomeric(m) is True), Decimal(0))
    elastic_most = sum((m.weight_pct for m in counted if _elastomeric(m) is not False), Decimal(0))
    if least > TEXTILE_WEIGHT_LIMIT or elastic_least > ELASTOMERIC_LIMIT:
        why.append({"reason": "textile_weight_exceeded", "materials": _refs(split.failing),
                    "pct": float(least), "elastomeric_pct": float(elastic_least)})
        return Verdict(False, why)
    if most <= TEXTILE_WEIGHT_LIMIT and elastic_most <= ELASTOMERIC_LIMIT:
        why.append({"reason": "textile_weight_saved", "materials": _refs(counted), "pct": float(most)})
        return Verdict(True, why)
    why.append({"reason": "textile_weight_unknown", "materials": _refs(split.doubtful or counted)})
    return Verdict(None, why)


def _vnm_bounds(materials: list[Material] | None, figures: Figures) -> tuple[Decimal, Decimal] | None:
    if figures.non_originating is not None:
        return figures.non_originating, figures.non_originating
    if materials is None:
        return None
    least = sum((m.value for m in materials if m.origin == "non_originating"), Decimal(0))
    return least, least + sum((m.value for m in materials if m.origin == "unknown"), Decimal(0))


def rvc_part(rvc: Mapping[str, Any], materials: list[Material] | None, figures: Figures) -> Verdict:
    """The regional value content part: met when a method reaches its own threshold."""
    bounds = _vnm_bounds(materials, figures)
    results: list[bool | None] = []
    why: list[dict[str, Any]] = []
    for method, base in (("transaction_value", figures.transaction_value), ("net_cost", figures.net_cost)):
        floor = decimal(rvc.get(method))
        if floor is None:
            continue
        if bounds is None or base is None or base <= 0:
            results.append(None)
            continue
        low = (base - bounds[1]) / base * HUNDRED
        high = (base - bounds[0]) / base * HUNDRED
        result = True if low >= floor else (False if high < floor else None)
        results.append(result)
        why.append({"reason": "rvc_met" if result else ("rvc_short" if result is False else "rvc_unknown"),
                    "method": method, "pct": float(low.quantize(Decimal("0.1"))), "min_pct": float(floor)})
    met = any_of(results)
    if met is None and not why:
        why.append({"reason": "rvc_unknown"})
    return Verdict(met, why)


def decide(
    alt: Mapping[str, Any], product: str, materials: list[Material] | None, figures: Figures,
    exceptions: tuple[str, ...] = (), other: bool = False,
) -> Verdict:
    """The verdict on one alternative (its machine form) for the product's code (6 to 10 digits)."""
    shift = alt.get("tariff_shift")
    if not shift or not shift.get("level"):
        return Verdict(None, [{"reason": "not_structured"}])
    parts: list[Verdict] = []
    if shift["level"] != "none":
        parts.append(tariff_shift_part(materials, product, alt, figures, exceptions))
    if alt.get("rvc"):
        parts.append(rvc_part(alt["rvc"], materials, figures))
    why = [reason for part in parts for reason in part.why]
    met = _and(*(part.met for part in parts)) if parts else None
    if other or alt.get("parse_status") == "review":
        why.append({"reason": "other_conditions"})
        met = False if met is False else None
    if alt.get("needs_review"):
        # the note's text looks defective and its reading is ours (reviewed.yaml): neither way is certain
        why.append({"reason": "reading_uncertain"})
        met = None
    return Verdict(met, why)
