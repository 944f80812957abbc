"""The API answers hostile or absurd input in JSON, never with a 500 or a non-finite plan."""

from __future__ import annotations

import copy
import json
import math

import pytest

from tests.fixtures import example_answers


def _post(client, body: bytes | str, locale: str = "en"):
    return client.post(f"/api/v1/plans?locale={locale}", data=body, content_type="application/json")


def test_a_thousand_nested_brackets_are_refused_as_invalid_json(client):
    response = _post(client, "[" * 100_000 + "]" * 100_000)
    assert response.status_code in (400, 422)
    assert response.is_json and response.get_json()["problems"]


def test_deep_nesting_inside_the_answers_is_refused_with_one_problem(client):
    document = example_answers("furniture-workshop-mx")
    nested: list = []
    for _ in range(500):
        nested = [nested]
    document["export"]["barriers"] = nested
    response = _post(client, json.dumps(document), "fr")
    assert response.status_code == 422
    assert response.get_json()["problems"] == [
        {"path": "$", "message": response.get_json()["problems"][0]["message"]}
    ]
    assert "imbrique" in response.get_json()["problems"][0]["message"]


@pytest.mark.parametrize("constant", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json(client, constant):
    body = json.dumps(example_answers("furniture-workshop-mx")).replace('"employees": 14', f'"employees": {constant}')
    assert constant in body
    response = _post(client, body)
    assert response.status_code == 400
    assert response.is_json


@pytest.mark.parametrize("value", [1e308, 1e13, -1e300])
def test_an_amount_far_beyond_any_business_is_refused_by_its_path(client, value):
    document = copy.deepcopy(example_answers("furniture-workshop-mx"))
    document["goods"]["unit_net_cost"] = value
    response = _post(client, json.dumps(document), "es")
    assert response.status_code == 422
    paths = [p["path"] for p in response.get_json()["problems"]]
    assert "$.goods.unit_net_cost" in paths


def test_a_net_cost_below_the_imported_materials_is_inconsistent(client):
    document = copy.deepcopy(example_answers("furniture-workshop-mx"))
    document["goods"]["unit_net_cost"] = 1e-9
    response = _post(client, json.dumps(document))
    assert response.status_code == 422
    assert [p["path"] for p in response.get_json()["problems"]] == ["$.goods.unit_net_cost"]


def test_the_largest_accepted_amounts_give_a_finite_plan(client):
    document = copy.deepcopy(example_answers("furniture-workshop-mx"))
    document["goods"].update(unit_transaction_value=1e12, unit_non_originating_value=1e-6, unit_net_cost=1e12)
    response = _post(client, json.dumps(document))
    assert response.status_code == 200
    findings = response.get_json()["findings"]
    for key in ("rvc_transaction_value_pct", "rvc_net_cost_pct"):
        assert findings[key] is None or math.isfinite(findings[key])


@pytest.mark.parametrize(("method", "path", "status"), [
    ("get", "/api/v1/no-such-thing", 404),
    ("get", "/api/v1/plans", 405),
    ("delete", "/api/v1/openapi.json", 405),
])
def test_errors_under_the_api_are_json_in_the_asked_language(client, method, path, status):
    response = getattr(client, method)(f"{path}?locale=es")
    assert response.status_code == status
    assert response.is_json
    body = response.get_json()
    assert body["locale"] == "es" and body["problems"][0]["path"] == "$"


def test_a_body_over_the_size_limit_is_refused_before_it_is_read(make_app):
    application = make_app(MAX_CONTENT_LENGTH=1024)
    response = application.test_client().post(
        "/api/v1/plans?locale=fr", data=b"{" + b" " * 4096 + b"}", content_type="application/json")
    assert response.status_code == 413
    assert response.is_json and response.get_json()["locale"] == "fr"
