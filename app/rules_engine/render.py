"""The whole rule base as one Markdown document, in one language, for reviewers."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.rules_engine.conditions import Condition, Operand
from app.rules_engine.model import Area, Citation, CountryCitation, RuleBase
from app.rules_engine.sources import canonical_citation
from app.rules_engine.texts import Catalog

_SYMBOLS = {"equals": "=", "not_equals": "≠", "gt": ">", "gte": "≥", "lt": "<", "lte": "≤"}


def describe_operand(side: Operand | Any) -> str:
    if not isinstance(side, Operand):
        return ", ".join(map(str, side)) if isinstance(side, tuple) else repr(side)
    if side.kind == "lookup":
        return f"{side.name}[{describe_operand(side.key)}].{side.column}"
    return f"{side.kind}:{side.name}" if side.kind != "answer" else side.name


def describe(condition: Condition) -> str:
    """A condition in plain notation: `goods.hs_code is unknown AND (… OR …)`."""
    if condition.op in ("all", "any"):
        joined = f" {'AND' if condition.op == 'all' else 'OR'} ".join(describe(p) for p in condition.parts)
        return f"({joined})" if len(condition.parts) > 1 else joined
    if condition.op == "not":
        return f"NOT {describe(condition.parts[0])}"
    left = describe_operand(condition.left)
    if condition.op == "is_known":
        return f"{left} is {'known' if condition.right else 'unknown'}"
    if condition.op in ("is_true", "is_false"):
        return f"{left} is {condition.op[3:]}"
    symbol = _SYMBOLS.get(condition.op, condition.op.replace("_", " "))
    right = describe_operand(condition.right)
    return f"{left} {symbol} [{right}]" if isinstance(condition.right, tuple) else f"{left} {symbol} {right}"


def _labels(gettext: Any) -> dict[str, str]:
    """The document's own words (outside f-strings, so that Babel extracts them)."""
    return {
        "rule_base": gettext("Rule base"),
        "language": gettext("Language"),
        "applies_when": gettext("Applies when"),
        "score": gettext("Score"),
        "priority": gettext("priority"),
        "due": gettext("due in days"),
        "lead_time": gettext("lead time"),
        "when": gettext("When"),
        "citations": gettext("Citations"),
        "needs_review": gettext("Needs review"),
        "source": gettext("Source"),
        "parameters": gettext("Parameters"),
        "reviewed": gettext("reviewed"),
        "confidence": gettext("confidence"),
        "tables": gettext("Tables"),
    }


def _citation(citation: Citation) -> str:
    country = f" ({citation.country})" if isinstance(citation, CountryCitation) else ""
    return canonical_citation(citation) + country


def _area(area: Area, base: RuleBase, catalog: Catalog, label: dict[str, str], locale: str) -> list[str]:
    lines = [f"## {area.name}", "", f"*{label['applies_when']}:* `{describe(area.applies_when)}`", ""]
    if area.score_items:
        lines += [f"### {label['score']}", ""]
        lines += [f"- {item.points} — `{describe(item.when)}` ({item.id})" for item in area.score_items]
        lines.append("")
    for rule in area.rules:
        lines += [
            f"### {catalog.pgettext(f'{rule.id}|title', rule.title)}",
            "",
            f"`{rule.id}` — {label['priority']}: {rule.priority}, {label['due']}: {rule.due_in_days}"
            + (f", {label['lead_time']}: `{rule.lead_time.param}` ({rule.lead_time.before})" if rule.lead_time else ""),
            "",
            catalog.pgettext(f"{rule.id}|detail", rule.detail),
            "",
            f"- {label['when']}: `{describe(rule.when)}`",
            f"- {label['citations']}: {'; '.join(_citation(c) for c in rule.citations) or '—'}",
        ]
        for rid in rule.resources:
            resource = base.resources[rid]
            lines.append(f"- {resource.names.get(locale, resource.name)} ({resource.country}): {resource.url_for(locale)}")
        if rule.needs_review:
            lines.append(f"- **{label['needs_review']}:** {rule.needs_review}")
        lines += [f"- {label['source']}: `{rule.source}`", ""]
    return lines


def render_rule_base(base: RuleBase, locale: str, catalog: Any, on: date) -> str:
    label = _labels(catalog.gettext)
    lines = [f"# {label['rule_base']} {base.version}", "", f"{label['language']}: {locale}", ""]
    for area in base.areas:
        lines += _area(area, base, catalog, label, locale)
    lines += [f"## {label['parameters']}", ""]
    for parameter in base.parameters.values():
        current = parameter.value_on(on)
        lines.append(f"### {parameter.name}")
        lines += ["", catalog.pgettext(f"param.{parameter.name}", parameter.description), ""]
        for value in parameter.values:
            marker = " ←" if value is current else ""
            lines.append(
                f"- {value.start.isoformat()}: **{value.value}** {parameter.unit} — {value.reference}"
                f" ({label['reviewed']} {value.reviewed.isoformat()}){marker}"
            )
        if parameter.confidence:
            lines.append(f"- {label['confidence']}: {parameter.confidence}")
        if parameter.needs_review:
            lines.append(f"- **{label['needs_review']}:** {parameter.needs_review}")
        lines.append("")
    lines += [f"## {label['tables']}", ""]
    for table in base.tables.values():
        lines += [f"### {table.name}", "", catalog.pgettext(f"table.{table.name}", table.description), ""]
        names = [c.name for c in table.columns]
        lines += ["| " + " | ".join(names) + " |", "|" + " --- |" * len(names)]
        for key, row in table.rows.items():
            cells = []
            for column in table.columns:
                value = row.get(column.name, "")
                if column.type == "text" and isinstance(value, str):
                    value = catalog.pgettext(f"{table.name}.{key}.{column.name}", value)
                cells.append(str(value).replace("|", "\\|").replace("\n", " "))
            lines.append("| " + " | ".join(cells) + " |")
        lines.append("")
    return "\n".join(lines) + "\n"
