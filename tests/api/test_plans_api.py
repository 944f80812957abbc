"""POST /api/v1/plans: answers in, plan or every problem out; stores nothing."""

from __future__ import annotations

import copy

import pytest

from tests.fixtures import EXAMPLE_NAMES, example_answers


@pytest.mark.parametrize("name", EXAMPLE_NAMES)
def test_can_post_each_example_and_get_its_plan(client, name):
    response = client.post("/api/v1/plans?locale=es&on=2026-11-22", json=example_answers(name))
    assert response.status_code == 200
    plan = response.get_json()
    assert plan["locale"] == "es" and plan["evaluated_on"] == "2026-11-22"
    assert plan["actions"]


def test_the_api_plan_is_the_cli_plan_byte_for_byte(client, app, tmp_path):
    document = example_answers("software-consultancy-ca")
    path = tmp_path / "answers.json"
    path.write_text(__import__("json").dumps(document))
    api = client.post("/api/v1/plans?locale=fr&on=2026-11-22", json=document).get_data(as_text=True)
    cli = app.test_cli_runner().invoke(args=["rules", "evaluate", str(path), "--locale", "fr", "--on", "2026-11-22"])
    assert cli.exit_code == 0
    assert cli.output == api


def _inconsistent(kind: str) -> tuple[dict, str]:
    document = copy.deepcopy(example_answers("furniture-workshop-mx"))
    if kind == "market_is_home":
        document["export"]["markets"] = ["US", "MX"]
        return document, "$.export.markets"
    if kind == "non_originating_above_value":
        document["goods"]["unit_non_originating_value"] = 500
        return document, "$.goods.unit_non_originating_value"
    if kind == "region_of_another_country":
        document["profile"]["region"] = "US-TX"
        return document, "$.profile.region"
    if kind == "unknown_profession":
        document["travel"]["profession"] = "astronaut"
        return document, "$.travel.profession"
    if kind == "invalid_naics_sector":
        document["profile"]["naics"] = "991234"
        return document, "$.profile.naics"
    raise AssertionError(kind)


KINDS = [
    "market_is_home",
    "non_originating_above_value",
    "region_of_another_country",
    "unknown_profession",
    "invalid_naics_sector",
]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("locale", ["en", "es", "fr"])
def test_each_kind_of_inconsistency_is_refused_with_its_path(client, kind, locale):
    document, path = _inconsistent(kind)
    response = client.post(f"/api/v1/plans?locale={locale}", json=document)
    assert response.status_code == 422
    body = response.get_json()
    assert body["locale"] == locale
    assert any(p["path"].startswith(path) for p in body["problems"]), body
    assert all(p["message"] for p in body["problems"])


def test_every_problem_is_listed_not_only_the_first(client):
    document, _ = _inconsistent("market_is_home")
    document["profile"]["naics"] = "991234"
    document["goods"]["unit_non_originating_value"] = 500
    paths = [p["path"] for p in client.post("/api/v1/plans", json=document).get_json()["problems"]]
    assert any(p.startswith("$.export.markets") for p in paths)
    assert "$.profile.naics" in paths and "$.goods.unit_non_originating_value" in paths


def test_messages_come_in_the_requested_language(client):
    document, _ = _inconsistent("invalid_naics_sector")
    english = client.post("/api/v1/plans?locale=en", json=document).get_json()["problems"]
    spanish = client.post("/api/v1/plans", json=document, headers={"Accept-Language": "es-MX,es;q=0.9"}).get_json()
    assert spanish["locale"] == "es"
    assert spanish["problems"][0]["message"] != english[0]["message"]


def test_a_body_that_is_not_json_gets_a_400_with_a_message(client):
    response = client.post("/api/v1/plans?locale=fr", data=b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["problems"][0]["path"] == "$"


def test_a_malformed_date_gets_a_400(client):
    response = client.post("/api/v1/plans?on=22-11-2026", json=example_answers("specialty-food-us"))
    assert response.status_code == 400


def test_a_document_that_is_not_an_object_is_refused(client):
    assert client.post("/api/v1/plans", json=[1, 2]).status_code == 422


def test_the_plans_endpoint_stores_nothing(client, app):
    from app.extensions import db  # noqa: PLC0415

    def count_rows() -> int:
        with app.app_context():
            return sum(
                db.session.execute(db.select(db.func.count()).select_from(table)).scalar_one()
                for table in db.metadata.sorted_tables
            )

    before = count_rows()
    client.post("/api/v1/plans", json=example_answers("specialty-food-us"))
    assert count_rows() == before


def test_the_openapi_document_describes_the_plans_endpoint(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert document["openapi"].startswith("3.1")
    operation = document["paths"]["/api/v1/plans"]["post"]
    assert set(operation["responses"]) >= {"200", "422"}
    assert "Answers" in document["components"]["schemas"] and "Plan" in document["components"]["schemas"]


def test_the_plans_endpoint_is_rate_limited(make_app):
    limited = make_app(RATELIMIT_ENABLED=True, API_RATE_LIMIT="2 per minute", RATELIMIT_STORAGE_URI="memory://")
    client = limited.test_client()
    document = example_answers("specialty-food-us")
    statuses = [client.post("/api/v1/plans", json=document).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
