"""The protection of a whole release, on the database (SQLite, or PostgreSQL with
TEST_DATABASE=postgresql): every figure checked against counts recomputed here."""

from __future__ import annotations

import itertools
import json
import random
from datetime import UTC, datetime

import pytest

from app.stats.catalogue import TABLES_BY_ID, UnknownTable, table
from app.stats.disclosure import FLAGS, SENSITIVE, Settings
from app.stats.facts import sync_facts
from app.stats.release import ReleaseError, build_release, publish, published_releases

from .conftest import attacker_intervals, fact_rows, release_rows, row_sig, true_count

SETTINGS = Settings()
SECTORS = ("33", "33", "33", "54", "54", "42", "11", "21")


def populate(add_business, count: int = 140, seed: int = 3) -> None:
    """Businesses with deliberately small cells: rare sectors, a few Indigenous-
    owned, a small Canadian chamber beside a dominant one."""
    rng = random.Random(seed)
    for _ in range(count):
        country = rng.choice(("US", "US", "MX", "CA"))
        chamber = {"US": "alpha", "MX": "beta", "CA": rng.choice(("gamma", "gamma", "gamma", "delta"))}[country]
        add_business(
            chamber=chamber, country=country, sector=rng.choice(SECTORS), employees=rng.choice((3, 12, 60, 300)),
            women=rng.choice((True, False, False, None)), indigenous=rng.random() < .05,
            stage=rng.choice(("none", "exploring", "occasional", "regular")),
            barriers=tuple(b for b in ("finding_buyers", "tariffs", "financing", "taxes") if rng.random() < .4),
            needs=tuple(n for n in ("working_capital", "credit_insurance") if rng.random() < .4) or ("none",),
            completed_at=datetime(2026, 10, 1, tzinfo=UTC).replace(day=rng.randint(1, 28), month=rng.choice((10, 11, 12))),
        )


@pytest.fixture
def released(app, add_business):
    populate(add_business)
    made = build_release("2026-Q4", fmt="json", preview=True)
    return release_rows(made.content), fact_rows("2026-Q4"), made


def test_no_published_cell_describes_fewer_than_k(released) -> None:
    rows, facts, _ = released
    assert len(facts) == 140
    published = [r for r in rows if r["value"] is not None]
    assert published and any(r["flag"] for r in rows)
    for row in published:
        n = true_count(facts, row_sig(row))
        if row["measure"] == "count":
            assert n == 0 or n >= SETTINGS.k, row
        elif row["measure"] == "mean":
            assert n >= SETTINGS.k, row
        else:  # a share: of a published count, over a base of at least k businesses
            dimension = TABLES_BY_ID[row["table"]].dimension
            base = true_count(facts, row_sig(row) - {(dimension, row[dimension])})
            assert (n == 0 or n >= SETTINGS.k) and base >= SETTINGS.k, row


def test_flags_and_rounding(released) -> None:
    rows, _, _ = released
    for row in rows:
        if row["value"] is None:
            assert row["flag"] in FLAGS, row
        else:
            assert row["flag"] == "", row
            if row["measure"] == "count":
                assert row["value"] == 0 or (row["value"] % 5 == 0 and row["value"] >= SETTINGS.k), row


def test_suppressed_cells_cannot_be_narrowed(released) -> None:
    """The attacker's linear programs over every table of the release at once."""
    rows, facts, _ = released
    intervals = attacker_intervals(rows, SETTINGS)
    sensitive = {row_sig(r) for r in rows if r["measure"] == "count" and r["flag"] in SENSITIVE}
    assert sensitive
    for sig in sensitive:
        low, high = intervals[sig]
        assert low <= true_count(facts, sig) <= high
        assert high - low >= SETTINGS.k and high >= SETTINGS.k, (sorted(sig), low, high)


def test_nested_published_cells_differ_by_zero_or_at_least_k(released) -> None:
    rows, facts, _ = released
    cells = {row_sig(r) for r in rows if r["measure"] == "count" and r["value"] is not None}
    n = {sig: true_count(facts, sig) for sig in cells}
    for whole, part in itertools.permutations(cells, 2):
        if whole < part:
            difference = n[whole] - n[part]
            assert difference == 0 or difference >= SETTINGS.k, (sorted(whole), sorted(part), difference)


def test_dominant_chamber_and_homogeneity_flags_appear(released) -> None:
    rows, facts, _ = released
    flags = {r["flag"] for r in rows}
    assert {"primary", "complementary"} <= flags
    for row in rows:
        if row["flag"] == "dominance":
            sig = row_sig(row)
            by_chamber: dict[int, int] = {}
            for fact in facts:
                if true_count([fact], sig):
                    by_chamber[fact["chamber_id"]] = by_chamber.get(fact["chamber_id"], 0) + 1
            assert 0 < sum(by_chamber.values()) - max(by_chamber.values()) < SETTINGS.k_other


def test_a_release_is_reproduced_byte_for_byte(released) -> None:
    _, _, first = released
    for fmt in ("json", "csv", "xlsx"):
        one = build_release("2026-Q4", fmt=fmt, locale="fr", preview=True).content
        assert one == build_release("2026-Q4", fmt=fmt, locale="fr", preview=True).content
    assert build_release("2026-Q4", fmt="json", preview=True).content == first.content


def test_the_three_formats_hold_the_same_rows(released) -> None:
    import csv
    import io

    from openpyxl import load_workbook

    rows, _, _ = released
    text = build_release("2026-Q4", fmt="csv", preview=True).content.decode()
    from_csv = list(csv.DictReader(io.StringIO(text)))
    assert len(from_csv) == len(rows)
    for mine, theirs in zip(rows, from_csv, strict=True):
        assert theirs["table"] == mine["table"] and theirs["measure"] == mine["measure"]
        assert theirs["value"] == ("" if mine["value"] is None else str(mine["value"])) and theirs["flag"] == mine["flag"]
        assert all(theirs[d] == mine[d] for d in TABLES_BY_ID[mine["table"]].dimensions)
    book = load_workbook(io.BytesIO(build_release("2026-Q4", fmt="xlsx", locale="es", preview=True).content))
    sheets = {t.sheet: t for t in TABLES_BY_ID.values()}
    assert set(book.sheetnames) == {*sheets, "manifest", "read_me"}
    from_xlsx = [dict(zip(next(book[s].iter_rows(values_only=True)), line, strict=True))
                 for s in sheets for line in book[s].iter_rows(min_row=2, values_only=True)]
    assert len(from_xlsx) == len(rows)
    read_me = " ".join(str(c.value) for line in book["read_me"].iter_rows() for c in line if c.value)
    assert "complementary" in read_me


def test_manifest(released) -> None:
    _, _, made = released
    manifest = json.loads(made.content)["manifest"]
    assert manifest["release"] == "2026-Q4" and manifest["status"] == "preview" and manifest["scope"] == "all"
    assert manifest["period"] == {"start": "2026-10-01", "end": "2026-12-31"}
    assert manifest["disclosure"]["k"] == 10 and manifest["disclosure"]["rounding_base"] == 5
    assert manifest["disclosure"]["dp"] is None and len(manifest["disclosure"]["settings_sha256"]) == 64
    assert manifest["tables"] == list(TABLES_BY_ID)
    assert "published_at" not in manifest


def test_time_window_attack_fails(app, add_business) -> None:
    """Publish Q4, then a business completes with a Q4 date: the published files do
    not change by a byte; the late answers count in 2027-Q1."""
    populate(add_business)
    publish("2026-Q4")
    before = {fmt: build_release("2026-Q4", fmt=fmt, locale="es").content for fmt in ("json", "csv", "xlsx")}
    manifest = json.loads(before["json"])["manifest"]
    assert manifest["status"] == "published" and manifest["published_at"].endswith("Z")
    import hashlib

    assert manifest["sha256"]["csv"] == hashlib.sha256(before["csv"]).hexdigest()
    assert manifest["sha256"]["xlsx_es"] == hashlib.sha256(before["xlsx"]).hexdigest()
    late = add_business(chamber="alpha", country="MX", sector="21", indigenous=True,
                        completed_at=datetime(2026, 12, 30, tzinfo=UTC))
    sync_facts()
    after = {fmt: build_release("2026-Q4", fmt=fmt, locale="es").content for fmt in ("json", "csv", "xlsx")}
    assert after == before
    assert [f["assessment_id"] for f in fact_rows("2027-Q1")] == [late.id]
    with pytest.raises(ReleaseError, match="already published"):
        publish("2026-Q4")
    assert [r["release"] for r in published_releases("all")] == ["2026-Q4"]


def test_differencing_attack_with_one_added_business_fails(app, add_business) -> None:
    """An attacker adds one business with a unique combination after a quarter is
    published, hoping to difference two releases: there is only ever one, frozen;
    unpublished quarters are not served outside the command line; and no free
    query (the tracker "MX" minus "MX and not sector 31") exists."""
    populate(add_business)
    publish("2026-Q4")
    original = build_release("2026-Q4").content
    add_business(chamber="beta", country="MX", sector="21", indigenous=True, employees=600,
                 completed_at=datetime(2026, 11, 5, tzinfo=UTC))
    assert build_release("2026-Q4").content == original
    with pytest.raises(ReleaseError, match="not published"):
        build_release("2027-Q1")
    with pytest.raises(UnknownTable):
        table("businesses_by_country_sector_except_31")


def test_a_chamber_release_holds_only_its_members(app, add_business) -> None:
    populate(add_business)
    made = build_release("2026-Q4", chamber="gamma", preview=True)
    manifest = json.loads(made.content)["manifest"]
    assert manifest["scope"] == "gamma" and manifest["disclosure"]["dominance"]["applied"] is False
    everyone = fact_rows("2026-Q4")
    facts = [f for f in everyone if f["chamber_id"] == made_chamber_id("gamma")]
    whole = {row_sig(r): r for r in release_rows(build_release("2026-Q4", preview=True).content) if r["measure"] == "count"}
    rows = release_rows(made.content)
    for row in rows:
        if row["measure"] == "count" and row["value"] is not None:
            n = true_count(facts, row_sig(row))
            assert n == 0 or n >= SETTINGS.k
            # Within the all-chambers release: published there too, and the other
            # chambers' part (all minus this chamber) is 0 or at least k.
            assert whole[row_sig(row)]["value"] is not None, row
            others = true_count(everyone, row_sig(row)) - n
            assert others == 0 or others >= SETTINGS.k, row
    # A cell hidden in the all-chambers release: this chamber's release proves no
    # higher floor for it than the all-chambers release itself does.
    intervals = attacker_intervals(rows, SETTINGS)
    floors = attacker_intervals(list(whole.values()), SETTINGS)
    hidden = [sig for sig, r in whole.items() if r["value"] is None and true_count(facts, sig) > 0]
    assert hidden
    for sig in hidden:
        assert intervals[sig][0] <= floors[sig][0] + 1e-6, sorted(sig)
    with pytest.raises(ReleaseError, match="unknown chamber"):
        build_release("2026-Q4", chamber="nope", preview=True)


def made_chamber_id(slug: str) -> int:
    from app.chambers.models import Chamber
    from app.extensions import db

    return db.session.query(Chamber).filter_by(slug=slug).one().id


def test_bad_requests_are_clear_errors(app, add_business) -> None:
    with pytest.raises(ReleaseError, match="no completed questionnaire") as raised:
        build_release(preview=True)
    assert raised.value.code == "no_data"
    with pytest.raises(ReleaseError) as raised:
        build_release()
    assert raised.value.code == "not_published"
    add_business()
    with pytest.raises(ReleaseError, match="not a quarter"):
        build_release("2026-Q5", preview=True)
    with pytest.raises(ReleaseError, match="unknown format"):
        build_release("2026-Q4", fmt="pdf", preview=True)


def test_a_correction_is_a_new_version_that_keeps_the_published_one_in_mind(app, add_business) -> None:
    """Two businesses withdraw their consent after publication; the correction is
    version 2: version 1 stays, every cell hidden in version 1 stays hidden, and no
    cell published in both versions changed by fewer than k businesses."""
    from app.extensions import db
    from app.stats.models import StatsRelease

    populate(add_business)
    with pytest.raises(ReleaseError, match="nothing to correct"):
        publish("2026-Q4", correction=True)
    publish("2026-Q4")
    first = build_release("2026-Q4").content
    gone = db.session.query(StatsRelease).filter_by(scope="all").one().cell_counts
    from app.assessments.models import Assessment

    for business in db.session.query(Assessment).filter_by(chamber_id=made_chamber_id("beta")).limit(2):
        business.consent_aggregate_stats = False
    db.session.commit()
    publish("2026-Q4", correction=True)
    second = build_release("2026-Q4")
    assert second.manifest["version"] == 2 and second.manifest["corrects_version"] == 1
    assert [(r["version"]) for r in published_releases("all")] == [1, 2]
    stored = {r.version: r.json_file for r in db.session.query(StatsRelease).filter_by(scope="all")}
    assert stored[1] == first
    facts = fact_rows("2026-Q4")
    rows = release_rows(second.content)
    before = {row_sig(r): r for r in release_rows(first) if r["measure"] == "count"}
    changed = 0
    for row in rows:
        if row["measure"] != "count":
            continue
        sig = row_sig(row)
        if before[sig]["value"] is None:
            assert row["value"] is None, row
        elif row["value"] is not None:
            key = "|".join(f"{d}={v}" for d, v in sorted(sig))
            difference = abs(true_count(facts, sig) - gone[key][0])
            changed += difference > 0
            assert difference == 0 or difference >= SETTINGS.k, row
    assert any(r["value"] is None and before[row_sig(r)]["value"] is not None
               for r in rows if r["measure"] == "count")  # small changes were hidden


def test_annual_margins_add_up_published_quarters_without_giving_them_away(app, add_business) -> None:
    """The year 2026 = the sum of its four published quarters; whoever holds the
    five releases cannot narrow any cell hidden in a quarter or in the year."""
    rng = random.Random(11)
    for quarter in range(4):
        for _ in range(45):
            country = rng.choice(("US", "US", "MX", "CA"))
            add_business(chamber=rng.choice(("alpha", "alpha", "beta")), country=country, sector=rng.choice(SECTORS),
                         women=rng.choice((True, False)), employees=rng.choice((3, 12, 60)),
                         completed_at=datetime(2026, 3 * quarter + 1 + rng.randint(0, 2), rng.randint(1, 28), tzinfo=UTC))
    with pytest.raises(ReleaseError) as raised:
        build_release("2026", preview=True)
    assert raised.value.code == "quarters_not_published"
    for quarter in range(1, 5):
        publish(f"2026-Q{quarter}")
    publish("2026")
    year = build_release("2026")
    assert year.manifest["period"] == {"start": "2026-01-01", "end": "2026-12-31"}
    assert year.manifest["unit"].startswith("business-quarter")
    rows = release_rows(year.content)
    everything = list(rows)
    for quarter in range(1, 5):
        everything += release_rows(build_release(f"2026-Q{quarter}").content)
    facts = [f for q in range(1, 5) for f in fact_rows(f"2026-Q{q}")]
    for row in rows:
        if row["measure"] == "count" and row["value"] is not None:
            n = true_count(facts, row_sig(row))
            assert n == 0 or n >= SETTINGS.k
    intervals = attacker_intervals(everything, SETTINGS)
    sensitive = [row_sig(r, by_period=True) for r in everything if r["measure"] == "count" and r["flag"] in SENSITIVE]
    assert any(dict(sig)["@period"] != "2026" for sig in sensitive)
    for sig in sensitive:
        low, high = intervals[sig]
        assert high - low >= SETTINGS.k and high >= SETTINGS.k, (sorted(sig), low, high)


def test_year_minus_quarters_cannot_expose_a_quarter(app, add_business) -> None:
    """A fixture where the attack works without the joint audit: sector 54 has 10
    businesses in Q1, none in Q2 and Q3 and 4 in Q4 (hidden). Publishing the year's
    14 as 15 would pin Q4 to [1, 7]; the year's cell is hidden instead."""
    for quarter in range(4):
        for i in range(30):
            add_business(sector="33", completed_at=datetime(2026, 3 * quarter + 1, 1 + i % 28, tzinfo=UTC))
    for i in range(10):
        add_business(sector="54", completed_at=datetime(2026, 2, 1 + i, tzinfo=UTC))
    for i in range(4):
        add_business(sector="54", completed_at=datetime(2026, 11, 1 + i, tzinfo=UTC))
    for quarter in range(1, 5):
        publish(f"2026-Q{quarter}")
    publish("2026")
    q4 = {row_sig(r): r for r in release_rows(build_release("2026-Q4").content) if r["measure"] == "count"}
    target = frozenset({("country", "US"), ("naics_sector", "54")})
    assert q4[target]["flag"] == "primary"
    everything = [r for p in ("2026", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
                  for r in release_rows(build_release(p).content)]
    year = {row_sig(r): r for r in everything if r["period"] == "2026" and r["measure"] == "count"}
    assert year[target]["value"] is None
    low, high = attacker_intervals(everything, SETTINGS)[target | {("@period", "2026-Q4")}]
    assert high - low >= SETTINGS.k and high >= SETTINGS.k


def test_every_release_of_a_quarter_together_gives_nothing_away(app, add_business) -> None:
    """An official holding the all-chambers release and every chamber's release of
    the quarter (all = the sum of the chambers): no sensitive cell of any of them
    can be narrowed."""
    populate(add_business, count=110)
    publish("2026-Q4")
    everything = []
    for scope in ("all", "alpha", "beta", "delta", "gamma"):
        rows = release_rows(build_release("2026-Q4", chamber=scope).content)
        everything += [{**r, "_scope": scope} for r in rows]
    intervals = attacker_intervals(everything, SETTINGS)
    sensitive = [row_sig(r) for r in everything if r["measure"] == "count" and r["flag"] in SENSITIVE]
    assert {dict(sig)["@scope"] for sig in sensitive} > {"all"}
    for sig in sensitive:
        low, high = intervals[sig]
        assert high - low >= SETTINGS.k and high >= SETTINGS.k, (sorted(sig), low, high)
