"""The fact `origin.rule`: the USMCA product-specific rule for the product's HS code on the date.

The table is `rules/origin_rules/usmca_gn11.json` (generated from HTSUS General Note 11(o), see
`rules/README.md`), read once per process. The value is the finding `origin_rule` of the plan
contract (contracts.md §2): the rule's source, its verbatim English text and one entry per
alternative with its machine form and the verdict `met` for the business's bill of materials
(`app.rules_engine.origin_rules.materials`), with its reasons in `why`. Automotive rules are left
to specialists (`met` null); a rule displaced by tariff-item rules for some lines of the
subheading is decided only when the product's code shows which lines it is not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from app.rules_engine.facts import FactContext, fact
from app.rules_engine.origin_rules.hs_correlation import Correspondence, correlation
from app.rules_engine.origin_rules.lookup import OriginTable
from app.rules_engine.origin_rules.materials import Figures, Material, Verdict, any_of, decide, decimal, materials_from

HS_CODE = "goods.hs_code"
MATERIALS = "goods.materials"
TV = "goods.unit_transaction_value"
VNM = "goods.unit_non_originating_value"
NC = "goods.unit_net_cost"
P_DE_MINIMIS = "origin.de_minimis_value_pct"
EXCEPTIONS_TABLE = "de_minimis_exceptions"
SHIFT_NAMES = {"CC": "chapter", "CTH": "heading", "CTSH": "subheading", "CTI": "tariff_item", "none": "none"}
LEVEL_NAMES = {"chapter": "chapter", "heading": "heading", "subheading": "subheading", "tariff_item": "tariff_item"}


@cache
def origin_table() -> OriginTable:
    """The generated table, loaded once (about 40 ms; see the changelog for the measure)."""
    return OriginTable.load()


def _codes(ranges: list[dict[str, str]]) -> list[str]:
    return [r["from"] if r["from"] == r["to"] else f"{r['from']}-{r['to']}" for r in ranges]


@dataclass(frozen=True)
class Check:
    """What the bill-of-materials check reads: the product's code, its materials and figures."""

    product: str
    materials: list[Material] | None
    figures: Figures
    exceptions: tuple[str, ...] = ()


def _alternative(alt: dict[str, Any], goods_condition: str | None, verdict: Verdict | None = None) -> dict[str, Any]:
    shift = alt.get("tariff_shift") or {}
    level = shift.get("level")
    out: dict[str, Any] = {"tariff_shift": None, "from": None, "except": [], "rvc": [], "other": None}
    if level in SHIFT_NAMES:
        out["tariff_shift"] = SHIFT_NAMES[level]
        if level != "none":
            out["from"] = shift.get("from") if shift.get("from") in ("any_other", "outside_group") else "specified"
    elif level == "specific" and isinstance(shift.get("from"), list) and shift["from"]:
        out["tariff_shift"] = LEVEL_NAMES.get(shift["from"][0]["level"])
        out["from"] = "specified"
        out["from_codes"] = _codes(shift["from"])
    out["except"] = _codes(shift.get("except") or [])
    if shift.get("except_more_than_one_of"):
        # refused only when the non-originating materials come from more than one of these groups
        out["except_more_than_one_of"] = [_codes(group) for group in shift["except_more_than_one_of"]]
    rvc = alt.get("rvc") or {}
    for method in ("transaction_value", "net_cost"):
        if rvc.get(method) is not None:
            out["rvc"].append({"method": method, "min_pct": rvc[method]})
    others = [goods_condition, (alt.get("to") or {}).get("goods"), alt.get("conditions")]
    if alt["parse_status"] == "review":
        others.append(alt["text"])
    out["other"] = "; ".join(o for o in others if o) or None
    out["parse_status"] = alt["parse_status"]
    out["met"] = None if verdict is None else verdict.met
    if verdict is not None:
        out["why"] = verdict.why
    return out


def _verdict(alt: dict[str, Any], rule: dict[str, Any], check: Check | None, blocked: str | None) -> Verdict | None:
    if check is None:
        return None
    if blocked:
        return Verdict(None, [{"reason": blocked}])
    other = bool(rule.get("goods_condition") or (alt.get("to") or {}).get("goods") or alt.get("conditions"))
    return decide(alt, check.product, check.materials, check.figures, check.exceptions, other)


def _blocked(rules: list[dict[str, Any]], found: dict[str, Any], check: Check | None) -> str | None:
    """Why no alternative is decided: automotive (specialists), or a tariff-item rule that may govern."""
    if check is None:
        return None
    if any(r["automotive"] for r in rules):
        return "automotive"
    if len(rules) > 1 and any(r.get("trade_scope") for r in rules):
        return "trade_scope"  # one rule per pair of countries: the answers do not say which trade it is
    if found["tariff_item_rules"] and (len(check.product) < 8 or not found["rules"]):
        # the product's line is not known, or no general rule covers the lines no item rule names
        return "tariff_item_rule"
    return None


def _covers(rule: dict[str, Any], code: str) -> bool:
    return any(t["level"] == "tariff_item" and t["from"].replace(".", "") <= code[:8] <= t["to"].replace(".", "")
               for t in rule["applies_to"])


def _governing(found: dict[str, Any], check: Check | None) -> dict[str, Any]:
    """The rules that govern the product: a tariff-item rule alone governs its eight-digit line
    (General Note 11(n)(viii)); the others, when the product's line is known, do not concern it."""
    if check is None or len(check.product) < 8 or not found["tariff_item_rules"]:
        return found
    items = [r for r in found["tariff_item_rules"] if _covers(r, check.product)]
    if items:
        return {**found, "rules": items, "tariff_item_rules": []}
    return {**found, "tariff_item_rules": [] if found["rules"] else found["tariff_item_rules"]}


SCOPES = {
    "MX-US": "trade between Mexico and the United States",
    "CA-US": "trade between Canada and the United States",
    "other": "all other trade",
}


def _name(rule: dict[str, Any]) -> str:
    if rule["subdivision"] is not None:
        return str(rule["subdivision"])
    codes = ", ".join(_codes(rule["applies_to"]))
    if rule.get("trade_scope"):
        return f"for {codes} ({SCOPES[rule['trade_scope']]})"
    return f"for {codes} in force from {rule['valid_from']}"


def _source(rules: list[dict[str, Any]]) -> str:
    chapter = rules[0]["chapter"]
    numbers = [_name(r) for r in rules]
    word = "rule" if len(numbers) == 1 else "rules"
    joiner = ", " if all(n.isdigit() for n in numbers) else "; "
    return f"HTSUS General Note 11(o), chapter {chapter}, {word} {joiner.join(numbers)}"


def origin_rule_for(hs6: str, on: date, check: Check | None = None) -> dict[str, Any] | None:
    """The finding `origin_rule` for a six-digit code on a date; None when no rule reaches the code.
    With `check`, each alternative gets its verdict for the materials, and the rule its `met`."""
    table = origin_table()
    found = table.rule_for(hs6, on)
    if found is None or not (found["rules"] or found["tariff_item_rules"]):
        return None
    found = _governing(found, check)
    rules = found["rules"] or found["tariff_item_rules"]
    source = table.source
    blocked = _blocked(rules, found, check)
    alternatives = [_alternative(a, r.get("goods_condition"), _verdict(a, r, check, blocked))
                    for r in rules for a in r["alternatives"]]
    out = {
        "source": _source(rules),
        "revision": source["revision"].replace("Revision", "Rev."),
        "hs_version": source["hs_edition"].removeprefix("HS "),
        "text": "\n\n".join(((r.get("heading_text") or "") + " " + r["text"]).strip() for r in rules),
        "alternatives": alternatives,
        "automotive": any(r["automotive"] for r in rules),
        "tariff_item_rules": [
            {"source": _source([r]), "text": r["text"]} for r in found["tariff_item_rules"] if found["rules"]
        ],
        "valid_from": max((r["valid_from"] for r in rules if r["valid_from"]), default=None),
        "valid_until": min((r["valid_until"] for r in rules if r["valid_until"]), default=None),
    }
    if check is not None:
        out["met"] = any_of(a["met"] for a in alternatives)
    return out


def _check(ctx: FactContext, code: str) -> Check:
    row = ctx.row(EXCEPTIONS_TABLE, code[:6]) or ctx.row(EXCEPTIONS_TABLE, code[:4]) or ctx.row(EXCEPTIONS_TABLE, code[:2])
    exceptions = tuple(p.strip().replace(".", "") for p in row["materials"].split(",")) if row else ()
    figures = Figures(decimal(ctx.answer(TV)), decimal(ctx.answer(NC)), decimal(ctx.answer(VNM)),
                      decimal(ctx.param(P_DE_MINIMIS)))
    return Check(code, materials_from(ctx.answer(MATERIALS)), figures, exceptions)


_INPUTS = (HS_CODE, MATERIALS, TV, VNM, NC)


# How many of the HS 2017 codes, or of their distinct rules, the finding names for a split HS 2022
# code (8524.11, flat panel display modules, corresponds to 483: the owner needs a broker, not the list).
MAX_CANDIDATES = 10


def _correlation_note(found: Correspondence, candidates: list[tuple[str, dict[str, Any]]] | None = None) -> dict[str, Any]:
    note: dict[str, Any] = {"typed": found.typed, "kind": found.kind, "hs2017": list(found.hs2017[:MAX_CANDIDATES]),
                            "count": len(found.hs2017)}
    if candidates is not None:
        # one entry per distinct rule, the rules reaching most of the codes first
        by_source: dict[str, list[str]] = {}
        for code, rule in candidates:
            by_source.setdefault(rule["source"], []).append(code)
        ranked = sorted(by_source.items(), key=lambda item: (-len(item[1]), item[0]))
        note["rules"] = len(ranked)
        note["candidates"] = [{"source": source, "hs2017": codes[:3], "count": len(codes)}
                              for source, codes in ranked[:MAX_CANDIDATES]]
    return note


def _rule_for_typed(code: str, on: date, check_for: Callable[[str], Check]) -> dict[str, Any] | None:
    """The rule for the code as typed: owners type HS 2022 codes, the rules are written in HS 2017
    (UNSD's correlation, `hs_correlation`). A code that split gives its rule when every HS 2017
    code it corresponds to has the same one; otherwise no rule is chosen for the owner, and the
    finding lists the candidates and their sources."""
    found = correlation().to_hs2017(code[:6])
    codes = found.hs2017 or (code[:6],)
    if len(codes) == 1:
        # a national line (8 or 10 digits) is read only under the subheading it was typed for
        rule = origin_rule_for(codes[0], on, check_for(code if codes[0] == code[:6] else codes[0]))
        if rule is not None and found.kind != "same":
            rule["hs_correlation"] = _correlation_note(found)
        return rule
    reached = [(c, r) for c in codes if (r := origin_rule_for(c, on, check_for(c))) is not None]
    if not reached:
        return None
    if len(reached) == len(codes) and len({(r["source"], r["text"]) for _, r in reached}) == 1:
        rule = reached[0][1]
        rule["hs_correlation"] = _correlation_note(found)
        return rule
    first = reached[0][1]
    return {
        "source": "HTSUS General Note 11(o): the rules of several HS 2017 subheadings",
        "revision": first["revision"], "hs_version": first["hs_version"], "text": "", "alternatives": [],
        "automotive": any(r["automotive"] for _, r in reached), "tariff_item_rules": [],
        "valid_from": None, "valid_until": None, "met": None,
        "hs_correlation": _correlation_note(found, reached),
    }


@fact("origin.rule", inputs=_INPUTS, params=(P_DE_MINIMIS,), tables=(EXCEPTIONS_TABLE,))
def origin_rule(ctx: FactContext) -> dict[str, Any] | None:
    """The USMCA product-specific rule for the HS code on the evaluation date (General Note 11(o)),
    each alternative judged against the bill of materials."""
    code = ctx.answer(HS_CODE)
    on = getattr(ctx, "on", None)
    if not isinstance(code, str) or len(code) < 6 or not code.isdigit() or not isinstance(on, date):
        return None
    return _rule_for_typed(code, on, lambda product: _check(ctx, product))


@fact("origin.rule_met", inputs=_INPUTS, params=(P_DE_MINIMIS,), tables=(EXCEPTIONS_TABLE,))
def rule_met(ctx: FactContext) -> bool | None:
    """Whether the bill of materials meets an alternative of the product-specific rule (null: cannot tell)."""
    rule = ctx.fact("origin.rule")
    return None if not rule else rule.get("met")


def _deciding(rule: dict[str, Any] | None, met: bool) -> list[str]:
    codes: list[str] = []
    for alt in (rule or {}).get("alternatives") or ():
        if alt["met"] is not met:
            continue
        for reason in alt.get("why") or ():
            for m in reason.get("materials") or ():
                text = _dotted(m["hs_code"]) if m["hs_code"] else f"#{m['row']}"
                if text not in codes:
                    codes.append(text)
    return codes


def _dotted(code: str) -> str:
    return ".".join(part for part in (code[:4], code[4:6], code[6:8], code[8:]) if part)


@fact("origin.rule_failing_materials", inputs=_INPUTS, params=(P_DE_MINIMIS,), tables=(EXCEPTIONS_TABLE,))
def rule_failing_materials(ctx: FactContext) -> list[str] | None:
    """The HS codes of the materials that decided a rule not met (those failing its options)."""
    rule = ctx.fact("origin.rule")
    return (_deciding(rule, False) or None) if rule and rule.get("met") is False else None


@fact("origin.rule_saved_materials", inputs=_INPUTS, params=(P_DE_MINIMIS,), tables=(EXCEPTIONS_TABLE,))
def rule_saved_materials(ctx: FactContext) -> list[str] | None:
    """The HS codes of the materials that fail the tariff shift but stay within the de minimis tolerance."""
    rule = ctx.fact("origin.rule")
    return (_deciding(rule, True) or None) if rule and rule.get("met") is True else None
