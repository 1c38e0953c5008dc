"""``manage.py publish_due``: a scheduled publication or expiry that has come becomes a real
event (counts, change feed of related objects, webhooks, audit, revision), once, whoever runs
it and however often; readers see the article on time without it."""

import datetime
import threading
from io import StringIO

import pytest
import reversion
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from articles.models import Article, AuditEvent, Author, Topic
from changes.models import Change
from tests.api.conftest import _token_client
from webhooks.models import Delivery, Endpoint

A = "/api/v1/articles/"


def publish_due(*args) -> str:
    out = StringIO()
    call_command("publish_due", *args, stdout=out)
    return out.getvalue()


def scheduled(client, slug, author, topic, **dates):
    body = {"title": slug.title(), "slug": slug, "language": "en", "authors": [author]}
    created = client.post(A, body | {"topics": [topic]}, format="json")
    assert created.status_code == 201, created.content
    body = {"action": "publish", "version": created.json()["version"]}
    body |= {name: moment.isoformat() for name, moment in dates.items()}
    moved = client.post(f"{A}{slug}/transition/", body, format="json")
    assert moved.status_code == 200, moved.content
    return Article.objects.get(slug=slug)


@pytest.fixture
def names(db):
    Topic.objects.create(slug="alliances", name="Military Alliances", name_fr="Alliances")
    Author.objects.create(slug="dora", name="Dora")


def counts(api):
    authors = {a["slug"]: a["article_count"] for a in api.get("/api/v1/authors/").json()["results"]}
    topic = api.get("/api/v1/topics/alliances/").json()["article_count"]
    return authors.get("dora"), topic


def test_a_due_publication_is_applied_once_through_the_services(chief_api, api, names):
    Endpoint.objects.create(url="http://127.0.0.1:9/", events=["published", "updated"], secret="k")
    now = timezone.now()
    article = scheduled(chief_api, "summit", "dora", "alliances", publish_at=now + timedelta(1))
    assert article.schedule_due_at == article.publish_at
    version = article.version
    created = set(Delivery.objects.values_list("pk", flat=True))
    with time_machine.travel(now + timedelta(1.5)):
        # Readers see it at its time, before any command...
        assert [a["slug"] for a in api.get(A).json()["results"]] == ["summit"]
        assert counts(api) == (None, 0)  # ... but what follows a write lags
        assert "due: #" in publish_due("--dry-run")
        assert publish_due() == "Scheduled publications applied: 1; expiries applied: 0.\n"
        assert counts(api) == (1, 1)
        article.refresh_from_db()
        assert article.version == version + 1 and article.schedule_due_at is None
        event = AuditEvent.objects.for_object(article).latest("at")
        assert (event.action, event.user) == (AuditEvent.Action.PUBLISH, None)
        assert event.message.startswith("By the schedule")
        assert (
            "By the schedule"
            in reversion.models.Version.objects.get_for_object(article)[0].revision.get_comment()
        )
        # Dora came into public view now: a row for her; the article's own row is an update,
        # never a second "published" (the feed showed that at its time).
        rows = Change.objects.filter(public=True).order_by("at", "id")
        mine = rows.filter(object_type="article", object_id=article.pk)
        assert list(mine.values_list("action", flat=True)) == ["published", "updated"]
        dora = rows.filter(object_type="author", slug="dora").last()
        assert dora.at > article.publish_at and not dora.tombstone
        # Webhooks: "published" was queued for its time when it was scheduled; the command
        # adds the update, not another publication.
        queued = Delivery.objects.filter(
            change__object_type="article", change__object_id=article.pk
        )
        assert list(queued.filter(pk__in=created).values_list("event", flat=True)) == ["published"]
        assert list(queued.exclude(pk__in=created).values_list("event", flat=True)) == ["updated"]
        # Idempotent: a second run finds nothing.
        assert publish_due() == "Scheduled publications applied: 0; expiries applied: 0.\n"
        assert Article.objects.get(pk=article.pk).version == version + 1
        assert AuditEvent.objects.for_object(article).filter(user=None).count() == 1


def test_a_due_expiry_takes_the_counts_and_the_author_down(chief_api, api, names):
    now = timezone.now()
    article = scheduled(chief_api, "brief", "dora", "alliances", expire_at=now + timedelta(1))
    assert counts(api) == (1, 1) and article.schedule_due_at == article.expire_at
    with time_machine.travel(now + timedelta(2)):
        assert api.get(A).json()["results"] == []
        assert publish_due() == "Scheduled publications applied: 0; expiries applied: 1.\n"
        assert counts(api) == (None, 0)
        event = AuditEvent.objects.for_object(article).latest("at")
        assert event.action == AuditEvent.Action.EXPIRE
        author_row = Change.objects.filter(object_type="author", slug="dora").last()
        assert author_row.public and author_row.tombstone
        actions = Change.objects.filter(object_type="article", object_id=article.pk, public=True)
        assert list(actions.values_list("action", flat=True)) == ["published", "expired"]


def test_a_write_after_the_time_applies_the_schedule_itself(chief_api, api, names):
    now = timezone.now()
    article = scheduled(chief_api, "summit", "dora", "alliances", publish_at=now + timedelta(1))
    with time_machine.travel(now + timedelta(2)):
        body = {"summary": "Now with a summary.", "version": article.version}
        assert chief_api.patch(f"{A}summit/", body, format="json").status_code == 200
        assert Article.objects.get(pk=article.pk).schedule_due_at is None
        assert counts(api) == (1, 1)
        assert publish_due().startswith("Scheduled publications applied: 0;")


def test_nothing_due_costs_one_query(chief_api, names, django_assert_num_queries):
    scheduled(chief_api, "later", "dora", "alliances", publish_at=timezone.now() + timedelta(5))
    with django_assert_num_queries(1):
        publish_due("--verbosity", "0")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_a_row_another_run_holds_is_skipped_not_applied_twice(chief_editor, names):
    now = timezone.now()
    article = scheduled(
        _token_client(chief_editor), "held", "dora", "alliances", publish_at=now + timedelta(1)
    )
    locked, release = threading.Event(), threading.Event()

    def hold():
        with transaction.atomic():
            Article.objects.select_for_update().get(pk=article.pk)
            locked.set()
            release.wait(30)
        connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert locked.wait(30)
        with time_machine.travel(now + timedelta(2)):
            assert publish_due().startswith("Scheduled publications applied: 0;")
    finally:
        release.set()
        holder.join()
    with time_machine.travel(now + timedelta(2)):
        assert publish_due().startswith("Scheduled publications applied: 1;")
        assert publish_due().startswith("Scheduled publications applied: 0;")


def timedelta(hours):
    return datetime.timedelta(hours=hours)
