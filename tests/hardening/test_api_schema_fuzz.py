"""schemathesis against /api/schema/: no 5xx, and every response conforms to the schema.

Each operation is called in-process with generated input, anonymously and as a manager (who may
read the most), a bounded number of examples each so the suite stays within the CI budget.

Every check runs but one: "positive data acceptance" expects any request the schema allows to
succeed, and a schema cannot say that a referenced record must exist or that an end date
follows a start date; those 400 answers are the business rules working. Requests that break
the schema must still be refused (negative data rejection stays on).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import positive_data_acceptance

from accounts.roles import Role
from cigem.wsgi import application

MAX_EXAMPLES = 15
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)
fuzz_settings = settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection(db):
    """Like Django's test client: a request must not close the test's own connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def manager_token(make_user):
    from rest_framework.authtoken.models import Token

    return Token.objects.create(user=make_user(Role.MANAGER)).key


@schema.parametrize()
@fuzz_settings
def test_api_anonymous(case):
    case.call_and_validate(excluded_checks=[positive_data_acceptance])


@schema.parametrize()
@fuzz_settings
def test_api_as_manager(case, manager_token):
    case.call_and_validate(
        headers={"Authorization": f"Token {manager_token}"},
        excluded_checks=[positive_data_acceptance],
    )
