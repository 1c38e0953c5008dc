"""Property-based tests of the API against its own OpenAPI schema (every default check).

Runs on SQLite and on PostgreSQL (``DATABASE_URL``), twice per operation: as an anonymous
client (reads over a small catalogue with drafts that must never show, writes refused) and
with a publishing editor's token (writes included).

The schema is loaded from the WSGI app at collection (building it touches no database);
each operation's test then seeds the catalogue. (``schemathesis.pytest.from_fixture`` would
be the lazier choice but does not work with pytest 9 yet.)
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)


@pytest.fixture
def wsgi_in_test_transaction():
    """Calls the WSGI app as Django's test client does: without closing the connection at
    the end of each request (on PostgreSQL that would end the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case, catalogue, wsgi_in_test_transaction):
    case.call_and_validate()


#: Parameters whose valid values are slugs of existing objects, and one that exists.
REFERENCES = {
    "subject": "alliances",
    "author": "alice",
    "entity": "nato",
    "entity_or_members": "nato",
    "publisher": "ifri",
    "member": "finland",
    "group": "nato",
    "parent": "alliances",
}


@schema.hook
def map_case(ctx, case):
    """Make schema-valid (positive) cases valid in ways a schema cannot say.

    OpenAPI cannot state "the slug of an existing subject", "a cursor taken from a previous
    response" or "cursor excludes page and ordering"; the API rightly answers 400 to those
    (tests/api/test_bad_parameters.py covers it). Positive cases get existing slugs and a
    first-page cursor; negative cases are left as generated.
    """
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or not case.query:
        return case
    query = dict(case.query)
    for name, slug in REFERENCES.items():
        if name in query:
            query[name] = [slug] if isinstance(query[name], list) else slug
    if "cursor" in query:
        query["cursor"] = ""
        query.pop("page", None)
        query.pop("ordering", None)
    case.query = query
    return case


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_editor_requests_never_break_the_api(
    case,
    catalogue,
    wsgi_in_test_transaction,
    chief_editor,
):
    """The same operations with a publishing editor's token, writes included.

    Generated bodies meet business rules a schema cannot state (unique slugs, workflow
    states, the version just read), so a schema-valid write may rightly be a 400 or 409:
    ``positive_data_acceptance`` is left to the anonymous run above; every other check,
    server errors and response conformance included, holds here too.
    """
    from rest_framework.authtoken.models import Token
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    token = Token.objects.get_or_create(user=chief_editor)[0]
    case.call_and_validate(
        headers={"Authorization": f"Token {token.key}"},
        excluded_checks=[positive_data_acceptance],
    )
