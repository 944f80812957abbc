"""The PDF's own words: area names, labels of findings, glossary, checklists.

Every text is an English source string marked with N_ so that Babel extracts
it into `translations/`; it is translated when a PDF is rendered, with the
catalog of the plan's language. Advice itself (titles, details, figures that
can change) comes from the plan, never from here: the checklist items below
are tasks to tick, worded without thresholds or amounts that could go stale.
"""

from __future__ import annotations

from app.i18n.markers import N_
from app.plans import areas

AREA_NAMES = areas.AREA_NAMES

PRIORITY_NAMES = {"high": N_("High priority"), "medium": N_("Medium priority"), "low": N_("Low priority")}

PRIORITY_SHORT = {"high": N_("High"), "medium": N_("Medium"), "low": N_("Low")}


READINESS_BANDS = (  # (lowest score of the band, its label)
    (75, N_("well prepared")),
    (50, N_("on the way")),
    (25, N_("some gaps")),
    (0, N_("many gaps")),
)

# Under the RVC figures: the thresholds shown are the usual pair, or, for
# automotive goods whose category the answers do not settle, none at all.
THRESHOLD_USUAL = N_(
    "Each method is compared with its own threshold. These are the usual thresholds: the rule written for your HS code in Annex 4-B may set other levels, or offer only one of the two methods."
)
THRESHOLD_RULE = N_("These are the usual thresholds; the rule for your product, below, gives the ones that count.")
THRESHOLD_UNKNOWN = N_(
    "For automotive goods the threshold depends on the category of the good (passenger vehicle or light truck, heavy truck, core, principal or complementary part): the specialist review in your plan lists the levels."
)

ORIGIN_STATUS = {
    "likely_originating": N_(
        "From your answers, your product likely qualifies as originating under the USMCA, so it can enter duty-free with a certification of origin."
    ),
    "likely_not_originating": N_(
        "From your answers, your product likely does not qualify as originating under the USMCA: it would pay the normal duties unless its production or materials change."
    ),
    "needs_review": N_(
        "Your answers do not settle whether your product qualifies as originating: an adviser or a customs broker should review it with you."
    ),
}

TN_STATUS = {
    "eligible": N_(
        "The traveller appears to meet the conditions for professional status (TN) with the profession below."
    ),
    "not_eligible": N_(
        "The traveller does not appear to meet the conditions for professional status (TN); another category may fit."
    ),
    "needs_review": N_(
        "Whether the traveller qualifies as a professional (TN) needs an adviser's check of the credentials."
    ),
}

ENTRY_CATEGORIES = {
    "professional": N_("Professional (USMCA Section D; TN status in the United States)"),
    "business_visitor": N_("Business visitor (USMCA Section A)"),
    "intra_company_transferee": N_("Intra-company transferee (USMCA Section C)"),
    "trader_investor": N_("Trader or investor (USMCA Section B)"),
}

# The consumption-tax registrations of the finding `tax_registrations`, by code
# (app/rules_engine/calculators/digital_trade.py CODES), named for the owner.
TAX_REGISTRATIONS = {
    "CA-GST/HST": N_("Canada's GST/HST, under the simplified registration for sellers outside Canada"),
    "CA-QST": N_("Québec's QST, under the specified registration for sellers outside Québec"),
    "MX-IVA-DIGITAL": N_("Mexico's VAT (IVA) on digital services from abroad, with registration at the SAT"),
    "US-STATE-REVIEW": N_("US state sales taxes: each state's threshold for sellers from outside the state"),
}

# Terms of the trade used in the plan. An entry is printed when one of its
# areas is in the plan (None: always).
GLOSSARY = (
    (
        N_("USMCA, CUSMA, T-MEC"),
        N_(
            "The United States-Mexico-Canada Agreement, the free trade agreement between the three countries since 1 July 2020. Canada calls it CUSMA, Mexico T-MEC."
        ),
        None,
    ),
    (
        N_("Originating good"),
        N_(
            "A good that meets the agreement's rules of origin and so may enter the other two countries at the preferential (usually zero) duty rate."
        ),
        ("origin",),
    ),
    (
        N_("Regional value content (RVC)"),
        N_(
            "The share of a good's value that comes from the three countries. The transaction-value method compares the price with the value of non-originating materials; the net-cost method uses the cost of production instead."
        ),
        ("origin",),
    ),
    (
        N_("Tariff shift"),
        N_(
            "A rule of origin met when non-originating materials are transformed enough to change their tariff classification."
        ),
        ("origin",),
    ),
    (
        N_("HS code"),
        N_(
            "The Harmonized System number that classifies a good for customs; its first six digits are the same in all three countries."
        ),
        ("origin",),
    ),
    (
        N_("Certification of origin"),
        N_(
            "The statement, by the importer, exporter or producer, that a good is originating. It has no set form but must hold the minimum data elements of Annex 5-A."
        ),
        ("origin",),
    ),
    (
        N_("De minimis"),
        N_("The small share of non-originating materials that may be ignored when a good fails a tariff shift."),
        ("origin",),
    ),
    (
        N_("Customs broker"),
        N_("A licensed agent who clears goods through customs for the importer."),
        ("origin", "customs_logistics"),
    ),
    (
        N_("TN status"),
        N_(
            "The temporary-entry status of a Canadian or Mexican professional in the United States under the USMCA; Canada and Mexico have their own equivalents."
        ),
        ("temporary_entry",),
    ),
    (
        N_("Business visitor"),
        N_(
            "A person who enters for business activities such as meetings, research or after-sales service, without entering the local labour market."
        ),
        ("temporary_entry",),
    ),
    (
        N_("Port of entry"),
        N_("The border crossing or airport where a traveller is admitted by the border agency."),
        ("temporary_entry",),
    ),
    (N_("B2C"), N_("Sales to consumers rather than to other businesses."), ("digital_trade",)),
    (
        N_("Consumption tax"),
        N_(
            "A tax on sales to final consumers: GST/HST and QST in Canada, IVA in Mexico, state sales taxes in the United States."
        ),
        ("digital_trade",),
    ),
    (
        N_("Non-resident registration"),
        N_(
            "A tax registration that lets a seller with no establishment in a country collect and remit its consumption tax."
        ),
        ("digital_trade",),
    ),
    (
        N_("Personal data"),
        N_(
            "Any information about an identifiable person, such as a customer's name, e-mail address or purchase history."
        ),
        ("digital_trade",),
    ),
    (
        N_("Working capital"),
        N_("The cash a business needs to produce and ship an order before the buyer pays."),
        ("financing",),
    ),
    (N_("Credit insurance"), N_("Insurance that pays the exporter if a foreign buyer does not pay."), ("financing",)),
    (
        N_("Letter of credit"),
        N_("A bank's promise to pay the exporter once the shipping documents are presented as agreed."),
        ("financing",),
    ),
    (
        N_("Cash in advance"),
        N_("Payment before the goods ship: the safest terms for the exporter, the least attractive for the buyer."),
        ("financing",),
    ),
    (
        N_("Open account"),
        N_("The buyer pays after receiving the goods: the riskiest terms for the exporter."),
        ("financing",),
    ),
    (
        N_("NOM"),
        N_("Norma Oficial Mexicana: a mandatory Mexican technical regulation, such as a labelling or safety standard, often checked at customs."),
        ("regulatory",),
    ),
    (
        N_("Certification body"),
        N_("An organisation accredited to test a product against a standard and let it carry its mark, such as a safety mark on electrical products."),
        ("regulatory",),
    ),
)

# USMCA Annex 5-A: the minimum data elements of a certification of origin.
CERTIFICATION_ITEMS = (
    N_("Whether the certifier is the importer, the exporter or the producer"),
    N_("The certifier's name, title, address, telephone number and e-mail address"),
    N_("The exporter's name, address, telephone number and e-mail address, if not the certifier"),
    N_(
        'The producer\'s name, address, telephone number and e-mail address, if not the certifier or the exporter (or "various", or "available upon request by the importing authorities")'
    ),
    N_("The importer's name, address, telephone number and e-mail address, if known"),
    N_("A description of the good and its HS tariff classification to six digits"),
    N_("The origin criterion the good meets"),
    N_("The blanket period, if the certification covers several shipments of identical goods (up to 12 months)"),
    N_("The certifier's signature and the date, under the certification statement of Annex 5-A"),
)

# What a business person carries to the border or the consulate.
TRAVEL_DOCUMENT_ITEMS = (
    N_("A valid passport proving citizenship of the United States, Canada or Mexico"),
    N_(
        "A letter from the client or employer in the destination country describing the activity, its purpose, the length of stay and how the traveller is paid"
    ),
    N_(
        "For a professional: the profession on the USMCA list, and the degree, licence or diploma it requires, with transcripts"
    ),
    N_("Proof of the years of experience the profession asks for, such as letters from former employers"),
    N_("Proof that the stay is temporary and that the traveller keeps a home and employer in their own country"),
    N_("The application fee, and the visa or work permit where the destination country requires one in advance"),
)

# The obligations of a digital business in each market.
DIGITAL_ITEMS = (
    N_("A privacy notice that meets this country's privacy law, in the language its customers read"),
    N_("Consent to marketing e-mail collected and recorded as this country's anti-spam rules require"),
    N_("Whether sales to consumers here require registering to collect consumption tax"),
    N_("The website, contracts and consumer information available in the market's language where the law requires it"),
    N_("Electronic signatures and contracts accepted under this country's rules"),
    N_("Where the customers' personal data is stored, and whether transfers abroad must be disclosed"),
)
