"""The USMCA product-specific rules table generated from HTSUS General Note 11(o).

These tests read the real PDF and the real generated file: the file must be exactly what the
parser makes of the PDF, every HS 2017 subheading must reach a rule (but for the codes the note's
own nomenclature does not name, listed below with the reason), ranges must be ordered, thresholds
must come from the pairs found in the note, and date windows must not overlap.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from itertools import pairwise

import pytest

from app.rules_engine.origin_rules import gn11, report
from app.rules_engine.origin_rules.lookup import DEFAULT_PATH, OriginTable, six_digit_range

DATA = json.loads(DEFAULT_PATH.read_text(encoding="utf-8"))
RULES = DATA["rules"]


@pytest.fixture(scope="module")
def table() -> OriginTable:
    return OriginTable.load()


# HS 2017 codes the note (drafted partly in HS 2012 nomenclature) does not reach: new codes that
# were split from a subheading other than the heading's residual one, and 8471.49, whose units are
# governed by chapter 84 rule 2. `999999` is not an HS code (an artefact of the Comtrade list).
NOT_NAMED_BY_THE_NOTE = {
    "845611",
    "845612",
    "845640",
    "845650",  # HS 2012 8456.10 / 8456.90 split
    "846012",
    "846022",
    "846023",
    "846024",  # HS 2012 8460.11 / 8460.21 / 8460.29 split
    "847149",  # chapter 84 rule 2
    "853950",  # LED lamps, new in HS 2017
    "870220",
    "870230",
    "870240",  # buses by motor, new in HS 2017
    "962000",  # monopods and tripods, new in HS 2017
    "999999",
}

# Threshold pairs (transaction value, net cost) found in the note beyond the list; each
# was read again in the PDF text (the report lists the rules that use them).
KNOWN_PAIRS = report.KNOWN_PAIRS
FURTHER_PAIRS_IN_THE_NOTE = {
    (30, 25),  # 8518.90
    (65, 50),  # 3501, 3503
    (70, 60),
    (75, 65),
    (None, 65),  # steel and railway parts, date-bound from 2022/2023
    (75, None),  # 7305-7307 from 2023 as written: the net-cost clause is a duplicate of the other (reviewed.yaml)
    (80, 70),
    (85, 75),  # 8408.20 engines for light trucks, 8511 parts
    (None, 55),  # footwear 6401-6405, net cost only
    (None, 50),  # word-processing machines of 8469 from 8473, net cost only
}
AUTOMOTIVE_NET_COST = {(None, 50), (None, 60), (None, 62.5), (None, 70), (None, 75)}


def test_the_pdf_is_the_one_in_the_manifest() -> None:
    source = gn11.manifest()["sources"][0]
    pdf = gn11.SOURCE_DIR / source["file"]
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == source["sha256"] == DATA["source"]["sha256"]
    assert DATA["source"]["revision"] == "2025 Revision 7"


def test_the_generated_file_is_exactly_what_the_parser_makes_of_the_pdf() -> None:
    assert gn11.dump(gn11.build()) == DEFAULT_PATH.read_text(encoding="utf-8")


def test_every_chapter_but_77_has_rules() -> None:
    assert {r["chapter"] for r in RULES} == set(range(1, 98)) - {77}


def test_every_hs2017_subheading_reaches_a_rule_but_the_listed_ones(table: OriginTable) -> None:
    for on in (date(2020, 7, 1), date(2024, 1, 1), date(2026, 1, 1)):
        assert set(report.uncovered(table, on)) == NOT_NAMED_BY_THE_NOTE


def test_ranges_are_ordered_and_stay_in_their_chapter() -> None:
    for rule in RULES:
        assert rule["applies_to"], rule["id"]
        for target in rule["applies_to"]:
            low, high = six_digit_range(target["level"], target["from"], target["to"])
            assert low <= high, rule["id"]
            assert int(low[:2]) == int(high[:2]) == rule["chapter"], rule["id"]


def test_numbered_rules_follow_each_other_in_every_chapter() -> None:
    by_chapter: dict[int, list[int]] = {}
    for rule in RULES:
        if rule["subdivision"] is not None:
            by_chapter.setdefault(rule["chapter"], []).append(rule["subdivision"])
    for chapter, numbers in by_chapter.items():
        assert numbers == list(range(1, len(numbers) + 1)), chapter


def test_thresholds_come_only_from_the_known_pairs() -> None:
    allowed = KNOWN_PAIRS | FURTHER_PAIRS_IN_THE_NOTE
    for rule in RULES:
        for alt in rule["alternatives"]:
            if "rvc" not in alt or alt["parse_status"] == "review":
                continue
            pair = (alt["rvc"]["transaction_value"], alt["rvc"]["net_cost"])
            if rule["automotive"] and pair in AUTOMOTIVE_NET_COST:
                continue
            assert pair in allowed, (rule["id"], pair)


def test_date_windows_do_not_overlap() -> None:
    windows: dict[tuple, list[tuple[str, str]]] = {}
    for rule in RULES:
        if not rule["valid_from"]:
            continue
        for target in rule["applies_to"]:
            key = six_digit_range(target["level"], target["from"], target["to"])
            windows.setdefault(key, []).append((rule["valid_from"], rule["valid_until"] or "9999-12-31"))
    assert windows
    for key, spans in windows.items():
        spans.sort()
        assert spans[0][0] == "2020-07-01", key
        for (_, end), (start, _) in pairwise(spans):
            assert end == start, key  # no overlap and no gap
        assert spans[-1][1] == "9999-12-31", key


def test_transformers_changed_on_1_july_2025(table: OriginTable) -> None:
    for code in ("850421", "850434", "850490"):
        before = table.rule_for(code, date(2025, 6, 30))["rules"]
        after = table.rule_for(code, date(2025, 7, 1))["rules"]
        assert len(before) == len(after) == 1
        assert before[0]["valid_until"] == after[0]["valid_from"] == "2025-07-01"
        assert [a.get("rvc") for a in before[0]["alternatives"]][-1] == {"transaction_value": 60, "net_cost": 50}
        assert [a.get("rvc") for a in after[0]["alternatives"]][-1] == {"transaction_value": 65, "net_cost": 55}
        assert after[0]["alternatives"][0]["tariff_shift"]["except"] == [
            {"level": "heading", "from": "7225", "to": "7225"},
            {"level": "heading", "from": "7226", "to": "7226"},
            {"level": "heading", "from": "7326", "to": "7326"},
        ]


def test_a_heading_rule_gives_way_to_a_subheading_rule_and_tariff_items_are_apart(table: OriginTable) -> None:
    found = table.rule_for("220290", date(2026, 1, 1))
    assert [r["id"] for r in found["rules"]] == ["22.6"]
    assert {r["id"] for r in found["tariff_item_rules"]} == {"22.3", "22.4", "22.5"}
    first = table.rule_for("010121", date(2026, 1, 1))["rules"][0]
    assert first["alternatives"][0]["tariff_shift"] == {"level": "CC", "from": "any_other"}


def test_automotive_provisions_are_flagged(table: OriginTable) -> None:
    engines = table.rule_for("840731", date(2026, 1, 1))["rules"]
    assert [r["id"] for r in engines] == ["84.17", "84.18", "84.19"]
    assert all(r["automotive"] for r in engines)
    assert "passenger vehicle or light truck" in engines[0]["goods_condition"]
    assert engines[0]["alternatives"][0]["rvc"] == {"transaction_value": None, "net_cost": 75}
    assert all(r["automotive"] for r in table.rule_for("870899", date(2026, 1, 1))["rules"])
    assert not any(r["automotive"] for r in table.rule_for("010121", date(2026, 1, 1))["rules"])


def test_rules_for_one_pair_of_countries_are_kept_apart(table: OriginTable) -> None:
    scopes = {r["trade_scope"] for r in table.rule_for("570320", date(2026, 1, 1))["rules"]}
    assert scopes == {"MX-US", "other"}


def test_every_alternative_keeps_its_verbatim_text_and_a_status() -> None:
    statuses = {"auto", "auto_with_conditions", "review", "reviewed"}
    for rule in RULES:
        assert rule["text"]
        for alt in rule["alternatives"]:
            assert alt["text"] and alt["parse_status"] in statuses
            assert alt["text"] in rule["text"] or alt["parse_status"] == "reviewed" or rule.get("trade_scope")
    counted = sum(DATA["statistics"]["alternatives_by_parse_status"].values())
    assert counted == DATA["statistics"]["alternatives"] == sum(len(r["alternatives"]) for r in RULES)


def test_the_report_and_the_review_queue_are_up_to_date() -> None:
    assert report.REPORT.read_text(encoding="utf-8") == report.render()
    assert report.QUEUE.read_text(encoding="utf-8") == report.render_queue()
    queued = report.QUEUE.read_text(encoding="utf-8").count("\n- `")
    assert queued == DATA["statistics"]["alternatives_by_parse_status"]["review"]


def test_a_reviewed_alternative_must_quote_the_pdf() -> None:
    data = gn11.build_rules(gn11.pdf_text(gn11.SOURCE_DIR / gn11.PDF_NAME))
    with pytest.raises(ValueError, match="not the PDF's"):
        gn11.apply_reviewed(data, [{"rule": "41.4", "alternative": 0, "text": "A change to heading 4104."}])


def test_the_hand_review_leaves_automotive_rules_to_specialists_and_codes_every_qualifier() -> None:
    seen = 0
    for rule in RULES:
        for alt in rule["alternatives"]:
            if alt["parse_status"] != "reviewed":
                continue
            seen += 1
            assert not rule["automotive"], rule["id"]
            shift = alt["tariff_shift"]
            assert shift["level"] in ("CC", "CTH", "CTSH", "CTI", "specific", "none"), rule["id"]
            named = [e for e in shift.get("except") or [] if isinstance(e, dict)]
            named += [e for e in shift.get("from") or [] if isinstance(e, dict)]
            named += [e for group in shift.get("except_more_than_one_of") or [] for e in group]
            for entry in named:  # a description always comes with the code it is of
                assert entry["level"] in ("chapter", "heading", "subheading", "tariff_item") and entry["from"] <= entry["to"]
            if alt.get("conditions"):
                assert alt["conditions"] in alt["text"], rule["id"]  # conditions stay verbatim
    assert seen == DATA["statistics"]["alternatives_by_parse_status"]["reviewed"] >= 70


def test_the_grammar_reads_the_usual_forms() -> None:
    alt = gn11.parse_alternative(
        "A change to headings 0401 through 0404 from any other chapter, except from tariff items 1901.90.32 or 1901.90.33."
    )
    assert alt["parse_status"] == "auto"
    assert alt["to"] == {"level": "heading", "codes": [["0401", "0404"]]}
    assert alt["tariff_shift"]["level"] == "CC"
    assert alt["tariff_shift"]["except"] == [
        {"level": "tariff_item", "from": "1901.90.32", "to": "1901.90.32"},
        {"level": "tariff_item", "from": "1901.90.33", "to": "1901.90.33"},
    ]
    rvc = gn11.parse_alternative(
        "No change in tariff classification to a good of subheading 8504.90, provided there is a regional value "
        "content of not less than: (i) 65 percent where the transaction value method is used; or (ii) 55 percent "
        "where the net cost method is used."
    )
    assert rvc["parse_status"] == "auto"
    assert rvc["tariff_shift"] == {"level": "none"}
    assert rvc["rvc"] == {"transaction_value": 65, "net_cost": 55}
    odd = gn11.parse_alternative("A change to savory, crushed or ground, of subheading 0712.90 from savory of 0712.90.")
    assert odd["parse_status"] == "review"


def test_a_code_must_have_six_digits(table: OriginTable) -> None:
    with pytest.raises(ValueError):
        table.rule_for("8504", date(2026, 1, 1))


def test_a_last_letter_written_without_its_opening_parenthesis_still_starts_an_alternative() -> None:
    parts = gn11.split_alternatives(
        "(A) A change to heading 4810 from any other heading;\n(B) A change to subheading 4810.13 from any other "
        "heading; or C) A change to any other good of heading 4810 from any other chapter."
    )
    assert [p.split(" from ")[0].strip() for p in parts] == [
        "A change to heading 4810", "A change to subheading 4810.13", "A change to any other good of heading 4810",
    ]
    assert parts[1].rstrip().endswith("; or")
    # only the next letter, and only where it opens a sentence of the note
    assert len(gn11.split_alternatives("(A) A change to heading 4810 from 4802; or D) A change to 4811.")) == 1
    assert len(gn11.split_alternatives("(a) A change to heading 7313 from 7208; or b) provided that ...", lower=True)) == 1
    by_id = {r["id"]: r for r in RULES}
    assert by_id["48.5"]["alternatives"][2]["text"] == "A change to any other good of heading 4810 from any other chapter."
    assert by_id["73.dated.16"]["alternatives"][2]["rvc"] == {"transaction_value": 75, "net_cost": 65}
