"""The questionnaire's steps, read from `rules/steps/*.yaml` as strictly as the rules.

Each step file holds one page of questions; question ids are answer paths of
the answers contract, and the loader checks them against it: the type fits
the schema, the choices are exactly the schema's enumeration, every answer of
the contract is asked exactly once, and `shown_when` conditions use the rules'
grammar (`app.rules_engine.conditions`). Pure Python: no Flask here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from app.rules_engine.conditions import Condition, ConditionError, compile_condition
from app.rules_engine.names import answer_paths, answers_schema
from app.rules_engine.scope import PathReader, get_path
from app.rules_engine.tables import build_table
from app.rules_engine.yamlfile import Located, RuleFileError, read_yaml

STEP_KEYS = {"step", "order", "title", "description", "shown_when", "part_of", "questions"}
QUESTION_KEYS = {"id", "type", "required", "label", "hint", "choices", "choices_from", "groups", "shown_when", "unit", "exclusive",
                 "search_words", "chapters_from", "markets_from", "excluding"}
# More words a long list's search finds an option by: each label in its other
# grammatical gender (app/wizard/search_words.py), or {table, column}: a text
# column of a table keyed by the choices' values.
OTHER_GENDER = "other_gender"
CHOICE_KEYS = {"value", "label", "hint", "group"}
UNITS = {"people", "years", "percent"}
NAICS_SECTORS = {"11", "21", "22", "23", "31", "32", "33", "42", "44", "45", "48", "49"} | {
    "51", "52", "53", "54", "55", "56", "61", "62", "71", "72", "81", "92"}
# question type -> the schema type it stores
TYPES = {
    "choice": "enum", "picker": "enum", "multi_choice": "array", "boolean": "boolean",
    "integer": "integer", "money": "number", "text": "string", "email": "string",
    "naics": "string", "hs_code": "string", "amounts_by_market": "object", "date": "string",
    "materials": "array",  # rows of {hs_code, origin, unit_value, weight_pct}: the bill of materials
}
MATERIAL_FIELDS = {"hs_code", "origin", "unit_value", "weight_pct"}
LISTS_FILE = "choice_lists.yaml"


@dataclass(frozen=True)
class Choice:
    value: Any
    label: str
    context: str | None  # gettext context; None: a proper name, shown as written
    hint: str | None = None
    group: str | None = None
    keywords: str | None = None  # more words the list's search finds it by (translated with keywords_context)
    keywords_context: str | None = None


@dataclass(frozen=True)
class Question:
    id: str
    type: str
    label: str
    hint: str | None
    required: bool
    step: str
    choices: tuple[Choice, ...] = ()
    groups: tuple[Choice, ...] = ()
    shown_when: Condition | None = None
    unit: str | None = None
    exclusive: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    search_words: str | None = None
    hs_chapters: frozenset[str] = frozenset()  # an HS code's valid first two digits (`chapters_from`)
    # Amounts by market: asked for each market chosen in `markets_from` (its
    # choices are `markets`); before that is answered, for every market but
    # the answer `excluding` names. A multi_choice with `excluding` never keeps
    # that answer's value among its own (the home country among target markets).
    markets_from: str | None = None
    excluding: str | None = None
    markets: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The form field name (HTML ids must not hold dots for CSS and URLs)."""
        return self.id.replace(".", "-")

    def choice(self, value: Any) -> Choice | None:
        return next((c for c in self.choices if c.value == value), None)


@dataclass(frozen=True)
class Step:
    id: str
    order: int
    title: str
    description: str | None
    part_of: str | None
    shown_when: Condition | None
    questions: tuple[Question, ...]
    source: str = ""


@dataclass(frozen=True)
class StepBook:
    """Every step in order, and every question by its answer path."""

    steps: tuple[Step, ...]
    questions: Mapping[str, Question] = field(default_factory=dict)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


class _AnswerNames:
    """Conditions in step files may only read answers."""

    def has_answer(self, path: str) -> bool:
        return path in answer_paths()

    def has_fact(self, name: str) -> bool:
        return False

    def has_param(self, name: str) -> bool:
        return False

    def has_column(self, table: str, column: str) -> bool | None:
        return None


class AnswersScope:
    """Reads answers for conditions; nothing else exists in the wizard."""

    def __init__(self, answers: Mapping[str, Any]) -> None:
        self.answers = answers
        self.flat = PathReader(answers)

    def answer(self, path: str) -> Any:
        return get_path(self.answers, path)

    def fact(self, name: str) -> Any:
        raise KeyError(name)

    def param(self, name: str) -> Any:
        raise KeyError(name)

    def row(self, table: str, key: Any) -> Mapping[str, Any] | None:
        return None


def schema_node(path: str) -> Mapping[str, Any] | None:
    node: Mapping[str, Any] | None = answers_schema()
    for part in path.split("."):
        node = (node or {}).get("properties", {}).get(part)
        if node is None:
            return None
    return node


def leaf_paths() -> Iterator[str]:
    """Every answer the wizard must ask: each key that is not a section."""
    for path in sorted(answer_paths()):
        node = schema_node(path) or {}
        if path == "schema_version" or path.startswith("digital.annual_b2c_sales."):
            continue  # the version is set by the wizard; amounts by market are one question
        if node.get("deprecated") is True:
            continue  # kept for older documents; another answer asks it now
        if node.get("type") != "object" or path == "digital.annual_b2c_sales":
            yield path


def _condition(raw: Any, display: str, line: int) -> Condition:
    try:
        return compile_condition(raw, _AnswerNames())
    except ConditionError as error:
        raise RuleFileError(display, line, str(error)) from None


def _keys(doc: Any, allowed: set[str], required: set[str], display: str, what: str) -> Located:
    if not isinstance(doc, Located):
        raise RuleFileError(display, getattr(doc, "line", None), f"{what} must be a mapping")
    for key in doc:
        if key not in allowed:
            raise RuleFileError(display, doc.line_of(key), f"unknown key {key!r} in {what}")
    for key in sorted(required - set(doc)):
        raise RuleFileError(display, doc.line, f"{what} needs {key!r}")
    return doc


def _text(doc: Located, key: str, display: str, optional: bool = False) -> str | None:
    value = doc.get(key)
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise RuleFileError(display, doc.line_of(key), f"{key} must be a non-empty text")
    return " ".join(value.split())


class _Loader:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.lists: dict[str, tuple[Choice, ...]] = {}
        self.list_groups: dict[str, tuple[Choice, ...]] = {}
        path = root / "steps" / LISTS_FILE
        if path.exists():
            self._read_lists(read_yaml(path, f"steps/{LISTS_FILE}"), f"steps/{LISTS_FILE}")

    def _read_lists(self, doc: Any, display: str) -> None:
        doc = _keys(doc, {"lists"}, {"lists"}, display, "the lists file")
        for name, raw in doc["lists"].items():
            spec = _keys(raw, {"proper_names", "groups", "choices"}, {"choices"}, display, f"list {name!r}")
            proper = spec.get("proper_names") is True
            self.lists[name] = tuple(
                self._choice(raw, None if proper else f"list.{name}.{raw.get('value')}", display)
                for raw in spec["choices"]
            )
            self.list_groups[name] = tuple(
                Choice(k, str(v), None if proper else f"list.{name}.group.{k}") for k, v in (spec.get("groups") or {}).items()
            )

    def _choice(self, raw: Any, context: str | None, display: str) -> Choice:
        raw = _keys(raw, CHOICE_KEYS, {"value", "label"}, display, "a choice")
        return Choice(raw["value"], _text(raw, "label", display) or "", context, _text(raw, "hint", display, True), raw.get("group"))

    def _table_choices(self, spec: Located, display: str) -> tuple[Choice, ...]:
        spec = _keys(spec, {"table", "label", "group"}, {"table", "label"}, display, "choices_from")
        name = spec["table"]
        table = self._table(name, spec, display)
        label, group = spec["label"], spec.get("group")
        return tuple(
            Choice(key, row[label], f"{name}.{key}.{label}", None, row.get(group) if group else None)
            for key, row in table.rows.items()
        )

    def _table(self, name: Any, spec: Located, display: str) -> Any:
        path = self.root / "tables" / f"{name}.yaml"
        if not path.exists():
            raise RuleFileError(display, spec.line, f"no table {name!r}")
        return build_table(read_yaml(path, f"tables/{name}.yaml"), f"tables/{name}.yaml")

    def _with_keywords(self, choices: tuple[Choice, ...], spec: Any, display: str) -> tuple[Choice, ...]:
        spec = _keys(spec, {"table", "column"}, {"table", "column"}, display, f"search_words (or {OTHER_GENDER!r})")
        name, column = spec["table"], spec["column"]
        rows = self._table(name, spec, display).rows
        return tuple(
            replace(c, keywords=rows[c.value][column], keywords_context=f"{name}.{c.value}.{column}")
            if c.value in rows and rows[c.value].get(column) else c
            for c in choices
        )

    def choices(self, raw: Located, qid: str, display: str) -> tuple[tuple[Choice, ...], tuple[Choice, ...]]:
        found: list[Choice] = []
        groups: tuple[Choice, ...] = ()
        source = raw.get("choices_from")
        if source is not None:
            if isinstance(source, Located) and "list" in source:
                _keys(source, {"list"}, {"list"}, display, "choices_from")
                if source["list"] not in self.lists:
                    raise RuleFileError(display, source.line, f"no choice list {source['list']!r}")
                found += self.lists[source["list"]]
                groups = self.list_groups[source["list"]]
            else:
                found += self._table_choices(source, display)
        for item in raw.get("choices") or ():
            found.append(self._choice(item, f"question.{qid}.{item.get('value')}", display))
        if "groups" in raw:
            groups = tuple(Choice(k, str(v), f"question.{qid}.group.{k}") for k, v in raw["groups"].items())
        return tuple(found), groups

    def question(self, raw: Any, step_id: str, display: str) -> Question:
        raw = _keys(raw, QUESTION_KEYS, {"id", "type", "label"}, display, "a question")
        qid, qtype, line = raw["id"], raw["type"], raw.line
        node = schema_node(qid) if isinstance(qid, str) else None
        if node is None:
            raise RuleFileError(display, raw.line_of("id"), f"no answer {qid!r} in the answers contract")
        if qtype not in TYPES:
            raise RuleFileError(display, raw.line_of("type"), f"unknown question type {qtype!r}")
        choices, groups = self.choices(raw, qid, display)
        if qtype == "materials":
            _check_materials(qid, node, choices, display, line)
        else:
            _check_type(qid, qtype, node, choices, display, line)
        if (qtype == "date") != (node.get("format") == "date"):
            raise RuleFileError(display, line, f"{qid}: a date question stores a contract date (format: date), and only one does")
        unit = raw.get("unit")
        if unit is not None and unit not in UNITS:
            raise RuleFileError(display, raw.line_of("unit"), f"unknown unit {unit!r}")
        exclusive = raw.get("exclusive")
        if exclusive is not None and exclusive not in {c.value for c in choices}:
            raise RuleFileError(display, raw.line_of("exclusive"), f"exclusive {exclusive!r} is not a choice")
        search_words = raw.get("search_words")
        if search_words is not None:
            if qtype not in ("picker", "naics"):
                raise RuleFileError(display, raw.line_of("search_words"), "search_words is for a picker or naics question")
            if search_words != OTHER_GENDER:
                choices = self._with_keywords(choices, search_words, display)
                search_words = None
        chapters = self._hs_chapters(raw, qtype, display)
        shown = raw.get("shown_when")
        minimum = node.get("minimum", node.get("exclusiveMinimum"))
        return Question(
            qid, qtype, _text(raw, "label", display) or "", _text(raw, "hint", display, True),
            raw.get("required") is True, step_id, choices, groups,
            _condition(shown, display, raw.line_of("shown_when")) if shown is not None else None,
            unit, exclusive, minimum, node.get("maximum"), "exclusiveMinimum" in node, search_words, chapters,
            *self._markets(raw, qtype, display),
        )

    def _markets(self, raw: Located, qtype: str, display: str) -> tuple[str | None, str | None]:
        markets_from, excluding = raw.get("markets_from"), raw.get("excluding")
        if (markets_from is None) != (qtype != "amounts_by_market"):
            raise RuleFileError(display, raw.line, "an amounts_by_market question, and only one, names markets_from")
        if excluding is not None and qtype not in ("amounts_by_market", "multi_choice"):
            raise RuleFileError(display, raw.line_of("excluding"), "excluding is for a multi_choice or amounts_by_market question")
        for key, path in (("markets_from", markets_from), ("excluding", excluding)):
            if path is not None and path not in answer_paths():
                raise RuleFileError(display, raw.line_of(key), f"no answer {path!r} in the answers contract")
        return markets_from, excluding

    def _hs_chapters(self, raw: Located, qtype: str, display: str) -> frozenset[str]:
        """An HS code question's chapters, from a table of HS sections (first_chapter to
        last_chapter, but its reserved_chapters)."""
        name = raw.get("chapters_from")
        if (name is None) != (qtype not in ("hs_code", "materials")):
            raise RuleFileError(display, raw.line, "an hs_code or materials question, and only one, names its chapters_from table")
        if name is None:
            return frozenset()
        rows = self._table(name, raw, display).rows.values()
        return frozenset(f"{n:02d}" for row in rows for n in range(row["first_chapter"], row["last_chapter"] + 1)
                         if n not in row.get("reserved_chapters", ()))

    def step(self, path: Path) -> Step:
        display = path.relative_to(self.root).as_posix()
        doc = _keys(read_yaml(path, display), STEP_KEYS, {"step", "order", "title", "questions"}, display, "a step file")
        step_id = doc["step"]
        if path.stem != step_id:
            raise RuleFileError(display, doc.line_of("step"), f"step {step_id!r} must be in steps/{step_id}.yaml")
        if not isinstance(doc["order"], int) or isinstance(doc["order"], bool):
            raise RuleFileError(display, doc.line_of("order"), "order must be a whole number")
        if not isinstance(doc["questions"], list) or not doc["questions"]:
            raise RuleFileError(display, doc.line_of("questions"), "questions must be a non-empty list")
        shown = doc.get("shown_when")
        return Step(
            step_id, doc["order"], _text(doc, "title", display) or "", _text(doc, "description", display, True),
            doc.get("part_of"), _condition(shown, display, doc.line_of("shown_when")) if shown is not None else None,
            tuple(self.question(q, step_id, display) for q in doc["questions"]), display,
        )


def _check_materials(qid: str, node: Mapping[str, Any], choices: tuple[Choice, ...], display: str, line: int) -> None:
    items = node.get("items") or {}
    if node.get("type") != "array" or set(items.get("properties") or ()) != MATERIAL_FIELDS or choices:
        raise RuleFileError(display, line, f"{qid} is not a list of materials {sorted(MATERIAL_FIELDS)} in the contract")


def _check_type(qid: str, qtype: str, node: Mapping[str, Any], choices: tuple[Choice, ...], display: str, line: int) -> None:
    expected = TYPES[qtype]
    if expected == "enum":
        allowed = node.get("enum")
    elif expected == "array":
        allowed = (node.get("items") or {}).get("enum") if node.get("type") == "array" else None
    else:
        allowed = None
    if qtype == "picker" and allowed is None and node.get("type") == "string":
        pattern = re.compile(node.get("pattern", ".*"))
        bad = [c.value for c in choices if not isinstance(c.value, str) or not pattern.search(c.value)]
        if bad or not choices:
            raise RuleFileError(display, line, f"choices of {qid} do not fit the contract: {bad}")
        return
    if expected in ("enum", "array"):
        if allowed is None:
            raise RuleFileError(display, line, f"{qid} is not a {'choice' if expected == 'enum' else 'list of choices'} in the contract")
        values = [c.value for c in choices]
        if sorted(map(str, values)) != sorted(map(str, allowed)) or len(set(values)) != len(values):
            raise RuleFileError(display, line, f"choices of {qid} must be exactly {sorted(allowed)}")
        return
    if node.get("type") != expected:
        raise RuleFileError(display, line, f"{qid} is a {node.get('type')} in the contract, not a {qtype}")
    if qtype == "naics":
        bad = [c.value for c in choices if c.value not in NAICS_SECTORS]
        if bad or not choices:
            raise RuleFileError(display, line, f"NAICS sectors must be listed and valid: {bad}")
    elif choices:
        raise RuleFileError(display, line, f"a {qtype} question has no choices")


def load_steps(root: Path) -> StepBook:
    """Read and check every step file under `root/steps`; raise RuleFileError."""
    loader = _Loader(root)
    files = sorted(p for p in (root / "steps").glob("*.yaml") if p.name != LISTS_FILE)
    steps = sorted((loader.step(p) for p in files), key=lambda s: s.order)
    questions: dict[str, Question] = {}
    seen_orders: dict[int, str] = {}
    for step in steps:
        if step.order in seen_orders:
            raise RuleFileError(step.source, None, f"order {step.order} also used by step {seen_orders[step.order]!r}")
        seen_orders[step.order] = step.id
        if step.part_of is not None and step.part_of not in {s.id for s in steps if s.order < step.order}:
            raise RuleFileError(step.source, None, f"part_of {step.part_of!r} is not an earlier step")
        for question in step.questions:
            if question.id in questions:
                raise RuleFileError(step.source, None, f"{question.id} is asked twice (also in step {questions[question.id].step!r})")
            questions[question.id] = question
    missing = sorted(set(leaf_paths()) - set(questions))
    if missing:
        raise RuleFileError("steps", None, f"answers no step asks: {', '.join(missing)}")
    for qid, question in questions.items():
        if question.markets_from is not None:
            source = questions.get(question.markets_from)
            if source is None or source.type != "multi_choice":
                raise RuleFileError(question.step, None, f"{qid}: markets_from must name a multi_choice question")
            questions[qid] = replace(question, markets=tuple(str(c.value) for c in source.choices))
    steps = [replace(s, questions=tuple(questions[q.id] for q in s.questions)) for s in steps]
    return StepBook(tuple(steps), questions)
