"""The change feed beyond articles: subjects, authors, publishers, entities and memberships.

A follower holds each object as the API lists it, so a row is written whenever what a list
would show of an object may have changed, or whether it is shown at all:

- the object itself is created, saved or deleted (Django's model signals: the admin and
  the importer save these models directly; memberships go through their service, which
  saves too);
- a subject's, author's or publisher's published-article count changes, or an author or
  publisher gains or loses public view (while they sign or publish a published article,
  as their lists show them to anonymous clients): the article
  recorder calls ``record_article_links`` for the article's current links, and links
  removed (a byline dropped, a subject unticked, an article deleted or merged away) are
  recorded as they go (an article's previous publisher too);
- an object that others embed is renamed (its compact fields change): the objects that
  embed it are recorded too (an author's or publisher's articles; a subject's articles,
  children and related subjects; an entity's articles, memberships and the entities on their other
  side), so that embedded names never go stale in a follower's copy;
- a membership changes: the two entities that list it are recorded with it.

Rows carry no state beyond "public" and "tombstone": the feed embeds each object as it is
when the feed is read. Over-reporting is harmless (a follower re-applies the same object);
missing a change is not, hence the generous triggers above.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Publisher, Topic
from partnerships.models import Entity, EntityAlias, Membership

from .models import Change

ARTICLE, TOPIC, AUTHOR, ENTITY, MEMBERSHIP = "article", "topic", "author", "entity", "membership"
PUBLISHER = "publisher"
MODELS = {
    ARTICLE: Article,
    TOPIC: Topic,
    AUTHOR: Author,
    PUBLISHER: Publisher,
    ENTITY: Entity,
    MEMBERSHIP: Membership,
}
#: The fields other objects embed (compact serializers): renaming one re-records embedders.
COMPACT = {
    Topic: ("slug", "name", "name_fr"),
    Author: ("slug", "name", "kind"),
    Publisher: ("slug", "name"),
    Entity: ("slug", "name", "short_name", "kind"),
}


def visible(object_type: str, now=None):
    """The objects of ``object_type`` anonymous clients see: the API's own rule."""
    if object_type == ARTICLE:
        return Article.objects.published(at=now)
    if object_type == AUTHOR:
        signed = ArticleAuthor.objects.filter(
            author=OuterRef("pk"), article__in=Article.objects.published(at=now).values("pk")
        )
        return Author.objects.filter(Exists(signed))
    if object_type == PUBLISHER:
        published = Article.objects.published(at=now).filter(publisher=OuterRef("pk"))
        return Publisher.objects.filter(Exists(published))
    return MODELS[object_type].objects.all()


def was_public(object_type: str, pks, now) -> set[int]:
    """Those of ``pks`` that a client following the feed up to ``now`` holds."""
    last: dict[int, bool] = {}
    rows = (
        Change.objects.filter(object_type=object_type, object_id__in=pks, public=True, at__lte=now)
        .order_by("object_id", "-at", "-id")
        .values_list("object_id", "tombstone")
    )
    for pk, tombstone in rows:
        last.setdefault(pk, tombstone)
    return {pk for pk, tombstone in last.items() if not tombstone}


def _slug(obj) -> str:
    return getattr(obj, "slug", "") or ""


def record_objects(object_type: str, pks, action=Change.Action.UPDATED, *, gone=None):
    """Record that the objects ``pks`` of ``object_type`` changed (``action``), or were
    deleted (those in ``gone``: pk -> slug). Returns the rows written."""
    from .recorder import change_recorded

    gone = gone or {}
    pks = {pk for pk in pks if pk is not None} | set(gone)
    if not pks:
        return []
    now = timezone.now()
    model = MODELS[object_type]
    rows = []
    for start in range(0, len(pks), 1000):
        chunk = sorted(pks)[start : start + 1000]
        existing = {obj.pk: _slug(obj) for obj in model.objects.filter(pk__in=chunk)}
        shown = set(visible(object_type, now).filter(pk__in=chunk).values_list("pk", flat=True))
        held = was_public(object_type, chunk, now)
        for pk in chunk:
            deleted = pk not in existing
            rows.append(
                Change(
                    at=now,
                    action=Change.Action.DELETED if deleted else action,
                    object_type=object_type,
                    object_id=pk,
                    slug=gone.get(pk, "") if deleted else existing[pk],
                    public=pk in shown or pk in held,
                    tombstone=pk not in shown,
                )
            )
    rows = Change.objects.bulk_create(rows, batch_size=1000)
    change_recorded.send(sender=Change, changes=rows)
    return rows


def record_article_links(article_pks) -> None:
    """An article's publication state or links changed: its subjects', authors' and
    publisher's counts (and an author's or publisher's public view) may have too."""
    article_pks = list(article_pks)
    if not article_pks:
        return
    topics = Article.topics.through.objects.filter(article_id__in=article_pks)
    bylines = ArticleAuthor.objects.filter(article_id__in=article_pks)
    record_objects(TOPIC, set(topics.values_list("topic_id", flat=True)))
    record_objects(AUTHOR, set(bylines.values_list("author_id", flat=True)))
    publishers = Article.objects.filter(pk__in=article_pks, publisher__isnull=False)
    record_objects(PUBLISHER, set(publishers.values_list("publisher_id", flat=True)))


# Listeners ---------------------------------------------------------------------------------


def _remember_compact(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None:
        instance._feed_compact = None
        return
    fields = COMPACT[sender]
    instance._feed_compact = sender.objects.filter(pk=instance.pk).values_list(*fields).first()


def _embedders(sender, pk) -> dict[str, set[int]]:
    """Objects whose representation embeds the ``sender`` object ``pk``."""
    if sender is Author:
        articles = ArticleAuthor.objects.filter(author_id=pk).values_list("article_id", flat=True)
        return {ARTICLE: set(articles)}
    if sender is Publisher:
        return {ARTICLE: set(Article.objects.filter(publisher_id=pk).values_list("pk", flat=True))}
    if sender is Topic:
        links = Article.topics.through.objects.filter(topic_id=pk)
        related = Topic.related.through.objects.filter(to_topic_id=pk)
        return {
            ARTICLE: set(links.values_list("article_id", flat=True)),
            TOPIC: set(Topic.objects.filter(parent_id=pk).values_list("pk", flat=True))
            | set(related.values_list("from_topic_id", flat=True)),
        }
    links = Article.entities.through.objects.filter(entity_id=pk)
    memberships = Membership.objects.filter(member_id=pk) | Membership.objects.filter(group_id=pk)
    sides = memberships.values_list("pk", "member_id", "group_id")
    return {
        ARTICLE: set(links.values_list("article_id", flat=True)),
        MEMBERSHIP: {row[0] for row in sides},
        ENTITY: {side for row in sides for side in row[1:]} - {pk},
    }


def _record_embedders(embedders: dict[str, set[int]]) -> None:
    from .recorder import record_articles_updated

    for embedder_type, pks in embedders.items():
        if embedder_type == ARTICLE:
            record_articles_updated(pks)
        else:
            record_objects(embedder_type, pks)


def _saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    object_type = sender._meta.model_name
    action = Change.Action.CREATED if created else Change.Action.UPDATED
    record_objects(object_type, [instance.pk], action)
    before = getattr(instance, "_feed_compact", None)
    after = tuple(getattr(instance, field) for field in COMPACT[sender])
    if before is not None and tuple(before) != after:
        _record_embedders(_embedders(sender, instance.pk))


def _deleting(sender, instance, **kwargs):
    instance._feed_embedders = _embedders(sender, instance.pk)


def _deleted(sender, instance, **kwargs):
    record_objects(sender._meta.model_name, (), gone={instance.pk: _slug(instance)})
    embedders = getattr(instance, "_feed_embedders", {})
    embedders.pop(MEMBERSHIP, None)  # deleted with it: their own rows say so
    _record_embedders(embedders)


def _remember_sides(sender, instance, raw=False, **kwargs):
    instance._feed_sides = set()
    if not raw and instance.pk is not None:
        stored = Membership.objects.filter(pk=instance.pk).values_list("member_id", "group_id")
        instance._feed_sides = set(stored.first() or ())


def _membership_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    action = Change.Action.CREATED if created else Change.Action.UPDATED
    record_objects(MEMBERSHIP, [instance.pk], action)
    sides = {instance.member_id, instance.group_id} | getattr(instance, "_feed_sides", set())
    record_objects(ENTITY, sides)


def _membership_deleted(sender, instance, **kwargs):
    record_objects(MEMBERSHIP, (), gone={instance.pk: ""})
    record_objects(ENTITY, {instance.member_id, instance.group_id})


def _alias_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        record_objects(ENTITY, [instance.entity_id])


def _byline_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        record_objects(AUTHOR, [instance.author_id])


def _topics_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if reverse:
        if action in ("post_add", "post_remove", "post_clear"):
            record_objects(TOPIC, [instance.pk])
        return
    if action == "pre_clear":
        instance._feed_cleared = set(instance.topics.values_list("pk", flat=True))
    elif action == "post_remove":
        record_objects(TOPIC, pk_set or ())
    elif action == "post_clear":
        record_objects(TOPIC, getattr(instance, "_feed_cleared", ()))


def _article_deleting(sender, instance, **kwargs):
    instance._feed_topics = set(instance.topics.values_list("pk", flat=True))


def _article_deleted(sender, instance, **kwargs):
    record_objects(TOPIC, getattr(instance, "_feed_topics", ()))
    record_objects(PUBLISHER, [instance.publisher_id])


def _remember_publisher(sender, instance, raw=False, **kwargs):
    instance._feed_publisher = None
    if not raw and instance.pk is not None:
        stored = Article.objects.filter(pk=instance.pk).values_list("publisher_id", flat=True)
        instance._feed_publisher = stored.first()


def _article_saved(sender, instance, raw=False, **kwargs):
    """The publisher an article left: its count (and perhaps its public view) changed."""
    before = getattr(instance, "_feed_publisher", None)
    if not raw and before is not None and before != instance.publisher_id:
        record_objects(PUBLISHER, [before])


def connect() -> None:
    uid = "changes-related"
    for model in (Topic, Author, Publisher, Entity):
        name = model._meta.model_name
        pre_save.connect(_remember_compact, sender=model, dispatch_uid=f"{uid}-{name}-pre")
        post_save.connect(_saved, sender=model, dispatch_uid=f"{uid}-{name}-save")
        pre_delete.connect(_deleting, sender=model, dispatch_uid=f"{uid}-{name}-pre-delete")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"{uid}-{name}-delete")
    pre_save.connect(_remember_sides, sender=Membership, dispatch_uid=f"{uid}-membership-pre")
    post_save.connect(_membership_saved, sender=Membership, dispatch_uid=f"{uid}-membership")
    post_delete.connect(
        _membership_deleted, sender=Membership, dispatch_uid=f"{uid}-membership-delete"
    )
    post_save.connect(_alias_changed, sender=EntityAlias, dispatch_uid=f"{uid}-alias-save")
    post_delete.connect(_alias_changed, sender=EntityAlias, dispatch_uid=f"{uid}-alias-delete")
    post_save.connect(_byline_changed, sender=ArticleAuthor, dispatch_uid=f"{uid}-byline")
    post_delete.connect(_byline_changed, sender=ArticleAuthor, dispatch_uid=f"{uid}-byline-del")
    m2m_changed.connect(
        _topics_changed, sender=Article.topics.through, dispatch_uid=f"{uid}-topics"
    )
    pre_save.connect(_remember_publisher, sender=Article, dispatch_uid=f"{uid}-article-pre-save")
    post_save.connect(_article_saved, sender=Article, dispatch_uid=f"{uid}-article-save")
    pre_delete.connect(_article_deleting, sender=Article, dispatch_uid=f"{uid}-article-pre")
    post_delete.connect(_article_deleted, sender=Article, dispatch_uid=f"{uid}-article-delete")
