"""The loader refuses doubtful rule files, naming the file and the line."""

from __future__ import annotations

import pytest

from app.rules_engine import RuleBaseError
from tests.rules_engine.conftest import MINIMAL_AREA


def problem(load, files) -> str:
    with pytest.raises(RuleBaseError) as caught:
        load(files)
    return str(caught.value)


def test_a_minimal_area_loads(load):
    base = load({"financing/core.yaml": MINIMAL_AREA})
    assert [r.id for r in base.areas[3].rules] == ["financing.bank.open"]


def test_a_duplicate_key_is_an_error_with_its_line(load):
    text = MINIMAL_AREA.replace("    priority: high\n", "    priority: high\n    priority: low\n")
    message = problem(load, {"financing/core.yaml": text})
    assert "financing/core.yaml:" in message and "duplicate key 'priority'" in message
    assert message.split(":")[1].strip() == str(text.lstrip().splitlines().index("    priority: low") + 1)


def test_an_unknown_key_is_an_error(load):
    text = MINIMAL_AREA.replace("    priority: high\n", "    priority: high\n    urgency: 3\n")
    assert "urgency" in problem(load, {"financing/core.yaml": text})


def test_a_duplicate_rule_id_across_files_is_an_error(load):
    second = "area: financing\nrules:" + MINIMAL_AREA.split("rules:")[1]
    assert "duplicate id 'financing.bank.open'" in problem(
        load, {"financing/a.yaml": MINIMAL_AREA, "financing/b.yaml": second}
    )


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        ("{answer: finance.no_such_answer, is_true: true}", "no answer 'finance.no_such_answer'"),
        ("{fact: no.such_fact, gt: 1}", "no fact 'no.such_fact'"),
        ("{param: financing.no_such_param, gt: 1}", "no param 'financing.no_such_param'"),
        ("{lookup: {table: nowhere, key: x, column: y}, is_true: true}", "no table 'nowhere'"),
        ("{answer: finance.needs, sounds_like: working_capital}", "cannot read condition"),
        ("{answer: finance.needs, contains_any: working_capital}", "contains_any needs a list"),
    ],
)
def test_a_condition_naming_something_missing_is_an_error(load, condition, expected):
    text = MINIMAL_AREA.replace("{answer: finance.has_bank_relationship, is_false: true}", condition)
    assert expected in problem(load, {"financing/core.yaml": text})


def test_a_placeholder_must_be_declared_in_vars(load):
    text = MINIMAL_AREA.replace("Lenders ask for one.", "Lenders ask for {amount}.")
    assert "placeholder {amount} is not in vars" in problem(load, {"financing/core.yaml": text})


def test_a_rule_must_name_a_defined_resource(load):
    text = MINIMAL_AREA.replace("resources: [sba_export]", "resources: [sba_missing]")
    assert "no resource 'sba_missing'" in problem(load, {"financing/core.yaml": text})


def test_a_rule_needs_a_citation_or_a_resource(load):
    text = MINIMAL_AREA.replace("    citations: [USMCA Art. 25.4]\n", "    citations: []\n")
    text = text.replace("    resources: [sba_export]\n", "")
    assert "needs a citation or a resource" in problem(load, {"financing/core.yaml": text})


def test_anchors_and_aliases_are_refused(load):
    text = MINIMAL_AREA.replace("priority: high", "priority: &p high").replace("due_in_days: 30", "due_in_days: 30")
    assert "anchors are not allowed" in problem(load, {"financing/core.yaml": text})


def test_a_parameter_value_needs_a_reference_and_a_review_date(load):
    params = """
    parameters:
      financing.limit:
        description: A limit
        unit: USD
        values:
          - from: 2024-01-01
            value: 5
    """
    message = problem(load, {"parameters/financing.yaml": params})
    assert "parameters/financing.yaml:" in message and "'reference' is a required property" in message


def test_a_date_parameter_needs_a_real_date(load):
    params = """
    parameters:
      financing.window_closes:
        description: When the window closes
        unit: date
        values:
          - from: 2024-01-01
            value: "2024-02-30"
            reference: A guide
            reviewed: 2024-01-01
    """
    message = problem(load, {"parameters/financing.yaml": params})
    assert "parameters/financing.yaml:7:" in message and "YYYY-MM-DD" in message


def test_a_table_cell_of_the_wrong_type_is_an_error(load):
    table = """
    table: programs
    description: Programs
    key: code
    columns:
      code: {type: id}
      limit: {type: integer}
    rows:
      - {code: one, limit: 5}
      - {code: two, limit: many}
    """
    message = problem(load, {"tables/programs.yaml": table})
    assert "tables/programs.yaml:9" in message and "limit" in message


def test_an_area_file_must_sit_in_its_area_folder(load):
    assert "area must be 'origin'" in problem(load, {"origin/core.yaml": MINIMAL_AREA})


def test_yaml_1_1_words_like_on_and_no_stay_text(tmp_path):
    from app.rules_engine.yamlfile import read_yaml  # noqa: PLC0415

    path = tmp_path / "x.yaml"
    path.write_text("on: 2026-11-22\ncountry: NO\nflag: true\nother: yes\n", encoding="utf-8")
    doc = read_yaml(path, "x.yaml")
    assert list(doc) == ["on", "country", "flag", "other"]
    assert doc["country"] == "NO" and doc["flag"] is True and doc["other"] == "yes"
