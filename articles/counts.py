"""Published-article counts of subjects, authors, publishers and entities, kept in columns.

Pages and API lists show "Military Alliances (1,204)". Counting that at request time means
joining the articles table for every row shown: at a million articles the subject list and
the home page never return. So the count is a column (``published_count``; an
``EntityPublishedCount`` row for entities, since partnerships knows nothing of articles),
recounted for exactly the objects a write touches, in the write's own transaction (a
rolled-back write leaves the counts as they were):

- saving or deleting an article recounts its subjects, authors, entities and publisher
  (the old publisher too when it changed), through the signal listeners below;
- adding or removing a subject, entity or author link recounts that object;
- bulk writes, which send no signal (the importer), call ``recount_all()``
  or ``recount_articles()`` themselves.

The count follows ``Article.objects.published()``; scheduled publication and expiry change
it without any save, so ``manage.py recount_published`` (run it every few minutes next to
the task workers) catches those up.
"""

from django.db import connection, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from partnerships.models import Entity

from .models import Article, ArticleAuthor, Author, EntityPublishedCount, Publisher, Topic

ALL = None


def _count(links, key: str):
    """The number of published articles among ``links`` (rows of a link table, or articles)
    grouped by ``key``, as a correlated subquery on the outer row's primary key."""
    rows = (
        links.filter(**{key: OuterRef("pk")})
        .order_by()
        .values(key)
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))


def _scope(model, pks):
    objects = model.objects.all()
    if pks is not ALL:
        pks = {pk for pk in pks if pk is not None}
        if not pks:
            return None
        objects = objects.filter(pk__in=pks)
    return objects


def recount(*, topics=ALL, authors=ALL, publishers=ALL, entities=ALL) -> None:
    """Recount the given primary keys of each kind (``ALL``: every object of the kind);
    an empty collection recounts nothing of that kind. One UPDATE per kind."""
    published = Article.objects.published().values("pk")
    through = Article.topics.through.objects.filter(article__in=published)
    updates = [
        (Topic, topics, _count(through, "topic_id")),
        (Author, authors, _count(ArticleAuthor.objects.filter(article__in=published), "author")),
        (Publisher, publishers, _count(Article.objects.published(), "publisher")),
    ]
    for model, pks, count in updates:
        objects = _scope(model, pks)
        if objects is not None:
            objects.update(published_count=count)
    objects = _scope(Entity, entities)
    if objects is None:
        return
    links = Article.entities.through.objects.filter(article__in=published)
    rows = objects.annotate(n=_count(links, "entity_id")).values_list("pk", "n")
    EntityPublishedCount.objects.bulk_create(
        [EntityPublishedCount(entity_id=pk, published_count=n) for pk, n in rows],
        update_conflicts=True,
        unique_fields=["entity"],
        update_fields=["published_count"],
        batch_size=1000,
    )


def recount_all() -> None:
    """Recount every object: a long statement at a million articles, so it runs in its own
    transaction without the request-sized ``statement_timeout``."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = 0")
        recount()


def recount_articles(pks) -> None:
    """Recount everything the articles ``pks`` are linked to (after a bulk write)."""
    articles = Article.objects.filter(pk__in=pks)
    recount(
        topics=set(articles.values_list("topics", flat=True)),
        authors=set(articles.values_list("article_authors__author", flat=True)),
        publishers=set(articles.values_list("publisher", flat=True)),
        entities=set(articles.values_list("entities", flat=True)),
    )


# Signal listeners ------------------------------------------------------------------------


def _remember_publisher(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._counted_publisher_id = None
        return
    instance._counted_publisher_id = (
        Article.objects.filter(pk=instance.pk).values_list("publisher_id", flat=True).first()
    )


def _article_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    recount_articles([instance.pk])
    old = getattr(instance, "_counted_publisher_id", None)
    if old is not None and old != instance.publisher_id:
        recount(topics=(), authors=(), entities=(), publishers=[old])


def _remember_links(sender, instance, **kwargs):
    instance._counted_links = {
        "topics": list(instance.topics.values_list("pk", flat=True)),
        "authors": list(instance.article_authors.values_list("author_id", flat=True)),
        "entities": list(instance.entities.values_list("pk", flat=True)),
        "publishers": [instance.publisher_id],
    }


def _article_deleted(sender, instance, **kwargs):
    links = getattr(instance, "_counted_links", None)
    if links:
        recount(**links)


def _byline_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        recount(topics=(), publishers=(), entities=(), authors=[instance.author_id])


def _links_changed(kind):
    def listener(sender, instance, action, reverse, pk_set, **kwargs):
        if action == "pre_clear" and not reverse:
            instance._counted_cleared = list(getattr(instance, kind).values_list("pk", flat=True))
            return
        if action not in ("post_add", "post_remove", "post_clear"):
            return
        if reverse:
            # topic.articles.add(...): the topic (or entity) itself is the one recounted.
            targets = [instance.pk]
        elif action == "post_clear":
            targets = getattr(instance, "_counted_cleared", [])
        else:
            targets = pk_set or []
        scope = {"topics": (), "authors": (), "publishers": (), "entities": ()}
        scope[kind] = targets
        recount(**scope)

    return listener


def connect() -> None:
    uid = "published-counts"
    pre_save.connect(_remember_publisher, sender=Article, dispatch_uid=uid + "-pre-save")
    post_save.connect(_article_saved, sender=Article, dispatch_uid=uid + "-save")
    pre_delete.connect(_remember_links, sender=Article, dispatch_uid=uid + "-pre-delete")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid=uid + "-delete")
    post_save.connect(_byline_changed, sender=ArticleAuthor, dispatch_uid=uid + "-byline")
    post_delete.connect(_byline_changed, sender=ArticleAuthor, dispatch_uid=uid + "-byline-del")
    m2m_changed.connect(
        _links_changed("topics"), sender=Article.topics.through, dispatch_uid=uid + "-topics"
    )
    m2m_changed.connect(
        _links_changed("entities"),
        sender=Article.entities.through,
        dispatch_uid=uid + "-entities",
    )
