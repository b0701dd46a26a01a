"""Schemathesis against the API's own OpenAPI schema: generated requests (valid and invalid)
to every operation, as the coordinator's token, must never get a server error nor a status the
schema does not document.

Bounded inside `make test`; `make fuzz` runs `HANGVIET_FUZZ_SCALE` times as many (SECURITY.md).
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]
SCALE = int(os.environ.get("HANGVIET_FUZZ_SCALE", "1"))


def _schema():
    """The schema the API publishes at /api/v1/openapi.json, called in-process (WSGI)."""
    from hangviet.api import api
    from hangviet.wsgi import application

    loaded = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1/"))
    loaded.app = application
    return loaded


schema = _schema()


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Schemathesis calls the WSGI application directly; like Django's test client, keep the
    request signals from closing the test's database connection (its transaction)."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(people) -> str:
    from hangviet.orgs.services import api_token_create

    return api_token_create(by=None, user=people["carol"], name="fuzz")[1]


@schema.parametrize()
@settings(
    max_examples=8 * SCALE,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_api_operation_answers_with_a_server_error(case, token, world):
    """… nor with a status its schema does not document."""
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, status_code_conformance],
    )
