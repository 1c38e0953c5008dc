"""A client generated from the live schema with openapi-python-client, used as a client
developer would: every list paged to the end (cursor and page modes), every detail read,
the filters, and the editors' writes (create, update with ``version`` or ``If-Match``,
workflow moves with send_back's comment, memberships created, ended and deleted).

The generated models parse every response, and no response carries a field the schema
does not declare (the models' ``additional_properties`` stay empty all the way down): the
bodies match the schema. The client is generated once per session, in a temporary folder,
from ``/api/v1/schema/`` served by the live server; nothing touches the network beyond it.
"""

import datetime
import importlib
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from rest_framework.authtoken.models import Token

from articles.models import Article
from partnerships.models import Membership, Source

from .conftest import PUBLIC_SLUGS, save_live_schema

GENERATOR = Path(sys.executable).with_name("openapi-python-client")
#: The generator's settings (no formatting hook: the test needs no ruff on PATH).
CONFIG = Path(__file__).with_name("openapi-python-client.yaml")
PACKAGE = "cms_api_client"
#: Each list's tag (module folder), its page model and its detail model.
LISTS = {
    "articles": ("PaginatedArticleList", "ArticleDetail"),
    "topics": ("PaginatedTopicList", "Topic"),
    "authors": ("PaginatedAuthorList", "Author"),
    "publishers": ("PaginatedPublisherList", "Publisher"),
    "entities": ("PaginatedEntityList", "Entity"),
    "memberships": ("PaginatedMembershipList", "Membership"),
}


@pytest.fixture(scope="session")
def generated(live_server, tmp_path_factory, django_db_blocker):
    """The generated package, imported."""
    folder = tmp_path_factory.mktemp("generated-client")
    save_live_schema(live_server, django_db_blocker, folder)
    command = [str(GENERATOR), "generate", "--path", str(folder / "schema.json")]
    command += ["--output-path", str(folder / PACKAGE), "--meta", "none", "--config", str(CONFIG)]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr
    sys.path.insert(0, str(folder))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(folder))


def module(generated, tag: str, operation: str):
    return importlib.import_module(f"{generated.__name__}.api.{tag}.{operation}")


def model(generated, name: str):
    return getattr(importlib.import_module(f"{generated.__name__}.models"), name)


def undeclared(value, path="") -> list[str]:
    """Fields of a parsed response the schema did not declare (empty when it says all)."""
    found = []
    extra = getattr(value, "additional_properties", None)
    if isinstance(extra, dict):
        found += [f"{path}.{key}" for key in extra]
        for name in getattr(type(value), "__attrs_attrs__", ()):
            if name.name != "additional_properties":
                found += undeclared(getattr(value, name.name), f"{path}.{name.name}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += undeclared(item, f"{path}[{index}]")
    return found


def ok(response, expected, status=200):
    """The response has the status and parses as the ``expected`` generated model."""
    assert response.status_code == status, response.content[:500]
    if expected is None:
        return None
    assert isinstance(response.parsed, expected), type(response.parsed)
    assert undeclared(response.parsed) == []
    return response.parsed


@pytest.fixture
def clients():
    """Closes every generated client a test opened."""
    opened = []
    yield opened
    for client in opened:
        client.get_httpx_client().close()


@pytest.fixture
def anonymous(generated, live_server, clients):
    client = generated.Client(base_url=live_server.url, raise_on_unexpected_status=True)
    clients.append(client)
    return client


@pytest.fixture
def editor_client(generated, live_server, chief_editor, clients):
    """A client with an editor's token."""
    for codename in ("delete_membership", "view_membership"):
        chief_editor.user_permissions.add(Permission.objects.get(codename=codename))
    client = generated.AuthenticatedClient(
        base_url=live_server.url,
        token=Token.objects.create(user=chief_editor).key,
        prefix="Token",
        raise_on_unexpected_status=True,
    )
    clients.append(client)
    return client


def page_to_the_end(generated, client, tag, mode, **filters):
    """Every item of a list, 2 per page, in ``mode`` ("cursor" or "page")."""
    operation = module(generated, tag, f"{tag}_list")
    paginated = model(generated, LISTS[tag][0])
    items, position = [], {"cursor": ""} if mode == "cursor" else {"page": 1}
    while True:
        page = ok(
            operation.sync_detailed(client=client, page_size=2, **position, **filters), paginated
        )
        items += page.results
        if not page.next_:
            return items
        if mode == "cursor":
            position = {"cursor": parse_qs(urlsplit(page.next_).query)["cursor"][0]}
        else:
            position = {"page": position["page"] + 1}


def test_every_list_paged_to_the_end_in_both_modes_and_every_detail(
    generated, anonymous, editor_client, catalogue
):
    for client in (anonymous, editor_client):
        for tag in LISTS:
            by_cursor = page_to_the_end(generated, client, tag, "cursor")
            by_page = page_to_the_end(generated, client, tag, "page")
            assert sorted(i.id for i in by_cursor) == sorted(i.id for i in by_page) != []
            retrieve = module(generated, tag, f"{tag}_retrieve")
            detail = LISTS[tag][1]
            for item in by_cursor:
                key = item.id if tag == "memberships" else str(item.id)
                found = ok(retrieve.sync_detailed(key, client=client), model(generated, detail))
                assert found.id == item.id
        articles = {a.slug for a in page_to_the_end(generated, client, "articles", "cursor")}
        if client is anonymous:
            assert articles == PUBLIC_SLUGS
        else:
            assert articles == set(Article.objects.values_list("slug", flat=True))
    # The change feed, to its end.
    feed = module(generated, "changes", "changes_list")
    rows, since = [], ""
    while True:
        page = ok(
            feed.sync_detailed(client=anonymous, since=since, page_size=2),
            model(generated, "ChangePage"),
        )
        rows += page.results
        since = page.next_cursor
        if not page.has_more:
            break
    assert {row.type_ for row in rows} >= {"topic", "entity", "membership"}


def slugs(items):
    return {item.slug for item in items}


def test_filters_through_the_generated_client(generated, anonymous, catalogue):
    articles = module(generated, "articles", "articles_list")
    paginated = model(generated, "PaginatedArticleList")

    def found(**filters):
        return slugs(ok(articles.sync_detailed(client=anonymous, **filters), paginated).results)

    assert found(subject=["alliances"]) == {"nato-summit", "finland-joins"}
    assert found(subject=["alliances", "africa"]) == PUBLIC_SLUGS
    assert found(author=["bob"]) == {"nato-summit"}
    assert found(author=["alice", "bob"]) == {"nato-summit", "finland-joins"}
    assert found(entity=["finland"]) == {"finland-joins"}
    assert found(q="nato") == {"nato-summit"}
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=1)
    assert found(updated_after=later) == set()
    assert found(updated_before=later) == PUBLIC_SLUGS
    Article.objects.filter(slug="finland-joins").update(updated_at=later)
    assert found(updated_after=later - datetime.timedelta(seconds=1)) == {"finland-joins"}
    memberships = module(generated, "memberships", "memberships_list")
    listed = ok(
        memberships.sync_detailed(client=anonymous, group=["nato"], member=["finland"]),
        model(generated, "PaginatedMembershipList"),
    )
    assert [(m.member.slug, m.group.slug) for m in listed.results] == [("finland", "nato")]


def test_editor_writes_through_the_generated_client(generated, editor_client, anonymous, catalogue):
    detail = model(generated, "ArticleDetail")
    create = module(generated, "articles", "articles_create")
    body = model(generated, "ArticleWrite")(
        title="Baltic air policing",
        slug="baltic-air-policing",
        language=model(generated, "LanguageEnum")("en"),
        authors=["alice", "bob"],
        topics=["alliances"],
        entities=["nato"],
    )
    article = ok(create.sync_detailed(client=editor_client, body=body), detail, 201)
    assert [a.slug for a in article.authors] == ["alice", "bob"]
    assert str(article.status) == "draft"

    # An update with the version read; a stale version is a 409.
    patch = module(generated, "articles", "articles_partial_update")
    change = model(generated, "PatchedArticleWrite")
    article = ok(
        patch.sync_detailed(
            str(article.id), client=editor_client, body=change(summary="Four jets.", version=1)
        ),
        detail,
    )
    assert article.summary == "Four jets." and article.version == 2
    stale = patch.sync_detailed(str(article.id), client=editor_client, body=change(version=1))
    assert stale.status_code == 409 and stale.parsed.current_version == 2
    # An update with If-Match (the ETag just read) instead of the version.
    read = module(generated, "articles", "articles_retrieve")
    etag = read.sync_detailed(str(article.id), client=editor_client).headers["ETag"]
    # If-Match is a declared parameter of the generated function, not a header added by hand.
    article = ok(
        patch.sync_detailed(
            str(article.id),
            client=editor_client,
            body=change(title="Baltic air policing, 2025"),
            if_match=etag,
        ),
        detail,
    )
    assert article.version == 3
    refused = patch.sync_detailed(
        str(article.id), client=editor_client, body=change(title="Again"), if_match=etag
    )
    assert refused.status_code == 412

    # The workflow: submit, send back with a comment, submit, publish.
    move = module(generated, "articles", "articles_transition_create")
    transition = model(generated, "Transition")
    action = model(generated, "TransitionActionEnum")
    for step, extra in (
        ("submit", {}),
        ("send_back", {"comment": "Cite the sources."}),
        ("submit", {}),
        ("publish", {}),
    ):
        body = transition(action=action(step), version=article.version, **extra)
        article = ok(move.sync_detailed(str(article.id), client=editor_client, body=body), detail)
    assert str(article.status) == "published"
    public = ok(read.sync_detailed("baltic-air-policing", client=anonymous), detail)
    assert public.title == "Baltic air policing, 2025"

    # Memberships: create, end (a PATCH of ``until``), delete with If-Match.
    create = module(generated, "memberships", "memberships_create")
    membership = model(generated, "Membership")
    source = Source.objects.create(title="Fact sheet", as_of=datetime.date(2024, 3, 8))
    ended_by = Source.objects.create(title="Press release", as_of=datetime.date(2025, 1, 2))
    created = ok(
        create.sync_detailed(
            client=editor_client,
            body=model(generated, "MembershipWrite")(
                member="sweden",
                group="nato",
                role=model(generated, "RoleEnum")("member"),
                since=datetime.date(2024, 3, 7),
                source=source.pk,
            ),
        ),
        membership,
        201,
    )
    patch = module(generated, "memberships", "memberships_partial_update")
    ended = ok(
        patch.sync_detailed(
            created.id,
            client=editor_client,
            body=model(generated, "PatchedMembershipWrite")(
                until=datetime.date(2025, 1, 1), until_source=ended_by.pk, version=created.version
            ),
        ),
        membership,
    )
    assert ended.until == datetime.date(2025, 1, 1) and ended.version == created.version + 1
    assert ended.until_source.id == ended_by.pk
    etag = (
        module(generated, "memberships", "memberships_retrieve")
        .sync_detailed(created.id, client=editor_client)
        .headers["ETag"]
    )
    destroy = module(generated, "memberships", "memberships_destroy")
    gone = destroy.sync_detailed(created.id, client=editor_client, if_match=etag)
    assert gone.status_code == 204
    assert not Membership.objects.filter(pk=created.id).exists()
