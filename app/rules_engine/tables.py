"""Data tables: typed columns, one row per key, checked cell by cell."""

from __future__ import annotations

from datetime import date
from types import MappingProxyType
from typing import Any

from app.rules_engine.model import Column, Table
from app.rules_engine.yamlfile import Located, RuleFileError

_CHECKS = {
    "id": lambda v: isinstance(v, str) and v.replace("_", "").replace("-", "").isalnum(),
    "text": lambda v: isinstance(v, str) and v.strip() != "",
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "date": lambda v: isinstance(v, date),
    "url": lambda v: isinstance(v, str) and v.startswith("https://"),
    "list": lambda v: isinstance(v, list),
}


def _check_cell(column: Column, value: Any) -> bool:
    if column.type == "enum":
        return value in (column.values or ())
    if column.type == "list" and column.values is not None:
        return isinstance(value, list) and all(v in column.values for v in value)
    return _CHECKS[column.type](value)


def build_table(doc: Located, display: str) -> Table:
    columns = tuple(
        Column(name, spec["type"], tuple(spec["values"]) if "values" in spec else None, bool(spec.get("optional")))
        for name, spec in doc["columns"].items()
    )
    by_name = {c.name: c for c in columns}
    if doc["key"] not in by_name:
        raise RuleFileError(display, doc.line_of("key"), f"key column {doc['key']!r} is not a column")
    for column in columns:
        if column.type == "enum" and not column.values:
            raise RuleFileError(display, doc["columns"].line_of(column.name), "an enum column needs values")
    rows: dict[Any, MappingProxyType[str, Any]] = {}
    for row in doc["rows"]:
        for name in row:
            if name not in by_name:
                raise RuleFileError(display, row.line_of(name), f"unknown column {name!r}")
        for column in columns:
            if column.name not in row:
                if not column.optional:
                    raise RuleFileError(display, row.line, f"missing column {column.name!r}")
                continue
            if not _check_cell(column, row[column.name]):
                raise RuleFileError(display, row.line_of(column.name), f"{column.name}: not a valid {column.type}")
        key = row[doc["key"]]
        if key in rows:
            raise RuleFileError(display, row.line, f"duplicate key {key!r}")
        rows[key] = MappingProxyType({k: tuple(v) if isinstance(v, list) else v for k, v in row.items()})
    return Table(doc["table"], doc["description"], doc["key"], columns, MappingProxyType(rows), display)
