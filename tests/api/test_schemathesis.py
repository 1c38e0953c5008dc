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
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis.core import NotSet

from articles.models import Article
from config.wsgi import application
from partnerships.models import Membership
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    EntityFactory,
    MembershipFactory,
    TopicFactory,
)

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)

PLAIN = {"Accept-Encoding": "identity"}
SETTINGS = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
}


@pytest.fixture
def examples_exist(catalogue):
    """The objects the schema's examples name (slugs of the demo data, config/api_base.py):
    the examples phase requests them as they are."""
    pfp = EntityFactory(name="Partnership for Peace", slug="partnership-for-peace")
    alliance = EntityFactory(
        name="North Atlantic Treaty Organization", slug="north-atlantic-treaty-organization"
    )
    MembershipFactory(member=catalogue["finland"], group=pfp, role="partner")
    MembershipFactory(member=catalogue["finland"], group=alliance, role="member")
    ArticleFactory(
        published=True,
        slug="natos-partnerships",
        publisher=catalogue["ifri"],
        authors=[AuthorFactory(slug="cirmafrance", name="cirmafrance")],
        topics=[TopicFactory(slug="military-alliances", name="Military Alliances")],
        entities=[alliance, catalogue["finland"]],
    )
    return catalogue


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


#: Fields of a write that name other objects, and an object that exists for each.
BODY_REFERENCES = {
    "authors": ["alice"],
    "topics": ["alliances"],
    "entities": ["nato"],
    "publisher": "ifri",
    "member": "finland",
    "group": "nato",
    "source": None,
    "until_source": None,
    "until": None,  # an end needs the source that states it
}


def writable(body: dict) -> dict:
    """A written object names objects that exist, so that the stateful phase creates some
    and then follows the links from them (rather than collecting 400s); and it meets the
    rules between fields that OpenAPI 3.0 cannot state (each has its own 400 test in
    tests/api/test_writes.py): sending back needs a comment, expiry comes after the
    scheduled publication."""
    body = {name: BODY_REFERENCES.get(name, value) for name, value in body.items()}
    if body.get("action") == "send_back" and not str(body.get("comment", "")).strip():
        body["comment"] = "Please cite the treaty."
    if body.get("publish_at") and body.get("expire_at"):
        body.pop("expire_at")
    return body


def current_version(case) -> int | None:
    """The stored version of the article or membership a write names in its path."""
    key = str(next(iter((case.path_parameters or {}).values()), ""))
    if case.path.startswith("/api/v1/memberships/"):
        objects = Membership.objects.filter(pk=int(key)) if key.isdigit() else None
    elif case.path.startswith("/api/v1/articles/"):
        objects = Article.objects.filter(pk=int(key) if key.isdigit() else None) | (
            Article.objects.filter(slug=key)
        )
    else:
        return None
    return None if objects is None else objects.values_list("version", flat=True).first()


def says_its_version(case) -> None:
    """An update says which version it changed, in the body (``version``) or in If-Match:
    the server answers 428 to neither (declared), a rule between a header and a body field
    that OpenAPI cannot state; a positive case without either gets the stored version.
    Called when the case is sent (``map_case`` also runs at collection, without a database).
    A PATCH may come with no body at all (its body is optional): it gets a JSON one."""
    if case.method == "PATCH" and isinstance(case.body, NotSet):
        case.body, case.media_type = {}, "application/json"
    if case.method not in ("PUT", "PATCH", "POST") or not isinstance(case.body, dict):
        return
    if case.method == "POST" and not case.path.endswith("/transition/"):
        return
    if case.body.get("version") is not None or (case.headers or {}).get("If-Match"):
        return
    version = current_version(case)
    if version is not None:
        case.body = {**case.body, "version": version}


@schema.hook
def map_case(ctx, case):
    """Positive cases name objects that exist: OpenAPI cannot say "the slug of an existing
    subject" or "a cursor from a previous response"; an unknown slug or a forged cursor is
    rightly a 400 (tests/api/test_bad_parameters.py)."""
    meta = case.meta
    if meta is None or not meta.generation.mode.is_positive:
        return case
    if isinstance(case.body, dict) and case.method in ("POST", "PUT", "PATCH"):
        case.body = writable(case.body)
    if not case.query:
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
def test_api_conforms_to_its_schema(case, examples_exist, wsgi_in_test_transaction):
    case.call_and_validate(headers=PLAIN)


@schema.parametrize()
@settings(max_examples=5, **SETTINGS)
def test_editor_requests_never_break_the_api(
    case, examples_exist, wsgi_in_test_transaction, chief_editor
):
    """The same operations with a publishing editor's token, writes included.

    Every check, ``positive_data_acceptance`` included (it found what follows): the write
    schema declares what the server refuses in a field (blank titles, NUL characters, empty
    references, an address Django's URLValidator refuses), a refusal caused by the current
    state (a duplicate slug or fact, a workflow move the status does not allow, a stale
    version) is a 409, a stale If-Match a 412 (schemathesis.toml counts both as acceptance
    of the data), and ``map_case`` meets the rules between fields and the references to
    existing objects.
    """
    token = Token.objects.get_or_create(user=chief_editor)[0]
    if case.meta is not None and case.meta.generation.mode.is_positive:
        says_its_version(case)
    case.call_and_validate(headers={**PLAIN, "Authorization": f"Token {token.key}"})


#: The schema as the editor's stateful run sees it: the same hooks, and the editor's token
#: as its authentication, so that the ignored-auth check knows the token is a real one and
#: checks that the same write without it, or with a forged one, is refused.
editor_schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", application)
editor_schema.hook(map_case)


@editor_schema.auth()
class EditorToken:
    token = ""

    def get(self, case, ctx):
        return self.token

    def set(self, case, data, ctx):
        case.headers = {**(case.headers or {}), "Authorization": f"Token {data}"}


class EditorWorkflow(editor_schema.as_state_machine()):
    """Stateful phase: sequences of calls (create, then read or update what was created)
    with an editor's token, following the schema's links (config/api_links.py)."""

    #: Every call of the run: (method, path, status, id of the object answered).
    calls: list = []

    def setup(self):
        # Each sequence starts from the catalogue: Hypothesis replays a sequence and must
        # meet the same answers (a slug taken by an earlier sequence would change them).
        self.savepoint = transaction.savepoint()

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)

    def get_call_kwargs(self, case):
        return {"headers": PLAIN}

    def before_call(self, case):
        # A step made from a link may carry no generation metadata: it is a valid call.
        if case.meta is None or case.meta.generation.mode.is_positive:
            says_its_version(case)

    def validate_response(self, response, case, additional_checks=None, **kwargs):
        try:
            body = response.json()
        except ValueError:
            body = None
        answered = body.get("id") if isinstance(body, dict) else None
        self.calls.append((case.method, case.formatted_path, response.status_code, answered))

        case.validate_response(
            response,
            additional_checks=additional_checks,
            transport_kwargs=kwargs or None,
        )


def _followed_links(calls) -> set:
    """The calls that read or changed, by id, an object created earlier in the run."""
    created = {
        (path, answered)
        for method, path, status, answered in calls
        if method == "POST" and status == 201 and not path.endswith("/transition/")
    }
    return {
        (method, path)
        for method, path, status, answered in calls
        for collection, made in created
        if path in (f"{collection}{made}/", f"{collection}{made}/transition/")
    }


def test_stateful_editor_workflows(examples_exist, wsgi_in_test_transaction, chief_editor):
    """Every sequence passes every check, and the links are followed: objects created in a
    run are then read or changed by id.

    Derandomized, the draws still depend on the process (the suite's earlier tests in the
    same worker changed which sequences 12 and then 25 examples drew, and none followed a
    link). A run that happens to follow no link proves nothing either way, so a larger one
    follows it; a schema whose links do not work fails all three."""
    EditorToken.token = Token.objects.get_or_create(user=chief_editor)[0].key
    for max_examples in (25, 60, 120):
        EditorWorkflow.calls = []
        EditorWorkflow.run(
            settings=settings(
                max_examples=max_examples, stateful_step_count=4, derandomize=True, **SETTINGS
            )
        )
        if _followed_links(EditorWorkflow.calls):
            break
    assert _followed_links(EditorWorkflow.calls), EditorWorkflow.calls
