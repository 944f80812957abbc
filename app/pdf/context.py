"""From a plan (the contract's JSON) to the plain data the PDF template shows.

Everything here is pure: a plan dict, the chamber's branding dict and a few
figures the business gave go in; dicts, lists and already translated,
locale-formatted strings come out. No Flask, no database, no WeasyPrint.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from babel.lists import format_list
from babel.support import Translations

from app.colors import readable_text_color
from app.i18n import formats
from app.i18n.catalogs import LANGUAGE_NAMES, format_locale
from app.i18n.markers import COUNTRY_NAMES, MONEY_TEXTS, N_
from app.pdf import texts
from app.pdf.checklists import checklists, tax_registration
from app.pdf.rule_verdicts import overall_verdict, verdict_view
from app.plans.due import due_view

COLOR = re.compile(r"#[0-9a-fA-F]{6}")
CORE_AREAS = ("origin", "temporary_entry", "digital_trade", "financing", "regulatory")
TOP_ACTIONS = 5


def area_order(plan: dict[str, Any]) -> list[str]:
    """The areas of the plan: the known ones in their order, then any other."""
    named = [a for a in texts.AREA_NAMES if a in plan["scores"] or any(x["area"] == a for x in plan["actions"])]
    extra = sorted(({x["area"] for x in plan["actions"]} | set(plan["scores"])) - set(named) - {"overall"})
    return named + extra


def area_applies(plan: dict[str, Any], area: str) -> bool:
    return plan["scores"].get(area) is not None or any(a["area"] == area for a in plan["actions"])


class Formatter:
    """Translation and number/date formatting in one locale."""

    def __init__(self, locale: str, translations: Translations, languages: dict[str, str] | None = None) -> None:
        self.locale = locale
        self.gettext = translations.gettext
        self.translations = translations
        # Citations (by text) and links (by URL) in another language than the plan's.
        self.languages = languages or {}

    def labelled(self, label: str, text: str) -> str:
        """ "Label: text", with the plan language's spacing ("Label : text" in French)."""
        return self.gettext("%(label)s: %(text)s") % {"label": label, "text": text}

    def area_name(self, area: str) -> str:
        known = texts.AREA_NAMES.get(area)
        return self.gettext(known) if known else area.replace("_", " ").capitalize()

    def band(self, score: int | None) -> str:
        if score is None:
            return self.gettext("does not apply")
        return next(self.gettext(label) for low, label in texts.READINESS_BANDS if score >= low)

    # Numbers and dates follow the plan language's audience (en_US, es_MX,
    # fr_CA: `formats`), as on the results page.
    def date(self, day: date) -> str:
        return formats.format_date(day, self.locale)

    def percent(self, value: float) -> str:
        return formats.format_percent(value, self.locale)

    def number(self, value: float) -> str:
        return formats.format_exact(value, self.locale)

    def money(self, value: float, currency: str | None = None) -> str:
        """With cents; with its currency (US$812.50 · 812,50 $ CA) when `currency` is given."""
        amount = formats.format_number(value, self.locale, "#,##0.00")
        return amount if currency is None else self.gettext(MONEY_TEXTS.get(currency, MONEY_TEXTS["USD"])) % {"amount": amount}

    def country(self, code: str) -> str:
        known = COUNTRY_NAMES.get(code)
        return self.gettext(known) if known else code

    def value(self, value: Any) -> str:
        """An answer's value as a reader would say it."""
        if isinstance(value, bool):
            return self.gettext("yes") if value else self.gettext("no")
        if value is None:
            return self.gettext("not answered")
        if isinstance(value, int | float):
            return self.number(value)
        if isinstance(value, list | tuple):
            return ", ".join(self.value(v) for v in value) or "–"
        if isinstance(value, dict):
            return ", ".join(self.labelled(str(k), self.value(v)) for k, v in value.items())
        return str(value).replace("_", " ")


def _resource(res: dict[str, Any], fmt: Formatter) -> dict[str, Any]:
    """A link: clickable only when https; its site printed for paper readers."""
    url = str(res.get("url") or "")
    secure = url.startswith("https://")
    site = urlsplit(url).hostname or "" if secure else ""
    country = fmt.country(res["country"]) if res.get("country") else ""
    return {
        "name": res["name"],
        "lang": fmt.languages.get(url),
        "country": country,
        "url": url if secure else None,
        "site": site.removeprefix("www."),
        "where": ", ".join(x for x in (country, site.removeprefix("www.")) if x),
    }


def _why(why: dict[str, Any], fmt: Formatter) -> dict[str, str]:
    """One reason in plain words, worded as on the results page (`explain_answer`)."""
    from app.plans.explain import explain_answer  # noqa: PLC0415  (it reads the wizard's steps: load on use)

    label, value = explain_answer(why["answer"], why.get("value"), fmt.locale)
    return {"path": why["answer"], "answer": label, "value": value}


def action_view(action: dict[str, Any], evaluated_on: date, fmt: Formatter) -> dict[str, Any]:
    from app.plans.explain import shown_reasons  # noqa: PLC0415  (the results page's reasons; it reads the wizard's steps)

    due = due_view(action, evaluated_on, fmt.translations, fmt.locale)
    return {
        "id": action["id"],
        "anchor": "action-" + action["id"].replace(".", "-"),
        "area": action["area"],
        "area_name": fmt.area_name(action["area"]),
        "title": action["title"],
        "detail": action["detail"],
        "priority": action["priority"],
        "priority_label": fmt.gettext(texts.PRIORITY_NAMES.get(action["priority"], action["priority"])),
        "priority_short": fmt.gettext(texts.PRIORITY_SHORT.get(action["priority"], action["priority"])),
        "due_iso": due.iso,
        "due_label": due.label,
        "due_text": due.text,
        "time_short": due.time_short,
        "why": [_why(w, fmt) for w in shown_reasons(action.get("why", []))],
        "citations": [{"text": c, "lang": fmt.languages.get(c)} for c in action.get("citations", [])],
        "resources": [_resource(r, fmt) for r in action.get("resources", [])],
    }


def rvc_lines(findings: dict[str, Any], given: dict[str, Any], fmt: Formatter) -> list[str]:
    """The RVC worked out in words, with the business's own numbers when known;
    each method is compared with its own threshold (contracts.md section 2)."""
    lines = []
    value, materials = given.get("unit_transaction_value"), given.get("unit_non_originating_value")
    currency = given.get("currency") or "USD"  # the business's own, as it gave the figures
    methods = (
        ("rvc_transaction_value_pct", "rvc_threshold_pct", fmt.gettext("Transaction-value method"), value),
        ("rvc_net_cost_pct", "rvc_net_cost_threshold_pct", fmt.gettext("Net-cost method"), given.get("unit_net_cost")),
    )
    unmeasured = False
    for key, threshold_key, name, base in methods:
        pct, threshold = findings.get(key), findings.get(threshold_key)
        if pct is None:
            continue
        line = fmt.labelled(name, fmt.percent(pct))
        if base and materials is not None:
            line += (f" = ({fmt.money(base, currency)} - {fmt.money(materials, currency)})"
                     f" ÷ {fmt.money(base, currency)} × 100")
        if threshold is None:
            unmeasured = True
        else:
            verdict = (
                fmt.gettext("at or above the threshold of %(threshold)s")
                if pct >= threshold
                else fmt.gettext("below the threshold of %(threshold)s")
            )
            line += "; " + verdict % {"threshold": fmt.percent(threshold)}
        lines.append(line + ".")
    if unmeasured:
        lines.append(fmt.gettext(texts.THRESHOLD_UNKNOWN))
    elif lines:
        # with the product's own rule known (its options follow), the usual pair is only a guide
        lines.append(fmt.gettext(texts.THRESHOLD_RULE if findings.get("origin_rule") else texts.THRESHOLD_USUAL))
    if lines and value is not None and materials is not None:
        lines.insert(
            0,
            fmt.gettext(
                "With the figures you gave: a unit value of %(value)s, of which %(materials)s in non-originating materials."
            )
            % {"value": fmt.money(value, currency), "materials": fmt.money(materials, currency)},
        )
    return lines


# The tariff shift an alternative of a product-specific rule asks of every
# non-originating material (contracts.md section 2, `origin_rule`).
_SHIFTS = {
    "chapter": N_("Every non-originating material must be classified in another chapter than the product (a change of chapter)."),
    "heading": N_("Every non-originating material must be classified in another heading than the product (a change of heading)."),
    "subheading": N_("Every non-originating material must be classified in another subheading than the product (a change of subheading)."),
    "tariff_item": N_("Every non-originating material must be classified in another tariff item than the product."),
}


def _dotted(code: str) -> str:
    return f"{code[:4]}.{code[4:6]}"


def _correlation_words(note: dict[str, Any] | None, fmt: Formatter) -> str | None:
    """What the code typed is in HS 2017, the edition the rules are written in."""
    if not note:
        return None
    gettext, ngettext = fmt.gettext, fmt.translations.ngettext
    typed, codes = _dotted(note["typed"]), ", ".join(_dotted(c) for c in note["hs2017"])
    if note["kind"] == "renumbered":
        return gettext("Your code %(typed)s (HS 2022) is %(code)s in HS 2017, the edition this rule is written in.") % {
            "typed": typed, "code": codes}
    if note["kind"] == "hs2017_only":
        return gettext("Your code %(typed)s is an HS 2017 code that HS 2022, the edition customs use today, no longer has: "
                       "check your product's current code with your customs broker.") % {"typed": typed}
    if note["kind"] == "unknown":
        return gettext("We do not find %(typed)s in HS 2022 or HS 2017: check the code; the rule shown is the one "
                       "for the heading around it.") % {"typed": typed}
    if note.get("candidates") is None:
        return ngettext("Your code %(typed)s (HS 2022) corresponds to %(num)d HS 2017 subheading (%(codes)s); this rule applies to it.",
                            "Your code %(typed)s (HS 2022) corresponds to %(num)d HS 2017 subheadings (%(codes)s); they all have this rule.",
                            note["count"]) % {"typed": typed, "num": note["count"], "codes": codes}
    listed = "; ".join(
        f"{c['source']} ({', '.join(_dotted(code) for code in c['hs2017'])}{'…' if c['count'] > len(c['hs2017']) else ''})"
        for c in note["candidates"])
    return ngettext("Your code %(typed)s (HS 2022) corresponds to %(num)d HS 2017 subheadings under %(rules)d different rule; "
                    "ask your customs broker which one your product falls under. The most frequent: %(listed)s.",
                    "Your code %(typed)s (HS 2022) corresponds to %(num)d HS 2017 subheadings under %(rules)d different rules; "
                    "ask your customs broker which one your product falls under. The most frequent: %(listed)s.",
                    note["rules"]) % {"typed": typed, "num": note["count"], "rules": note["rules"], "listed": listed}


def origin_rule_view(rule: dict[str, Any] | None, fmt: Formatter) -> dict[str, Any] | None:
    """The product-specific rule of origin: its source and verbatim text (in
    English: no official Spanish or French text is in the project), and each
    alternative in plain words in the reader's language, from its machine form."""
    if not rule:
        return None
    gettext = fmt.gettext
    alternatives = []
    for index, alternative in enumerate(rule.get("alternatives") or ()):
        words = []
        shift = _SHIFTS.get(alternative.get("tariff_shift") or "")
        if shift:
            words.append(gettext(shift))
            if alternative.get("from") == "specified" and alternative.get("from_codes"):
                words.append(gettext("The change must be from %(codes)s.") % {"codes": ", ".join(alternative["from_codes"])})
            if alternative.get("except"):
                words.append(gettext("Materials from %(codes)s do not count as a change.") % {"codes": ", ".join(alternative["except"])})
        methods = {item["method"]: item["min_pct"] for item in alternative.get("rvc") or ()}
        if "transaction_value" in methods and "net_cost" in methods:
            words.append(gettext("A regional value content of at least %(tv)s (transaction-value method) or %(nc)s (net-cost method).")
                         % {"tv": fmt.percent(methods["transaction_value"]), "nc": fmt.percent(methods["net_cost"])})
        elif "net_cost" in methods:
            words.append(gettext("A regional value content of at least %(nc)s, by the net-cost method only.")
                         % {"nc": fmt.percent(methods["net_cost"])})
        elif "transaction_value" in methods:
            words.append(gettext("A regional value content of at least %(tv)s (transaction-value method).")
                         % {"tv": fmt.percent(methods["transaction_value"])})
        if alternative.get("other") or alternative.get("parse_status") == "review":
            words.append(gettext("Other conditions apply: read the legal text."))
        if not words:
            words.append(gettext("Read the legal text: this alternative could not be put in plain words."))
        alternatives.append({"letter": chr(ord("A") + index), "text": " ".join(words),
                             "verdict": verdict_view(alternative, fmt)})
    return {
        "source": rule.get("source"), "revision": rule.get("revision"), "text": rule.get("text"),
        "correlation": _correlation_words(rule.get("hs_correlation"), fmt),
        "text_lang": None if fmt.locale == "en" else "en", "alternatives": alternatives,
        "automotive": bool(rule.get("automotive")),
        "verdict": overall_verdict(rule, alternatives, fmt),
    }


def findings_lines(
    area: str, findings: dict[str, Any], given: dict[str, Any], reference: dict[str, Any], fmt: Formatter
) -> list[str]:
    """The findings of one area in plain words."""
    gettext = fmt.gettext  # the name pybabel extracts
    lines: list[str] = []
    if area == "origin":
        status = texts.ORIGIN_STATUS.get(findings.get("origin_status") or "")
        lines += [gettext(status)] if status else []
        lines += rvc_lines(findings, given, fmt)
    elif area == "temporary_entry":
        category = texts.ENTRY_CATEGORIES.get(findings.get("entry_category") or "")
        if category:
            lines.append(gettext("The category that fits the trip: %(category)s.") % {"category": gettext(category)})
        status = texts.TN_STATUS.get(findings.get("tn_status") or "")
        lines += [gettext(status)] if status else []
        profession = reference.get("tn_profession") or {}
        if findings.get("tn_profession"):
            name = profession.get("name") or fmt.value(findings["tn_profession"])
            lines.append(gettext("Profession on the USMCA list: %(name)s.") % {"name": name})
            if profession.get("credential"):
                lines.append(gettext("Credentials it requires: %(credential)s") % {"credential": profession["credential"]})
    elif area == "digital_trade" and findings.get("tax_registrations"):
        lines.append(
            gettext("Consumption-tax registrations your sales appear to reach: %(list)s.")
            % {"list": _semicolons([tax_registration(code, gettext) for code in findings["tax_registrations"]], fmt)}
        )
    return lines


def findings_blocks(
    plan: dict[str, Any], areas: list[str], given: dict[str, Any], reference: dict[str, Any], fmt: Formatter,
    rule: dict[str, Any] | None,
) -> list[dict[str, Any]]:
    """What we found, area by area, as the results page and the PDF both show it first: each
    area's lines in the business's own figures and, for origin, its product's rule's verdict."""
    blocks = []
    for area in areas:
        lines = findings_lines(area, plan["findings"], given, reference, fmt)
        if lines or (area == "origin" and rule):
            verdict = (rule or {}).get("verdict") if area == "origin" else None
            blocks.append({"area": area, "name": fmt.area_name(area), "lines": lines, "verdict": verdict})
    return blocks


def _semicolons(items: list[str], fmt: Formatter) -> str:
    """Items that hold commas, separated by semicolons as the plan's language writes them."""
    text = items[0]
    for item in items[1:]:
        text = fmt.gettext("%(items)s; %(next)s") % {"items": text, "next": item}
    return text


def _glossary(applying: set[str], fmt: Formatter) -> list[tuple[str, str]]:
    """The terms of the areas in the plan (the advice of an area uses its terms;
    matching words instead would miss them in a translated plan)."""
    entries = [
        (fmt.gettext(term), fmt.gettext(definition))
        for term, definition, areas in texts.GLOSSARY
        if areas is None or set(areas) & applying
    ]
    return sorted(entries, key=lambda entry: entry[0].casefold())


def _bars(plan: dict[str, Any], areas: list[str], fmt: Formatter) -> list[dict[str, Any]]:
    bars = []
    for area in areas:
        score = plan["scores"].get(area)
        bars.append(
            {
                "area": area,
                "name": fmt.area_name(area),
                "score": score,
                "band": fmt.band(score),
                "text": fmt.gettext("%(score)s out of 100") % {"score": score} if score is not None else "–",
            }
        )
    return bars


def _local_resources(branding: dict[str, Any], applying: set[str], fmt: Formatter) -> list[dict[str, Any]]:
    chosen = []
    for res in branding.get("local_resources") or []:
        areas = res.get("areas")
        if areas and not set(areas) & applying:
            continue
        view = _resource({"name": res["name"], "url": res.get("url"), "country": res.get("country")}, fmt)
        chosen.append({**view, "description": res.get("description") or ""})
    return chosen


def _color(value: Any, default: str) -> str:
    """A #rrggbb colour, or the default: branding values go into the stylesheet."""
    return value if isinstance(value, str) and COLOR.fullmatch(value) else default


def _chamber(branding: dict[str, Any]) -> dict[str, Any]:
    website = branding.get("website_url") or ""
    primary = _color(branding.get("primary_color"), "#0b4f8a")
    return {
        "name": branding.get("name") or "",
        "logo_url": branding.get("logo_url"),
        "primary": primary,
        "primary_text": readable_text_color(primary),
        "accent": _color(branding.get("accent_color"), "#b8430b"),
        "contact": [
            x for x in (branding.get("address"), branding.get("contact_phone"), branding.get("contact_email")) if x
        ],
        "website": website if website.startswith("https://") else None,
    }


def _markets_text(markets: list[str], fmt: Formatter) -> str | None:
    """The markets the business targets, in the plan's language ("the United States and Mexico"
    is said "Estados Unidos y México"): the cover names only these."""
    names = [fmt.gettext(COUNTRY_NAMES[m]) for m in markets if m in COUNTRY_NAMES]
    return format_list(names, locale=format_locale(fmt.locale)) if names else None


def plan_context(
    plan: dict[str, Any],
    branding: dict[str, Any],
    locale: str,
    translations: Translations,
    given: dict[str, Any] | None = None,
    reference: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Everything the template shows, as plain, translated, formatted data."""
    given, reference = given or {}, reference or {}
    fmt = Formatter(locale, translations, reference.get("languages"))
    evaluated_on = date.fromisoformat(plan["evaluated_on"])
    areas = area_order(plan)
    applying = {a for a in areas if area_applies(plan, a)}
    done = set(given.get("done") or ())
    actions = [{**action_view(a, evaluated_on, fmt), "done": a["id"] in done} for a in plan["actions"]]
    rule = origin_rule_view(plan["findings"].get("origin_rule"), fmt)
    sections = [
        {
            "area": area,
            "anchor": f"area-{area}",
            "name": fmt.area_name(area),
            "score": plan["scores"].get(area),
            "band": fmt.band(plan["scores"].get(area)),
            "origin_rule": rule if area == "origin" else None,
            "actions": [a for a in actions if a["area"] == area],
        }
        for area in areas
        if area in applying
    ]
    glossary = _glossary(applying, fmt)
    return {
        "lang": locale,
        "language_name": LANGUAGE_NAMES.get(locale, locale),
        "chamber": _chamber(branding),
        "business_name": given.get("business_name"),
        "assisted": bool(given.get("assisted")),
        "date_text": fmt.date(evaluated_on),
        "markets_text": _markets_text(given.get("markets") or [], fmt),
        "rules_version": plan["rules_version"],
        "overall": plan["scores"].get("overall"),
        "overall_band": fmt.band(plan["scores"].get("overall")),
        "bars": _bars(plan, [a for a in areas if a in CORE_AREAS or a in plan["scores"]], fmt),
        "top_actions": [a for a in actions if not a["done"]][:TOP_ACTIONS],
        "done_count": sum(a["done"] for a in actions),
        "action_count": len(actions),
        "findings": findings_blocks(plan, [section["area"] for section in sections], given, reference, fmt, rule),
        "sections": sections,
        "checklists": checklists(applying, given, plan["findings"], plan["actions"], fmt,
                                 frozenset(a["id"] for a in actions if a["done"])),
        "local_resources": _local_resources(branding, applying, fmt),
        "glossary": glossary,
    }
