"""Reads `rules/` into an immutable `RuleBase`, refusing anything doubtful.

Shape is checked with the JSON Schemas of `filespecs`; references (answers,
facts, parameters, tables, resources, placeholders) are checked here. Every
error names the file and line.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from jsonschema import Draft202012Validator

from app.rules_engine import filespecs
from app.rules_engine.conditions import Condition, ConditionError, Operand, compile_condition, compile_operand
from app.rules_engine.facts import REGISTRY, FactDef
from app.rules_engine.model import (
    ANCHORS,
    AREAS,
    FINDING_DEFAULTS,
    Area,
    Finding,
    FindingCase,
    LeadTime,
    Parameter,
    ParamValue,
    Resource,
    Rule,
    RuleBase,
    ScoreItem,
    Table,
)
from app.rules_engine.names import KnownNames
from app.rules_engine.sources import load_citations, load_resources
from app.rules_engine.tables import build_table
from app.rules_engine.yamlfile import Located, RuleFileError, line_at, read_yaml

DEFAULT_ROOT = Path(__file__).resolve().parents[2] / "rules"
_VERSION_HEADING = re.compile(r"^## (\d{4}\.\d{1,2}\.\d+)\s*$", re.MULTILINE)


class RuleBaseError(Exception):
    """The rule base cannot be loaded; `problems` lists every error found."""

    def __init__(self, problems: list[RuleFileError]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def _check_shape(document: Any, schema: Mapping[str, Any], display: str) -> None:
    validator = Draft202012Validator(schema)
    for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path))):
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        raise RuleFileError(display, line_at(document, list(error.absolute_path)), f"{where}: {error.message}")


def _date(value: Any, display: str, line: int | None, what: str) -> date:
    if isinstance(value, date):
        return value
    raise RuleFileError(display, line, f"{what} must be a date written YYYY-MM-DD")


def _date_value(value: Any, display: str, line: int | None) -> date | None:
    """A `unit: date` parameter's value, written as a quoted "YYYY-MM-DD" (or null)."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else _date(value, display, line, "value")
    except ValueError:
        raise RuleFileError(display, line, 'a date parameter\'s value must be a date written "YYYY-MM-DD"') from None


def rules_version(root: Path) -> str:
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    found = _VERSION_HEADING.search(changelog)
    if not found:
        raise RuleFileError("CHANGELOG.md", None, "no '## YYYY.MM.N' version heading")
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return f"{found.group(1)}+{digest.hexdigest()[:12]}"


def _load_parameters(doc: Located, display: str) -> dict[str, Parameter]:
    found: dict[str, Parameter] = {}
    params = doc["parameters"]
    for name, spec in params.items():
        line = params.line_of(name)
        if not re.fullmatch(r"[a-z][a-z0-9_]*\.[a-z0-9_.]+", name):
            raise RuleFileError(display, line, f"parameter name {name!r} is not <area>.<snake_case>")
        values = []
        for raw in spec["values"]:
            start = _date(raw["from"], display, raw.line, "from")
            reviewed = _date(raw["reviewed"], display, raw.line_of("reviewed"), "reviewed")
            value = _date_value(raw["value"], display, raw.line_of("value")) if spec["unit"] == "date" else raw["value"]
            values.append(ParamValue(start, value, raw["reference"], raw.get("url"), reviewed))
        values.sort(key=lambda v: v.start)
        if len({v.start for v in values}) != len(values):
            raise RuleFileError(display, line, f"parameter {name!r} has two values from the same date")
        found[name] = Parameter(
            name, spec["description"], spec["unit"], tuple(values), spec.get("needs_review"), f"{display}:{line}",
            spec.get("confidence"),
        )
    return found


class _Builder:
    """Turns area files into `Area` objects once every name is known."""

    def __init__(
        self, names: KnownNames, resources: Mapping[str, Resource], facts: Mapping[str, FactDef], problems: _Problems,
        parameters: Mapping[str, Parameter] | None = None,
    ) -> None:
        self.names = names
        self.parameters = parameters or {}
        self.facts = facts
        self.problems = problems
        self.resources = resources
        self.seen: dict[str, str] = {}  # every score item and rule id, across areas

    def condition(self, raw: Any, display: str, line: int | None) -> Condition:
        try:
            return compile_condition(raw, self.names)
        except ConditionError as error:
            raise RuleFileError(display, getattr(raw, "line", line), str(error)) from None

    def value(self, raw: Any, display: str, line: int | None) -> Any:
        if isinstance(raw, Mapping):
            try:
                return compile_operand(raw, self.names)
            except ConditionError as error:
                raise RuleFileError(display, getattr(raw, "line", line), str(error)) from None
        return tuple(raw) if isinstance(raw, list) else raw

    def finding(self, key: str, raw: Located, display: str) -> Finding:
        if key not in FINDING_DEFAULTS:
            raise RuleFileError(display, raw.line, f"{key!r} is not a finding of the plan contract")
        na = self.value(raw["not_applicable"], display, raw.line)
        if "value" in raw:
            return Finding(key, na, value=self.value(raw["value"], display, raw.line))
        cases = tuple(
            FindingCase(self.condition(c["when"], display, c.line), self.value(c["value"], display, c.line))
            for c in raw["cases"]
        )
        return Finding(key, na, cases=cases, otherwise=self.value(raw["otherwise"], display, raw.line), kind="cases")

    def rule(self, raw: Located, area: str, display: str) -> Rule:
        when = self.condition(raw["when"], display, raw.line_of("when"))
        variables = {
            name: self.value(spec, display, raw.line_of("vars")) for name, spec in (raw.get("vars") or {}).items()
        }
        for field in ("title", "detail"):
            for _, placeholder, _, _ in string.Formatter().parse(raw[field]):
                if placeholder is not None and placeholder not in variables:
                    raise RuleFileError(display, raw.line_of(field), f"placeholder {{{placeholder}}} is not in vars")
        for rid in raw.get("resources") or ():
            if rid not in self.resources:
                raise RuleFileError(display, raw.line_of("resources"), f"no resource {rid!r}")
        for path in raw.get("why") or ():
            if not self.names.has_answer(path):
                raise RuleFileError(display, raw.line_of("why"), f"no answer {path!r}")
        if not raw.get("citations") and not raw.get("resources"):
            raise RuleFileError(display, raw.line, "a rule needs a citation or a resource")
        why = tuple(raw.get("why") or _answers_read(self.facts, when, variables.values()))
        lead_time = self.lead_time(raw, display)
        return Rule(
            raw["id"], area, when, raw["priority"], raw["due_in_days"], raw["title"].strip(), raw["detail"].strip(),
            MappingProxyType(variables), why, load_citations(raw.get("citations")), tuple(raw.get("resources") or ()),
            raw.get("needs_review"), f"{display}:{raw.line}",
            tuple(self.resources[rid] for rid in raw.get("resources") or ()), lead_time,
        )

    def lead_time(self, raw: Located, display: str) -> LeadTime | None:
        spec = raw.get("lead_time")
        if spec is None:
            return None
        parameter = self.parameters.get(spec["param"])
        if parameter is None:
            raise RuleFileError(display, raw.line_of("lead_time"), f"no parameter {spec['param']!r}")
        if parameter.unit != "days":
            raise RuleFileError(display, raw.line_of("lead_time"), f"lead time {spec['param']!r} is not in days")
        if not self.names.has_answer(ANCHORS[spec["before"]]):
            raise RuleFileError(display, raw.line_of("lead_time"), f"no answer {ANCHORS[spec['before']]!r}")
        return LeadTime(spec["param"], spec["before"])


def _answers_read(facts: Mapping[str, FactDef], condition: Condition, extra: Iterable[Any] = ()) -> list[str]:
    """The answers a rule reads, directly or through the inputs of its facts."""

    def fact_inputs(name: str) -> tuple[str, ...]:
        return facts[name].inputs if name in facts else ()

    seen: dict[str, None] = {}
    operands = [*condition.operands(), *(o for o in extra if isinstance(o, Operand))]
    for operand in operands:
        for path in operand.answers(fact_inputs):
            seen.setdefault(path, None)
    return list(seen)


class _Problems:
    """Collects errors so one `rules check` lists them all, file by file."""

    def __init__(self) -> None:
        self.found: list[RuleFileError] = []

    def attempt(self, step: Callable[[], _T]) -> _T | None:
        try:
            return step()
        except RuleFileError as error:
            self.found.append(error)
            return None


_T = TypeVar("_T")


def _read_all(root: Path, folder: str, problems: _Problems, schema: Mapping[str, Any]) -> list[tuple[Located, str]]:
    files = sorted(p for p in (root / folder).glob("*.yaml") if not p.name.endswith(".test.yaml"))
    read = []
    for path in files:
        display = path.relative_to(root).as_posix()

        def one(path: Path = path, display: str = display) -> Located:
            doc = read_yaml(path, display)
            _check_shape(doc, schema, display)
            return doc

        doc = problems.attempt(one)
        if doc is not None:
            read.append((doc, display))
    return read


def _unique(into: dict[str, Any], new: Mapping[str, Any], what: str, display: str) -> None:
    for key, item in new.items():
        if key in into:
            raise RuleFileError(display, None, f"duplicate {what} id {key!r} (also in {into[key].source})")
        into[key] = item


def load_rule_base(root: Path = DEFAULT_ROOT, facts: Mapping[str, FactDef] | None = None) -> RuleBase:
    """Load and check the whole rule base; raise `RuleBaseError` listing every problem.

    `facts` defaults to every registered calculator; tests pass their own.
    """
    if facts is None:
        import app.rules_engine.calculators  # noqa: F401,PLC0415  (registers the facts)

        facts = REGISTRY
    problems = _Problems()
    base = problems.attempt(lambda: _load(root, MappingProxyType(dict(facts)), problems))
    if problems.found or base is None:
        raise RuleBaseError(problems.found)
    return base


def _load(root: Path, facts: Mapping[str, FactDef], problems: _Problems) -> RuleBase:
    parameters: dict[str, Parameter] = {}
    for doc, display in _read_all(root, "parameters", problems, filespecs.PARAMETERS):
        problems.attempt(lambda: _unique(parameters, _load_parameters(doc, display), "parameter", display))  # noqa: B023
    tables: dict[str, Table] = {}
    for doc, display in _read_all(root, "tables", problems, filespecs.TABLE):
        problems.attempt(lambda: _unique(tables, {doc["table"]: build_table(doc, display)}, "table", display))  # noqa: B023
    problems.attempt(lambda: _check_facts(facts, parameters, tables))
    names = KnownNames(facts, parameters, tables)
    area_docs = [pair for area in AREAS for pair in _read_all(root, area, problems, filespecs.AREA_FILE)]
    resources: dict[str, Resource] = {}
    for doc, display in area_docs:
        problems.attempt(lambda: _area_resources(doc, display, resources))  # noqa: B023
    builder = _Builder(names, resources, facts, problems, parameters)
    areas = tuple(_build_area(area, [d for d in area_docs if d[0]["area"] == area], builder) for area in AREAS)
    visibility = _load_visibility(root, builder)
    return RuleBase(
        version=rules_version(root),
        areas=areas,
        parameters=MappingProxyType(parameters),
        tables=MappingProxyType(tables),
        resources=MappingProxyType(resources),
        visibility=visibility,
        facts=facts,
        case_files=tuple(p.relative_to(root).as_posix() for p in sorted(root.rglob("*.test.yaml"))),
    )


def _area_resources(doc: Located, display: str, resources: dict[str, Resource]) -> None:
    if doc["area"] != display.split("/", maxsplit=1)[0]:
        raise RuleFileError(display, doc.line_of("area"), f"area must be {display.split('/', maxsplit=1)[0]!r}")
    _unique(resources, load_resources(doc, display), "resource", display)


def _check_facts(facts: Mapping[str, FactDef], parameters: Mapping[str, Parameter], tables: Mapping[str, Table]) -> None:
    for fact in facts.values():
        for name in fact.params:
            if name not in parameters:
                raise RuleFileError("calculators", None, f"fact {fact.name!r} reads missing parameter {name!r}")
        for name in fact.tables:
            if name not in tables:
                raise RuleFileError("calculators", None, f"fact {fact.name!r} reads missing table {name!r}")


def _build_area(name: str, docs: list[tuple[Located, str]], builder: _Builder) -> Area:
    applies: list[Condition] = []
    scores: list[ScoreItem] = []
    findings: list[Finding] = []
    rules: list[Rule] = []
    attempt = builder.problems.attempt
    for doc, display in docs:
        if "applies_when" in doc:
            found = attempt(lambda: builder.condition(doc["applies_when"], display, doc.line_of("applies_when")))  # noqa: B023
            if found is not None:
                applies.append(found)
        for raw in doc.get("score_items") or ():
            item = attempt(lambda: _score_item(raw, display, builder))  # noqa: B023
            scores += [item] if item else []
        for key, raw in (doc.get("findings") or {}).items():
            finding = attempt(lambda: builder.finding(key, raw, display))  # noqa: B023
            findings += [finding] if finding else []
        for raw in doc.get("rules") or ():
            rule = attempt(lambda: _claim(builder.seen, raw["id"], display, raw.line) or builder.rule(raw, name, display))  # noqa: B023
            rules += [rule] if rule else []
    if len(applies) > 1 or (docs and not applies):
        attempt(lambda: _raise(docs[0][1], f"area {name!r} needs applies_when exactly once"))
    return Area(name, applies[0] if applies else NEVER, tuple(scores), tuple(findings), tuple(rules))


def _score_item(raw: Located, display: str, builder: _Builder) -> ScoreItem:
    _claim(builder.seen, raw["id"], display, raw.line)
    return ScoreItem(raw["id"], raw["points"], builder.condition(raw["when"], display, raw.line))


def _raise(display: str, message: str) -> None:
    raise RuleFileError(display, None, message)


# An area with no files yet never applies ("schema_version" is always known).
NEVER = Condition("is_known", left=Operand("answer", "schema_version"), right=False)


def _claim(seen: dict[str, str], rid: str, display: str, line: int) -> None:
    if rid in seen:
        raise RuleFileError(display, line, f"duplicate id {rid!r} (also at {seen[rid]})")
    seen[rid] = f"{display}:{line}"


def _load_visibility(root: Path, builder: _Builder) -> tuple[tuple[str, Condition], ...]:
    display = "visibility.yaml"
    doc = read_yaml(root / display, display)
    _check_shape(doc, filespecs.VISIBILITY, display)
    rules = doc["visibility"]
    out = []
    for path, raw in rules.items():
        if not builder.names.has_answer(path):
            raise RuleFileError(display, rules.line_of(path), f"no answer {path!r}")
        out.append((path, builder.condition(raw, display, rules.line_of(path))))
    return tuple(out)


__all__ = ["DEFAULT_ROOT", "RuleBaseError", "load_rule_base", "rules_version"]
