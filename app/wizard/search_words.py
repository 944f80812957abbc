"""More words a long list's search finds an option by.

A NAICS sector by the industries it holds, in the page's language; a
Spanish or French profession by its other grammatical gender.
"""

from __future__ import annotations

import re
from functools import cache

from app.i18n.catalogs import get_translations

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
