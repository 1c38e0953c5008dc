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
it without any save at that moment, so ``manage.py publish_due`` (every minute) writes each
due article through the services, which recounts it like any save.
``manage.py recount_published`` is the repair: by default it recounts only the articles
whose publication time or expiry passed since its last run (``recount_scheduled``), which
catches up schedules that came due while ``publish_due`` was not running; ``--all``
rebuilds everything after a bulk load or a restore.
"""

from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from partnerships.models import Entity

from .models import (
    Article,
    ArticleAuthor,
    Author,
    CountsCheckpoint,
    EntityPublishedCount,
    FacetCount,
    Publisher,
    Topic,
)

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


def _from_cells(**cells):
    """The published articles of a subject or an entity as the sum of its facet cells
    (which the callers recount first): a few hundred rows, where counting the links of a
    subject holding a quarter of a million articles ran past the 5 s statement timeout."""
    rows = (
        FacetCount.objects.filter(**cells)
        .exclude(kind=ROLLUP)
        .order_by()
        .values(*[name for name in cells if not name.endswith("isnull")])
        .annotate(n=Sum("count"))
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
    updates = [
        (Topic, topics, _from_cells(topic=OuterRef("pk"), entity__isnull=True)),
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
    rows = objects.annotate(n=_from_cells(topic__isnull=True, entity=OuterRef("pk")))
    rows = rows.values_list("pk", "n")
    EntityPublishedCount.objects.bulk_create(
        [EntityPublishedCount(entity_id=pk, published_count=n) for pk, n in rows],
        update_conflicts=True,
        unique_fields=["entity"],
        update_fields=["published_count"],
        batch_size=1000,
    )


def recount_all() -> None:
    """Recount every object and every facet cell: long statements at a million articles,
    so they run in their own transaction without the request-sized ``statement_timeout``."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL statement_timeout = 0")
        recount_facets()  # first: subjects and entities are counted from the cells
        recount()


def recount_scheduled(now=None) -> int | None:
    """Catch the counts up with the scheduled publications and expiries that came due
    since the last call (``CountsCheckpoint``); the first call recounts everything.
    Returns how many articles were recounted (None: everything was).

    Each due article is recounted with its subjects, authors, publisher, entities and
    facet cells (``recount_articles``): a few index reads per article instead of the
    minutes of ``recount_all()`` at a million articles. Recounting is idempotent, so runs
    that overlap or repeat a window do no harm."""
    now = now or timezone.now()
    with transaction.atomic():
        checkpoint = CountsCheckpoint.objects.select_for_update().first()
        if checkpoint is None:
            recount_all()
            CountsCheckpoint.objects.create(counted_until=now)
            return None
        since = checkpoint.counted_until
        published = Article.objects.filter(status=Article.Status.PUBLISHED)
        due = set(
            published.filter(publish_at__gt=since, publish_at__lte=now).values_list("pk", flat=True)
        )
        due |= set(
            published.filter(
                expire_at__isnull=False, expire_at__gt=since, expire_at__lte=now
            ).values_list("pk", flat=True)
        )
        if due:
            recount_articles(due)
        checkpoint.counted_until = now
        checkpoint.save(update_fields=["counted_until"])
        return len(due)


#: API list parameters that do not change which articles match.
_SHAPING = frozenset({"page", "page_size", "fields", "include", "expand", "format", "ordering"})
#: API list filters whose matches the kept counts hold.
_KEPT = frozenset({"subject", "entity", "kind", "language", "published_after", "published_before"})


def kept_total(params) -> int | None:
    """The number of published articles an API list with the filters ``params`` (a
    ``QueryDict``) matches, read from the kept counts (facet cells, or an author's or
    publisher's column) when the filters are ones they hold; None otherwise.

    Why: even capped at 10,000, a live count walks the newest-first index until 10,000
    matches are found, 40,000 rows and 0.9-1.8 s for a subject holding a quarter of a
    million articles. The kept count is exact up to the last ``recount_published`` run."""
    names = set(params) - _SHAPING
    values = {}
    for name in names:
        given = params.getlist(name)
        if len(given) != 1 or not given[0] or "," in given[0]:
            return None  # several values mean any of them: not one cell
        values[name] = given[0]
    if names in ({"author"}, {"publisher"}):
        model = Author if "author" in names else Publisher
        return (
            model.objects.filter(slug=values[names.pop()])
            .values_list("published_count", flat=True)
            .first()
        )
    if not names <= _KEPT:
        return None
    years = _whole_years(values.get("published_after"), values.get("published_before"))
    if years is None:
        return None
    cells = FacetCount.objects.filter(**years).exclude(kind=ROLLUP)
    cells = (
        cells.filter(topic__slug=values["subject"])
        if "subject" in values
        else cells.filter(topic__isnull=True)
    )
    if "entity" in values:
        cells = cells.filter(entity__slug=values["entity"])
    else:
        cells = cells.filter(entity__isnull=True)
    for name in ("kind", "language"):
        if name in values:
            cells = cells.filter(**{name: values[name]})
    return cells.aggregate(n=Coalesce(Sum("count"), 0))["n"]


def _whole_years(after, before) -> dict | None:
    """The year range of ``published_after``/``published_before`` when each falls on a
    year's first or last day (cells are per year); {} for no range, None otherwise."""
    bounds = {}
    for value, day, lookup in ((after, "01-01", "year__gte"), (before, "12-31", "year__lte")):
        if value is None:
            continue
        year, _, rest = value.partition("-")
        if rest != day or not (year.isascii() and year.isdigit() and len(year) == 4):
            return None
        bounds[lookup] = int(year)
    return bounds


#: The kind and language of a roll-up cell: the published articles of a subject (none:
#: of the catalogue) about an entity, of every kind, language and year. A subject page's
#: entity facet without a selected kind, language or year sums these (one per entity)
#: instead of ~90,000 cells for a subject holding a quarter of a million articles.
ROLLUP = ""


# Facet cells ------------------------------------------------------------------------------
#
# A cell is (subject or none, kind, language, year): the published articles of a subject
# (none: of the catalogue) of that kind, language and year, counted in total (entity none)
# and per entity. A write recounts the cells the article was in and is in ("slices"),
# each with a few index lookups; ``recount_facets()`` rebuilds the whole table.


def _insert_select(queryset, columns) -> None:
    """``INSERT INTO facet table (columns) SELECT ...`` of a ``values()`` queryset whose
    columns come in the order of ``columns``: millions of rows without Python."""
    sql, params = queryset.query.sql_with_params()
    table = connection.ops.quote_name(FacetCount._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)


def recount_facets() -> None:
    """Rebuild every facet cell from the published articles (after a bulk load)."""
    FacetCount.objects.all().delete()
    published = Article.objects.published()
    year = ExtractYear("article__published_on")
    topic_links = Article.topics.through.objects.filter(article__in=published.values("pk"))
    entity_links = Article.entities.through.objects.filter(article__in=published.values("pk"))
    cell = ["kind", "language", "year", "count"]
    _insert_select(
        published.order_by()
        .values_list("kind", "language", ExtractYear("published_on"))
        .annotate(n=Count("*")),
        cell,
    )
    _insert_select(
        topic_links.order_by()
        .values_list("topic_id", "article__kind", "article__language", year)
        .annotate(n=Count("*")),
        ["topic_id", *cell],
    )
    _insert_select(
        entity_links.order_by()
        .values_list("entity_id", "article__kind", "article__language", year)
        .annotate(n=Count("*")),
        ["entity_id", *cell],
    )
    # Per subject and entity: the two link tables joined on the article.
    pairs = Article.topics.through.objects.filter(
        article__in=published.values("pk"), article__entities__isnull=False
    )
    _insert_select(
        pairs.order_by()
        .values_list("topic_id", "article__entities", "article__kind", "article__language", year)
        .annotate(n=Count("*")),
        ["topic_id", "entity_id", *cell],
    )
    # The roll-ups: per subject (and the catalogue) and entity, every kind, language and
    # year together, summed from the cells just written.
    _insert_select(
        FacetCount.objects.filter(entity__isnull=False)
        .order_by()
        .values_list("topic_id", "entity_id")
        .annotate(kind=Value(ROLLUP), language=Value(ROLLUP), n=Sum("count")),
        ["topic_id", "entity_id", "kind", "language", "count"],
    )


def _year_filter(year):
    if year is None:
        return {"published_on__isnull": True}
    return {"published_on__gte": date(year, 1, 1), "published_on__lte": date(year, 12, 31)}


def recount_slices(slices) -> None:
    """Recount the cells of each (topic id or None, kind, language, year) in ``slices``:
    its total and its per-entity counts (a delete and two counts on indexes per slice),
    then move the roll-up cells of its entities by the difference."""
    entity_links = Article.entities.through.objects
    changes: dict = {}
    for topic_id, kind, language, year in set(slices):
        old = FacetCount.objects.filter(topic_id=topic_id, kind=kind, language=language, year=year)
        for entity_id, n in old.filter(entity__isnull=False).values_list("entity_id", "count"):
            changes[topic_id, entity_id] = changes.get((topic_id, entity_id), 0) - n
        old.delete()
        articles = Article.objects.published().filter(
            kind=kind, language=language, **_year_filter(year)
        )
        if topic_id is not None:
            articles = articles.filter(
                Exists(
                    Article.topics.through.objects.filter(article=OuterRef("pk"), topic_id=topic_id)
                )
            )
        total = articles.order_by().count()
        if not total:
            continue
        cell = {"topic_id": topic_id, "kind": kind, "language": language, "year": year}
        rows = [FacetCount(**cell, count=total)]
        per_entity = (
            entity_links.filter(article__in=articles.values("pk"))
            .order_by()
            .values_list("entity_id")
            .annotate(n=Count("*"))
        )
        for pk, n in per_entity:
            rows.append(FacetCount(**cell, entity_id=pk, count=n))
            changes[topic_id, pk] = changes.get((topic_id, pk), 0) + n
        FacetCount.objects.bulk_create(rows)
    _move_rollups(changes)


def _move_rollups(changes) -> None:
    """Add each (topic id or None, entity id) → difference to that roll-up cell."""
    for (topic_id, entity_id), delta in changes.items():
        if not delta:
            continue
        cell = FacetCount.objects.filter(topic_id=topic_id, entity_id=entity_id, kind=ROLLUP)
        if not cell.update(count=F("count") + delta):
            FacetCount.objects.create(
                topic_id=topic_id, entity_id=entity_id, kind=ROLLUP, language=ROLLUP, count=delta
            )
        else:
            cell.filter(count=0).delete()


def _cell(article) -> tuple:
    year = article.published_on.year if article.published_on else None
    return (article.kind, article.language, year)


def _slices(topic_ids, cells):
    return [(topic_id, *cell) for topic_id in topic_ids for cell in cells]


def _article_slices(articles) -> set:
    """The slices ``articles`` are in now: each of their subjects, and the catalogue."""
    rows = articles.order_by().values_list(
        "topics", "kind", "language", ExtractYear("published_on")
    )
    found = set()
    for topic_id, kind, language, year in rows.distinct():
        found.add((topic_id, kind, language, year))
        found.add((None, kind, language, year))
    return found


def recount_articles(pks) -> None:
    """Recount everything the articles ``pks`` are linked to, and the facet cells they are
    in (after a bulk write)."""
    articles = Article.objects.filter(pk__in=pks)
    recount_slices(_article_slices(articles))
    recount(
        topics=set(articles.values_list("topics", flat=True)),
        authors=set(articles.values_list("article_authors__author", flat=True)),
        publishers=set(articles.values_list("publisher", flat=True)),
        entities=set(articles.values_list("entities", flat=True)),
    )


# Signal listeners ------------------------------------------------------------------------


def _remember_publisher(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._counted_publisher_id = instance._counted_cell = None
        return
    row = (
        Article.objects.filter(pk=instance.pk)
        .values_list("publisher_id", "kind", "language", "published_on")
        .first()
    )
    if row is None:
        instance._counted_publisher_id = instance._counted_cell = None
        return
    instance._counted_publisher_id = row[0]
    year = row[3].year if row[3] else None
    instance._counted_cell = (row[1], row[2], year)


def _article_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    old_cell = getattr(instance, "_counted_cell", None)
    if old_cell is not None and old_cell != _cell(instance):
        # The cells it has left (a new kind, language or year).
        topics = [None, *instance.topics.values_list("pk", flat=True)]
        recount_slices(_slices(topics, [old_cell]))
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
    topics = [None, *instance._counted_links["topics"]]
    instance._counted_slices = _slices(topics, [_cell(instance)])


def _article_deleted(sender, instance, **kwargs):
    recount_slices(getattr(instance, "_counted_slices", ()))
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
        _links_changed_facets(kind, instance, reverse, targets if not reverse else pk_set)
        recount(**scope)  # after the cells, which it sums

    return listener


def _links_changed_facets(kind, instance, reverse, others) -> None:
    """Recount the facet cells a subject or entity link moved an article in or out of."""
    if reverse:
        # topic.articles.add(...) / entity.articles.add(...): ``others`` are articles.
        articles = Article.objects.filter(pk__in=others or ())
        if kind == "topics":
            cells = {_cell(a) for a in articles.only("kind", "language", "published_on")}
            recount_slices(_slices([instance.pk], cells))
        else:
            recount_slices(_article_slices(articles))
        return
    cell = _cell(instance)
    if kind == "topics":
        recount_slices(_slices(others or (), [cell]))
    else:
        topics = [None, *instance.topics.values_list("pk", flat=True)]
        recount_slices(_slices(topics, [cell]))


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
