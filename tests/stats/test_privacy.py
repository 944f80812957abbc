"""Optional differential privacy on published counts (OpenDP) and its yearly budget ledger,
on the database (SQLite, or PostgreSQL with TEST_DATABASE=postgresql)."""

from __future__ import annotations

import io
import random
import sys
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from app.extensions import db
from app.stats import privacy
from app.stats.aggregate import Tally
from app.stats.catalogue import TABLES
from app.stats.disclosure import SENSITIVE, Settings, sig_key, structure
from app.stats.methodology import methodology_html
from app.stats.models import StatsPrivacySpend, StatsRelease
from app.stats.release import ReleaseError, build_release, publish

from .conftest import attacker_intervals, fact_rows, release_rows, row_sig, true_count
from .test_release import populate

SETTINGS = Settings()
# The disclosure settings' digest before differential privacy existed: with it
# off, releases keep exactly the settings (and so the bytes) they had.
DEFAULT_SETTINGS_SHA256 = "491dadbe9733c56b37a933a961abe53978d23ea40638a0ec2986f4b550c886c9"


@pytest.fixture
def dp_app(make_app, app):
    """The portal with differential privacy on (the shared test database)."""
    def build(epsilon: float = 1.0, budget: float = 2.5):
        built = make_app(STATS_DP_ENABLED=True, STATS_DP_EPSILON=epsilon, STATS_DP_YEARLY_BUDGET=budget)
        context = built.app_context()
        context.push()
        contexts.append(context)
        return built

    contexts: list = []
    yield build
    for context in reversed(contexts):
        context.pop()


def ledger() -> list[tuple[int, str, int, float]]:
    return [tuple(r) for r in db.session.execute(
        select(StatsPrivacySpend.year, StatsPrivacySpend.period, StatsPrivacySpend.version, StatsPrivacySpend.epsilon)
        .order_by(StatsPrivacySpend.id))]


def releases_of(period: str) -> int:
    return db.session.execute(select(func.count()).select_from(StatsRelease).where(StatsRelease.period == period)).scalar()


def twelve(add_business, when: datetime, chamber: str = "alpha") -> None:
    for i in range(12):
        add_business(chamber=chamber, country="US", sector="33" if i % 2 else "54", completed_at=when)


def test_off_by_default_releases_are_as_before(app, add_business) -> None:
    assert app.config["STATS_DP_ENABLED"] is False
    populate(add_business)
    preview = build_release("2026-Q4", preview=True)
    publish("2026-Q4")
    stored = build_release("2026-Q4")
    assert stored.manifest["disclosure"]["dp"] is None and "privacy_budget" not in stored.manifest
    assert stored.manifest["disclosure"]["settings_sha256"] == DEFAULT_SETTINGS_SHA256
    assert release_rows(stored.content) == release_rows(preview.content)  # the same cells as computed without noise
    assert any(r["measure"] == "mean" and r["value"] is not None for r in release_rows(stored.content))
    assert ledger() == []


def test_the_ledger_adds_up_spends_and_refuses_to_overspend(app, add_business, dp_app) -> None:
    dp_app(epsilon=10.0, budget=25.0)  # (a large ε: little noise, so that publishing is quick)
    for month in (1, 4, 7):
        twelve(add_business, datetime(2026, month, 15, tzinfo=UTC))
    first = publish("2026-Q1")
    second = publish("2026-Q2")
    assert ledger() == [(2026, "2026-Q1", 1, 10.0), (2026, "2026-Q2", 1, 10.0)]
    assert first[0].manifest["privacy_budget"] == {"year": 2026, "budget": 25.0, "spent_before": 0.0,
                                                   "this_publication": 10.0, "spent_after": 10.0}
    assert second[0].manifest["privacy_budget"]["spent_after"] == 20.0
    assert all(r.manifest["disclosure"]["dp"]["epsilon"] == 10.0 for r in first + second)

    with pytest.raises(ReleaseError) as refused:
        publish("2026-Q3")
    assert refused.value.code == "privacy_budget_exceeded"
    assert "20 of 25 already spent" in str(refused.value) and "nothing was published" in str(refused.value)
    with pytest.raises(ReleaseError) as correction:
        publish("2026-Q2", correction=True)  # a correction spends too
    assert correction.value.code == "privacy_budget_exceeded"
    assert releases_of("2026-Q3") == 0 and releases_of("2026-Q2") == len(second)
    assert ledger() == [(2026, "2026-Q1", 1, 10.0), (2026, "2026-Q2", 1, 10.0)]
    with pytest.raises(ReleaseError) as not_found:
        build_release("2026-Q3")
    assert not_found.value.code == "not_published"


def test_a_new_year_has_a_new_budget_and_a_correction_spends_its_own(app, add_business, dp_app) -> None:
    dp_app(epsilon=10.0, budget=20.0)
    twelve(add_business, datetime(2026, 11, 2, tzinfo=UTC))
    twelve(add_business, datetime(2027, 2, 2, tzinfo=UTC))
    publish("2026-Q4")
    made = publish("2026-Q4", correction=True)
    assert made[0].version == 2 and made[0].manifest["privacy_budget"]["spent_after"] == 20.0
    with pytest.raises(ReleaseError):
        publish("2026-Q4", correction=True)
    publish("2027-Q1")
    assert ledger() == [(2026, "2026-Q4", 1, 10.0), (2026, "2026-Q4", 2, 10.0), (2027, "2027-Q1", 1, 10.0)]


def test_noise_is_applied_and_every_rule_still_holds(app, add_business, dp_app) -> None:
    dp_app(epsilon=20.0, budget=40.0)  # little noise, so that cells survive to be checked
    rng = random.Random(5)
    for i in range(110):
        country = "US" if i % 3 else "MX"
        add_business(chamber="alpha" if country == "US" else "beta", country=country, sector=rng.choice(("33", "54", "42")),
                     employees=rng.choice((3, 12, 60)), barriers=("tariffs",) if rng.random() < .5 else (),
                     completed_at=datetime(2026, 11, 2, tzinfo=UTC))
    made = publish("2026-Q4")
    whole = made[0]
    # The noise is drawn once per chamber: the all-chambers counts are the sums of the chambers'.
    for key, (count, _) in whole.cell_counts.items():
        assert count == sum(r.cell_counts[key][0] for r in made[1:]), key
    rows = release_rows(whole.json_file)
    facts = fact_rows("2026-Q4")
    true_counts = {sig_key(row_sig(r)): true_count(facts, row_sig(r)) for r in rows if r["measure"] == "count"}
    noisy = {key: value[0] for key, value in whole.cell_counts.items()}
    assert sum(noisy[key] != n for key, n in true_counts.items()) > 10  # the counts carry noise
    dp = whole.manifest["disclosure"]["dp"]
    assert dp["applied"] is True and dp["epsilon"] == 20.0 and dp["sensitivity_l1"] == privacy.sensitivity()
    assert dp["scale"] == pytest.approx(privacy.sensitivity() / 20.0) and "opendp" in dp["library"]
    assert not any(r["measure"] == "mean" for r in rows)  # means are not published under noise
    published = [r for r in rows if r["measure"] == "count" and r["value"] is not None]
    assert published and any(r["value"] >= SETTINGS.k for r in published)
    for row in rows:
        if row["value"] is None:
            assert row["flag"], row
        elif row["measure"] == "count":
            assert row["value"] == 0 or (row["value"] % 5 == 0 and row["value"] >= SETTINGS.k), row
            assert not 0 < noisy[sig_key(row_sig(row))] < SETTINGS.k, row  # the threshold, on the noisy counts
    intervals = attacker_intervals(rows, SETTINGS)  # the noisy tables add up: the attacker's LP is feasible
    for row in rows:
        if row["measure"] == "count" and row["flag"] in SENSITIVE:
            low, high = intervals[row_sig(row)]
            assert high - low >= SETTINGS.k - 1e-6 and high >= SETTINGS.k - 1e-6, row


def test_published_noise_is_stored_not_drawn_again(app, add_business, dp_app) -> None:
    dp_app(epsilon=5.0, budget=10.0)
    twelve(add_business, datetime(2026, 11, 2, tzinfo=UTC))
    publish("2026-Q4")
    first = build_release("2026-Q4").content
    assert build_release("2026-Q4").content == first
    assert build_release("2026-Q4", fmt="json", preview=True).content == first  # the published release, as stored
    book = load_workbook(io.BytesIO(build_release("2026-Q4", fmt="xlsx", locale="fr").content))
    read_me = " ".join(str(c.value) for c in book["read_me"]["A"] if c.value)
    assert "Confidentialité différentielle" in read_me and "epsilon 5" in read_me


def test_a_preview_is_never_noised(app, add_business, dp_app) -> None:
    dp_app(epsilon=1.0)
    populate(add_business)
    one = build_release("2026-Q4", preview=True)
    assert one.manifest["disclosure"]["dp"] is None
    assert build_release("2026-Q4", preview=True).content == one.content
    assert ledger() == []


def test_noisy_counts_are_consistent(app, add_business) -> None:
    from app.stats.aggregate import tally_release
    from app.stats.facts import sync_facts

    populate(add_business, count=60)
    sync_facts()
    true = tally_release("2026-Q4", None)
    chambers = [*sorted({c for counter in true.counts.values() for c in counter}), 999]
    noise = privacy.NoiseSettings(1.0, privacy.sensitivity(), float(privacy.sensitivity()))
    noisy: Tally = privacy.noisy_tally(true, chambers, lambda values: privacy.laplace(values, noise), 1)
    shape = structure(TABLES)
    assert any(noisy.n(sig) != true.n(sig) for sig in shape.cells)
    assert noisy.n(frozenset()) > 0 and all(noisy.n(sig) >= 0 for sig in shape.cells)
    for _, total, parts in shape.equations:
        assert noisy.n(total) == sum(noisy.n(p) for p in parts)
    for _, child, parent in shape.inequalities:
        assert noisy.n(child) <= noisy.n(parent)


def test_fit_keeps_counts_whole_and_adding_up() -> None:
    assert privacy._fit([5, -3, 2], 10) == [7, 0, 3]
    assert privacy._fit([5, 4, 2], 3) == [2, 1, 0]
    assert privacy._fit([-1, -2], 0) == [0, 0]


def test_annual_margins_are_refused_under_noise(app, add_business, dp_app) -> None:
    dp_app(epsilon=10.0, budget=40.0)
    for month in (1, 4, 7, 10):
        twelve(add_business, datetime(2026, month, 15, tzinfo=UTC))
    for q in range(1, 5):
        publish(f"2026-Q{q}")
    with pytest.raises(ReleaseError) as refused:
        publish("2026")
    assert refused.value.code == "dp_annual"
    with pytest.raises(ReleaseError) as preview:
        build_release("2026", preview=True)
    assert preview.value.code == "dp_annual"
    assert releases_of("2026") == 0 and len(ledger()) == 4


def test_missing_opendp_is_a_clear_refusal(app, add_business, dp_app, monkeypatch) -> None:
    dp_app()
    twelve(add_business, datetime(2026, 11, 2, tzinfo=UTC))
    monkeypatch.setitem(sys.modules, "opendp", None)  # as if the optional extra were not installed
    monkeypatch.setitem(sys.modules, "opendp.prelude", None)
    with pytest.raises(ReleaseError) as refused:
        publish("2026-Q4")
    assert refused.value.code == "dp_unavailable" and "requirements-dp.txt" in str(refused.value)
    assert releases_of("2026-Q4") == 0 and ledger() == []


@pytest.mark.parametrize("locale", ["en", "es", "fr"])
def test_methodology_states_the_noise(dp_app, locale: str) -> None:
    dp_app(epsilon=0.5, budget=2.0)
    html = methodology_html(locale)
    assert "OpenDP" in html and "0.5" in html and "dp: null" not in html
    assert "(2)" in html  # the yearly budget


def test_methodology_says_no_noise_when_off(app) -> None:
    assert "dp: null" in methodology_html("en") and "OpenDP" not in methodology_html("en")
