"""The OpenAPI 3.1 description of /api/v1, built from the two contracts' schemas."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

APP_DIR = Path(__file__).resolve().parent.parent


def _schema(path: Path) -> dict[str, Any]:
    schema = json.loads(path.read_text(encoding="utf-8"))
    schema.pop("$schema", None)
    schema.pop("$id", None)
    return schema


def _problems_response(description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problems"}}}}


@cache
def openapi_document() -> dict[str, Any]:
    locale = {
        "name": "locale", "in": "query", "required": False,
        "description": "Language of the plan and of the problem messages; default: Accept-Language, then en.",
        "schema": {"enum": ["en", "es", "fr"]},
    }
    on = {
        "name": "on", "in": "query", "required": False,
        "description": "Evaluation date (YYYY-MM-DD): the rules' figures in force that day. Default: today.",
        "schema": {"type": "string", "format": "date"},
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Export-readiness portal API",
            "version": "1",
            "description": "Answers in, a cited and prioritized USMCA action plan out. Stateless: nothing is stored.",
        },
        "paths": {
            "/api/v1/plans": {
                "post": {
                    "operationId": "createPlan",
                    "summary": "Evaluate an answers document into an action plan",
                    "parameters": [locale, on],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Answers"}}},
                    },
                    "responses": {
                        "200": {
                            "description": "The action plan",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Plan"}}},
                        },
                        "400": _problems_response("The body is not JSON, or the date is malformed"),
                        "422": _problems_response("The answers are invalid or inconsistent: every problem, by JSON path"),
                        "413": _problems_response("The body is larger than the portal accepts"),
                        "429": _problems_response("Too many requests; retry later"),
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {"operationId": "openapi", "summary": "This document", "responses": {"200": {"description": "OpenAPI"}}}
            },
        },
        "components": {
            "schemas": {
                "Answers": _schema(APP_DIR / "answers" / "answers.schema.json"),
                "Plan": _schema(APP_DIR / "plans" / "plan.schema.json"),
                "Problems": {
                    "type": "object",
                    "required": ["locale", "problems"],
                    "properties": {
                        "locale": {"enum": ["en", "es", "fr"]},
                        "problems": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["path", "message"],
                                "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
                            },
                        },
                    },
                },
            }
        },
    }
