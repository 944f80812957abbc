"""HS 2022 → HS 2017: the table is the published correlation, and reads as the WCO's amendments say.

The expectations below come from the HS 2022 amendments as the WCO describes them (new subheadings
for fish flours in heading 03.09, electronic cigarettes in 8543.40, flat panel display modules in
heading 85.24 taken out of the parts headings of many machines), not from the generated file.
"""

from __future__ import annotations

import copy
import hashlib
import json

import jsonschema
import pytest

from app.i18n.catalogs import get_translations
from app.pdf.context import Formatter, origin_rule_view
from app.rules_engine.origin_rules import hs_correlation
from app.rules_engine.origin_rules.hs_correlation import Correlation, correlation
from tests.fixtures import example_answers

PLAN_SCHEMA = json.loads((hs_correlation.ROOT.parent / "app" / "plans" / "plan.schema.json").read_text(encoding="utf-8"))


def test_the_table_is_what_the_published_correlation_gives() -> None:
    assert hs_correlation.dump(hs_correlation.build()) == hs_correlation.OUT.read_text(encoding="utf-8")


def test_the_source_is_the_file_the_manifest_names() -> None:
    path = hs_correlation.SOURCE_DIR / hs_correlation.SOURCE_NAME
    assert hashlib.sha256(path.read_bytes()).hexdigest() == hs_correlation._source_entry()["sha256"]


def test_a_source_whose_checksum_differs_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    entry = {**hs_correlation._source_entry(), "sha256": "0" * 64}
    monkeypatch.setattr(hs_correlation, "_source_entry", lambda: entry)
    with pytest.raises(ValueError, match="SHA-256"):
        hs_correlation.build()


@pytest.mark.parametrize(
    ("typed", "kind", "expected"),
    [
        ("940360", "same", ("940360",)),  # wooden furniture: unchanged
        ("030910", "renumbered", ("030510",)),  # flours, meals and pellets of fish: 0305.10 before 2022
        ("854340", "renumbered", ("854370",)),  # electronic cigarettes: within "other machines" 8543.70
        ("030721", "split", ("030721", "030791")),  # scallops, live, fresh or chilled: split in 2022
    ],
)
def test_codes_map_as_the_2022_amendments_say(typed: str, kind: str, expected: tuple[str, ...]) -> None:
    found = correlation().to_hs2017(typed)
    assert (found.kind, found.hs2017) == (kind, expected)


def test_flat_panel_display_modules_split_over_the_parts_headings_they_came_from() -> None:
    found = correlation().to_hs2017("852411")
    assert found.kind == "split"
    assert {"852990", "901380"} <= set(found.hs2017)  # parts of TV/monitor apparatus; LCD devices of 9013.80
    assert all(code[:2] in {"84", "85", "86", "87", "88", "90", "95"} for code in found.hs2017)


def test_an_hs2017_code_typed_from_an_older_document_is_recognised() -> None:
    table = correlation()
    deleted = sorted(table.hs2017 - table.hs2022 - set(table.changed))
    assert deleted, "HS 2022 deleted some HS 2017 subheadings"
    found = table.to_hs2017(deleted[0])
    assert (found.kind, found.hs2017) == ("hs2017_only", (deleted[0],))


def test_codes_that_are_in_neither_edition_are_unknown() -> None:
    table = correlation()
    for typed in ("880600", "999999", "770000", "060310"):
        assert table.to_hs2017(typed).kind == "unknown", typed


def test_every_hs2022_code_reaches_hs2017_codes_that_exist() -> None:
    table = Correlation.load()
    assert len(table.hs2022) > 5600
    for code in table.hs2022:
        found = table.to_hs2017(code)
        assert found.hs2017, code
        assert set(found.hs2017) <= table.hs2017, code


# --- in the plan: the finding `origin_rule` for the code as owners type it ---------------------

ON = "2026-12-01"


def _finding(client, code: str, locale: str = "en") -> dict:
    answers = copy.deepcopy(example_answers("furniture-workshop-mx"))
    answers["goods"]["hs_code"] = code
    response = client.post(f"/api/v1/plans?locale={locale}&on={ON}", json=answers)
    assert response.status_code == 200, response.get_json()
    plan = response.get_json()
    jsonschema.validate(plan, PLAN_SCHEMA)
    return plan["findings"]["origin_rule"]


def test_an_unchanged_code_carries_no_correlation_note(client) -> None:
    rule = _finding(client, "940360")
    assert "hs_correlation" not in rule and rule["source"] == "HTSUS General Note 11(o), chapter 94, rule 4"


def test_a_renumbered_code_gets_the_rule_of_its_hs2017_code(client) -> None:
    rule = _finding(client, "030910")  # fish flours: 0305.10 in HS 2017, a chapter 3 rule
    assert rule["hs_correlation"] == {"typed": "030910", "kind": "renumbered", "hs2017": ["030510"], "count": 1}
    assert rule["source"].startswith("HTSUS General Note 11(o), chapter 3,")
    assert rule["alternatives"]


def test_a_split_code_whose_hs2017_codes_share_a_rule_gets_that_rule(client) -> None:
    rule = _finding(client, "030721")
    assert rule["hs_correlation"]["kind"] == "split" and rule["hs_correlation"]["count"] == 2
    assert rule["alternatives"] and "candidates" not in rule["hs_correlation"]


def test_a_split_code_whose_rules_differ_chooses_none_and_names_the_commonest(client) -> None:
    rule = _finding(client, "852411")  # flat panel display modules
    note = rule["hs_correlation"]
    assert rule["alternatives"] == [] and rule["text"] == "" and rule["met"] is None
    assert note["count"] == len(correlation().to_hs2017("852411").hs2017) and note["rules"] >= 2
    counts = [c["count"] for c in note["candidates"]]
    assert counts == sorted(counts, reverse=True) and len(note["candidates"]) <= 10


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "is 0305.10 in HS 2017"), ("es", "es el 0305.10 en el SA 2017"), ("fr", "correspond au 0305.10 dans le SH 2017")])
def test_the_pages_say_what_the_typed_code_is_in_hs2017(client, lang: str, words: str) -> None:
    rule = _finding(client, "030910", lang)
    view = origin_rule_view(rule, Formatter(lang, get_translations(lang)))
    assert words in view["correlation"] and "0309.10" in view["correlation"]
    if lang != "en":
        assert "HS 2017, the edition" not in view["correlation"]  # translated, not English


def test_the_pages_send_the_owner_to_a_broker_when_rules_differ(client) -> None:
    rule = _finding(client, "852411", "fr")
    view = origin_rule_view(rule, Formatter("fr", get_translations("fr")))
    assert "8524.11" in view["correlation"] and view["alternatives"] == []
    assert rule["hs_correlation"]["candidates"][0]["source"] in view["correlation"]
