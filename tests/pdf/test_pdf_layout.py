"""The layout choices made for speed keep the plan's content: the static
stylesheet is parsed once and reused, and references stay one per line."""

from __future__ import annotations

import copy

from app.pdf.render import render_plan_html, stylesheet


def test_the_static_stylesheet_is_parsed_once_and_not_repeated_in_the_html(full_plan):
    assert stylesheet() is stylesheet()
    html = render_plan_html(full_plan, {"name": "C"}, "en")
    assert "@font-face" in html and "white-space: pre-line" not in html


def test_a_newline_inside_a_reference_does_not_start_a_new_line(full_plan):
    plan = copy.deepcopy(full_plan)
    plan["actions"][0]["citations"] = ["USMCA\nArticle 5.2"]
    plan["actions"][0]["resources"] = [{"name": "Two\nlines", "url": "https://example.org/", "country": "US"}]
    html = render_plan_html(plan, {"name": "C"}, "en")
    assert "USMCA Article 5.2" in html and ">Two lines</a>" in html
    assert "USMCA\nArticle" not in html and "Two\nlines" not in html
