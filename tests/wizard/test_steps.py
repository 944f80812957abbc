"""The step files in rules/steps/ are checked as strictly as the rules."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from app.rules_engine import DEFAULT_ROOT
from app.rules_engine.yamlfile import RuleFileError, read_yaml
from app.wizard.extract import extract_steps
from app.wizard.steps import leaf_paths, load_steps


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    root = tmp_path / "rules"
    shutil.copytree(DEFAULT_ROOT / "steps", root / "steps")
    shutil.copytree(DEFAULT_ROOT / "tables", root / "tables")
    return root


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "steps" / name
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_every_answer_of_the_contract_is_asked_exactly_once() -> None:
    book = load_steps(DEFAULT_ROOT)
    assert set(book.questions) == set(leaf_paths())


def test_every_step_has_a_required_question_so_an_unsubmitted_step_is_never_done() -> None:
    for step in load_steps(DEFAULT_ROOT).steps:
        assert any(q.required for q in step.questions), step.id


def test_the_branching_of_the_steps_is_the_branching_of_visibility_yaml() -> None:
    """Each question is shown under exactly the conditions visibility.yaml gives
    for it and its section (a question that gates its own section excepted)."""
    visibility = read_yaml(DEFAULT_ROOT / "visibility.yaml", "visibility.yaml")["visibility"]
    raw_steps = {p.stem: read_yaml(p, p.name) for p in (DEFAULT_ROOT / "steps").glob("*.yaml") if "step" in read_yaml(p, p.name)}
    for doc in raw_steps.values():
        chain = []
        current = doc
        while current is not None:
            if "shown_when" in current:
                chain.append(current["shown_when"])
            current = raw_steps.get(current.get("part_of")) if current.get("part_of") else None
        for question in doc["questions"]:
            path = question["id"]
            wanted = [visibility[p] for p in (path.split(".")[0], path) if p in visibility]
            wanted = [c for c in wanted if path not in str(c)]  # a gate cannot depend on itself
            given = chain + ([question["shown_when"]] if "shown_when" in question else [])
            assert sorted(map(str, given)) == sorted(map(str, wanted)), path


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("travel.yaml", "    type: boolean\n", "    type: boolean\n    colour: red\n", "unknown key 'colour'"),
        ("travel.yaml", "id: travel.needed", "id: travel.wanted", "no answer 'travel.wanted'"),
        ("goods.yaml", "      - {value: fast, label: FAST (Free and Secure Trade)}\n", "", "choices of goods.trusted_trader must be exactly"),
        ("digital.yaml", "contains: digital}", "contains: digital, equals: x}", "cannot read condition"),
        ("digital.yaml", "answer: export.offering, contains: digital", "answer: export.offerings, contains: digital", "no answer 'export.offerings'"),
        ("goods_costs.yaml", "part_of: goods", "part_of: travel", "part_of 'travel' is not an earlier step"),
        ("finance.yaml", "label: What financing would help you export?\n", "label: What financing would help you export?\n    label: Twice\n", "duplicate key 'label'"),
    ],
)
def test_a_mistake_in_a_step_file_is_refused_with_its_file_and_line(rules_copy: Path, file: str, old: str, new: str,
                                                                    message: str) -> None:
    edit(rules_copy, file, old, new)
    with pytest.raises(RuleFileError) as error:
        load_steps(rules_copy)
    assert message in str(error.value) and str(error.value).startswith(f"steps/{file}")


def test_an_answer_no_step_asks_is_an_error(rules_copy: Path) -> None:
    (rules_copy / "steps" / "consent.yaml").write_text((rules_copy / "steps" / "consent.yaml").read_text().split("  - id: contact.business_name")[0])
    with pytest.raises(RuleFileError, match=r"answers no step asks: contact\.business_name, contact\.email"):
        load_steps(rules_copy)


def test_step_texts_are_extracted_with_stable_contexts() -> None:
    with open(DEFAULT_ROOT / "steps" / "goods.yaml", "rb") as handle:
        messages = {context: text for _, _, (context, text), _ in extract_steps(handle, None, None, {})}
    assert messages["step.goods|title"] == "Your goods"
    assert messages["question.goods.origin_basis|label"] == "How is the product made?"
    assert messages["question.goods.origin_basis.unknown"] == "I don't know"


def test_proper_names_in_choice_lists_are_not_extracted() -> None:
    lists = (b"lists:\n  brands:\n    proper_names: true\n    choices:\n      - {value: acme, label: Acme}\n"
             b"  regions:\n    proper_names: false\n    groups: {CA: Canada}\n    choices:\n"
             b"      - {value: CA-BC, label: British Columbia, group: CA}\n")
    contexts = {context for _, _, (context, _), _ in extract_steps(io.BytesIO(lists), None, None, {})}
    assert contexts == {"list.regions.CA-BC", "list.regions.group.CA"}


def test_region_names_and_their_groups_are_extracted_for_translation() -> None:
    with open(DEFAULT_ROOT / "steps" / "choice_lists.yaml", "rb") as handle:
        messages = {context: text for _, _, (context, text), _ in extract_steps(handle, None, None, {})}
    assert messages["list.countries.MX"] == "Mexico"
    assert messages["list.regions.CA-BC"] == "British Columbia"
    assert messages["list.regions.group.US"] == "United States"
