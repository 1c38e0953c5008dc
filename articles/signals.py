"""Invalidate the cached public pages when anything they show changes.

Publishing an article is a save; so are edits of subjects, authors, entities and
memberships. Rather than tracking which pages show what, any such change bumps the cache
generation (``articles.caching.invalidate``), which makes every cached page stale.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from partnerships.models import Entity, EntityAlias, Membership, Milestone, Source

from .caching import invalidate
from .models import Article, ArticleAuthor, Author, Publisher, Topic

WATCHED = (
    Article,
    ArticleAuthor,
    Author,
    Publisher,
    Topic,
    Entity,
    EntityAlias,
    Membership,
    Milestone,
    Source,
)


def _invalidate(sender, **kwargs):
    invalidate()


def connect() -> None:
    for model in WATCHED:
        uid = f"site-cache-{model._meta.label_lower}"
        post_save.connect(_invalidate, sender=model, dispatch_uid=uid + "-save")
        post_delete.connect(_invalidate, sender=model, dispatch_uid=uid + "-delete")
    for through in (Article.topics.through, Article.entities.through, Topic.related.through):
        m2m_changed.connect(
            _invalidate, sender=through, dispatch_uid=f"site-cache-m2m-{through._meta.label}"
        )


def _audit_membership(sender, membership, user, action, changes, **kwargs):
    """Memberships changed through ``partnerships.services`` join the editorial audit trail."""
    from .services import audit_record

    audit_record(action=action, user=user, obj=membership, message=changes)


def connect_audit() -> None:
    from partnerships.signals import membership_changed

    membership_changed.connect(_audit_membership, dispatch_uid="articles-audit-membership")
