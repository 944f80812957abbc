"""What a save does in the awkward cases: answers that contradict each other,
the same page sent twice, and a step another window has hidden."""

from __future__ import annotations

import re

from sqlalchemy import update

from app.assessments.models import Assessment
from app.extensions import db
from app.wizard import current_steps
from app.wizard import services as svc
from tests.wizard.conftest import CONSULTANCY, WORKSHOP, Owner, error_summary


def notices(html: str) -> list[str]:
    return re.findall(r'<p class="notice notice-\w+"[^>]*>([^<]*)</p>', html)


# Answers that contradict each other -------------------------------------------------------------


def test_imported_materials_worth_more_than_the_price_are_reported_at_the_field(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export", "goods")})
    response = owner.submit("goods_costs", {**WORKSHOP["goods_costs"], "goods-unit_non_originating_value": "900"})
    assert response.status_code == 422
    message = "The value of non-originating materials cannot exceed the transaction value per unit."
    assert error_summary(response.text) == [("#goods-unit_non_originating_value", message)]
    assert f'id="goods-unit_non_originating_value-error"><span class="visually-hidden">Error:</span> {message}' in response.text
    field = re.search(r'<input [^>]*id="goods-unit_non_originating_value"[^>]*>', response.text).group(0)
    assert ('aria-describedby="goods-unit_non_originating_value-hint goods-unit_non_originating_value-error'
            ' goods-unit_non_originating_value-currency"') in field  # the box's currency is read with it
    assert 'value="900"' in field
    assert 'id="goods-unit_transaction_value" name="goods-unit_transaction_value" value="800"' in response.text
    assert 'id="error-summary" aria-labelledby="error-summary-title" tabindex="-1" autofocus data-focus' in response.text
    assert notices(response.text) == []
    assert "unit_non_originating_value" not in owner.stored().answers["goods"]


def test_a_region_of_another_country_is_reported_next_to_the_region(owner: Owner) -> None:
    owner.start()
    response = owner.submit("profile", {**WORKSHOP["profile"], "profile-region": "CA-QC"})
    assert response.status_code == 422
    message = "This region is not in the business&#39;s country."
    assert error_summary(response.text) == [("#profile-region", message)]
    assert f'id="profile-region-error"><span class="visually-hidden">Error:</span> {message}</p>' in response.text
    select = re.search(r'<select [^>]*id="profile-region"[^>]*>', response.text).group(0)
    assert 'aria-describedby="profile-region-hint profile-region-error"' in select
    assert '<option value="CA-QC" selected>' in response.text
    assert re.search(r'value="MX" checked', response.text) and 'value="14"' in response.text
    assert notices(response.text) == []
    assert "profile" not in owner.stored().answers


def test_the_home_country_ticked_as_a_market_is_reported_next_to_the_markets(owner: Owner) -> None:
    owner.start()
    owner.answer_all({"profile": WORKSHOP["profile"]})
    response = owner.submit("export", {**WORKSHOP["export"], "export-markets": ["US", "MX"]})
    assert response.status_code == 422
    message = "A target market cannot be the business&#39;s home country."
    assert error_summary(response.text) == [("#export-markets", message)]
    fieldset = re.search(r'<fieldset [^>]*id="export-markets-group"[^>]*>', response.text).group(0)
    assert 'class="question has-error"' in fieldset
    assert 'aria-describedby="export-markets-hint export-markets-error"' in fieldset
    assert f'id="export-markets-error"><span class="visually-hidden">Error:</span> {message}</p>' in response.text
    assert re.search(r'name="export-markets" value="US" checked', response.text)
    assert re.search(r'name="export-markets" value="MX" checked', response.text)
    assert re.search(r'value="occasional" checked', response.text) and 'value="10"' in response.text
    assert notices(response.text) == []
    assert "export" not in owner.stored().answers


def test_the_problems_are_in_the_page_language(owner: Owner) -> None:
    owner.lang = "es"
    owner.start()
    response = owner.submit("profile", {**WORKSHOP["profile"], "profile-region": "CA-QC"})
    assert response.status_code == 422
    [(href, message)] = error_summary(response.text)
    assert href == "#profile-region" and "This region" not in message


def test_a_problem_with_an_answer_of_another_step_links_to_that_step(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export", "goods", "goods_costs")})
    stored = owner.stored()
    stored.answers = {**stored.answers, "goods": {**stored.answers["goods"], "unit_non_originating_value": 900}}
    db.session.commit()
    response = owner.submit("travel", WORKSHOP["travel"])
    assert response.status_code == 422
    href = f"/demo/en/questionnaire/{owner.public_id}/step/goods_costs#goods-unit_non_originating_value"
    assert error_summary(response.text) == [(href, "Value of the materials from outside the USMCA region in one unit: "
                                             "The value of non-originating materials cannot exceed the transaction value per unit.")]
    assert re.search(r'value="no" checked', response.text)
    assert "travel" not in owner.stored().answers


# The same page sent twice -----------------------------------------------------------------------


def test_the_same_page_sent_twice_goes_on_as_if_sent_once(owner: Owner) -> None:
    owner.start()
    page = owner.get("profile")
    before = owner.stored().version
    first = owner.submit("profile", WORKSHOP["profile"], page=page)
    second = owner.submit("profile", WORKSHOP["profile"], page=page)
    assert first.status_code == second.status_code == 302
    assert second.location == first.location and second.location.endswith("/step/export")
    assert owner.stored().version == before + 1
    shown = owner.client.get(second.location)
    assert shown.status_code == 200
    assert "changed in another window" not in shown.text and notices(shown.text) == []


def test_the_same_page_sent_twice_from_the_review_goes_back_to_the_review(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    page = owner.client.get(owner.step_url("finance") + "?return=review")
    fields = {"finance-needs": ["none"], "return": "review"}
    owner.submit("finance", fields, page=page)
    second = owner.submit("finance", fields, page=page)
    assert second.status_code == 302 and second.location.endswith("/review")


def test_contact_details_sent_twice_go_on_as_if_sent_once(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    page = owner.get("consent")
    fields = {"consent-aggregate_stats": "no", "contact-email": "ventas@example.mx"}
    assert owner.submit("consent", fields, page=page).status_code == 302
    assert owner.submit("consent", fields, page=page).status_code == 302


def test_other_contact_details_from_an_older_page_are_refused(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    page = owner.get("consent")
    owner.submit("consent", {"consent-aggregate_stats": "no", "contact-email": "ventas@example.mx"}, page=page)
    refused = owner.submit("consent", {"consent-aggregate_stats": "no", "contact-email": "otro@example.mx"}, page=page)
    assert refused.status_code == 409
    assert 'value="ventas@example.mx"' in refused.text


def test_a_page_differing_only_in_an_answer_hidden_on_it_counts_as_the_same(owner: Owner) -> None:
    """The share of sales is not asked of a business still exploring: a value left
    in its (hidden) field is never stored, so it changes nothing."""
    owner.start()
    owner.answer_all({"profile": CONSULTANCY["profile"]})
    page = owner.get("export")
    owner.submit("export", CONSULTANCY["export"], page=page)
    second = owner.submit("export", {**CONSULTANCY["export"], "export-share_pct": "30"}, page=page)
    assert second.status_code == 302 and second.location.endswith("/step/travel")


def test_an_identical_save_that_lost_the_race_counts_as_saved(owner: Owner) -> None:
    """Both requests read the same version; the second one's UPDATE finds it gone."""
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    stored = owner.stored()
    book = current_steps()
    loaded = svc.load_assessment(stored.public_id, stored.chamber_id)
    values = {"profile.employees": 20}
    first = svc.save_step(book, stored.public_id, stored.chamber_id, values, loaded.version, "en")
    second = svc.save_step(book, stored.public_id, stored.chamber_id, values, loaded.version, "en", loaded)
    assert first.saved and second.saved and not second.stale
    assert second.state.version == first.state.version == loaded.version + 1
    assert owner.stored().version == loaded.version + 1


def test_a_different_save_that_lost_the_race_is_refused(owner: Owner) -> None:
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    stored = owner.stored()
    book = current_steps()
    loaded = svc.load_assessment(stored.public_id, stored.chamber_id)
    svc.save_step(book, stored.public_id, stored.chamber_id, {"profile.employees": 20}, loaded.version, "en")
    late = svc.save_step(book, stored.public_id, stored.chamber_id, {"profile.employees": 21}, loaded.version,
                         "en", loaded)
    assert late.stale and not late.saved
    assert owner.stored().answers["profile"]["employees"] == 20


# A step another window has hidden ---------------------------------------------------------------


def test_answers_sent_for_a_step_another_window_hid_are_reported_as_not_saved(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export")})
    first_tab = owner.get("goods")
    owner.submit("export", {**WORKSHOP["export"], "export-offering": ["services"]})
    response = owner.submit("goods", WORKSHOP["goods"], page=first_tab)
    assert response.status_code == 302
    landed = owner.client.get(response.location, follow_redirects=True)
    assert landed.request.path.endswith("/step/travel")
    assert notices(landed.text) == ["Your answers to “Your goods” were not saved: this part no longer applies to your "
                                    "business after a change made in another window."]
    assert 'class="notice notice-error" role="alert"' in landed.text
    assert "goods" not in owner.stored().answers
    assert notices(owner.get("travel").text) == []


def test_the_not_saved_notice_is_in_the_page_language(owner: Owner) -> None:
    owner.lang = "fr"
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export")})
    first_tab = owner.get("goods")
    owner.submit("export", {**WORKSHOP["export"], "export-offering": ["services"]})
    response = owner.submit("goods", WORKSHOP["goods"], page=first_tab)
    landed = owner.client.get(response.location, follow_redirects=True)
    [notice] = notices(landed.text)
    assert notice.startswith("Vos réponses à «\u202fVos produits\u202f» n’ont pas été enregistrées")
    assert '<html lang="fr">' in landed.text


def test_opening_a_step_that_does_not_apply_says_why_it_shows_another(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: CONSULTANCY[k] for k in ("profile", "export")})
    response = owner.get("goods")
    assert response.status_code == 302
    landed = owner.client.get(response.location, follow_redirects=True)
    assert landed.request.path.endswith("/step/travel")
    assert notices(landed.text) == ["“Your goods” does not apply to your business with your current answers."]
    assert 'class="notice notice-info" role="status"' in landed.text


def test_a_step_that_does_not_exist_leads_to_the_current_step_without_a_notice(owner: Owner) -> None:
    owner.start()
    landed = owner.client.get(owner.step_url("no_such_step"), follow_redirects=True)
    assert landed.request.path.endswith("/step/profile")
    assert notices(landed.text) == []


def test_a_save_another_process_got_in_before_is_refused_by_the_orm(owner: Owner) -> None:
    """Another worker's save lands between this request's read and its write:
    the ORM's UPDATE names the version read, finds no such row, raises
    StaleDataError; nothing of this save is written."""
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    stored = owner.stored()
    book = current_steps()
    loaded = svc.load_assessment(stored.public_id, stored.chamber_id)
    with db.engine.begin() as elsewhere:  # another connection, as another worker's
        changed = {**loaded.answers, "profile": {**loaded.answers["profile"], "employees": 30}}
        elsewhere.execute(update(Assessment).where(Assessment.id == stored.id)
                          .values(answers=changed, version=Assessment.version + 1))
    late = svc.save_step(book, stored.public_id, stored.chamber_id, {"profile.employees": 31}, loaded.version,
                         "en", loaded)
    assert late.stale and not late.saved
    assert late.state.answers["profile"]["employees"] == 30  # the answers as they are now, shown back
    db.session.expire_all()
    assert owner.stored().answers["profile"]["employees"] == 30
    assert owner.stored().version == loaded.version + 1
