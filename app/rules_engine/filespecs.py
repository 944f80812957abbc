"""JSON Schemas for the kinds of file in `rules/`: the shape every file must have.

Shape only; what a name refers to (an answer, a fact, a parameter, a table)
is checked afterwards by the loader, which knows the whole rule base.
"""

from __future__ import annotations

from typing import Any

ID = {"type": "string", "pattern": "^[a-z][a-z0-9_]*(\\.[a-z0-9_]+)*$"}
TEXT = {"type": "string", "minLength": 1}
DATE = {"type": "string", "format": "date"}

CONDITION: dict[str, Any] = {"type": "object", "minProperties": 1, "maxProperties": 2}

OPERAND = {
    "oneOf": [
        {"type": "object", "required": ["answer"], "additionalProperties": False, "properties": {"answer": TEXT}},
        {"type": "object", "required": ["fact"], "additionalProperties": False, "properties": {"fact": TEXT}},
        {"type": "object", "required": ["param"], "additionalProperties": False, "properties": {"param": TEXT}},
        {
            "type": "object",
            "required": ["lookup"],
            "additionalProperties": False,
            "properties": {
                "lookup": {
                    "type": "object",
                    "required": ["table", "key", "column"],
                    "additionalProperties": False,
                    "properties": {"table": TEXT, "key": {}, "column": TEXT},
                }
            },
        },
    ]
}

PARAMETERS = {
    "type": "object",
    "additionalProperties": False,
    "required": ["parameters"],
    "properties": {
        "parameters": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["description", "unit", "values"],
                "properties": {
                    "description": TEXT,
                    "unit": {"enum": ["percent", "USD", "CAD", "MXN", "ratio", "days", "months", "years", "count", "text", "boolean", "date"]},
                    "needs_review": TEXT,
                    # How sure the figure is: high (read in the official text), medium (an
                    # official page states it loosely, or secondary reports agree), low (a
                    # conservative planning figure nobody publishes as such).
                    "confidence": {"enum": ["high", "medium", "low"]},
                    "values": {
                        "type": "array",
                        "minItems": 1,
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["from", "value", "reference", "reviewed"],
                            "properties": {
                                "from": {},
                                "value": {"type": ["number", "string", "boolean", "null"]},
                                "reference": TEXT,
                                "url": {"type": "string", "pattern": "^https://"},
                                "reviewed": {},
                                "note": TEXT,
                            },
                        },
                    },
                },
            },
        }
    },
}

COLUMN_TYPES = ["id", "text", "string", "enum", "integer", "number", "boolean", "date", "url", "list"]

TABLE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["table", "description", "key", "columns", "rows"],
    "properties": {
        "table": ID,
        "description": TEXT,
        "key": TEXT,
        "columns": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "required": ["type"],
                "properties": {
                    "type": {"enum": COLUMN_TYPES},
                    "values": {"type": "array", "minItems": 1},
                    "optional": {"type": "boolean"},
                    "translators": TEXT,  # a note for translators of a text column
                },
            },
        },
        "rows": {"type": "array", "minItems": 1, "items": {"type": "object"}},
    },
}

LANGUAGES = ("en", "es", "fr")

# Texts by language: {en: …, fr: …}.
BY_LANGUAGE = {
    "type": "object",
    "minProperties": 1,
    "additionalProperties": False,
    "properties": {lang: TEXT for lang in LANGUAGES},
}

RESOURCE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name", "url", "country"],
    "properties": {
        "name": TEXT,
        "lang": {"enum": list(LANGUAGES)},
        "names": BY_LANGUAGE,
        "country": {"enum": ["US", "CA", "MX", "INTL"]},
        "url": {"type": "string", "pattern": "^https://"},
        "urls": {
            "type": "object",
            "additionalProperties": False,
            "properties": {lang: {"type": "string", "pattern": "^https://"} for lang in LANGUAGES},
        },
    },
}

# A citation: an English text (translated through the catalogs), or a proper
# name given by its official names, the original language first; either may
# name the one country whose law it is ({cite: …, country: CA}), and a plan
# then cites it only for a business that deals with that country.
CITATION = {
    "oneOf": [
        TEXT,
        BY_LANGUAGE,
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["cite", "country"],
            "properties": {"cite": {"oneOf": [TEXT, BY_LANGUAGE]}, "country": {"enum": ["US", "CA", "MX"]}},
        },
    ]
}

VALUE_OR_OPERAND = {}

FINDING = {
    "type": "object",
    "additionalProperties": False,
    "required": ["not_applicable"],
    "properties": {
        "not_applicable": VALUE_OR_OPERAND,
        "value": VALUE_OR_OPERAND,
        "cases": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["when", "value"],
                "properties": {"when": CONDITION, "value": VALUE_OR_OPERAND},
            },
        },
        "otherwise": VALUE_OR_OPERAND,
    },
    "oneOf": [{"required": ["value"]}, {"required": ["cases", "otherwise"]}],
}

RULE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["id", "when", "priority", "due_in_days", "title", "detail", "citations"],
    "properties": {
        "id": ID,
        "when": CONDITION,
        "priority": {"enum": ["high", "medium", "low"]},
        "due_in_days": {"type": "integer", "minimum": 0, "maximum": 3650},
        "title": TEXT,
        "detail": TEXT,
        "vars": {"type": "object", "additionalProperties": OPERAND},
        "why": {"type": "array", "items": TEXT, "uniqueItems": True},
        "citations": {"type": "array", "items": CITATION, "uniqueItems": True},
        "resources": {"type": "array", "items": ID, "uniqueItems": True},
        "needs_review": TEXT,
        # The action takes time before a planned date: its due date counts back from it.
        "lead_time": {
            "type": "object",
            "additionalProperties": False,
            "required": ["param", "before"],
            "properties": {"param": TEXT, "before": {"enum": ["first_shipment", "first_trip"]}},
        },
    },
}

AREA_FILE = {
    "type": "object",
    "additionalProperties": False,
    "required": ["area"],
    "properties": {
        "area": ID,
        "description": TEXT,
        "applies_when": CONDITION,
        "resources": {"type": "object", "additionalProperties": RESOURCE},
        "score_items": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "points", "when"],
                "properties": {"id": ID, "points": {"type": "integer", "minimum": 1}, "when": CONDITION, "description": TEXT},
            },
        },
        "findings": {"type": "object", "additionalProperties": FINDING},
        "rules": {"type": "array", "items": RULE},
    },
}

VISIBILITY = {
    "type": "object",
    "additionalProperties": False,
    "required": ["visibility"],
    "properties": {"visibility": {"type": "object", "additionalProperties": CONDITION}},
}

CASES = {
    "type": "object",
    "additionalProperties": False,
    "required": ["cases"],
    "properties": {
        "cases": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["name", "on", "answers", "expect"],
                "properties": {
                    "name": TEXT,
                    "on": {},
                    "locale": {"enum": ["en", "es", "fr"]},
                    "base": {"enum": ["default", "none"]},
                    "answers": {"type": "object"},
                    "expect": {
                        "type": "object",
                        "additionalProperties": False,
                        "minProperties": 1,
                        "properties": {
                            "findings": {"type": "object"},
                            # the product-specific rule's verdicts: `met` (the rule), and per
                            # alternative its `met` and reasons ("shift_failed 2": row 2 fails the shift)
                            "origin_rule": {
                                "type": "object",
                                "additionalProperties": False,
                                "properties": {
                                    "met": {"enum": [True, False, None]},
                                    "alternatives": {"type": "array", "items": {
                                        "type": "object", "additionalProperties": False, "required": ["met"],
                                        "properties": {"met": {"enum": [True, False, None]},
                                                       "why": {"type": "array", "items": {"type": "string"}}}}},
                                },
                            },
                            "scores": {"type": "object"},
                            "actions": {"type": "array", "items": ID},
                            "absent_actions": {"type": "array", "items": ID},
                            "action_order": {"type": "array", "items": ID, "minItems": 2},
                            # action id -> the date it is due by (YYYY-MM-DD), or null when
                            # it counts back from a planned date the answers do not give
                            "due_dates": {"type": "object", "minProperties": 1},
                            # actions whose planned date is closer than their lead time
                            "time_short": {"type": "array", "items": ID},
                        },
                    },
                },
            },
        }
    },
}
