"""The fact `origin.rule`: the USMCA product-specific rule for the product's HS code on the date.

The table is `rules/origin_rules/usmca_gn11.json` (generated from HTSUS General Note 11(o), see
`rules/README.md`), read once per process. The value is the finding `origin_rule` of the plan
contract (contracts.md §2): the rule's source, its verbatim English text and one entry per
alternative with its machine form. `met` stays null: the bill-of-materials check is not built yet.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from app.rules_engine.facts import FactContext, fact
from app.rules_engine.origin_rules.lookup import OriginTable

HS_CODE = "goods.hs_code"
SHIFT_NAMES = {"CC": "chapter", "CTH": "heading", "CTSH": "subheading", "CTI": "tariff_item", "none": "none"}
LEVEL_NAMES = {"chapter": "chapter", "heading": "heading", "subheading": "subheading", "tariff_item": "tariff_item"}


@cache
def origin_table() -> OriginTable:
    """The generated table, loaded once (about 40 ms; see the changelog for the measure)."""
    return OriginTable.load()


def _codes(ranges: list[dict[str, str]]) -> list[str]:
    return [r["from"] if r["from"] == r["to"] else f"{r['from']}-{r['to']}" for r in ranges]


def _alternative(alt: dict[str, Any], goods_condition: str | None) -> dict[str, Any]:
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
    out["met"] = None
    return out


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


def origin_rule_for(hs6: str, on: date) -> dict[str, Any] | None:
    """The finding `origin_rule` for a six-digit code on a date; None when no rule reaches the code."""
    table = origin_table()
    found = table.rule_for(hs6, on)
    if found is None or not (found["rules"] or found["tariff_item_rules"]):
        return None
    rules = found["rules"] or found["tariff_item_rules"]
    source = table.source
    return {
        "source": _source(rules),
        "revision": source["revision"].replace("Revision", "Rev."),
        "hs_version": source["hs_edition"].removeprefix("HS "),
        "text": "\n\n".join(((r.get("heading_text") or "") + " " + r["text"]).strip() for r in rules),
        "alternatives": [_alternative(a, r.get("goods_condition")) for r in rules for a in r["alternatives"]],
        "automotive": any(r["automotive"] for r in rules),
        "tariff_item_rules": [
            {"source": _source([r]), "text": r["text"]} for r in found["tariff_item_rules"] if found["rules"]
        ],
        "valid_from": max((r["valid_from"] for r in rules if r["valid_from"]), default=None),
        "valid_until": min((r["valid_until"] for r in rules if r["valid_until"]), default=None),
    }


@fact("origin.rule", inputs=(HS_CODE,))
def origin_rule(ctx: FactContext) -> dict[str, Any] | None:
    """The USMCA product-specific rule for the HS code on the evaluation date (General Note 11(o))."""
    code = ctx.answer(HS_CODE)
    on = getattr(ctx, "on", None)
    if not isinstance(code, str) or len(code) < 6 or not code[:6].isdigit() or not isinstance(on, date):
        return None
    return origin_rule_for(code[:6], on)
