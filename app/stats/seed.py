"""`flask demo seed`: synthetic completed questionnaires, deterministic for a seed.

Realistic shapes (more US than Mexican than Canadian respondents, many
manufacturers and few utilities, mostly micro and small firms, a quarter
women-owned, a few Indigenous-owned), deliberately small cells (rare sectors,
rare size bands, Indigenous-owned businesses) and one dominant chamber per
country, over the four quarters of 2026. Documents are valid under the answers
schema. Chambers `demo-<country>-<n>` are created when missing.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import insert, select

from app.assessments.models import Assessment, new_public_id
from app.chambers.models import Chamber
from app.extensions import db
from app.stats.facts import counting_period, fact_values, published_periods

COUNTRIES = (("US", 45), ("MX", 30), ("CA", 25))
REGIONS = {
    "US": ("US-TX", "US-CA", "US-NY", "US-MI", "US-VT", "US-AZ", "US-WA"),
    "CA": ("CA-ON", "CA-QC", "CA-BC", "CA-AB", "CA-NS"),
    "MX": ("MX-NLE", "MX-JAL", "MX-CMX", "MX-CHH", "MX-OAX", "MX-YUC"),
}
SECTORS = (
    ("11", 6), ("21", 1), ("22", 0.4), ("23", 3), ("31", 8), ("32", 6), ("33", 12), ("42", 10), ("44", 3), ("45", 2),
    ("48", 3), ("49", 1), ("51", 6), ("52", 2), ("53", 0.5), ("54", 12), ("55", 0.2), ("56", 3), ("61", 1), ("62", 1),
    ("71", 1), ("72", 3), ("81", 2), ("92", 0.1),
)
SIZES = (((0, 9), 45), ((10, 49), 35), ((50, 249), 15), ((250, 499), 4), ((500, 2000), 1))
STAGES = (("none", 20), ("exploring", 30), ("occasional", 30), ("regular", 20))
BARRIERS = (
    ("finding_buyers", .5), ("regulations_standards", .35), ("customs_procedures", .3), ("rules_of_origin", .2),
    ("tariffs", .25), ("logistics_border_delays", .2), ("financing", .3), ("payment_risk", .15),
    ("visas_travel", .08), ("language", .12), ("ip_protection", .06), ("digital_rules_privacy", .1), ("taxes", .1),
)
NEEDS = (("working_capital", .4), ("credit_insurance", .15), ("market_entry_costs", .3), ("buyer_financing", .1),
         ("equipment_capacity", .15))
TERMS = (("cash_in_advance", 25), ("letter_of_credit", 10), ("documentary_collection", 5), ("open_account", 40),
         ("consignment", 5), ("unknown", 15))
PURPOSES = ("meetings_sales", "after_sales_installation", "deliver_professional_services", "intra_company_transfer",
            "invest_or_trade")
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)
YEAR_SECONDS = 365 * 24 * 3600
BATCH = 1000


def _pick(rng: random.Random, weighted: tuple[tuple[Any, float], ...]) -> Any:
    return rng.choices([v for v, _ in weighted], [w for _, w in weighted])[0]


def answers(rng: random.Random, country: str) -> dict[str, Any]:
    """One valid answers document."""
    low, high = _pick(rng, SIZES)
    others = [c for c, _ in COUNTRIES if c != country]
    markets = [c for c in others if rng.random() < .6] or [rng.choice(others)]
    offering = ["goods"] if rng.random() < .6 else ["services"] if rng.random() < .7 else ["goods", "digital"]
    stage = _pick(rng, STAGES)
    profile: dict[str, Any] = {
        "country": country, "region": rng.choice(REGIONS[country]),
        "naics": _pick(rng, SECTORS) + str(rng.randint(1000, 9999)), "employees": rng.randint(low, high),
        "years_in_business": rng.randint(0, 60),
    }
    if rng.random() < .95:
        profile["women_owned"] = rng.random() < .27
    if rng.random() < .93:
        profile["indigenous_owned"] = rng.random() < .03
    export: dict[str, Any] = {"stage": stage, "markets": markets, "offering": offering,
                              "barriers": [b for b, p in BARRIERS if rng.random() < p]}
    if stage in ("occasional", "regular"):
        export["share_pct"] = rng.randint(1, 80)
    needs = [n for n, p in NEEDS if rng.random() < p] or ["none"]
    document: dict[str, Any] = {
        "schema_version": 1, "profile": profile, "export": export,
        "finance": {"needs": needs, "payment_terms": _pick(rng, TERMS), "has_bank_relationship": rng.random() < .8},
        "consent": {"aggregate_stats": rng.random() < .9, "share_with_host": rng.random() < .5},
    }
    if rng.random() < .35:
        document["travel"] = {"needed": True, "purposes": rng.sample(PURPOSES, rng.randint(1, 2)),
                              "citizenship": country, "destination": rng.choice(markets)}
    else:
        document["travel"] = {"needed": False}
    sells = rng.choice(("no", "no", "own_site", "marketplace", "both"))
    if "digital" in offering or sells != "no":
        document["digital"] = {"sells_online": sells, "b2c": rng.random() < .4,
                               "collects_personal_data": rng.random() < .5,
                               "privacy_notice": rng.choice(("none", "home_only", "per_market"))}
    return document


def _chambers(count: int) -> list[tuple[int, str]]:
    """(id, country) of `count` demo chambers, spread over the three countries."""
    made = []
    for i in range(count):
        country = ("US", "MX", "CA")[i % 3]
        slug = f"demo-{country.lower()}-{i // 3 + 1}"
        found = db.session.execute(select(Chamber.id).where(Chamber.slug == slug)).scalar()
        if found is None:
            chamber = Chamber(slug=slug, name=f"Demo chamber {country} {i // 3 + 1}")
            db.session.add(chamber)
            db.session.flush()
            found = chamber.id
        made.append((found, country))
    db.session.commit()
    return made


def _synthetic_plan(rng: random.Random, document: dict[str, Any]) -> tuple[dict[str, int | None], str]:
    """Scores and entry category drawn, not evaluated (the fast path, for benchmarks)."""
    scores: dict[str, int | None] = {a: rng.randint(0, 100) for a in ("origin", "financing", "regulatory")}
    travel = document["travel"].get("needed")
    scores["temporary_entry"] = rng.randint(0, 100) if travel else None
    scores["digital_trade"] = rng.randint(0, 100) if "digital" in document else None
    given = [s for s in scores.values() if s is not None]
    scores["overall"] = sum(given) // len(given)
    entry = rng.choice(("business_visitor", "professional", "intra_company_transferee")) if travel else "none"
    return scores, entry


def seed(assessments: int, seed_value: int = 1, chambers: int = 6, evaluate: bool = True) -> int:
    """Insert `assessments` completed questionnaires; the number inserted.

    `evaluate`: score each questionnaire with the rules engine (through
    `sync_facts`, as real answers are); otherwise scores are drawn and the
    statistical rows written at once (fast, for benchmarks).
    """
    rng = random.Random(seed_value)
    made = _chambers(max(chambers, 1))
    by_country = {c: [(cid, 6 if j == 0 else 1) for j, (cid, cc) in enumerate(x for x in made if x[1] == c)]
                  for c, _ in COUNTRIES}
    frozen = published_periods()
    table, facts = Assessment.__table__, None
    if not evaluate:
        from app.stats.models import StatsFact  # noqa: PLC0415

        facts = StatsFact.__table__
    pending: list[dict[str, Any]] = []
    extra: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for i in range(assessments):
        country = _pick(rng, COUNTRIES)
        pool = by_country[country] or [(made[0][0], 1)]
        chamber_id = _pick(rng, tuple(pool))
        document = answers(rng, country)
        completed = YEAR_START + timedelta(seconds=rng.randrange(YEAR_SECONDS))
        consent = document["consent"]
        row = {"public_id": new_public_id(), "chamber_id": chamber_id, "answers": document, "locale": "en",
               "status": "completed", "version": 2, "created_at": completed - timedelta(minutes=20),
               "updated_at": completed, "completed_at": completed, "current_step": "results",
               "consent_aggregate_stats": consent["aggregate_stats"], "consent_share_with_host": consent["share_with_host"]}
        pending.append(row)
        if facts is not None and consent["aggregate_stats"]:
            scores, entry = _synthetic_plan(rng, document)
            extra.append((row, {"chamber_id": chamber_id, "completed_at": completed, "rules_version": "synthetic",
                                "period": counting_period(completed, frozen), **fact_values(document, scores, entry)}))
        if len(pending) >= BATCH or i == assessments - 1:
            _flush(pending, extra, table, facts)
            pending, extra = [], []
    if evaluate:
        from app.stats.facts import sync_facts  # noqa: PLC0415

        sync_facts()
    return assessments


def _flush(rows: list[dict[str, Any]], extra: list[tuple[dict[str, Any], dict[str, Any]]], table: Any, facts: Any) -> None:
    if not rows:
        return
    db.session.execute(insert(table), rows)
    if facts is not None and extra:
        ids = dict(db.session.execute(
            select(table.c.public_id, table.c.id).where(table.c.public_id.in_([r["public_id"] for r, _ in extra]))
        ).all())
        db.session.execute(insert(facts), [{"assessment_id": ids[r["public_id"]], **values} for r, values in extra])
    db.session.commit()
