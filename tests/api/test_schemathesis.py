"""Property-based fuzzing of the whole JSON API from its own OpenAPI schema.

Every operation is called with generated inputs, as an anonymous visitor, a
patient (bearer token) and a clinician (bearer token). However odd the
input, the answer is never a server error.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from clearhead.accounts.models import Role
from clearhead.accounts.services import api_token_create
from clearhead.accounts.tests.test_two_factor_bypass import enrol
from clearhead.testing import make_user


def _openapi() -> dict:
    from clearhead.config.api import api

    return api.get_openapi_schema(path_prefix="/api/v1")


schema = schemathesis.openapi.from_dict(_openapi())
APP = get_wsgi_application()


@pytest.fixture
def keep_the_test_connection():
    """Stop each request closing the test's database connection.

    Django closes connections older than CONN_MAX_AGE when a request ends; the
    test client switches that off, and calling the WSGI app directly must too,
    or a long suite run finds its connection (and transaction) gone.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer_tokens(db, keep_the_test_connection):
    patient = make_user("fuzz.patient@example.org", Role.PATIENT)
    clinician = make_user("fuzz.clinician@example.org", Role.CLINICIAN)
    enrol(clinician)  # a staff token needs two-step sign-in
    return {
        "anonymous": None,
        "patient": api_token_create(actor=patient, name="fuzz")[1],
        "clinician": api_token_create(actor=clinician, name="fuzz")[1],
    }


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_input_makes_the_api_fail(case, bearer_tokens):
    from django.core.cache import cache

    for who, token in bearer_tokens.items():
        cache.clear()  # rate limits would otherwise end the run early
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = case.call(app=APP, headers=headers)
        assert response.status_code < 500, (
            f"{who}: {case.method} {case.formatted_path} -> {response.status_code}"
        )
