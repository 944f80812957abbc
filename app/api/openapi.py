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
            "/api/v1/chambers/{slug}/assessments": {
                "get": {
                    "operationId": "listSharedAssessments",
                    "summary": "A chamber's members' shared plans (staff token)",
                    "description": "Completed questionnaires whose owners agreed to share them with the chamber, "
                                   "newest first; `next` is the cursor of the following page.",
                    "security": [{"staffToken": []}],
                    "parameters": [
                        {"name": "slug", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 64}},
                        {"name": "q", "in": "query", "required": False, "description": "Business name or e-mail contains",
                         "schema": {"type": "string", "maxLength": 100}},
                        {"name": "after", "in": "query", "required": False, "description": "Cursor from `next`",
                         "schema": {"type": "string", "maxLength": 100}},
                        {"name": "limit", "in": "query", "required": False,
                         "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                    ],
                    "responses": {
                        "200": {"description": "One page of rows",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SharedAssessments"}}}},
                        "401": _problems_response("No valid Bearer token"),
                        "403": _problems_response("This account may not read any business's data"),
                        "404": _problems_response("No such chamber among the token holder's"),
                        "429": _problems_response("Too many requests; retry later"),
                    },
                }
            },
            "/api/v1/stats/releases": {
                "get": {
                    "operationId": "listStatsReleases",
                    "summary": "The catalogue of published statistics releases (official's or chamber staff's token)",
                    "description": "Published releases the token holder may read, newest first: every scope for "
                                   "officials, their own chambers' for chamber staff. Each request is audited.",
                    "security": [{"staffToken": []}],
                    "parameters": [locale],
                    "responses": {
                        "200": {"description": "The releases",
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/StatsReleases"}}}},
                        "401": _problems_response("No valid Bearer token"),
                        "403": _problems_response("This account may read no statistics"),
                        "429": _problems_response("Too many requests; retry later"),
                    },
                }
            },
            "/api/v1/stats/release": {
                "get": {
                    "operationId": "getStatsRelease",
                    "summary": "One published release (official's or chamber staff's token)",
                    "description": "The anonymized release tables as published (contracts §5.1): JSON (manifest and "
                                   "rows), CSV or XLSX (its read_me in `locale`). Only published releases are served. "
                                   "Each download is audited.",
                    "security": [{"staffToken": []}],
                    "parameters": [
                        {"name": "period", "in": "query", "required": False,
                         "description": "A quarter (2026-Q4) or a year (2026); default: the latest published",
                         "schema": {"type": "string", "maxLength": 16}},
                        {"name": "format", "in": "query", "required": False,
                         "schema": {"enum": ["json", "csv", "xlsx"], "default": "json"}},
                        {"name": "chamber", "in": "query", "required": False,
                         "description": "`all` or a chamber's slug; default: all for officials, one's chamber for "
                                        "chamber staff",
                         "schema": {"type": "string", "maxLength": 64}},
                        locale,
                    ],
                    "responses": {
                        "200": {"description": "The release file",
                                "content": {
                                    "application/json": {"schema": {"$ref": "#/components/schemas/StatsRelease"}},
                                    "text/csv": {"schema": {"type": "string"}},
                                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
                                        {"schema": {"type": "string", "format": "binary"}},
                                }},
                        "400": _problems_response("Unknown format or malformed period"),
                        "401": _problems_response("No valid Bearer token"),
                        "403": _problems_response("A scope the token holder may not read"),
                        "404": _problems_response("No such chamber, or no published release of that period"),
                        "429": _problems_response("Too many requests; retry later"),
                    },
                }
            },
            "/api/v1/openapi.json": {
                "get": {"operationId": "openapi", "summary": "This document", "responses": {"200": {"description": "OpenAPI"}}}
            },
        },
        "components": {
            "securitySchemes": {"staffToken": {"type": "http", "scheme": "bearer",
                                               "description": "A personal token from `flask staff token EMAIL`"}},
            "schemas": {
                "SharedAssessments": {
                    "type": "object",
                    "required": ["items", "next"],
                    "properties": {
                        "next": {"type": ["string", "null"]},
                        "items": {"type": "array", "items": {
                            "type": "object",
                            "required": ["id", "business_name", "email", "country", "sector", "markets",
                                         "completed_on", "urgent_actions"],
                            "properties": {
                                "id": {"type": "string"},
                                "business_name": {"type": ["string", "null"]},
                                "email": {"type": ["string", "null"]},
                                "country": {"type": ["string", "null"]},
                                "sector": {"type": ["string", "null"]},
                                "markets": {"type": "array", "items": {"type": "string"}},
                                "completed_on": {"type": "string", "format": "date"},
                                "urgent_actions": {"type": "array", "maxItems": 3, "items": {"type": "string"}},
                            },
                        }},
                    },
                },
                "StatsReleases": {
                    "type": "object",
                    "required": ["items"],
                    "properties": {"items": {"type": "array", "items": {
                        "type": "object",
                        "required": ["release", "scope", "version", "published_at", "sha256"],
                        "properties": {
                            "release": {"type": "string"},
                            "scope": {"type": "string"},
                            "version": {"type": "integer", "minimum": 1},
                            "published_at": {"type": ["string", "null"]},
                            "sha256": {"type": "object", "additionalProperties": {"type": "string"}},
                        },
                    }}},
                },
                "StatsRelease": {
                    "type": "object",
                    "required": ["manifest", "rows"],
                    "properties": {
                        "manifest": {"type": "object", "required": ["release", "version", "status", "scope"]},
                        "rows": {"type": "array", "items": {
                            "type": "object",
                            "required": ["table", "period", "measure", "value", "flag"],
                            "properties": {
                                "table": {"type": "string"},
                                "period": {"type": "string"},
                                "measure": {"enum": ["count", "mean", "share_pct", "median"]},
                                "value": {"type": ["number", "null"]},
                                "flag": {"enum": ["", "primary", "dominance", "homogeneity", "complementary"]},
                            },
                        }},
                    },
                },
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
