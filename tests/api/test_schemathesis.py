"""Property-based tests of the API against its own OpenAPI schema: every check, in the
examples, coverage, fuzzing and stateful phases.

Runs on SQLite and on PostgreSQL (``DATABASE_URL``), anonymous (reads over a small
catalogue with drafts that must never show, writes refused) and with a publishing editor's
token (writes included). Example counts are bounded so that the suite stays quick.

The schema is loaded from the WSGI app at collection (building it touches no database);
each operation's test then seeds the catalogue. The WSGI transport does not decompress, so
requests say ``Accept-Encoding: identity`` (gzip has its own test). Hypothesis keeps no
example database and Schemathesis writes no report folder: nothing is left behind.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token

from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)

PLAIN = {"Accept-Encoding": "identity"}
SETTINGS = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


@pytest.fixture
def wsgi_in_test_transaction():
    """Calls the WSGI app as Django's test client does: without closing the connection at
    the end of each request (on PostgreSQL that would end the test's transaction)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


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
    """Positive cases name objects that exist: OpenAPI cannot say "the slug of an existing
    subject" or "a cursor from a previous response"; an unknown slug or a forged cursor is
    rightly a 400 (tests/api/test_bad_parameters.py)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive or not case.query:
        return case
    query = dict(case.query)
    for name, slug in REFERENCES.items():
        if name in query:
            query[name] = [slug] if isinstance(query[name], list) else slug
    # A cursor is opaque: a valid one comes from a previous response; empty starts.
    for name in ("cursor", "since"):
        if name in query:
            query[name] = ""
    case.query = query
    return case


@schema.parametrize()
@settings(max_examples=8, **SETTINGS)
def test_api_conforms_to_its_schema(case, catalogue, wsgi_in_test_transaction):
    case.call_and_validate(headers=PLAIN)


@schema.parametrize()
@settings(max_examples=5, **SETTINGS)
def test_editor_requests_never_break_the_api(
    case, catalogue, wsgi_in_test_transaction, chief_editor
):
    """The same operations with a publishing editor's token, writes included.

    Generated bodies meet business rules a schema cannot state (unique slugs, workflow
    states, the version just read), so a schema-valid write may rightly be a 400 or 409:
    ``positive_data_acceptance`` is left to the anonymous run above; every other check,
    server errors and response conformance included, holds here too.
    """
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    token = Token.objects.get_or_create(user=chief_editor)[0]
    case.call_and_validate(
        headers={**PLAIN, "Authorization": f"Token {token.key}"},
        excluded_checks=[positive_data_acceptance],
    )


class EditorWorkflow(schema.as_state_machine()):
    """Stateful phase: sequences of calls (create, then read or update what was created)
    with an editor's token."""

    token = ""

    def get_call_kwargs(self, case):
        return {"headers": {**PLAIN, "Authorization": f"Token {self.token}"}}

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        from schemathesis.specs.openapi.checks import positive_data_acceptance

        case.validate_response(
            response,
            additional_checks=additional_checks,
            excluded_checks=[positive_data_acceptance],
            transport_kwargs=kwargs or None,
        )


def test_stateful_editor_workflows(catalogue, wsgi_in_test_transaction, chief_editor):
    EditorWorkflow.token = Token.objects.get_or_create(user=chief_editor)[0].key
    EditorWorkflow.run(settings=settings(max_examples=5, stateful_step_count=3, **SETTINGS))
