"""The importer and the editorial workflow together: queue, merge, audit trail, roles."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article, AuditEvent
from articles.roles import EDITORS
from seeds.models import Document, Provenance
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:articles_reviewqueue_changelist")
CHANGELIST = reverse("admin:articles_article_changelist")


@pytest.fixture
def desk_editor(db):
    user = UserFactory(username="desk", staff=True)
    user.groups.add(Group.objects.get(name=EDITORS))
    return user


@pytest.fixture
def desk_client(client, desk_editor):
    client.force_login(desk_editor)
    return client


def test_editors_may_import_pages(desk_editor):
    assert desk_editor.has_perm("seeds.add_document")


def test_review_queue_shows_each_imports_source_document(desk_client, seed_path):
    call_command("import_seeds", seed_path("002"), verbosity=0)
    ArticleFactory(in_review=True, title="Written by hand")
    document = Document.objects.get()
    page = desk_client.get(QUEUE, {"origin": "imported"})
    rows = page.context["cl"].result_list
    assert len(rows) == 11
    html = page.content.decode()
    assert reverse("admin:seeds_document_change", args=[document.pk]) in html
    assert document.name in html
    written = desk_client.get(QUEUE, {"origin": "written"}).context["cl"].result_list
    assert [a.title for a in written] == ["Written by hand"]


def test_review_queue_query_count_does_not_grow_with_its_length(desk_client, seed_path):
    call_command("import_seeds", seed_path("002"), verbosity=0)
    with CaptureQueriesContext(connection) as few:
        desk_client.get(QUEUE)
    call_command("import_seeds", seed_path("000"), verbosity=0)
    Article.objects.update(status=Article.Status.REVIEW)
    with CaptureQueriesContext(connection) as many:
        desk_client.get(QUEUE)
    assert len(many) == len(few)


def test_an_import_is_in_the_audit_trail(seed_path):
    call_command("import_seeds", seed_path("004"), verbosity=0)
    event = AuditEvent.objects.get(action=AuditEvent.Action.IMPORT)
    assert event.object_repr == seed_path("004").name
    assert "1 created" in event.message


def test_a_dry_run_leaves_no_audit_event(seed_path):
    call_command("import_seeds", seed_path("004"), "--dry-run", verbosity=0)
    assert not AuditEvent.objects.exists()


def test_merging_two_imported_articles_keeps_both_provenances_and_reimport_adds_nothing(
    desk_client, seed_path
):
    call_command("import_seeds", seed_path("002"), verbosity=0)
    keep, duplicate = Article.objects.filter(title__startswith="Carnet (")[:2]
    ids = [keep.pk, duplicate.pk]
    desk_client.post(
        CHANGELIST,
        {"action": "merge_selected", "_selected_action": ids, "apply": "1", "keep": keep.pk},
    )
    assert not Article.objects.filter(pk=duplicate.pk).exists()
    provenances = Provenance.objects.filter(object_id=keep.pk, document__name__startswith="002")
    assert provenances.count() == 2
    count = Article.objects.count()

    call_command("import_seeds", seed_path("002"), verbosity=0)
    assert Article.objects.count() == count
    assert not Article.objects.filter(title=duplicate.title).exclude(pk=keep.pk).exists()


@pytest.mark.django_db(transaction=True)  # the page cache is invalidated on commit
def test_a_published_import_reaches_cached_public_pages(client, seed_path, tmp_path):
    """Imports write articles in bulk (no signals); they must still stale the page cache."""
    call_command("import_seeds", seed_path("002"), "--publish", verbosity=0)
    assert "Une nouvelle brève" not in client.get("/fr/").content.decode()  # now cached
    page = tmp_path / "b2-next.txt"
    page.write_text(
        "Une nouvelle brève sur la défense européenne\n\n"
        "(B2) Les ministres de la Défense se sont réunis à Bruxelles pour une brève.\n\n"
        + seed_path("002").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    call_command("import_seeds", page, "--publish", verbosity=0)
    assert "Une nouvelle brève" in client.get("/fr/").content.decode()


def test_publishing_an_upload_needs_the_publish_permission(client, seed_path):
    """The "publish at once" box is checked on the server, not only shown to publishers."""
    from django.contrib.auth.models import Permission

    importer = UserFactory(username="importer", staff=True)
    importer.user_permissions.set(
        Permission.objects.filter(codename__in=["add_document", "view_document"])
    )
    client.force_login(importer)
    upload = reverse("admin:seeds_document_upload")
    with seed_path("004").open("rb") as page:
        assert client.post(upload, {"page": page}).status_code == 200  # the preview
    response = client.post(upload, {"confirm": "1", "publish": "on"}, follow=True)
    assert "permission to publish" in response.content.decode()
    assert not Article.objects.exists()


def test_admin_article_list_query_count_does_not_grow_with_its_length(desk_client):
    ArticleFactory(published=True)
    with CaptureQueriesContext(connection) as few:
        assert desk_client.get(CHANGELIST).status_code == 200
    for _ in range(20):
        ArticleFactory(published=True)
    with CaptureQueriesContext(connection) as many:
        desk_client.get(CHANGELIST)
    assert len(many) == len(few)


def test_imported_documents_list_query_count_does_not_grow(desk_client, seed_path):
    documents = reverse("admin:seeds_document_changelist")
    call_command("import_seeds", seed_path("004"), verbosity=0)
    with CaptureQueriesContext(connection) as few:
        assert desk_client.get(documents).status_code == 200
    call_command("import_seeds", verbosity=0)
    with CaptureQueriesContext(connection) as many:
        desk_client.get(documents)
    assert len(many) == len(few)
