"""Declarative conditions with three-valued (Kleene) logic.

`compile_condition` turns a YAML mapping into a small tree of frozen objects,
checking every name against what exists; `Condition.test` gives True, False
or None (unknown). An unknown answer never counts as false: only `is_known`
can turn "not answered" into a definite result.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from operator import methodcaller
from typing import Any, Protocol

Truth = bool | None


class AnswerLookup(Protocol):
    """Answers by dotted path: `get("goods.hs_code")`, None when unknown."""

    def get(self, path: str, /) -> Any: ...


class Scope(Protocol):
    """What an operand can read while a plan is evaluated."""

    flat: AnswerLookup  # the visible answers by dotted path (conditions read answers here)

    def answer(self, path: str) -> Any: ...
    def fact(self, name: str) -> Any: ...
    def param(self, name: str) -> Any: ...
    def row(self, table: str, key: Any) -> Mapping[str, Any] | None: ...


class Names(Protocol):
    """What the compiler checks names against."""

    def has_answer(self, path: str) -> bool: ...
    def has_fact(self, name: str) -> bool: ...
    def has_param(self, name: str) -> bool: ...
    def has_column(self, table: str, column: str) -> bool | None: ...


class ConditionError(ValueError):
    """A condition that names something missing or uses an unknown form."""


@dataclass(frozen=True)
class Operand:
    kind: str  # answer | fact | param | lookup
    name: str
    column: str | None = None
    key: Operand | Any = None
    read: Callable[[Scope], Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.kind == "answer":
            name = self.name
            reader: Callable[[Scope], Any] = lambda scope: scope.flat.get(name)  # noqa: E731  (the hot path)
        elif self.kind == "lookup":
            reader = self._lookup
        else:
            reader = methodcaller(self.kind, self.name)
        object.__setattr__(self, "read", reader)

    def _lookup(self, scope: Scope) -> Any:
        key = self.key.read(scope) if isinstance(self.key, Operand) else self.key
        if key is None:
            return None
        row = scope.row(self.name, key)
        return None if row is None else row.get(self.column or "")

    def answers(self, facts_inputs: Callable[[str], tuple[str, ...]]) -> Iterator[str]:
        if self.kind == "answer":
            yield self.name
        elif self.kind == "fact":
            yield from facts_inputs(self.name)
        elif self.kind == "lookup" and isinstance(self.key, Operand):
            yield from self.key.answers(facts_inputs)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _sequence(value: Any) -> bool:
    return isinstance(value, list | tuple)


def _numeric(compare: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    return lambda left, right: _number(left) and _number(right) and compare(left, right)


# Each operator as a function of (left, right), both known; chosen once, at compile time.
COMPARISONS: dict[str, Callable[[Any, Any], bool]] = {
    "equals": operator.eq,
    "not_equals": operator.ne,
    "in": lambda left, right: left in right,
    "not_in": lambda left, right: left not in right,
    "contains": lambda left, right: _sequence(left) and right in left,
    "contains_any": lambda left, right: _sequence(left) and any(v in left for v in right),
    "contains_all": lambda left, right: _sequence(left) and all(v in left for v in right),
    "gt": _numeric(lambda left, right: left > right),
    "gte": _numeric(lambda left, right: left >= right),
    "lt": _numeric(lambda left, right: left < right),
    "lte": _numeric(lambda left, right: left <= right),
    "is_true": lambda left, right: left is True,
    "is_false": lambda left, right: left is False,
}


OPERATORS = frozenset([*COMPARISONS, "is_known"])
OPERAND_KINDS = ("answer", "fact", "param", "lookup")


Test = Callable[[Scope], Truth]


def _kleene_all(tests: tuple[Test, ...]) -> Test:
    def run(scope: Scope) -> Truth:
        result: Truth = True
        for test in tests:
            outcome = test(scope)
            if outcome is False:
                return False  # false decides an `all`, whatever else is unknown
            if outcome is None:
                result = None
        return result

    return run


def _kleene_any(tests: tuple[Test, ...]) -> Test:
    def run(scope: Scope) -> Truth:
        result: Truth = False
        for test in tests:
            outcome = test(scope)
            if outcome is True:
                return True
            if outcome is None:
                result = None
        return result

    return run


def _comparison(op: str, left: Operand, right: Operand | Any) -> Test:
    read_left = left.read
    if op == "is_known":
        wanted = bool(right)
        return lambda scope: (read_left(scope) is not None) is wanted
    compare = COMPARISONS[op]
    if isinstance(right, Operand):
        read_right = right.read

        def dynamic(scope: Scope) -> Truth:
            value, other = read_left(scope), read_right(scope)
            return None if value is None or other is None else compare(value, other)

        return dynamic

    if left.kind == "answer":  # the commonest test: read the answer here, one call fewer
        name = left.name

        def static_answer(scope: Scope) -> Truth:
            value = scope.flat.get(name)
            return None if value is None else compare(value, right)

        return static_answer

    def static(scope: Scope) -> Truth:
        value = read_left(scope)
        return None if value is None else compare(value, right)

    return static


@dataclass(frozen=True)
class Condition:
    """A compiled condition: the tree (for describing it) and its test (for running it)."""

    op: str  # all | any | not | a comparison operator
    parts: tuple[Condition, ...] = ()
    left: Operand | None = None
    right: Operand | Any = None
    test: Test = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "test", self._build())

    def _build(self) -> Test:
        if self.op == "all":
            return _kleene_all(tuple(part.test for part in self.parts))
        if self.op == "any":
            return _kleene_any(tuple(part.test for part in self.parts))
        if self.op == "not":
            inner = self.parts[0].test

            def negate(scope: Scope) -> Truth:
                outcome = inner(scope)
                return None if outcome is None else not outcome

            return negate
        assert self.left is not None
        return _comparison(self.op, self.left, self.right)

    def operands(self) -> Iterator[Operand]:
        for part in self.parts:
            yield from part.operands()
        if self.left is not None:
            yield self.left
        if isinstance(self.right, Operand):
            yield self.right


def compile_operand(raw: Mapping[str, Any], names: Names) -> Operand:
    kinds = [k for k in OPERAND_KINDS if k in raw]
    if len(kinds) != 1 or len(raw) != 1:
        raise ConditionError(f"an operand names exactly one of {', '.join(OPERAND_KINDS)}")
    kind = kinds[0]
    value = raw[kind]
    if kind == "lookup":
        if not isinstance(value, Mapping) or set(value) != {"table", "key", "column"}:
            raise ConditionError("lookup needs exactly table, key and column")
        found = names.has_column(str(value["table"]), str(value["column"]))
        if found is None:
            raise ConditionError(f"no table {value['table']!r}")
        if not found:
            raise ConditionError(f"table {value['table']!r} has no column {value['column']!r}")
        key = value["key"]
        key = compile_operand(key, names) if isinstance(key, Mapping) else key
        return Operand("lookup", str(value["table"]), column=str(value["column"]), key=key)
    if not isinstance(value, str):
        raise ConditionError(f"{kind} needs a name")
    exists = {"answer": names.has_answer, "fact": names.has_fact, "param": names.has_param}[kind]
    if not exists(value):
        raise ConditionError(f"no {kind} {value!r}")
    return Operand(kind, value)


def compile_condition(raw: Any, names: Names) -> Condition:
    if not isinstance(raw, Mapping) or not raw:
        raise ConditionError("a condition is a mapping")
    if len(raw) == 1 and ("all" in raw or "any" in raw):
        op = "all" if "all" in raw else "any"
        parts = raw[op]
        if not isinstance(parts, list) or not parts:
            raise ConditionError(f"{op} needs a list of conditions")
        return Condition(op, tuple(compile_condition(part, names) for part in parts))
    if len(raw) == 1 and "not" in raw:
        return Condition("not", (compile_condition(raw["not"], names),))
    operators = [key for key in raw if key in OPERATORS]
    others = [key for key in raw if key not in OPERATORS]
    if len(operators) != 1 or len(others) != 1:
        raise ConditionError(f"cannot read condition with keys {sorted(map(str, raw))}")
    op = operators[0]
    left = compile_operand({others[0]: raw[others[0]]}, names)
    right = raw[op]
    if isinstance(right, Mapping):
        right = compile_operand(right, names)
    elif op in ("in", "not_in", "contains_any", "contains_all") and not isinstance(right, list):
        raise ConditionError(f"{op} needs a list")
    elif op in ("is_true", "is_false") and right is not True:
        raise ConditionError(f"{op} takes true")
    elif op == "is_known" and not isinstance(right, bool):
        raise ConditionError("is_known takes true or false")
    elif op in ("gt", "gte", "lt", "lte") and not _number(right):
        raise ConditionError(f"{op} needs a number")
    if isinstance(right, list):
        right = tuple(right)
    return Condition(op, left=left, right=right)
