"""A subject page's facet counts and list totals are read from facet cells kept by every
write (``articles.counts``), so they must always equal what counting the articles live
gives: after publishing, editing the kind or date, relinking subjects and entities,
unpublishing and deleting, and after a bulk rebuild."""

import datetime

import pytest
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.http import QueryDict

from articles import selectors
from articles.counts import recount_facets
from articles.models import Article, FacetCount
from articles.services import article_save, article_transition
from partnerships.models import Entity
from tests.factories import ArticleFactory, EntityFactory, TopicFactory

pytestmark = pytest.mark.django_db

QUERIES = ["", "kind=analysis", "language=fr&kind=news", "year=2021", "entity=nato", "x=1"]


def live(topic, query):
    """The facets and totals, counted over the articles themselves (the old way)."""
    base = selectors.published_articles()
    if topic is not None:
        base = base.filter(topics=topic)
    selected = selectors._clean_selection(QueryDict(query))

    def filtered(skip=None):
        queryset = base
        for name, value in selected.items():
            if name != skip:
                queryset = selectors._apply(queryset, name, value)
        return queryset

    def by(field, skip):
        rows = filtered(skip).values(field).annotate(n=Count("pk", distinct=True))
        return {str(r[field]): r["n"] for r in rows if r[field] is not None}

    years = filtered("year").annotate(y=ExtractYear("published_on"))
    entities = Entity.objects.filter(articles__in=filtered("entity").values("pk"))
    rows = filtered()
    return {
        "kind": by("kind", "kind"),
        "language": by("language", "language"),
        "year": {
            str(r["y"]): r["n"]
            for r in years.values("y").annotate(n=Count("pk", distinct=True))
            if r["y"] is not None
        },
        "entity": {
            r["slug"]: r["n"]
            for r in entities.values("slug").annotate(n=Count("articles", distinct=True))
        },
        "publications": rows.exclude(kind__in=selectors.PRESS_KINDS).count(),
        "press": rows.filter(kind__in=selectors.PRESS_KINDS).count(),
    }


def kept(topic, query):
    base = selectors.published_articles()
    listing = selectors.faceted_articles(base, QueryDict(query), topic=topic)
    found = {name: {c.value: c.count for c in choices} for name, choices in listing.facets.items()}
    found["publications"] = listing.publications.paginator.count
    found["press"] = listing.press.paginator.count
    return found


def assert_kept(*topics):
    for topic in (*topics, None):
        for query in QUERIES:
            assert kept(topic, query) == live(topic, query), (topic, query)


def test_facet_cells_follow_every_kind_of_write(editor):
    alliances, sahel = TopicFactory(slug="alliances"), TopicFactory(slug="sahel")
    nato, eu = EntityFactory(slug="nato"), EntityFactory(slug="eu")
    first = ArticleFactory(
        published=True,
        kind="analysis",
        language="en",
        published_on=datetime.date(2021, 5, 1),
        topics=[alliances],
        entities=[nato],
    )
    ArticleFactory(published=True, kind="media_mention", topics=[alliances, sahel])
    ArticleFactory(published=True, kind="news", language="fr", published_on=None)
    draft = ArticleFactory(kind="analysis", topics=[alliances], entities=[nato, eu])
    assert_kept(alliances, sahel)

    article_transition(article=draft, user=editor, action="publish")
    assert_kept(alliances, sahel)

    first.refresh_from_db()
    first.kind, first.language, first.published_on = "news", "fr", datetime.date(2019, 1, 1)
    article_save(
        article=first,
        user=editor,
        expected_version=first.version,
        topics=[sahel],
        entities=[eu],
    )
    assert_kept(alliances, sahel)

    draft.refresh_from_db()
    draft.entities.remove(nato)
    sahel.articles.add(draft)
    nato.articles.add(first)
    assert_kept(alliances, sahel)

    article_transition(article=draft, user=editor, action="unpublish")
    assert_kept(alliances, sahel)

    Article.objects.get(pk=first.pk).delete()
    assert_kept(alliances, sahel)


def test_rebuild_gives_the_same_cells_as_the_writes():
    topic = TopicFactory()
    for n in range(6):
        ArticleFactory(
            published=n % 3 != 0,
            kind=["analysis", "news", "interview"][n % 3],
            published_on=datetime.date(2015 + n, 1, 1) if n % 2 else None,
            topics=[topic],
            entities=[EntityFactory()] if n % 2 else [],
        )

    def cells():
        return sorted(
            FacetCount.objects.values_list(
                "topic_id", "entity_id", "kind", "language", "year", "count"
            ),
            key=repr,
        )

    by_writes = cells()
    recount_facets()
    assert cells() == by_writes
    assert_kept(topic)
