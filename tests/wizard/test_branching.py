"""Only the steps that apply are asked; a changed answer never leaves stale ones."""

from __future__ import annotations

from tests.wizard.conftest import CONSULTANCY, WORKSHOP, Owner


def test_the_step_count_stays_the_same_as_the_answers_branch(owner: Owner) -> None:
    owner.start()
    # Seven sections: profile, export, goods, travel, digital, finance, consent.
    assert "Step 1 of 7" in owner.get("profile").text
    owner.submit("profile", WORKSHOP["profile"])
    owner.submit("export", WORKSHOP["export"])
    assert "Step 3 of 7" in owner.get("goods").text
    owner.submit("goods", WORKSHOP["goods"])
    # The goods costs appear once asked for: still the goods section, still 7.
    assert "Step 3 of 7" in owner.get("goods_costs").text
    # No digital section for this workshop: finance keeps its place, after it.
    owner.submit("goods_costs", WORKSHOP["goods_costs"])
    owner.submit("travel", WORKSHOP["travel"])
    assert "Step 6 of 7" in owner.get("finance").text


def test_the_page_lists_every_section_with_its_state(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export")})
    page = owner.get("goods").text
    assert '<li class="section-done">About your business <span class="section-state">(Done)</span></li>' in page
    assert '<li class="section-current" aria-current="step">Your goods' in page
    assert '<li class="section-todo">Business travel <span class="section-state">(To do)</span></li>' in page
    assert ('<li class="section-skipped">Selling online and digital services '
            '<span class="section-state">(Not needed for your answers)</span></li>') in page


def test_a_step_that_does_not_apply_cannot_be_opened(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: CONSULTANCY[k] for k in ("profile", "export")})
    response = owner.get("goods")
    assert response.status_code == 302


def test_hiding_a_step_removes_its_answers_and_says_so(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    changed = {**WORKSHOP["export"], "export-offering": ["services"]}
    response = owner.submit("export", changed)
    assert "goods" not in owner.stored().answers
    page = owner.client.get(response.location)
    assert "Your answers to “Your goods” were removed" in page.text


def test_answering_no_to_travel_removes_the_travellers_details(owner: Owner) -> None:
    owner.start()
    owner.answer_all(CONSULTANCY)
    owner.submit("travel", {"travel-needed": "no"})
    assert owner.stored().answers["travel"] == {"needed": False}


def test_a_question_hidden_by_an_answer_on_the_same_page_is_not_kept(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)
    owner.submit("export", {**WORKSHOP["export"], "export-stage": "exploring", "export-share_pct": "10"})
    assert "share_pct" not in owner.stored().answers["export"]


def test_a_hidden_question_is_not_required(owner: Owner) -> None:
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    fields = {**WORKSHOP["export"], "export-stage": "none"}
    del fields["export-share_pct"]
    assert owner.submit("export", fields).status_code == 302


def test_choosing_the_home_country_as_home_removes_it_from_the_markets(owner: Owner) -> None:
    owner.start()
    owner.answer_all(WORKSHOP)  # Mexico, selling to the US
    owner.submit("profile", {**WORKSHOP["profile"], "profile-country": "US", "profile-region": ""})
    assert "markets" not in owner.stored().answers["export"]
    assert owner.review().text.count("Not answered") >= 1


def test_selling_online_shows_the_digital_step_without_a_digital_offering(owner: Owner) -> None:
    owner.start()
    owner.submit("profile", WORKSHOP["profile"])
    response = owner.submit("export", {**WORKSHOP["export"], "export-offering": ["services"],
                                       "digital-sells_online": "marketplace"})
    assert response.location.endswith("/step/travel")
    owner.submit("travel", {"travel-needed": "no"})
    assert owner.get("digital").status_code == 200
