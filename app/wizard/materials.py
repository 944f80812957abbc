"""The bill of materials on a step page: one row per material (HS code or "I don't know",
whether it is originating, its value in one unit and, for textiles, its share of the weight),
as a WTForms FieldList of FormFields.

Rows are added and removed by submit buttons (`add:<name>`, `remove:<row name>`), so the page
works without JavaScript: the page comes back with every value typed, nothing saved. A row left
empty is dropped when the step is saved; the other rows are checked one by one, each error naming
its row and field. The answer is the contract's `goods.materials` list.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from flask_babel import gettext
from wtforms import BooleanField, Field, FieldList, Form, FormField, StringField
from wtforms.validators import ValidationError

from app.wizard.forms import NO_LABEL, _check_number, _plain, parse_number, show_number
from app.wizard.steps import Question, schema_node

ORIGINS = ("originating", "non_originating", "unknown")


class MaterialRowForm(Form):
    """One material of one unit of the product."""

    hs_code = StringField(label=NO_LABEL)
    hs_unknown = BooleanField(label=NO_LABEL)
    origin = StringField(label=NO_LABEL)
    unit_value = StringField(label=NO_LABEL)
    weight_pct = StringField(label=NO_LABEL)  # optional: textiles count the tolerance by weight


def max_rows(question: Question) -> int:
    """The most rows the contract takes (its `maxItems`)."""
    node = schema_node(question.id) or {}
    return int(node.get("maxItems", 50))


def materials_field(question: Question) -> FieldList:
    return FieldList(FormField(MaterialRowForm, label=NO_LABEL), label=NO_LABEL, min_entries=1,
                     max_entries=max_rows(question), validators=[_check_rows(question)])


def _digits(text: str | None) -> str:
    return re.sub(r"[\s.\-]", "", text or "")


def _empty(row: Form) -> bool:
    return not (_digits(row.hs_code.data) or row.hs_unknown.data or row.origin.data or (row.unit_value.data or "").strip()
                or (row.weight_pct.data or "").strip())


def _check_rows(question: Question) -> Any:
    """Each row that is not empty: a code of 6, 8 or 10 digits in an HS chapter (or "I don't
    know"), an origin, and a value. Errors go on the row's fields; the group gets one too."""
    value_question = Question(f"{question.id}.unit_value", "money", question.label, None, True, question.step, minimum=0)

    def check(form: Any, field: Field) -> None:
        failed = False
        for position, entry in enumerate(field.entries, start=1):
            row = entry.form
            if _empty(row):
                continue
            for sub, message in _row_problems(row, question, value_question):
                sub.errors = [*sub.errors, gettext("Material %(row)d: %(message)s", row=position, message=message)]
                failed = True
        if failed:
            raise ValidationError(gettext("Check the materials marked below."))

    return check


def _row_problems(row: Form, question: Question, value_question: Question) -> list[tuple[Field, str]]:
    problems = []
    code = _digits(row.hs_code.data)
    if code:
        if not re.fullmatch(r"\d{6}(\d{2}(\d{2})?)?", code):
            problems.append((row.hs_code, gettext("enter its HS code with 6, 8 or 10 digits, for example 4407.11.")))
        elif code[:2] not in question.hs_chapters:
            problems.append((row.hs_code, gettext("the first two digits must be an HS chapter, from 01 to 97 (77 is not used).")))
    elif not row.hs_unknown.data:
        problems.append((row.hs_code, gettext("enter its HS code, or tick “I don't know the code”.")))
    if row.origin.data not in ORIGINS:
        problems.append((row.origin, gettext("say whether it is originating, or choose “I don't know”.")))
    if not (row.unit_value.data or "").strip():
        problems.append((row.unit_value, gettext("enter its value in one unit, like 12.50.")))
    else:
        try:
            _check_number(value_question, row.unit_value.data)
        except ValidationError as error:
            problems.append((row.unit_value, str(error)))
    if (row.weight_pct.data or "").strip() and _weight(row.weight_pct.data) is None:
        problems.append((row.weight_pct, gettext("enter its share of the weight as a percentage from 0 to 100, like 4.5, "
                                                 "or leave it empty.")))
    return problems


def _weight(text: str) -> Decimal | None:
    """A share of the weight typed as a percentage (0 to 100, "4.5" or "4,5 %"); None if not one."""
    try:
        number = parse_number(text.replace("%", "").strip(), False)
    except ValueError:  # also too long or too precise
        return None
    return number if number is not None and 0 <= number <= 100 else None


def materials_value(field: FieldList) -> list[dict[str, Any]] | None:
    """The rows as the contract's list (empty rows dropped); None when there is none."""
    rows = []
    for entry in field.entries:
        row = entry.form
        if _empty(row):
            continue
        item: dict[str, Any] = {}
        code = _digits(row.hs_code.data)
        if code:
            item["hs_code"] = code
        item["origin"] = row.origin.data
        number = parse_number(row.unit_value.data or "", False)
        item["unit_value"] = None if number is None else _plain(number)
        weight = _weight(row.weight_pct.data or "")
        if weight is not None:
            item["weight_pct"] = _plain(weight)
        rows.append(item)
    return rows or None


def materials_initial(value: Any) -> list[dict[str, Any]]:
    """The saved list as the rows' starting values (one empty row when there is none)."""
    rows = [{"hs_code": item.get("hs_code", ""), "hs_unknown": "hs_code" not in item, "origin": item.get("origin"),
             "unit_value": show_number(item.get("unit_value")), "weight_pct": show_number(item.get("weight_pct"))}
            for item in value or () if isinstance(item, dict)]
    return rows or [{}]


def with_rows_changed(form: Any, question: Question, action: str) -> dict[str, Any] | None:
    """The form's data with a row added (`add:<name>`) or removed (`remove:<row name>`), to
    build the page again from; None when the action is not about this question's rows."""
    field = form[question.name]
    data = {sub.short_name: sub.data for sub in form}
    rows = [entry.data for entry in field.entries]
    if action == f"add:{question.name}":
        if len(rows) < max_rows(question):
            rows.append({})
    elif action.startswith(f"remove:{question.name}-"):
        names = [entry.name for entry in field.entries]
        target = action.removeprefix("remove:")
        if target in names:
            rows.pop(names.index(target))
        rows = rows or [{}]
    else:
        return None
    data[question.name] = rows
    return data

