"""The verdict on each alternative of the product-specific rule, in plain words.

The plan carries the verdict (`met`: true, false or null) and its reasons as data
(`why`: reason codes, the materials by row and HS code, percentages); this puts them
in the reader's language for the results page and the PDF alike. Pure: no Flask.
"""

from __future__ import annotations

from typing import Any, Protocol

from app.i18n.markers import N_
from app.rules_engine.origin_rules.materials import ELASTOMERIC_LIMIT, TEXTILE_WEIGHT_LIMIT

VERDICTS = {True: N_("Met"), False: N_("Not met"), None: N_("Can't tell")}
METHODS = {"transaction_value": N_("transaction-value"), "net_cost": N_("net-cost")}


class Words(Protocol):
    def gettext(self, message: str) -> str: ...
    def percent(self, value: float) -> str: ...


def hs_dotted(code: str) -> str:
    """An HS code as customs papers write it: 9403.90, 8471.80.10."""
    return ".".join(part for part in (code[:4], code[4:6], code[6:8], code[8:]) if part)


def _materials(reason: dict[str, Any], fmt: Words) -> str:
    gettext = fmt.gettext
    names = [gettext("material %(row)d (HS %(code)s)") % {"row": m["row"], "code": hs_dotted(m["hs_code"])}
             if m.get("hs_code") else gettext("material %(row)d (HS code not known)") % {"row": m["row"]}
             for m in reason.get("materials") or ()]
    return ", ".join(names)


def _rvc(reason: dict[str, Any], fmt: Words) -> str:
    gettext = fmt.gettext
    if "method" not in reason:
        return gettext("Give your selling price, your net cost and the value of your non-originating materials to check the regional value content.")
    method = METHODS[reason["method"]]
    values = {"method": gettext(method), "pct": fmt.percent(reason["pct"]), "min": fmt.percent(reason["min_pct"])}
    if reason["reason"] == "rvc_met":
        return gettext("Regional value content by the %(method)s method: %(pct)s, at least the %(min)s required.") % values
    if reason["reason"] == "rvc_short":
        return gettext("Regional value content by the %(method)s method: %(pct)s, below the %(min)s required.") % values
    return gettext("Regional value content by the %(method)s method: %(pct)s or more, depending on the materials whose origin is not known; %(min)s is required.") % values


def reason_text(reason: dict[str, Any], fmt: Words) -> str:
    """One reason of a verdict as a sentence in the reader's language."""
    gettext = fmt.gettext
    code = reason["reason"]
    values = {"materials": _materials(reason, fmt)}
    if "pct" in reason and "limit_pct" in reason:
        values.update(pct=fmt.percent(reason["pct"]), limit=fmt.percent(reason["limit_pct"]))
    if code.startswith("textile_weight_"):
        values.update(pct=fmt.percent(reason.get("pct", 0)), elastomeric=fmt.percent(reason.get("elastomeric_pct", 0)),
                      limit=fmt.percent(float(TEXTILE_WEIGHT_LIMIT)), elastic_limit=fmt.percent(float(ELASTOMERIC_LIMIT)))
    texts = {
        "no_materials": gettext("List the materials of one unit to have this option checked."),
        "shift_met": gettext("Every non-originating material makes the change of classification this option asks for."),
        "shift_failed": gettext("These non-originating materials do not make the change of classification: %(materials)s."),
        "shift_unknown": gettext("Whether these materials count against the change of classification depends on a code or origin you do not know: %(materials)s."),
        "textile_weight": gettext("For textiles the tolerance counts weight, not value: give the share of the weight of %(materials)s to have it checked."),
        "textile_weight_saved": gettext("Together they weigh %(pct)s of the good (or of the part that decides its classification), within the textile tolerance of %(limit)s by weight, so the option still holds."),
        "textile_weight_exceeded": gettext("Together they weigh %(pct)s of the good (or of the part that decides its classification), above the textile tolerance of %(limit)s by weight."),
        "textile_elastomeric_exceeded": gettext("Their elastomeric yarn weighs %(elastomeric)s of the good (or of the part that decides its classification), above the %(elastic_limit)s of the textile tolerance it may take."),
        "textile_weight_unknown": gettext("Whether they stay within the textile tolerance by weight depends on these materials' origin, code or elastomeric content: %(materials)s."),
        "de_minimis_excluded": gettext("The de minimis tolerance cannot cover these materials (USMCA Annex 4-A, or the same subheading as a good of chapters 1 to 27): %(materials)s."),
        "de_minimis_exceeded": gettext("Together they are worth %(pct)s of the selling price, above the %(limit)s tolerance (de minimis)."),
        "de_minimis_saved": gettext("Together they are worth %(pct)s of the selling price, within the %(limit)s tolerance (de minimis), so the option still holds."),
        "de_minimis_unknown": gettext("Whether the materials that fail stay within the tolerance depends on figures or materials not known yet."),
        "other_conditions": gettext("The rule sets other conditions that your answers do not cover: read the legal text."),
        "not_structured": gettext("This option could not be put in machine form: read the legal text."),
        "reading_uncertain": gettext("The legal text of this option seems to contain an error, so our reading of it is uncertain: have a customs broker confirm it."),
        "automotive": gettext("Automotive rules are left to a specialist: this portal does not decide them."),
        "tariff_item_rule": gettext("Some eight-digit lines of this subheading have their own rule: give the product's full code (8 or 10 digits)."),
        "trade_scope": gettext("The rule differs by the countries the good is traded between: a specialist must say which one applies."),
    }
    if code == "textile_weight_exceeded" and reason.get("pct", 0) <= TEXTILE_WEIGHT_LIMIT:
        code = "textile_elastomeric_exceeded"  # within 10 % in all, but too much of it elastomeric
    if code.startswith("rvc_"):
        return _rvc(reason, fmt)
    return texts[code] % values if "%(" in texts[code] else texts[code]


def _says_something(reason: dict[str, Any]) -> bool:
    """A reason that comes from the business's answers, not from their absence."""
    return reason["reason"] != "no_materials" and not (reason["reason"] == "rvc_unknown" and "method" not in reason)


def verdict_view(alternative: dict[str, Any], fmt: Words) -> dict[str, Any] | None:
    """Met / not met / can't tell, and why, for an alternative the engine judged; None when it
    was not judged, or when nothing was given to judge it on (no materials, no figures)."""
    if not any(_says_something(reason) for reason in alternative.get("why") or ()):
        return None
    met = alternative.get("met")
    return {"met": met, "label": fmt.gettext(VERDICTS[met]),
            "reasons": [reason_text(reason, fmt) for reason in alternative["why"]]}


def overall_verdict(rule: dict[str, Any], views: list[dict[str, Any]], fmt: Words) -> dict[str, Any] | None:
    """The rule as a whole (met when any option is), shown when some option was judged."""
    if not any(view.get("verdict") for view in views):
        return None
    met = rule.get("met")
    return {"met": met, "label": fmt.gettext(VERDICTS[met])}
