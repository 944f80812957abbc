"""What a page sends for questions its own answers hide is ignored, a typed
HS code is never thrown away, and the error summary names each question."""

from __future__ import annotations

import re

import pytest

from tests.wizard.conftest import WORKSHOP, Owner


@pytest.mark.parametrize("share", ["10%", "abc", "1e5", "1500.50"])
def test_a_hidden_question_s_leftover_value_is_ignored(owner: Owner, share: str) -> None:
    """The share of sales is asked only of a business that exports; a browser
    still sends the field once the stage says it does not."""
    owner.start()
    owner.answer_all({"profile": WORKSHOP["profile"]})
    response = owner.submit("export", {**WORKSHOP["export"], "export-stage": "exploring", "export-share_pct": share})
    assert response.status_code == 302
    export = owner.stored().answers["export"]
    assert export["stage"] == "exploring" and "share_pct" not in export


def test_a_shown_question_s_wrong_value_is_still_refused(owner: Owner) -> None:
    owner.start()
    owner.answer_all({"profile": WORKSHOP["profile"]})
    response = owner.submit("export", {**WORKSHOP["export"], "export-share_pct": "abc"})
    assert response.status_code == 422
    assert 'id="export-share_pct-error"' in response.text


def _at_goods(owner: Owner) -> None:
    owner.start()
    owner.answer_all({k: WORKSHOP[k] for k in ("profile", "export")})


def test_a_code_typed_with_i_dont_know_ticked_is_kept(owner: Owner) -> None:
    """Saved once without a code, the step comes back with the box ticked;
    the code typed afterwards is what counts."""
    _at_goods(owner)
    owner.submit("goods", {**WORKSHOP["goods"], "goods-hs_code": ""})
    again = owner.get("goods")
    assert re.search(r'id="goods-hs_code-unknown"[^>]* checked', again.text)
    response = owner.submit("goods", {**WORKSHOP["goods"], "goods-hs_code": "9403.60", "goods-hs_code-unknown": "y"}, page=again)
    assert response.status_code == 302
    assert owner.stored().answers["goods"]["hs_code"] == "940360"


def test_a_wrong_code_typed_with_i_dont_know_ticked_is_refused(owner: Owner) -> None:
    _at_goods(owner)
    response = owner.submit("goods", {**WORKSHOP["goods"], "goods-hs_code": "12", "goods-hs_code-unknown": "y"})
    assert response.status_code == 422
    assert 'id="goods-hs_code-error"' in response.text


def test_the_error_summary_names_each_question(owner: Owner) -> None:
    owner.start()
    response = owner.submit("profile", {})
    assert response.status_code == 422
    summary = re.search(r'<div class="error-summary".*?</ul>', response.text, re.S).group(0)
    items = re.findall(r'<li><a href="#([^"]+)"><span class="error-question">([^<]+)</span> ([^<]+)</a></li>', summary)
    assert len(items) >= 3
    assert len({question for _, question, _ in items}) == len(items), "each line names a different question"
    assert ("profile-country", "In which country is your business established?", "Select an answer.") in items


def test_the_error_summary_names_the_question_in_the_page_language(owner: Owner) -> None:
    owner.lang = "fr"
    owner.start()
    response = owner.submit("profile", {})
    assert re.search(r'<span class="error-question">Dans quel pays votre entreprise est-elle établie\s?\?</span>',
                     response.text.replace("\u00a0", " "))
