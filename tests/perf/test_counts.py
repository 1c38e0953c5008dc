"""Published counts are columns kept by every write, so no page counts across the
articles table; and page counts stop at a cap ("10,000+") instead of counting a million."""

import pytest

from articles.services import article_save, article_transition
from tests.factories import ArticleFactory, AuthorFactory, EntityFactory, TopicFactory

pytestmark = pytest.mark.django_db


def api_count(client, kind, slug):
    return client.get(f"/api/v1/{kind}/{slug}/").json()["article_count"]


def test_publishing_and_unpublishing_update_the_counts_readers_see(client, editor):
    topic = TopicFactory(slug="alliances")
    author = AuthorFactory(slug="someone")
    entity = EntityFactory(slug="nato", short_name="NATO")
    article = ArticleFactory(topics=[topic], authors=[author], entities=[entity])
    ArticleFactory(published=True, topics=[topic])
    assert api_count(client, "topics", "alliances") == 1

    article_transition(article=article, user=editor, action="publish")
    assert api_count(client, "topics", "alliances") == 2
    assert api_count(client, "authors", "someone") == 1
    assert "1 article" in client.get("/en/partnerships/").content.decode()

    article.refresh_from_db()
    article_transition(article=article, user=editor, action="unpublish")
    assert api_count(client, "topics", "alliances") == 1
    assert client.get("/api/v1/authors/someone/").status_code == 404  # no published article


def test_relinking_and_deleting_recount_the_objects_they_leave(client, editor):
    old, new = TopicFactory(slug="old"), TopicFactory(slug="new")
    first, second = AuthorFactory(slug="first"), AuthorFactory(slug="second")
    article = ArticleFactory(published=True, topics=[old], authors=[first])
    article_save(
        article=article,
        user=editor,
        expected_version=article.version,
        topics=[new],
        authors=[second],
    )
    assert api_count(client, "topics", "old") == 0
    assert api_count(client, "topics", "new") == 1
    assert api_count(client, "authors", "second") == 1
    assert client.get("/api/v1/authors/first/").status_code == 404

    article.delete()
    assert api_count(client, "topics", "new") == 0


def test_recount_command_catches_up_with_scheduled_publication(client, editor):
    import datetime

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    topic = TopicFactory(slug="later")
    article = ArticleFactory(topics=[topic])
    soon = timezone.now() + datetime.timedelta(hours=1)
    article_transition(article=article, user=editor, action="publish", publish_at=soon)
    assert api_count(client, "topics", "later") == 0
    with time_machine.travel(soon + datetime.timedelta(minutes=1)):
        call_command("recount_published", verbosity=0)
        assert api_count(client, "topics", "later") == 1


def test_recount_runs_after_the_first_recount_only_what_came_due(client, editor):
    import datetime

    import time_machine
    from django.core.management import call_command
    from django.utils import timezone

    from articles.models import Topic

    due, expiring, other = (TopicFactory(slug=s) for s in ("due", "expiring", "other"))
    ArticleFactory(published=True, topics=[other])
    call_command("recount_published", verbosity=0)  # the first run: everything
    assert api_count(client, "topics", "other") == 1

    soon = timezone.now() + datetime.timedelta(hours=1)
    scheduled = ArticleFactory(topics=[due])
    article_transition(article=scheduled, user=editor, action="publish", publish_at=soon)
    expires = ArticleFactory(published=True, topics=[expiring])
    expires.expire_at = soon + datetime.timedelta(minutes=30)
    expires.save()
    assert api_count(client, "topics", "expiring") == 1
    # A count gone wrong behind the writes' back, about no article that came due.
    Topic.objects.filter(slug="other").update(published_count=7)

    with time_machine.travel(soon + datetime.timedelta(minutes=1)):
        call_command("recount_published", verbosity=0)
        assert api_count(client, "topics", "due") == 1
        assert Topic.objects.get(slug="other").published_count == 7  # not recounted
    with time_machine.travel(soon + datetime.timedelta(hours=1)):
        call_command("recount_published", verbosity=0)
        assert client.get("/api/v1/topics/expiring/").json()["article_count"] == 0
        assert api_count(client, "topics", "due") == 1
        call_command("recount_published", "--all", verbosity=0)
        assert Topic.objects.get(slug="other").published_count == 1


def test_page_counts_stop_at_the_cap_and_deeper_pages_still_come(client, monkeypatch):
    from config.paging import CappedPaginator

    monkeypatch.setattr(CappedPaginator, "cap", 5)
    for n in range(8):
        ArticleFactory(published=True, slug=f"a-{n}")
    # A filter the kept counts do not hold (``updated_after``) is counted live, capped.
    live = "/api/v1/articles/?page_size=3&updated_after=2000-01-01T00:00:00Z"
    first = client.get(live).json()
    assert first["count"] == 5
    second = client.get(live + "&page=2").json()
    assert second["next"], "more pages follow a capped count"
    third = client.get(live + "&page=3").json()
    assert len(third["results"]) == 2 and third["next"] is None
    assert client.get(live + "&page=4").status_code == 404
    # The whole catalogue, past the cap: the exact total kept by the writes.
    assert client.get("/api/v1/articles/?page_size=3").json()["count"] == 8
    assert client.get("/api/v1/articles/?page_size=3&language=en").json()["count"] == 8


def test_long_lists_use_the_kept_count_and_capped_counts_read_as_lower_bounds(
    client, monkeypatch, settings
):
    from articles.models import Author
    from config.paging import CappedPaginator

    settings.PAGE_CACHE = False  # the count is changed behind the writes' back below
    monkeypatch.setattr(CappedPaginator, "cap", 2)
    author = AuthorFactory(slug="prolific")
    for _ in range(3):
        ArticleFactory(published=True, authors=[author])
    # At or past the cap, the count kept by the writes: exact, without counting.
    assert "3 publications" in client.get("/en/authors/prolific/").content.decode()

    # Below the cap (here a count behind the articles), counted live up to the cap.
    Author.objects.filter(pk=author.pk).update(published_count=1)
    page = client.get("/en/authors/prolific/").content.decode()
    assert "2+ publications" in page and "2 publications" not in page


def test_deep_pages_read_their_ids_first_and_keep_the_order(client, monkeypatch):
    from config import paging

    monkeypatch.setattr(paging, "DEEP", 2)
    for n in range(7):
        ArticleFactory(published=True, slug=f"d-{n}", published_on=f"2020-01-0{n + 1}")
    ArticleFactory(published=True, slug="undated", published_on=None)
    whole = [a["slug"] for a in client.get("/api/v1/articles/?page_size=50").json()["results"]]
    assert whole[0] == "d-6" and whole[-1] == "undated"
    pages = [
        [a["slug"] for a in client.get(f"/api/v1/articles/?page_size=3&page={n}").json()["results"]]
        for n in (1, 2, 3)
    ]
    assert sum(pages, []) == whole
    oldest = client.get("/api/v1/articles/?page_size=3&page=2&ordering=published_on").json()
    assert [a["slug"] for a in oldest["results"]] == ["d-3", "d-4", "d-5"]


def _api_list(client, query=""):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        data = client.get("/api/v1/articles/" + query).json()
    counted = any("COUNT(" in q["sql"].upper() for q in queries.captured_queries)
    return data, counted


def test_the_unfiltered_api_list_takes_its_total_from_the_kept_counts(client, editor):
    for n in range(3):
        ArticleFactory(published=True, slug=f"a-{n}", language="en")
    ArticleFactory(slug="draft")
    data, counted = _api_list(client)
    assert data["count"] == 3 and len(data["results"]) == 3 and not counted
    data, counted = _api_list(client, "?page_size=2&page=2")
    assert data["count"] == 3 and len(data["results"]) == 1 and data["next"] is None
    assert not counted
    # The cells hold a language too: still no COUNT.
    data, counted = _api_list(client, "?language=fr")
    assert data["count"] == 0 and data["results"] == [] and not counted
    # A filter the cells do not hold: counted live.
    data, counted = _api_list(client, "?updated_after=2000-01-01T00:00:00Z")
    assert data["count"] == 3 and counted
    # A full page with nothing after it links to no empty page.
    data, _ = _api_list(client, "?page_size=3")
    assert len(data["results"]) == 3 and data["next"] is None
    # Editors list every status: counted live.
    client.force_login(editor)
    data, counted = _api_list(client)
    assert data["count"] == 4 and counted
