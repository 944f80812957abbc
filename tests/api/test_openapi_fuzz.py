"""An OpenAPI fuzzer (schemathesis) finds no server error and no response that breaks the document.

It generates requests from /api/v1/openapi.json (valid and invalid answers,
odd query arguments), sends them to the app through WSGI, and checks every
response: not a 5xx, a documented status code and content type, a body that
matches its schema. The number of examples is bounded for CI's time.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from app import create_app
from tests.conftest import config_for_tests

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
EXAMPLES = 80


@pytest.fixture(scope="module")
def api_schema(database_url):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", create_app(config_for_tests(database_url)))


def _operations(api_schema):
    return [result.ok() for result in api_schema.get_all_operations()]


def test_the_fuzzer_reaches_the_plans_endpoint(api_schema):
    assert "POST /api/v1/plans" in {op.label for op in _operations(api_schema)}


def test_the_plans_endpoint_keeps_its_openapi_document(api_schema):
    operation = next(op for op in _operations(api_schema) if op.label == "POST /api/v1/plans")

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        # The contract answers 422 for documents valid in form but inconsistent
        # (a market equal to the home country, an unknown NAICS sector), so a
        # schema-valid body may be refused: every other check applies.
        case.call_and_validate(excluded_checks=[positive_data_acceptance])

    run()


def test_the_shared_assessments_endpoint_keeps_its_openapi_document_without_a_token(api_schema):
    """Without a token every generated request is a documented 401 (JSON problems), never a 5xx."""
    operation = next(op for op in _operations(api_schema) if op.label == "GET /api/v1/chambers/{slug}/assessments")

    @given(case=operation.as_strategy())
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
        assert response.status_code in (401, 404, 429)

    run()


@pytest.mark.parametrize("label", ["GET /api/v1/stats/releases", "GET /api/v1/stats/release"])
def test_the_stats_endpoints_keep_their_openapi_document_without_a_token(api_schema, label):
    """Without a token every generated request is a documented 401 (JSON problems), never a 5xx."""
    operation = next(op for op in _operations(api_schema) if op.label == label)

    @given(case=operation.as_strategy())
    @settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        response = case.call_and_validate(excluded_checks=[positive_data_acceptance])
        assert response.status_code in (401, 429)

    run()


@pytest.fixture
def official_token(database_url):
    """A live official's token (no release is published: the fuzzer meets 200, 400 and 404)."""
    from app.accounts import services
    from app.accounts.models import StaffUser
    from app.audit.models import AuditEvent
    from app.extensions import db

    application = create_app(config_for_tests(database_url))
    with application.app_context():
        user = services.create_user("fuzz-official@example.org", "official", [])
        db.session.commit()
        token = services.new_api_token(user)
        db.session.commit()
        yield token
        db.session.query(AuditEvent).delete()
        db.session.delete(db.session.get(StaffUser, user.id))
        db.session.commit()
        db.engine.dispose()


@pytest.mark.parametrize("label", ["GET /api/v1/stats/releases", "GET /api/v1/stats/release"])
def test_the_stats_endpoints_keep_their_openapi_document_with_an_officials_token(api_schema, official_token, label):
    operation = next(op for op in _operations(api_schema) if op.label == label)

    @given(case=operation.as_strategy())
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        response = case.call_and_validate(headers={"Authorization": f"Bearer {official_token}"},
                                          excluded_checks=[positive_data_acceptance])
        assert response.status_code in (200, 400, 404, 429)

    run()
