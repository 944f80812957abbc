"""Every "Change" link of the review page lands on an element of its step page."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from flask import Flask

from app.chambers.models import Chamber
from tests.fixtures import EXAMPLE_NAMES, example_answers
from tests.wizard.completed import open_completed


class Ids(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs).get("id")
        if found:
            self.ids.add(found)


CHANGE_LINK = re.compile(r'<dd class="summary-action"><a href="([^"#]+)#([^"]+)"')


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_every_change_link_of_the_review_lands_on_an_element_of_its_step(
    served: Flask, make_chamber: Callable[..., Chamber], name: str
) -> None:
    opened = open_completed(served, make_chamber("demo"), example_answers(name), "en")
    review = opened.client.get(opened.url("review", "en"))
    assert review.status_code == 200, review.text
    links = [(path, anchor) for path, anchor in CHANGE_LINK.findall(review.text)]
    assert len(links) >= 10
    pages: dict[str, set[str]] = {}
    missing = []
    for path, anchor in links:
        if path not in pages:
            page = opened.client.get(urlsplit(path.replace("&amp;", "&")).path)
            assert page.status_code == 200, path
            pages[path] = Ids(page.text).ids
        if anchor not in pages[path]:
            missing.append(f"{path}#{anchor}")
    assert missing == []


def test_the_yearly_sales_link_lands_on_the_amounts_fieldset(served: Flask, make_chamber: Callable[..., Chamber]) -> None:
    opened = open_completed(served, make_chamber("demo"), example_answers("software-consultancy-ca"), "en")
    review = opened.client.get(opened.url("review", "en")).text
    assert "#digital-annual_b2c_sales-group" in review
    assert "#digital-annual_b2c_sales\"" not in review


@pytest.mark.parametrize(("lang", "amount", "spain"), [("es", "250,000", "250.000"), ("fr", "250\u00a0000", "250,000")])
def test_the_review_writes_amounts_the_way_its_readers_do(
    served: Flask, make_chamber: Callable[..., Chamber], lang: str, amount: str, spain: str
) -> None:
    opened = open_completed(served, make_chamber("demo"), example_answers("specialty-food-us"), lang)
    review = opened.client.get(opened.url("review", lang)).text
    assert amount in review and spain not in review
