"""Writes the change feed from the signals the article services send (``articles.events``);
``changes.related`` follows subjects, authors, entities and memberships.

The rows are written inside the service's transaction, so a failed write records nothing.
``change_recorded`` tells followers (webhooks) which rows were written; they act on commit.
"""

from __future__ import annotations

from django.dispatch import Signal
from django.utils import timezone

from articles.events import article_changed, article_merged, articles_bulk_changed
from articles.models import Article

from . import related
from .models import Change

#: Sent with ``changes``: the rows just written (in the writer's transaction).
change_recorded = Signal()

#: The services' action names as the feed's.
ACTIONS = {
    "created": Change.Action.CREATED,
    "updated": Change.Action.UPDATED,
    "submit": Change.Action.UPDATED,
    "send_back": Change.Action.UPDATED,
    "restore": Change.Action.UPDATED,
    "publish": Change.Action.PUBLISHED,
    "schedule": Change.Action.SCHEDULED,
    "unpublish": Change.Action.UNPUBLISHED,
    "archive": Change.Action.ARCHIVED,
    # ``articles.services.article_apply_schedule``: a scheduled move applied by publish_due.
    "publish_due": Change.Action.PUBLISHED,
    "expire_due": Change.Action.EXPIRED,
}
ARTICLE = "article"


def _was_public(pk: int, now) -> bool:
    """Whether a client following the feed up to ``now`` holds the article."""
    last = (
        Change.objects.filter(object_type=ARTICLE, object_id=pk, public=True, at__lte=now)
        .order_by("-at", "-id")
        .values_list("tombstone", flat=True)
        .first()
    )
    return last is False


def _rows_for(article: Article, action: str, now, *, was_public: bool, is_public: bool):
    rows = [
        Change(
            at=now,
            action=action,
            object_type=ARTICLE,
            object_id=article.pk,
            slug=article.slug,
            public=is_public or was_public,
            tombstone=not is_public,
        )
    ]
    if article.status == Article.Status.PUBLISHED:
        # The moments it will enter and leave public view, served when they come.
        if article.publish_at and article.publish_at > now:
            rows.append(
                Change(
                    at=article.publish_at,
                    action=Change.Action.PUBLISHED,
                    object_type=ARTICLE,
                    object_id=article.pk,
                    slug=article.slug,
                    public=True,
                    tombstone=False,
                )
            )
        if article.expire_at and article.expire_at > now:
            rows.append(
                Change(
                    at=article.expire_at,
                    action=Change.Action.EXPIRED,
                    object_type=ARTICLE,
                    object_id=article.pk,
                    slug=article.slug,
                    public=True,
                    tombstone=True,
                )
            )
    return rows


def _not_again(action: str, *, was_public: bool, is_public: bool) -> str:
    """A scheduled publication or expiry applied after its time (``publish_due``) was
    already served by the row written for that time: the feed says "updated" (the write
    raised the version), never a second "published" or "expired"."""
    if action == Change.Action.PUBLISHED and was_public and is_public:
        return Change.Action.UPDATED
    if action == Change.Action.EXPIRED and not was_public and not is_public:
        return Change.Action.UPDATED
    return action


def record_article(article: Article, action: str, previous_slug: str | None = None):
    """Record a change of ``article``; replaces its rows still in the future."""
    now = timezone.now()
    Change.objects.filter(object_type=ARTICLE, object_id=article.pk, at__gt=now).delete()
    was_public = _was_public(article.pk, now)
    is_public = Article.objects.published(at=now).filter(pk=article.pk).exists()
    feed_action = ACTIONS.get(action, Change.Action.UPDATED)
    if feed_action == Change.Action.PUBLISHED and not is_public:
        feed_action = Change.Action.SCHEDULED
    feed_action = _not_again(feed_action, was_public=was_public, is_public=is_public)
    rows = _rows_for(article, feed_action, now, was_public=was_public, is_public=is_public)
    if previous_slug and previous_slug != article.slug:
        rows[0].action = Change.Action.SLUG_CHANGED
        rows[0].previous_slug = previous_slug
    rows = Change.objects.bulk_create(rows)
    change_recorded.send(sender=Change, changes=rows)
    related.record_article_links([article.pk])
    return rows


def record_articles_updated(pks) -> None:
    """Something the articles ``pks`` embed changed (an author renamed...): one "updated"
    row each, in bulk; their scheduled rows stay as they are."""
    pks = sorted(set(pks))
    now = timezone.now()
    rows = []
    for start in range(0, len(pks), 1000):
        chunk = pks[start : start + 1000]
        shown = set(Article.objects.published(at=now).filter(pk__in=chunk).values_list("pk"))
        shown = {pk for (pk,) in shown}
        held = related.was_public(ARTICLE, chunk, now)
        for pk, slug in Article.objects.filter(pk__in=chunk).values_list("pk", "slug"):
            rows.append(
                Change(
                    at=now,
                    action=Change.Action.UPDATED,
                    object_type=ARTICLE,
                    object_id=pk,
                    slug=slug,
                    public=pk in shown or pk in held,
                    tombstone=pk not in shown,
                )
            )
    rows = Change.objects.bulk_create(rows, batch_size=1000)
    change_recorded.send(sender=Change, changes=rows)


def _on_article_changed(sender, article, action, previous_slug=None, **kwargs):
    record_article(article, action, previous_slug)


def _on_bulk_changed(sender, pks, action, **kwargs):
    if not pks:
        return
    if action != "created":
        for article in Article.objects.filter(pk__in=pks):
            record_article(article, action)
        return
    now = timezone.now()
    rows = []
    for start in range(0, len(pks), 1000):
        chunk = pks[start : start + 1000]
        public = set(Article.objects.published(at=now).filter(pk__in=chunk).values_list("pk"))
        public = {pk for (pk,) in public}
        for article in Article.objects.filter(pk__in=chunk).only(
            "pk", "slug", "status", "publish_at", "expire_at"
        ):
            rows.extend(
                _rows_for(
                    article,
                    Change.Action.CREATED,
                    now,
                    was_public=False,
                    is_public=article.pk in public,
                )
            )
    rows = Change.objects.bulk_create(rows, batch_size=1000)
    change_recorded.send(sender=Change, changes=rows)
    related.record_article_links(pks)


def _on_merged(sender, keep, duplicate_pk, duplicate_slug, **kwargs):
    now = timezone.now()
    Change.objects.filter(object_type=ARTICLE, object_id=duplicate_pk, at__gt=now).delete()
    tombstone = Change.objects.create(
        at=now,
        action=Change.Action.MERGED,
        object_type=ARTICLE,
        object_id=duplicate_pk,
        slug=duplicate_slug,
        merged_into=keep.pk,
        public=_was_public(duplicate_pk, now),
        tombstone=True,
    )
    change_recorded.send(sender=Change, changes=[tombstone])
    record_article(keep, "updated")


def connect() -> None:
    article_changed.connect(_on_article_changed, dispatch_uid="changes-article-changed")
    articles_bulk_changed.connect(_on_bulk_changed, dispatch_uid="changes-bulk-changed")
    article_merged.connect(_on_merged, dispatch_uid="changes-article-merged")
    related.connect()
