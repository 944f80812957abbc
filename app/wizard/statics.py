"""What a question's HTML owes only to the question and the language, built once.

Labels, hints and option texts are translated and escaped once per
(question, language) and kept for the life of the process, like the step
files and the compiled catalogs they come from. `fields.py` adds what a
request brings: values, checked marks, errors.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache, cached_property
from threading import Lock
from typing import Any

from markupsafe import Markup, escape

from app.i18n.catalogs import get_translations
from app.i18n.markers import COUNTRY_NAMES, N_
from app.wizard.forms import MARKETS, fold
from app.wizard.steps import Question


@dataclass(frozen=True)
class Words:
    """The few words of the question markup, translated as templates do (`_()`)."""

    lang: str
    error: str
    optional: str
    yes: str
    no: str
    unknown_code: str
    sector: str
    choose_sector: str
    naics_detail: str
    search_list: str
    search: str
    choose_from_list: str
    people: str
    years: str

    def matches(self, count: int) -> str:
        return Markup(get_translations(self.lang).ngettext("%(num)d match", "%(num)d matches", count)) % {"num": count}

    @cached_property
    def matches_for_script(self) -> str:
        """The count's wording for wizard.js, as attributes of the status line:
        none and one in full, more with `%(num)d` left for the script to fill."""
        catalog = get_translations(self.lang)
        none, one, many = (catalog.ngettext("%(num)d match", "%(num)d matches", n) for n in (0, 1, 2))
        return (f' data-none="{escape(none % {"num": 0})}" data-one="{escape(one % {"num": 1})}"'
                f' data-many="{escape(many)}"')


@cache
def words(lang: str) -> Words:
    catalog = get_translations(lang)

    def markup(message: str) -> str:
        return str(Markup(catalog.gettext(message)) % {})

    return Words(
        lang, markup(N_("Error:")), markup(N_("(optional)")), markup(N_("Yes")), markup(N_("No")),
        markup(N_("I don't know the code")), markup(N_("Sector")), markup(N_("Choose a sector")),
        markup(N_("NAICS code, if you know it (optional)")), markup(N_("Search the list")), markup(N_("Search")),
        markup(N_("Choose from the list")), str(escape(catalog.gettext(N_("people")))),
        str(escape(catalog.gettext(N_("years")))),
    )


@dataclass(frozen=True)
class PickerOption:
    value: str
    group: Any
    group_label: str | None  # escaped
    folded_label: str
    folded_value: str
    line: str
    selected_line: str
    folded_keywords: str = ""  # more words a search finds the option by


# A picker's way out ("Another profession"): a search never hides it, so one
# that finds nothing still leaves an answer to choose.
FALLBACK = "other"
# Pickers whose options name a person's profession: the Spanish and French
# labels give one form ("Enfermero registrado", "Infirmier autorisé"), and a
# search also finds them by the other ("enfermera", "infirmière").
PROFESSION_PICKERS = frozenset({"travel.profession"})


@dataclass(frozen=True)
class QuestionStatics:
    question: Question
    name: str
    block_open: str
    label: str  # the label's inner HTML, "(optional)" included
    hint: str | None
    unit: str | None
    radios: tuple[tuple[str, str, str], ...] = ()  # (value, markup before " checked", markup after)
    checkboxes: tuple[tuple[str, str, str], ...] = ()
    picker: tuple[PickerOption, ...] = ()
    picker_html: str = ""
    picker_values: frozenset[str] = frozenset()
    picker_search: str = ""  # the search box's attributes for wizard.js: keywords by value, the fallback
    countries: tuple[str, ...] = ()


_STATICS: dict[tuple[int, str], QuestionStatics] = {}
_LOCK = Lock()


def question_statics(question: Question, lang: str) -> QuestionStatics:
    """Built on first use; the entry keeps its question, so its id is never reused."""
    key = (id(question), lang)
    found = _STATICS.get(key)
    if found is None or found.question is not question:
        with _LOCK:
            found = _STATICS[key] = _build(question, lang)
    return found


def _tr(lang: str, context: str | None, text: str) -> str:
    return get_translations(lang).pgettext(context, text) if context else text


def _build(q: Question, lang: str) -> QuestionStatics:
    text = words(lang)
    name = q.name
    label = str(escape(_tr(lang, f"question.{q.id}|label", q.label)))
    if not q.required:
        label += f' <span class="optional">{text.optional}</span>'
    hint = str(escape(_tr(lang, f"question.{q.id}|hint", q.hint))) if q.hint else None
    reveal = _reveal(q)
    block_open = (f'\n<div class="question-block{" conditional" if q.shown_when is not None else ""}" id="{name}-block"'
                  + (f' data-reveal-name="{escape(reveal[0])}" data-reveal-values="{escape(" ".join(reveal[1]))}"' if reveal else "")
                  + ">")
    options = [(str(c.value), str(escape(_tr(lang, c.context, c.label))), _choice_hint(q, c, lang)) for c in q.choices]
    if q.type == "boolean":
        options = [("yes", text.yes, None), ("no", text.no, None)]
    unit = {"people": text.people, "years": text.years, "percent": "%"}.get(q.unit or "") if q.type == "integer" else "USD"
    extra: dict[str, Any] = {}
    if q.type in ("choice", "boolean"):
        extra["radios"] = _choice_lines(q, options, "radio")
    elif q.type == "multi_choice":
        extra["checkboxes"] = _choice_lines(q, options, "checkbox")
    elif q.type in ("picker", "naics"):
        extra["picker"] = _picker_options(q, lang)
        extra["picker_html"] = group_options(extra["picker"], None)
        extra["picker_values"] = frozenset(o.value for o in extra["picker"])
        extra["picker_search"] = _search_attributes(extra["picker"])
    elif q.type == "amounts_by_market":
        catalog = get_translations(lang)
        extra["countries"] = tuple(str(escape(catalog.gettext(COUNTRY_NAMES[m]))) for m in MARKETS)
    return QuestionStatics(q, name, block_open, label, hint, unit, **extra)


def _choice_hint(q: Question, choice: Any, lang: str) -> str | None:
    if not choice.hint:
        return None
    return str(escape(_tr(lang, f"question.{q.id}.{choice.value}|hint", choice.hint)))


def _reveal(question: Question) -> tuple[str, list[str]] | None:
    """For the script: show this question only while a radio on the page has one of these values."""
    condition = question.shown_when
    if condition is None or condition.left is None or condition.op not in ("equals", "in"):
        return None
    values = condition.right if isinstance(condition.right, tuple) else (condition.right,)
    return condition.left.name.replace(".", "-"), [str(v) for v in values]


def _choice_lines(q: Question, options: list[tuple[str, str, str | None]], kind: str) -> tuple[tuple[str, str, str], ...]:
    lines = []
    for index, (value, label, hint) in enumerate(options, start=1):
        element_id = q.name if index == 1 else f"{q.name}-{index}"
        head = f'\n    <div class="choice">\n      <input type="{kind}" id="{element_id}" name="{q.name}" value="{escape(value)}"'
        tail = f' aria-describedby="{element_id}-item-hint"' if hint else ""
        if kind == "checkbox" and q.exclusive == value:
            tail += " data-exclusive"
        tail += f'>\n      <label for="{element_id}">{label}</label>'
        if hint:
            tail += f'<p class="hint choice-hint" id="{element_id}-item-hint">{hint}</p>'
        lines.append((value, head, tail + "\n    </div>"))
    return tuple(lines)


def _picker_options(q: Question, lang: str) -> tuple[PickerOption, ...]:
    labels = {g.value: _tr(lang, g.context, g.label) for g in q.groups}
    keywords = naics_keywords(lang) if q.type == "naics" else {}
    options = []
    for choice in q.choices:
        value, label = str(choice.value), _tr(lang, choice.context, choice.label)
        words = keywords.get(value, "")
        if q.id in PROFESSION_PICKERS:
            words = other_gender(label, lang)
        if q.type == "naics":  # a sector is known by its code as much as by its name
            label = f"{value} – {label}"
        group_label = labels.get(choice.group)
        line = f'\n        <option value="{escape(value)}">{escape(label)}</option>'
        options.append(PickerOption(value, choice.group, str(escape(group_label)) if group_label else None,
                                    fold(label), fold(value), line, line.replace(">", " selected>", 1), fold(words)))
    return tuple(options)


def _search_attributes(options: tuple[PickerOption, ...]) -> str:
    keywords = {o.value: o.folded_keywords for o in options if o.folded_keywords}
    attributes = f' data-keywords="{escape(json.dumps(keywords, ensure_ascii=False))}"' if keywords else ""
    if any(o.value == FALLBACK for o in options):
        attributes += f' data-keep="{FALLBACK}"'
    return attributes


# Word endings of one form and the other, for `other_gender`, longest first.
_ENDINGS = {
    "es": (("or", "ora"), ("o", "a")),
    "fr": (("ateur", "atrice"), ("cteur", "ctrice"), ("lteur", "ltrice"), ("ieur", "ieure"), ("esseur", "esseure"),
           ("eur", "euse"), ("er", "ère"), ("ien", "ienne"), ("ant", "ante"), ("at", "ate"), ("ert", "erte"),
           ("té", "té"), ("é", "ée")),  # nouns in -té (université) are feminine already
}


def other_gender(label: str, lang: str) -> str:
    """A Spanish or French profession's label with each word in its other form
    ("Enfermero registrado" → "Enfermera registrada", "Infirmier autorisé" →
    "Infirmière autorisée"), or "" if that changes nothing. Only a search reads
    it, so a word changed that had no other form costs nothing."""
    endings = _ENDINGS.get(lang)
    if not endings:
        return ""

    def change(match: re.Match[str]) -> str:
        word = match.group()
        found = next(((end, other) for end, other in endings if word.lower().endswith(end)), None)
        if found is None or len(word) < 4:
            return word
        return word[: len(word) - len(found[0])] + found[1]

    changed = re.sub(r"\w+", change, label)
    return "" if changed == label else changed


def group_options(options: tuple[PickerOption, ...] | list[PickerOption], selected: Any) -> str:
    """The <option> lines in <optgroup>s, in the order the groups first appear."""
    groups: dict[Any, list[str]] = {}
    labels: dict[Any, str | None] = {}
    for option in options:
        labels.setdefault(option.group, option.group_label)
        groups.setdefault(option.group, []).append(option.selected_line if option.value == selected else option.line)
    return "".join(
        f'<optgroup label="{labels[key]}">{"".join(lines)}</optgroup>' if labels[key] else "".join(lines)
        for key, lines in groups.items()
    )



@cache
def naics_keywords(lang: str) -> dict[str, str]:
    """More words each NAICS sector is found by, from the NAICS 2022 description
    of the industries it holds: a software consultancy searching "software" or
    "consulting" finds 54 as well as 51. Translated as lists: each language's
    readers search in their words (SCIAN México, SCIAN Canada)."""
    catalog = get_translations(lang)
    # Translators: words that find a NAICS sector in the wizard's search, separated by commas. Not shown; give the words your readers would type, from the SCIAN descriptions of the sector, not a word-for-word list.
    return {
        "11": catalog.pgettext("naics.11|keywords", "farming, farms, crops, grains, fruits, vegetables, greenhouses, nurseries, livestock, cattle, ranching, dairy farms, poultry, eggs, aquaculture, logging, timber, fishing, hunting, trapping"),
        "21": catalog.pgettext("naics.21|keywords", "mining, mines, quarries, oil, natural gas, petroleum, crude oil, coal, metal ores, gold, silver, copper, iron ore, sand, gravel, stone, oil and gas wells, drilling"),
        "22": catalog.pgettext("naics.22|keywords", "electricity, electric power, power generation, power transmission, hydroelectric, nuclear, solar, wind, natural gas distribution, water supply, water treatment, sewage, steam, air-conditioning supply"),
        "23": catalog.pgettext("naics.23|keywords", "building construction, homebuilders, residential, commercial buildings, contractors, general contractors, renovation, remodeling, civil engineering, roads, highways, bridges, utility lines, plumbing, electrical contractors, heating, HVAC, roofing, carpentry, concrete, painting, drywall, site preparation"),
        "31": catalog.pgettext("naics.31|keywords", "food processing, food manufacturing, bakeries, tortillas, meat processing, seafood, dairy products, cheese, confectionery, chocolate, snack foods, animal food, beverages, soft drinks, bottled water, breweries, beer, wineries, wine, distilleries, spirits, tobacco, textile mills, yarn, fabrics, carpets, curtains, apparel, clothing, garments, sewing, leather, footwear, shoes, handbags"),
        "32": catalog.pgettext("naics.32|keywords", "wood products, sawmills, lumber, plywood, wood windows, pallets, paper, pulp, cardboard, paperboard boxes, printing, petroleum refining, asphalt, chemicals, fertilizers, pesticides, pharmaceuticals, medicines, paints, adhesives, soaps, cleaning products, cosmetics, plastics, plastic products, rubber, tires, glass, cement, concrete products, ceramics, lime, gypsum"),
        "33": catalog.pgettext("naics.33|keywords", "steel, aluminum, foundries, metal products, machine shops, tools, hardware, machinery, industrial machinery, agricultural machinery, computers, electronics, semiconductors, circuit boards, communications equipment, instruments, electrical equipment, lighting, appliances, batteries, motor vehicles, auto parts, trucks, trailers, aerospace, aircraft, railroad cars, ships, boats, furniture, kitchen cabinets, mattresses, medical devices, dental supplies, jewelry, sporting goods, toys, signs"),
        "42": catalog.pgettext("naics.42|keywords", "wholesalers, wholesale distributors, distribution, merchant wholesalers, jobbers, drop shippers, import/export merchants, importers, exporters, agents, brokers, business-to-business, B2B, durable goods, nondurable goods, electronic markets"),
        "44": catalog.pgettext("naics.44|keywords", "retail stores, shops, car dealers, auto dealers, auto parts stores, boat dealers, building materials, hardware stores, home centers, garden centers, grocery stores, supermarkets, convenience stores, specialty food stores, butchers, liquor stores, beer and wine stores, furniture stores, home furnishings, electronics stores, appliance stores"),
        "45": catalog.pgettext("naics.45|keywords", "department stores, warehouse clubs, supercenters, general merchandise, pharmacies, drugstores, cosmetics, beauty supplies, optical goods, gas stations, fuel dealers, heating oil, propane, clothing stores, shoe stores, jewelry stores, luggage, sporting goods, hobby, toys, games, musical instruments, bookstores, florists, office supplies, stationery, gift shops, used merchandise, pet stores"),
        "48": catalog.pgettext("naics.48|keywords", "airlines, air freight, air cargo, charter flights, railroads, rail freight, shipping, ocean freight, marine transportation, trucking, freight trucking, moving companies, buses, public transit, school buses, taxis, limousines, pipelines, sightseeing, airports, ports, cargo handling, freight forwarding, freight forwarders, customs brokers, logistics, packing and crating, towing"),
        "49": catalog.pgettext("naics.49|keywords", "postal service, mail, couriers, express delivery, parcel delivery, package delivery, messengers, local delivery, warehousing, warehouses, storage, cold storage, refrigerated warehouses, farm product storage, bonded warehouses"),
        "51": catalog.pgettext("naics.51|keywords", "publishing, newspapers, magazines, books, software publishers, software, apps, video games, movies, film production, video production, post-production, music, sound recording, record labels, radio, television, broadcasting, streaming, social networks, content providers, telecommunications, telephone, internet service providers, wireless carriers, cable, satellite, data processing, web hosting, cloud computing, data centers, search engines, web portals, libraries, archives, news agencies"),
        "52": catalog.pgettext("naics.52|keywords", "banks, banking, credit unions, savings institutions, lending, loans, mortgages, credit cards, consumer finance, factoring, payment processing, money transfers, check cashing, currency exchange, securities, stockbrokers, investment banking, investment advice, asset management, portfolio management, venture capital, insurance carriers, insurance agencies, insurance brokers, claims adjusting, pension funds, trusts"),
        "53": catalog.pgettext("naics.53|keywords", "real estate, landlords, lessors of buildings, apartment rental, office space, real estate agents, real estate brokers, property management, appraisers, self-storage, car rental, truck rental, equipment rental, equipment leasing, machinery leasing, consumer goods rental, party rental, franchising, franchisors, patent licensing, trademark licensing"),
        "54": catalog.pgettext("naics.54|keywords", "lawyers, law firms, legal services, notaries, paralegals, accountants, accounting, bookkeeping, tax preparation, payroll services, auditing, architects, engineering, engineers, surveying, testing laboratories, inspection, graphic design, interior design, industrial design, fashion design, computer systems design, software development, custom programming, programmers, IT consulting, computer consulting, computer services, web design, management consulting, consultants, human resources consulting, logistics consulting, environmental consulting, scientific research, research and development, R&D, advertising, marketing, public relations, media buying, market research, polling, photography, translation, interpretation, veterinarians, veterinary services"),
        "55": catalog.pgettext("naics.55|keywords", "holding companies, head offices, corporate offices, headquarters, regional managing offices, management of companies, bank holding companies"),
        "56": catalog.pgettext("naics.56|keywords", "office administration, facilities support, employment agencies, staffing, temporary help, recruiting, professional employer organizations, document preparation, call centers, telemarketing, collection agencies, credit bureaus, copy shops, travel agencies, tour operators, reservations, security guards, investigators, alarm monitoring, locksmiths, janitorial, cleaning, pest control, landscaping, packaging and labeling, trade shows, conventions, waste collection, garbage, hazardous waste, landfills, recycling, remediation, septic tank services"),
        "61": catalog.pgettext("naics.61|keywords", "schools, elementary schools, secondary schools, high schools, colleges, universities, community colleges, business schools, computer training, management training, trade schools, technical schools, flight training, apprenticeship training, fine arts schools, language schools, sports instruction, tutoring, exam preparation, driving schools, educational support services"),
        "62": catalog.pgettext("naics.62|keywords", "hospitals, physicians, doctors, medical clinics, dentists, chiropractors, optometrists, physical therapists, psychologists, mental health, outpatient care, medical laboratories, diagnostic imaging, home health care, ambulance services, nursing homes, residential care, retirement homes, assisted living, child care, day care, social services, family services, services for the elderly, vocational rehabilitation, food banks, emergency relief"),
        "71": catalog.pgettext("naics.71|keywords", "performing arts, theater, dance companies, musicians, concerts, festivals, spectator sports, sports teams, racetracks, promoters, talent agents, artists, writers, performers, museums, historical sites, zoos, aquariums, botanical gardens, nature parks, amusement parks, theme parks, arcades, casinos, gambling, lotteries, golf courses, ski resorts, marinas, fitness centers, gyms, bowling centers, recreation"),
        "72": catalog.pgettext("naics.72|keywords", "hotels, motels, inns, resorts, bed-and-breakfasts, hostels, campgrounds, RV parks, recreational camps, boarding houses, restaurants, fast food, cafeterias, coffee shops, snack bars, bars, taverns, nightclubs, food trucks, mobile food services, caterers, food service contractors"),
        "81": catalog.pgettext("naics.81|keywords", "auto repair, car repair, body shops, car washes, oil change, computer repair, electronics repair, equipment repair, machinery repair, appliance repair, upholstery, shoe repair, hair salons, barber shops, nail salons, beauty salons, spas, funeral homes, cemeteries, dry cleaning, laundromats, laundry, pet grooming, pet care, parking lots, religious organizations, churches, charities, foundations, civic organizations, business associations, chambers of commerce, professional associations, labor unions, political organizations, private households"),
        "92": catalog.pgettext("naics.92|keywords", "government, federal government, state government, provincial government, municipal government, local government, city hall, legislatures, courts, police, corrections, prisons, fire protection, public finance, tax administration, regulation, licensing, inspection, public health programs, social programs, environmental programs, housing programs, economic development, national security, defense, international affairs, embassies, consulates"),
    }
